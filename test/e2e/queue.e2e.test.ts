// Queue mode end to end: PostgreSQL + Redis + an n8n main + workers (scripts/lib/queue.ts), the
// built package installed in every n8n process's own user folder, the fake gateway on loopback.
// Executions start the way users start them (the editor's "Execute workflow", production
// webhooks, the public chat) and must run on a worker; their images must reach the downstream
// nodes and PostgreSQL (binary data mode `database`).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeGateway, renderImage, startDemoGateway } from '../fake-gateway';
import { freePort, repoRoot, writeJson } from '../../scripts/lib/n8n';
import { QueueCluster } from '../../scripts/lib/queue';
import { demoWorkflows, type ExampleWorkflow } from '../../scripts/lib/demo';
import { imageSize, node, tempDir, workflow, type Workflow } from './harness';
import { callWebhook, nodeItems, QueueApi, storedFileOf } from './queue-harness';
import { loadWorkflow, loadWorkflowId, runLoad, serveOneImage, Storm, type LoadRun } from './queue-load';
import { startFakeLlm, startRecorder } from './servers';

const API_KEY = 'sa-queue-e2e-key';
const CRED = { id: 'VtrixQueueCred01', name: 'Vtrix queue e2e' };
const LLM_CRED = { id: 'VtrixQueueLlm001', name: 'Fake LLM' };
const VTRIX = 'n8n-nodes-vtrix.vtrix';
const LOAD_ITEMS = 50;
/** Per workflow when three run at once (the benchmark runs 3 × 50). */
const AT_ONCE_ITEMS = 20;

let gw: FakeGateway;
let cluster: QueueCluster;
let api: QueueApi;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let llm: Awaited<ReturnType<typeof startFakeLlm>>;
let exampleOut: string;
let imported: { id: string }[] = [];
const timings: string[] = [];

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await run();
	} finally {
		timings.push(`${label}: ${Date.now() - started} ms`);
	}
}

function example(file: string): ExampleWorkflow {
	return JSON.parse(readFileSync(join(repoRoot, 'examples', file), 'utf8')) as ExampleWorkflow;
}

function exampleWorkflows(): ExampleWorkflow[] {
	const [marketing, products, agent] = demoWorkflows(
		[example('01-scheduled-marketing-content.json'), example('02-product-photo-variants.json'), example('03-ai-agent-draws.json')],
		{ outputFolder: exampleOut, notifyUrl: `${recorder.url}/campaign`, vtrixCredential: CRED, llmCredential: LLM_CRED },
	);
	// The agent's chat, made public so it has a production URL a client can post to.
	agent.nodes.find((n) => n.name === 'When chat message received')!.parameters.public = true;
	return [marketing, products, agent];
}

/** Submit in one execution, Get Result in another: each its own webhook workflow. */
function submitThenGetResult(): Workflow[] {
	const vtrix = (name: string, parameters: Record<string, unknown>) => node(name, VTRIX, 1, parameters, { credentials: { vtrixApi: CRED } });
	const hook = (path: string, responseData: string, webhookId: string) =>
		node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode: 'lastNode', responseData, options: {} }, { webhookId });
	return [
		workflow('vtrixQueueSubmit', 'queue: submit', [
			hook('vtrix-queue-submit', 'firstEntryJson', '6a1c0f1e-4b7d-4c55-9a8e-0000000000a1'),
			vtrix('Submit', { operation: 'submit', model: 'spark_t2i_3_0', prompt: '={{ $json.body.prompt }}', options: {} }),
		], [['Webhook', 'Submit']]),
		workflow('vtrixQueueResult', 'queue: get result', [
			hook('vtrix-queue-get-result', 'firstEntryBinary', '6a1c0f1e-4b7d-4c55-9a8e-0000000000a2'),
			vtrix('Get Result', { operation: 'getResult', taskId: '={{ $json.body.taskId }}', options: {} }),
		], [['Webhook', 'Get Result']]),
	];
}

/**
 * The execution ran on a worker: the main enqueued it and the worker's own log started and
 * finished it (the finish line may follow the stored status, or a webhook's early answer, by a moment).
 */
