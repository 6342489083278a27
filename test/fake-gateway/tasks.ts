import { randomBytes } from 'node:crypto';

import { FILE_EXTENSIONS, renderImage } from './images';
import type { ImageFormat, TaskScript } from './types';

/** One task the fake gateway took: what was asked, how it lives, what it serves. */
export interface FakeTask {
	id: string;
	model: string;
	params: Record<string, unknown>;
	script: TaskScript;
	/** performance.now() at submit. */
	submittedAt: number;
	/** performance.now() when it first answered as done or failed; undefined until then. */
	completedAt?: number;
	polls: number;
	imageCount: number;
	width: number;
	height: number;
	format: ImageFormat;
	images: Map<number, Buffer>;
}

let counter = 0;

const MISSING_PROMPT_CODES: Record<string, string> = {
	spark_dream_4_0: '003012002',
	spark_multi_dreamo: '003013001',
	spark_dreamo: '003011001',
	spark_t2i_3_0: '003001001',
	spark_i2i_3_0: '003003001',
};

export const KNOWN_MODELS = Object.keys(MISSING_PROMPT_CODES);

export function missingPromptCode(model: string): string {
	return MISSING_PROMPT_CODES[model];
}

function snapI2i(side: number): number {
	return Math.min(1536, Math.max(512, Math.round(side / 16) * 16));
}

/** The output size the real gateway would produce for this request. */
function requestedSize(model: string, params: Record<string, unknown>): [number, number] {
	const width = Number(params.width ?? 1328);
	const height = Number(params.height ?? 1328);
	if (model === 'spark_i2i_3_0') return [snapI2i(width), snapI2i(height)];
	if (model !== 'spark_dream_4_0') return [width, height];
	const size = String(params.size ?? '2K').toUpperCase();
	const presets: Record<string, number> = { '1K': 1024, '2K': 2048, '4K': 4096 };
	if (presets[size]) return [presets[size], presets[size]];
	const match = /^(\d+)X(\d+)$/.exec(size);
	return match ? [Number(match[1]), Number(match[2])] : [2048, 2048];
}

function requestedCount(model: string, params: Record<string, unknown>): number {
	if (model !== 'spark_dream_4_0' || params.sequential_image_generation !== 'auto') return 1;
	const options = params.sequential_image_generation_options as { max_images?: number } | undefined;
	return options?.max_images ?? 3;
}

