// End-to-end: the built package inside the pinned real n8n, against the fake gateway on loopback.
// One n8n user folder for the whole file, one import of all credentials and workflows, and
// several cases per `n8n execute` (each costs n8n's startup), to keep the suite short.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGateway } from '../fake-gateway';
import { renderImage } from '../fake-gateway/images';
import { n8nCli, repoRoot, startN8n, freePort, type RunningN8n } from '../../scripts/lib/n8n';
import { demoWorkflows, type ExampleWorkflow } from '../../scripts/lib/demo';
import {
	binaryBytes,
	imageSize,
	manualTrigger,
	N8n,
	node,
	selectedBinaryDataMode,
	tempDir,
	workflow,
	type Item,
	type RunResult,
	type Workflow,
} from './harness';
import { parseMultipart, startFakeLlm, startFileServer, startRecorder } from './servers';

const API_KEY = 'sa-e2e-key';
const MAX_SIDE = 512; // the fake renders images at most this large: quick to make and to move
const CRED = { id: 'VtrixE2eCred0001', name: 'Vtrix e2e' };
const LLM_CRED = { id: 'VtrixE2eLlm00001', name: 'Fake LLM' };
const VTRIX = 'n8n-nodes-vtrix.vtrix';
const FAIL_CODE = '003012095';

let gw: FakeGateway;
let n8n: N8n;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let files: Awaited<ReturnType<typeof startFileServer>>;
let llm: Awaited<ReturnType<typeof startFakeLlm>>;
let inDir: string;
let outDir: string;
let exampleOut: string;
const timings: string[] = [];

function vtrixNode(name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return node(name, VTRIX, 1, { operation: 'generate', ...parameters }, { credentials: { vtrixApi: CRED }, ...extra });
}

function submitsWithPrompt(prompt: string) {
	return gw.submits().filter((s) => JSON.stringify(s).includes(prompt));
}

/** The size the fake renders for a requested size (scaled down to MAX_SIDE, aspect kept). */
function rendered(width: number, height: number) {
	const k = Math.min(1, MAX_SIDE / Math.max(width, height));
	return { width: Math.round(width * k), height: Math.round(height * k) };
}

function expectImages(items: Item[], model: string, count: number) {
	expect(items).toHaveLength(count);
	items.forEach((item, i) => {
		const bytes = binaryBytes(item);
		const sniffed = imageSize(bytes);
		expect(item.binary!.data.mimeType).toBe(sniffed.type);
		expect(item.json).toMatchObject({
			model,
			status: expect.any(String),
			imageIndex: i,
			imageCount: count,
			width: sniffed.width,
			height: sniffed.height,
			bytes: bytes.length,
			mimeType: sniffed.type,
			taskId: expect.any(String),
		});
	});
	return items.map((item) => imageSize(binaryBytes(item)));
}

// ---------------------------------------------------------------- workflows

