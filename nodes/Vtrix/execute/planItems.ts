import type { IExecuteFunctions } from 'n8n-workflow';

import { isUsableTaskId } from '../gateway/taskId';
import { ReferenceUrlChecker } from '../images/referenceUrlCheck';
import { operationFailure } from './failures';
import { runPool, type Settled } from './pool';
import { prepareRequest, type PreparedRequest } from './prepareRequest';
import { readOutputSettings, type OutputSettings } from './settings';

export type Operation = 'generate' | 'submit' | 'getResult';

/** Everything one item will do, read and validated before the run buys (or polls) anything. */
export type ItemPlan =
	| { operation: 'generate' | 'submit'; request: PreparedRequest; settings: OutputSettings }
	| { operation: 'getResult'; taskId: string; settings: OutputSettings };

function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('taskId', itemIndex, '');
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw operationFailure(ctx, itemIndex, `Task ID must be the text of a task's ID, got ${JSON.stringify(value)}`);
	}
	const taskId = String(value).trim();
	if (!taskId) throw operationFailure(ctx, itemIndex, 'Task ID is required for Get Result');
	if (!isUsableTaskId(taskId)) {
		throw operationFailure(ctx, itemIndex, `Task ID ${JSON.stringify(taskId)} is not a task's ID`, {}, '"." and ".." would read the list of tasks, not one task. Nothing was sent to the gateway.');
	}
	return taskId;
}

async function planItem(ctx: IExecuteFunctions, operation: Operation, itemIndex: number, checker: ReferenceUrlChecker): Promise<ItemPlan> {
	if (operation === 'getResult') {
		const taskId = readTaskId(ctx, itemIndex);
		return { operation, taskId, settings: readOutputSettings(ctx, itemIndex) };
	}
	const settings = readOutputSettings(ctx, itemIndex, operation === 'generate');
	const request = await prepareRequest(ctx, itemIndex, { checker, limitMs: settings.timeoutMs });
	return { operation, request, settings };
}

/**
 * Reads and validates every item, reference image URLs included, before the first request of
 * the run that costs money or reads a task; `concurrency` items at a time, in item order.
 */
export async function planItems(ctx: IExecuteFunctions, operation: Operation, count: number, concurrency: number): Promise<Array<Settled<ItemPlan>>> {
	const cancel = ctx.getExecutionCancelSignal();
	const checker = new ReferenceUrlChecker(ctx, cancel);
	const plans = await runPool(count, concurrency, async (itemIndex) => await planItem(ctx, operation, itemIndex, checker));
	if (cancel?.aborted) throw operationFailure(ctx, 0, 'The execution was cancelled before anything was submitted');
	return plans as Array<Settled<ItemPlan>>;
}
