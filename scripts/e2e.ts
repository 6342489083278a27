// `npm run test:e2e`: the end-to-end suites in real n8n, once per supported n8n version
// (newest first), each with its own Node.js (see lib/runtime.ts):
//   - binary data in the filesystem store (n8n's default): test/e2e/ and test/browser/, but
//     the queue-mode suites
//   - binary data in the store that version uses in queue mode (database): the suites in
//     test/e2e/ that handle binary data (all but npm start's), queue mode's included
// Options: --n8n <version> (one version only), --binary-data <mode> (one mode only); anything
// else goes to vitest (e.g. a file filter or -t <name>).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { optionValue } from './lib/args';
import { buildPackage } from './lib/n8n';
import { BINARY_DATA_MODES, ensureN8n, repoRoot, SUPPORTED_N8N, supportedN8n, type BinaryDataMode } from './lib/runtime';

interface Run {
	n8n: string;
	mode: BinaryDataMode;
	/** Extra vitest arguments (the second mode's run leaves out the suites binary data does not concern). */
	vitestArgs: string[];
}

const OWN_OPTIONS = ['--n8n', '--binary-data'];
/** The browser suite and `npm start` use n8n's default store: they run in the filesystem runs only. */
const ONLY_BINARY_DATA_SUITES = ['--exclude', 'test/browser/**', '--exclude', 'test/e2e/start.e2e.test.ts'];
/** Queue mode (main + workers + Redis + PostgreSQL) keeps binary data in the database: its suites run in the database runs only. */
const QUEUE_SUITES = ['--exclude', 'test/e2e/queue.e2e.test.ts', '--exclude', 'test/e2e/start-queue.e2e.test.ts'];

function parse(args: string[]): { runs: Run[]; passThrough: string[] } {
	const version = optionValue(args, '--n8n');
	const mode = optionValue(args, '--binary-data');
	if (mode && !(BINARY_DATA_MODES as readonly string[]).includes(mode)) throw new Error(`--binary-data must be one of ${BINARY_DATA_MODES.join(', ')}`);
	const passThrough = args.filter((a, i) => !OWN_OPTIONS.includes(a) && !OWN_OPTIONS.includes(args[i - 1]));
	const versions = version ? [supportedN8n(version)] : SUPPORTED_N8N;
	const runs = versions.flatMap((spec) => {
		const modes = mode ? [mode as BinaryDataMode] : [...new Set<BinaryDataMode>(['filesystem', spec.queueBinaryDataMode])];
		return modes.map((m) => ({ n8n: spec.version, mode: m, vitestArgs: m === 'filesystem' ? QUEUE_SUITES : ONLY_BINARY_DATA_SUITES }));
	});
	return { runs, passThrough };
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

function main(): number {
	const { runs, passThrough } = parse(process.argv.slice(2));
	const started = Date.now();
	buildPackage();
	const summary: string[] = [];
	let failed = 0;
	for (const run of runs) {
		const installStarted = Date.now();
		const runtime = ensureN8n(run.n8n);
		const label = `n8n ${runtime.n8nVersion} (Node.js ${runtime.nodeVersion}), binary data: ${run.mode}`;
		console.log(`\n--- ${label} (runtime ready after ${seconds(installStarted)})`);
		const runStarted = Date.now();
		const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
		const r = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.e2e.config.mts', ...run.vitestArgs, ...passThrough], {
			cwd: repoRoot,
			stdio: 'inherit',
			env: { ...process.env, VTRIX_N8N_VERSION: run.n8n, VTRIX_E2E_BINARY_MODE: run.mode, VTRIX_E2E_SKIP_BUILD: '1' },
		});
		const ok = r.status === 0;
		if (!ok) failed++;
		summary.push(`  ${ok ? 'passed' : 'FAILED'}  ${label}: ${seconds(runStarted)}`);
	}
	console.log(`\nEnd-to-end runs (${seconds(started)} in all):\n${summary.join('\n')}`);
	return failed === 0 ? 0 : 1;
}

try {
	process.exit(main());
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
}
