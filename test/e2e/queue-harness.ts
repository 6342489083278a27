// Drives n8n in queue mode from outside, as a user and an operator would: the main's REST API
// (owner login, publish, "Execute workflow") and webhooks start executions; what the workers
// did is read back from PostgreSQL (execution rows, run data, binary data) and the workers' logs.
import { createRequire } from 'node:module';
import { setupOwner } from '../../scripts/lib/n8n';
import type { QueueCluster } from '../../scripts/lib/queue';
import type { Item } from './harness';

export interface TaskRun {
	executionStatus?: string;
	error?: { message?: string };
	data?: Record<string, (Item[] | null)[]>;
}

export interface RunData {
	resultData: { runData: Record<string, TaskRun[]>; error?: { message?: string } };
}

export interface ExecutionRow {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
}

export interface StoredBinary {
	fileId: string;
	mimeType: string;
	fileSize: number;
	bytes: Buffer;
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

export class QueueApi {
	/** n8n stores run data with `flatted`: it is read with n8n's own copy. */
	private readonly flatted: { parse: (text: string) => unknown };

	private constructor(
		readonly cluster: QueueCluster,
		readonly url: string,
		private readonly cookie: string,
	) {
		this.flatted = createRequire(cluster.runtime.n8nBin)('flatted') as QueueApi['flatted'];
	}

	/** Creates the owner on the cluster's fresh main and keeps its session cookie. */
	static async connect(cluster: QueueCluster): Promise<QueueApi> {
		const url = cluster.main!.url;
		return new QueueApi(cluster, url, await setupOwner(url));
	}

	private async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${path}: HTTP ${res.status} ${text.slice(0, 1000)}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	/** What the main reports about itself (executionMode, binaryDataMode, …). */
	settings(): Promise<Record<string, unknown>> {
		return this.rest('GET', '/settings');
	}

	/** "Publish" in the editor: the workflow's production webhooks go live. */
	async publish(workflowId: string): Promise<void> {
		const wf = await this.rest<{ versionId: string }>('GET', `/workflows/${workflowId}`);
		await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId: wf.versionId });
	}

	/** "Execute workflow" in the editor, from the given trigger; returns the execution id. */
	async runManually(workflowId: string, trigger: string): Promise<string> {
		const workflowData = await this.rest<Record<string, unknown>>('GET', `/workflows/${workflowId}`);
		const r = await this.rest<{ executionId?: string }>('POST', `/workflows/${workflowId}/run`, { workflowData, triggerToStartFrom: { name: trigger } });
		if (!r.executionId) throw new Error(`manual run of ${workflowId} started no execution: ${JSON.stringify(r)}`);
		return String(r.executionId);
	}

	async execution(id: string): Promise<ExecutionRow | undefined> {
		const row = await this.cluster.postgres.query(`SELECT id, status, mode, "workflowId" FROM execution_entity WHERE id = ${Number(id)}`);
		if (!row.trim()) return undefined;
		const [rid, status, mode, workflowId] = row.trim().split('\t');
		return { id: rid, status, mode, workflowId };
	}

	/** The newest execution of a workflow (its id), or undefined. */
	async latestExecution(workflowId: string): Promise<string | undefined> {
		const id = await this.cluster.postgres.query(`SELECT max(id) FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}'`);
		return id.trim() || undefined;
	}

	/** Waits until the execution has finished (success, error, crashed or canceled) and returns its row. */
	async finished(id: string, timeoutMs = 180_000): Promise<ExecutionRow> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const row = await this.execution(id);
			if (row && FINISHED.has(row.status)) return row;
			if (Date.now() > deadline) throw new Error(`execution ${id} did not finish within ${timeoutMs} ms (status ${row?.status})`);
			await new Promise((r) => setTimeout(r, 250));
		}
	}

	/** The run data the worker stored in PostgreSQL (execution_data), parsed. */
	async runData(id: string): Promise<RunData> {
		const text = await this.cluster.postgres.query(`SELECT data FROM execution_data WHERE "executionId" = ${Number(id)}`);
		return this.flatted.parse(text.replace(/\n$/, '')) as RunData;
	}

	/** The binary files n8n stored in PostgreSQL for an execution (binary data mode `database`). */
	async storedBinaries(id: string): Promise<StoredBinary[]> {
		const rows = await this.cluster.postgres.query(
			`SELECT "fileId", "mimeType", "fileSize", encode(data, 'hex') FROM binary_data WHERE "sourceType" = 'execution' AND "sourceId" = '${Number(id)}'`,
		);
		return rows
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [fileId, mimeType, fileSize, hex] = line.split('\t');
				return { fileId, mimeType, fileSize: Number(fileSize), bytes: Buffer.from(hex, 'hex') };
			});
	}
}

/** The items a node emitted in stored run data (all runs, one output). */
export function nodeItems(data: RunData, node: string, output = 0): Item[] {
	const runs = data.resultData.runData[node];
	if (!runs) throw new Error(`node "${node}" did not run; ran: ${Object.keys(data.resultData.runData).join(', ')}`);
	return runs.flatMap((run) => run.data?.main?.[output] ?? []);
}

/** The stored file an item's binary property points to (`database:<fileId>`). */
export function storedFileOf(item: Item, files: StoredBinary[], prop = 'data'): StoredBinary {
	const id = item.binary?.[prop]?.id;
	if (!id) throw new Error(`item has no stored binary "${prop}": ${JSON.stringify(item.binary?.[prop])}`);
	const [mode, fileId] = id.split(':');
	if (mode !== 'database') throw new Error(`binary "${prop}" is stored in mode ${mode}, not database: ${id}`);
	const file = files.find((f) => f.fileId === fileId);
	if (!file) throw new Error(`binary ${id} is not in PostgreSQL's binary_data`);
	return file;
}

/** POSTs JSON (or a form) to a production webhook; returns status and body text. */
export async function callWebhook(url: string, body: unknown): Promise<{ status: number; text: string; bytes: Buffer; type: string }> {
	const res = await fetch(url, {
		method: 'POST',
		...(body instanceof FormData ? { body } : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
	});
	const bytes = Buffer.from(await res.arrayBuffer());
	return { status: res.status, text: bytes.toString('utf8'), bytes, type: res.headers.get('content-type') ?? '' };
}
