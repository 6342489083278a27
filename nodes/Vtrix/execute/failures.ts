import { NodeApiError, NodeOperationError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

/** Attached to every error the node throws, and copied into continue-on-fail items. */
export interface FailureFacts {
	/** The model page's or gateway's code. */
	code?: string;
	/** Present once a task exists: the user may have paid for it. */
	taskId?: string;
	/** A submit whose answer never came (or named no readable task): a task may exist without its id. */
	maybeBilled?: boolean;
}

export type VtrixError = (NodeOperationError | NodeApiError) & { context: FailureFacts & Record<string, unknown> };

export function recoveryHint(taskId: string): string {
	return `Task ${taskId} may still complete: run this node with Operation "Get Result" and Task ID "${taskId}" to collect its images without paying again.`;
}

export function operationFailure(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	facts: FailureFacts = {},
	description?: string,
): VtrixError {
	const error = new NodeOperationError(ctx.getNode(), message, { itemIndex, description }) as VtrixError;
	Object.assign(error.context, facts);
	return error;
}

export const BALANCE_ADVICE = 'The account has insufficient balance, or the key lacks permission for this model.';

const STATUS_ADVICE: Record<number, string> = {
	400: 'The gateway rejected a parameter; its code says which (see the model page).',
	401: 'The API key is missing or invalid: check the Vtrix credential (API Keys page of the dashboard).',
	402: BALANCE_ADVICE,
	403: BALANCE_ADVICE,
	404: 'The gateway does not know this task id.',
	422: 'The gateway rejected a parameter; its code says which (see the model page).',
	429: 'The gateway is rate limiting this key; lower the node\'s Concurrency or try again later.',
};

export function httpFailure(
	ctx: IExecuteFunctions,
	itemIndex: number,
	answer: { status: number; code?: string; message?: string; insufficientBalance?: boolean },
	what: string,
	facts: FailureFacts = {},
	extraDescription?: string,
): VtrixError {
	const gatewayMessage = answer.message ?? 'no message';
	const codePart = answer.code ? ` ${answer.code}` : '';
	const message = `${what} failed: HTTP ${answer.status}${codePart}: ${gatewayMessage}`;
	const advice = answer.insufficientBalance
		? BALANCE_ADVICE
		: (STATUS_ADVICE[answer.status] ?? (answer.status >= 500 ? 'The gateway had trouble; try again later.' : ''));
	const description = [advice, extraDescription].filter(Boolean).join(' ');
	const response: JsonObject = { status: answer.status, code: answer.code ?? null, message: gatewayMessage };
	const error = new NodeApiError(ctx.getNode(), response, {
		message,
		description,
		httpCode: String(answer.status),
		itemIndex,
	}) as VtrixError;
	Object.assign(error.context, { code: answer.code ?? String(answer.status), ...facts });
	return error;
}
