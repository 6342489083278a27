import { httpFailure, operationFailure, recoveryHint } from '../execute/failures';
import { pause } from '../execute/pause';
import { backoffMs, retryAfterMs } from './backoff';
import { readErrorBody } from './errorBody';
import { describeNetworkFailure } from './network';
import { PollSchedule } from './pollSchedule';
import { taskUrl, type GatewaySession } from './session';
import { parseTask, type TaskSnapshot } from './task';
import { callGateway } from './transport';

/** Answers that end the wait at once (API.md: 401, 402, 403 and other 4xx are final). */
const isFinalStatus = (status: number) => status >= 400 && status < 500 && status !== 429 && status !== 408;

export interface WaitOptions {
	/** When the task was submitted (epoch ms); the schedule grows with the time since. */
	startedAt: number;
	/** The last known state, from the submit answer; absent when resuming a task by id. */
	last?: TaskSnapshot;
}

/**
 * Polls a task until it is done or failed. Transient trouble (network errors, 429, 5xx,
 * garbled answers, unknown statuses) is survived until the deadline; nothing here ever
 * submits again.
 */
export async function waitForTask(session: GatewaySession, taskId: string, options: WaitOptions): Promise<TaskSnapshot> {
	const { ctx, itemIndex } = session;
	const schedule = new PollSchedule();
	let last = options.last;
	let trouble: string | undefined;
	let delay = last ? PollSchedule.FIRST_MS : 0;
	let failures = 0;
	const cancelled = () =>
		operationFailure(ctx, itemIndex, `The execution was cancelled while waiting for task ${taskId}`, { taskId }, recoveryHint(taskId));
	for (;;) {
		if (last && (last.state === 'done' || last.state === 'failed')) return last;
		const remaining = session.deadline - Date.now();
		if (remaining <= 0) {
			const seen = last ? `status "${last.status}"${last.state === 'unknown' ? ' (not a status this node knows)' : ''}` : 'no status yet';
			const why = trouble ? `; last problem: ${trouble}` : '';
			throw operationFailure(
				ctx,
				itemIndex,
				`Timed out waiting for task ${taskId} (${seen}${why})`,
				{ taskId },
				`${recoveryHint(taskId)} Raise "Timeout (Seconds)" for long jobs.`,
			);
		}
		await pause(Math.min(delay, remaining), session.signal).catch(() => {
			throw cancelled();
		});
		if (Date.now() >= session.deadline) continue; // a poll started now would be cut at once: report what was seen
		const answer = await callGateway(session, { method: 'GET', url: taskUrl(session.baseUrl, taskId) });
		if (answer.kind === 'refused') {
			throw operationFailure(ctx, itemIndex, `Reading task ${taskId} failed: ${answer.problem}`, { taskId }, recoveryHint(taskId));
		}
		if (answer.kind === 'network') {
			if (answer.failure === 'cancelled') throw cancelled();
			trouble = describeNetworkFailure(answer.failure);
			delay = backoffMs(++failures, PollSchedule.MAX_MS);
			continue;
		}
		if (answer.status >= 200 && answer.status < 300) {
			const task = answer.parseable ? parseTask(answer.body, answer.images) : undefined;
			if (!task) {
				trouble = `an unreadable answer (HTTP ${answer.status})`;
				delay = backoffMs(++failures, PollSchedule.MAX_MS);
				continue;
			}
			if (task.id !== taskId) {
				throw operationFailure(
					ctx,
					itemIndex,
					`Reading task ${taskId} failed: the gateway answered about another task, ${JSON.stringify(task.id)}`,
					{ taskId },
					`Nothing of that answer was used (its images may belong to someone else). ${recoveryHint(taskId)}`,
				);
			}
			failures = 0;
			last = task;
			trouble = undefined;
			delay = schedule.next(Date.now() - options.startedAt, task.progress);
			continue;
		}
		const info = readErrorBody(answer.body);
		if (isFinalStatus(answer.status)) {
			throw httpFailure(ctx, itemIndex, { status: answer.status, ...info }, `Reading task ${taskId}`, { taskId }, recoveryHint(taskId));
		}
		trouble = `HTTP ${answer.status}${info.message ? ` (${info.message})` : ''}`;
		delay = retryAfterMs(answer.headers) ?? backoffMs(++failures, PollSchedule.MAX_MS);
	}
}
