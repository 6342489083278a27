import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { lowerCaseHeaders, readBody } from '../fake-gateway/http';

/**
 * A loopback HTTP server whose every answer a test scripts: a gateway that answers about the
 * wrong task, hands out task ids like "..", cuts images short, or an image host that ignores
 * Range, answers 404 or never answers.
 */

export interface SeenRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: Buffer;
	/** Body bytes written to the answer (counted as they are handed to the socket). */
	bytesSent: number;
}

export type Reply = (request: SeenRequest, res: ServerResponse) => void;

export class ScriptedServer {
	readonly requests: SeenRequest[] = [];
	private readonly routes = new Map<string, Reply>();
	private readonly sockets = new Set<Socket>();

	private constructor(
		private readonly server: Server,
		readonly baseUrl: string,
	) {
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
	}

	static async start(): Promise<ScriptedServer> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return new ScriptedServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	}

	/** Answers requests for `path` (any method) with `reply`; unrouted paths answer 404. */
	on(path: string, reply: Reply): this {
		this.routes.set(path, reply);
		return this;
	}

	url(path: string): string {
		return `${this.baseUrl}${path}`;
	}

	seen(path: string): SeenRequest[] {
		return this.requests.filter((request) => request.path === path);
	}

	reset(): void {
		this.routes.clear();
		this.requests.length = 0;
	}

	close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const request: SeenRequest = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', this.baseUrl).pathname, headers: lowerCaseHeaders(req), body: await readBody(req), bytesSent: 0 };
		this.requests.push(request);
		const write = res.write.bind(res) as (chunk: Buffer) => boolean;
		res.write = ((chunk: Buffer, ...rest: unknown[]) => {
			request.bytesSent += chunk.length;
			return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as ServerResponse['write'];
		(this.routes.get(request.path) ?? json(404, { error: 'not found' }))(request, res);
	}
}

export function json(status: number, body: unknown): Reply {
	return (_request, res) => {
		const bytes = Buffer.from(JSON.stringify(body));
		res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
		res.write(bytes);
		res.end();
	};
}

/** Answers in turn, the last one for every request after. */
export function inTurn(...replies: Reply[]): Reply {
	let next = 0;
	return (request, res) => replies[Math.min(next++, replies.length - 1)](request, res);
}

/** Never answers (the server's close() ends the socket). */
export const hang: Reply = () => undefined;

/**
 * Serves `bytes` as a file: a `Range: bytes=a-b` request gets 206 with Content-Range unless
 * `ranges` is false (a host that ignores Range and sends everything, with Content-Length
 * unless `length` is false). Large bodies go out in chunks, waiting for the client.
 */
export function file(bytes: Buffer, options: { type?: string; ranges?: boolean; length?: boolean } = {}): Reply {
	return (request, res) => {
		const headers: Record<string, string | number> = { 'content-type': options.type ?? 'application/octet-stream' };
		const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
		let body = bytes;
		if (range && options.ranges !== false) {
			const start = Number(range[1]);
			const end = Math.min(range[2] === '' ? bytes.length - 1 : Number(range[2]), bytes.length - 1);
			body = bytes.subarray(start, end + 1);
			headers['content-range'] = `bytes ${start}-${end}/${bytes.length}`;
		}
		if (options.length !== false) headers['content-length'] = body.length;
		res.writeHead(range && options.ranges !== false ? 206 : 200, headers);
		pump(res, body, 64 * 1024, () => res.end());
	};
}

/** Announces `bytes.length` but sends only the first `sent` bytes, then drops the connection. */
export function cutOff(bytes: Buffer, sent: number, type = 'application/octet-stream'): Reply {
	return (_request, res) => {
		res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
		res.write(bytes.subarray(0, sent), () => res.socket?.destroy());
	};
}

function pump(res: ServerResponse, body: Buffer, chunkSize: number, done: () => void): void {
	let at = 0;
	const next = (): void => {
		while (at < body.length && !res.destroyed) {
			const chunk = body.subarray(at, at + chunkSize);
			at += chunk.length;
			if (!res.write(chunk)) return void res.once('drain', next);
		}
		if (!res.destroyed) done();
	};
	next();
}
