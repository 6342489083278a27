import { CredentialTestContext } from 'n8n-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VtrixApi } from '../credentials/VtrixApi.credentials';
import { Vtrix } from '../nodes/Vtrix/Vtrix.node.ts';
import { FakeGateway } from './fake-gateway';
import { TEST_API_KEY } from './harness/runVtrix';

let gateway: FakeGateway;
beforeAll(async () => {
	gateway = await FakeGateway.start({});
});
afterAll(async () => {
	await gateway.close();
});

async function check(apiKey: string, baseUrl: string) {
	const test = new Vtrix().methods.credentialTest.vtrixApiTest;
	return await test.call(new CredentialTestContext(), { id: '1', name: 'Vtrix', type: 'vtrixApi', data: { apiKey, baseUrl } });
}

describe('the Vtrix API credential', () => {
	it('declares a Bearer header from the API key and a configurable base URL', () => {
		const credential = new VtrixApi();
		expect(credential.name).toBe('vtrixApi');
		expect(credential.authenticate.properties.headers).toEqual({ Authorization: '=Bearer {{$credentials.apiKey}}' });
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
		expect(credential.properties.find((p) => p.name === 'baseUrl')?.default).toBe('https://cloud.vtrix.ai');
	});

	it('the node tests it with its credentialTest method', () => {
		expect(new Vtrix().description.credentials).toEqual([{ name: 'vtrixApi', required: true, testedBy: 'vtrixApiTest' }]);
	});

	it('accepts a key the gateway accepts (unknown task → 404), reading one task and submitting nothing', async () => {
		gateway.reset();
		expect(await check(TEST_API_KEY, `${gateway.baseUrl}/`)).toEqual({ status: 'OK', message: 'The gateway accepted the API key' });
		expect(gateway.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /model/v1/generation/task/n8n-credential-check']);
		expect(gateway.requests[0].headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
	});

	it('rejects a key the gateway rejects (401)', async () => {
		expect(await check('sa-wrong', gateway.baseUrl)).toEqual({ status: 'Error', message: 'The gateway rejected the API key (HTTP 401)' });
	});

	it('says when the gateway cannot be reached, without the key', async () => {
		const parked = await FakeGateway.start({});
		const url = parked.baseUrl;
		await parked.close();
		const result = await check('sa-secret-123', url);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Could not reach the gateway/);
		expect(result.message).not.toContain('sa-secret-123');
	});

	it('refuses a base URL that is not http(s)', async () => {
		expect(await check(TEST_API_KEY, 'ftp://example.com')).toEqual({ status: 'Error', message: 'Base URL must start with http:// or https://' });
	});
});
