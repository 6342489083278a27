import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { lowerCaseHeaders, readBody } from '../fake-gateway/http';
import { completedTask, json, png, TASK_ID } from './answers';

/** Which gateway call a request is, read from its method and path as the node sends them. */
export type Phase = 'submit' | 'poll' | 'download' | 'other';

export interface SeenRequest {
	phase: Phase;
	method: string;
	/** Path and query, as received. */
	url: string;
	headers: Record<string, string>;
	body: string;
	/** performance.now() when the request arrived. */
	at: number;
}

/** Answers one request. `origin` is the answering server's, for URLs that point back at it. */
export type Handler = (request: SeenRequest, res: ServerResponse, origin: string) => void | Promise<void>;

const POLL_PATH = /^\/model\/v1\/generation\/task\/[^/?#]+$/;

function phaseOf(method: string, path: string): Phase {
	if (method === 'POST' && path === '/model/v1/generation') return 'submit';
	if (method === 'GET' && POLL_PATH.test(path)) return 'poll';
	if (method === 'GET' && path.startsWith('/files/')) return 'download';
	return 'other';
}

/**
 * The answers of a gateway that behaves: the submit takes the task, the first poll says it
 * completed with one image on this server, the download serves a real PNG.
 */
const BEHAVING: Record<Phase, Handler> = {
	submit: (_request, res) => json(res, 200, { id: TASK_ID, status: 'pending' }),
	poll: (_request, res, origin) => json(res, 200, completedTask(origin)),
	download: (_request, res) => {
		res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
		res.end(png);
	},
	other: (request, res) => json(res, 404, { error: { code: 404, message: `No route for ${request.method} ${request.url}` } }),
};

/**
 * A scriptable HTTP server on 127.0.0.1 for hostile-gateway tests. Each request is recorded,
 * then answered by the next handler queued for its phase (`next`), else the phase's handler
 * (`always`), else the behaving gateway's answer. Handlers may answer anything: trickle,
 * hang, redirect, echo the request. `reset()` forgets everything and drops open sockets.
 */
export class ScriptedServer {
	readonly origin: string;
	readonly requests: SeenRequest[] = [];
	private readonly queued: Record<Phase, Handler[]> = { submit: [], poll: [], download: [], other: [] };
	private standing: Partial<Record<Phase, Handler>> = {};
	private readonly sockets = new Set<Socket>();

	private constructor(private readonly server: Server) {
		this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			this.answer(req, res).catch((error: unknown) => {
				if (!res.headersSent) json(res, 500, { error: `scripted server: ${String(error)}` });
				else res.destroy();
			});
		});
	}

	static async start(): Promise<ScriptedServer> {
		const server = createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		return new ScriptedServer(server);
	}

	/** Answers the next requests of `phase` with these handlers, one each, in order. */
	next(phase: Phase, ...handlers: Handler[]): this {
		this.queued[phase].push(...handlers);
		return this;
	}

	/** Answers every request of `phase` (after the queued ones) with `handler`, until reset. */
	always(phase: Phase, handler: Handler): this {
		this.standing[phase] = handler;
		return this;
	}

	of(phase: Phase): SeenRequest[] {
		return this.requests.filter((request) => request.phase === phase);
	}

	reset(): void {
		this.requests.length = 0;
		for (const handlers of Object.values(this.queued)) handlers.length = 0;
		this.standing = {};
		for (const socket of this.sockets) socket.destroy();
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
		});
	}

	private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const at = performance.now();
		const method = req.method ?? 'GET';
		const url = req.url ?? '/';
		const body = (await readBody(req)).toString('utf8');
		const phase = phaseOf(method, new URL(url, this.origin).pathname);
		const request: SeenRequest = { phase, method, url, headers: lowerCaseHeaders(req), body, at };
		this.requests.push(request);
		const handler = this.queued[phase].shift() ?? this.standing[phase] ?? BEHAVING[phase];
		await handler(request, res, this.origin);
	}
}
