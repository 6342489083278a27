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
import { runPool, type Settled } from './pool';
import { prepareRequest, type PreparedRequest } from './prepareRequest';
import { readConcurrency } from './settings';

type Operation = 'generate' | 'submit' | 'getResult';

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

function otherTasksNote(taskIds: Map<number, string>, failedIndex: number): string {
	const others = [...taskIds.entries()].filter(([index]) => index !== failedIndex);
	if (others.length === 0) return '';
	const list = others.map(([index, id]) => `item ${index}: ${id}`).join(', ');
	return ` Tasks of other items in this run (recover them with Get Result if needed): ${list}.`;
}

async function prepareAll(ctx: IExecuteFunctions, count: number): Promise<Array<Settled<PreparedRequest>>> {
	const prepared: Array<Settled<PreparedRequest>> = [];
	for (let index = 0; index < count; index++) {
		try {
			prepared.push({ ok: true, value: await prepareRequest(ctx, index) });
		} catch (error) {
			prepared.push({ ok: false, error: asItemError(ctx, index, error) });
		}
	}
	return prepared;
}

function hintWarnings(ctx: IExecuteFunctions, prepared: Array<Settled<PreparedRequest>>): void {
	const warnings = new Set(prepared.flatMap((entry) => (entry.ok ? entry.value.warnings : [])));
	if (warnings.size) ctx.addExecutionHints(...[...warnings].map((message) => ({ message, location: 'outputPane' as const })));
}

/**
 * Validates every item before anything is bought, then runs the items with bounded
 * concurrency. Output keeps input order; with Continue On Fail a failed item becomes an
 * error item paired to its input, else the first failure ends the run once the items in
 * flight have finished, naming every task id that exists.
 */
export async function runOperation(ctx: IExecuteFunctions, access: GatewayAccess): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const operation = ctx.getNodeParameter('operation', 0) as Operation;
	const continueOnFail = ctx.continueOnFail();

	let prepared: Array<Settled<PreparedRequest>> = [];
	if (operation !== 'getResult') {
		prepared = await prepareAll(ctx, count);
		const invalid = prepared.find((entry) => !entry.ok);
		if (invalid && !continueOnFail) throw (invalid as { error: unknown }).error;
		hintWarnings(ctx, prepared);
	}

	const taskIds = new Map<number, string>();
	let failed = false;
	const results = await runPool(
		count,
		readConcurrency(ctx),
		async (itemIndex) => {
			const run: ItemRun = { ctx, itemIndex, ...access, onTask: (taskId) => taskIds.set(itemIndex, taskId) };
			try {
				if (operation === 'getResult') return await getResult(run);
				const request = prepared[itemIndex];
				if (!request.ok) throw request.error;
				return operation === 'submit' ? await submitOnly(run, request.value) : await generate(run, request.value);
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
			error.description = `${error.description ?? ''}${otherTasksNote(taskIds, itemIndex)}`.trim();
			throw error;
		}
		output.push(errorItem(error, itemIndex));
	}
	return output;
}
