import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FakeGateway } from '../fake-gateway';
import { useFakeGateway } from '../harness/fakeGatewayFixture';
import { runVtrix } from '../harness/runVtrix';

/**
 * The fault matrix: each row asserts the outcome and counts what reached the gateway().
 * A submit is a purchase: it is retried only where the gateway certainly did not take it.
 */

const gateway = useFakeGateway(32);

async function generate(options: Record<string, unknown> = {}, baseUrl = gateway().baseUrl, abortSignal?: AbortSignal) {
	return await runVtrix({
		parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'a lighthouse', options },
		credentials: { baseUrl },
		abortSignal,
		continueOnFail: true,
	});
}

describe('submit faults', () => {
	it.each([429, 502, 503])('HTTP %i: retried with backoff, one task created', async (status) => {
		gateway().faults.submit.push({ kind: 'status', status, headers: { 'Retry-After': '0' } }, { kind: 'status', status });
		const { items } = await generate();
		expect(items[0].binary?.data).toBeDefined();
		expect(gateway().submits()).toHaveLength(3);
		expect(gateway().tasks()).toHaveLength(1);
	});

	it('honours Retry-After on 429', async () => {
		gateway().faults.submit.push({ kind: 'status', status: 429, headers: { 'Retry-After': '2' }, body: { error: { code: 1002, message: 'rate limited' } } });
		await generate();
		const [first, second] = gateway().submits();
		expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
		expect(gateway().tasks()).toHaveLength(1);
	});

	it('connection refused: retried until the gateway is back, one task created', async () => {
		const parked = await FakeGateway.start({ maxRenderSide: 32 });
		const { port } = new URL(parked.baseUrl);
		await parked.close();
		let revived: FakeGateway | undefined;
		const revive = (async () => {
			await new Promise((resolve) => setTimeout(resolve, 1200));
			revived = await FakeGateway.start({ maxRenderSide: 32, port: Number(port) });
		})();
		try {
			const { items } = await generate({}, `http://127.0.0.1:${port}`);
			await revive;
			expect(items[0].json.error).toBeUndefined();
			expect(revived?.submits()).toHaveLength(1);
		} finally {
			await revive;
			await revived?.close();
		}
	});

	it.each([
		['the connection dropped after the body was sent', { kind: 'drop' as const }],
		['HTTP 500', { kind: 'status' as const, status: 500 }],
		['a garbled 200 answer', { kind: 'garbled' as const }],
	])('%s: not retried, the error says the task may exist', async (_name, fault) => {
		gateway().faults.submit.push(fault);
		const { items } = await generate();
		expect(items[0].json.error).toMatch(/^Submitting the task failed/);
		expect(items[0].json.description).toMatch(/may have accepted and billed this task/);
		expect(gateway().submits()).toHaveLength(1);
	});

	it('a timeout after the body was sent: not retried, the error says the task may exist', async () => {
		gateway().faults.submit.push({ kind: 'hang' });
		const { items } = await generate({ timeoutSeconds: 2 });
		expect(items[0].json.error).toMatch(/timed out/);
		expect(items[0].json.description).toMatch(/may have accepted and billed this task/);
		expect(gateway().submits()).toHaveLength(1);
	});

	it.each([
		[400, { code: '003001005', message: 'Invalid size parameter' }, /HTTP 400 003001005: Invalid size parameter/, /rejected a parameter/],
		[401, { error: { code: 401, message: 'Invalid API key' } }, /HTTP 401/, /check the Vtrix credential/],
		[402, { status: { code: 402, message: 'Insufficient credits', error_code: 40201 }, data: null }, /HTTP 402 40201: Insufficient credits/, /insufficient balance/],
		[403, { error: 'forbidden' }, /HTTP 403/, /permission/],
		[422, { error_code: '003012011', message: 'bad size' }, /003012011/, /rejected a parameter/],
	])('HTTP %i: final at once with the gateway message', async (status, body, message, description) => {
		gateway().faults.submit.push({ kind: 'status', status, body });
		const { items } = await generate();
		expect(items[0].json.error).toMatch(message);
		expect(items[0].json.description).toMatch(description);
		expect(items[0].json.taskId).toBeNull();
		expect(gateway().submits()).toHaveLength(1);
	});
});