function casesWorkflow(): Workflow {
	const read = node('Read product photo', 'n8n-nodes-base.readWriteFile', 1, {
		operation: 'read',
		fileSelector: join(inDir, 'product.png'),
		options: {},
	});
	const nodes = [
		manualTrigger(),
		read,
		vtrixNode('Dream 4.0 group', {
			model: 'spark_dream_4_0',
			prompt: 'E2E dream group: three posters of a red fox',
			options: { size: '2048x2048', sequentialImageGeneration: 'auto', maxImages: 3, watermark: false },
		}),
		node('Write to disk', 'n8n-nodes-base.readWriteFile', 1, {
			operation: 'write',
			fileName: `=${outDir}/{{ $json.model }}-{{ $json.imageIndex }}.{{ $binary.data.fileExtension }}`,
			dataPropertyName: 'data',
			options: {},
		}),
		node('Notify', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `${recorder.url}/notify`,
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					{ parameterType: 'formBinaryData', name: 'image', inputDataFieldName: 'data' },
					{ name: 'taskId', value: '={{ $json.taskId }}' },
					{ name: 'fileName', value: '={{ $json.fileName }}' },
				],
			},
			options: {},
		}),
		vtrixNode('T2I 3.0', { model: 'spark_t2i_3_0', prompt: 'E2E t2i: a lighthouse', options: { width: 1024, height: 512 } }),
		vtrixNode('I2I 3.0', {
			model: 'spark_i2i_3_0',
			prompt: 'E2E i2i: make it night',
			referenceImages: { image: [{ source: 'binary', binaryPropertyName: 'data' }] },
			options: {},
		}),
		vtrixNode('DreamO', {
			model: 'spark_dreamo',
			prompt: 'E2E dreamo: the character on a beach',
			referenceImages: { image: [{ source: 'binary', binaryPropertyName: 'data' }] },
			options: { width: 768, height: 1024 },
		}),
		vtrixNode('Multi DreamO', {
			model: 'spark_multi_dreamo',
			prompt: 'E2E multi: the product in the style of the second picture',
			referenceImages: {
				image: [
					// This model takes URLs or uploads, not both in one request (the node enforces it).
					{ source: 'url', url: `${files.url}/product.png`, refType: 'IP' },
					{ source: 'url', url: `${files.url}/style.png`, refType: 'STYLE' },
				],
			},
			options: {},
		}),
		vtrixNode(
			'Invalid request',
			{ model: 'spark_t2i_3_0', prompt: 'E2E invalid: ' + 'x'.repeat(801), options: {} },
			{ onError: 'continueRegularOutput' },
		),
		vtrixNode('Submit', { operation: 'submit', model: 'spark_t2i_3_0', prompt: 'E2E submit then get result', options: {} }),
		vtrixNode('Get Result', { operation: 'getResult', taskId: '={{ $json.taskId }}', options: {} }),
	];
	return workflow('vtrixE2eCases001', 'e2e: node cases', nodes, [
		['Start', 'Read product photo'],
		['Read product photo', 'Dream 4.0 group'],
		['Dream 4.0 group', 'Write to disk'],
		['Write to disk', 'Notify'],
		['Read product photo', 'T2I 3.0'],
		['Read product photo', 'I2I 3.0'],
		['Read product photo', 'DreamO'],
		['Read product photo', 'Multi DreamO'],
		['Read product photo', 'Invalid request'],
		['Read product photo', 'Submit'],
		['Submit', 'Get Result'],
	]);
}

/**
 * Two tasks the gateway fails: the first node has "Continue On Fail" (an error item comes
 * out), the second has not (the execution fails). One execute for both.
 */
function failingWorkflow(): Workflow {
	return workflow(
		'vtrixE2eFailing1',
		'e2e: failed tasks',
		[
			manualTrigger(),
			vtrixNode('Failing task (continue)', { model: 'spark_t2i_3_0', prompt: 'E2E failing task 1', options: {} }, { onError: 'continueRegularOutput' }),
			vtrixNode('Failing task (stop)', { model: 'spark_t2i_3_0', prompt: 'E2E failing task 2', options: {} }),
		],
		[
			['Start', 'Failing task (continue)'],
			['Failing task (continue)', 'Failing task (stop)'],
		],
	);
}

function example(file: string): ExampleWorkflow {
	return JSON.parse(readFileSync(join(repoRoot, 'examples', file), 'utf8')) as ExampleWorkflow;
}

/** Replaces a trigger by a manual trigger of the same name (connections stay valid). */
function toManual(wf: ExampleWorkflow, triggerName: string) {
	const trigger = wf.nodes.find((n) => n.name === triggerName)!;
	Object.assign(trigger, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
	delete trigger.webhookId;
}

function exampleWorkflows(): ExampleWorkflow[] {
	const opts = { outputFolder: exampleOut, notifyUrl: `${recorder.url}/campaign`, vtrixCredential: CRED, llmCredential: LLM_CRED };
	const [marketing, products, agent] = demoWorkflows(
		[example('01-scheduled-marketing-content.json'), example('02-product-photo-variants.json'), example('03-ai-agent-draws.json')],
		opts,
	);
	toManual(marketing, 'Every Monday 09:00');
	// The product example runs as shipped, through its webhook on a running n8n (see the test).
	// The agent example: a manual trigger plus the chat message the chat trigger would emit.
	toManual(agent, 'When chat message received');
	agent.nodes.push({
		...node('Chat message', 'n8n-nodes-base.set', 3.4, {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'm1', name: 'chatInput', value: 'Draw a lighthouse at dawn in watercolour', type: 'string' },
					{ id: 'm2', name: 'sessionId', value: 'e2e-session', type: 'string' },
				],
			},
			options: {},
		}),
	});
	agent.connections['When chat message received'] = { main: [[{ node: 'Chat message', type: 'main', index: 0 }]] };
	agent.connections['Chat message'] = { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] };
	return [marketing, products, agent];
}

