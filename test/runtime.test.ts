// Which n8n runs, on which Node.js, from which install folder (scripts/lib/runtime.ts). The
// installs themselves are exercised by `npm run test:e2e`, which runs every supported version.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	installedN8n,
	NEWEST_N8N,
	nodeFits,
	selectedN8nVersion,
	SUPPORTED_N8N,
	supportedN8n,
	withLock,
} from '../scripts/lib/runtime';

let cache: string;

beforeEach(() => {
	cache = mkdtempSync(join(tmpdir(), 'n8n-vtrix-runtime-'));
	vi.stubEnv('VTRIX_N8N_RUNTIME_DIR', cache);
});

afterEach(() => {
	vi.unstubAllEnvs();
	rmSync(cache, { recursive: true, force: true });
});

/** A stand-in for an install: n8n's bin and the marker the installer writes last. */
function fakeInstall(dir: string, marker?: unknown) {
	mkdirSync(join(dir, 'node_modules', 'n8n', 'bin'), { recursive: true });
	writeFileSync(join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '');
	if (marker !== undefined) writeFileSync(join(dir, '.installed'), typeof marker === 'string' ? marker : JSON.stringify(marker));
}

describe('supported n8n versions', () => {
	it('are 2.41.1 (the newest, the default) and 2.8.4, newest first', () => {
		expect(SUPPORTED_N8N.map((s) => s.version)).toEqual(['2.41.1', '2.8.4']);
		expect(NEWEST_N8N).toBe('2.41.1');
		expect(selectedN8nVersion()).toBe('2.41.1');
	});

	it('VTRIX_N8N_VERSION selects another supported one; an unsupported one is refused with the list', () => {
		vi.stubEnv('VTRIX_N8N_VERSION', '2.8.4');
		expect(selectedN8nVersion()).toBe('2.8.4');
		vi.stubEnv('VTRIX_N8N_VERSION', '2.9.0');
		expect(() => selectedN8nVersion()).toThrow('n8n 2.9.0 is not supported here; supported versions: 2.41.1, 2.8.4');
		expect(() => supportedN8n('latest')).toThrow(/supported versions: 2\.41\.1, 2\.8\.4/);
	});

	it('2.41.1 needs Node.js 24 (so Node.js 20 and 22 get the bundled one); 2.8.4 runs on 20 to 24', () => {
		const [newest, older] = SUPPORTED_N8N;
		expect(['v20.20.2', 'v22.22.0', 'v24.21.0', 'v25.0.0'].map((v) => nodeFits(newest, v))).toEqual([false, false, true, false]);
		expect(['v18.20.0', 'v20.20.2', 'v22.22.0', 'v24.21.0', 'v25.0.0'].map((v) => nodeFits(older, v))).toEqual([false, true, true, true, false]);
	});

	it('queue mode keeps binary data in the database in both', () => {
		expect(SUPPORTED_N8N.map((s) => s.queueBinaryDataMode)).toEqual(['database', 'database']);
	});
});

describe('install folders', () => {
	it('finds .n8n-runtime/n8n-<version> built for the running Node.js, and runs it with that Node.js', () => {
		fakeInstall(join(cache, 'n8n-2.8.4'), { n8n: '2.8.4', node: process.version, abi: process.versions.modules });
		const rt = installedN8n('2.8.4');
		expect(rt).toMatchObject({ n8nVersion: '2.8.4', node: process.execPath, nodeVersion: process.version, dir: join(cache, 'n8n-2.8.4') });
		expect(rt!.n8nBin).toBe(join(cache, 'n8n-2.8.4', 'node_modules', 'n8n', 'bin', 'n8n'));
		expect(rt!.env.PATH.split(':')[0]).toBe(join(process.execPath, '..'));
	});

	it('does not use an install whose native modules were built for another Node.js', () => {
		fakeInstall(join(cache, 'n8n-2.8.4'), { n8n: '2.8.4', node: 'v18.0.0', abi: '108' });
		expect(installedN8n('2.8.4')).toBeUndefined();
	});

	it('uses an install of the earlier layout (n8n 2.8.4 straight in the cache folder) as it is', () => {
		fakeInstall(cache, '2.8.4\n');
		expect(installedN8n('2.8.4')?.dir).toBe(cache);
		expect(installedN8n('2.41.1')).toBeUndefined();
	});
});

describe('the install lock', () => {
	it('makes a second installer wait until the first one is done', async () => {
		const lock = join(cache, '.lock-n8n-test');
		const released = join(cache, 'released');
		// Another process holds the lock for a while, notes that it is done, then releases it.
		const holder = spawn(process.execPath, [
			'-e',
			`const fs = require('fs');
			fs.mkdirSync(${JSON.stringify(lock)});
			fs.writeFileSync(${JSON.stringify(join(lock, 'pid'))}, String(process.pid));
			console.log('locked');
			setTimeout(() => { fs.writeFileSync(${JSON.stringify(released)}, ''); fs.rmSync(${JSON.stringify(lock)}, { recursive: true }); }, 1500);`,
		]);
		await new Promise<void>((r) => holder.stdout.once('data', () => r()));
		let sawRelease: boolean | undefined;
		withLock('n8n-test', () => (sawRelease = existsSync(released)));
		expect(sawRelease).toBe(true);
		expect(existsSync(lock)).toBe(false);
	});

	it('takes over the lock of an installer that died', async () => {
		const dead = spawn(process.execPath, ['-e', '']);
		await new Promise((r) => dead.on('exit', r));
		mkdirSync(join(cache, '.lock-n8n-test'));
		writeFileSync(join(cache, '.lock-n8n-test', 'pid'), String(dead.pid));
		let ran = false;
		withLock('n8n-test', () => (ran = true));
		expect(ran).toBe(true);
	});
});
