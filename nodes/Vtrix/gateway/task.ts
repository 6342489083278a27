import { isRecord, textField as text } from './jsonFields';
import { IMAGE_PLACEHOLDER } from './jsonWithImages';

/** A task answer reduced to what the node needs, tolerant of every shape API.md lists. */

export type TaskState = 'waiting' | 'done' | 'failed' | 'unknown';

export interface TaskImage {
	/** 0-based position across every output group, in order. */
	index: number;
	url?: string;
	/** Bytes sent inline as b64_json, decoded while the answer arrived. */
	bytes?: Buffer;
	/** Base64 text (a data: URL in `url`, or b64_json given to parseTask as text). */
	base64?: string;
	reportedBytes?: number;
}

export interface TaskSnapshot {
	id: string;
	status: string;
	state: TaskState;
	model?: string;
	/** 0..1 */
	progress?: number;
	images: TaskImage[];
	usage?: Record<string, unknown>;
	cost?: number;
	error?: { code?: string; message: string };
}

const WAITING = new Set(['pending', 'queued', 'processing', 'in_progress', 'running']);
const DONE = new Set(['completed', 'succeeded', 'success']);
const FAILED = new Set(['failed', 'error', 'cancelled', 'canceled', 'expired']);

export function taskState(status: string): TaskState {
	const normalised = status.toLowerCase();
	if (WAITING.has(normalised)) return 'waiting';
	if (DONE.has(normalised)) return 'done';
	if (FAILED.has(normalised)) return 'failed';
	return 'unknown';
}

function progressOf(value: unknown): number | undefined {
	const n = typeof value === 'string' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
	return n > 1 ? Math.min(n / 100, 1) : n;
}

function errorOf(value: unknown): TaskSnapshot['error'] {
	if (typeof value === 'string' && value !== '') return { message: value };
	if (!isRecord(value)) return undefined;
	const message = text(value.error_message) ?? text(value.message) ?? 'The task failed without a message';
	return { code: text(value.code), message };
}

const DATA_URL = /^data:[^;,]*;base64,/i;

function imagesOf(output: unknown, inline: readonly Buffer[]): TaskImage[] {
	const images: TaskImage[] = [];
	const groups = Array.isArray(output) ? output : [];
	for (const group of groups) {
		const content = isRecord(group) && Array.isArray(group.content) ? group.content : [];
		for (const entry of content) {
			if (!isRecord(entry)) continue;
			const type = entry.type;
			if (type !== undefined && type !== 'image' && type !== 'image_url') continue;
			const url = text(entry.url);
			const b64 = text(entry.b64_json);
			const image: TaskImage = { index: images.length, reportedBytes: typeof entry.size === 'number' ? entry.size : undefined };
			if (b64?.startsWith(IMAGE_PLACEHOLDER)) image.bytes = inline[Number(b64.slice(IMAGE_PLACEHOLDER.length))];
			else if (b64) image.base64 = b64;
			else if (url && DATA_URL.test(url)) image.base64 = url.replace(DATA_URL, '');
			else if (url) image.url = url;
			if (!image.bytes && !image.base64 && !image.url) continue;
			images.push(image);
		}
	}
	return images;
}

function costOf(usage: Record<string, unknown> | undefined): number | undefined {
	const cost = usage?.cost;
	const n = typeof cost === 'string' ? Number(cost) : cost;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * Undefined when the answer has no task id or no status: not a task object. `inline` holds
 * the b64_json images the transport decoded, which the body names by placeholder.
 */
export function parseTask(body: unknown, inline: readonly Buffer[] = []): TaskSnapshot | undefined {
	const task = isRecord(body) && isRecord(body.data) && !('id' in body) && !('task_id' in body) ? body.data : body;
	if (!isRecord(task)) return undefined;
	const id = text(task.id) ?? text(task.task_id);
	const status = text(task.status);
	if (!id || !status) return undefined;
	const usage = isRecord(task.usage) ? task.usage : undefined;
	return {
		id,
		status,
		state: taskState(status),
		model: text(task.model),
		progress: progressOf(task.progress),
		images: imagesOf(task.output, inline),
		usage,
		cost: costOf(usage),
		error: errorOf(task.error),
	};
}
