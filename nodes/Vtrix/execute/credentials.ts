import type { IExecuteFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../gateway/transport';
import { operationFailure } from './failures';

export const DEFAULT_BASE_URL = 'https://cloud.vtrix.ai';

/** The credential's base URL without a trailing slash; only http(s) is accepted. */
export async function readBaseUrl(ctx: IExecuteFunctions): Promise<string> {
	const credentials = await ctx.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPE);
	const raw = String(credentials.baseUrl ?? '').trim() || DEFAULT_BASE_URL;
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw operationFailure(ctx, 0, `The Vtrix credential's Base URL must start with http:// or https://, got ${JSON.stringify(raw.slice(0, 80))}`);
	}
	return raw.replace(/\/+$/, '');
}
