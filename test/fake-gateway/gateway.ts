import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { CONTENT_TYPES } from './images';
import { createTask, imageBytes, KNOWN_MODELS, missingPromptCode, taskJson, type FakeTask } from './tasks';
import type { Fault, FaultQueues, GatewayOptions, RecordedRequest, RequestKind, ScriptHook, TaskScript } from './types';

const SUBMIT_PATH = '/model/v1/generation';
const TASK_PATH = /^\/model\/v1\/generation\/task\/([^/?]+)$/;
const FILE_PATH = /^\/files\/([^/]+)\/(\d+)\.\w+$/;

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
	response.end(text);
}

function defaultErrorBody(status: number): unknown {
	return { error: { code: status, message: `Fake gateway fault: HTTP ${status}` } };
}

/** The gateway's answers to "not taken": no task exists afterwards (API.md retry rules). */
function faultCreatesTask(fault: Fault): boolean {
	if (fault.kind === 'status') return fault.createsTask ?? (fault.status >= 500 && fault.status !== 502 && fault.status !== 503);
	return true; // drop, hang, delay, garbled: the order arrived
}

/**
 * A faithful local stand-in for the Vtrix gateway (../shared/API.md): submit and task
 * endpoints with Bearer auth, scripted task lives, odd-but-legal answer shapes, injected
 * faults, real image bytes, and a record of every request it got.
 */
export class FakeGateway {
	readonly requests: RecordedRequest[] = [];
	readonly faults: FaultQueues = { submit: [], poll: [], download: [] };
	defaultScript: TaskScript = {};
	scriptFor?: ScriptHook;
	balanceExhausted = false;
	expireDownloads = false;
	baseUrl = '';

	private readonly queuedScripts: TaskScript[] = [];
	private readonly taskMap = new Map<string, FakeTask>();
	private readonly sockets = new Set<Socket>();
	private readonly server: Server;

