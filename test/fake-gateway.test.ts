import { decode as decodeJpeg } from 'jpeg-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGateway, imageSize, renderImage } from './fake-gateway';

const KEY = 'sa-test-key';
const RENDER_SIDE = 64;

let gw: FakeGateway;

beforeAll(async () => {
	gw = await FakeGateway.start({ maxRenderSide: RENDER_SIDE });
});
afterEach(() => gw.reset());
afterAll(() => gw.close());

function submit(params: Record<string, unknown>, model = 'spark_dream_4_0', key = KEY, signal?: AbortSignal) {
	return fetch(`${gw.baseUrl}/model/v1/generation`, {
		method: 'POST',
		headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model, input: [{ params }] }),
		signal,
	});
}

function poll(id: string, key = KEY) {
	return fetch(`${gw.baseUrl}/model/v1/generation/task/${id}`, { headers: { authorization: `Bearer ${key}` } });
}

type TaskObject = Record<string, unknown> & {
	id: string;
	status: string;
	output?: Array<{ content: Array<Record<string, unknown>> }>;
};

async function submitTask(params: Record<string, unknown>, model?: string): Promise<TaskObject> {
	const res = await submit(params, model);
	expect(res.status).toBe(200);
	return (await res.json()) as TaskObject;
}

async function pollTask(id: string): Promise<TaskObject> {
	const res = await poll(id);
	expect(res.status).toBe(200);
	return (await res.json()) as TaskObject;
}

/** Polls until the task leaves the not-yet states (at most 20 polls). */
async function finish(id: string): Promise<TaskObject> {
	for (let i = 0; i < 20; i++) {
		const task = await pollTask(id);
		if (!['pending', 'processing'].includes(task.status)) return task;
	}
	throw new Error(`task ${id} did not finish`);
}

