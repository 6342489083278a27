
import { mkdtempSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { jpegHeader } from '../test/harness/imageHeaders';

export type Harness = typeof import('../test/harness/runVtrix');

/**
 * n8n-core writes its config under N8N_USER_FOLDER when it is first imported, so the folder is
 * set first and the harness (which imports n8n-core) is loaded dynamically afterwards.
 */
export async function loadHarness(): Promise<Harness> {
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'vtrix-bench-'));
	return await import('../test/harness/runVtrix');
}

export const MODEL = 'spark_t2i_3_0';

export function generateParameters(prompt: string, options: Record<string, unknown> = {}): Record<string, unknown> {
	return { operation: 'generate', model: MODEL, prompt, options };
}

/** A JPEG as far as a header reader can tell (magic, SOF with dimensions), padded to `bytes`. */
export function jpegOf(bytes: number, side = 1024): Buffer {
	return jpegHeader(side, side, bytes);
}

export function machine(): string {
	const cpu = cpus();
	const gib = (totalmem() / 1024 ** 3).toFixed(1);
	return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} logical CPUs, ${gib} GiB RAM, ${platform()} ${release()}, Node.js ${process.version}`;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Nearest-rank percentile (p in 0..100) of the values. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1];
}

export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function ms(value: number): string {
	if (!Number.isFinite(value)) return '—';
	return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

export function mib(bytes: number): string {
	return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export const met = (ok: boolean): string => (ok ? 'met' : '**NOT met**');

/** Small deterministic PRNG (mulberry32), so the fault pattern is the same on every run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
