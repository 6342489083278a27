import { sleep } from 'n8n-workflow';

const SLICE_MS = 200;

export class Cancelled extends Error {
	constructor() {
		super('The execution was cancelled');
	}
}

/**
 * Waits `ms`, ending early (throwing Cancelled) within SLICE_MS of a cancellation. Sleeps in
 * slices rather than `sleepWithAbort`, which leaves one abort listener behind per call.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const end = Date.now() + ms;
	for (;;) {
		if (signal?.aborted) throw new Cancelled();
		const left = end - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(left, SLICE_MS));
	}
}
