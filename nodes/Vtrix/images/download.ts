import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { operationFailure, recoveryHint } from '../execute/failures';
import { pause } from '../execute/pause';
import { backoffMs, retryAfterMs } from '../gateway/backoff';
import { classifyNetworkError, describeNetworkFailure } from '../gateway/network';
import type { TaskImage } from '../gateway/task';
import { IDLE_LIMIT_MS, RequestWatch } from '../gateway/watchdog';
import { detectFormat, sniffImage, truncation, type ImageFacts } from './sniff';

export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** Even a server asking to be retried at once waits this long. */
const MIN_RETRY_MS = 500;
/** An image that keeps arriving cut short is stored that way: give up on it well before the deadline. */
const MAX_CUT_SHORT_ATTEMPTS = 4;

export interface DownloadedImage extends ImageFacts {
	bytes: Buffer;
}

export interface DownloadContext {
	ctx: IExecuteFunctions;
	itemIndex: number;
	taskId: string;
	signal?: AbortSignal;
	/** The item's deadline (epoch ms): retries stop there, and no request outlives it. */
	deadline: number;
	maxBytes?: number;
}

class TooLarge extends Error {}

type BodyStream = AsyncIterable<Buffer> & { destroy?: () => void; statusCode?: unknown };

/**
 * The Content-Length to hold the body to, if it describes the bytes we read. When the HTTP
 * client decoded a compressed body, the stream is the decoder rather than the message
 * itself, and the length describes the compressed bytes: a body cut short then fails in
 * the decoder's source instead.
 */
function lengthToCheck(stream: BodyStream, headers: IN8nHttpFullResponse['headers']): number {
	const asSent = typeof stream.statusCode === 'number';
	return asSent ? Number(headers['content-length'] ?? 0) || 0 : 0;
}

/**
 * Reads a body up to `maxBytes`. With a declared length the bytes go straight into one
 * buffer of that size, so an image is never held twice while it arrives.
 */
async function readCapped(response: IN8nHttpFullResponse, maxBytes: number, watch: RequestWatch): Promise<Buffer> {
	const body = response.body;
	if (Buffer.isBuffer(body)) {
		if (body.length > maxBytes) throw new TooLarge();
		return body;
	}
	const stream = body as BodyStream;
	const declaredLength = lengthToCheck(stream, response.headers);
	if (declaredLength > maxBytes) {
		stream.destroy?.();
		throw new TooLarge();
	}
	const target = declaredLength > 0 ? Buffer.allocUnsafe(declaredLength) : undefined;
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of stream) {
		watch.alive();
		if (total + chunk.length > (target?.length ?? maxBytes)) {
			stream.destroy?.();
			if (total + chunk.length > maxBytes) throw new TooLarge();
			throw new Error('The image body is longer than its Content-Length');
		}
		if (target) chunk.copy(target, total);
		else chunks.push(chunk);
		total += chunk.length;
	}
	if (watch.failure()) throw new Error('The download was stopped');
	// A body cut short would still start with image magic: fetch it again rather than emit half a picture.
	if (target && total < target.length) throw new Error('The image body ended before its Content-Length');
	if (target) return target;
	return Buffer.concat(chunks, total);
}

function describe(image: TaskImage, download: DownloadContext): string {
	return `image ${image.index + 1} of task ${download.taskId}`;
}

function verified(bytes: Buffer, image: TaskImage, download: DownloadContext, contentType?: string): DownloadedImage {
	const facts = sniffImage(bytes);
	const fail = (why: string) =>
		operationFailure(download.ctx, download.itemIndex, `Downloading ${describe(image, download)} failed: ${why}`, { taskId: download.taskId }, recoveryHint(download.taskId));
	if (!facts) throw fail(`the bytes are not an image${contentType ? ` (served as ${contentType})` : ''}`);
	const cut = truncation(facts.format, bytes);
	if (cut) throw fail(`the image is cut short: ${cut}`);
	return { ...facts, bytes };
}

type Attempt =
	| { kind: 'bytes'; bytes: Buffer; contentType?: string }
	| { kind: 'retry'; problem: string; retryAfterMs?: number; cutShort?: boolean }
	| { kind: 'final'; problem: string };

