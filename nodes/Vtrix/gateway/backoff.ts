/** Delay before try number `attempt` (1 = the first retry): 0.5 s doubling to a cap, with jitter. */
export function backoffMs(attempt: number, capMs = 8000): number {
	const base = Math.min(500 * 2 ** (attempt - 1), capMs);
	return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
	const value = headers['retry-after'];
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
