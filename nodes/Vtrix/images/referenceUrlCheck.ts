import { sleep, type IExecuteFunctions, type IN8nHttpFullResponse } from 'n8n-workflow';

import { classifyNetworkError, describeNetworkFailure } from '../gateway/network';
import { USER_AGENT } from '../gateway/transport';
import type { ImageFormat } from '../models/types';
import { sniffImage } from './sniff';

/** Enough for every header the limits are read from (JPEG's frame header may follow large metadata). */
const PROBE_BYTES = 64 * 1024;
/** A reference URL that has not answered its first bytes by then will not help the gateway either. */
const PROBE_LIMIT_MS = 10_000;
const WATCH_SLICE_MS = 100;

/** What the first bytes of a reference image URL told. */
export interface RemoteImageFacts {
	/** Why the URL gives no image; absent when it answered with one. */
	problem?: string;
	format?: ImageFormat;
	width?: number;
	height?: number;
	/** The whole file's size, when the server said it (Content-Range, or Content-Length of a full answer). */
	byteSize?: number;
}

type Stream = AsyncIterable<Buffer> & { destroy?: () => void };

async function readFirstBytes(stream: Stream, limit: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of stream) {
		chunks.push(chunk);
		total += chunk.length;
		if (total >= limit) break; // leaving the loop closes the stream
	}
	stream.destroy?.();
	return Buffer.concat(chunks, total).subarray(0, limit);
}

function wholeSize(status: number, headers: Record<string, unknown>): number | undefined {
	const header = (name: string) => (headers[name] === undefined ? undefined : String(headers[name]));
	const total = status === 206 ? /\/(\d+)\s*$/.exec(header('content-range') ?? '')?.[1] : header('content-encoding') ? undefined : header('content-length');
	const n = Number(total);
	return total !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

function describeBody(head: Buffer, status: number, headers: Record<string, unknown>): RemoteImageFacts {
	const facts = sniffImage(head);
	if (!facts) {
		const type = headers['content-type'] ? ` (served as ${String(headers['content-type'])})` : '';
		return { problem: `answers with something that is not an image${type}` };
	}
	return { format: facts.format, width: facts.width, height: facts.height, byteSize: wholeSize(status, headers) };
}

/**
 * Aborts `controller` once `limitMs` have passed or the execution is cancelled. Watches in
 * short sleeps (n8n-workflow's: the only timer a node may use); `stop()` ends the watch.
 */
function watchLimit(controller: AbortController, limitMs: number, cancel?: AbortSignal): { stop: () => void; timedOut: () => boolean } {
	const end = Date.now() + limitMs;
	let running = true;
	let expired = false;
	void (async () => {
		while (running && !controller.signal.aborted) {
			if (cancel?.aborted || Date.now() >= end) {
				expired = !cancel?.aborted;
				controller.abort();
				return;
			}
			await sleep(Math.max(1, Math.min(WATCH_SLICE_MS, end - Date.now())));
		}
	})();
	return { stop: () => (running = false), timedOut: () => expired };
}

/**
 * Reads the first bytes of a reference image URL as the gateway would fetch it: a plain GET
 * (no Authorization: the key goes to the gateway only) asking for a byte range, at most
 * PROBE_BYTES read whatever the server sends, within `limitMs`.
 */
async function probe(ctx: IExecuteFunctions, url: string, limitMs: number, cancel?: AbortSignal): Promise<RemoteImageFacts> {
	const controller = new AbortController();
	const watch = watchLimit(controller, limitMs, cancel);
	let body: Stream | undefined;
	controller.signal.addEventListener('abort', () => body?.destroy?.(), { once: true });
	try {
		const response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			headers: { Range: `bytes=0-${PROBE_BYTES - 1}`, 'User-Agent': USER_AGENT },
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: limitMs,
			abortSignal: controller.signal,
		})) as IN8nHttpFullResponse;
		body = response.body as Stream;
		if (response.statusCode < 200 || response.statusCode >= 300) {
			body.destroy?.();
			return { problem: `answers HTTP ${response.statusCode}` };
		}
		const head = await readFirstBytes(body, PROBE_BYTES);
		return describeBody(head, response.statusCode, response.headers ?? {});
	} catch (error) {
		if (cancel?.aborted) return { problem: 'was not read: the execution was cancelled' };
		if (watch.timedOut()) return { problem: `did not send its first bytes within ${limitMs / 1000} s` };
		return { problem: `could not be read: ${describeNetworkFailure(classifyNetworkError(error))}` };
	} finally {
		watch.stop();
	}
}

/** Reads each reference URL of a run once, however many items use it. */
export class ReferenceUrlChecker {
	private readonly seen = new Map<string, Promise<RemoteImageFacts>>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly cancel?: AbortSignal,
	) {}

	check(url: string, limitMs: number): Promise<RemoteImageFacts> {
		let facts = this.seen.get(url);
		if (!facts) {
			facts = probe(this.ctx, url, Math.min(limitMs, PROBE_LIMIT_MS), this.cancel);
			this.seen.set(url, facts);
		}
		return facts;
	}
}
