import type { Fault, FakeGateway } from '../test/fake-gateway';
import { generateParameters, type Harness, jpegOf, seededRandom } from './lib';

export interface LoadResult {
	items: number;
	concurrency: number;
	rejectShare: number;
	generationMs: number;
	wallMs: number;
	submits: number;
	rejected: number;
	tasks: number;
	completedItems: number;
	/** Items whose prompt reached the gateway as more than one task. */
	submittedTwice: number;
	/** Output items that do not point to exactly their own task. */
	mismatched: number;
}

const ITEMS = 100;
const CONCURRENCY = 10;
const REJECT_SHARE = 0.2;
const GENERATION_MS = 2_000;

/**
 * 100 items at concurrency 10. Every submit request draws from a seeded queue in which each
 * entry is, with probability 0.2, a 429 with Retry-After: 1 (the task is not created), else a
 * pass-through (a 0 ms delay fault: answers normally). Retries draw again, so 20 % of all
 * submit requests, first tries and retries alike, are refused.
 */
export async function measureLoad(gw: FakeGateway, harness: Harness): Promise<LoadResult> {
	gw.reset();
	gw.defaultScript = { durationMs: GENERATION_MS, images: 1, imageBytes: jpegOf(100_000) };
	const random = seededRandom(4);
	for (let i = 0; i < 10 * ITEMS; i++) {
		const fault: Fault =
			random() < REJECT_SHARE ? { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } : { kind: 'delay', ms: 0 };
		gw.faults.submit.push(fault);
	}
	const prompts = Array.from({ length: ITEMS }, (_, i) => `load item ${i}`);
	const started = performance.now();
	const { items } = await harness.runVtrix({
		parameters: generateParameters('={{ $json.prompt }}', { concurrency: CONCURRENCY }),
		items: prompts.map((prompt) => ({ json: { prompt } })),
		credentials: { baseUrl: gw.baseUrl },
	});
	const wallMs = performance.now() - started;

	const tasks = gw.tasks();
	const byPrompt = new Map<string, string[]>();
	for (const task of tasks) byPrompt.set(String(task.params.prompt), [...(byPrompt.get(String(task.params.prompt)) ?? []), task.id]);
	let mismatched = 0;
	let completedItems = 0;
	for (const [index, item] of items.entries()) {
		const own = byPrompt.get(prompts[index]) ?? [];
		if (own.length !== 1 || own[0] !== item.json.taskId) mismatched++;
		if (item.json.status === 'completed' && item.binary?.data) completedItems++;
	}
	if (items.length !== ITEMS) mismatched += Math.abs(ITEMS - items.length);
	const submits = gw.submits().length;
	const result: LoadResult = {
		items: ITEMS,
		concurrency: CONCURRENCY,
		rejectShare: REJECT_SHARE,
		generationMs: GENERATION_MS,
		wallMs,
		submits,
		rejected: submits - tasks.length, // every submit that was not refused created a task
		tasks: tasks.length,
		completedItems,
		submittedTwice: [...byPrompt.values()].filter((ids) => ids.length > 1).length,
		mismatched,
	};
	gw.reset();
	return result;
}
