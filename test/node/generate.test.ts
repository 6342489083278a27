import type { IBinaryData } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { USER_AGENT } from '../../nodes/Vtrix/gateway/transport';
import { sniffImage } from '../../nodes/Vtrix/images/sniff';
import { FakeGateway } from '../fake-gateway';
import { jpegHeader } from '../harness/imageHeaders';
import { referenceInputs } from '../harness/referenceInputs';
import { useFakeGateway } from '../harness/fakeGatewayFixture';
import { runVtrix, TEST_API_KEY } from '../harness/runVtrix';

const gateway = useFakeGateway(48);

const bytesOf = (binary: IBinaryData) => Buffer.from(binary.data, 'base64');

async function generate(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runVtrix>[0]> = {}) {
	return await runVtrix({
		parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'a lighthouse', ...parameters },
		credentials: { baseUrl: gateway().baseUrl },
		...extra,
	});
}

describe('Generate', () => {
	it('submits, polls until completed, downloads and emits the image with its facts', async () => {
		const { items } = await generate({ options: { seed: 42 } });
		expect(items).toHaveLength(1);
		const [item] = items;
		const task = gateway().tasks()[0];
		const binary = item.binary?.data as IBinaryData;
		const served = bytesOf(binary);
		expect(sniffImage(served)?.format).toBe('jpeg');
		expect(binary.mimeType).toBe('image/jpeg');
		expect(binary.fileName).toBe(`spark_t2i_3_0-${task.id}-0.jpg`);
		expect(item.json).toMatchObject({
			taskId: task.id,
			model: 'spark_t2i_3_0',
			status: 'completed',
			imageIndex: 0,
			imageCount: 1,
			width: sniffImage(served)?.width,
			height: sniffImage(served)?.height,
			bytes: served.length,
			mimeType: 'image/jpeg',
			cost: 0.03,
			prompt: 'a lighthouse',
			seed: 42,
		});
		expect(String(item.json.url)).toMatch(new RegExp(`^${gateway().baseUrl}/files/`));
		expect(item.json.elapsedMs).toBeGreaterThan(0);
		expect(item.json.usage).toMatchObject({ cost: '0.0300' });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(gateway().submits()).toHaveLength(1);
		expect(gateway().polls(task.id).length).toBeGreaterThanOrEqual(2);
	});

	it('sends the Bearer key, JSON and a User-Agent naming the package to the gateway', async () => {
		await generate({});
		const submit = gateway().submits()[0];
		expect(submit.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
		expect(submit.headers['content-type']).toMatch(/^application\/json/);
		expect(submit.headers['user-agent']).toBe(USER_AGENT);
		expect(gateway().polls()[0].headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
	});

	it('names this package version in the User-Agent', async () => {
		const { version } = (await import('../../package.json')).default as { version: string };
		expect(USER_AGENT).toBe(`n8n-nodes-vtrix/${version}`);
	});

	it('emits every image of every output group, in order, each paired to its input', async () => {
		gateway().scriptNext({ images: 4, groups: 2 });
		const { items } = await generate({ model: 'spark_dream_4_0', options: { sequentialImageGeneration: 'auto', maxImages: 4 } });
		expect(items.map((item) => item.json.imageIndex)).toEqual([0, 1, 2, 3]);
		expect(items.every((item) => item.json.imageCount === 4)).toBe(true);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		const urls = items.map((item) => item.json.url);
		expect(new Set(urls).size).toBe(4);
		expect(gateway().downloads()).toHaveLength(4);
	});

	it('keeps input order across concurrent items of different durations', async () => {
		gateway().scriptNext({ durationMs: 1500 });
		gateway().scriptNext({ durationMs: 200 });
		gateway().scriptNext({ durationMs: 700 });
		const { items } = await generate({ prompt: '={{ "prompt " + $json.n }}' }, { items: [{ json: { n: 0 } }, { json: { n: 1 } }, { json: { n: 2 } }] });
		expect(items.map((item) => item.json.prompt)).toEqual(['prompt 0', 'prompt 1', 'prompt 2']);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
		const submitTimes = gateway().submits().map((request) => request.at);
		expect(Math.max(...submitTimes) - Math.min(...submitTimes)).toBeLessThan(1000);
	});

	it.each([
		['b64_json', { delivery: 'b64_json' as const }],
		['a data: URL in url', { delivery: 'data-url' as const }],
	])('decodes images delivered as %s without downloading', async (_name, script) => {
		gateway().scriptNext(script);
		const { items } = await generate({ model: 'spark_dream_4_0', options: { responseFormat: 'b64_json' } });
		expect(items).toHaveLength(1);
		expect(sniffImage(bytesOf(items[0].binary?.data as IBinaryData))?.format).toBe('jpeg');
		expect(items[0].json.url).toBeNull();
		expect(gateway().downloads()).toHaveLength(0);
	});

	it.each(['png', 'webp'] as const)('takes the type of a %s result from its bytes', async (format) => {
		gateway().scriptNext({ format });
		const { items } = await generate({});
		const binary = items[0].binary?.data as IBinaryData;
		expect(binary.mimeType).toBe(`image/${format}`);
		expect(binary.fileName).toMatch(new RegExp(`\\.${format}$`));
	});

	it.each([
		['task_id and "succeeded"', { idField: 'task_id' as const, finalStatus: 'succeeded' }],
		['"success", percent progress, ISO created_at', { finalStatus: 'success', progress: 'percent' as const, createdAt: 'iso' as const }],
		['queued/running states, no progress', { states: ['queued', 'running', 'in_progress'], progress: 'absent' as const }],
		['no usage, no content type, no size', { usage: 'absent' as const, contentType: 'absent' as const, omitSize: true }],
		['image_url content type', { contentType: 'image_url' as const }],
	])('tolerates %s', async (_name, script) => {
		gateway().scriptNext(script);
		const { items } = await generate({});
		expect(items).toHaveLength(1);
		expect(items[0].binary?.data).toBeDefined();
		expect(items[0].json.taskId).toBe(gateway().tasks()[0].id);
	});

	it('reports the real output size of spark_i2i_3_0, which the gateway snaps', async () => {
		const { items: inputs, referenceImages } = referenceInputs([jpegHeader(1000, 1000)]);
		const big = await FakeGateway.start({});
		try {
			const { items } = await runVtrix({
				parameters: { operation: 'generate', model: 'spark_i2i_3_0', prompt: 'make it blue', referenceImages, options: { width: 1000, height: 700 } },
				items: inputs,
				credentials: { baseUrl: big.baseUrl },
			});
			expect(items[0].json).toMatchObject({ width: 1008, height: 704 });
		} finally {
			await big.close();
		}
	});

	it('emits URLs only when Download Images is off', async () => {
		const { items } = await generate({ options: { downloadImages: false } });
		expect(items[0].binary).toBeUndefined();
		expect(String(items[0].json.url)).toMatch(/^http:\/\/127\.0\.0\.1/);
		expect(gateway().downloads()).toHaveLength(0);
	});

	it('puts the image in the binary field the user names', async () => {
		const { items } = await generate({ options: { binaryPropertyName: 'picture' } });
		expect(Object.keys(items[0].binary ?? {})).toEqual(['picture']);
	});

	it('says what the page only recommends as a warning, in the item and as a hint', async () => {
		const { items, hints } = await generate({ prompt: 'x'.repeat(150) });
		expect(items[0].json.warnings).toEqual([expect.stringMatching(/150 characters.*120/)]);
		expect(hints.map((hint) => hint.message)).toContain((items[0].json.warnings as string[])[0]);
	});

	it('fails a failed task with its code, message and task id', async () => {
		gateway().scriptNext({ outcome: 'failed', error: { code: '003001095', message: 'Internal generation error' } });
		const error = await generate({}).catch((caught: unknown) => caught);
		const taskId = gateway().tasks()[0].id;
		expect(error).toMatchObject({
			message: `Task ${taskId} failed: 003001095: Internal generation error`,
			context: { code: '003001095', taskId },
		});
	});

	it.each([
		['error status, plain string error', { outcome: 'failed' as const, finalStatus: 'error', error: 'GPU exploded' }, undefined],
		['expired', { outcome: 'failed' as const, finalStatus: 'expired', error: { code: 7, message: 'too old', messageField: 'message' as const } }, '7'],
	])('fails a task ending %s', async (_name, script, code) => {
		gateway().scriptNext(script);
		const { items } = await generate({}, { continueOnFail: true });
		expect(items).toEqual([
			{ json: expect.objectContaining({ code: code ?? null, taskId: gateway().tasks()[0].id }), pairedItem: { item: 0 } },
		]);
	});
});

describe('Submit and Get Result', () => {
	it('Submit emits the task id at once without polling', async () => {
		const { items } = await runVtrix({
			parameters: { operation: 'submit', model: 'spark_t2i_3_0', prompt: 'a fox' },
			credentials: { baseUrl: gateway().baseUrl },
		});
		const task = gateway().tasks()[0];
		expect(items).toEqual([{ json: { taskId: task.id, status: 'pending', model: 'spark_t2i_3_0', prompt: 'a fox' }, pairedItem: { item: 0 } }]);
		expect(gateway().polls()).toHaveLength(0);
	});

	it('Get Result collects the images of a submitted task without submitting again', async () => {
		const submitted = await runVtrix({
			parameters: { operation: 'submit', model: 'spark_dream_4_0', prompt: 'a fox', options: { sequentialImageGeneration: 'auto', maxImages: 2 } },
			credentials: { baseUrl: gateway().baseUrl },
		});
		const taskId = submitted.items[0].json.taskId as string;
		const { items } = await runVtrix({
			parameters: { operation: 'getResult', taskId: '={{ $json.taskId }}' },
			items: submitted.items,
			credentials: { baseUrl: gateway().baseUrl },
		});
		expect(items).toHaveLength(2);
		expect(items.map((item) => item.json.taskId)).toEqual([taskId, taskId]);
		expect(items[0].json.model).toBe('spark_dream_4_0');
		expect(items[0].binary?.data.fileName).toBe(`spark_dream_4_0-${taskId}-0.jpg`);
		expect(gateway().submits()).toHaveLength(1);
	});

	it('Get Result of an unknown task fails with HTTP 404 and names the task', async () => {
		const { items } = await runVtrix({
			parameters: { operation: 'getResult', taskId: 'task_nope' },
			credentials: { baseUrl: gateway().baseUrl },
			continueOnFail: true,
		});
		expect(items[0].json).toMatchObject({ code: '404', taskId: 'task_nope', error: expect.stringMatching(/HTTP 404/) });
	});
});
