import { CredentialTestContext } from 'n8n-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';

import { Vtrix } from '../../nodes/Vtrix/Vtrix.node.ts';
import { runVtrix, type RunOptions, type RunResult } from '../harness/runVtrix';
import { ScriptedServer } from './server';

/**
 * Adding a hostile case: script only the phase the case is about, run the node, assert.
 *
 *   const hostile = useHostileGateway();
 *   it('…', async () => {
 *     const { gateway, elsewhere } = hostile();
 *     gateway.next('poll', replyJson(200, { id: 'someone_else', status: 'completed' }));
 *     const { items } = await run(gateway, { options: { timeoutSeconds: 3 } });
 *     expect(items[0].json.error).toMatch(…);
 *   });
 *
 * Requests nobody scripted get a behaving gateway's answers (server.ts); answers.ts holds
 * the building blocks (trickle, hang, redirectTo, echoRequest, compressed, endlessJson…).
 */

/** The key every hostile test uses: long and unusual, so finding it anywhere means a leak. */
export const HOSTILE_KEY = 'sa-hostile-key-7f3a9c2e51d8';

export interface Hostile {
	/** The base URL the credential points at. */
	gateway: ScriptedServer;
	/** Another origin, which must never receive the key. */
	elsewhere: ScriptedServer;
}

/** Two scripted servers for a test file, reset before each test. */
export function useHostileGateway(): () => Hostile {
	let servers: Hostile;
	beforeAll(async () => {
		servers = { gateway: await ScriptedServer.start(), elsewhere: await ScriptedServer.start() };
	});
	afterAll(async () => {
		await servers.gateway.close();
		await servers.elsewhere.close();
	});
	beforeEach(() => {
		servers.gateway.reset();
		servers.elsewhere.reset();
	});
	return () => servers;
}

export interface HostileRun {
	/** Node parameters beside operation/model/prompt (e.g. { taskId } for Get Result). */
	parameters?: Record<string, unknown>;
	options?: Record<string, unknown>;
	operation?: 'generate' | 'submit' | 'getResult';
	apiKey?: string;
	baseUrl?: string;
	continueOnFail?: boolean;
	abortSignal?: AbortSignal;
}

/** Runs the node against the scripted gateway (spark_t2i_3_0, Continue On Fail unless told). */
export async function run(gateway: ScriptedServer, how: HostileRun = {}): Promise<RunResult> {
	const options: RunOptions = {
		parameters: {
			operation: how.operation ?? 'generate',
			model: 'spark_t2i_3_0',
			prompt: 'a lighthouse at dusk',
			options: how.options ?? {},
			...how.parameters,
		},
		credentials: { apiKey: how.apiKey ?? HOSTILE_KEY, baseUrl: how.baseUrl ?? gateway.origin },
		continueOnFail: how.continueOnFail ?? true,
		abortSignal: how.abortSignal,
	};
	return await runVtrix(options);
}

/** Runs the node expecting it to throw (Continue On Fail off); returns the error. */
export async function runAndCatch(gateway: ScriptedServer, how: HostileRun = {}): Promise<Error> {
	const outcome = await run(gateway, { ...how, continueOnFail: false }).then(
		() => undefined,
		(error: unknown) => error as Error,
	);
	if (!outcome) throw new Error('expected the run to fail');
	return outcome;
}

/** The node's credential test, as n8n calls it. */
export async function checkCredential(apiKey: string, baseUrl: string) {
	const test = new Vtrix().methods.credentialTest.vtrixApiTest;
	return await test.call(new CredentialTestContext(), { id: '1', name: 'Vtrix', type: 'vtrixApi', data: { apiKey, baseUrl } });
}

/**
 * Everything a user, a log or a stored execution could see of an outcome: output items,
 * and for an error its message, description, stack and every enumerable field (n8n stores
 * NodeApiError's `messages`, `context`, `errorResponse` and `cause` with the execution).
 */
export function everythingSaid(outcome: RunResult | Error | unknown): string {
	if (outcome instanceof Error) {
		const fields = Object.fromEntries(Object.entries(outcome).filter(([name]) => name !== 'node'));
		return [outcome.message, outcome.stack, (outcome as { description?: string }).description, JSON.stringify(fields)].join('\n');
	}
	return JSON.stringify(outcome);
}
