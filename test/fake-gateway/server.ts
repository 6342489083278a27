import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { deliver, type Endpoint, faultStatusAnswer, submitFaultCreatesTask } from './faults';
import { type Answer, jsonAnswer, lowerCaseHeaders, parseJson, readBody, send } from './http';
import { MODELS } from './models';
import { matchRoute, routeTaskId } from './routes';
import { Task, type TaskRecord } from './task';
import type { Fault, FaultQueues, GatewayOptions, RecordedRequest, ScriptHook, TaskScript } from './types';

const INVALID_KEY = { error: { code: 401, message: 'Invalid API key' } };
const NO_CREDITS = { status: { code: 402, message: 'Insufficient credits', error_code: 40201 }, data: null };
const TASK_NOT_FOUND = { error: { code: 404, message: 'Task not found' } };

/** A local stand-in for the Vtrix generation gateway (see shared/API.md), scriptable per task and per request. */
export class FakeGateway {
	/** e.g. http://127.0.0.1:40123 */
	readonly baseUrl: string;
	readonly apiKey: string;
	/** When true, every submit answers 402 Insufficient credits. */
	balanceExhausted = false;
	/** When true, every download answers 403 URL expired. */
	expireDownloads = false;
	/** The script for a submit when no scriptNext() is queued and scriptFor gives none. */
	defaultScript: TaskScript = {};
	/** Consulted after the scriptNext() queue and before defaultScript. */
	scriptFor: ScriptHook | undefined;
	/** Faults to apply, consumed in order, one per matching request. */
	readonly faults: FaultQueues = { submit: [], poll: [], download: [] };
	readonly requests: RecordedRequest[] = [];

	private readonly maxRenderSide: number | undefined;
	private readonly scriptQueue: TaskScript[] = [];
	private readonly taskMap = new Map<string, Task>();
	private readonly sockets = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private taskCounter = 0;
	private closing: Promise<void> | undefined;

