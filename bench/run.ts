/**
 * `npm run bench`: detection lag, items in parallel, memory and load, against the fake
 * gateway, in one run on one machine. Prints a markdown table and writes it to
 * bench/results.md. Never part of `npm test`: timings belong here, not in assertions.
 *
 *   npm run bench                      # everything (about 4 minutes)
 *   npm run bench -- --only lag,memory # some phases
 *   npm run bench -- --only queue      # real n8n in queue mode (bench/queue.ts, about 3 minutes)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { FakeGateway } from '../test/fake-gateway';
import { type LagResult, measureLag, SAMPLES, STAGGER_MS } from './lag';
import { loadHarness, machine, met, mib, ms } from './lib';
import { type LoadResult, measureLoad } from './load';
import { measureMemory, MEMORY_IMAGE_BYTES, MEMORY_IMAGES, type MemoryResult } from './memory';
import { measureParallel, type ParallelResult } from './parallel';
import { measureQueue, queueSection } from './queue';

const PHASES = ['lag', 'parallel', 'memory', 'load', 'queue'] as const;
type Phase = (typeof PHASES)[number];

function chosenPhases(): Phase[] {
	const at = process.argv.indexOf('--only');
	if (at < 0) return [...PHASES];
	const wanted = (process.argv[at + 1] ?? '').split(',');
	return PHASES.filter((phase) => wanted.includes(phase));
}

const CLIENT_LABEL = {
	node: 'this node',
	'node-no-progress': 'this node, gateway sends no progress',
	baseline: 'baseline: fixed 5 s poll loop',
} as const;

function lagSection(lag: LagResult): string {
	const lines = [
		'### Detection lag (task completed on the gateway → node has emitted its image item)',
		'',
		'| Generation time | Client | Lag median | Lag p95 | Lag max | Polls per task (median / max) | Polls per second of generation (max) | First poll after submit (median) | Shortest gap between two polls | Target | Result |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const row of lag.rows) {
		const lagTarget = Math.max(0.1 * row.generationMs, 300);
		const isNode = row.client !== 'baseline';
		const ok = row.lagMedian <= lagTarget && row.pollRateMax <= 1;
		lines.push(
			`| ${row.generationMs / 1000} s | ${CLIENT_LABEL[row.client]} | ${ms(row.lagMedian)} | ${ms(row.lagP95)} | ${ms(row.lagMax)} | ${row.pollsMedian} / ${row.pollsMax} | ${row.pollRateMax.toFixed(2)} | ${ms(row.firstPollMedian)} | ${ms(row.minPollGap)} | ${isNode ? `median ≤ ${ms(lagTarget)}, ≤ 1 poll/s` : 'reference'} | ${isNode ? met(ok) : '—'} |`,
		);
	}
	lines.push(
		'',
		`${SAMPLES} tasks per row, all ${lag.rows.length * SAMPLES} in one window, started ${STAGGER_MS} ms apart with the rows interleaved (real time, not scaled; phase wall time ${ms(lag.wallMs)}); ` +
			'the durations of one row are spread evenly over 0.9–1.1 × the generation time so completion falls at different points of the poll schedule. ' +
			'Each node sample is its own execute() with one item; its emit time is when execute() resolves with the downloaded image item. ' +
			'Lag = emit time − the instant the fake gateway turned the task completed (submit + scripted duration, same clock). ' +
			`Images are ${Math.round(lag.imageBytes / 1000)} kB, downloaded by both clients. ` +
			'"This node" reads the fake gateway\'s default progress field, the exact share of the scripted duration gone by (capped at 0.99): an ideal estimate, so the node can aim its poll at the completion; the "no progress" row shows the plain schedule (interval = ⅕ of the time waited, 1–5 s), what a gateway with poor or no progress gets. ' +
			`Polls per second = polls ÷ generation time. Bench process event-loop delay p99 during the phase: ${ms(lag.loopDelayP99)}.`,
	);
	return lines.join('\n');
}

function parallelSection(p: ParallelResult): string {
	const lines = [
		`### Items in parallel (20 items, each task generating ${p.generationMs / 1000} s)`,
		'',
		'| Concurrency | Wall time | × one item | Perfect pool | Tasks generating at once (peak) | Target | Result |',
		'|---|---|---|---|---|---|---|',
		`| one item alone | ${ms(p.singleMs)} | 1.00 | 1 | 1 | — | — |`,
	];
	for (const row of p.rows) {
		const target = row.concurrency === 5 ? `≤ ${(1.15 * 4).toFixed(2)} × one item` : '—';
		const result = row.concurrency === 5 ? met(row.ratio <= 1.15 * 4) : '—';
		lines.push(`| ${row.concurrency} | ${ms(row.wallMs)} | ${row.ratio.toFixed(2)} | ${row.idealRatio} | ${row.peakInFlight} | ${target} | ${result} |`);
	}
	lines.push('', `One item alone: median of ${p.singleRuns.length} runs (${p.singleRuns.map(ms).join(', ')}). Wall time is the whole execute().`);
	return lines.join('\n');
}

function memorySection({ real: samples, live }: MemoryResult): string {
	const bytes = MEMORY_IMAGES * MEMORY_IMAGE_BYTES;
	const limit = 2.5 * bytes;
	const lines = [
		`### Memory (${MEMORY_IMAGES} images × ${mib(MEMORY_IMAGE_BYTES)} = ${mib(bytes)}, one execute())`,
		'',
		'| Delivery | Peak RSS above baseline | Peak heap above baseline | Peak heap + external above baseline | Peak live set (GC before each sample) | Retained after the run (items kept, after GC) | of which the items\' base64 | Target | Result |',
		'|---|---|---|---|---|---|---|---|---|',
	];
	for (const s of samples) {
		const base = s.baseline;
		const l = live.find((entry) => entry.mode === s.mode);
		const liveAbove = l ? l.peakHeapPlusExternal - (l.baseline.heapUsed + l.baseline.external) : Number.NaN;
		const rss = s.peakRss - base.rss;
		const heap = s.peakHeapUsed - base.heapUsed;
		const both = s.peakHeapPlusExternal - (base.heapUsed + base.external);
		const retained = s.retainedHeapPlusExternal - (base.heapUsed + base.external);
		const x = (n: number) => `${mib(n)} (${(n / bytes).toFixed(2)}×)`;
		// No extra copy kept: what survives the run is the emitted base64 and nothing image-sized besides.
		const noExtraCopy = retained <= s.outputBase64Chars + 0.25 * MEMORY_IMAGE_BYTES;
		const ok = rss <= limit && both <= limit && noExtraCopy && s.imageBytes === bytes;
		lines.push(
			`| ${s.mode} | ${x(rss)} | ${x(heap)} | ${x(both)} | ${x(liveAbove)} | ${x(retained)} | ${x(s.outputBase64Chars)} | peaks ≤ 2.5× (${mib(limit)}); retained ≤ the items' base64 + ¼ image | ${met(ok)}${noExtraCopy ? '' : ' (extra copy retained)'} |`,
		);
	}
	lines.push(
		'',
		'Each mode runs in a fresh child process (`node --import tsx --expose-gc bench/memoryChild.ts <mode> <url>`) with the fake gateway in the parent, so the gateway\'s buffers are not counted. ' +
			'Baseline: after two small warm-up runs and a full GC. Peak RSS is the kernel\'s high-water mark (VmHWM, reset before the run) ' +
			`when available (${samples.map((s) => s.peakRssSource).join(', ')}); heap peaks are sampled every 2 ms (${samples.map((s) => s.samples).join(', ')} samples). ` +
			'The live-set column comes from a second child per mode that runs a full GC before every sample: it shows what is still referenced, without garbage V8 has not collected yet (a lower bound: a peak inside one synchronous stretch is not sampled); the target is judged on the real peaks. ' +
			'Heap counts JavaScript strings and objects; Node keeps large base64 strings made from Buffers and the Buffers themselves outside the heap ("external"). ' +
			'n8n\'s default binary mode keeps each emitted image as a base64 string in the item (about 1.33× its bytes): that share is inherent to n8n, not to the node, and is shown separately.',
	);
	return lines.join('\n');
}

function loadSection(l: LoadResult): string {
	const ok = l.completedItems === l.items && l.submittedTwice === 0 && l.mismatched === 0 && l.tasks === l.items;
	return [
		`### Load (${l.items} items, concurrency ${l.concurrency}, ${l.rejectShare * 100} % of submits answered 429 Retry-After: 1, tasks generating ${l.generationMs / 1000} s)`,
		'',
		'| Items completed | Tasks created | Items submitted twice | Submit requests | of which 429 | Wall time | Target | Result |',
		'|---|---|---|---|---|---|---|---|',
		`| ${l.completedItems} / ${l.items} | ${l.tasks} | ${l.submittedTwice} | ${l.submits} | ${l.rejected} (${((100 * l.rejected) / l.submits).toFixed(1)} %) | ${ms(l.wallMs)} | all complete, none submitted twice | ${met(ok)}${l.mismatched ? ` (${l.mismatched} items not matched to their own task)` : ''} |`,
		'',
		'The 429s come from a seeded queue (each submit request, retries included, is refused with probability 0.2); a refused submit creates no task, so submit requests − tasks = refusals.',
	].join('\n');
}

async function main(): Promise<void> {
	const phases = chosenPhases();
	const started = performance.now();
	const harness = await loadHarness();
	const gw = await FakeGateway.start();
	const sections: string[] = [];
	try {
		if (phases.includes('lag')) {
			console.error('bench: detection lag (about 70 s)…');
			sections.push(lagSection(await measureLag(gw, harness)));
		}
		if (phases.includes('parallel')) {
			console.error('bench: items in parallel (about 90 s)…');
			sections.push(parallelSection(await measureParallel(gw, harness)));
		}
		if (phases.includes('memory')) {
			console.error('bench: memory (child processes)…');
			sections.push(memorySection(await measureMemory(gw)));
		}
		if (phases.includes('load')) {
			console.error('bench: load (about 30 s)…');
			sections.push(loadSection(await measureLoad(gw, harness)));
		}
		if (phases.includes('queue')) {
			console.error('bench: queue mode in real n8n (about 3 minutes)…');
			sections.push(queueSection(await measureQueue()));
		}
	} finally {
		await gw.close();
	}
	const wall = performance.now() - started;
	const report = [
		'## Benchmark',
		'',
		`Machine: ${machine()}.  `,
		`Command: \`npm run bench\`${phases.length < PHASES.length ? ` (phases: ${phases.join(', ')})` : ''}; wall time ${ms(wall)}; ${new Date().toISOString().slice(0, 10)}.  `,
		'Everything runs against the fake gateway (test/fake-gateway) on 127.0.0.1, with the node\'s real execute() inside n8n-core\'s ExecuteContext (test/harness/runVtrix.ts).',
		'',
		...sections.flatMap((section) => [section, '']),
	].join('\n');
	console.log(report);
	if (phases.length === PHASES.length) {
		writeFileSync(join(__dirname, 'results.md'), report);
		console.error(`bench: wrote bench/results.md (${ms(wall)})`);
	} else {
		console.error(`bench: partial run, bench/results.md left as it was (${ms(wall)})`);
	}
	// n8n-core leaves an interval running; end explicitly.
	process.exit(0);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
