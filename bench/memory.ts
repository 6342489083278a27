import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';

import type { FakeGateway, TaskScript } from '../test/fake-gateway';
import { jpegOf } from './lib';
import type { MemorySample } from './memoryChild';

export const MEMORY_IMAGE_BYTES = 10 * 1024 * 1024;
export const MEMORY_IMAGES = 4;

function bigJpeg(): Buffer {
	const bytes = jpegOf(MEMORY_IMAGE_BYTES, 4096);
	randomFillSync(bytes, 64); // incompressible body after the header, like a real photo
	return bytes;
}

function runChild(mode: string, baseUrl: string, live: boolean): Promise<MemorySample> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join(__dirname, 'memoryChild.ts'), mode, baseUrl, ...(live ? ['live'] : [])], {
			cwd: join(__dirname, '..'),
			env: { ...process.env, N8N_USER_FOLDER: process.env.N8N_USER_FOLDER },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('RESULT '));
			if (code !== 0 || !line) return reject(new Error(`memory child (${mode}) exited ${code}: ${out}`));
			resolve(JSON.parse(line.slice('RESULT '.length)) as MemorySample);
		});
	});
}

/** The gateway stays in this process; the node runs in a fresh child per delivery mode. */
export interface MemoryResult {
	/** Normal runs: what the process really reaches. */
	real: MemorySample[];
	/** GC before every sample: the live set (lower bound). */
	live: MemorySample[];
}

export async function measureMemory(gw: FakeGateway): Promise<MemoryResult> {
	const image = bigJpeg();
	const small = jpegOf(50_000);
	const scripts: Record<string, TaskScript> = {
		'memory warmup': { durationMs: 300, images: 1, imageBytes: small, delivery: 'url' },
		'memory warmup b64': { durationMs: 300, images: 1, imageBytes: small, delivery: 'b64_json' },
		'memory url': { durationMs: 1000, images: MEMORY_IMAGES, imageBytes: image, delivery: 'url' },
		'memory b64_json': { durationMs: 1000, images: MEMORY_IMAGES, imageBytes: image, delivery: 'b64_json' },
	};
	gw.reset();
	gw.scriptFor = (_model, params) => scripts[String(params.prompt)];
	const result: MemoryResult = { real: [], live: [] };
	for (const mode of ['url', 'b64_json']) {
		result.real.push(await runChild(mode, gw.baseUrl, false));
		result.live.push(await runChild(mode, gw.baseUrl, true));
	}
	gw.reset();
	return result;
}
