import { afterAll, beforeAll, beforeEach } from 'vitest';

import { FakeGateway } from '../fake-gateway';

/**
 * One fake gateway for a test file, cleared before each test. Images render small
 * (`maxRenderSide`) so the suites stay fast; read the gateway through the returned getter.
 */
export function useFakeGateway(maxRenderSide = 32): () => FakeGateway {
	let gateway: FakeGateway;
	beforeAll(async () => {
		gateway = await FakeGateway.start({ maxRenderSide });
	});
	afterAll(async () => {
		await gateway.close();
	});
	beforeEach(() => gateway.reset());
	return () => gateway;
}