async function expectRanOnWorker(executionId: string, worker = 'worker-1') {
	expect(cluster.main!.log()).toMatch(new RegExp(`Enqueued execution ${executionId}\\b`));
	expect(cluster.workerOf(executionId)?.name).toBe(worker);
	const own = cluster.workers.find((w) => w.name === worker)!;
	await vi.waitFor(() => expect(own.log()).toMatch(new RegExp(`Worker finished execution ${executionId}\\b`)), { timeout: 15_000, interval: 100 });
}

beforeAll(async () => {
	const started = Date.now();
	gw = await startDemoGateway({ apiKey: API_KEY, maxRenderSide: 512 });
	recorder = await startRecorder();
	llm = await startFakeLlm(() => ({ prompt: 'A lighthouse at dawn, watercolour, soft pastel light' }));
	exampleOut = tempDir('queue-campaign');
	cluster = await QueueCluster.create({ fileAccess: [exampleOut] });
	timings.push(`PostgreSQL + Redis: ${Date.now() - started} ms`);

	const imports = Date.now();
	const creds = writeJson(join(cluster.mainFolder, 'creds.json'), [
		{ id: CRED.id, name: CRED.name, type: 'vtrixApi', data: { apiKey: API_KEY, baseUrl: gw.baseUrl } },
		{ id: LLM_CRED.id, name: LLM_CRED.name, type: 'openAiApi', data: { apiKey: 'fake', url: `${llm.url}/v1` } },
	]);
	imported = [...exampleWorkflows(), ...submitThenGetResult(), ...[1, 2, 3].map((i) => loadWorkflow(i, CRED))];
	const wfs = writeJson(join(cluster.mainFolder, 'workflows.json'), imported);
	await cluster.cli(['import:credentials', `--input=${creds}`]);
	await cluster.cli(['import:workflow', `--input=${wfs}`]);
	timings.push(`imports (n8n CLI, first one migrates the database): ${Date.now() - imports} ms`);

	const start = Date.now();
	await cluster.start(await freePort(), 1);
	timings.push(`main + 1 worker ready: ${Date.now() - start} ms`);
	api = await QueueApi.connect(cluster);
	for (const id of ['vtrixExProducts1', 'vtrixExAgent0001', 'vtrixQueueSubmit', 'vtrixQueueResult', ...[1, 2, 3].map(loadWorkflowId)]) {
		await api.publish(id);
	}
	timings.push(`setup total: ${Date.now() - started} ms`);
});

afterAll(async () => {
	await cluster?.stop(); // already stopped by the teardown test unless an earlier step failed
	console.log(`queue e2e timings:\n  ${timings.join('\n  ')}`);
	await Promise.all([gw?.close(), recorder?.close(), llm?.close()]);
	if (exampleOut) rmSync(exampleOut, { recursive: true, force: true });
});

