/**
 * One memory measurement, in its own process so the baseline is clean and the gateway's own
 * buffers (it runs in the parent) are not counted:
 *   node --import tsx --expose-gc bench/memoryChild.ts <url|b64_json> <gatewayBaseUrl> [live]
 * With `live`, every sample runs a full GC first, so it shows the live set (what is still
 * referenced) rather than live set + garbage not yet collected; a lower bound, as a peak
 * inside one synchronous stretch of work is not sampled. Prints one line `RESULT {json}`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

import { generateParameters, loadHarness, sleep } from './lib';

export interface MemorySample {
	mode: string;
	live: boolean;
	images: number;
	imageBytes: number;
	baseline: NodeJS.MemoryUsage;
	/** Peak RSS of the run from the kernel's high-water mark (VmHWM, reset before the run); sampled peak if that is unavailable. */
	peakRss: number;
	peakRssSource: 'VmHWM' | 'sampled';
	peakHeapUsed: number;
	peakExternal: number;
	/** Peak of heapUsed + external in one sample (base64 strings live on the heap, Buffers outside it). */
	peakHeapPlusExternal: number;
	/** After the run and a full GC, with the emitted items still referenced (as n8n holds them). */
	retainedHeapPlusExternal: number;
	/** Sum of the emitted items' binary `data` strings (n8n's default in-memory binary mode: base64). */
	outputBase64Chars: number;
	samples: number;
	runMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function vmHwmBytes(): number | undefined {
	try {
		const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Resets the kernel's peak-RSS counter (Linux ≥ 4.0); false when not possible. */
function resetHwm(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

async function fullGc(): Promise<void> {
	if (!gc) throw new Error('run with --expose-gc');
	for (let i = 0; i < 3; i++) {
		gc();
		await sleep(20);
	}
}

async function main(): Promise<void> {
	const [mode, baseUrl, flag] = process.argv.slice(2);
	const live = flag === 'live';
	if (!mode || !baseUrl) throw new Error('usage: memoryChild.ts <url|b64_json> <baseUrl>');
	const harness = await loadHarness();
	// Warm-up with a small image, so lazily loaded code (n8n-core's HTTP stack, the node's modules) is in the baseline.
	await harness.runVtrix({ parameters: generateParameters('memory warmup'), credentials: { baseUrl } });
	await harness.runVtrix({ parameters: generateParameters('memory warmup b64'), credentials: { baseUrl } });
	await fullGc();
	const baseline = process.memoryUsage();
	const hwmReset = resetHwm();

	let peakRss = baseline.rss;
	let peakHeapUsed = baseline.heapUsed;
	let peakExternal = baseline.external;
	let peakHeapPlusExternal = baseline.heapUsed + baseline.external;
	let samples = 0;
	const sample = () => {
		if (live) gc?.();
		const m = process.memoryUsage();
		samples++;
		peakRss = Math.max(peakRss, m.rss);
		peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
		peakExternal = Math.max(peakExternal, m.external);
		peakHeapPlusExternal = Math.max(peakHeapPlusExternal, m.heapUsed + m.external);
	};
	const sampler = setInterval(sample, 2);
	const started = performance.now();
	const { items } = await harness.runVtrix({ parameters: generateParameters(`memory ${mode}`), credentials: { baseUrl } });
	const runMs = performance.now() - started;
	sample();
	clearInterval(sampler);
	const hwm = hwmReset ? vmHwmBytes() : undefined;

	const datas = items.map((item) => item.binary?.data?.data ?? '');
	const decoded = datas.map((data) => Buffer.byteLength(data, 'base64'));
	await fullGc();
	const after = process.memoryUsage();
	const result: MemorySample = {
		mode,
		live,
		images: items.length,
		imageBytes: decoded.reduce((a, b) => a + b, 0),
		baseline,
		peakRss: hwm ?? peakRss,
		peakRssSource: hwm !== undefined ? 'VmHWM' : 'sampled',
		peakHeapUsed,
		peakExternal,
		peakHeapPlusExternal,
		retainedHeapPlusExternal: after.heapUsed + after.external,
		outputBase64Chars: datas.reduce((a, b) => a + b.length, 0),
		samples,
		runMs,
	};
	// `items` stays referenced until here, so the retained figure includes what n8n would hold.
	console.log(`RESULT ${JSON.stringify(result)}`);
	process.exit(0);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