describe('poll faults', () => {
	it.each([
		['HTTP 500', { kind: 'status' as const, status: 500 }],
		['HTTP 502', { kind: 'status' as const, status: 502 }],
		['HTTP 503', { kind: 'status' as const, status: 503 }],
		['HTTP 429', { kind: 'status' as const, status: 429, headers: { 'Retry-After': '1' } }],
		['a reset connection', { kind: 'drop' as const }],
		['garbled JSON', { kind: 'garbled' as const }],
		['a slow answer', { kind: 'delay' as const, ms: 1500 }],
	])('%s is survived without a new submit', async (_name, fault) => {
		gateway().faults.poll.push(fault, fault);
		const { items } = await generate();
		expect(items[0].binary?.data).toBeDefined();
		expect(gateway().submits()).toHaveLength(1);
	});

	it('an unknown status keeps polling, and is reported if the deadline comes', async () => {
		gateway().scriptNext({ unknownStatus: 'baking', outcome: 'never' });
		const { items } = await generate({ timeoutSeconds: 2 });
		const taskId = gateway().tasks()[0].id;
		expect(items[0].json.error).toBe(`Timed out waiting for task ${taskId} (status "baking" (not a status this node knows))`);
		expect(gateway().submits()).toHaveLength(1);
	});

	it('a task that never finishes: timeout error with the task id and the Get Result hint', async () => {
		gateway().scriptNext({ outcome: 'never' });
		const started = Date.now();
		const { items } = await generate({ timeoutSeconds: 2 });
		const taskId = gateway().tasks()[0].id;
		expect(Date.now() - started).toBeLessThan(4000);
		expect(items[0].json).toMatchObject({ taskId, error: expect.stringMatching(/^Timed out waiting for task/) });
		expect(items[0].json.description).toContain(`Operation "Get Result" and Task ID "${taskId}"`);
		expect(gateway().submits()).toHaveLength(1);
	});
});