/**
 * n8n registers a published workflow's webhook shortly after it starts serving (and 2.41 no
 * longer logs when): until then the webhook answers 404 "… is not registered". The first
 * answer that is not that one is the workflow's.
 */
async function callWebhookOnceRegistered(url: string, body: FormData, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await fetch(url, { method: 'POST', body });
		const text = await res.text();
		if (!(res.status === 404 && /not registered/i.test(text)) || Date.now() > deadline) return { status: res.status, text };
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function timed(label: string, id: string): Promise<RunResult> {
	const r = await n8n.execute(id);
	timings.push(`${label}: ${r.ms} ms`);
	return r;
}

// ---------------------------------------------------------------- suite

beforeAll(async () => {
	const started = Date.now();
	gw = await FakeGateway.start({ apiKey: API_KEY, maxRenderSide: MAX_SIDE });
	recorder = await startRecorder();
	files = await startFileServer({
		'/product.png': { type: 'image/png', bytes: renderImage({ width: 800, height: 800, format: 'png', label: 'product' }) },
		'/style.png': { type: 'image/png', bytes: renderImage({ width: 640, height: 640, format: 'png', label: 'style' }) },
	});
	llm = await startFakeLlm(() => ({ prompt: 'A lighthouse at dawn, watercolour, soft pastel light' }));
	inDir = tempDir('in');
	outDir = tempDir('out');
	exampleOut = tempDir('campaign');
	writeFileSync(join(inDir, 'product.png'), renderImage({ width: 800, height: 800, format: 'png', label: 'product' }));
	writeFileSync(join(inDir, 'style.jpg'), renderImage({ width: 640, height: 640, format: 'jpeg', label: 'style' }));

	n8n = await N8n.create('e2e', [inDir, outDir, exampleOut]);
	await n8n.importCredentials([
		{ id: CRED.id, name: CRED.name, type: 'vtrixApi', data: { apiKey: API_KEY, baseUrl: gw.baseUrl } },
		{ id: LLM_CRED.id, name: LLM_CRED.name, type: 'openAiApi', data: { apiKey: 'fake', url: `${llm.url}/v1` } },
	]);
	await n8n.importWorkflows([casesWorkflow(), failingWorkflow(), ...(exampleWorkflows() as unknown as Workflow[])]);
	timings.push(`setup (fake servers, user folder, imports): ${Date.now() - started} ms`);
});

afterAll(async () => {
	console.log(`e2e timings:\n  ${timings.join('\n  ')}`);
	await Promise.all([gw?.close(), recorder?.close(), files?.close(), llm?.close()]);
	n8n?.cleanup();
	for (const dir of [inDir, outDir, exampleOut]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Vtrix node in n8n', () => {
	let run: RunResult;
	beforeAll(async () => {
		run = await timed('node cases (one execute)', 'vtrixE2eCases001');
		if (run.exitCode !== 0) throw new Error(`execution failed: ${JSON.stringify(run.error)}\n${run.stdout.slice(-3000)}`);
	});

	it('Spark Dream 4.0 returns the image group, one binary item per image', () => {
		const sizes = expectImages(run.items('Dream 4.0 group'), 'spark_dream_4_0', 3);
		for (const s of sizes) expect(s).toMatchObject(rendered(2048, 2048));
		const [submit] = submitsWithPrompt('E2E dream group');
		expect(submit).toBeDefined();
	});

	it('Spark T2I 3.0 renders the requested width and height', () => {
		const [size] = expectImages(run.items('T2I 3.0'), 'spark_t2i_3_0', 1);
		expect(size).toMatchObject(rendered(1024, 512));
	});

	it('Spark I2I 3.0 edits the binary input image', () => {
		expectImages(run.items('I2I 3.0'), 'spark_i2i_3_0', 1);
		expect(JSON.stringify(submitsWithPrompt('E2E i2i'))).toContain('binary_data_base64');
	});

	it('Spark DreamO uses one reference image', () => {
		const [size] = expectImages(run.items('DreamO'), 'spark_dreamo', 1);
		expect(size).toMatchObject(rendered(768, 1024));
	});

	it('Spark DreamO Multi IP sends two URL references with their types', () => {
		expectImages(run.items('Multi DreamO'), 'spark_multi_dreamo', 1);
		const body = JSON.stringify(submitsWithPrompt('E2E multi'));
		expect(body).toContain('"IP"');
		expect(body).toContain('"STYLE"');
	});

	it('a request the model page forbids becomes an error item and never reaches the gateway', () => {
		const items = run.items('Invalid request');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toEqual(expect.any(String));
		expect(items[0].json.code).toBeTruthy();
		expect(items[0].binary).toBeUndefined();
		expect(submitsWithPrompt('E2E invalid')).toHaveLength(0);
	});

	it('Submit returns the task; Get Result fetches its images later', () => {
		const [submitted] = run.items('Submit');
		expect(submitted.json).toMatchObject({ taskId: expect.any(String), model: 'spark_t2i_3_0', status: expect.any(String) });
		expect(submitted.binary).toBeUndefined();
		const results = run.items('Get Result');
		expect(results.length).toBeGreaterThanOrEqual(1);
		expect(results[0].json.taskId).toBe(submitted.json.taskId);
		expect(imageSize(binaryBytes(results[0])).type).toBe(results[0].binary!.data.mimeType);
		expect(submitsWithPrompt('E2E submit then get result')).toHaveLength(1);
	});

	it(`images are kept in n8n's ${selectedBinaryDataMode()} binary data store, not in the run data`, () => {
		const store = { filesystem: 'filesystem-v2', database: 'database' }[n8n.binaryDataMode];
		const vtrixNodes = ['Dream 4.0 group', 'T2I 3.0', 'I2I 3.0', 'DreamO', 'Multi DreamO', 'Get Result'];
		const items = vtrixNodes.flatMap((name) => run.items(name));
		expect(items).toHaveLength(8);
		for (const item of items) expect(item.binary!.data.id).toMatch(new RegExp(`^${store}:`));
		expect(run.stdout).not.toContain(items[0].binary!.data.data);
	});

	it('images flow into Read/Write Files from Disk', () => {
		const written = run.items('Write to disk');
		const generated = run.items('Dream 4.0 group');
		expect(written).toHaveLength(3);
		for (const [i, item] of written.entries()) {
			const path = String(item.json.fileName);
			expect(path.startsWith(outDir)).toBe(true);
			expect(readFileSync(path).equals(binaryBytes(generated[i]))).toBe(true);
		}
		expect(readdirSync(outDir)).toHaveLength(3);
	});

	it('images flow into an HTTP Request node (multipart POST)', () => {
		const posts = recorder.received.filter((r) => r.path === '/notify');
		expect(posts).toHaveLength(3);
		const generated = run.items('Dream 4.0 group');
		for (const [i, post] of posts.entries()) {
			const parts = parseMultipart(post);
			const image = parts.find((p) => p.name === 'image')!;
			expect(image.contentType).toBe(generated[i].binary!.data.mimeType);
			expect(image.data.equals(binaryBytes(generated[i]))).toBe(true);
			expect(parts.find((p) => p.name === 'taskId')!.data.toString()).toBe(generated[i].json.taskId);
		}
	});

});

describe('failed tasks', () => {
	let run: RunResult;
	beforeAll(async () => {
		// Only this workflow submits now: the next two tasks fail at the gateway.
		for (let i = 0; i < 2; i++) gw.scriptNext({ outcome: 'failed', error: { code: FAIL_CODE, message: 'Internal generation error' } });
		run = await timed('failed tasks (one execute)', 'vtrixE2eFailing1');
	});

	it('with Continue On Fail, a failed task becomes an error item carrying its code', () => {
		const items = run.items('Failing task (continue)');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ code: FAIL_CODE, taskId: expect.any(String) });
		expect(String(items[0].json.error)).toContain(FAIL_CODE);
	});

	it('without Continue On Fail, a failed task fails the execution with its code', () => {
		expect(run.exitCode).not.toBe(0);
		expect(run.error?.node?.name).toBe('Failing task (stop)');
		expect(JSON.stringify(run.error)).toContain(FAIL_CODE);
	});
});