async function download(url: string): Promise<{ res: Response; bytes: Buffer }> {
	const res = await fetch(url);
	return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

function firstItem(task: TaskObject): Record<string, unknown> {
	return task.output![0].content[0];
}

describe('auth and validation', () => {
	it('answers 401 for a missing or wrong key on submit and poll, 404 for an unknown task', async () => {
		const noKey = await fetch(`${gw.baseUrl}/model/v1/generation`, { method: 'POST', body: '{}' });
		expect(noKey.status).toBe(401);
		expect(await noKey.json()).toEqual({ error: { code: 401, message: 'Invalid API key' } });
		expect((await submit({ prompt: 'x' }, 'spark_dream_4_0', 'wrong')).status).toBe(401);
		expect((await poll('task_nope', 'wrong')).status).toBe(401);
		const unknown = await poll('task_nope');
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual({ error: { code: 404, message: 'Task not found' } });
		expect(gw.tasks()).toHaveLength(0);
	});

	it('answers 402 when the balance is exhausted', async () => {
		gw.balanceExhausted = true;
		const res = await submit({ prompt: 'x' });
		expect(res.status).toBe(402);
		expect(await res.json()).toEqual({
			status: { code: 402, message: 'Insufficient credits', error_code: 40201 },
			data: null,
		});
	});

	it('rejects an unknown model and a missing prompt with the model page codes', async () => {
		const unknown = await submit({ prompt: 'x' }, 'spark_nope');
		expect(unknown.status).toBe(400);
		expect(await unknown.json()).toEqual({ error: { code: '400', message: 'Unknown model spark_nope' } });
		const codes: Record<string, string> = {
			spark_dream_4_0: '003012002',
			spark_multi_dreamo: '003013001',
			spark_dreamo: '003011001',
			spark_t2i_3_0: '003001001',
			spark_i2i_3_0: '003003001',
		};
		for (const [model, code] of Object.entries(codes)) {
			const res = await submit({ prompt: '  ' }, model);
			expect(res.status).toBe(400);
			expect(await res.json()).toEqual({ code, message: 'Prompt missing' });
		}
		expect(gw.tasks()).toHaveLength(0);
	});
});

describe('task lifecycle', () => {
	it('goes pending (submit) -> processing -> completed and serves the image without auth', async () => {
		const submitted = await submitTask({ prompt: 'a fox' });
		expect(submitted).toMatchObject({ status: 'pending', progress: 0, model: 'spark_dream_4_0', metadata: {} });
		expect(submitted.id).toMatch(/^task_\d+_[0-9a-f]+$/);
		expect(typeof submitted.created_at).toBe('number');
		expect(submitted.output).toBeUndefined();

		expect(await pollTask(submitted.id)).toMatchObject({ status: 'processing', progress: 0.5 });
		const done = await pollTask(submitted.id);
		expect(done).toMatchObject({ status: 'completed', progress: 1, usage: { cost: '0.0300', discount: 1 } });
		expect(done.error).toBeUndefined();

		const item = firstItem(done);
		expect(item).toMatchObject({ type: 'image', jobId: `job_${submitted.id}_0` });
		const { res, bytes } = await download(item.url as string);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(bytes.length).toBe(item.size);
		// 2K is 2048x2048, scaled down to the render limit
		expect(imageSize(bytes)).toEqual({ format: 'jpeg', width: RENDER_SIDE, height: RENDER_SIDE });
		expect(decodeJpeg(bytes).width).toBe(RENDER_SIDE);

		const [task] = gw.tasks();
		expect(task).toMatchObject({ id: submitted.id, model: 'spark_dream_4_0', pollCount: 2 });
		expect(task.completedAt).toBeGreaterThan(task.submittedAt);
		expect(gw.downloads()[0].headers.authorization).toBeUndefined();
		expect(gw.submits()[0].taskId).toBe(submitted.id);
	});

	it('different prompts give different pictures, the same prompt the same one', async () => {
		const picture = async (prompt: string) => {
			const { id } = await submitTask({ prompt });
			return (await download(firstItem(await finish(id)).url as string)).bytes;
		};
		const fox = await picture('a fox');
		expect((await picture('a fox')).equals(fox)).toBe(true);
		expect((await picture('a heron')).equals(fox)).toBe(false);
	});

	it('fails with the model default error, a custom one, or a plain string', async () => {
		gw.scriptNext({ outcome: 'failed' });
		gw.scriptNext({ outcome: 'failed', finalStatus: 'error', error: { code: 1002, message: 'boom', messageField: 'message' } });
		gw.scriptNext({ outcome: 'failed', finalStatus: 'cancelled', error: 'user cancelled' });

		const first = await finish((await submitTask({ prompt: 'x' })).id);
		expect(first).toMatchObject({ status: 'failed', error: { code: '003012095', error_message: 'Internal generation error' } });
		expect(first.output).toBeUndefined();
		expect(first.usage).toBeUndefined();
		const second = await finish((await submitTask({ prompt: 'x' }, 'spark_t2i_3_0')).id);
		expect(second).toMatchObject({ status: 'error', error: { code: 1002, message: 'boom' } });
		const third = await finish((await submitTask({ prompt: 'x' })).id);
		expect(third).toMatchObject({ status: 'cancelled', error: 'user cancelled' });
		expect(gw.tasks().every((task) => task.completedAt !== undefined)).toBe(true);
	});

	it("'never' stays in the last not-yet state; unknownStatus replaces the not-yet states", async () => {
		gw.scriptNext({ outcome: 'never' });
		const { id } = await submitTask({ prompt: 'x' });
		for (let i = 0; i < 6; i++) await pollTask(id);
		expect((await pollTask(id)).status).toBe('processing');
		expect(gw.task(id)?.completedAt).toBeUndefined();
		expect((await download(`${gw.baseUrl}/files/${id}/0.jpeg`)).res.status).toBe(404);

		gw.scriptNext({ unknownStatus: 'thinking', pollsPerState: 2 });
		const odd = await submitTask({ prompt: 'x' });
		expect(odd.status).toBe('thinking');
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await pollTask(odd.id)).status);
		expect(statuses).toEqual(['thinking', 'thinking', 'thinking', 'completed']);
	});

	it('completes in the submit answer when states is empty', async () => {
		gw.defaultScript = { states: [], finalStatus: 'succeeded' };
		const task = await submitTask({ prompt: 'x' });
		expect(task.status).toBe('succeeded');
		expect(task.output).toHaveLength(1);
	});

	it('is time-based with durationMs and records when it turned done', async () => {
		// Wide windows (1.5 s, half of it per state) so a loaded machine cannot push a poll into the next state.
		gw.scriptNext({ durationMs: 1500 });
		const { id } = await submitTask({ prompt: 'x' });
		const early = await pollTask(id);
		expect(early.status).toBe('pending');
		expect(early.progress).toBeLessThan(0.5);
		expect(gw.task(id)?.completedAt).toBeUndefined();
		await new Promise((resolve) => setTimeout(resolve, 900));
		expect(await pollTask(id)).toMatchObject({ status: 'processing', progress: expect.closeTo(0.6, 0) });
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect((await pollTask(id)).status).toBe('completed');
		const task = gw.task(id)!;
		expect(task.completedAt! - task.submittedAt).toBeCloseTo(1500, 5);
	});

	it('takes scripts from scriptNext (FIFO), then scriptFor, then defaultScript', async () => {
		gw.defaultScript = { finalStatus: 'success' };
		gw.scriptFor = (model) => (model === 'spark_t2i_3_0' ? { finalStatus: 'succeeded' } : undefined);
		gw.scriptNext({ finalStatus: 'first' });
		gw.scriptNext({ finalStatus: 'second' });
		const statuses = [];
		for (const model of ['spark_t2i_3_0', 'spark_t2i_3_0', 'spark_t2i_3_0', 'spark_dreamo']) {
			statuses.push((await finish((await submitTask({ prompt: 'x' }, model)).id)).status);
		}
		expect(statuses).toEqual(['first', 'second', 'succeeded', 'success']);
	});
});

