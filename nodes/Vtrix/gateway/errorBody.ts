import { isRecord, textField as text } from './jsonFields';

/** The gateway's code and message from any of the error bodies API.md lists. */
export interface GatewayErrorInfo {
	code?: string;
	message?: string;
	/** error_code 40201-40208, or a message saying so: the gateway's own CLI reads it that way. */
	insufficientBalance?: true;
	/** A task id the answer names (`id`, `task_id` or `request_id`): the task may exist. */
	taskId?: string;
}

const BALANCE_WORDS = /insufficient[ _](balance|credits)/i;

export function isInsufficientBalance(error: { code?: string; message?: string }): boolean {
	const code = Number(error.code);
	return (code >= 40201 && code <= 40208) || BALANCE_WORDS.test(error.message ?? '');
}

/** "code: message", or whichever of the two there is ('' for neither); a message that already starts with its code keeps it once. */
export function describeError({ code, message }: { code?: string; message?: string }): string {
	if (!code) return message ?? '';
	if (!message) return code;
	return message.startsWith(`${code}:`) ? message : `${code}: ${message}`;
}

/**
 * The message is `status.message`, then `message`, then a string `error`, then `error.message`;
 * the code is `status.error_code`, then `error_code`, then `error.code` or `code`
 * (`{"error":"Bad Request","message":"prompt must not be empty"}` shows the second).
 */
export function readErrorBody(body: unknown): GatewayErrorInfo {
	if (typeof body === 'string') return { message: body.slice(0, 300) || undefined };
	if (!isRecord(body)) return {};
	const status = isRecord(body.status) ? body.status : {};
	const error = isRecord(body.error) ? body.error : {};
	const data = isRecord(body.data) ? body.data : {};
	const info: GatewayErrorInfo = {
		code: text(status.error_code) ?? text(body.error_code) ?? text(error.error_code) ?? text(error.code) ?? text(body.code) ?? text(status.code),
		message:
			text(status.message) ??
			text(body.message) ??
			text(body.error) ??
			text(error.message) ??
			text(error.error_message) ??
			text(body.error_message) ??
			text(body.msg),
	};
	const taskId = [body, data].map((where) => text(where.id) ?? text(where.task_id) ?? text(where.request_id)).find(Boolean);
	if (taskId) info.taskId = taskId;
	if (isInsufficientBalance(info)) info.insufficientBalance = true;
	return info;
}

/**
 * A 2xx answer without a task that says the order was refused: an `error` (string or object),
 * or a `status` envelope with an error code (`{"status":{"code":402,"error_code":40201,…},"data":null}`).
 */
export function readRefusal(body: unknown): GatewayErrorInfo | undefined {
	if (!isRecord(body)) return undefined;
	const status = isRecord(body.status) ? body.status : undefined;
	const refused =
		text(body.error) !== undefined || isRecord(body.error) || (status !== undefined && (text(status.error_code) !== undefined || Number(status.code) >= 400));
	return refused ? readErrorBody(body) : undefined;
}