describe('example workflows', () => {
	it('01 scheduled marketing content: writes the image group and notifies with files and cost', async () => {
		const r = await timed('example 01 (one execute)', 'vtrixExMarketing');
		expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);
		const images = r.items('Generate image group');
		expect(images.length).toBeGreaterThan(0);
		const onDisk = readdirSync(exampleOut);
		expect(onDisk).toHaveLength(images.length);
		const note = recorder.received.find((p) => p.path === '/campaign');
		expect(note).toBeDefined();
		const body = JSON.parse(note!.body.toString()) as { campaign: string; images: number; files: string[]; totalCost: number };
		expect(body.campaign).toBe('Spring sale');
		expect(body.images).toBe(images.length);
		expect(body.files.map((f) => f.split('/').pop()).sort()).toEqual(onDisk.sort());
		for (const f of body.files) expect(existsSync(f)).toBe(true);
		expect(typeof body.totalCost).toBe('number');
		expect(body.totalCost).toBeGreaterThan(0);
	});

	it('02 product photo variants: upload to the webhook, get an I2I edit and a styled Multi DreamO variant back', async () => {
		// As a user runs it: published, n8n serving, a multipart upload to the production URL.
		const published = await n8nCli(n8n.env, ['publish:workflow', '--id=vtrixExProducts1']);
		expect(published.code, published.stdout + published.stderr).toBe(0);
		const started = Date.now();
		let server: RunningN8n | undefined;
		try {
			server = await startN8n(n8n.env, await freePort());
			const form = new FormData();
			form.append('product', new Blob([readFileSync(join(inDir, 'product.png'))], { type: 'image/png' }), 'product.png');
			form.append('style', new Blob([readFileSync(join(inDir, 'style.jpg'))], { type: 'image/jpeg' }), 'style.jpg');
			form.append('instruction', 'E2E example: put it on a marble table');
			const { status, text } = await callWebhookOnceRegistered(`${server.url}/webhook/vtrix-product-variants`, form);
			expect(status, text.slice(0, 2000)).toBe(200);
			const body = JSON.parse(text) as { variants: { model: string; mimeType: string; width: number; height: number; image: string }[] };
			expect(body.variants.map((v) => v.model).sort()).toEqual(['spark_i2i_3_0', 'spark_multi_dreamo']);
			for (const v of body.variants) {
				const [, mime, b64] = /^data:([^;]+);base64,(.*)$/.exec(v.image)!;
				const size = imageSize(Buffer.from(b64, 'base64'));
				expect(size).toMatchObject({ type: mime, width: v.width, height: v.height });
			}
			expect(JSON.stringify(submitsWithPrompt('E2E example: put it on a marble table'))).toContain('spark_i2i_3_0');
			// n8n 2.41 lists deprecated settings at start: none of those this project sets.
			expect(server.log()).not.toMatch(/- (WEBHOOK_URL|N8N_DEFAULT_BINARY_DATA_MODE|N8N_UNVERIFIED_PACKAGES_ENABLED|N8N_BINARY_DATA_STORAGE_PATH) ->/);
		} finally {
			await server?.stop();
			timings.push(`example 02 (publish, n8n start, webhook call, stop): ${Date.now() - started} ms`);
		}
	});

	it('03 AI agent: the chat model calls the Vtrix tool, the answer carries the image URL', async () => {
		const before = gw.submits().length;
		const r = await timed('example 03 (one execute)', 'vtrixExAgent0001');
		expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);
		const [answer] = r.items('AI Agent');
		expect(llm.requests).toHaveLength(2);
		const submits = gw.submits().slice(before);
		expect(submits).toHaveLength(1);
		expect(JSON.stringify(submits[0])).toContain('A lighthouse at dawn, watercolour');
		const toolMessage = llm.requests[1].messages.find((m) => m.role === 'tool');
		expect(JSON.stringify(toolMessage)).toContain('spark_t2i_3_0');
		expect(String(answer.json.output)).toMatch(/Here is your picture: http:\/\/127\.0\.0\.1/);
	});
});
