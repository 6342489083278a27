import type { IExecuteFunctions } from 'n8n-workflow';

/** What every gateway call of one item needs. */
export interface GatewaySession {
	ctx: IExecuteFunctions;
	itemIndex: number;
	baseUrl: string;
	signal?: AbortSignal;
	/** Epoch ms after which the item stops waiting. */
	deadline: number;
}

export function taskUrl(baseUrl: string, taskId: string): string {
	return `${baseUrl}/model/v1/generation/task/${encodeURIComponent(taskId)}`;
}

export function submitUrl(baseUrl: string): string {
	return `${baseUrl}/model/v1/generation`;
}

/** A request's own timeout: its usual limit, but never past the item's deadline (at least 1 s). */
export function timeoutWithin(session: GatewaySession, usualMs: number): number {
	return Math.max(1000, Math.min(usualMs, session.deadline - Date.now()));
}
