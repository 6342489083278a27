import { describe, expect, it } from 'vitest';

import { completedTask, echoRequest, imageUrl, json, redirectTo, replyJson, TASK_ID } from './answers';
import { checkCredential, everythingSaid, HOSTILE_KEY, run, runAndCatch, useHostileGateway } from './fixture';

/**
 * Issue 8, section 1: the API key goes to the gateway's origin and nowhere else, and no
 * text from outside carries it (or any Bearer value) into an error, an output or a log.
 */

const hostile = useHostileGateway();

function expectNoSecret(text: string, secret = HOSTILE_KEY): void {
	expect(text).not.toContain(secret);
	expect(text).not.toMatch(/Bearer\s+(?!\*\*\*)[^\s"'`,;)}\]\\]+/i);
}

describe('redirects never carry the key to another origin', () => {
	it('a poll redirected to another origin: nothing is sent there, the error names the task', async () => {
		const { gateway, elsewhere } = hostile();
		gateway.always('poll', redirectTo(302, `${elsewhere.origin}/model/v1/generation/task/${TASK_ID}`));
		const { items } = await run(gateway, { options: { timeoutSeconds: 3 } });
		expect(elsewhere.requests).toHaveLength(0);
		expect(items[0].json.error).toMatch(/redirect/i);
		expect(items[0].json.error).toContain(elsewhere.origin);
		expect(items[0].json.taskId).toBe(TASK_ID);
		expect(gateway.of('submit')).toHaveLength(1);
	});

	it.each([301, 302, 303, 307, 308])('a submit answered %i: never sent again anywhere, the error says the task may exist', async (status) => {
		const { gateway, elsewhere } = hostile();
		gateway.next('submit', redirectTo(status, `${elsewhere.origin}/model/v1/generation`));
		const { items } = await run(gateway);
		expect(elsewhere.requests).toHaveLength(0);
		expect(gateway.requests).toHaveLength(1);
		expect(items[0].json.error).toMatch(new RegExp(`^Submitting the task failed: the gateway answered HTTP ${status} \\(a redirect`));
		expect(items[0].json.description).toMatch(/may have accepted and billed this task/);
	});

	it('a submit redirected within the gateway is not re-posted either', async () => {
		const { gateway } = hostile();
		gateway.next('submit', redirectTo(307, '/model/v1/generation'));
		const { items } = await run(gateway);
		expect(gateway.requests).toHaveLength(1);
		expect(items[0].json.description).toMatch(/may have accepted and billed this task/);
	});

	it('a poll redirected within the gateway is followed, with the key', async () => {
		const { gateway } = hostile();
		gateway.next('poll', redirectTo(301, `/model/v1/generation/task/${TASK_ID}?moved=1`));
		const { items } = await run(gateway);
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json.mimeType).toBe('image/png');
		const polls = gateway.of('poll');
		expect(polls.map((poll) => poll.url)).toEqual([`/model/v1/generation/task/${TASK_ID}`, `/model/v1/generation/task/${TASK_ID}?moved=1`]);
		expect(polls[1].headers.authorization).toBe(`Bearer ${HOSTILE_KEY}`);
	});

	it('a poll redirected in a loop within the gateway stops after a few hops', async () => {
		const { gateway } = hostile();
		gateway.always('poll', redirectTo(302, `/model/v1/generation/task/${TASK_ID}`));
		const started = Date.now();
		const { items } = await run(gateway, { options: { timeoutSeconds: 3 } });
		expect(Date.now() - started).toBeLessThan(2500);
		expect(items[0].json.error).toMatch(/too many redirects/i);
		expect(items[0].json.taskId).toBe(TASK_ID);
		expect(gateway.of('poll')).toHaveLength(6); // the first ask and five redirects
	});

	it('a download redirected to another host goes there without the key', async () => {
		const { gateway, elsewhere } = hostile();
		gateway.next('download', redirectTo(302, imageUrl(elsewhere.origin)));
		const { items } = await run(gateway);
		expect(items[0].json.mimeType).toBe('image/png');
		expect(elsewhere.of('download')).toHaveLength(1);
		expect(elsewhere.of('download')[0].headers.authorization).toBeUndefined();
	});

	it('the credential test does not follow a redirect to another origin', async () => {
		const { gateway, elsewhere } = hostile();
		gateway.next('poll', redirectTo(302, `${elsewhere.origin}/model/v1/generation/task/n8n-credential-check`));
		const result = await checkCredential(HOSTILE_KEY, gateway.origin);
		expect(elsewhere.requests).toHaveLength(0);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/redirect/i);
		expect(result.message).toContain(elsewhere.origin);
	});

	it('the credential test stops after five redirects within the gateway', async () => {
		const { gateway } = hostile();
		gateway.always('poll', redirectTo(302, '/model/v1/generation/task/n8n-credential-check'));
		const result = await checkCredential(HOSTILE_KEY, gateway.origin);
		expect(result).toEqual({ status: 'Error', message: 'The check was not completed: too many redirects (more than 5)' });
		expect(gateway.of('poll')).toHaveLength(6);
	});

	it('the credential test follows a redirect within the gateway', async () => {
		const { gateway } = hostile();
		gateway.next('poll', redirectTo(308, '/model/v1/generation/task/n8n-credential-check?v=2'));
		gateway.next('poll', replyJson(404, { error: 'Task not found' }));
		expect(await checkCredential(HOSTILE_KEY, gateway.origin)).toEqual({ status: 'OK', message: 'The gateway accepted the API key' });
		expect(gateway.of('poll')[1].headers.authorization).toBe(`Bearer ${HOSTILE_KEY}`);
	});
});

