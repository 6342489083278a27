import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { GatewayAccess } from './credentials';
import { recoveryHint, type FailureFacts } from './failures';
import { generate, getResult, submitOnly, type ItemRun } from './operations';
import { planItems, type ItemPlan, type Operation } from './planItems';
import { runPool, type Settled } from './pool';
import { readConcurrency } from './settings';

/** Every error leaving an item is an n8n error that names the task, once a task exists. */
function asItemError(ctx: IExecuteFunctions, itemIndex: number, error: unknown, taskId?: string): NodeOperationError | NodeApiError {
	const known = error instanceof NodeOperationError || error instanceof NodeApiError;
	const wrapped = known
		? error
		: new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error), { itemIndex });
	const facts = wrapped.context as FailureFacts;
	if (taskId && !facts.taskId) {
		facts.taskId = taskId;
		wrapped.description = [wrapped.description, recoveryHint(taskId)].filter(Boolean).join(' ');
	}
	return wrapped;
}

function errorItem(error: NodeOperationError | NodeApiError, itemIndex: number): INodeExecutionData {
	const facts = error.context as FailureFacts;
	const json: IDataObject = { error: error.message, code: facts.code ?? null, taskId: facts.taskId ?? null };
	if (error.description) json.description = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

/** What the run's error must add so that no purchase of another item is lost. */
function otherTasksNote(taskIds: Map<number, string>, results: Array<Settled<unknown> | undefined>, failedIndex: number): string {
	const others = [...taskIds.entries()].filter(([index]) => index !== failedIndex);
	const unknown = results.flatMap((result, index) =>
		index !== failedIndex && result && !result.ok && (result.error as { context?: FailureFacts }).context?.maybeBilled ? [index] : [],
	);
	let note = '';
	if (others.length) {
		const list = others.map(([index, id]) => `item ${index}: ${id}`).join(', ');
		note += ` Tasks of other items in this run (recover them with Get Result if needed): ${list}.`;
	}
	if (unknown.length) {
		note += ` The submit of item ${unknown.join(', item ')} got no usable answer: the gateway may have created and billed a task for it; check the task list in the Vtrix dashboard.`;
	}
	return note;
}

function hintWarnings(ctx: IExecuteFunctions, plans: Array<Settled<ItemPlan>>): void {
	const warnings = new Set(plans.flatMap((entry) => (entry.ok && entry.value.operation !== 'getResult' ? entry.value.request.warnings : [])));
	if (warnings.size) ctx.addExecutionHints(...[...warnings].map((message) => ({ message, location: 'outputPane' as const })));
}

function runPlan(run: ItemRun, plan: ItemPlan): Promise<INodeExecutionData[]> {
	switch (plan.operation) {
		case 'getResult':
			return getResult(run, plan.taskId, plan.settings);
		case 'submit':
			return submitOnly(run, plan.request, plan.settings);
		case 'generate':
			return generate(run, plan.request, plan.settings);
	}
}

/**
 * Reads and validates every item (settings, model options, reference images, task ids)
 * before anything is bought, then runs the items with bounded concurrency. Output keeps
 * input order; with Continue On Fail a failed item becomes an error item paired to its
 * input, else the first failure ends the run once the items in flight have finished, naming
 * every task id that exists.
 */
export async function runOperation(ctx: IExecuteFunctions, access: GatewayAccess): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const operation = ctx.getNodeParameter('operation', 0) as Operation;
	const continueOnFail = ctx.continueOnFail();
	const concurrency = readConcurrency(ctx);

	const plans = (await planItems(ctx, operation, count, concurrency)).map(
		(entry, index): Settled<ItemPlan> => (entry.ok ? entry : { ok: false, error: asItemError(ctx, index, entry.error) }),
	);
	const invalid = plans.find((entry) => !entry.ok);
	if (invalid && !continueOnFail) throw (invalid as { error: unknown }).error;
	hintWarnings(ctx, plans);

	const taskIds = new Map<number, string>();
	let failed = false;
	const results = await runPool(
		count,
		concurrency,
		async (itemIndex) => {
			const run: ItemRun = { ctx, itemIndex, ...access, onTask: (taskId) => taskIds.set(itemIndex, taskId) };
			try {
				const plan = plans[itemIndex];
				if (!plan.ok) throw plan.error;
				return await runPlan(run, plan.value);
			} catch (error) {
				if (!continueOnFail) failed = true;
				throw asItemError(ctx, itemIndex, error, taskIds.get(itemIndex));
			}
		},
		() => failed,
	);

	const output: INodeExecutionData[] = [];
	for (const [itemIndex, result] of results.entries()) {
		if (!result) continue; // not started: an earlier item failed without Continue On Fail
		if (result.ok) {
			output.push(...result.value);
			continue;
		}
		const error = result.error as NodeOperationError | NodeApiError;
		if (!continueOnFail) {
			error.description = `${error.description ?? ''}${otherTasksNote(taskIds, results, itemIndex)}`.trim();
			throw error;
		}
		output.push(errorItem(error, itemIndex));
	}
	return output;
}
