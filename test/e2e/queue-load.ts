// The queue-mode load case, shared by the e2e suite (which asserts it) and the benchmark (which
// reports its times and memory): workflows that turn a webhook's list of prompts into images
// through the Vtrix node at its default concurrency, against the fake gateway with a 429 storm.
import { type FakeGateway, renderImage } from '../fake-gateway';
import { seededRandom } from '../../bench/lib';
import { callWebhook, nodeItems, type QueueApi, type StoredBinary, storedFileOf } from './queue-harness';
import { node, workflow, type Item, type Workflow } from './harness';

export const LOAD_NODE = 'Generate';

/** Webhook (answers when the run is done) → one item per prompt → Vtrix (default concurrency). */
export function loadWorkflow(index: number, credential: { id: string; name: string }): Workflow {
	return workflow(
		loadWorkflowId(index),
		`queue load ${index}`,
		[
			node('Prompts', 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path: loadPath(index), responseMode: 'lastNode', responseData: 'allEntries', options: {} }, {
				webhookId: `6a1c0f1e-4b7d-4c55-9a8e-00000000000${index}`,
			}),
			node('One item per prompt', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.prompts', options: {} }),
			node(LOAD_NODE, 'n8n-nodes-vtrix.vtrix', 1, { operation: 'generate', model: 'spark_t2i_3_0', prompt: '={{ $json.prompt }}', options: {} }, { credentials: { vtrixApi: credential } }),
		],
		[
			['Prompts', 'One item per prompt'],
			['One item per prompt', LOAD_NODE],
		],
	);
}

export const loadWorkflowId = (index: number) => `vtrixQueueLoad0${index}`;
export const loadPath = (index: number) => `vtrix-queue-load-${index}`;

export const STORM_SHARE = 0.2;

/**
 * A 429 storm: while it is on, each submit request (first tries and retries alike) is refused
 * with 429 Retry-After: 1 with probability STORM_SHARE (seeded); a refused submit creates no task.
 */
export class Storm {
	private readonly pattern: boolean[];
	/** Submit requests answered before stop(). */
	private answered: number | undefined;

	constructor(
		private readonly gw: FakeGateway,
		seed: number,
	) {
		const random = seededRandom(seed);
		this.pattern = Array.from({ length: 5000 }, () => random() < STORM_SHARE);
		gw.faults.submit.length = 0;
		for (const refuse of this.pattern) gw.faults.submit.push(refuse ? { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } : { kind: 'delay', ms: 0 });
	}

	/** Submit requests answered while the storm was on, and how many of them were refused. */
	counts(): { submits: number; refused: number } {
		const submits = this.answered ?? this.pattern.length - this.gw.faults.submit.length;
		return { submits, refused: this.pattern.slice(0, submits).filter(Boolean).length };
	}

	stop(): void {
		this.answered = this.counts().submits;
		this.gw.faults.submit.length = 0;
	}
}

/**
 * Every task of the gateway serves the same real JPEG, rendered once: rendering one per task
 * (about half a second of the test process's CPU each) would make the fake gateway, not n8n,
 * the bottleneck of a load run. The demo gateway's timing (2–4 s per task) stays.
 */
export function serveOneImage(gw: FakeGateway, side = 1024): { bytes: number; restore: () => void } {
	const previous = gw.scriptFor;
	const imageBytes = renderImage({ width: side, height: side, format: 'jpeg', label: 'load' });
	gw.scriptFor = (model, params) => ({ ...previous?.(model, params), imageBytes });
	return { bytes: imageBytes.length, restore: () => (gw.scriptFor = previous) };
}

export interface LoadRun {
	workflowId: string;
	executionId: string;
	status: string;
	worker: string | undefined;
	items: number;
	/** Items with status completed whose image is stored in PostgreSQL with the item's size. */
	delivered: number;
	/** Prompts that reached the gateway as more than one task. */
	submittedTwice: number;
	/** Prompts that reached the gateway as no task. */
	missing: number;
	/** Items whose taskId is not the task created for their own prompt. */
	mismatched: number;
	wallMs: number;
}

/** Sends `count` prompts to load workflow `index`, waits for the answer, checks every item against the gateway and the database. */
export async function runLoad(api: QueueApi, gw: FakeGateway, index: number, count: number, label: string): Promise<LoadRun> {
	const workflowId = loadWorkflowId(index);
	const prompts = Array.from({ length: count }, (_, i) => `${label} item ${i}`);
	const started = performance.now();
	const answer = await callWebhook(`${api.url}/webhook/${loadPath(index)}`, { prompts: prompts.map((prompt) => ({ prompt })) });
	const wallMs = performance.now() - started;
	if (answer.status !== 200) throw new Error(`load ${label}: webhook answered ${answer.status}: ${answer.text.slice(0, 2000)}`);
	const executionId = (await api.latestExecution(workflowId))!;
	const row = await api.finished(executionId);
	const [data, files] = await Promise.all([api.runData(executionId), api.storedBinaries(executionId)]);
	const items = nodeItems(data, LOAD_NODE);

	const tasksByPrompt = new Map<string, string[]>();
	for (const task of gw.tasks()) {
		const prompt = String(task.params.prompt);
		if (prompt.startsWith(`${label} item `)) tasksByPrompt.set(prompt, [...(tasksByPrompt.get(prompt) ?? []), task.id]);
	}
	let delivered = 0;
	let mismatched = 0;
	for (const [i, item] of items.entries()) {
		const own = tasksByPrompt.get(prompts[i]) ?? [];
		if (own.length !== 1 || own[0] !== item.json.taskId) mismatched++;
		if (item.json.status === 'completed' && isStored(item, files)) delivered++;
	}

	return {
		workflowId,
		executionId,
		status: row.status,
		worker: api.cluster.workerOf(executionId)?.name,
		items: items.length,
		delivered,
		submittedTwice: prompts.filter((p) => (tasksByPrompt.get(p)?.length ?? 0) > 1).length,
		missing: prompts.filter((p) => !tasksByPrompt.has(p)).length,
		mismatched,
		wallMs,
	};
}

/** The item's image is in PostgreSQL, as many bytes as the item says. */
function isStored(item: Item, files: StoredBinary[]): boolean {
	try {
		return storedFileOf(item, files).bytes.length === item.json.bytes;
	} catch {
		return false;
	}
}
