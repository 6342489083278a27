import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { renderImage } from '../fake-gateway';
import { useFakeGateway } from '../harness/fakeGatewayFixture';
import { runVtrix } from '../harness/runVtrix';
import { cutOff, file, hang, inTurn, json, ScriptedServer, type Reply } from './moneyServer';

/**
 * Money and exactness against answers a faithful gateway would not give: a cancel while the
 * purchase is on the wire, answers about another task, task ids that are no ids, images cut
 * short, base64 escaped as other JSON writers escape it.
 */

const fake = useFakeGateway(32);
let gateway: ScriptedServer;
beforeAll(async () => {
	gateway = await ScriptedServer.start();
});
afterAll(() => gateway.close());
beforeEach(() => gateway.reset());

const SUBMIT = '/model/v1/generation';
const poll = (id: string) => `/model/v1/generation/task/${id}`;
const png = renderImage({ width: 40, height: 30, format: 'png', label: 'money' });
const withImage = (image: IDataObject) => ({ output: [{ content: [{ type: 'image', ...image }] }] });

type Failure = Error & { description?: string; context: IDataObject };

async function generate(baseUrl: string, extra: { items?: INodeExecutionData[]; abortSignal?: AbortSignal; continueOnFail?: boolean; prompt?: string; options?: IDataObject; model?: string } = {}) {
	const parameters = { operation: 'generate', model: extra.model ?? 'spark_t2i_3_0', prompt: extra.prompt ?? 'a lighthouse', options: extra.options ?? {} };
	return await runVtrix({ parameters, credentials: { baseUrl }, items: extra.items, abortSignal: extra.abortSignal, continueOnFail: extra.continueOnFail ?? true });
}

async function failure(run: Promise<unknown>): Promise<Failure> {
	return await run.then(
		() => {
			throw new Error('expected the run to fail');
		},
		(error: Failure) => error,
	);
}

const bytesOf = (item: INodeExecutionData) => Buffer.from((item.binary?.data as IBinaryData).data, 'base64');

describe('cancelling while the purchase is on the wire', () => {
	it('says the gateway may have taken and billed the task, and where to look', async () => {
		fake().faults.submit.push({ kind: 'hang' });
		const controller = new AbortController();
		const running = generate(fake().baseUrl, { abortSignal: controller.signal });
		await new Promise((resolve) => setTimeout(resolve, 700));
		controller.abort();
		const { items } = await running;
		expect(items[0].json.error).toBe('The execution was cancelled while the task was being submitted; the gateway may have taken and billed it');
		expect(items[0].json.description).toMatch(/may have accepted and billed this task.*Check the task list in the Vtrix dashboard/);
		expect(fake().submits()).toHaveLength(1);
	});

	it('the run\'s error names the other items\' tasks and the item whose submit never got its answer', async () => {
		gateway
			.on(SUBMIT, (request, res) => (JSON.parse(request.body.toString()).input[0].params.prompt === 'hang' ? hang(request, res) : json(200, { id: 'task_paid', status: 'pending' })(request, res)))
			.on(poll('task_paid'), json(200, { id: 'task_paid', status: 'processing' }));
		const controller = new AbortController();
		const running = runVtrix({
			parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: '={{ $json.p }}' },
			items: [{ json: { p: 'a fox' } }, { json: { p: 'hang' } }],
			credentials: { baseUrl: gateway.baseUrl },
			abortSignal: controller.signal,
		});
		await new Promise((resolve) => setTimeout(resolve, 1000));
		controller.abort();
		const error = await failure(running);
		expect(error.message).toBe('The execution was cancelled while waiting for task task_paid');
		expect(error.description).toContain('The submit of item 1 got no usable answer: the gateway may have created and billed a task for it; check the task list in the Vtrix dashboard.');
	});

	it('"cancelled before the task was submitted" only when nothing was sent: during a backoff wait', async () => {
		fake().faults.submit.push({ kind: 'status', status: 429, headers: { 'Retry-After': '30' } });
		const controller = new AbortController();
		const running = generate(fake().baseUrl, { abortSignal: controller.signal });
		await new Promise((resolve) => setTimeout(resolve, 700));
		controller.abort();
		const { items } = await running;
		expect(items[0].json).toMatchObject({ error: 'The execution was cancelled before the task was submitted', description: 'Nothing was sent to the gateway.' });
		expect(fake().tasks()).toHaveLength(0);
	});
});

