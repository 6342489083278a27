import type { ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

import { encodePng } from '../fake-gateway/png';
import type { Handler } from './server';

/** Building blocks for scripted answers. Each factory returns a Handler for ScriptedServer. */

export const TASK_ID = 'task_hostile_1';

/** A real 4x4 PNG. */
export const png = encodePng(4, 4, Buffer.alloc(4 * 4 * 3, 0x7f));

export function imageUrl(origin: string, taskId = TASK_ID, index = 0): string {
	return `${origin}/files/${taskId}/${index}.png`;
}

export function completedTask(origin: string, taskId = TASK_ID): Record<string, unknown> {
	return { id: taskId, status: 'completed', output: [{ content: [{ type: 'image', url: imageUrl(origin, taskId) }] }] };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const bytes = Buffer.from(JSON.stringify(body));
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length), ...headers });
	res.end(bytes);
}

/** Has the client gone (or the test server dropped the socket)? */
export function clientGone(res: ServerResponse): boolean {
	return res.destroyed || !res.socket || res.socket.destroyed;
}

export function replyJson(status: number, body: unknown, headers?: Record<string, string>): Handler {
	return (_request, res) => json(res, status, body, headers);
}

export function replyBytes(status: number, bytes: Buffer, headers: Record<string, string> = {}): Handler {
	return (_request, res) => {
		res.writeHead(status, { 'content-length': String(bytes.length), ...headers });
		res.end(bytes);
	};
}

/** A redirect; `to` may be a function of the answering server's origin. */
export function redirectTo(status: number, to: string | ((origin: string) => string)): Handler {
	return (_request, res, origin) => {
		const location = typeof to === 'string' ? to : to(origin);
		res.writeHead(status, { location, 'content-length': '0' });
		res.end();
	};
}

/** Reads the request and never answers (the node must give up on its own). */
export const hang: Handler = () => undefined;

/** Drops the connection without an answer. */
export const drop: Handler = (_request, res) => {
	res.socket?.destroy();
};

/**
 * Sends the status and headers at once, then the body `bytesPerTick` bytes every `everyMs`
 * (with Content-Length when `announceLength`), stopping when the client leaves.
 */
export function trickle(options: {
	body: Buffer | ((origin: string) => Buffer);
	status?: number;
	headers?: Record<string, string>;
	everyMs?: number;
	bytesPerTick?: number;
	announceLength?: boolean;
}): Handler {
	const { status = 200, everyMs = 100, bytesPerTick = 1 } = options;
	return (_request, res, origin) => {
		const body = typeof options.body === 'function' ? options.body(origin) : options.body;
		res.writeHead(status, { ...options.headers, ...(options.announceLength ? { 'content-length': String(body.length) } : {}) });
		let sent = 0;
		const tick = () => {
			if (clientGone(res)) return;
			if (sent >= body.length) return void res.end();
			res.write(body.subarray(sent, sent + bytesPerTick));
			sent += bytesPerTick;
			setTimeout(tick, everyMs);
		};
		tick();
	};
}

/**
 * Rejects the request with `status`, echoing what it received (headers, body) in the
 * message, as some proxies and debug builds do.
 */
export function echoRequest(status: number, shape: 'json' | 'text' = 'json'): Handler {
	return (request, res) => {
		const echo = `you sent ${request.method} ${request.url} headers=${JSON.stringify(request.headers)} body=${request.body}`;
		if (shape === 'text') {
			const bytes = Buffer.from(`<html><body><pre>${echo}</pre></body></html>`);
			res.writeHead(status, { 'content-type': 'text/html', 'content-length': String(bytes.length) });
			return void res.end(bytes);
		}
		json(res, status, { error: { code: status, message: echo }, headers: request.headers, authorization: request.headers.authorization });
	};
}

const ENCODERS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

/**
 * `bytes` compressed with `encoding`, announced with the compressed Content-Length as servers
 * do; `cutAfter` sends only that many compressed bytes and then drops the connection.
 */
export function compressed(encoding: keyof typeof ENCODERS, bytes: Buffer, options: { contentType?: string; cutAfter?: number } = {}): Handler {
	return (_request, res) => {
		const packed = ENCODERS[encoding](bytes);
		res.writeHead(200, {
			'content-type': options.contentType ?? 'image/png',
			'content-encoding': encoding,
			'content-length': String(packed.length),
		});
		if (options.cutAfter === undefined) return void res.end(packed);
		res.write(packed.subarray(0, options.cutAfter), () => res.socket?.destroy());
	};
}

/**
 * A JSON answer of `total` bytes whose one string never seems to end (by default a task's
 * padding field; `head` opens another string, e.g. a b64_json value), streamed as fast as the
 * client reads. `sent()` says how many bytes left the server.
 */
export function endlessJson(total: number, options: { status?: number; head?: string } = {}): { handler: Handler; sent: () => number } {
	let sent = 0;
	const handler: Handler = (_request, res) => {
		res.writeHead(options.status ?? 200, { 'content-type': 'application/json' });
		const head = Buffer.from(options.head ?? `{"id":"${TASK_ID}","status":"processing","padding":"`);
		const filler = Buffer.alloc(64 * 1024, 0x61);
		const pump = (): void => {
			while (sent < total && !clientGone(res)) {
				const chunk = sent === 0 ? head : filler.subarray(0, Math.min(filler.length, total - sent - 2));
				sent += chunk.length;
				if (sent >= total - 2) {
					res.end(Buffer.concat([chunk, Buffer.from('"}')]));
					return;
				}
				if (!res.write(chunk)) return void res.once('drain', pump);
			}
		};
		pump();
	};
	return { handler, sent: () => sent };
}
