import type { IExecuteFunctions } from 'n8n-workflow';

/** What every gateway call of one item needs. */
export interface GatewaySession {
	ctx: IExecuteFunctions;
	itemIndex: number;
	baseUrl: string;
	/** Sent to the base URL's origin only, never elsewhere. */
	apiKey: string;
	signal?: AbortSignal;
	/** Epoch ms after which the item stops waiting; no request outlives it. */
	deadline: number;
}

export function taskUrl(baseUrl: string, taskId: string): string {
	return `${baseUrl}/model/v1/generation/task/${encodeURIComponent(taskId)}`;
}

export function submitUrl(baseUrl: string): string {
	return `${baseUrl}/model/v1/generation`;
}
