import { sleep } from 'n8n-workflow';

import type { NetworkFailure } from './network';

/** How long a request may go without receiving a byte (never beyond the item's deadline). */
export const IDLE_LIMIT_MS = 30_000;
/** How often the watch looks at the clock; also how long it may outlive its request. */
const CHECK_EVERY_MS = 100;

type StopReason = 'cancelled' | 'stalled' | 'deadline';

/**
 * One request's abort signal. It fires when the execution is cancelled, when no byte has
 * arrived for `idleMs`, or at the item's deadline, whichever comes first, so an answer that
 * trickles in a byte at a time or never comes cannot outlast the item's Timeout. Call
 * `alive()` whenever bytes arrive and `stop()` once the request is over.
 */
export class RequestWatch {
	private readonly controller = new AbortController();
	private lastByteAt = Date.now();
	private stopped = false;
	private reason?: StopReason;

	constructor(private readonly limits: { cancel?: AbortSignal; deadline: number; idleMs: number }) {
		if (limits.cancel?.aborted) this.abort('cancelled');
		limits.cancel?.addEventListener('abort', this.onCancel);
		void this.patrol();
	}

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	alive(): void {
		this.lastByteAt = Date.now();
	}

	stop(): void {
		this.stopped = true;
		this.limits.cancel?.removeEventListener('abort', this.onCancel);
	}

	/** Why the watch stopped the request, as a network failure; undefined if it did not. */
	failure(): NetworkFailure | undefined {
		if (!this.reason) return undefined;
		return this.reason === 'cancelled' ? 'cancelled' : 'timeout';
	}

	private readonly onCancel = () => this.abort('cancelled');

	private abort(reason: StopReason): void {
		if (this.reason) return;
		this.reason = reason;
		this.controller.abort();
	}

	private async patrol(): Promise<void> {
		while (!this.stopped && !this.reason) {
			const now = Date.now();
			if (now >= this.limits.deadline) return this.abort('deadline');
			const idleEndsAt = this.lastByteAt + this.limits.idleMs;
			if (now >= idleEndsAt) return this.abort('stalled');
			await sleep(Math.min(CHECK_EVERY_MS, this.limits.deadline - now, idleEndsAt - now));
		}
	}
}
