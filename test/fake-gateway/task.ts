import { CONTENT_TYPES, FILE_EXTENSIONS, renderImage } from './images';
import type { ModelFacts } from './models';
import type { ImageFormat, TaskScript } from './types';

export interface TaskRecord {
	readonly id: string;
	readonly model: string;
	readonly params: Record<string, unknown>;
	/** The script the task follows, as given (defaults not filled in). */
	readonly script: TaskScript;
	/** performance.now() of the submit. */
	readonly submittedAt: number;
	/** performance.now() when the task turned done or failed; undefined while it is not. */
	readonly completedAt: number | undefined;
	/** Poll answers that showed the task (faulted polls do not count). */
	readonly pollCount: number;
	/** Image count, format and served size. */
	readonly images: { count: number; format: ImageFormat; width: number; height: number };
}

export interface TaskSetup {
	id: string;
	model: string;
	facts: ModelFacts;
	params: Record<string, unknown>;
	script: TaskScript;
	/** Where download URLs point, e.g. http://127.0.0.1:1234 */
	baseUrl: string;
	maxRenderSide?: number;
}

export interface ImageFile {
	bytes: Buffer;
	contentType: string;
}

type Stage = { done: false; index: number; fraction: number } | { done: true };

const DEFAULT_STATES = ['pending', 'processing'];

/** One generation task: which status it shows when, and what it shows once done. */
export class Task implements TaskRecord {
	readonly id: string;
	readonly model: string;
	readonly params: Record<string, unknown>;
	readonly script: TaskScript;
	readonly submittedAt = performance.now();
	readonly images: TaskRecord['images'];
	pollCount = 0;

	private readonly createdAtMs = Date.now();
	private readonly facts: ModelFacts;
	private readonly baseUrl: string;
	private readonly states: string[];
	private doneAt: number | undefined;

	constructor(setup: TaskSetup) {
		this.id = setup.id;
		this.model = setup.model;
		this.facts = setup.facts;
		this.params = setup.params;
		this.script = setup.script;
		this.baseUrl = setup.baseUrl;
		this.states = setup.script.states ?? DEFAULT_STATES;
		const derived = setup.facts.imageSize(setup.params);
		const requested = { width: setup.script.width ?? derived.width, height: setup.script.height ?? derived.height };
		this.images = {
			count: setup.script.images ?? setup.facts.imageCount(setup.params),
			format: setup.script.format ?? 'jpeg',
			...fitWithin(requested, setup.maxRenderSide),
		};
	}

	get completedAt(): number | undefined {
		if (this.script.outcome === 'never') return undefined;
		if (this.script.durationMs !== undefined) {
			const due = this.submittedAt + this.script.durationMs;
			return performance.now() >= due ? due : undefined;
		}
		return this.doneAt;
	}

	get succeeded(): boolean {
		return this.completedAt !== undefined && this.script.outcome !== 'failed';
	}

	/** The task object as the submit answer or a poll answer shows it; a poll answer moves the task on. */
	view(answering: 'submit' | 'poll'): Record<string, unknown> {
		if (answering === 'poll') this.pollCount++;
		const stage = this.stage();
		if (stage.done && this.doneAt === undefined) this.doneAt = performance.now();

		const failed = stage.done && this.script.outcome === 'failed';
		const object: Record<string, unknown> = { [this.script.idField ?? 'id']: this.id };
		if (!this.script.omitStatus) object.status = this.status(stage);
		object.model = this.model;
		object.created_at = this.script.createdAt === 'iso' ? new Date(this.createdAtMs).toISOString() : Math.floor(this.createdAtMs / 1000);
		const progress = this.progress(stage);
		if (progress !== undefined) object.progress = progress;
		if (stage.done && !failed) {
			Object.assign(object, this.imageLists());
			if (this.script.usage !== 'absent') object.usage = this.script.usage ?? this.defaultUsage();
		}
		if (failed) Object.assign(object, this.failure());
		object.metadata = {};
		return object;
	}

	/** The submit answer: the task object, or only its id (script.submitAnswer). */
	submitAnswer(): Record<string, unknown> {
		return this.script.submitAnswer === 'id-only' ? { [this.script.idField ?? 'id']: this.id } : this.view('submit');
	}

	/** Image `index` once the task has succeeded; undefined otherwise. */
	imageFile(index: number): ImageFile | undefined {
		if (!this.succeeded || !Number.isInteger(index) || index < 0 || index >= this.images.count) return undefined;
		return { bytes: this.imageBytes(index), contentType: CONTENT_TYPES[this.images.format] };
	}

	private stage(): Stage {
		const lastWaiting: Stage = { done: false, index: Math.max(0, this.states.length - 1), fraction: 0.99 };
		const reached = (): Stage => (this.script.outcome === 'never' ? lastWaiting : { done: true });
		if (this.script.durationMs !== undefined) {
			const fraction = (performance.now() - this.submittedAt) / this.script.durationMs;
			if (fraction >= 1) return reached();
			return { done: false, index: Math.floor(fraction * Math.max(1, this.states.length)), fraction };
		}
		// The submit answer is answer 0, poll k is answer k; each state lasts pollsPerState answers.
		const perState = this.script.pollsPerState ?? 1;
		const answers = this.states.length * perState;
		if (this.pollCount >= answers) return reached();
		return { done: false, index: Math.floor(this.pollCount / perState), fraction: this.pollCount / answers };
	}

