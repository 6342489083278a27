/**
 * When to ask again. The interval grows with the time already waited (a fifth of it,
 * between 1 s and 5 s), so the expected detection lag stays near a tenth of the generation
 * time while a task is polled at most about once a second. When the gateway reports
 * progress, the next poll is aimed just after the completion it predicts (never more than
 * twice the interval away); if that poll misses, the plain interval resumes, since
 * progress is an estimate, not a promise.
 */
export class PollSchedule {
	static readonly FIRST_MS = 500;
	static readonly MIN_MS = 1000;
	static readonly MAX_MS = 5000;

	private aimedLastTime = false;

	next(elapsedMs: number, progress?: number): number {
		const interval = Math.min(PollSchedule.MAX_MS, Math.max(PollSchedule.MIN_MS, elapsedMs * 0.2));
		if (progress !== undefined && progress > 0 && progress < 1 && !this.aimedLastTime) {
			const remaining = (elapsedMs * (1 - progress)) / progress;
			const aim = remaining + Math.max(100, elapsedMs * 0.02);
			const cap = Math.min(2 * interval, PollSchedule.MAX_MS);
			// Only a poll aimed at the predicted completion counts as the one shot; a capped step does not.
			this.aimedLastTime = aim <= cap;
			return Math.max(300, Math.min(aim, cap));
		}
		this.aimedLastTime = false;
		return interval;
	}
}
