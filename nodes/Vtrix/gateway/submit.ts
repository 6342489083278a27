import { BALANCE_ADVICE, httpFailure, operationFailure, recoveryHint } from '../execute/failures';
import { pause } from '../execute/pause';
import { backoffMs, retryAfterMs } from './backoff';
import { describeError, readErrorBody, readRefusal } from './errorBody';
import { describeNetworkFailure } from './network';
import { submitUrl, type GatewaySession } from './session';
import { parseTask, type TaskSnapshot } from './task';
import { isUsableTaskId } from './taskId';
import { callGateway } from './transport';

/** A submit may take a while to be answered; waiting longer beats "maybe billed". */
const SUBMIT_IDLE_MS = 120_000;
const MAX_ATTEMPTS = 6;
/** Statuses that prove the gateway did not take the order (API.md, "Retry rules"). */
const NOT_TAKEN = new Set([429, 502, 503]);

const MAYBE_TAKEN =
	'The gateway may have accepted and billed this task; it was not sent again so you are never charged twice. Check the task list in the Vtrix dashboard before running again.';
/** The submit's answer never came, or named no task the node can poll: a task may exist all the same. */
const MAYBE_BILLED = { maybeBilled: true };

const REFUSED = 'The gateway gave no task id, so there is no task to wait for; its code says why (see the model page).';

export interface SubmitBody {
	model: string;
	input: Array<{ params: Record<string, unknown> }>;
}

/**
 * Sends one submit, retrying only where the gateway certainly did not take it: connection
 * refused, DNS failure, 429, 502, 503. A submit is a purchase.
 */
export async function submitTask(session: GatewaySession, body: SubmitBody): Promise<TaskSnapshot> {
	const { ctx, itemIndex } = session;
	const cancelledBeforeSending = () => operationFailure(ctx, itemIndex, 'The execution was cancelled before the task was submitted', {}, 'Nothing was sent to the gateway.');
	for (let attempt = 1; ; attempt++) {
		if (session.signal?.aborted) throw cancelledBeforeSending();
		const answer = await callGateway(session, { method: 'POST', url: submitUrl(session.baseUrl), body, idleMs: SUBMIT_IDLE_MS });
		let retryIn: number;
		let lastProblem: string;
		if (answer.kind === 'refused') {
			throw operationFailure(ctx, itemIndex, `Submitting the task failed: ${answer.problem}`, MAYBE_BILLED, MAYBE_TAKEN);
		} else if (answer.kind === 'network') {
			if (answer.failure === 'cancelled') {
				throw operationFailure(ctx, itemIndex, 'The execution was cancelled while the task was being submitted; the gateway may have taken and billed it', MAYBE_BILLED, MAYBE_TAKEN);
			}
			lastProblem = describeNetworkFailure(answer.failure);
			if (answer.failure !== 'refused' && answer.failure !== 'dns') {
				throw operationFailure(ctx, itemIndex, `Submitting the task failed: ${lastProblem}`, MAYBE_BILLED, MAYBE_TAKEN);
			}
			retryIn = backoffMs(attempt);
		} else if (answer.status >= 200 && answer.status < 300) {
			const task = parseTask(answer.body, answer.images);
			if (task) {
				if (!isUsableTaskId(task.id)) {
					const problem = `the gateway answered with the task id ${JSON.stringify(task.id)}, which names no task that can be read`;
					throw operationFailure(ctx, itemIndex, `Submitting the task failed: ${problem}`, MAYBE_BILLED, MAYBE_TAKEN);
				}
				return task;
			}
			const refusal = readRefusal(answer.body);
			if (refusal) {
				const why = describeError(refusal) || 'no reason given';
				throw operationFailure(ctx, itemIndex, `Submitting the task failed: the gateway refused it: ${why}`, { code: refusal.code }, refusal.insufficientBalance ? BALANCE_ADVICE : REFUSED);
			}
			throw operationFailure(ctx, itemIndex, `Submitting the task failed: the gateway answered HTTP ${answer.status} without a readable task`, MAYBE_BILLED, MAYBE_TAKEN);
		} else {
			const info = readErrorBody(answer.body);
			if (!NOT_TAKEN.has(answer.status)) {
				const maybeTaken = answer.status >= 500;
				const taskId = info.taskId && isUsableTaskId(info.taskId) ? info.taskId : undefined;
				const facts = { ...(maybeTaken ? MAYBE_BILLED : {}), ...(taskId ? { taskId } : {}) };
				const extra = [maybeTaken ? MAYBE_TAKEN : '', taskId ? recoveryHint(taskId) : ''].filter(Boolean).join(' ');
				throw httpFailure(ctx, itemIndex, { status: answer.status, ...info }, 'Submitting the task', facts, extra || undefined);
			}
			lastProblem = `HTTP ${answer.status}${info.message ? ` (${info.message})` : ''}`;
			retryIn = retryAfterMs(answer.headers) ?? backoffMs(attempt);
		}
		if (attempt >= MAX_ATTEMPTS || Date.now() + retryIn > session.deadline) {
			throw operationFailure(
				ctx,
				itemIndex,
				`Submitting the task failed after ${attempt} attempts: ${lastProblem}`,
				{},
				'The gateway did not take the task, so nothing was charged. Try again later or lower the Concurrency option.',
			);
		}
		await pause(retryIn, session.signal).catch(() => {
			throw cancelledBeforeSending();
		});
	}
}
