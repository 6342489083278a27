import { describeError } from './errorBody';
import { isRecord, textField as text } from './jsonFields';
import { IMAGE_PLACEHOLDER } from './jsonWithImages';

/**
 * A task answer reduced to what the node needs, tolerant of every shape API.md lists,
 * including those the gateway's own CLI reads ("What the gateway's own CLI expects").
 */

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

/** What a task says went wrong: `error`, falling back to `provider_error`, and `error_type`. */
export interface TaskFailure {
	code?: string;
	message?: string;
	type?: string;
}

export interface TaskSnapshot {
	id: string;
	/** The gateway's status in lower case (an unknown one as given); derived when the answer has none. */
	status: string;
	state: TaskState;
	model?: string;
	/** 0..1 */
	progress?: number;
	images: TaskImage[];
	usage?: Record<string, unknown>;
	cost?: number;
	error?: TaskFailure;
	/** The last entry of `logs` that has a message. */
	lastLog?: { message: string; timestamp?: string };
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

/** `error` or `provider_error`: a plain string, or `{code, message | error_message}`. A code 0 is no code. */
function errorParts(value: unknown): Omit<TaskFailure, 'type'> {
	if (!isRecord(value)) return { message: text(value) };
	const code = text(value.code);
	return { code: code === '0' ? undefined : code, message: text(value.error_message) ?? text(value.message) };
}

function failureOf(task: Record<string, unknown>): TaskFailure | undefined {
	const error = errorParts(task.error);
	const provider = errorParts(task.provider_error);
	const failure = { code: error.code ?? provider.code, message: error.message ?? provider.message, type: text(task.error_type) };
	return failure.code || failure.message || failure.type ? failure : undefined;
}

function lastLogOf(logs: unknown): TaskSnapshot['lastLog'] {
	if (!Array.isArray(logs)) return undefined;
	for (const entry of [...logs].reverse()) {
		const message = isRecord(entry) ? text(entry.message) : text(entry);
		if (message) return { message, timestamp: isRecord(entry) ? text(entry.timestamp) : undefined };
	}
	return undefined;
}

const DATA_URL = /^data:[^;,]*;base64,/i;

/** A content item or a flat `outputs[]` entry, when it is an image. */
function imageOf(entry: unknown, inline: readonly Buffer[]): Omit<TaskImage, 'index'> | undefined {
	if (!isRecord(entry)) return undefined;
	const type = entry.type;
	if (type !== undefined && type !== 'image' && type !== 'image_url') return undefined;
	const contentType = text(entry.content_type);
	if (type === undefined && contentType && !/^image\//i.test(contentType)) return undefined;
	const url = text(entry.url);
	const b64 = text(entry.b64_json);
	const size = entry.size ?? entry.file_size;
	const image: Omit<TaskImage, 'index'> = { reportedBytes: typeof size === 'number' ? size : undefined };
	if (b64?.startsWith(IMAGE_PLACEHOLDER)) image.bytes = inline[Number(b64.slice(IMAGE_PLACEHOLDER.length))];
	else if (b64) image.base64 = b64;
	else if (url && DATA_URL.test(url)) image.base64 = url.replace(DATA_URL, '');
	else if (url) image.url = url;
	return image.bytes || image.base64 || image.url ? image : undefined;
}

function sameImage(a: Omit<TaskImage, 'index'>, b: Omit<TaskImage, 'index'>): boolean {
	if (a.url !== undefined || b.url !== undefined) return a.url === b.url;
	if (a.base64 !== undefined || b.base64 !== undefined) return a.base64 === b.base64;
	return a.bytes !== undefined && b.bytes !== undefined && a.bytes.equals(b.bytes);
}

/**
 * Every image of `output[].content[]` in order, then every image of the flat `outputs[]` list
 * that the groups do not already hold (same URL or same data): an answer may list an image
 * in both.
 */
function imagesOf(task: Record<string, unknown>, inline: readonly Buffer[]): TaskImage[] {
	const groups = Array.isArray(task.output) ? task.output : [];
	const grouped = groups.flatMap((group: unknown) => (isRecord(group) && Array.isArray(group.content) ? (group.content as unknown[]) : []));
	const flat = Array.isArray(task.outputs) ? (task.outputs as unknown[]) : [];
	const images: TaskImage[] = [];
	for (const entry of grouped) {
		const image = imageOf(entry, inline);
		if (image) images.push({ index: images.length, ...image });
	}
	const fromGroups = images.slice();
	for (const entry of flat) {
		const image = imageOf(entry, inline);
		if (image && !fromGroups.some((seen) => sameImage(seen, image))) images.push({ index: images.length, ...image });
	}
	return images;
}

function costOf(usage: Record<string, unknown> | undefined): number | undefined {
	const cost = usage?.cost;
	const n = typeof cost === 'string' ? Number(cost) : cost;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * Statuses compare case-insensitively. Without a status, images mean done and an error means
 * failed (through the next rule); an answer with only the id is pending. `completed` with an
 * `error` or `provider_error` is a failure.
 */
function statusOf(given: string | undefined, hasImages: boolean, failure: TaskFailure | undefined): string {
	const reported = failure?.code !== undefined || failure?.message !== undefined;
	const status = given ?? (hasImages || reported ? 'completed' : 'pending');
	const state = taskState(status);
	if (state === 'unknown') return status;
	return state === 'done' && reported ? 'failed' : status.toLowerCase();
}

const idOf = (task: Record<string, unknown>) => text(task.id) ?? text(task.task_id) ?? text(task.request_id);

/**
 * Undefined when the answer names no task id (`id`, `task_id` or `request_id`): not a task.
 * `inline` holds the b64_json images the transport decoded, which the body names by placeholder.
 */
export function parseTask(body: unknown, inline: readonly Buffer[] = []): TaskSnapshot | undefined {
	const task = isRecord(body) && isRecord(body.data) && !idOf(body) ? body.data : body;
	if (!isRecord(task)) return undefined;
	const id = idOf(task);
	if (!id) return undefined;
	const usage = isRecord(task.usage) ? task.usage : undefined;
	const images = imagesOf(task, inline);
	const error = failureOf(task);
	const status = statusOf(text(task.status), images.length > 0, error);
	return {
		id,
		status,
		state: taskState(status),
		model: text(task.model),
		progress: progressOf(task.progress),
		images,
		usage,
		cost: costOf(usage),
		error,
		lastLog: lastLogOf(task.logs),
	};
}

/** "code: message" of a failed task (the error type stands in for a missing message), or 'no reason given'. */
export function failureReason(task: TaskSnapshot): string {
	const error = task.error ?? {};
	return describeError({ code: error.code, message: error.message ?? error.type }) || 'no reason given';
}

/** The error type (unless it is the reason) and the last log line of a failed task, as sentences; '' when there are none. */
export function failureDetails(task: TaskSnapshot): string {
	const type = task.error?.type && task.error.message ? `Error type: ${task.error.type}.` : '';
	const log = task.lastLog ? `Last log${task.lastLog.timestamp ? ` (${task.lastLog.timestamp})` : ''}: "${task.lastLog.message}".` : '';
	return [type, log].filter(Boolean).join(' ');
}