describe('no text from outside carries the key or a Bearer value', () => {
	it.each([
		['submit 400 (JSON echo)', 'submit', echoRequest(400)],
		['submit 401 (JSON echo)', 'submit', echoRequest(401)],
		['submit 500 (HTML echo)', 'submit', echoRequest(500, 'text')],
		['poll 401 (JSON echo)', 'poll', echoRequest(401)],
		['poll 404 (HTML echo)', 'poll', echoRequest(404, 'text')],
	] as const)('%s: not in the error item', async (_name, phase, handler) => {
		const { gateway } = hostile();
		gateway.next(phase, handler);
		const result = await run(gateway);
		expect(result.items[0].json.error).toMatch(/HTTP \d{3}/);
		expectNoSecret(everythingSaid(result));
	});

	it.each([
		['submit 400', 'submit', echoRequest(400)],
		['poll 403', 'poll', echoRequest(403)],
	] as const)('%s: not in the thrown error, its stack, its messages or its response copy', async (_name, phase, handler) => {
		const { gateway } = hostile();
		gateway.next(phase, handler);
		const error = await runAndCatch(gateway);
		expect(error.message).toMatch(/HTTP 4\d\d/);
		expectNoSecret(everythingSaid(error));
	});

	it('429 answers echoing the request, until the submit gives up', async () => {
		const { gateway } = hostile();
		gateway.always('submit', (request, res) => json(res, 429, { error: { code: 1002, message: `rate limited: ${request.headers.authorization}` } }, { 'retry-after': '0' }));
		const result = await run(gateway, { options: { timeoutSeconds: 30 } });
		expect(result.items[0].json.error).toMatch(/after 6 attempts: HTTP 429 \(rate limited: Bearer \*\*\*\)/);
		expectNoSecret(everythingSaid(result));
	});

	it('5xx poll answers echoing the request, until the deadline', async () => {
		const { gateway } = hostile();
		gateway.always('poll', echoRequest(502));
		const result = await run(gateway, { options: { timeoutSeconds: 2 } });
		expect(result.items[0].json.error).toMatch(/^Timed out waiting for task .*last problem: HTTP 502/);
		expectNoSecret(everythingSaid(result));
	});

	it("a failed task's message holding the key and another Bearer token", async () => {
		const { gateway } = hostile();
		gateway.next('poll', replyJson(200, {
			id: TASK_ID,
			status: 'failed',
			error: { code: '003012095', message: `upstream refused key ${HOSTILE_KEY} (Authorization: Bearer upstream.token-123)` },
		}));
		const thrown = await runAndCatch(gateway);
		gateway.next('poll', replyJson(200, { id: TASK_ID, status: 'failed', error: `bad key "${HOSTILE_KEY}"` }));
		const result = await run(gateway);
		expect(result.items[0].json.error).toMatch(/^Task task_hostile_1 failed: /);
		for (const said of [everythingSaid(thrown), everythingSaid(result)]) {
			expectNoSecret(said);
			expect(said).not.toContain('upstream.token-123');
		}
	});

	it('an image URL echoing the request: not in the download error', async () => {
		const { gateway } = hostile();
		gateway.next('poll', (request, res) =>
			json(res, 200, { id: TASK_ID, status: 'completed', output: [{ content: [{ url: `auth=${request.headers.authorization}` }] }] }),
		);
		const result = await run(gateway);
		expect(result.items[0].json.error).toMatch(/^Downloading image 1 of task task_hostile_1 failed: the gateway gave no http\(s\) URL/);
		expectNoSecret(everythingSaid(result));
	});

	it('an image URL carrying the key: not in the output item', async () => {
		const { gateway } = hostile();
		gateway.next('poll', (_request, res, origin) =>
			json(res, 200, { id: TASK_ID, status: 'completed', usage: { note: `billed to ${HOSTILE_KEY}` }, output: [{ content: [{ url: `${imageUrl(origin)}?key=${HOSTILE_KEY}` }] }] }),
		);
		const result = await run(gateway, { options: { downloadImages: false } });
		expect(result.items[0].json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/task_hostile_1\/0\.png\?key=\*\*\*$/);
		expectNoSecret(everythingSaid(result));
	});
});

