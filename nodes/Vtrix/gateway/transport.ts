import type { IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

import { MAX_IMAGE_BYTES } from '../images/download';
import { bearer } from './apiKey';
import { JsonWithImagesReader } from './jsonWithImages';
import { classifyNetworkError, type NetworkFailure } from './network';
import { isRedirect, nextHop } from './redirects';
import type { GatewaySession } from './session';
import { IDLE_LIMIT_MS, RequestWatch } from './watchdog';

export const CREDENTIAL_TYPE = 'vtrixApi';
export const USER_AGENT = 'n8n-nodes-vtrix/0.1.0';

/** The JSON text of one answer, images sent inline as b64_json not counted. */
export const MAX_JSON_TEXT_BYTES = 16 * 1024 * 1024;
/** Room for one inline image's base64 text (4/3 of its bytes, with slack for escapes). */
const MAX_INLINE_IMAGE_TEXT = 2 * MAX_IMAGE_BYTES;

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
	| { kind: 'network'; failure: NetworkFailure }
	/** An answer the node does not read on: a redirect it does not follow, or one too large. */
	| { kind: 'refused'; problem: string };

export interface GatewayRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: object;
	/** How long the gateway may send nothing (default IDLE_LIMIT_MS); the deadline bounds it anyway. */
	idleMs?: number;
}

type BodyStream = AsyncIterable<Buffer> & { destroy?: () => void };

function parseBody(text: string): { body: unknown; parseable: boolean } {
	if (text.trim() === '') return { body: undefined, parseable: false };
	try {
		return { body: JSON.parse(text), parseable: true };
	} catch {
		return { body: text, parseable: false }; // garbled: the caller decides what that means
	}
}

function lowerCaseHeaders(response: IN8nHttpFullResponse): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = String(value);
	return headers;
}

async function readAnswer(response: IN8nHttpFullResponse, watch: RequestWatch): Promise<GatewayAnswer> {
	const reader = new JsonWithImagesReader();
	const stream = response.body as BodyStream;
	let received = 0;
	for await (const chunk of stream) {
		watch.alive();
		reader.write(chunk);
		received += chunk.length;
		const text = reader.textLength;
		let problem: string | undefined;
		if (text > MAX_JSON_TEXT_BYTES) problem = `the answer (HTTP ${response.statusCode}) is larger than the ${MAX_JSON_TEXT_BYTES / 1024 / 1024} MiB a JSON answer may have`;
		else if (received - text > (reader.images.length + 1) * MAX_INLINE_IMAGE_TEXT) problem = `an inline image in the answer is larger than the ${MAX_IMAGE_BYTES} byte limit`;
		if (problem) {
			stream.destroy?.();
			return { kind: 'refused', problem };
		}
	}
	const stopped = watch.failure();
	if (stopped) return { kind: 'network', failure: stopped }; // the body ended because the watch cut it
	return { kind: 'http', status: response.statusCode, headers: lowerCaseHeaders(response), ...parseBody(reader.text()), images: reader.images };
}

/**
 * The one place that speaks HTTP to the gateway. Never throws for an HTTP status or a
 * network failure: it says which happened, so the retry rules can be applied by the caller.
 * It sends the Authorization header itself and follows redirects itself (see redirects.ts)
 * so the key never leaves the gateway's origin, and bounds every byte with a RequestWatch.
 * Errors from the HTTP layer are reduced to a code here because they carry the request
 * headers, which hold the API key.
 */
export async function callGateway(session: GatewaySession, request: GatewayRequest): Promise<GatewayAnswer> {
	const watch = new RequestWatch({ cancel: session.signal, deadline: session.deadline, idleMs: request.idleMs ?? IDLE_LIMIT_MS });
	try {
		let url = request.url;
		for (let hops = 0; ; hops++) {
			const response = (await session.ctx.helpers.httpRequest({
				method: request.method,
				url,
				body: request.body,
				headers: {
					Accept: 'application/json',
					'User-Agent': USER_AGENT,
					Authorization: bearer(session.apiKey),
					...(request.body ? { 'Content-Type': 'application/json' } : {}),
				},
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				sendCredentialsOnCrossOriginRedirect: false,
				abortSignal: watch.signal,
			})) as IN8nHttpFullResponse;
			watch.alive();
			if (!isRedirect(response.statusCode)) return await readAnswer(response, watch);
			(response.body as BodyStream).destroy?.();
			const hop = nextHop(request.method, url, response.statusCode, lowerCaseHeaders(response).location, hops);
			if ('refuse' in hop) return { kind: 'refused', problem: hop.refuse };
			url = hop.follow;
		}
	} catch (error) {
		return { kind: 'network', failure: watch.failure() ?? classifyNetworkError(error, session.signal) };
	} finally {
		watch.stop();
	}
}