describe('n8n in queue mode', () => {
	it('runs as main + worker on PostgreSQL and Redis, binary data in the database', async () => {
		const settings = await api.settings();
		expect(settings).toMatchObject({ versionCli: cluster.runtime.n8nVersion, executionMode: 'queue', binaryDataMode: 'database' });
		expect(cluster.workers).toHaveLength(1);
		expect(await cluster.postgres.query('SELECT id FROM workflow_entity ORDER BY id')).toBe(`${imported.map((w) => w.id).sort().join('\n')}\n`);
		// Main and worker share only PostgreSQL and Redis: each has its own user folder with the package.
		const folders = [cluster.mainFolder, ...cluster.workers.map((w) => w.folder)];
		expect(new Set(folders).size).toBe(folders.length);
		for (const folder of folders) expect(existsSync(join(folder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-vtrix', 'package.json'))).toBe(true);
	});

	it('01 marketing, "Execute workflow" in the editor: runs on the worker, writes the images, notifies, stores them in PostgreSQL', async () => {
		const id = await timed('example 01 (manual run)', async () => {
			const executionId = await api.runManually('vtrixExMarketing', 'Every Monday 09:00');
			await api.finished(executionId);
			return executionId;
		});
		expect((await api.execution(id))?.status).toBe('success');
		await expectRanOnWorker(id);

		const data = await api.runData(id);
		const files = await api.storedBinaries(id);
		const images = nodeItems(data, 'Generate image group');
		const written = nodeItems(data, 'Write image to disk');
		expect(images.length).toBeGreaterThan(0);
		expect(written).toHaveLength(images.length);
		expect(readdirSync(exampleOut)).toHaveLength(images.length);
		for (const [i, image] of images.entries()) {
			const stored = storedFileOf(image, files);
			expect(imageSize(stored.bytes)).toMatchObject({ type: image.json.mimeType, width: image.json.width, height: image.json.height });
			expect(stored.bytes.equals(readFileSync(String(written[i].json.fileName)))).toBe(true);
		}
		const note = recorder.received.find((r) => r.path === '/campaign');
		expect(JSON.parse(note!.body.toString())).toMatchObject({ campaign: 'Spring sale', images: images.length });
	});

	it('02 product variants, its production webhook: runs on the worker, answers with both images, stores them in PostgreSQL', async () => {
		const form = new FormData();
		form.append('product', new Blob([renderImage({ width: 800, height: 800, format: 'png', label: 'product' })], { type: 'image/png' }), 'product.png');
		form.append('style', new Blob([renderImage({ width: 640, height: 640, format: 'jpeg', label: 'style' })], { type: 'image/jpeg' }), 'style.jpg');
		form.append('instruction', 'Queue e2e: put it on a marble table');
		const res = await timed('example 02 (webhook)', () => callWebhook(`${api.url}/webhook/vtrix-product-variants`, form));
		expect(res.status, res.text.slice(0, 2000)).toBe(200);
		const id = (await api.latestExecution('vtrixExProducts1'))!;
		expect(await api.finished(id)).toMatchObject({ status: 'success', mode: 'webhook' });
		await expectRanOnWorker(id);

		const variants = (JSON.parse(res.text) as { variants: { model: string; taskId: string; image: string }[] }).variants;
		expect(variants.map((v) => v.model).sort()).toEqual(['spark_i2i_3_0', 'spark_multi_dreamo']);
		const data = await api.runData(id);
		const files = await api.storedBinaries(id);
		for (const name of ['Studio edit (I2I 3.0)', 'Styled variant (Multi DreamO)']) {
			const [item] = nodeItems(data, name);
			const answered = variants.find((v) => v.taskId === item.json.taskId)!;
			const bytes = Buffer.from(answered.image.split(',')[1], 'base64');
			expect(storedFileOf(item, files).bytes.equals(bytes)).toBe(true);
		}
	});

	it('03 AI agent, its public chat: runs on the worker, the Vtrix tool draws, the answer has the image URL', async () => {
		const webhookId = exampleWorkflows()[2].nodes.find((n) => n.name === 'When chat message received')!.webhookId as string;
		const res = await timed('example 03 (chat)', () =>
			callWebhook(`${api.url}/webhook/${webhookId}/chat`, { action: 'sendMessage', sessionId: 'queue-e2e', chatInput: 'Draw a lighthouse at dawn' }),
		);
		expect(res.status, res.text.slice(0, 2000)).toBe(200);
		expect(String((JSON.parse(res.text) as { output: string }).output)).toMatch(/Here is your picture: http:\/\/127\.0\.0\.1/);
		const id = (await api.latestExecution('vtrixExAgent0001'))!;
		expect((await api.finished(id)).status).toBe('success');
		await expectRanOnWorker(id);
		expect(gw.tasks().filter((t) => t.params.prompt === 'A lighthouse at dawn, watercolour, soft pastel light')).toHaveLength(1);
	});

	it('Submit in one execution, Get Result in another: both on the worker, the image stored in PostgreSQL', async () => {
		const prompt = 'Queue e2e: submit now, collect later';
		const submitted = await timed('submit (webhook)', () => callWebhook(`${api.url}/webhook/vtrix-queue-submit`, { prompt }));
		expect(submitted.status, submitted.text).toBe(200);
		const { taskId } = JSON.parse(submitted.text) as { taskId: string };
		expect(taskId).toEqual(expect.any(String));
		const submitExecution = (await api.latestExecution('vtrixQueueSubmit'))!;
		expect((await api.finished(submitExecution)).status).toBe('success');

		const result = await timed('get result (webhook)', () => callWebhook(`${api.url}/webhook/vtrix-queue-get-result`, { taskId }));
		expect(result.status, result.text.slice(0, 500)).toBe(200);
		const resultExecution = (await api.latestExecution('vtrixQueueResult'))!;
		expect((await api.finished(resultExecution)).status).toBe('success');
		expect(resultExecution).not.toBe(submitExecution);
		await expectRanOnWorker(submitExecution);
		await expectRanOnWorker(resultExecution);

		const [item] = nodeItems(await api.runData(resultExecution), 'Get Result');
		expect(item.json.taskId).toBe(taskId);
		const stored = storedFileOf(item, await api.storedBinaries(resultExecution));
		expect(stored.bytes.equals(result.bytes)).toBe(true);
		expect(imageSize(result.bytes).type).toBe(result.type.split(';')[0]);
		expect(gw.tasks().filter((t) => t.params.prompt === prompt)).toHaveLength(1);
	});
});

describe('queue mode under load, the gateway answering 20 % of submits with 429', () => {
	let images: ReturnType<typeof serveOneImage> | undefined;
	beforeAll(() => {
		images = serveOneImage(gw);
	});
	afterAll(() => images?.restore());

	function expectAllDelivered(run: LoadRun, items: number) {
		expect(run).toMatchObject({ status: 'success', items, delivered: items, submittedTwice: 0, missing: 0, mismatched: 0 });
	}

	/** Started while the one-worker run is under way (it is on worker-1 by then), ready for the next case. */
	let secondWorker: Promise<unknown> | undefined;

	it(`${LOAD_ITEMS} items at the default concurrency on one worker: every image delivered, none submitted twice`, async () => {
		const storm = new Storm(gw, 7);
		const worker1 = cluster.workers[0];
		const startedBefore = worker1.log().split('Worker started execution').length;
		const running = timed(`load: ${LOAD_ITEMS} items, 1 worker`, () => runLoad(api, gw, 1, LOAD_ITEMS, 'one worker'));
		await vi.waitFor(() => expect(worker1.log().split('Worker started execution').length).toBeGreaterThan(startedBefore), { timeout: 60_000, interval: 100 });
		secondWorker = timed('second worker ready (started during the one-worker run)', () => cluster.addWorker());
		secondWorker.catch(() => undefined); // awaited by the next case
		const run = await running;
		storm.stop();
		expectAllDelivered(run, LOAD_ITEMS);
		expect(run.worker).toBe('worker-1');
		expect(storm.counts().refused).toBeGreaterThan(0);
	});

	it(`3 workflows at once on two workers (${AT_ONCE_ITEMS} items each): every image delivered, none submitted twice`, async () => {
		await secondWorker;
		expect(cluster.workers).toHaveLength(2);
		const storm = new Storm(gw, 11);
		const runs = await timed(`load: 3 × ${AT_ONCE_ITEMS} items, 2 workers`, () =>
			Promise.all([1, 2, 3].map((i) => runLoad(api, gw, i, AT_ONCE_ITEMS, `three at once ${i}`))),
		);
		storm.stop();
		for (const run of runs) expectAllDelivered(run, AT_ONCE_ITEMS);
		expect(storm.counts().refused).toBeGreaterThan(0);
		timings.push(`  executions per worker: ${runs.map((r) => `${r.workflowId} → ${r.worker}`).join(', ')}`);
		expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(['worker-1', 'worker-2']));
	});
});

describe('teardown', () => {
	const alive = (pid: number) => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	const listening = (port: number) =>
		new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => (socket.destroy(), resolve(true)));
			socket.once('error', () => resolve(false));
		});

	it('stop() ends main, workers, Redis and PostgreSQL and deletes their folders', async () => {
		const pids = [cluster.main!.child.pid!, ...cluster.workers.map((w) => w.pid)];
		const ports = [Number(new URL(cluster.main!.url).port), cluster.redis.port, cluster.postgres.port];
		const folders = [...cluster.folders, cluster.redis.dir, cluster.postgres.dir];
		for (const port of ports) expect(await listening(port)).toBe(true);
		await timed('stop (main, workers, Redis, PostgreSQL)', () => cluster.stop());
		expect(pids.filter(alive)).toEqual([]);
		for (const port of ports) expect(await listening(port)).toBe(false);
		expect(folders.filter((f) => existsSync(f))).toEqual([]);
	});
});
