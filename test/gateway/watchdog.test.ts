import { describe, expect, it } from 'vitest';

import { RequestWatch } from '../../nodes/Vtrix/gateway/watchdog';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with how long the watch took to abort its signal. */
function abortedAfter(watch: RequestWatch): Promise<number> {
	const started = Date.now();
	return new Promise((resolve) => watch.signal.addEventListener('abort', () => resolve(Date.now() - started)));
}

describe('RequestWatch', () => {
	it('aborts a request that receives nothing for the idle limit, as a timeout', async () => {
		const watch = new RequestWatch({ deadline: Date.now() + 60_000, idleMs: 300 });
		const ms = await abortedAfter(watch);
		expect(ms).toBeGreaterThanOrEqual(280);
		expect(ms).toBeLessThan(1000);
		expect(watch.failure()).toBe('timeout');
		watch.stop();
	});

	it('bytes keep a request alive, but not past the deadline', async () => {
		const watch = new RequestWatch({ deadline: Date.now() + 900, idleMs: 300 });
		const aborted = abortedAfter(watch);
		const feeding = (async () => {
			while (!watch.signal.aborted) {
				watch.alive();
				await wait(50);
			}
		})();
		const ms = await aborted;
		await feeding;
		expect(ms).toBeGreaterThanOrEqual(850);
		expect(ms).toBeLessThan(1500);
		expect(watch.failure()).toBe('timeout');
		watch.stop();
	});

	it('follows the execution cancel at once, as a cancellation', async () => {
		const cancel = new AbortController();
		const watch = new RequestWatch({ cancel: cancel.signal, deadline: Date.now() + 60_000, idleMs: 60_000 });
		const aborted = abortedAfter(watch);
		cancel.abort();
		expect(await aborted).toBeLessThan(50);
		expect(watch.failure()).toBe('cancelled');
		watch.stop();
	});

	it('starts aborted when the execution is already cancelled', () => {
		const cancel = new AbortController();
		cancel.abort();
		const cancelled = new RequestWatch({ cancel: cancel.signal, deadline: Date.now() + 60_000, idleMs: 60_000 });
		expect(cancelled.signal.aborted).toBe(true);
		cancelled.stop();
	});

	it('once stopped, never aborts', async () => {
		const watch = new RequestWatch({ deadline: Date.now() + 200, idleMs: 100 });
		watch.stop();
		await wait(400);
		expect(watch.signal.aborted).toBe(false);
		expect(watch.failure()).toBeUndefined();
	});
});
