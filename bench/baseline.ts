import { MODEL, sleep } from './lib';

export interface BaselineRun {
	taskId: string;
	/** performance.now() once every image of the task was downloaded. */
	emittedAt: number;
}

const POLL_EVERY_MS = 5000;

/**
 * The comparison point: the naïve client the issue names, a fixed 5 s poll loop. Submit once,
 * then every 5 s read the task; once it is completed, download every image. No progress
 * reading, no back-off, no retries (the lag phase injects no faults).
 */
export async function fixedPollLoop(baseUrl: string, apiKey: string, prompt: string): Promise<BaselineRun> {
	const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' };
	const submit = await fetch(`${baseUrl}/model/v1/generation`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ model: MODEL, input: [{ params: { prompt } }] }),
	});
	if (!submit.ok) throw new Error(`baseline submit: HTTP ${submit.status}`);
	const taskId = ((await submit.json()) as { id: string }).id;
	for (;;) {
		await sleep(POLL_EVERY_MS);
		const poll = await fetch(`${baseUrl}/model/v1/generation/task/${encodeURIComponent(taskId)}`, { headers });
		const task = (await poll.json()) as { status: string; output?: Array<{ content: Array<{ url?: string }> }> };
		if (task.status === 'failed') throw new Error(`baseline task ${taskId} failed`);
		if (task.status !== 'completed') continue;
		for (const group of task.output ?? []) {
			for (const image of group.content) {
				if (!image.url) continue;
				const download = await fetch(image.url);
				await download.arrayBuffer();
			}
		}
		return { taskId, emittedAt: performance.now() };
	}
}