	private constructor(
		private readonly server: Server,
		options: GatewayOptions,
	) {
		const address = server.address() as AddressInfo;
		const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
		this.baseUrl = `http://${host}:${address.port}`;
		this.apiKey = options.apiKey ?? 'sa-test-key';
		this.maxRenderSide = options.maxRenderSide;
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			this.handle(req, res).catch((error: unknown) => {
				console.error('fake-gateway: request failed', error);
				send(res, jsonAnswer(500, { error: `fake-gateway: ${String(error)}` }));
			});
		});
	}

	static async start(options: GatewayOptions = {}): Promise<FakeGateway> {
		const server = createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		return new FakeGateway(server, options);
	}

	/** Queues a script for the next submit that creates a task (FIFO). */
	scriptNext(script: TaskScript): void {
		this.scriptQueue.push(script);
	}

	submits(): RecordedRequest[] {
		return this.requests.filter((request) => request.kind === 'submit');
	}

	polls(taskId?: string): RecordedRequest[] {
		return this.requests.filter((r) => r.kind === 'poll' && (taskId === undefined || r.taskId === taskId));
	}

	downloads(): RecordedRequest[] {
		return this.requests.filter((request) => request.kind === 'download');
	}

	/** Created tasks, in submit order. */
	tasks(): TaskRecord[] {
		return [...this.taskMap.values()];
	}

	task(id: string): TaskRecord | undefined {
		return this.taskMap.get(id);
	}

	/** Back to the state of a fresh gateway (records, tasks, queues, faults, flags, scripts); keeps the server. */
	reset(): void {
		this.requests.length = 0;
		this.taskMap.clear();
		this.scriptQueue.length = 0;
		this.faults.submit.length = 0;
		this.faults.poll.length = 0;
		this.faults.download.length = 0;
		this.balanceExhausted = false;
		this.expireDownloads = false;
		this.defaultScript = {};
		this.scriptFor = undefined;
	}

	/** Stops at once: pending delays are cancelled and open sockets (hung requests too) destroyed. */
	close(): Promise<void> {
		this.closing ??= new Promise<void>((resolve) => {
			for (const timer of this.timers) clearTimeout(timer);
			this.timers.clear();
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
		});
		return this.closing;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const at = performance.now();
		const method = req.method ?? 'GET';
		const path = new URL(req.url ?? '/', 'http://fake-gateway').pathname;
		const route = matchRoute(method, path);
		const rawBody = (await readBody(req)).toString('utf8');
		const record: RecordedRequest = {
			kind: route.kind,
			method,
			path,
			headers: lowerCaseHeaders(req),
			body: parseJson(rawBody),
			rawBody,
			at,
			taskId: routeTaskId(route),
		};
		this.requests.push(record);

		switch (route.kind) {
			case 'submit':
				return this.submit(req, res, record);
			case 'poll':
				return this.respond('poll', res, record, () => this.poll(req, route.taskId));
			case 'download':
				return this.respond('download', res, record, () => this.download(route.taskId, route.index));
			case 'other':
				return send(res, jsonAnswer(404, { error: { code: 404, message: `No route for ${method} ${path}` } }));
		}
	}

	private respond(endpoint: Endpoint, res: ServerResponse, record: RecordedRequest, produce: () => Answer): void {
		deliver({ res, record, endpoint, produce, fault: this.faults[endpoint].shift(), schedule: this.schedule });
	}

	private submit(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void {
		const fault: Fault | undefined = this.faults.submit.shift();
		if (fault?.kind === 'status' && !submitFaultCreatesTask(fault)) return send(res, faultStatusAnswer(fault));
		// Every other fault strikes after the gateway took the order, so the task exists (and is billed).
		const answer = this.createTask(req, record);
		deliver({ res, record, endpoint: 'submit', fault, produce: () => answer, schedule: this.schedule });
	}

	private createTask(req: IncomingMessage, record: RecordedRequest): Answer {
		if (!this.authorized(req)) return jsonAnswer(401, INVALID_KEY);
		if (this.balanceExhausted) return jsonAnswer(402, NO_CREDITS);

		const body = (isObject(record.body) ? record.body : {}) as { model?: unknown; input?: unknown };
		const model = typeof body.model === 'string' ? body.model : '';
		const facts = MODELS[model];
		if (!facts) {
			return jsonAnswer(400, { error: { code: '400', message: `Unknown model ${model || '(none)'}` } });
		}
		const firstInput: unknown = Array.isArray(body.input) ? body.input[0] : undefined;
		const params = isObject(firstInput) && isObject(firstInput.params) ? firstInput.params : {};
		if (typeof params.prompt !== 'string' || params.prompt.trim() === '') {
			return jsonAnswer(400, { code: facts.missingPromptCode, message: 'Prompt missing' });
		}

		const script = this.scriptQueue.shift() ?? this.scriptFor?.(model, params) ?? this.defaultScript;
		if (script.refuseSubmit) return jsonAnswer(script.refuseSubmit.status, script.refuseSubmit.body);
		const id = `task_${++this.taskCounter}_${randomBytes(4).toString('hex')}`;
		const task = new Task({ id, model, facts, params, script, baseUrl: this.baseUrl, maxRenderSide: this.maxRenderSide });
		this.taskMap.set(id, task);
		record.taskId = id;
		return jsonAnswer(200, task.submitAnswer());
	}

	private poll(req: IncomingMessage, taskId: string): Answer {
		if (!this.authorized(req)) return jsonAnswer(401, INVALID_KEY);
		const task = this.taskMap.get(taskId);
		return task ? jsonAnswer(200, task.view('poll')) : jsonAnswer(404, TASK_NOT_FOUND);
	}

	private download(taskId: string, index: number): Answer {
		if (this.expireDownloads) return jsonAnswer(403, { error: 'URL expired' });
		const file = this.taskMap.get(taskId)?.imageFile(index);
		if (!file) return jsonAnswer(404, { error: 'File not found' });
		return { status: 200, headers: { 'content-type': file.contentType }, body: file.bytes };
	}

	private authorized(req: IncomingMessage): boolean {
		const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
		return match?.[1].trim() === this.apiKey;
	}

	private readonly schedule = (run: () => void, ms: number): void => {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			run();
		}, ms);
		this.timers.add(timer);
	};
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
