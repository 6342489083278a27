// Runs a supported real n8n (installed into .n8n-runtime/ by ./runtime.ts) with this package
// loaded the way n8n loads an installed community node. Shared by `npm start`,
// `npm run screenshots` and the e2e suites (test/e2e/).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installedN8n, repoRoot, selectedN8nVersion, type N8nRuntime } from './runtime';

// Also exported here for callers that import them from this module.
export { ensureN8n, repoRoot } from './runtime';

/** `npm run build` → dist/. */
export function buildPackage(): void {
	const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/**
 * A throwaway n8n user folder outside the repository, with the package installed into
 * `<folder>/.n8n/nodes/node_modules/n8n-nodes-vtrix`.
 *
 * Why not a symlink to the repository: Node resolves a module's `require('n8n-workflow')`
 * from the module's real path, so dist/ inside the repo would find the repo's own
 * node_modules/n8n-workflow (a devDependency) before n8n's copy (NODE_PATH is consulted
 * last), and n8n would run the node against a second n8n-workflow. So the published files
 * (package.json, index.js, dist/) are copied to `<folder>/package` — a folder with no
 * node_modules above it — and that folder is symlinked into n8n's nodes directory.
 */
export function makeUserFolder(purpose: string): string {
	const folder = mkdtempSync(join(tmpdir(), `n8n-vtrix-${purpose}-`));
	installPackage(folder);
	return folder;
}

/** Copies the built package into `<userFolder>/package` and links it where n8n looks. */
export function installPackage(userFolder: string): void {
	if (!existsSync(join(repoRoot, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const staged = join(userFolder, 'package');
	rmSync(staged, { recursive: true, force: true });
	mkdirSync(staged, { recursive: true });
	const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files?: string[] };
	for (const entry of ['package.json', ...(pkg.files ?? ['dist'])]) {
		const from = join(repoRoot, entry);
		if (existsSync(from)) cpSync(from, join(staged, entry), { recursive: true });
	}
	const nodesDir = join(userFolder, '.n8n', 'nodes', 'node_modules');
	mkdirSync(nodesDir, { recursive: true });
	const link = join(nodesDir, 'n8n-nodes-vtrix');
	rmSync(link, { recursive: true, force: true });
	symlinkSync(staged, link, 'dir');
	// n8n's community-package folder is an npm project of its own.
	const nodesPkg = join(userFolder, '.n8n', 'nodes', 'package.json');
	if (!existsSync(nodesPkg)) writeFileSync(nodesPkg, JSON.stringify({ name: 'installed-nodes', private: true }));
}

export function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => res(port));
		});
	});
}

export interface N8nEnvOptions {
	/** The n8n to run (`ensureN8n(version)`); default: the installed VTRIX_N8N_VERSION, else the newest. */
	runtime?: N8nRuntime;
	userFolder: string;
	brokerPort: number;
	/** Folder(s) the Read/Write Files from Disk node may touch (n8n 2.x restricts it). */
	fileAccess?: string[];
	extra?: Record<string, string>;
}

/**
 * The environment that runs n8n without network calls or prompts (see shared/N8N-HERE.md).
 * It names the n8n version it was made for (VTRIX_N8N_VERSION): n8nCli and startN8n run that one.
 */