	private status(stage: Stage): string {
		if (stage.done) return this.script.finalStatus ?? (this.script.outcome === 'failed' ? 'failed' : 'completed');
		return this.script.unknownStatus ?? this.states[stage.index] ?? 'pending';
	}

	/** Not-yet answers estimate the share of time or polls gone by, so a client may aim its next poll. */
	private progress(stage: Stage): number | undefined {
		if (this.script.progress === 'absent') return undefined;
		const fraction = stage.done ? (this.script.outcome === 'failed' ? 0.99 : 1) : Math.min(stage.fraction, 0.99);
		return this.script.progress === 'percent' ? Math.round(fraction * 100) : Math.round(fraction * 100) / 100;
	}

	private output(): Array<{ content: Array<Record<string, unknown>> }> {
		const groups = Math.max(1, this.script.groups ?? 1);
		const perGroup = Math.floor(this.images.count / groups);
		const extra = this.images.count % groups;
		const output: Array<{ content: Array<Record<string, unknown>> }> = [];
		let next = 0;
		for (let group = 0; group < groups; group++) {
			const content: Array<Record<string, unknown>> = [];
			for (let n = 0; n < perGroup + (group < extra ? 1 : 0); n++) content.push(this.contentItem(next++));
			output.push({ content });
		}
		return output;
	}

	private imageLists(): Record<string, unknown> {
		const list = this.script.imageList ?? 'output';
		const lists: Record<string, unknown> = {};
		if (list !== 'outputs') lists.output = this.output();
		if (list !== 'output') lists.outputs = Array.from({ length: this.images.count }, (_, index) => this.flatOutput(index));
		return lists;
	}

	/** An entry of the flat `outputs[]` list. `imageNo` and `image_no` alternate: both spellings occur. */
	private flatOutput(index: number): Record<string, unknown> {
		const { size, ...item } = this.contentItem(index);
		const entry: Record<string, unknown> = {
			...item,
			content_type: CONTENT_TYPES[this.images.format],
			file_name: `${this.id}-${index}.${FILE_EXTENSIONS[this.images.format]}`,
			width: this.images.width,
			height: this.images.height,
			[index % 2 === 0 ? 'imageNo' : 'image_no']: index,
		};
		if (size !== undefined) entry.file_size = size;
		return entry;
	}

	private contentItem(index: number): Record<string, unknown> {
		const item: Record<string, unknown> = {};
		if (this.script.contentType !== 'absent') item.type = this.script.contentType ?? 'image';
		const delivery = this.script.delivery ?? (this.params.response_format === 'b64_json' ? 'b64_json' : 'url');
		const needsBytes = delivery !== 'url' || !this.script.omitSize;
		const bytes = needsBytes ? this.imageBytes(index) : undefined;
		if (delivery === 'url') {
			item.url = `${this.baseUrl}/files/${this.id}/${index}.${FILE_EXTENSIONS[this.images.format]}`;
		} else if (delivery === 'b64_json') {
			item.b64_json = bytes?.toString('base64');
		} else {
			item.url = `data:${CONTENT_TYPES[this.images.format]};base64,${bytes?.toString('base64')}`;
		}
		if (!this.script.omitSize && bytes) item.size = bytes.length;
		item.jobId = `job_${this.id}_${index}`;
		if (this.script.contentExtras) Object.assign(item, { id: `img_${this.id}_${index}`, img_id: 1000 + index, duration: '0', metadata: { index } });
		return item;
	}

	private imageBytes(index: number): Buffer {
		if (this.script.imageBytes) return this.script.imageBytes;
		const prompt = typeof this.params.prompt === 'string' ? this.params.prompt : '';
		return renderImage({
			width: this.images.width,
			height: this.images.height,
			format: this.images.format,
			label: `${this.model}:${prompt}#${index}`,
		});
	}

	private defaultUsage(): Record<string, unknown> {
		const usage: Record<string, unknown> = { cost: (0.03 * this.images.count).toFixed(4), discount: 1 };
		if (this.facts.usageExtras !== 'none') {
			const prompt = typeof this.params.prompt === 'string' ? this.params.prompt : '';
			const inputTokens = Math.max(1, Math.ceil(prompt.length / 4));
			const outputTokens = 4096 * this.images.count;
			Object.assign(usage, {
				input_tokens: inputTokens,
				output_tokens: outputTokens,
				total_tokens: inputTokens + outputTokens,
			});
		}
		if (this.facts.usageExtras === 'tokens-and-images') usage.generated_images = this.images.count;
		return usage;
	}

	/** A failed task's final answer fields: `error` unless 'absent', then error_type, provider_error and logs when scripted. */
	private failure(): Record<string, unknown> {
		const { error = { code: this.facts.internalErrorCode, message: 'Internal generation error' }, errorType, providerError, logs } = this.script;
		const fields: Record<string, unknown> = {};
		if (typeof error === 'string') {
			if (error !== 'absent') fields.error = error;
		} else {
			fields.error = { code: error.code, [error.messageField ?? 'error_message']: error.message };
		}
		if (errorType !== undefined) fields.error_type = errorType;
		if (providerError !== undefined) fields.provider_error = providerError;
		if (logs !== undefined) fields.logs = logs;
		return fields;
	}
}

function fitWithin(size: { width: number; height: number }, maxSide?: number): { width: number; height: number } {
	const longer = Math.max(size.width, size.height);
	if (maxSide === undefined || longer <= maxSide) return size;
	const scale = maxSide / longer;
	return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}
