import type { IExecuteFunctions } from 'n8n-workflow';

import { normaliseBaseUrl } from '../gateway/baseUrl';
import { CREDENTIAL_TYPE } from '../gateway/transport';
import { operationFailure } from './failures';

/** The credential's base URL without a trailing slash; only http(s) is accepted. */
export async function readBaseUrl(ctx: IExecuteFunctions): Promise<string> {
	const credentials = await ctx.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPE);
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	if (!baseUrl) {
		const given = String(credentials.baseUrl ?? '').trim();
		throw operationFailure(ctx, 0, `The Vtrix credential's Base URL must start with http:// or https://, got ${JSON.stringify(given.slice(0, 80))}`);
	}
	return baseUrl;
}
