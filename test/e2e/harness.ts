// Drives a real n8n (VTRIX_N8N_VERSION, default the newest supported) through its CLI: one
// throwaway user folder per suite, import:credentials / import:workflow, then
// `execute --id --rawOutput` and parse n8n's own run data. Workflows are plain n8n JSON, built
// with the small helpers below. Binary data is kept out of the run data, as in production:
// in the filesystem or database store (VTRIX_E2E_BINARY_MODE), where the harness reads it back.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, makeUserFolder, n8nCli, n8nEnv, parseRawOutput, writeJson } from '../../scripts/lib/n8n';
import { BINARY_DATA_MODES, installedN8n, selectedN8nVersion, type BinaryDataMode, type N8nRuntime } from '../../scripts/lib/runtime';

export function selectedBinaryDataMode(): BinaryDataMode {
	const mode = process.env.VTRIX_E2E_BINARY_MODE ?? 'filesystem';
	if (!(BINARY_DATA_MODES as readonly string[]).includes(mode)) throw new Error(`VTRIX_E2E_BINARY_MODE must be one of ${BINARY_DATA_MODES.join(', ')}`);
	return mode as BinaryDataMode;
}

export interface N8nNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	[key: string]: unknown;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: N8nNode[];
	connections: Record<string, Record<string, { node: string; type: string; index: number }[][]>>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

export interface Item {
	json: Record<string, unknown>;
	binary?: Record<string, { data: string; mimeType: string; fileName?: string; fileExtension?: string; fileSize?: string; id?: string }>;
	error?: unknown;
}

interface TaskRun {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: Record<string, (Item[] | null)[]>;
}

export interface RunResult {
	exitCode: number | null;
	ms: number;
	stdout: string;
	stderr: string;
	runData: Record<string, TaskRun[]>;
	error?: { message?: string; description?: string; node?: { name?: string } };
	/** The items a node emitted (all runs concatenated), main output `output`. */
	items(node: string, output?: number): Item[];
}

