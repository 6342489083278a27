export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `job` for indexes 0..count-1 with at most `limit` at once; results keep index order.
 * Once `stopStarting()` says so, no new index starts (those left are undefined); jobs in
 * flight always finish, because each may hold a task that was paid for.
 */
export async function runPool<T>(
	count: number,
	limit: number,
	job: (index: number) => Promise<T>,
	stopStarting: () => boolean = () => false,
): Promise<Array<Settled<T> | undefined>> {
	const results: Array<Settled<T> | undefined> = new Array(count).fill(undefined);
	let next = 0;
	const worker = async () => {
		while (next < count && !stopStarting()) {
			const index = next++;
			try {
				results[index] = { ok: true, value: await job(index) };
			} catch (error) {
				results[index] = { ok: false, error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	return results;
}
