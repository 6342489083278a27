import type { IExecuteFunctions, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

import { JsonWithImagesReader } from './jsonWithImages';
import { classifyNetworkError, type NetworkFailure } from './network';

export const CREDENTIAL_TYPE = 'vtrixApi';
export const USER_AGENT = 'n8n-nodes-vtrix/0.1.0';

export type GatewayAnswer =
	| {
			kind: 'http';
			status: number;
			headers: Record<string, string>;
			body: unknown;
			parseable: boolean;
			/** Images sent inline as b64_json, already decoded; the body holds placeholders (see jsonWithImages.ts). */
			images: Buffer[];
	  }
	| { kind: 'network'; failure: NetworkFailure };

export interface GatewayRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: object;
	timeoutMs: number;
}

function parseBody(text: string): { body: unknown; parseable: boolean } {
	if (text.trim() === '') return { body: undefined, parseable: false };
	try {
		return { body: JSON.parse(text), parseable: true };
	} catch {
		return { body: text, parseable: false }; // garbled: the caller decides what that means
	}
}

/**
 * The one place that speaks HTTP to the gateway. Never throws for an HTTP status or a
 * network failure: it says which happened, so the retry rules can be applied by the caller.
 * Errors from the HTTP layer are reduced to a code here because they carry the request
 * headers, which hold the API key.
 */
export async function callGateway(ctx: IExecuteFunctions, request: GatewayRequest): Promise<GatewayAnswer> {
	const signal = ctx.getExecutionCancelSignal();
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			method: request.method,
			url: request.url,
			body: request.body,
			headers: {
				Accept: 'application/json',
				'User-Agent': USER_AGENT,
				...(request.body ? { 'Content-Type': 'application/json' } : {}),
			},
			encoding: 'stream',
			timeout: request.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		const reader = new JsonWithImagesReader();
		for await (const chunk of response.body as AsyncIterable<Buffer>) reader.write(chunk);
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = String(value);
		return { kind: 'http', status: response.statusCode, headers, ...parseBody(reader.text()), images: reader.images };
	} catch (error) {
		return { kind: 'network', failure: classifyNetworkError(error, signal) };
	}
}
