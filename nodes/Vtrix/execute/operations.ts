import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GatewaySession } from '../gateway/session';
import { submitTask } from '../gateway/submit';
import { isInsufficientBalance } from '../gateway/errorBody';
import { failureDetails, failureReason, type TaskSnapshot } from '../gateway/task';
import { waitForTask } from '../gateway/waitForTask';
import { emitImages } from '../images/emit';
import { BALANCE_ADVICE, operationFailure, recoveryHint } from './failures';
import type { PreparedRequest } from './prepareRequest';
import type { OutputSettings } from './settings';

export interface ItemRun {
	ctx: IExecuteFunctions;
	itemIndex: number;
	baseUrl: string;
	apiKey: string;
	/** Called as soon as a task id exists, so no failure after it can lose the id. */
	onTask: (taskId: string) => void;
}

function session(run: ItemRun, startedAt: number, output: OutputSettings): GatewaySession {
	return {
		ctx: run.ctx,
		itemIndex: run.itemIndex,
		baseUrl: run.baseUrl,
		apiKey: run.apiKey,
		signal: run.ctx.getExecutionCancelSignal(),
		deadline: startedAt + output.timeoutMs,
	};
}

async function finish(
	run: ItemRun,
	gateway: GatewaySession,
	task: { id: string; last?: TaskSnapshot },
	startedAt: number,
	output: OutputSettings,
	request: { model: string; facts: PreparedRequest['facts'] },
): Promise<INodeExecutionData[]> {
	const done = await waitForTask(gateway, task.id, { startedAt, last: task.last });
	if (done.state === 'failed') {
		const advice = done.error && isInsufficientBalance(done.error) ? BALANCE_ADVICE : 'The gateway reports the task as failed; see the model page for the code.';
		throw operationFailure(
			run.ctx,
			run.itemIndex,
			`Task ${done.id} ${done.status}: ${failureReason(done)}`,
			{ taskId: done.id, code: done.error?.code },
			[failureDetails(done), advice].filter(Boolean).join(' '),
		);
	}
	if (done.images.length === 0) {
		throw operationFailure(run.ctx, run.itemIndex, `Task ${done.id} completed without any image`, { taskId: done.id }, recoveryHint(done.id));
	}
	return await emitImages(run.ctx, run.itemIndex, done, {
		model: request.model,
		binaryPropertyName: output.binaryPropertyName,
		downloadImages: output.downloadImages,
		requestFacts: request.facts,
		startedAt,
		deadline: gateway.deadline,
		signal: gateway.signal,
	});
}

/** Generate: submit, wait, download, one item per image. */
export async function generate(run: ItemRun, prepared: PreparedRequest, output: OutputSettings): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const gateway = session(run, startedAt, output);
	const task = await submitTask(gateway, prepared.body);
	run.onTask(task.id);
	const request = { model: prepared.model.id, facts: prepared.facts };
	return await finish(run, gateway, { id: task.id, last: task }, startedAt, output, request);
}

/** Submit: the task id at once, for flows that wait on their own. */
export async function submitOnly(run: ItemRun, prepared: PreparedRequest, output: OutputSettings): Promise<INodeExecutionData[]> {
	const gateway = session(run, Date.now(), output);
	const task = await submitTask(gateway, prepared.body);
	run.onTask(task.id);
	return [
		{
			json: { taskId: task.id, status: task.status, model: task.model ?? prepared.model.id, ...prepared.facts },
			pairedItem: { item: run.itemIndex },
		},
	];
}

/** Get Result: wait for an existing task (one made by Submit, or one that timed out) and emit it. */
export async function getResult(run: ItemRun, taskId: string, output: OutputSettings): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	run.onTask(taskId);
	const gateway = session(run, startedAt, output);
	return await finish(run, gateway, { id: taskId }, startedAt, output, { model: 'vtrix', facts: {} });
}