describe('download faults', () => {
	it('5xx then success: retried', async () => {
		gateway().faults.download.push({ kind: 'status', status: 503 }, { kind: 'status', status: 500 });
		const { items } = await generate();
		expect(items[0].binary?.data).toBeDefined();
		expect(gateway().downloads()).toHaveLength(3);
	});

	it.each([
		['an expired URL (403)', { kind: 'status' as const, status: 403 }, /HTTP 403 \(the link has expired/],
		['a missing file (404)', { kind: 'status' as const, status: 404 }, /HTTP 404/],
		['a body that is not an image', { kind: 'not-image' as const }, /not an image \(served as text\/html/],
		['a body over the size cap', { kind: 'oversize' as const, bytes: 64 * 1024 * 1024 + 1 }, /larger than the 67108864 byte limit/],
	])('%s: a clear error naming the task and the image', async (_name, fault, message) => {
		gateway().faults.download.push(fault);
		const { items } = await generate();
		const taskId = gateway().tasks()[0].id;
		expect(items[0].json.error).toMatch(new RegExp(`^Downloading image 1 of task ${taskId} failed: `));
		expect(items[0].json.error).toMatch(message);
		expect(items[0].json.taskId).toBe(taskId);
		expect(gateway().downloads()).toHaveLength(1);
	});
});

describe('cancellation', () => {
	it.each([
		['submit', () => gateway().faults.submit.push({ kind: 'hang' })],
		['poll', () => gateway().scriptNext({ outcome: 'never' })],
		['download', () => gateway().faults.download.push({ kind: 'hang' })],
	])('during %s: stops within a second and sends nothing more', async (_phase, arrange) => {
		arrange();
		const controller = new AbortController();
		const run = generate({}, gateway().baseUrl, controller.signal);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const cancelledAt = Date.now();
		controller.abort();
		const { items } = await run;
		expect(Date.now() - cancelledAt).toBeLessThan(1000);
		expect(items[0].json.error).toMatch(/cancelled/);
		const requestsAtCancel = gateway().requests.length;
		await new Promise((resolve) => setTimeout(resolve, 1200));
		expect(gateway().requests).toHaveLength(requestsAtCancel);
		expect(gateway().submits()).toHaveLength(1);
	});
});

describe('items', () => {
	it('one bad item among 10 with Continue On Fail: 9 results and one error item, in order, each paired', async () => {
		const items = Array.from({ length: 10 }, (_, n) => ({ json: { seed: n === 6 ? 0 : n + 1 } }));
		const result = await runVtrix({
			parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'a lighthouse', options: { seed: '={{ $json.seed }}' } },
			items,
			credentials: { baseUrl: gateway().baseUrl },
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(10);
		expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(result.items[6].json).toMatchObject({ code: '003001004', taskId: null });
		expect(result.items.filter((item) => item.binary?.data)).toHaveLength(9);
		expect(gateway().submits()).toHaveLength(9);
	});

	it('without Continue On Fail, one invalid item stops the run before anything is bought', async () => {
		const items = [{ json: { seed: 5 } }, { json: { seed: 0 } }];
		const run = runVtrix({
			parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'a lighthouse', options: { seed: '={{ $json.seed }}' } },
			items,
			credentials: { baseUrl: gateway().baseUrl },
		});
		await expect(run).rejects.toThrow(/^003001004 Invalid seed parameter \(must be -1 or positive integer\): Seed \(seed\) must be -1 \(random\) or a positive integer, got 0$/);
		expect(gateway().requests).toHaveLength(0);
	});

	it('without Continue On Fail, a failed task names the other items\' tasks, and no new item starts', async () => {
		gateway().scriptNext({ outcome: 'failed', error: { code: '003001095', message: 'boom' } });
		const items = Array.from({ length: 8 }, () => ({ json: {} }));
		const error = await runVtrix({
			parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'a lighthouse', options: { concurrency: 2 } },
			items,
			credentials: { baseUrl: gateway().baseUrl },
		}).then(
			() => ({ description: '', context: { taskId: 'none: the run did not fail' } }),
			(caught: unknown) => caught as { description: string; context: { taskId: string } },
		);
		const [failed, other] = gateway().tasks();
		expect(error.context.taskId).toBe(failed.id);
		expect(error.description).toContain(`item 1: ${other.id}`);
		expect(gateway().submits().length).toBeLessThan(8);
	});
});

describe('security', () => {
	it('no request to an image URL carries Authorization', async () => {
		gateway().scriptNext({ images: 3 });
		await generate();
		expect(gateway().downloads().length).toBeGreaterThan(0);
		for (const download of gateway().downloads()) expect(download.headers.authorization).toBeUndefined();
	});

	it('the key appears in no error message, description or output', async () => {
		const secret = 'sa-very-secret-key-0123456789';
		const keyed = await FakeGateway.start({ apiKey: secret, maxRenderSide: 32 });
		try {
			const outputs = [];
			keyed.faults.submit.push({ kind: 'status', status: 400, body: { code: '003001005', message: 'no' } });
			outputs.push(await runVtrix({ parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'x' }, credentials: { baseUrl: keyed.baseUrl, apiKey: secret }, continueOnFail: true }));
			keyed.faults.submit.push({ kind: 'drop' });
			outputs.push(await runVtrix({ parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'x' }, credentials: { baseUrl: keyed.baseUrl, apiKey: secret }, continueOnFail: true }));
			outputs.push(await runVtrix({ parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'x' }, credentials: { baseUrl: keyed.baseUrl, apiKey: 'wrong' }, continueOnFail: true }));
			outputs.push(await runVtrix({ parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'x' }, credentials: { baseUrl: keyed.baseUrl, apiKey: secret } }));
			const thrown = await runVtrix({ parameters: { operation: 'getResult', taskId: 'nope' }, credentials: { baseUrl: keyed.baseUrl, apiKey: secret } }).catch((e: unknown) => e);
			const text = JSON.stringify(outputs) + JSON.stringify(thrown) + String((thrown as Error).message) + String((thrown as { description: string }).description);
			expect(text).not.toContain(secret);
			expect(text).toContain('HTTP 404');
		} finally {
			await keyed.close();
		}
	});

	it.each(['ftp://cloud.vtrix.ai', 'file:///etc/passwd', 'cloud.vtrix.ai'])('refuses the base URL %s before any request', async (baseUrl) => {
		await expect(runVtrix({ parameters: { operation: 'generate', model: 'spark_t2i_3_0', prompt: 'x' }, credentials: { baseUrl } })).rejects.toThrow(
			/Base URL must start with http:\/\/ or https:\/\//,
		);
	});
});

describe('connection to a server that is not a gateway', () => {
	let server: Server;
	let url: string;
	beforeAll(async () => {
		server = createServer((_request, response) => response.end('<html>hello</html>'));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('a 200 that is not a task is reported as possibly billed, never resent', async () => {
		const { items } = await generate({}, url);
		expect(items[0].json.error).toMatch(/without a readable task/);
	});
});
