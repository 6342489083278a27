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
		// what n8n's NodeApiError keeps of a wrapped network error
		[{ name: 'NodeApiError', httpCode: 'ECONNREFUSED', messages: ['connect ECONNREFUSED 127.0.0.1:1'] }, 'refused'],
		[{ name: 'NodeApiError', httpCode: 'ECONNABORTED', messages: ['timeout of 2000ms exceeded'] }, 'timeout'],
	])('%j → %s', (error, expected) => {
		expect(classifyNetworkError(error)).toBe(expected);
	});

	it('calls anything cancelled once the signal is aborted', () => {
		const controller = new AbortController();
		controller.abort();
		expect(classifyNetworkError({ code: 'ECONNRESET' }, controller.signal)).toBe('cancelled');
	});
});