describe('the base URL is only a scheme, a host and a path', () => {
	const cases = [
		['a query', (origin: string) => `${origin}?region=eu`, /must not contain a query/],
		['an empty query', (origin: string) => `${origin}/?`, /must not contain a query/],
		['a fragment', (origin: string) => `${origin}/#v1`, /must not contain a fragment/],
		['a user and password', (origin: string) => origin.replace('http://', 'http://admin:hunter2@'), /must not contain a user name or password/],
		['a user name', (origin: string) => origin.replace('http://', 'http://admin@'), /must not contain a user name or password/],
	] as const;

	it.each(cases)('%s is refused in executions, before any request', async (_name, baseUrl, message) => {
		const { gateway } = hostile();
		const error = await runAndCatch(gateway, { baseUrl: baseUrl(gateway.origin) });
		expect(error.message).toMatch(message);
		expect(error.message).not.toContain('hunter2');
		expect(gateway.requests).toHaveLength(0);
	});

	it.each(cases)('%s is refused by the credential test, before any request', async (_name, baseUrl, message) => {
		const { gateway } = hostile();
		const result = await checkCredential(HOSTILE_KEY, baseUrl(gateway.origin));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain('hunter2');
		expect(gateway.requests).toHaveLength(0);
	});

	it('a path prefix stays allowed', async () => {
		const { gateway } = hostile();
		gateway.always('other', (request, res, origin) =>
			request.method === 'POST' ? json(res, 200, { id: TASK_ID, status: 'pending' }) : json(res, 200, completedTask(origin)),
		);
		const { items } = await run(gateway, { baseUrl: `${gateway.origin}/proxy/` });
		expect(items[0].json.error).toBeUndefined();
		expect(gateway.requests.map((request) => `${request.method} ${request.url}`).slice(0, 2)).toEqual([
			'POST /proxy/model/v1/generation',
			`GET /proxy/model/v1/generation/task/${TASK_ID}`,
		]);
	});
});

describe('an API key no HTTP header can carry', () => {
	const keys = [
		['a line break', 'sa-abc\ndef', /line break/],
		['a trailing CR LF', 'sa-abcdef\r\n', /line break/],
		['a NUL', 'sa-abc\u0000def', /control character/],
		['a tab', 'sa-abc\tdef', /control character/],
		['a DEL', 'sa-abc\u007fdef', /control character/],
		['a character beyond Latin-1', 'sa-abc€def', /outside Latin-1/],
	] as const;

	it.each(keys)('%s: a clear error saying nothing was sent, before any request', async (_name, apiKey, what) => {
		const { gateway } = hostile();
		const error = (await runAndCatch(gateway, { apiKey })) as Error & { description?: string };
		expect(error.message).toMatch(/^The Vtrix credential's API Key holds a character an HTTP header cannot carry/);
		expect(error.message).toMatch(what);
		expect(error.description).toMatch(/Nothing was sent to the gateway/);
		expect(error.description).not.toMatch(/billed/);
		expect(gateway.requests).toHaveLength(0);
	});

	it.each(keys)('%s: the credential test says so, before any request', async (_name, apiKey, what) => {
		const { gateway } = hostile();
		const result = await checkCredential(apiKey, gateway.origin);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/API Key holds a character an HTTP header cannot carry/);
		expect(result.message).toMatch(what);
		expect(result.message).toMatch(/nothing was sent/);
		expect(gateway.requests).toHaveLength(0);
	});

	it('Latin-1 letters are carried as they are', async () => {
		const { gateway } = hostile();
		const { items } = await run(gateway, { apiKey: 'sa-café' });
		expect(items[0].json.error).toBeUndefined();
		expect(gateway.of('submit')[0].headers.authorization).toBe('Bearer sa-café');
	});
});
