import { describe, expect, it } from 'vitest';

import type { TaskScript } from '../fake-gateway';
import { useFakeGateway } from '../harness/fakeGatewayFixture';
import { runVtrix } from '../harness/runVtrix';

/**
 * The answer shapes the gateway's own CLI reads (API.md, "What the gateway's own CLI expects"),
 * each served by the fake gateway and met by the node's real execute().
 */

const gateway = useFakeGateway(32);

const BALANCE = /insufficient balance/;

async function generate(script: TaskScript, parameters: Record<string, unknown> = {}) {
	gateway().scriptNext(script);
	const { items } = await runVtrix({
		parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'a lighthouse', ...parameters },
		credentials: { baseUrl: gateway().baseUrl },
		continueOnFail: true,
	});
	return items;
}

const onlyTaskId = () => gateway().tasks()[0].id;

describe('submit answers', () => {
	it.each([
		['{"id"}', { submitAnswer: 'id-only' as const }],
		['{"task_id"}', { submitAnswer: 'id-only' as const, idField: 'task_id' as const }],
		['{"request_id"}', { submitAnswer: 'id-only' as const, idField: 'request_id' as const }],
	])('an answer holding only the id, %s, is a task: polled until done and emitted', async (_name, script) => {
		const items = await generate(script);
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].binary?.data).toBeDefined();
		expect(items[0].json.taskId).toBe(onlyTaskId());
		expect(gateway().polls(onlyTaskId()).length).toBeGreaterThanOrEqual(2);
		expect(gateway().submits()).toHaveLength(1);
	});

	it('Submit with an id-only answer emits the task id as pending', async () => {
		gateway().scriptNext({ submitAnswer: 'id-only' });
		const { items } = await runVtrix({
			parameters: { operation: 'submit', model: 'spark_t2i_3_0', prompt: 'a fox' },
			credentials: { baseUrl: gateway().baseUrl },
		});
		expect(items[0].json).toEqual({ taskId: onlyTaskId(), status: 'pending', model: 'spark_t2i_3_0', prompt: 'a fox' });
	});

	it.each([
		['{"error": {code, error_message}}', { error: { code: '003001001', error_message: 'prompt is required' } }, '003001001: prompt is required', '003001001', /no task id/],
		['{"error": "…"}', { error: 'prompt is required' }, 'prompt is required', null, /no task id/],
		['a status envelope with error_code 40201', { status: { code: 402, message: 'Insufficient credits', error_code: 40201 }, data: null }, '40201: Insufficient credits', '40201', BALANCE],
	])('a 200 answer without an id holding %s is a refusal with its code and message', async (_name, body, reason, code, description) => {
		const items = await generate({ refuseSubmit: { status: 200, body } });
		expect(items[0].json).toMatchObject({ error: `Submitting the task failed: the gateway refused it: ${reason}`, code, taskId: null });
		expect(items[0].json.description).toMatch(description);
		expect(gateway().submits()).toHaveLength(1);
		expect(gateway().polls()).toHaveLength(0);
	});
});

describe('ids and statuses', () => {
	it('request_id as the id of every answer', async () => {
		const items = await generate({ idField: 'request_id' });
		expect(items[0].binary?.data).toBeDefined();
		expect(items[0].json.taskId).toBe(onlyTaskId());
	});

	it('upper-case statuses (QUEUED, IN_PROGRESS, COMPLETED) are read, and shown in lower case', async () => {
		const items = await generate({ states: ['QUEUED', 'IN_PROGRESS'], finalStatus: 'COMPLETED' });
		expect(items[0].binary?.data).toBeDefined();
		expect(items[0].json.status).toBe('completed');
		expect(gateway().polls()).toHaveLength(2);
	});

	it.each([
		['the images in a flat outputs list', { omitStatus: true, imageList: 'outputs' as const, idField: 'request_id' as const }],
		['the images in output[].content[]', { omitStatus: true }],
	])('no status at all: %s mean done', async (_name, script) => {
		const items = await generate(script);
		expect(items[0].binary?.data).toBeDefined();
		expect(items[0].json.status).toBe('completed');
	});

	it('no status at all: an error means failed', async () => {
		const items = await generate({ omitStatus: true, outcome: 'failed', error: { code: '003001095', message: 'Internal generation error' } });
		expect(items[0].json).toMatchObject({ error: `Task ${onlyTaskId()} failed: 003001095: Internal generation error`, code: '003001095', taskId: onlyTaskId() });
	});
});

