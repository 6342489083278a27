import { describe, expect, it } from 'vitest';

import { readErrorBody } from '../../nodes/Vtrix/gateway/errorBody';

describe('readErrorBody reads every error body API.md lists', () => {
	it.each([
		[{ status: { code: 402, message: 'Insufficient credits', error_code: 40201 }, data: null }, { code: '40201', message: 'Insufficient credits' }],
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