async function attemptDownload(url: string, download: DownloadContext, maxBytes: number): Promise<Attempt> {
	const watch = new RequestWatch({ cancel: download.signal, deadline: download.deadline, idleMs: IDLE_LIMIT_MS });
	try {
		const response = (await download.ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			abortSignal: watch.signal,
		})) as IN8nHttpFullResponse;
		watch.alive();
		const status = response.statusCode;
		if (status >= 200 && status < 300) {
			const contentType = String(response.headers['content-type'] ?? '') || undefined;
			const bytes = await readCapped(response, maxBytes, watch);
			// A body cut short in transit is fetched again; one the gateway stored cut short fails after a few tries.
			const format = detectFormat(bytes);
			const cut = format && truncation(format, bytes);
			if (cut) return { kind: 'retry', problem: `the image arrived cut short (${cut})`, cutShort: true };
			return { kind: 'bytes', bytes, contentType };
		}
		(response.body as BodyStream | undefined)?.destroy?.();
		if (status >= 500 || status === 429 || status === 408) {
			return { kind: 'retry', problem: `HTTP ${status}`, retryAfterMs: retryAfterMs(response.headers as Record<string, string>) };
		}
		const expired = status === 403 || status === 404 || status === 410;
		return { kind: 'final', problem: `HTTP ${status}${expired ? ' (the link has expired or is not available)' : ''}` };
	} catch (error) {
		if (error instanceof TooLarge) return { kind: 'final', problem: `it is larger than the ${maxBytes} byte limit` };
		const failure = watch.failure() ?? classifyNetworkError(error, download.signal);
		if (failure === 'cancelled') return { kind: 'final', problem: 'the execution was cancelled' };
		return { kind: 'retry', problem: describeNetworkFailure(failure) };
	} finally {
		watch.stop();
	}
}

/**
 * One image's bytes: decoded when the task carried base64, else fetched with a plain
 * request (no Authorization: result URLs are public and may live on another host), capped
 * in size while streaming, retried on network errors, 429 and 5xx (as Retry-After asks)
 * until the item's deadline.
 */
export async function fetchImage(image: TaskImage, download: DownloadContext): Promise<DownloadedImage> {
	const { ctx, itemIndex, taskId } = download;
	const maxBytes = download.maxBytes ?? MAX_IMAGE_BYTES;
	const fail = (why: string) =>
		operationFailure(ctx, itemIndex, `Downloading ${describe(image, download)} failed: ${why}`, { taskId }, recoveryHint(taskId));
	if (image.bytes !== undefined) {
		if (image.bytes.length > maxBytes) throw fail(`it is larger than the ${maxBytes} byte limit`);
		return verified(image.bytes, image, download);
	}
	if (image.base64 !== undefined) {
		if ((image.base64.length * 3) / 4 > maxBytes) throw fail(`it is larger than the ${maxBytes} byte limit`);
		return verified(Buffer.from(image.base64, 'base64'), image, download);
	}
	const url = image.url ?? '';
	if (!/^https?:\/\//i.test(url)) throw fail(`the gateway gave no http(s) URL (${JSON.stringify(url.slice(0, 80))})`);
	let cutShort = 0;
	for (let attempt = 1; ; attempt++) {
		const outcome = await attemptDownload(url, download, maxBytes);
		if (outcome.kind === 'bytes') return verified(outcome.bytes, image, download, outcome.contentType);
		if (outcome.kind === 'final') throw fail(outcome.problem);
		if (outcome.cutShort && ++cutShort >= MAX_CUT_SHORT_ATTEMPTS) throw fail(`${outcome.problem}, after ${attempt} attempts`);
		const wait = Math.max(MIN_RETRY_MS, outcome.retryAfterMs ?? backoffMs(attempt));
		if (Date.now() + wait >= download.deadline) throw fail(`${outcome.problem}, after ${attempt} attempt${attempt === 1 ? '' : 's'}`);
		await pause(wait, download.signal).catch(() => {
			throw fail('the execution was cancelled');
		});
	}
}