describe('images', () => {
	it('delivers b64_json and data URLs that decode to the downloadable bytes', async () => {
		const b64 = await finish((await submitTask({ prompt: 'x', response_format: 'b64_json' })).id);
		const item = firstItem(b64);
		expect(item.url).toBeUndefined();
		const { bytes } = await download(`${gw.baseUrl}/files/${b64.id}/0.jpeg`);
		expect(Buffer.from(item.b64_json as string, 'base64').equals(bytes)).toBe(true);
		expect(item.size).toBe(bytes.length);

		gw.scriptNext({ delivery: 'data-url', format: 'png' });
		const dataUrl = firstItem(await finish((await submitTask({ prompt: 'x' })).id)).url as string;
		expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true);
		expect(imageSize(Buffer.from(dataUrl.split(',')[1], 'base64'))?.format).toBe('png');
	});

	it.each([
		['jpeg', 'image/jpeg', [0xff, 0xd8, 0xff]],
		['png', 'image/png', [0x89, 0x50, 0x4e, 0x47]],
		['webp', 'image/webp', [0x52, 0x49, 0x46, 0x46]],
	] as const)('serves real %s bytes of the requested size', async (format, contentType, magic) => {
		gw.scriptNext({ format, width: 40, height: 24 });
		const item = firstItem(await finish((await submitTask({ prompt: format })).id));
		expect(item.url).toMatch(new RegExp(`/0\\.${format}$`));
		const { res, bytes } = await download(item.url as string);
		expect(res.headers.get('content-type')).toBe(contentType);
		expect([...bytes.subarray(0, magic.length)]).toEqual(magic);
		expect(imageSize(bytes)).toEqual({ format, width: 40, height: 24 });
	});

	it('renderImage makes PNG/WebP of odd sizes and caches renders', () => {
		const webp = renderImage({ width: 3, height: 5, format: 'webp', label: 'l' });
		expect(webp.toString('latin1', 8, 16)).toBe('WEBPVP8L');
		expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
		expect(imageSize(webp)).toEqual({ format: 'webp', width: 3, height: 5 });
		expect(imageSize(renderImage({ width: 1, height: 1, format: 'png', label: 'l' }))).toMatchObject({ width: 1 });
		expect(renderImage({ width: 3, height: 5, format: 'webp', label: 'l' })).toBe(webp);
		expect(imageSize(Buffer.from('<html>'))).toBeUndefined();
	});

	it('derives count and size from the request; i2i snaps to multiples of 16 in [512, 1536]', async () => {
		const full = await FakeGateway.start();
		try {
			const create = async (model: string, params: Record<string, unknown>) => {
				await fetch(`${full.baseUrl}/model/v1/generation`, {
					method: 'POST',
					headers: { authorization: `Bearer ${KEY}` },
					body: JSON.stringify({ model, input: [{ params: { prompt: 'x', ...params } }] }),
				});
				return full.tasks().at(-1)!.images;
			};
			expect(await create('spark_i2i_3_0', { width: 520, height: 700 })).toMatchObject({ width: 528, height: 704 });
			expect(await create('spark_i2i_3_0', { width: 2016, height: 500 })).toMatchObject({ width: 1536, height: 512 });
			expect(await create('spark_i2i_3_0', {})).toMatchObject({ width: 1328, height: 1328 });
			expect(await create('spark_t2i_3_0', { width: 3024, height: 1296 })).toMatchObject({ width: 3024, height: 1296 });
			expect(await create('spark_dreamo', {})).toMatchObject({ count: 1, width: 1328, height: 1328 });
			expect(await create('spark_dream_4_0', { size: '1K' })).toMatchObject({ count: 1, width: 1024, height: 1024 });
			expect(await create('spark_dream_4_0', { size: '4K' })).toMatchObject({ width: 4096, height: 4096 });
			expect(await create('spark_dream_4_0', { size: '1600x600' })).toMatchObject({ width: 1600, height: 600 });
			expect(await create('spark_dream_4_0', { sequential_image_generation: 'auto' })).toMatchObject({ count: 3 });
			const options = { sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 5 } };
			expect(await create('spark_dream_4_0', options)).toMatchObject({ count: 5 });

			// The served image really has the snapped size.
			full.scriptNext({ format: 'png', omitSize: true });
			const res = await fetch(`${full.baseUrl}/model/v1/generation`, {
				method: 'POST',
				headers: { authorization: `Bearer ${KEY}` },
				body: JSON.stringify({ model: 'spark_i2i_3_0', input: [{ params: { prompt: 'y', width: 530, height: 515 } }] }),
			});
			const { id } = (await res.json()) as TaskObject;
			const headers = { authorization: `Bearer ${KEY}` };
			for (let i = 0; i < 3; i++) await fetch(`${full.baseUrl}/model/v1/generation/task/${id}`, { headers });
			const bytes = Buffer.from(await (await fetch(`${full.baseUrl}/files/${id}/0.png`)).arrayBuffer());
			expect(imageSize(bytes)).toEqual({ format: 'png', width: 528, height: 512 });
		} finally {
			await full.close();
		}
	});

	it('spreads images over groups, in order', async () => {
		gw.scriptNext({ groups: 2 });
		const params = { prompt: 'x', sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 5 } };
		const done = await finish((await submitTask(params)).id);
		expect(done.output!.map((group) => group.content.length)).toEqual([3, 2]);
		const urls = done.output!.flatMap((group) => group.content.map((item) => item.url));
		expect(urls).toEqual([0, 1, 2, 3, 4].map((n) => `${gw.baseUrl}/files/${done.id}/${n}.jpeg`));
		expect(done.usage).toEqual({ cost: '0.1500', discount: 1 });
	});

	it('serves exactly the scripted imageBytes', async () => {
		const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(1000, 7)]);
		gw.scriptNext({ imageBytes: bytes, format: 'png' });
		const item = firstItem(await finish((await submitTask({ prompt: 'x' })).id));
		expect(item.size).toBe(1004);
		expect((await download(item.url as string)).bytes.equals(bytes)).toBe(true);
	});
});

