import { describe, expect, it } from 'vitest';

import { describeError, isInsufficientBalance, readErrorBody, readRefusal } from '../../nodes/Vtrix/gateway/errorBody';

describe('readErrorBody reads every error body API.md lists', () => {
	it.each([
		[{ status: { code: 402, message: 'Insufficient credits', error_code: 40201 }, data: null }, { code: '40201', message: 'Insufficient credits', insufficientBalance: true }],
		[{ error: { code: 1002, message: 'rate limited' } }, { code: '1002', message: 'rate limited' }],
		[{ error: 'bad key' }, { code: undefined, message: 'bad key' }],
		[{ message: 'nope' }, { code: undefined, message: 'nope' }],
		[{ code: '003012011', message: 'Invalid size parameter' }, { code: '003012011', message: 'Invalid size parameter' }],
		[{ error_code: '003001004', error_message: 'Invalid seed' }, { code: '003001004', message: 'Invalid seed' }],
		['<html>Bad Gateway</html>', { message: '<html>Bad Gateway</html>' }],
		[undefined, {}],
	])('%j', (body, expected) => {
		expect(readErrorBody(body)).toEqual(expected);
	});
});

describe('readErrorBody follows the gateway CLI: message from status.message, message, then a string error; code from status.error_code, then error_code', () => {
	it.each([
		[{ error: 'Bad Request', message: 'prompt must not be empty' }, { message: 'prompt must not be empty' }],
		[{ status: { code: 400, message: 'from status' }, message: 'top level', error: 'Bad Request' }, { code: '400', message: 'from status' }],
		[{ status: { code: 400, error_code: 40001 }, error_code: 7, message: 'bad' }, { code: '40001', message: 'bad' }],
		[{ error_code: 7, error: { code: 9, message: 'inner' } }, { code: '7', message: 'inner' }],
		[{ status: 'error', message: 'boom' }, { message: 'boom' }],
		[{ error: '   ', message: 'the blank error is skipped' }, { message: 'the blank error is skipped' }],
	])('%j', (body, expected) => {
		expect(readErrorBody(body)).toEqual(expected);
	});

	it.each([
		[{ status: { code: 402, message: 'Insufficient credits', error_code: 40201 } }, true],
		[{ status: { code: 403, message: 'no', error_code: 40208 } }, true],
		[{ error_code: '40205', message: 'top up' }, true],
		[{ error: 'Insufficient balance' }, true],
		[{ error: { code: 'insufficient_balance', message: 'Your INSUFFICIENT_BALANCE' } }, true],
		[{ message: 'insufficient credits for spark_dream_4_0' }, true],
		[{ status: { code: 402, message: 'payment required', error_code: 40200 } }, undefined],
		[{ status: { code: 402, message: 'payment required', error_code: 40209 } }, undefined],
		[{ code: '003001001', message: 'prompt is required' }, undefined],
	])('insufficient balance in %j: %s', (body, expected) => {
		expect(readErrorBody(body).insufficientBalance).toBe(expected);
	});

	it('names a task id the answer carries as id, task_id or request_id', () => {
		expect(readErrorBody({ id: 't-1', error: 'boom' }).taskId).toBe('t-1');
		expect(readErrorBody({ task_id: 't-2', message: 'boom' }).taskId).toBe('t-2');
		expect(readErrorBody({ error: 'boom', request_id: 'req-3' }).taskId).toBe('req-3');
		expect(readErrorBody({ data: { id: 't-4' }, message: 'boom' }).taskId).toBe('t-4');
		expect(readErrorBody({ error: 'boom' }).taskId).toBeUndefined();
	});
});

describe('readRefusal: a 2xx answer without a task that refuses the order', () => {
	it.each([
		[{ error: { code: '003001001', error_message: 'prompt is required' } }, { code: '003001001', message: 'prompt is required' }],
		[{ error: 'prompt is required' }, { message: 'prompt is required' }],
		[{ status: { code: 402, message: 'Insufficient credits', error_code: 40201 }, data: null }, { code: '40201', message: 'Insufficient credits', insufficientBalance: true }],
		[{ status: { code: 500, message: 'upstream down' }, data: null }, { code: '500', message: 'upstream down' }],
	])('%j is a refusal', (body, expected) => {
		expect(readRefusal(body)).toEqual(expected);
	});

	it.each([[{ status: { code: 200, message: 'ok' }, data: null }], [{ error: null, message: 'hello' }], [{ error: '' }], ['<html>'], [undefined]])('%j is not', (body) => {
		expect(readRefusal(body)).toBeUndefined();
	});
});

describe('describeError', () => {
	it('writes "code: message", either alone, and a code the message already starts with once', () => {
		expect(describeError({ code: '003001001', message: 'prompt is required' })).toBe('003001001: prompt is required');
		expect(describeError({ message: 'prompt is required' })).toBe('prompt is required');
		expect(describeError({ code: '003001001' })).toBe('003001001');
		expect(describeError({ code: 'InvalidParameter', message: 'InvalidParameter: too big' })).toBe('InvalidParameter: too big');
		expect(describeError({})).toBe('');
	});

	it('isInsufficientBalance reads the code range 40201-40208 and the words', () => {
		expect(isInsufficientBalance({ code: '40201' })).toBe(true);
		expect(isInsufficientBalance({ code: '40208' })).toBe(true);
		expect(isInsufficientBalance({ code: '40200' })).toBe(false);
		expect(isInsufficientBalance({ code: '003012095', message: 'Internal generation error' })).toBe(false);
		expect(isInsufficientBalance({ message: 'Task failed: insufficient balance' })).toBe(true);
	});
});