	private constructor(private readonly options: GatewayOptions) {
		this.server = createServer((request, response) => void this.handle(request, response));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	static async start(options: GatewayOptions = {}): Promise<FakeGateway> {
		const gateway = new FakeGateway(options);
		const host = options.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			gateway.server.once('error', reject);
			gateway.server.listen(options.port ?? 0, host, () => resolve());
		});
		gateway.baseUrl = `http://${host}:${(gateway.server.address() as AddressInfo).port}`;
		return gateway;
	}

	get apiKey(): string {
		return this.options.apiKey ?? 'sa-test-key';
	}

	scriptNext(script: TaskScript): void {
		this.queuedScripts.push(script);
	}

	submits(): RecordedRequest[] {
		return this.requests.filter((request) => request.kind === 'submit');
	}

	polls(taskId?: string): RecordedRequest[] {
		return this.requests.filter((request) => request.kind === 'poll' && (taskId === undefined || request.taskId === taskId));
	}

	downloads(): RecordedRequest[] {
		return this.requests.filter((request) => request.kind === 'download');
	}

	tasks(): FakeTask[] {
		return [...this.taskMap.values()];
	}

	reset(): void {
		this.requests.length = 0;
		this.faults.submit.length = 0;
		this.faults.poll.length = 0;
		this.faults.download.length = 0;
		this.queuedScripts.length = 0;
		this.taskMap.clear();
		this.defaultScript = {};
		this.scriptFor = undefined;
		this.balanceExhausted = false;
		this.expireDownloads = false;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const at = performance.now();
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		let body: unknown;
		try {
			body = rawBody ? JSON.parse(rawBody) : undefined;
		} catch {
			body = undefined;
		}
		const path = (request.url ?? '/').split('?')[0];
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
		const record = (kind: RequestKind, taskId?: string) => {
			const entry: RecordedRequest = { kind, method: request.method ?? 'GET', path, headers, body, rawBody, at, taskId };
			this.requests.push(entry);
			return entry;
		};

		if (request.method === 'POST' && path === SUBMIT_PATH) return this.submit(response, record('submit'), headers, body);
		const poll = TASK_PATH.exec(path);
		if (request.method === 'GET' && poll) {
			const taskId = decodeURIComponent(poll[1]);
			return this.poll(response, record('poll', taskId), headers, taskId);
		}
		const file = FILE_PATH.exec(path);
		if (request.method === 'GET' && file) return this.download(response, record('download', file[1]), file[1], Number(file[2]));
		record('other');
		sendJson(response, 404, { error: { code: 404, message: `No route for ${request.method} ${path}` } });
	}

	private authorised(headers: Record<string, string>, response: ServerResponse): boolean {
		if (headers.authorization === `Bearer ${this.apiKey}`) return true;
		sendJson(response, 401, { error: { code: 401, message: 'Invalid API key' } });
		return false;
	}

	/** Applies a fault; returns true when it fully answered (or deliberately never will). */
	private async applyFault(fault: Fault | undefined, response: ServerResponse, answer: () => void): Promise<boolean> {
		if (!fault) return false;
		switch (fault.kind) {
			case 'status':
				sendJson(response, fault.status, fault.body ?? defaultErrorBody(fault.status), fault.headers);
				return true;
			case 'drop':
				response.socket?.destroy();
				return true;
			case 'hang':
				return true;
			case 'delay':
				await new Promise((resolve) => setTimeout(resolve, fault.ms));
				if (!response.socket?.destroyed) answer();
				return true;
			case 'garbled':
				response.writeHead(200, { 'Content-Type': 'application/json' });
				response.end('{"id": "task_garbled", "status": "compl');
				return true;
			default:
				return false;
		}
	}

	private async submit(response: ServerResponse, record: RecordedRequest, headers: Record<string, string>, body: unknown): Promise<void> {
		if (!this.authorised(headers, response)) return;
		if (this.balanceExhausted) {
			sendJson(response, 402, { status: { code: 402, message: 'Insufficient credits', error_code: 40201 }, data: null });
			return;
		}
		const { model, input } = (body ?? {}) as { model?: string; input?: Array<{ params?: Record<string, unknown> }> };
		if (!model || !KNOWN_MODELS.includes(model)) {
			sendJson(response, 400, { error: { code: '400', message: `Unknown model ${JSON.stringify(model)}` } });
			return;
		}
		const params = input?.[0]?.params ?? {};
		if (typeof params.prompt !== 'string' || params.prompt.trim() === '') {
			sendJson(response, 400, { code: missingPromptCode(model), message: 'Prompt missing' });
			return;
		}
		const fault = this.faults.submit.shift();
		const script = this.queuedScripts.shift() ?? this.scriptFor?.(model, params) ?? this.defaultScript;
		if (!fault || faultCreatesTask(fault)) {
			const task = createTask(model, params, script, this.options.maxRenderSide);
			this.taskMap.set(task.id, task);
			record.taskId = task.id;
			if (!(await this.applyFault(fault, response, () => sendJson(response, 200, taskJson(task, this.baseUrl))))) {
				sendJson(response, 200, taskJson(task, this.baseUrl));
			}
			return;
		}
		await this.applyFault(fault, response, () => undefined);
	}

	private async poll(response: ServerResponse, record: RecordedRequest, headers: Record<string, string>, taskId: string): Promise<void> {
		if (!this.authorised(headers, response)) return;
		const task = this.taskMap.get(taskId);
		if (!task) {
			sendJson(response, 404, { error: { code: 404, message: 'Task not found' } });
			return;
		}
		record.taskId = task.id;
		const answer = () => {
			task.polls++;
			sendJson(response, 200, taskJson(task, this.baseUrl));
		};
		if (!(await this.applyFault(this.faults.poll.shift(), response, answer))) answer();
	}

	private async download(response: ServerResponse, record: RecordedRequest, taskId: string, index: number): Promise<void> {
		const task = this.taskMap.get(taskId);
		if (!task || index >= task.imageCount) {
			sendJson(response, 404, { error: 'Not found' });
			return;
		}
		if (this.expireDownloads) {
			sendJson(response, 403, { error: 'URL expired' });
			return;
		}
		const send = () => {
			const bytes = imageBytes(task, index);
			record.bytesSent = bytes.length;
			response.writeHead(200, { 'Content-Type': CONTENT_TYPES[task.format], 'Content-Length': bytes.length });
			response.end(bytes);
		};
		const fault = this.faults.download.shift();
		if (fault?.kind === 'not-image') {
			response.writeHead(200, { 'Content-Type': 'text/html' });
			response.end('<html><body>Sign in to continue</body></html>');
			return;
		}
		if (fault?.kind === 'oversize') {
			await this.streamOversize(response, record, fault.bytes, fault.announceLength);
			return;
		}
		if (fault?.kind === 'garbled') {
			response.writeHead(200, { 'Content-Type': CONTENT_TYPES[task.format] });
			response.end(Buffer.from('these bytes are no image'));
			return;
		}
		if (!(await this.applyFault(fault, response, send))) send();
	}

	/** Streams `total` bytes (JPEG magic first) without holding them, until the client leaves. */
	private async streamOversize(response: ServerResponse, record: RecordedRequest, total: number, announce?: boolean): Promise<void> {
		response.writeHead(200, { 'Content-Type': 'image/jpeg', ...(announce ? { 'Content-Length': total } : {}) });
		const chunk = Buffer.alloc(64 * 1024);
		chunk.set([0xff, 0xd8, 0xff, 0xe0]);
		let sent = 0;
		while (sent < total && !response.destroyed) {
			const piece = sent === 0 ? chunk : chunk.subarray(4, Math.min(chunk.length, total - sent + 4));
			const size = Math.min(piece.length, total - sent);
			sent += size;
			if (!response.write(piece.subarray(0, size))) await new Promise((resolve) => response.once('drain', resolve).once('close', resolve));
		}
		record.bytesSent = sent;
		response.end();
	}
}