describe('task ids', () => {
	it('a poll answer about another task is an error naming both, and none of its images is taken', async () => {
		gateway
			.on(SUBMIT, json(200, { id: 'task_mine', status: 'pending' }))
			.on(poll('task_mine'), json(200, { id: 'task_theirs', status: 'completed', ...withImage({ url: gateway.url('/theirs.png') }) }))
			.on('/theirs.png', file(png, { type: 'image/png' }));
		const { items } = await generate(gateway.baseUrl);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ taskId: 'task_mine', error: 'Reading task task_mine failed: the gateway answered about another task, "task_theirs"' });
		expect(items[0].binary).toBeUndefined();
		expect(gateway.seen('/theirs.png')).toHaveLength(0);
	});

	it.each(['..', '.'])('a submit answer with the task id %j is refused, never polled, and said to be possibly billed', async (id) => {
		gateway.on(SUBMIT, json(200, { id, status: 'pending' }));
		const { items } = await generate(gateway.baseUrl);
		expect(items[0].json.error).toBe(`Submitting the task failed: the gateway answered with the task id ${JSON.stringify(id)}, which names no task that can be read`);
		expect(items[0].json.description).toMatch(/may have accepted and billed this task/);
		expect(gateway.requests.map((request) => request.path)).toEqual([SUBMIT]);
	});

	it('a submit answer with a blank task id names no task: never polled, and said to be possibly billed', async () => {
		gateway.on(SUBMIT, json(200, { id: ' ', status: 'pending' }));
		const { items } = await generate(gateway.baseUrl);
		expect(items[0].json.error).toBe('Submitting the task failed: the gateway answered HTTP 200 without a readable task');
		expect(items[0].json.description).toMatch(/may have accepted and billed this task/);
		expect(gateway.requests.map((request) => request.path)).toEqual([SUBMIT]);
	});

	it.each(['.', '..', '  '])('Get Result refuses the Task ID %j without any request', async (taskId) => {
		const { items } = await runVtrix({ parameters: { operation: 'getResult', taskId }, credentials: { baseUrl: gateway.baseUrl }, continueOnFail: true });
		expect(items[0].json.error).toMatch(/^Task ID /);
		expect(gateway.requests).toHaveLength(0);
	});
});

describe('images cut short are errors, never images', () => {
	const done = (image: IDataObject) => json(200, { id: 'task_cut', status: 'completed', ...withImage(image) });
	const noEnd = png.subarray(0, png.length - 12); // without its IEND chunk

	it.each<[string, Reply]>([
		['a PNG without IEND (no Content-Length)', file(noEnd, { type: 'image/png', length: false })],
		['a body shorter than its Content-Length', cutOff(png, png.length - 100, 'image/png')],
	])('a download that arrives as %s is fetched again', async (_name, first) => {
		gateway.on(SUBMIT, done({ url: gateway.url('/cut.png') })).on('/cut.png', inTurn(first, file(png, { type: 'image/png' })));
		const { items } = await generate(gateway.baseUrl);
		expect(items[0].json.error).toBeUndefined();
		expect(bytesOf(items[0]).equals(png)).toBe(true);
		expect(gateway.seen('/cut.png')).toHaveLength(2);
	});

	it('a download that is always cut short fails naming the task and the image', async () => {
		fake().scriptNext({ format: 'png', imageBytes: noEnd });
		const { items } = await generate(fake().baseUrl);
		const taskId = fake().tasks()[0].id;
		expect(items[0].json).toMatchObject({ taskId, error: expect.stringMatching(new RegExp(`^Downloading image 1 of task ${taskId} failed: the image arrived cut short \\(a PNG without its IEND end chunk\\)`)) });
		expect(items[0].binary).toBeUndefined();
		expect(fake().downloads().length).toBeGreaterThan(1);
	});

	it.each([
		['b64_json', 'a JPEG without its end-of-image marker', renderImage({ width: 40, height: 30, format: 'jpeg', label: 'cut' })],
		['data-url', 'a WebP shorter than its RIFF size', renderImage({ width: 40, height: 30, format: 'webp', label: 'cut' })],
	] as const)('an inline (%s) image that is %s is a final error naming the task and the image', async (delivery, what, whole) => {
		fake().scriptNext({ delivery, imageBytes: whole.subarray(0, whole.length - 2) });
		const { items } = await generate(fake().baseUrl, { model: 'spark_dream_4_0', options: { responseFormat: 'b64_json' } });
		const taskId = fake().tasks()[0].id;
		expect(items[0].json.taskId).toBe(taskId);
		expect(String(items[0].json.error)).toMatch(new RegExp(`^Downloading image 1 of task ${taskId} failed: the image is cut short: ${what}`));
		expect(fake().polls(taskId).length).toBeGreaterThan(0);
		expect(fake().downloads()).toHaveLength(0);
	});
});

describe('base64 written as other JSON writers write it', () => {
	it.each([
		['"\\u002B" / "\\u002F" (.NET\'s default)', (b64: string) => b64.replace(/\+/g, '\\u002B').replace(/\//g, '\\u002F')],
		['"\\/"', (b64: string) => b64.replace(/\//g, '\\/')],
		['"\\r\\n" every 76 characters', (b64: string) => b64.replace(/(.{76})/g, '$1\\r\\n')],
	])('an inline image escaped with %s is emitted byte for byte', async (_name, escape) => {
		const image = renderImage({ width: 64, height: 64, format: 'png', label: 'escaped' });
		const text = image.toString('base64');
		expect(/[+/]/.test(text)).toBe(true);
		const answer = `{"id":"task_esc","status":"completed","output":[{"content":[{"type":"image","b64_json":"${escape(text)}"}]}]}`;
		gateway.on(SUBMIT, (_request, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(answer);
		});
		const { items } = await generate(gateway.baseUrl);
		expect(items[0].json.error).toBeUndefined();
		expect(bytesOf(items[0]).equals(image)).toBe(true);
	});
});
