// `npm start -- --queue` as a user runs it: the banner's addresses and logins work, and Ctrl-C
// (SIGINT to the whole process group, as a terminal sends it) stops every server and deletes
// every folder it made.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { demoOwner, freePort, repoRoot } from '../../scripts/lib/n8n';
import { selectedN8nVersion } from '../../scripts/lib/runtime';
import { postgresBin } from '../../scripts/lib/services';

function listening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});
}

/** The local addresses (kernel hex, e.g. 0100007F = 127.0.0.1) of the sockets listening on a port, IPv4 and IPv6. */
function listenAddresses(port: number): string[] {
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
		readFileSync(file, 'utf8')
			.split('\n')
			.slice(1)
			.map((line) => line.trim().split(/\s+/))
			.filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
			.map((cols) => cols[1].split(':')[0]),
	);
}

let group: number | undefined;
afterAll(() => {
	if (group) process.kill(-group, 'SIGKILL');
});

it(`npm start -- --n8n ${selectedN8nVersion()} --queue --demo: main, worker, PostgreSQL and Redis on 127.0.0.1 only, as printed, with the printed logins; Ctrl-C stops them all and deletes their folders`, async () => {
	const port = await freePort();
	const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start.ts', '--n8n', selectedN8nVersion(), '--queue', '--demo', '--port', String(port)], {
		cwd: repoRoot,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	group = child.pid;
	let out = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr.on('data', (d: Buffer) => (out += d.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	const deadline = Date.now() + 240_000;
	while (!/Press Ctrl-C/.test(out)) {
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start -- --queue did not come up:\n${out}`);
		await new Promise((r) => setTimeout(r, 250));
	}

	const pg = /PostgreSQL\s+127\.0\.0\.1:(\d+)\s+database (\S+), user (\S+), password (\S+)/.exec(out)!;
	const redisPort = Number(/Redis\s+127\.0\.0\.1:(\d+)/.exec(out)![1]);
	const [, workerPid, workerHealth] = /worker-1\s+pid (\d+), health (\S+)/.exec(out)!;
	const userFolder = /user folder (\S+)\)/.exec(out)![1];
	expect(out).toContain(`n8n ${selectedN8nVersion()} (Node.js`);
	expect(out).toContain(`http://127.0.0.1:${port}`);
	expect((await fetch(`http://127.0.0.1:${port}/healthz`)).ok).toBe(true);
	expect((await fetch(workerHealth)).ok).toBe(true);
	const ports = [port, Number(pg[1]), redisPort, Number(new URL(workerHealth).port)];
	for (const p of ports) expect(new Set(listenAddresses(p)), `port ${p}`).toEqual(new Set(['0100007F']));

	const editorLogin = await fetch(`http://127.0.0.1:${port}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: demoOwner.email, password: demoOwner.password }),
	});
	expect(editorLogin.status).toBe(200);
	expect(out).toContain(`Log in    ${demoOwner.email} / ${demoOwner.password}`);
	const login = spawn(join(postgresBin(), 'psql'), ['-h', '127.0.0.1', '-p', pg[1], '-U', pg[3], '-d', pg[2], '-At', '-c', "SELECT current_user || '@' || current_database()"], {
		env: { ...process.env, PGPASSWORD: pg[4] },
	});
	let answer = '';
	login.stdout.on('data', (d: Buffer) => (answer += d.toString()));
	expect(await new Promise((resolve) => login.on('exit', resolve))).toBe(0);
	expect(answer.trim()).toBe(`${pg[3]}@${pg[2]}`);

	process.kill(-group!, 'SIGINT');
	expect(await exited).toBe(0);
	group = undefined;
	for (const p of ports) expect(await listening(p)).toBe(false);
	expect(existsSync(userFolder)).toBe(false);
	expect(() => process.kill(Number(workerPid), 0)).toThrow();
	expect(out).not.toMatch(/stopped unexpectedly/);
});
