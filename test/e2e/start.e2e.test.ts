// `npm start` as a user runs it (scripts/start.ts), in the n8n version under test
// (VTRIX_N8N_VERSION): the demo on a chosen port with the user folder kept, and a plain start
// whose throwaway user folder is gone after Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOwner, freePort } from '../../scripts/lib/n8n';
import { installedN8n, repoRoot, selectedN8nVersion } from '../../scripts/lib/runtime';

const version = selectedN8nVersion();
const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const started: ChildProcess[] = [];

afterEach(() => {
	for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Runs `npm start -- --n8n <version> …args` until it says it is ready. */
async function npmStart(args: string[]) {
	const child = spawn(process.execPath, [tsx, join(repoRoot, 'scripts', 'start.ts'), '--n8n', version, ...args], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	started.push(child);
	let out = '';
	const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
	await new Promise<void>((res, rej) => {
		const onData = (d: Buffer) => {
			out += d.toString();
			if (out.includes('Press Ctrl-C')) res();
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (code) => rej(new Error(`npm start exited (${code}) before it was ready:\n${out}`)));
	});
	const userFolder = /\(user folder (\S+)\)/.exec(out)?.[1];
	if (!userFolder) throw new Error(`npm start did not name its user folder:\n${out}`);
	return {
		out,
		userFolder,
		/** Ctrl-C; resolves with the exit code. */
		stop: () => {
			child.kill('SIGINT');
			return exited;
		},
	};
}

describe(`npm start -- --n8n ${version}`, () => {
	it('--demo --port --keep: the node, the demo credential and workflows and the demo login, on that port; the folder stays', async () => {
		const runtime = installedN8n(version)!;
		const port = await freePort();
		const app = await npmStart(['--demo', '--port', String(port), '--keep']);
		try {
			expect(app.out).toContain(`n8n ${version} (Node.js ${runtime.nodeVersion}) is running with n8n-nodes-vtrix loaded.`);
			const url = `http://127.0.0.1:${port}`;
			expect(app.out).toContain(`Open      ${url}/home/workflows`);

			const login = await fetch(`${url}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: demoOwner.email, password: demoOwner.password }),
			});
			expect(login.status).toBe(200);
			const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

			const types = await (await fetch(`${url}/types/nodes.json`, { headers: { cookie } })).text();
			expect(types).toContain('"n8n-nodes-vtrix.vtrix"');
			const workflows = await (await fetch(`${url}/rest/workflows`, { headers: { cookie } })).text();
			const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.json'));
			expect(examples).toHaveLength(3);
			for (const file of examples) {
				const { name } = JSON.parse(readFileSync(join(repoRoot, 'examples', file), 'utf8')) as { name: string };
				expect(workflows).toContain(JSON.stringify(name));
			}
			const credentials = await (await fetch(`${url}/rest/credentials`, { headers: { cookie } })).text();
			expect(credentials).toContain('"Vtrix demo"');
		} finally {
			expect(await app.stop()).toBe(0);
		}
		expect(existsSync(app.userFolder)).toBe(true);
		rmSync(app.userFolder, { recursive: true, force: true });
	});

	it('without --keep, its throwaway user folder is gone after Ctrl-C', async () => {
		const app = await npmStart(['--port', String(await freePort())]);
		expect(existsSync(join(app.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-vtrix'))).toBe(true);
		expect(await app.stop()).toBe(0);
		expect(existsSync(app.userFolder)).toBe(false);
	});
});
