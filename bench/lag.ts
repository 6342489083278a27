import { monitorEventLoopDelay } from 'node:perf_hooks';

import type { FakeGateway, TaskScript } from '../test/fake-gateway';
import { fixedPollLoop } from './baseline';
import { generateParameters, type Harness, jpegOf, median, percentile, sleep } from './lib';

export type Client = 'node' | 'node-no-progress' | 'baseline';

export interface LagRow {
	generationMs: number;
	client: Client;
	samples: number;
	lagMedian: number;
	lagP95: number;
	lagMax: number;
	pollsMedian: number;
	pollsMax: number;
	/** Polls ÷ scripted generation time, per task. */
	pollRateMedian: number;
	pollRateMax: number;
	/** Shortest time between two consecutive polls of one task. */
	minPollGap: number;
	/** Median time from the submit reaching the gateway to the first poll. */
	firstPollMedian: number;
}

export interface LagResult {
	rows: LagRow[];
	wallMs: number;
	/** Event-loop delay of the bench process during the phase (it hosts gateway, node and baseline). */
	loopDelayP99: number;
	imageBytes: number;
}

export const GENERATION_TIMES_MS = [2_000, 10_000, 60_000];
export const SAMPLES = 20;
const IMAGE = jpegOf(300_000);
/** Starts are spread out (the order interleaves rows) so 180 submits do not arrive in one burst. */
export const STAGGER_MS = 15;

/**
 * Every (generation time, client, sample) runs in the same window (starts STAGGER_MS apart), each sample as its own execute() with
 * one item, so the moment execute() resolves is the moment the node hands that task's image
 * item to n8n. Lag = that moment − the instant the gateway turned the task completed
 * (submittedAt + durationMs, both performance.now() in this process). The samples of one
 * generation time G are spread evenly over 0.9·G…1.1·G so completion falls at different
 * points of the poll schedule (a single fixed duration would measure one point 20 times).
 */
export async function measureLag(gw: FakeGateway, harness: Harness): Promise<LagResult> {
	const scripts = new Map<string, TaskScript>();
	gw.scriptFor = (_model, params) => scripts.get(String(params.prompt));
	const clients: Client[] = ['node', 'node-no-progress', 'baseline'];
	const runs: Array<Promise<{ generationMs: number; client: Client; taskId: string; emittedAt: number }>> = [];
	const loop = monitorEventLoopDelay({ resolution: 10 });
	loop.enable();
	const started = performance.now();
	let startIndex = 0;
	for (let i = 0; i < SAMPLES; i++) {
		for (const generationMs of GENERATION_TIMES_MS) {
			for (const client of clients) {
				const startDelay = STAGGER_MS * startIndex++;
				const durationMs = Math.round(generationMs * (0.9 + (0.2 * (i + 0.5)) / SAMPLES));
				const prompt = `lag G=${generationMs} ${client} #${i}`;
				const script: TaskScript = { durationMs, images: 1, imageBytes: IMAGE };
				if (client === 'node-no-progress') script.progress = 'absent';
				scripts.set(prompt, script);
				runs.push(
					(async () => {
						await sleep(startDelay);
						if (client === 'baseline') {
							const run = await fixedPollLoop(gw.baseUrl, gw.apiKey, prompt);
							return { generationMs, client, ...run };
						}
						const { items } = await harness.runVtrix({
							parameters: generateParameters(prompt),
							credentials: { baseUrl: gw.baseUrl },
						});
						const emittedAt = performance.now();
						if (items.length !== 1 || !items[0].binary?.data) throw new Error(`lag run ${prompt}: no image item`);
						return { generationMs, client, taskId: String(items[0].json.taskId), emittedAt };
					})(),
				);
			}
		}
	}
	const results = await Promise.all(runs);
	const wallMs = performance.now() - started;
	loop.disable();

	const rows: LagRow[] = [];
	for (const generationMs of GENERATION_TIMES_MS) {
		for (const client of clients) {
			const mine = results.filter((r) => r.generationMs === generationMs && r.client === client);
			const lags: number[] = [];
			const polls: number[] = [];
			const rates: number[] = [];
			const firstPolls: number[] = [];
			let minGap = Number.POSITIVE_INFINITY;
			for (const run of mine) {
				const task = gw.task(run.taskId);
				if (!task?.completedAt || task.script.durationMs === undefined) throw new Error(`task ${run.taskId} did not complete`);
				lags.push(run.emittedAt - task.completedAt);
				const at = gw.polls(run.taskId).map((p) => p.at);
				polls.push(at.length);
				if (at.length) firstPolls.push(at[0] - task.submittedAt);
				rates.push(at.length / (generationMs / 1000));
				for (let k = 1; k < at.length; k++) minGap = Math.min(minGap, at[k] - at[k - 1]);
			}
			rows.push({
				generationMs,
				client,
				samples: mine.length,
				lagMedian: median(lags),
				lagP95: percentile(lags, 95),
				lagMax: Math.max(...lags),
				pollsMedian: median(polls),
				pollsMax: Math.max(...polls),
				pollRateMedian: median(rates),
				pollRateMax: Math.max(...rates),
				minPollGap: minGap,
				firstPollMedian: median(firstPolls),
			});
		}
	}
	gw.scriptFor = undefined;
	return { rows, wallMs, loopDelayP99: loop.percentile(99) / 1e6, imageBytes: IMAGE.length };
}