describe('failures', () => {
	const providerRejection = { code: 'InvalidParameter', message: 'Image dimensions must be in [384, 5000], got 5504x3072' };

	it('COMPLETED with an error, error_type, provider_error and logs is a failure: "code: message", the type and the last log', async () => {
		const items = await generate({
			idField: 'request_id',
			outcome: 'failed',
			finalStatus: 'COMPLETED',
			error: { code: 'InvalidParameter', message: 'Provider rejected request', messageField: 'message' },
			errorType: 'REQUEST_INVALID',
			providerError: { code: 'InvalidParameter', message: 'Provider rejected request', task_status: 'FAILED' },
			logs: [
				{ message: 'request queued', timestamp: '2026-06-27T10:12:20Z' },
				{ message: 'provider rejected request', timestamp: '2026-06-27T10:12:27Z' },
			],
		});
		const taskId = onlyTaskId();
		expect(items[0].json).toMatchObject({ error: `Task ${taskId} failed: InvalidParameter: Provider rejected request`, code: 'InvalidParameter', taskId });
		expect(items[0].json.description).toContain('Error type: REQUEST_INVALID. Last log (2026-06-27T10:12:27Z): "provider rejected request".');
		expect(items[0].json.description).not.toContain('request queued');
		expect(gateway().downloads()).toHaveLength(0);
	});

	it('COMPLETED with a plain string error takes the code from provider_error', async () => {
		const items = await generate({ outcome: 'failed', finalStatus: 'COMPLETED', error: providerRejection.message, errorType: 'REQUEST_INVALID', providerError: providerRejection });
		expect(items[0].json).toMatchObject({ error: `Task ${onlyTaskId()} failed: ${providerRejection.code}: ${providerRejection.message}`, code: providerRejection.code });
	});

	it.each([
		['completed', 'completed'],
		['failed', 'failed'],
	])('%s with only a provider_error fails with its code and message', async (_name, finalStatus) => {
		const items = await generate({ outcome: 'failed', finalStatus, error: 'absent', providerError: { ...providerRejection, task_status: 'FAILED' } });
		expect(items[0].json).toMatchObject({ error: `Task ${onlyTaskId()} failed: ${providerRejection.code}: ${providerRejection.message}`, code: providerRejection.code });
	});

	it('a failed task whose message says the balance is insufficient gets the balance advice', async () => {
		const items = await generate({ outcome: 'failed', error: { code: 'E402', message: 'Insufficient balance' } });
		expect(items[0].json.description).toMatch(BALANCE);
		expect(items[0].json.taskId).toBe(onlyTaskId());
	});
});

describe('images and usage', () => {
	it('a flat outputs list instead of output[]: every image, in order, with file_size as the reported size', async () => {
		const items = await generate({ imageList: 'outputs', images: 3 }, { model: 'spark_dream_4_0', options: { sequentialImageGeneration: 'auto', maxImages: 3, downloadImages: false } });
		const taskId = onlyTaskId();
		expect(items.map((item) => item.json.url)).toEqual([0, 1, 2].map((n) => `${gateway().baseUrl}/files/${taskId}/${n}.jpeg`));
		expect(items.map((item) => item.json.imageIndex)).toEqual([0, 1, 2]);
		const served = await Promise.all(items.map(async (item) => (await (await fetch(String(item.json.url))).arrayBuffer()).byteLength));
		expect(items.map((item) => item.json.bytes)).toEqual(served);
	});

	it('outputs beside output[] naming the same images: each image once', async () => {
		const items = await generate({ imageList: 'both', images: 3, groups: 2 }, { model: 'spark_dream_4_0', options: { sequentialImageGeneration: 'auto', maxImages: 3 } });
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.json.imageCount)).toEqual([3, 3, 3]);
		expect(gateway().downloads()).toHaveLength(3);
	});

	it('b64_json images in both lists: each image once', async () => {
		const items = await generate({ imageList: 'both', images: 2, delivery: 'b64_json' }, { model: 'spark_dream_4_0', options: { sequentialImageGeneration: 'auto', maxImages: 2, responseFormat: 'b64_json' } });
		expect(items).toHaveLength(2);
		expect(items.every((item) => item.binary?.data !== undefined)).toBe(true);
	});

	it('content items carrying id, img_id, duration and metadata', async () => {
		const items = await generate({ contentExtras: true });
		expect(items[0].binary?.data).toBeDefined();
	});

	it('usage with a cost string, quantity, unit_price and extra_info: kept whole, cost as a number', async () => {
		const usage = { cost: '0.0600', quantity: 2, unit_price: '0.0300', extra_info: { resolution: '2K' } };
		const items = await generate({ usage });
		expect(items[0].json).toMatchObject({ usage, cost: 0.06 });
	});

	it.each([
		['0-1', 'fraction' as const],
		['0-100', 'percent' as const],
	])('progress as %s', async (_name, progress) => {
		const items = await generate({ progress, states: ['processing', 'processing'] });
		expect(items[0].binary?.data).toBeDefined();
	});
});

describe('HTTP error bodies', () => {
	it.each([
		['{"error":"Bad Request","message":"…"} shows the message', 400, { error: 'Bad Request', message: 'prompt must not be empty' }, 'HTTP 400: prompt must not be empty', /rejected a parameter/],
		['status.message and status.error_code', 400, { status: { code: 400, message: 'Invalid size', error_code: '003012011' }, data: null }, 'HTTP 400 003012011: Invalid size', /rejected a parameter/],
		['a top-level error_code before code', 422, { error_code: '003001005', code: 422, message: 'bad size' }, 'HTTP 422 003001005: bad size', /rejected a parameter/],
		['error_code 40205 on a 400', 400, { error_code: 40205, message: 'account frozen for payment' }, 'HTTP 400 40205: account frozen for payment', BALANCE],
		['the words "insufficient credits" on a 400', 400, { error: 'Bad Request', message: 'Insufficient credits for spark_t2i_3_0' }, 'HTTP 400: Insufficient credits for spark_t2i_3_0', BALANCE],
	])('%s', async (_name, status, body, message, description) => {
		const items = await generate({ refuseSubmit: { status, body } });
		expect(items[0].json.error).toBe(`Submitting the task failed: ${message}`);
		expect(items[0].json.description).toMatch(description);
		expect(gateway().submits()).toHaveLength(1);
	});

	it('an error answer that names a task keeps its id in the error', async () => {
		const items = await generate({ refuseSubmit: { status: 500, body: { request_id: 'task_seen_1', error: 'upstream timeout' } } });
		expect(items[0].json).toMatchObject({ error: 'Submitting the task failed: HTTP 500: upstream timeout', taskId: 'task_seen_1' });
		expect(items[0].json.description).toContain('Task ID "task_seen_1"');
		expect(gateway().submits()).toHaveLength(1);
	});
});
