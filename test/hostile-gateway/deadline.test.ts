import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { encodePng } from '../fake-gateway/png';
import { completedTask, compressed, drop, endlessJson, hang, json, png, replyJson, TASK_ID, trickle } from './answers';
import { run, useHostileGateway } from './fixture';

/**
 * Issue 8, section 3: the item's Timeout bounds every byte of submit, poll and download;
 * polls and downloads are retried until it; compressed downloads are decoded; JSON answers
 * are capped.
 */

const hostile = useHostileGateway();

const MiB = 1024 * 1024;

/** A completed task answer followed by a long run of spaces: valid JSON, slow to trickle. */
const slowTask = (origin: string) => Buffer.concat([Buffer.from(JSON.stringify(completedTask(origin))), Buffer.alloc(4000, 0x20)]);

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
	const started = Date.now();
	const result = await work;
	return { result, ms: Date.now() - started };
}

describe('the Timeout bounds every byte', () => {
	it.each([
		['trickles a byte at a time', trickle({ body: slowTask, everyMs: 100 })],
		['sends its headers and then nothing', trickle({ body: slowTask, everyMs: 60_000 })],
	])('a poll answer that %s: the item ends near its 3 s Timeout, naming the task', async (_name, handler) => {
		const { gateway } = hostile();
		gateway.always('poll', handler);
		const { result, ms } = await timed(run(gateway, { options: { timeoutSeconds: 3 } }));
		expect(ms).toBeGreaterThan(2500);
		expect(ms).toBeLessThan(4500);
		expect(result.items[0].json.error).toMatch(/^Timed out waiting for task task_hostile_1 .*the request timed out/);
		expect(result.items[0].json.taskId).toBe(TASK_ID);
		expect(gateway.of('submit')).toHaveLength(1);
	});

	it.each([
		['trickles a byte at a time', trickle({ body: png, everyMs: 500, headers: { 'content-type': 'image/png' }, announceLength: true })],
		['never answers', hang],
	])('a download that %s: the item ends near its 3 s Timeout, naming the task', async (_name, handler) => {
		const { gateway } = hostile();
		gateway.always('download', handler);
		const { result, ms } = await timed(run(gateway, { options: { timeoutSeconds: 3 } }));
		expect(ms).toBeGreaterThan(2500);
		expect(ms).toBeLessThan(4500);
		expect(result.items[0].json.error).toMatch(/^Downloading image 1 of task task_hostile_1 failed: the request timed out/);
		expect(result.items[0].json.taskId).toBe(TASK_ID);
	});

	it('a submit answer that trickles: ends near the 3 s Timeout, saying the task may exist, not resent', async () => {
		const { gateway } = hostile();
		gateway.next('submit', trickle({ body: Buffer.from(`${' '.repeat(4000)}{"id":"${TASK_ID}","status":"pending"}`), everyMs: 100 }));
		const { result, ms } = await timed(run(gateway, { options: { timeoutSeconds: 3 } }));
		expect(ms).toBeGreaterThan(2500);
		expect(ms).toBeLessThan(4500);
		expect(result.items[0].json.error).toBe('Submitting the task failed: the request timed out');
		expect(result.items[0].json.description).toMatch(/may have accepted and billed this task/);
		expect(gateway.of('submit')).toHaveLength(1);
	});
});

describe('polls and downloads are retried until the deadline', () => {
	it('a poll and a download that receive nothing for 30 s are abandoned and asked again', async () => {
		const { gateway } = hostile();
		gateway.next('poll', hang);
		gateway.next('download', hang);
		const { items } = await run(gateway, { options: { timeoutSeconds: 120 } });
		expect(items[0].json.error).toBeUndefined();
		for (const phase of ['poll', 'download'] as const) {
			const [first, second] = gateway.of(phase);
			expect(gateway.of(phase)).toHaveLength(2);
			expect(second.at - first.at).toBeGreaterThanOrEqual(30_000);
			expect(second.at - first.at).toBeLessThan(35_000);
		}
	}, 90_000);


	it('a download answered 503 five times, then served: retried past four attempts and emitted', async () => {
		const { gateway } = hostile();
		const busy = replyJson(503, { error: 'busy' }, { 'retry-after': '0' });
		gateway.next('download', busy, busy, busy, drop, busy);
		const { items } = await run(gateway, { options: { timeoutSeconds: 30 } });
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json.mimeType).toBe('image/png');
		expect(gateway.of('download')).toHaveLength(6);
	});

	it('a download answered 503 until the deadline: retried as Retry-After asks until then, and the error names the task', async () => {
		const { gateway } = hostile();
		gateway.always('download', replyJson(503, { error: 'busy' }, { 'retry-after': '1' }));
		const { result, ms } = await timed(run(gateway, { options: { timeoutSeconds: 5 } }));
		const downloads = gateway.of('download');
		expect(downloads.length).toBeGreaterThanOrEqual(5);
		for (let n = 1; n < downloads.length; n++) expect(downloads[n].at - downloads[n - 1].at).toBeGreaterThan(950);
		expect(ms).toBeLessThan(6000);
		expect(result.items[0].json.error).toMatch(/^Downloading image 1 of task task_hostile_1 failed: HTTP 503, after \d+ attempts/);
		expect(result.items[0].json.taskId).toBe(TASK_ID);
	});

	it('a poll answered 503 with Retry-After: 2 waits two seconds, and the task is not bought again', async () => {
		const { gateway } = hostile();
		gateway.next('poll', replyJson(503, { error: 'busy' }, { 'retry-after': '2' }));
		const { items } = await run(gateway, { options: { timeoutSeconds: 30 } });
		expect(items[0].json.error).toBeUndefined();
		const [first, second] = gateway.of('poll');
		expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
		expect(gateway.of('submit')).toHaveLength(1);
	});

	it('a download answered 429 with Retry-After: 2 waits two seconds', async () => {
		const { gateway } = hostile();
		gateway.next('download', replyJson(429, { error: 'slow down' }, { 'retry-after': '2' }));
		const { items } = await run(gateway, { options: { timeoutSeconds: 30 } });
		expect(items[0].json.error).toBeUndefined();
		const [first, second] = gateway.of('download');
		expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
	});
});