describe('odd but legal answers', () => {
	it('honours idField, progress, createdAt, usage, contentType and omitSize', async () => {
		gw.scriptNext({
			idField: 'task_id',
			progress: 'percent',
			createdAt: 'iso',
			usage: { cost: 0.03 },
			contentType: 'image_url',
			omitSize: true,
			states: ['queued', 'running'],
		});
		const submitted = await submitTask({ prompt: 'x' });
		expect(submitted.id).toBeUndefined();
		expect(submitted).toMatchObject({ status: 'queued', progress: 0 });
		expect(new Date(submitted.created_at as string).toISOString()).toBe(submitted.created_at);
		const id = submitted.task_id as string;
		expect(await pollTask(id)).toMatchObject({ status: 'running', progress: 50 });
		const done = await pollTask(id);
		expect(done).toMatchObject({ status: 'completed', progress: 100, usage: { cost: 0.03 } });
		expect(firstItem(done)).toEqual({ type: 'image_url', url: expect.any(String), jobId: expect.any(String) });

		gw.scriptNext({ progress: 'absent', usage: 'absent', contentType: 'absent' });
		const bare = await finish((await submitTask({ prompt: 'x' })).id);
		expect(bare.progress).toBeUndefined();
		expect(bare.usage).toBeUndefined();
		expect(firstItem(bare).type).toBeUndefined();
	});

	it('reports token usage for t2i and generated_images for i2i', async () => {
		const t2i = await finish((await submitTask({ prompt: 'abcdefgh' }, 'spark_t2i_3_0')).id);
		expect(t2i.usage).toEqual({ cost: '0.0300', discount: 1, input_tokens: 2, output_tokens: 4096, total_tokens: 4098 });
		const i2i = await finish((await submitTask({ prompt: 'abcd' }, 'spark_i2i_3_0')).id);
		expect(i2i.usage).toMatchObject({ generated_images: 1, total_tokens: 4097 });
	});
});