export function createTask(model: string, params: Record<string, unknown>, script: TaskScript, maxRenderSide?: number): FakeTask {
	let [width, height] = requestedSize(model, params);
	if (script.width && script.height) [width, height] = [script.width, script.height];
	if (maxRenderSide && Math.max(width, height) > maxRenderSide) {
		const scale = maxRenderSide / Math.max(width, height);
		[width, height] = [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
	}
	counter++;
	return {
		id: `task_${counter}_${randomBytes(4).toString('hex')}`,
		model,
		params,
		script,
		submittedAt: performance.now(),
		polls: 0,
		imageCount: script.images ?? requestedCount(model, params),
		width,
		height,
		format: script.format ?? 'jpeg',
		images: new Map(),
	};
}

export function imageBytes(task: FakeTask, index: number): Buffer {
	if (task.script.imageBytes) return task.script.imageBytes;
	let bytes = task.images.get(index);
	if (!bytes) {
		const label = `${String(task.params.prompt ?? '')}#${index}`;
		bytes = renderImage({ width: task.width, height: task.height, format: task.format, label });
		task.images.set(index, bytes);
	}
	return bytes;
}

type Phase = { kind: 'waiting'; status: string; progress: number } | { kind: 'final' };

function phase(task: FakeTask, now: number): Phase {
	const script = task.script;
	const states = script.states ?? ['pending', 'processing'];
	const waitingStatus = (index: number) => script.unknownStatus ?? states[Math.min(index, states.length - 1)] ?? 'pending';
	if (script.durationMs !== undefined) {
		const fraction = (now - task.submittedAt) / script.durationMs;
		if (fraction < 1 || script.outcome === 'never') {
			const capped = Math.min(fraction, 0.99);
			return { kind: 'waiting', status: waitingStatus(Math.floor(capped * states.length)), progress: capped };
		}
		return { kind: 'final' };
	}
	const perState = script.pollsPerState ?? 1;
	const steps = states.length * perState;
	if (task.polls < steps || script.outcome === 'never') {
		return { kind: 'waiting', status: waitingStatus(Math.floor(task.polls / perState)), progress: Math.min(task.polls / Math.max(steps, 1), 0.99) };
	}
	return { kind: 'final' };
}

function progressField(script: TaskScript, fraction: number): number | undefined {
	if (script.progress === 'absent') return undefined;
	return script.progress === 'percent' ? Math.round(fraction * 100) : Math.round(fraction * 100) / 100;
}

function usageFor(task: FakeTask): Record<string, unknown> | undefined {
	if (task.script.usage === 'absent') return undefined;
	if (task.script.usage) return task.script.usage;
	const usage: Record<string, unknown> = { cost: '0.0300', discount: 1 };
	if (task.model === 'spark_t2i_3_0' || task.model === 'spark_i2i_3_0') Object.assign(usage, { input_tokens: 12, output_tokens: 4096, total_tokens: 4108 });
	if (task.model === 'spark_i2i_3_0') usage.generated_images = task.imageCount;
	return usage;
}

function contentEntry(task: FakeTask, index: number, baseUrl: string): Record<string, unknown> {
	const script = task.script;
	const delivery = script.delivery ?? (task.params.response_format === 'b64_json' ? 'b64_json' : 'url');
	const entry: Record<string, unknown> = {};
	if (script.contentType !== 'absent') entry.type = script.contentType ?? 'image';
	if (delivery === 'url') entry.url = `${baseUrl}/files/${task.id}/${index}.${FILE_EXTENSIONS[task.format]}`;
	else if (delivery === 'b64_json') entry.b64_json = imageBytes(task, index).toString('base64');
	else entry.url = `data:image/${task.format};base64,${imageBytes(task, index).toString('base64')}`;
	if (!script.omitSize) entry.size = imageBytes(task, index).length;
	entry.jobId = `job_${task.id}_${index}`;
	return entry;
}

/** The task object as the gateway answers it, at this moment of the task's life. */
export function taskJson(task: FakeTask, baseUrl: string, now = performance.now()): Record<string, unknown> {
	const script = task.script;
	const current = phase(task, now);
	const json: Record<string, unknown> = {
		[script.idField ?? 'id']: task.id,
		model: task.model,
		created_at: script.createdAt === 'iso' ? new Date().toISOString() : Math.floor(Date.now() / 1000),
		metadata: {},
	};
	if (current.kind === 'waiting') {
		json.status = current.status;
		const progress = progressField(script, current.progress);
		if (progress !== undefined) json.progress = progress;
		return json;
	}
	// Recorded once, for the benchmark's detection lag: when the gateway turned the task final.
	task.completedAt ??= script.durationMs !== undefined ? task.submittedAt + script.durationMs : now;
	if (script.outcome === 'failed') {
		json.status = script.finalStatus ?? 'failed';
		const error = script.error ?? { code: '003012095', message: 'Internal generation error' };
		json.error =
			typeof error === 'string' ? error : { code: error.code, [error.messageField ?? 'error_message']: error.message };
		return json;
	}
	json.status = script.finalStatus ?? 'completed';
	const progress = progressField(script, 1);
	if (progress !== undefined) json.progress = progress;
	const groups = Math.max(1, Math.min(script.groups ?? 1, task.imageCount));
	const perGroup = Math.ceil(task.imageCount / groups);
	const output: Array<{ content: unknown[] }> = [];
	for (let index = 0; index < task.imageCount; index++) {
		const group = Math.floor(index / perGroup);
		output[group] ??= { content: [] };
		output[group].content.push(contentEntry(task, index, baseUrl));
	}
	json.output = output;
	const usage = usageFor(task);
	if (usage) json.usage = usage;
	return json;
}