export function n8nEnv(o: N8nEnvOptions): NodeJS.ProcessEnv {
	const runtime = o.runtime ?? installedRuntime(selectedN8nVersion());
	const env: NodeJS.ProcessEnv = {};
	// Only what a shell would pass: not the test runner's NODE_ENV=test, VITEST_*, NODE_OPTIONS.
	for (const k of ['HOME', 'LANG', 'TZ', 'TMPDIR', 'TERM']) if (process.env[k]) env[k] = process.env[k];
	Object.assign(env, runtime.env, {
		VTRIX_N8N_VERSION: runtime.n8nVersion,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: o.userFolder,
		N8N_ENCRYPTION_KEY: 'n8n-nodes-vtrix-local-only',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'info',
		N8N_RUNNERS_BROKER_PORT: String(o.brokerPort),
		N8N_RESTRICT_FILE_ACCESS_TO: (o.fileAccess ?? []).join(';'),
		N8N_SECURE_COOKIE: 'false',
		// This package is not (yet) verified by n8n; n8n 2.41 warns that the default turns to
		// false (unverified packages stop loading) and asks for an explicit true.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	});
	if (!o.fileAccess?.length) delete env.N8N_RESTRICT_FILE_ACCESS_TO;
	Object.assign(env, o.extra ?? {});
	return env;
}

function installedRuntime(version: string): N8nRuntime {
	const runtime = installedN8n(version);
	if (!runtime) throw new Error(`n8n ${version} is not installed: run \`npm run install:n8n -- --n8n ${version}\``);
	return runtime;
}

/** `node <n8n's bin> args…` for the n8n version the environment was made for. */
function spawnN8n(env: NodeJS.ProcessEnv, args: string[]): ChildProcess {
	const runtime = installedRuntime(env.VTRIX_N8N_VERSION ?? selectedN8nVersion());
	return spawn(runtime.node, [runtime.n8nBin, ...args], { env, cwd: env.N8N_USER_FOLDER });
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

/** Runs one `n8n <args>` command to completion. */
export function n8nCli(env: NodeJS.ProcessEnv, args: string[], timeoutMs = 120_000): Promise<CliResult> {
	const started = Date.now();
	return new Promise((res, rej) => {
		const child = spawnN8n(env, args);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			rej(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', rej);
		child.on('close', (code) => {
			clearTimeout(timer);
			res({ code, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** `n8n execute --rawOutput` prints log lines, then the run data: parse from the first `{` line. */
export function parseRawOutput(stdout: string): unknown {
	const lines = stdout.split('\n');
	const first = lines.findIndex((l) => l.startsWith('{'));
	if (first < 0) throw new Error(`no JSON in n8n output:\n${stdout}`);
	const text = lines.slice(first).join('\n');
	const end = text.lastIndexOf('}');
	return JSON.parse(text.slice(0, end + 1));
}

export interface RunningN8n {
	url: string;
	child: ChildProcess;
	log: () => string;
	stop: () => Promise<void>;
}

/** Starts `n8n start` and waits until /healthz answers and the editor is served. */
export async function startN8n(
	env: NodeJS.ProcessEnv,
	port: number,
	opts: { echo?: boolean; timeoutMs?: number } = {},
): Promise<RunningN8n> {
	const fullEnv: NodeJS.ProcessEnv = {
		...env,
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
	};
	const child = spawnN8n(fullEnv, ['start']);
	let out = '';
	const onData = (d: Buffer) => {
		out += d.toString();
		if (opts.echo) process.stdout.write(d);
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	let exited = false;
	const exitPromise = new Promise<void>((r) => child.on('exit', () => ((exited = true), r())));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
	for (;;) {
		if (exited) throw new Error(`n8n exited during startup:\n${out}`);
		try {
			// /healthz answers before the REST API is mounted; n8n logs this line once it is.
			const r = await fetch(`${url}/healthz`);
			if (r.ok && /Editor is now accessible/.test(out)) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n did not answer /healthz within the timeout:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		url,
		child,
		log: () => out,
		stop: async () => {
			if (exited) return;
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exitPromise;
			clearTimeout(killer);
		},
	};
}

export const demoOwner = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'VtrixDemo123',
};

/** Creates the owner account of a fresh n8n (POST /rest/owner/setup); returns the auth cookie. */
export async function setupOwner(url: string, owner = demoOwner): Promise<string> {
	const r = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (!r.ok) throw new Error(`owner setup failed: HTTP ${r.status} ${await r.text()}`);
	const cookie = r.headers.get('set-cookie') ?? '';
	return cookie.split(';')[0];
}

export function writeJson(path: string, value: unknown): string {
	writeFileSync(path, JSON.stringify(value, null, 2));
	return path;
}
