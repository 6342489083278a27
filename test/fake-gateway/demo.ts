import { FakeGateway } from './server';
import type { GatewayOptions } from './types';

/** A gateway that behaves like the real one for people: each task takes 2-4 s, pending -> processing -> completed. */
export async function startDemoGateway(options: GatewayOptions = {}): Promise<FakeGateway> {
	const gateway = await FakeGateway.start(options);
	gateway.scriptFor = () => ({ durationMs: 2000 + Math.random() * 2000 });
	// A demo runs for hours: keep the tasks, drop the request log now and then.
	setInterval(() => gateway.requests.splice(0, gateway.requests.length), 60_000).unref();
	return gateway;
}
