/**
 * Queue mode under load (`npm run bench -- --only queue`): real n8n main + workers + Redis +
 * PostgreSQL (scripts/lib/queue.ts) against the demo gateway with a 429 storm. Phase 1: one
 * workflow of 50 items at the node's default concurrency, one worker. Phase 2: a second worker,
 * then 3 such workflows at once. Wall time per execution and each worker's resident memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startDemoGateway } from '../test/fake-gateway';
import { freePort, writeJson } from '../scripts/lib/n8n';
import { QueueCluster, type Worker } from '../scripts/lib/queue';
import { QueueApi } from '../test/e2e/queue-harness';
import { type LoadRun, loadWorkflow, loadWorkflowId, runLoad, serveOneImage, Storm, STORM_SHARE } from '../test/e2e/queue-load';
import { met, mib, ms } from './lib';

const ITEMS = 50;
const API_KEY = 'sa-bench-queue';
const CRED = { id: 'VtrixBenchQueue1', name: 'Vtrix bench' };

export interface WorkerMemory {
	name: string;
	/** Resident set before the phase (idle, after startup). */
	baseline: number;
	/** Highest resident set during the phase (sampled every 50 ms). */
	peak: number;
	/** CPU time the worker process used during the phase (user + system). */
	cpuMs: number;
}

export interface QueuePhase {
	runs: LoadRun[];
	wallMs: number;
	submits: number;
	refused: number;
	memory: WorkerMemory[];
}

export interface QueueResult {
	n8nVersion: string;
	imageBytes: number;
	startupMs: number;
	oneWorker: QueuePhase;
	atOnce: QueuePhase;
}

function rss(pid: number): number {
	const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** User + system CPU time of a process so far (/proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs `phase` while sampling each worker's resident memory; the storm is stopped at the end. */
async function measurePhase(workers: Worker[], storm: Storm, phase: () => Promise<LoadRun[]>): Promise<QueuePhase> {
	const baseline = workers.map((w) => rss(w.pid));
	const cpuBefore = workers.map((w) => cpuMs(w.pid));
	const peak = [...baseline];
	const sampler = setInterval(() => workers.forEach((w, i) => (peak[i] = Math.max(peak[i], rss(w.pid)))), 50);
	try {
		const runs = await phase();
		// The runs start together: the phase lasts until the last webhook answered.
		const wallMs = Math.max(...runs.map((run) => run.wallMs));
		storm.stop();
		const memory = workers.map((w, i) => ({ name: w.name, baseline: baseline[i], peak: peak[i], cpuMs: cpuMs(w.pid) - cpuBefore[i] }));
		return { runs, wallMs, memory, ...storm.counts() };
	} finally {
		clearInterval(sampler);
	}
}

export async function measureQueue(): Promise<QueueResult> {
	const gw = await startDemoGateway({ apiKey: API_KEY });
	const image = serveOneImage(gw);
	const cluster = await QueueCluster.create();
	try {
		const started = performance.now();
		const creds = writeJson(join(cluster.mainFolder, 'creds.json'), [{ id: CRED.id, name: CRED.name, type: 'vtrixApi', data: { apiKey: API_KEY, baseUrl: gw.baseUrl } }]);
		const wfs = writeJson(join(cluster.mainFolder, 'workflows.json'), [1, 2, 3].map((i) => loadWorkflow(i, CRED)));
		await cluster.cli(['import:credentials', `--input=${creds}`]);
		await cluster.cli(['import:workflow', `--input=${wfs}`]);
		await cluster.start(await freePort(), 1);
		const api = await QueueApi.connect(cluster);
		for (const i of [1, 2, 3]) await api.publish(loadWorkflowId(i));
		const startupMs = performance.now() - started;

		const oneWorker = await measurePhase(cluster.workers, new Storm(gw, 21), async () => [await runLoad(api, gw, 1, ITEMS, 'bench one worker')]);
		await cluster.addWorker();
		const atOnce = await measurePhase(cluster.workers, new Storm(gw, 22), () =>
			Promise.all([1, 2, 3].map((i) => runLoad(api, gw, i, ITEMS, `bench at once ${i}`))),
		);
		return { n8nVersion: `${cluster.runtime.n8nVersion} (Node.js ${cluster.runtime.nodeVersion})`, imageBytes: image.bytes, startupMs, oneWorker, atOnce };
	} finally {
		await cluster.stop();
		await gw.close();
	}
}

function runOk(run: LoadRun): boolean {
	return run.status === 'success' && run.delivered === ITEMS && run.submittedTwice === 0 && run.missing === 0 && run.mismatched === 0;
}

export function queueSection(q: QueueResult): string {
	const rows: string[] = [];
	const phaseRows = (label: string, phase: QueuePhase) => {
		for (const run of phase.runs) {
			rows.push(
				`| ${label} | ${run.workflowId} | ${run.worker ?? '?'} | ${run.delivered} / ${ITEMS} | ${run.submittedTwice} | ${ms(run.wallMs)} | ${met(runOk(run))} |`,
			);
		}
	};
	phaseRows('1 worker, 1 workflow', q.oneWorker);
	phaseRows('2 workers, 3 workflows at once', q.atOnce);
	const memory = (phase: QueuePhase) =>
		phase.memory.map((m) => `${m.name}: ${mib(m.baseline)} → ${mib(m.peak)} (+${mib(m.peak - m.baseline)}), CPU ${ms(m.cpuMs)}`).join('; ');
	const storm = (phase: QueuePhase) => `${phase.refused} of ${phase.submits} submit requests answered 429 (${((100 * phase.refused) / phase.submits).toFixed(1)} %)`;
	return [
		`### Queue mode (n8n ${q.n8nVersion}: main + workers + Redis + PostgreSQL, ${ITEMS} items per workflow, node default concurrency, ${STORM_SHARE * 100} % of submits answered 429 Retry-After: 1)`,
		'',
		'| Phase | Workflow | Ran on | Images delivered (stored in PostgreSQL) | Items submitted twice | Wall time (webhook call → answer) | Result |',
		'|---|---|---|---|---|---|---|',
		...rows,
		'',
		`| Phase | Wall time (until the last answer) | 429 storm | Per worker: resident memory idle before → peak during the phase, CPU time in the phase |`,
		'|---|---|---|---|',
		`| 1 worker, 1 workflow | ${ms(q.oneWorker.wallMs)} | ${storm(q.oneWorker)} | ${memory(q.oneWorker)} |`,
		`| 2 workers, 3 workflows at once | ${ms(q.atOnce.wallMs)} | ${storm(q.atOnce)} | ${memory(q.atOnce)} |`,
		'',
		`Startup (PostgreSQL cluster, imports, main + 1 worker, publish): ${ms(q.startupMs)}. ` +
			'Each workflow: webhook (answers when the run is done) → Split Out → Vtrix (Spark T2I 3.0, one image per item). ' +
			`The demo gateway takes 2–4 s per task; every task serves the same real 1024 px JPEG (${Math.round(q.imageBytes / 1000)} kB), rendered once. ` +
			'"Ran on" is the worker whose log started the execution; delivered = items with status completed whose image is in PostgreSQL\'s binary_data with the item\'s byte count; submitted twice = prompts that reached the gateway as more than one task. ' +
			'Memory is the worker process\'s RSS (/proc/<pid>/status, sampled every 50 ms); CPU is its user + system time (/proc/<pid>/stat).',
	].join('\n');
}
