import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { Redactor } from './execute/redact';
import { apiKeyProblem, bearer } from './gateway/apiKey';
import { checkBaseUrl } from './gateway/baseUrl';
import { isRedirect, nextHop } from './gateway/redirects';
import { taskUrl } from './gateway/session';
import { USER_AGENT } from './gateway/transport';

/** A task id no gateway issues: reading it costs nothing and never creates a task. */
export const PROBE_TASK_ID = 'n8n-credential-check';

interface ProbeAnswer {
	statusCode: number;
	headers: Record<string, string | undefined>;
	body?: { destroy?: () => void };
}

function verdict(statusCode: number): INodeCredentialTestResult {
	if (statusCode === 401 || statusCode === 403) {
		return { status: 'Error', message: `The gateway rejected the API key (HTTP ${statusCode})` };
	}
	if (statusCode === 404 || (statusCode >= 200 && statusCode < 300)) {
		return { status: 'OK', message: 'The gateway accepted the API key' };
	}
	return { status: 'Error', message: `Unexpected answer from the gateway: HTTP ${statusCode}` };
}

/**
 * GET /model/v1/generation/task/n8n-credential-check: 401/403 mean the key was rejected;
 * 404 (unknown task) or 200 mean it was accepted. Never submits anything; follows redirects
 * only within the gateway's origin, so the key goes nowhere else.
 */
export async function testVtrixKey(
	ctx: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const base = checkBaseUrl(data.baseUrl);
	if ('problem' in base) return { status: 'Error', message: `Base URL ${base.problem}` };
	const apiKey = String(data.apiKey ?? '');
	const keyProblem = apiKeyProblem(apiKey);
	if (keyProblem) return { status: 'Error', message: `The ${keyProblem}; nothing was sent to the gateway` };
	let url = taskUrl(base.baseUrl, PROBE_TASK_ID);
	try {
		for (let hops = 0; ; hops++) {
			// Credential tests get only this helper: ICredentialTestFunctions has no httpRequest.
			const response = (await ctx.helpers.request({
				method: 'GET',
				uri: url,
				headers: { Authorization: bearer(apiKey), 'User-Agent': USER_AGENT, Accept: 'application/json' },
				simple: false,
				resolveWithFullResponse: true,
				followRedirect: false,
				useStream: true,
				timeout: 15_000,
			})) as ProbeAnswer;
			response.body?.destroy?.(); // only the status matters
			if (!isRedirect(response.statusCode)) return verdict(response.statusCode);
			const hop = nextHop('GET', url, response.statusCode, response.headers.location, hops);
			if ('refuse' in hop) return { status: 'Error', message: new Redactor(apiKey).text(`The check was not completed: ${hop.refuse}`) };
			url = hop.follow;
		}
	} catch (error) {
		const reason = error instanceof Error ? error.message : 'unknown error';
		return { status: 'Error', message: new Redactor(apiKey).text(`Could not reach the gateway at ${base.baseUrl}: ${reason}`) };
	}
}