let x = 0;
/** One node; positions run left to right so n8n's v1 execution order follows the array. */
export function node(name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Partial<N8nNode> = {}): N8nNode {
	x += 220;
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

/** edges: [from, to] or [from, to, connectionType] (e.g. 'ai_tool'). */
export function workflow(id: string, name: string, nodes: N8nNode[], edges: [string, string, string?][]): Workflow {
	const connections: Workflow['connections'] = {};
	for (const [from, to, type = 'main'] of edges) {
		const byType = (connections[from] ??= {});
		const outputs = (byType[type] ??= [[]]);
		outputs[0].push({ node: to, type, index: 0 });
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

export const manualTrigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {});

export class N8n {
	readonly userFolder: string;
	readonly env: NodeJS.ProcessEnv;
	readonly runtime: N8nRuntime;
	readonly binaryDataMode: BinaryDataMode;

	private constructor(userFolder: string, env: NodeJS.ProcessEnv, runtime: N8nRuntime, binaryDataMode: BinaryDataMode) {
		this.userFolder = userFolder;
		this.env = env;
		this.runtime = runtime;
		this.binaryDataMode = binaryDataMode;
	}

	/** A fresh user folder with the built package installed; `fileAccess` for Read/Write Files. */
	static async create(purpose: string, fileAccess: string[] = []): Promise<N8n> {
		const version = selectedN8nVersion();
		const runtime = installedN8n(version);
		if (!runtime) throw new Error(`n8n ${version} is not installed: run \`npm run install:n8n -- --n8n ${version}\``);
		const mode = selectedBinaryDataMode();
		const userFolder = makeUserFolder(purpose);
		const env = n8nEnv({
			runtime,
			userFolder,
			brokerPort: await freePort(),
			fileAccess,
			extra: { N8N_DEFAULT_BINARY_DATA_MODE: mode, N8N_STORAGE_PATH: join(userFolder, 'storage') },
		});
		return new N8n(userFolder, env, runtime, mode);
	}

	async importCredentials(creds: { id: string; name: string; type: string; data: Record<string, unknown> }[]) {
		const file = writeJson(join(this.userFolder, `creds-${randomUUID()}.json`), creds);
		const r = await n8nCli(this.env, ['import:credentials', `--input=${file}`]);
		if (r.code !== 0) throw new Error(`import:credentials failed:\n${r.stdout}\n${r.stderr}`);
	}

	async importWorkflows(wfs: Workflow[]) {
		const file = writeJson(join(this.userFolder, `wfs-${randomUUID()}.json`), wfs);
		const r = await n8nCli(this.env, ['import:workflow', `--input=${file}`]);
		if (r.code !== 0) throw new Error(`import:workflow failed:\n${r.stdout}\n${r.stderr}`);
	}

	async execute(id: string): Promise<RunResult> {
		const r = await n8nCli(this.env, ['execute', `--id=${id}`, '--rawOutput'], 300_000);
		let parsed: { data?: { resultData?: { runData?: Record<string, TaskRun[]>; error?: RunResult['error'] } } };
		try {
			parsed = parseRawOutput(r.stdout) as typeof parsed;
		} catch {
			throw new Error(`n8n execute --id=${id} printed no run data (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
		}
		const runData = parsed.data?.resultData?.runData ?? {};
		this.readBinaryData(runData);
		return {
			exitCode: r.code,
			ms: r.ms,
			stdout: r.stdout,
			stderr: r.stderr,
			runData,
			error: parsed.data?.resultData?.error,
			items(nodeName: string, output = 0): Item[] {
				const runs = runData[nodeName];
				if (!runs) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(runData).join(', ')}`);
				const failed = runs.find((t) => t.error);
				if (failed && !runs.some((t) => t.data)) throw new Error(`node "${nodeName}" failed: ${failed.error?.message} ${failed.error?.description ?? ''}`);
				return runs.flatMap((t) => t.data?.main?.[output] ?? []);
			},
		};
	}

	/**
	 * Puts each binary's bytes (from n8n's store) into its `data` as base64, as the inline mode
	 * would; `id` keeps the reference n8n wrote (`filesystem-v2:…` or `database:…`).
	 */
	private readBinaryData(runData: Record<string, TaskRun[]>): void {
		const binaries = Object.values(runData)
			.flatMap((runs) => runs.flatMap((run) => Object.values(run.data ?? {}).flat(2)))
			.flatMap((item) => Object.values((item as Item | null)?.binary ?? {}))
			.filter((bin) => bin.id);
		if (binaries.length === 0) return;
		const files = binaries.map((bin) => {
			const at = bin.id!.indexOf(':');
			return { bin, store: bin.id!.slice(0, at), fileId: bin.id!.slice(at + 1) };
		});
		const fromDatabase = files.filter((f) => f.store === 'database');
		const rows = fromDatabase.length ? this.readDatabaseFiles(fromDatabase.map((f) => f.fileId)) : {};
		for (const f of files) {
			if (f.store === 'filesystem-v2') f.bin.data = readFileSync(join(this.env.N8N_STORAGE_PATH!, f.fileId)).toString('base64');
			else if (f.store === 'database' && rows[f.fileId] !== undefined) f.bin.data = rows[f.fileId];
			else throw new Error(`binary data ${f.bin.id} is not in n8n's ${this.binaryDataMode} store`);
		}
	}

	/** The rows of n8n's binary_data table, read with the sqlite3 module n8n itself runs on. */
	private readDatabaseFiles(fileIds: string[]): Record<string, string> {
		const script = `
			const [sqlite3Dir, file, ...ids] = process.argv.slice(1);
			const sqlite3 = require(sqlite3Dir);
			const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
			db.all('SELECT fileId, data FROM binary_data WHERE fileId IN (' + ids.map(() => '?').join(',') + ')', ids, (err, rows) => {
				if (err) throw err;
				process.stdout.write(JSON.stringify(Object.fromEntries(rows.map((r) => [r.fileId, r.data.toString('base64')]))));
				db.close();
			});`;
		const sqlite3Dir = join(this.runtime.dir, 'node_modules', 'sqlite3');
		const dbFile = join(this.userFolder, '.n8n', 'database.sqlite');
		const r = spawnSync(this.runtime.node, ['-e', script, sqlite3Dir, dbFile, ...fileIds], { encoding: 'utf8', maxBuffer: 1 << 30 });
		if (r.status !== 0) throw new Error(`reading n8n's binary_data table failed:\n${r.stderr}`);
		return JSON.parse(r.stdout) as Record<string, string>;
	}

	cleanup() {
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export function tempDir(purpose: string): string {
	return mkdtempSync(join(tmpdir(), `n8n-vtrix-${purpose}-`));
}

/** Width and height read from PNG, JPEG or WebP bytes. */
export function imageSize(b: Buffer): { width: number; height: number; type: string } {
	if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return { type: 'image/png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
	}
	if (b[0] === 0xff && b[1] === 0xd8) {
		let i = 2;
		while (i < b.length) {
			if (b[i] !== 0xff) throw new Error('bad JPEG marker');
			const marker = b[i + 1];
			const len = b.readUInt16BE(i + 2);
			if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
				return { type: 'image/jpeg', height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
			}
			i += 2 + len;
		}
		throw new Error('JPEG without SOF');
	}
	if (b.subarray(0, 4).toString() === 'RIFF' && b.subarray(8, 12).toString() === 'WEBP') {
		const chunk = b.subarray(12, 16).toString();
		if (chunk === 'VP8L') return { type: 'image/webp', width: 1 + (b.readUInt16LE(21) & 0x3fff), height: 1 + ((b.readUInt32LE(21) >> 14) & 0x3fff) };
		if (chunk === 'VP8X') return { type: 'image/webp', width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
		return { type: 'image/webp', width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
	}
	throw new Error(`not an image: ${b.subarray(0, 8).toString('hex')}`);
}

/** The decoded bytes of an item's binary property (read from n8n's store by `execute`). */
export function binaryBytes(item: Item, prop = 'data'): Buffer {
	const bin = item.binary?.[prop];
	if (!bin) throw new Error(`item has no binary "${prop}": ${JSON.stringify(item.json)}`);
	return Buffer.from(bin.data, 'base64');
}