describe('compressed downloads', () => {
	it.each(['gzip', 'deflate', 'br'] as const)('a %s-encoded image with its Content-Length is decoded and emitted', async (encoding) => {
		const { gateway } = hostile();
		gateway.always('download', compressed(encoding, png));
		const { items } = await run(gateway);
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json).toMatchObject({ mimeType: 'image/png', bytes: png.length, width: 4, height: 4 });
		expect(Buffer.from(items[0].binary?.data.data as string, 'base64').equals(png)).toBe(true);
		expect(gateway.of('download')).toHaveLength(1);
	});

	it('a compressed body cut short is not an image: fetched again', async () => {
		const { gateway } = hostile();
		const big = encodePng(64, 64, randomBytes(64 * 64 * 3));
		gateway.next('download', compressed('gzip', big, { cutAfter: 2000 }));
		gateway.always('download', compressed('gzip', big));
		const { items } = await run(gateway);
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json.bytes).toBe(big.length);
		expect(gateway.of('download')).toHaveLength(2);
	});

	it('a plain body shorter than its Content-Length is not an image: fetched again', async () => {
		const { gateway } = hostile();
		gateway.next('download', (_request, res) => {
			res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length + 100) });
			res.write(png, () => res.socket?.destroy());
		});
		const { items } = await run(gateway);
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json.bytes).toBe(png.length);
		expect(gateway.of('download')).toHaveLength(2);
	});
});

describe('JSON answers are capped', () => {
	it('a 64 MiB poll answer is refused once 16 MiB are read, naming the task', async () => {
		const { gateway } = hostile();
		const endless = endlessJson(64 * MiB);
		gateway.always('poll', endless.handler);
		const { items } = await run(gateway, { options: { timeoutSeconds: 20 } });
		expect(items[0].json.error).toMatch(/^Reading task task_hostile_1 failed: the answer \(HTTP 200\) is larger than the 16 MiB a JSON answer may have/);
		expect(items[0].json.taskId).toBe(TASK_ID);
		expect(endless.sent()).toBeLessThan(24 * MiB);
		expect(gateway.of('poll')).toHaveLength(1);
	});

	it('a 64 MiB submit answer is refused, saying the task may exist', async () => {
		const { gateway } = hostile();
		const endless = endlessJson(64 * MiB);
		gateway.next('submit', endless.handler);
		const { items } = await run(gateway);
		expect(items[0].json.error).toMatch(/^Submitting the task failed: the answer \(HTTP 200\) is larger than the 16 MiB/);
		expect(items[0].json.description).toMatch(/may have accepted and billed this task/);
		expect(endless.sent()).toBeLessThan(24 * MiB);
	});

	it('a 64 MiB error answer is cut at the cap too', async () => {
		const { gateway } = hostile();
		const endless = endlessJson(64 * MiB, { status: 500 });
		gateway.next('submit', endless.handler);
		const { items } = await run(gateway);
		expect(items[0].json.error).toMatch(/^Submitting the task failed: the answer \(HTTP 500\) is larger than the 16 MiB/);
		expect(endless.sent()).toBeLessThan(24 * MiB);
	});

	it('b64_json images beyond the cap are still read: the cap counts the JSON text apart from the images', async () => {
		const { gateway } = hostile();
		const picture = encodePng(1024, 1024, randomBytes(1024 * 1024 * 3));
		const content = Array.from({ length: 5 }, () => ({ type: 'image', b64_json: picture.toString('base64') }));
		gateway.next('poll', (_request, res) => json(res, 200, { id: TASK_ID, status: 'completed', output: [{ content }] }));
		const { items } = await run(gateway, { options: { timeoutSeconds: 30 } });
		expect(content.reduce((sum, entry) => sum + entry.b64_json.length, 0)).toBeGreaterThan(16 * MiB);
		expect(items).toHaveLength(5);
		for (const item of items) expect(item.json).toMatchObject({ bytes: picture.length, width: 1024, height: 1024 });
	});

	it('an inline b64_json image that never ends is cut once it passes what a 64 MiB image can take', async () => {
		const { gateway } = hostile();
		const endless = endlessJson(200 * MiB, { head: `{"id":"${TASK_ID}","status":"completed","output":[{"content":[{"b64_json":"` });
		gateway.next('poll', endless.handler);
		const { items } = await run(gateway, { options: { timeoutSeconds: 30 } });
		expect(items[0].json.error).toBe(`Reading task ${TASK_ID} failed: an inline image in the answer is larger than the 67108864 byte limit`);
		expect(endless.sent()).toBeLessThan(150 * MiB);
	});

	it('a poll answer just under the cap is read', async () => {
		const { gateway } = hostile();
		gateway.next('poll', (_request, res, origin) => json(res, 200, { ...completedTask(origin), logs: [{ message: 'x'.repeat(15 * MiB) }] }));
		const { items } = await run(gateway);
		expect(items[0].json.error).toBeUndefined();
	});
});