describe("the shapes the gateway's own CLI reads", () => {
	it('answers a submit with only the id, named by idField, and the polls with request_id', async () => {
		gw.scriptNext({ submitAnswer: 'id-only', idField: 'request_id' });
		const submitted = (await submitTask({ prompt: 'x' })) as Record<string, unknown>;
		const id = gw.tasks()[0].id;
		expect(submitted).toEqual({ request_id: id });
		expect(await pollTask(id)).toMatchObject({ request_id: id, status: 'processing' });
		expect((await pollTask(id)).id).toBeUndefined();
	});

	it('omitStatus leaves out the status of every answer', async () => {
		gw.scriptNext({ omitStatus: true });
		const submitted = await submitTask({ prompt: 'x' });
		const answers = [submitted, await pollTask(submitted.id), await pollTask(submitted.id)];
		expect(answers.every((answer) => !('status' in answer))).toBe(true);
		expect(answers[2].output).toHaveLength(1);
	});

	it('lists the images in a flat outputs list, beside output[] or instead of it', async () => {
		gw.scriptNext({ imageList: 'outputs', images: 2 });
		gw.scriptNext({ imageList: 'both', images: 2 });
		const flat = await finish((await submitTask({ prompt: 'x' })).id);
		expect(flat.output).toBeUndefined();
		const outputs = flat.outputs as Array<Record<string, unknown>>;
		expect(outputs).toHaveLength(2);
		expect(outputs[0]).toMatchObject({ type: 'image', content_type: 'image/jpeg', width: RENDER_SIDE, height: RENDER_SIDE, imageNo: 0 });
		expect(outputs[1]).toMatchObject({ image_no: 1, file_name: `${flat.id}-1.jpeg` });
		const { bytes } = await download(outputs[1].url as string);
		expect(bytes.length).toBe(outputs[1].file_size);
		const both = await finish((await submitTask({ prompt: 'x' })).id);
		expect((both.outputs as Array<Record<string, unknown>>).map((entry) => entry.url)).toEqual(both.output![0].content.map((item) => item.url));
	});

	it('content items carry id, img_id, duration and metadata with contentExtras', async () => {
		gw.scriptNext({ contentExtras: true });
		const done = await finish((await submitTask({ prompt: 'x' })).id);
		expect(firstItem(done)).toMatchObject({ type: 'image', id: `img_${done.id}_0`, img_id: 1000, duration: '0', metadata: { index: 0 } });
	});

	it('a failed task may carry error_type, provider_error and logs, with or without error, under any final status', async () => {
		const providerError = { code: 'InvalidParameter', message: 'too big', task_status: 'FAILED' };
		const logs = [{ message: 'provider rejected request', timestamp: '2026-06-27T10:12:27Z' }];
		gw.scriptNext({ outcome: 'failed', finalStatus: 'COMPLETED', error: 'too big', errorType: 'REQUEST_INVALID', providerError, logs });
		gw.scriptNext({ outcome: 'failed', error: 'absent', providerError });
		const first = await pollTask((await submitTask({ prompt: 'x' })).id).then(async (answer) => pollTask(answer.id));
		expect(first).toMatchObject({ status: 'COMPLETED', error: 'too big', error_type: 'REQUEST_INVALID', provider_error: providerError, logs });
		expect(first.output).toBeUndefined();
		const second = await finish((await submitTask({ prompt: 'x' })).id);
		expect(second).toMatchObject({ status: 'failed', provider_error: providerError });
		expect('error' in second).toBe(false);
	});

	it('refuseSubmit answers with its status and body and creates no task', async () => {
		gw.scriptNext({ refuseSubmit: { status: 200, body: { error: { code: '003001001', error_message: 'prompt is required' } } } });
		const res = await submit({ prompt: 'x' });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ error: { code: '003001001', error_message: 'prompt is required' } });
		expect(gw.tasks()).toHaveLength(0);
	});
});

