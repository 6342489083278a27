import { describe, expect, it } from 'vitest';

import { classifyNetworkError } from '../../nodes/Vtrix/gateway/network';

describe('classifyNetworkError', () => {
	it.each([
		[{ code: 'ECONNREFUSED' }, 'refused'],
		[{ code: 'ENOTFOUND' }, 'dns'],
		[{ code: 'ECONNRESET' }, 'reset'],
		[{ code: 'ECONNABORTED', message: 'timeout of 5ms exceeded' }, 'timeout'],
		[{ message: 'socket hang up' }, 'reset'],
		[{ name: 'CanceledError' }, 'cancelled'],
		[{ message: 'wrapped', cause: { message: 'again', cause: { code: 'ECONNREFUSED' } } }, 'refused'],
		[{ message: 'something else' }, 'other'],
	])('%j → %s', (error, expected) => {
		expect(classifyNetworkError(error)).toBe(expected);
	});

	it('calls anything cancelled once the signal is aborted', () => {
		const controller = new AbortController();
		controller.abort();
		expect(classifyNetworkError({ code: 'ECONNRESET' }, controller.signal)).toBe('cancelled');
	});
});
