import type { IExecuteFunctions } from 'n8n-workflow';

import { apiKeyProblem } from '../gateway/apiKey';
import { checkBaseUrl } from '../gateway/baseUrl';
import { CREDENTIAL_TYPE } from '../gateway/transport';
import { operationFailure } from './failures';

export interface GatewayAccess {
	/** http(s), without a trailing slash, a query, a fragment or user:password@. */
	baseUrl: string;
	/** Only characters an HTTP header can carry. */
	apiKey: string;
}

const NOTHING_SENT = 'Nothing was sent to the gateway.';

/** The credential, checked before anything is sent: the node refuses what it could not send safely. */
export async function readGatewayAccess(ctx: IExecuteFunctions): Promise<GatewayAccess> {
	const credentials = await ctx.getCredentials<{ baseUrl?: string; apiKey?: string }>(CREDENTIAL_TYPE);
	const base = checkBaseUrl(credentials.baseUrl);
	if ('problem' in base) throw operationFailure(ctx, 0, `The Vtrix credential's Base URL ${base.problem}`, {}, NOTHING_SENT);
	const apiKey = String(credentials.apiKey ?? '');
	const keyProblem = apiKeyProblem(apiKey);
	if (keyProblem) {
		throw operationFailure(
			ctx,
			0,
			`The Vtrix credential's ${keyProblem}`,
			{},
			`${NOTHING_SENT} Copy the key again from the "API Keys" page of the Vtrix dashboard into the credential.`,
		);
	}
	return { baseUrl: base.baseUrl, apiKey };
}
