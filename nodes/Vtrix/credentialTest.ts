import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { normaliseBaseUrl } from './gateway/baseUrl';
import { taskUrl } from './gateway/session';
import { USER_AGENT } from './gateway/transport';

/** A task id no gateway issues: reading it costs nothing and never creates a task. */
export const PROBE_TASK_ID = 'n8n-credential-check';

/**
 * GET /model/v1/generation/task/n8n-credential-check: 401/403 mean the key was rejected;
 * 404 (unknown task) or 200 mean it was accepted. Never submits anything.
 */
export async function testVtrixKey(
	ctx: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = normaliseBaseUrl(data.baseUrl);
	if (!baseUrl) {
		return { status: 'Error', message: 'Base URL must start with http:// or https://' };
	}
	try {
		// Credential tests get only this helper: ICredentialTestFunctions has no httpRequest.
		const response = (await ctx.helpers.request({
			method: 'GET',
			uri: taskUrl(baseUrl, PROBE_TASK_ID),
			headers: { Authorization: `Bearer ${String(data.apiKey ?? '')}`, 'User-Agent': USER_AGENT, Accept: 'application/json' },
			simple: false,
			resolveWithFullResponse: true,
			timeout: 15_000,
		})) as { statusCode: number };
		if (response.statusCode === 401 || response.statusCode === 403) {
			return { status: 'Error', message: `The gateway rejected the API key (HTTP ${response.statusCode})` };
		}
		if (response.statusCode === 404 || (response.statusCode >= 200 && response.statusCode < 300)) {
			return { status: 'OK', message: 'The gateway accepted the API key' };
		}
		return { status: 'Error', message: `Unexpected answer from the gateway: HTTP ${response.statusCode}` };
	} catch (error) {
		const reason = error instanceof Error ? error.message.replace(/Bearer\s+\S+/g, 'Bearer ***') : 'unknown error';
		return { status: 'Error', message: `Could not reach the gateway at ${baseUrl}: ${reason}` };
	}
}