describe('faults', () => {
	it('429/502/503 on submit create no task; 500 and garbled do', async () => {
		gw.faults.submit.push(
			{ kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 1002, message: 'rate limited' } } },
			{ kind: 'status', status: 502 },
			{ kind: 'status', status: 503 },
		);
		const limited = await submit({ prompt: 'x' });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(await limited.json()).toEqual({ error: { code: 1002, message: 'rate limited' } });
		expect((await submit({ prompt: 'x' })).status).toBe(502);
		expect((await submit({ prompt: 'x' })).status).toBe(503);
		expect(gw.tasks()).toHaveLength(0);

		gw.faults.submit.push({ kind: 'status', status: 500 }, { kind: 'garbled' });
		expect((await submit({ prompt: 'x' })).status).toBe(500);
		const garbled = await submit({ prompt: 'x' });
		expect(garbled.status).toBe(200);
		await expect(garbled.json()).rejects.toThrow();
		expect(gw.tasks()).toHaveLength(2);
		expect(gw.submits().map((r) => r.taskId)).toEqual([undefined, undefined, undefined, ...gw.tasks().map((t) => t.id)]);
	});

	it('drop, hang and delay on submit strike after the task was created', async () => {
		gw.faults.submit.push({ kind: 'drop' }, { kind: 'hang' }, { kind: 'delay', ms: 150 });
		await expect(submit({ prompt: 'x' })).rejects.toThrow();
		await expect(submit({ prompt: 'x' }, 'spark_dream_4_0', KEY, AbortSignal.timeout(150))).rejects.toThrow();
		const started = performance.now();
		const delayed = await submit({ prompt: 'x' });
		expect(delayed.status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
		expect(gw.tasks()).toHaveLength(3);
		expect(gw.submits()).toHaveLength(3);
	});

	it('faulted polls answer the fault and do not advance the task', async () => {
		const { id } = await submitTask({ prompt: 'x' });
		gw.faults.poll.push({ kind: 'status', status: 500, body: 'upstream exploded' }, { kind: 'drop' }, { kind: 'garbled' });
		const failed = await poll(id);
		expect(failed.status).toBe(500);
		expect(await failed.text()).toBe('upstream exploded');
		await expect(poll(id)).rejects.toThrow();
		await expect((await poll(id)).json()).rejects.toThrow();
		expect(gw.task(id)?.pollCount).toBe(0);
		expect((await pollTask(id)).status).toBe('processing');
		expect(gw.polls(id)).toHaveLength(4);
		expect(gw.polls('other')).toHaveLength(0);
	});

	it('download faults: status, not-image, garbled, oversize, expired URLs', async () => {
		const url = firstItem(await finish((await submitTask({ prompt: 'x' })).id)).url as string;
		gw.faults.download.push(
			{ kind: 'status', status: 503 },
			{ kind: 'not-image' },
			{ kind: 'garbled' },
			{ kind: 'oversize', bytes: 3_000_000 },
			{ kind: 'oversize', bytes: 50_000_000, announceLength: true },
		);
		expect((await download(url)).res.status).toBe(503);
		const html = await download(url);
		expect(html.res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(imageSize(html.bytes)).toBeUndefined();
		const garbled = await download(url);
		expect(garbled.res.headers.get('content-type')).toBe('image/jpeg');
		expect(imageSize(garbled.bytes)).toBeUndefined();

		const big = await download(url);
		expect(big.res.headers.get('content-length')).toBeNull();
		expect(big.bytes.length).toBe(3_000_000);
		expect([...big.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);

		// A client that gives up early: the gateway stops streaming.
		const huge = await fetch(url);
		expect(huge.headers.get('content-length')).toBe('50000000');
		const reader = huge.body!.getReader();
		await reader.read();
		await reader.cancel();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(gw.downloads().at(-1)!.bytesSent).toBeLessThan(50_000_000);

		expect((await download(url)).res.status).toBe(200);
		gw.expireDownloads = true;
		const expired = await download(url);
		expect(expired.res.status).toBe(403);
		expect(JSON.parse(expired.bytes.toString())).toEqual({ error: 'URL expired' });
	});

	it('a download-only fault on submit answers 500 naming the mistake', async () => {
		gw.faults.submit.push({ kind: 'not-image' });
		const res = await submit({ prompt: 'x' });
		expect(res.status).toBe(500);
		expect(await res.text()).toContain('downloads only');
	});
});

describe('records and lifecycle', () => {
	it('records requests with lower-cased headers, parsed and raw bodies', async () => {
		await submit({ prompt: 'rec' }, 'spark_dreamo');
		await fetch(`${gw.baseUrl}/elsewhere?x=1`);
		const [sub, other] = gw.requests;
		expect(sub).toMatchObject({ kind: 'submit', method: 'POST', path: '/model/v1/generation' });
		expect(sub.headers.authorization).toBe(`Bearer ${KEY}`);
		expect(sub.headers['content-type']).toBe('application/json');
		expect(sub.body).toEqual({ model: 'spark_dreamo', input: [{ params: { prompt: 'rec' } }] });
		expect(sub.rawBody).toBe(JSON.stringify(sub.body));
		expect(sub.at).toBeLessThanOrEqual(other.at);
		expect(other).toMatchObject({ kind: 'other', method: 'GET', path: '/elsewhere', body: undefined, rawBody: '' });
		gw.faults.poll.push({ kind: 'drop' });
		gw.reset();
		expect(gw.requests).toHaveLength(0);
		expect(gw.faults.poll).toHaveLength(0);
		expect(gw.tasks()).toHaveLength(0);
	});

	it('closes fast despite a hung request; afterwards the port refuses connections', async () => {
		const other = await FakeGateway.start({ apiKey: 'k2' });
		other.faults.submit.push({ kind: 'hang' });
		const hung = fetch(`${other.baseUrl}/model/v1/generation`, {
			method: 'POST',
			headers: { authorization: 'Bearer k2' },
			body: JSON.stringify({ model: 'spark_dream_4_0', input: [{ params: { prompt: 'x' } }] }),
		});
		const failure = expect(hung).rejects.toThrow();
		while (other.tasks().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		const started = performance.now();
		await other.close();
		expect(performance.now() - started).toBeLessThan(500);
		await failure;
		const refused = await fetch(other.baseUrl).catch((error: unknown) => error as Error & { cause?: { code?: string } });
		expect((refused as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
	});
});
