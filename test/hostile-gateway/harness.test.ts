import { describe, expect, it } from 'vitest';

import { json, png, redirectTo, replyJson, TASK_ID } from './answers';
import { HOSTILE_KEY, run, useHostileGateway } from './fixture';

/** The scripted servers themselves: what the other hostile suites build on. */

const hostile = useHostileGateway();

describe('the scripted gateway', () => {
	it('behaves by default: submit, poll, download give one real image', async () => {
		const { gateway } = hostile();
		const { items } = await run(gateway);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ taskId: TASK_ID, status: 'completed', bytes: png.length, mimeType: 'image/png' });
		expect(gateway.requests.map((request) => request.phase)).toEqual(['submit', 'poll', 'download']);
		expect(gateway.of('submit')[0].headers.authorization).toBe(`Bearer ${HOSTILE_KEY}`);
		expect(JSON.parse(gateway.of('submit')[0].body)).toMatchObject({ model: 'spark_t2i_3_0' });
	});

	it('answers queued handlers once each, in order, then the standing one, then the default', async () => {
		const { gateway } = hostile();
		gateway.always('poll', replyJson(200, { id: TASK_ID, status: 'running' }));
		gateway.next('poll', replyJson(503, { error: 'busy' }), (_request, res, origin) =>
			json(res, 200, { id: TASK_ID, status: 'completed', output: [{ content: [{ url: `${origin}/files/${TASK_ID}/0.png` }] }] }),
		);
		const { items } = await run(gateway);
		expect(items[0].json.error).toBeUndefined();
		expect(gateway.of('poll')).toHaveLength(2);
	});

	it('records on the other origin what arrives there', async () => {
		const { gateway, elsewhere } = hostile();
		gateway.next('download', redirectTo(302, `${elsewhere.origin}/files/moved/0.png`));
		const { items } = await run(gateway);
		expect(items[0].json.mimeType).toBe('image/png');
		expect(elsewhere.requests.map((request) => `${request.phase} ${request.url}`)).toEqual(['download /files/moved/0.png']);
	});
});
