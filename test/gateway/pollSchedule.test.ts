import { describe, expect, it } from 'vitest';

import { PollSchedule } from '../../nodes/Vtrix/gateway/pollSchedule';

describe('PollSchedule', () => {
	it('grows with the time waited, between 1 s and 5 s', () => {
		const schedule = new PollSchedule();
		expect(schedule.next(500)).toBe(1000);
		expect(schedule.next(10_000)).toBe(2000);
		expect(schedule.next(20_000)).toBe(4000);
		expect(schedule.next(600_000)).toBe(5000);
	});

	it('aims one poll just after the completion that progress predicts, then falls back', () => {
		const schedule = new PollSchedule();
		// 1 s waited at 50 %: about 1 s left, aimed 100 ms after
		expect(schedule.next(1000, 0.5)).toBeCloseTo(1100);
		// the aimed poll missed (still 99 %): the plain interval, not a burst of polls
		expect(schedule.next(2100, 0.99)).toBe(1000);
	});

	it('never aims further than twice the interval, nor sooner than 300 ms', () => {
		expect(new PollSchedule().next(2000, 0.1)).toBe(2000);
		expect(new PollSchedule().next(100, 0.999)).toBe(300);
	});
});
