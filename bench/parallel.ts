import type { FakeGateway } from '../test/fake-gateway';
import { generateParameters, type Harness, jpegOf, median } from './lib';

export interface ParallelRow {
	concurrency: number;
	items: number;
	wallMs: number;
	/** wallMs ÷ the single-item time. */
	ratio: number;
	/** ceil(items ÷ concurrency): the ratio a perfect pool reaches. */
	idealRatio: number;
	peakInFlight: number;
}

export interface ParallelResult {
	generationMs: number;
	singleMs: number;
	singleRuns: number[];
	rows: ParallelRow[];
}

export const PARALLEL_GENERATION_MS = 2_000;
const ITEMS = 20;
const IMAGE = jpegOf(300_000);

/** Most tasks that were generating at the same moment (submitted, not yet completed). */
function peakInFlight(gw: FakeGateway): number {
	const edges = gw.tasks().flatMap((t) => [
		{ at: t.submittedAt, d: 1 },
		{ at: t.completedAt ?? Number.POSITIVE_INFINITY, d: -1 },
	]);
	edges.sort((a, b) => a.at - b.at || a.d - b.d);
	let now = 0;
	let peak = 0;
	for (const edge of edges) peak = Math.max(peak, (now += edge.d));
	return peak;
}

/** One execute() of `items` items, every task generating for PARALLEL_GENERATION_MS; wall time of execute(). */
async function timedRun(gw: FakeGateway, harness: Harness, items: number, concurrency: number): Promise<number> {
	gw.reset();
	gw.defaultScript = { durationMs: PARALLEL_GENERATION_MS, images: 1, imageBytes: IMAGE };
	const started = performance.now();
	const { items: out } = await harness.runVtrix({
		parameters: generateParameters('={{ $json.prompt }}', { concurrency }),
		items: Array.from({ length: items }, (_, i) => ({ json: { prompt: `parallel c=${concurrency} #${i}` } })),
		credentials: { baseUrl: gw.baseUrl },
	});
	const wall = performance.now() - started;
	if (out.length !== items || out.some((item) => !item.binary?.data)) throw new Error(`parallel c=${concurrency}: ${out.length}/${items} image items`);
	return wall;
}

export async function measureParallel(gw: FakeGateway, harness: Harness): Promise<ParallelResult> {
	const singleRuns: number[] = [];
	for (let i = 0; i < 3; i++) singleRuns.push(await timedRun(gw, harness, 1, 1));
	const singleMs = median(singleRuns);
	const rows: ParallelRow[] = [];
	for (const concurrency of [1, 5, 10]) {
		const wallMs = await timedRun(gw, harness, ITEMS, concurrency);
		rows.push({ concurrency, items: ITEMS, wallMs, ratio: wallMs / singleMs, idealRatio: Math.ceil(ITEMS / concurrency), peakInFlight: peakInFlight(gw) });
	}
	gw.reset();
	return { generationMs: PARALLEL_GENERATION_MS, singleMs, singleRuns, rows };
}
