import { describe, expect, it } from 'vitest';

import { IMAGE_PLACEHOLDER } from '../../nodes/Vtrix/gateway/jsonWithImages';
import { failureDetails, failureReason, parseTask, taskState, type TaskSnapshot } from '../../nodes/Vtrix/gateway/task';

describe('parseTask tolerates every shape API.md lists', () => {
	it('reads the id from id or task_id', () => {
		expect(parseTask({ id: 'a', status: 'pending' })?.id).toBe('a');
		expect(parseTask({ task_id: 'b', status: 'pending' })?.id).toBe('b');
		expect(parseTask({ status: 'pending' })).toBeUndefined();
		expect(parseTask({ id: '  ', status: 'pending' })).toBeUndefined();
		expect(parseTask('garbage')).toBeUndefined();
	});

	it.each([
		['pending', 'waiting'],
		['queued', 'waiting'],
		['processing', 'waiting'],
		['in_progress', 'waiting'],
		['running', 'waiting'],
		['completed', 'done'],
		['succeeded', 'done'],
		['success', 'done'],
		['SUCCESS', 'done'],
		['failed', 'failed'],
		['error', 'failed'],
		['cancelled', 'failed'],
		['canceled', 'failed'],
		['expired', 'failed'],
		['baking', 'unknown'],
	])('status %s is %s', (status, state) => {
		expect(taskState(status)).toBe(state);
	});

	it('reads progress as 0-1, 0-100 or absent', () => {
		expect(parseTask({ id: 'a', status: 'running', progress: 0.4 })?.progress).toBe(0.4);
		expect(parseTask({ id: 'a', status: 'running', progress: 40 })?.progress).toBe(0.4);
		expect(parseTask({ id: 'a', status: 'running' })?.progress).toBeUndefined();
	});

	it('reads errors as strings or objects with code and error_message or message', () => {
		expect(parseTask({ id: 'a', status: 'failed', error: 'boom' })?.error).toEqual({ message: 'boom' });
		expect(parseTask({ id: 'a', status: 'failed', error: { code: 3012095, error_message: 'x' } })?.error).toEqual({ code: '3012095', message: 'x' });
		expect(parseTask({ id: 'a', status: 'failed', error: { code: '003012095', message: 'y' } })?.error).toEqual({ code: '003012095', message: 'y' });
		expect(parseTask({ id: 'a', status: 'failed' })?.error).toBeUndefined();
	});

	it('reads cost as string or number, and absent usage', () => {
		expect(parseTask({ id: 'a', status: 'completed', usage: { cost: '0.0300', discount: 1 } })?.cost).toBe(0.03);
		expect(parseTask({ id: 'a', status: 'completed', usage: { cost: 0.5, total_tokens: 9 } })?.cost).toBe(0.5);
		expect(parseTask({ id: 'a', status: 'completed' })?.cost).toBeUndefined();
	});

	it('collects every image of every output group, in order, from url, b64_json or a data: URL', () => {
		const task = parseTask({
			id: 'a',
			status: 'completed',
			output: [
				{ content: [{ type: 'image', url: 'https://x/0.jpeg', size: 10 }, { type: 'image_url', url: 'https://x/1.jpeg' }] },
				{ content: [{ b64_json: 'QUJD' }, { type: 'image', url: 'data:image/png;base64,REVG' }, { type: 'text', text: 'ignored' }] },
			],
		});
		expect(task?.images).toEqual([
			{ index: 0, url: 'https://x/0.jpeg', reportedBytes: 10 },
			{ index: 1, url: 'https://x/1.jpeg', reportedBytes: undefined },
			{ index: 2, base64: 'QUJD', reportedBytes: undefined },
			{ index: 3, base64: 'REVG', reportedBytes: undefined },
		]);
	});

	it('takes the bytes of images the transport already decoded, by placeholder', () => {
		const decoded = [Buffer.from('first'), Buffer.from('second')];
		const task = parseTask(
			{ id: 'a', status: 'completed', output: [{ content: [{ b64_json: `${IMAGE_PLACEHOLDER}1` }, { b64_json: `${IMAGE_PLACEHOLDER}0` }] }] },
			decoded,
		);
		expect(task?.images.map((image) => image.bytes?.toString())).toEqual(['second', 'first']);
	});
});

describe('parseTask reads the shapes the gateway\'s own CLI shows (API.md, "What the gateway\'s own CLI expects")', () => {
	it('takes an answer with only an id, as id, task_id or request_id, for a pending task', () => {
		expect(parseTask({ id: 't-1' })).toMatchObject({ id: 't-1', status: 'pending', state: 'waiting', images: [] });
		expect(parseTask({ task_id: 't-2' })?.id).toBe('t-2');
		expect(parseTask({ request_id: 'req-3', status: 'QUEUED' })).toMatchObject({ id: 'req-3', status: 'queued', state: 'waiting' });
		expect(parseTask({ status: { code: 200, message: 'ok' }, data: { request_id: 'req-4' } })?.id).toBe('req-4');
		expect(parseTask({ error: { code: '003001001', error_message: 'prompt is required' } })).toBeUndefined();
	});

	it.each([
		['QUEUED', 'queued', 'waiting'],
		['IN_PROGRESS', 'in_progress', 'waiting'],
		['COMPLETED', 'completed', 'done'],
		['Succeeded', 'succeeded', 'done'],
		['FAILED', 'failed', 'failed'],
		['CANCELED', 'canceled', 'failed'],
		['Baking', 'Baking', 'unknown'],
	])('status %s reads as %s (%s); an unknown one is kept as given', (given, status, state) => {
		expect(parseTask({ id: 'a', status: given })).toMatchObject({ status, state });
	});

	it('a completed answer that carries an error or a provider_error is a failure', () => {
		const cliFailure = parseTask({
			request_id: 'req-123',
			status: 'COMPLETED',
			error: { code: 'InvalidParameter', message: 'Provider rejected request' },
			error_type: 'REQUEST_INVALID',
			provider_error: { code: 'InvalidParameter', message: 'Provider rejected request', task_status: 'FAILED' },
			logs: [{ message: 'provider rejected request', timestamp: '2026-06-27T10:12:27Z' }],
		});
		expect(cliFailure).toMatchObject({
			id: 'req-123',
			status: 'failed',
			state: 'failed',
			error: { code: 'InvalidParameter', message: 'Provider rejected request', type: 'REQUEST_INVALID' },
			lastLog: { message: 'provider rejected request', timestamp: '2026-06-27T10:12:27Z' },
		});
		expect(parseTask({ id: 'a', status: 'completed', error: 'boom' })?.state).toBe('failed');
		expect(parseTask({ id: 'a', status: 'succeeded', provider_error: { code: 'E1', message: 'no' } })?.state).toBe('failed');
		expect(parseTask({ id: 'a', status: 'completed', provider_error: { message: 'no' } })?.state).toBe('failed');
	});

	it.each([
		['no error', {}],
		['error null', { error: null }],
		['an empty error string', { error: '' }],
		['an error object with code 0 and no message', { error: { code: 0, message: '' } }],
		['an empty provider_error', { provider_error: {} }],
		['logs alone', { logs: [{ message: 'done in 3 s', timestamp: '2026-06-27T10:12:27Z' }] }],
	])('a completed answer with %s stays done', (_name, extra) => {
		expect(parseTask({ id: 'a', status: 'completed', ...extra })?.state).toBe('done');
	});

	it('without a status, images mean done and an error means failed', () => {
		expect(parseTask({ request_id: 'r', outputs: [{ type: 'image', url: 'https://x/0.png' }] })).toMatchObject({ status: 'completed', state: 'done' });
		expect(parseTask({ id: 'a', output: [{ content: [{ type: 'image', url: 'https://x/0.png' }] }] })).toMatchObject({ status: 'completed', state: 'done' });
		expect(parseTask({ id: 'a', error: { code: 'E', message: 'no' } })).toMatchObject({ status: 'failed', state: 'failed' });
		expect(parseTask({ id: 'a', outputs: [{ type: 'text', text: 'not an image' }] })).toMatchObject({ status: 'pending', state: 'waiting' });
	});

	it('failureReason writes "code: message", falling back to provider_error, then to the error type', () => {
		const reason = (body: Record<string, unknown>) => failureReason(parseTask({ id: 'a', status: 'failed', ...body }) as TaskSnapshot);
		expect(reason({ error: { code: '003012095', error_message: 'Internal generation error' } })).toBe('003012095: Internal generation error');
		expect(reason({ error: 'Image too big', provider_error: { code: 'InvalidParameter', message: 'other words' } })).toBe('InvalidParameter: Image too big');
		expect(reason({ provider_error: { code: 'InvalidParameter', message: 'Image dimensions must be in [384, 5000]', task_status: 'FAILED' } })).toBe(
			'InvalidParameter: Image dimensions must be in [384, 5000]',
		);
		expect(reason({ error: { code: 'E1', message: 'E1: already prefixed' } })).toBe('E1: already prefixed');
		expect(reason({ error_type: 'REQUEST_INVALID' })).toBe('REQUEST_INVALID');
		expect(reason({})).toBe('no reason given');
	});

	it('failureDetails names the error type and the last log line that has a message', () => {
		const details = (body: Record<string, unknown>) => failureDetails(parseTask({ id: 'a', status: 'failed', ...body }) as TaskSnapshot);
		expect(
			details({
				error: 'no',
				error_type: 'REQUEST_INVALID',
				logs: [{ message: 'queued', timestamp: 't1' }, { message: 'provider rejected request', timestamp: 't2' }, { timestamp: 't3' }],
			}),
		).toBe('Error type: REQUEST_INVALID. Last log (t2): "provider rejected request".');
		expect(details({ error: 'no', logs: ['plain line'] })).toBe('Last log: "plain line".');
		expect(details({ error_type: 'REQUEST_INVALID' })).toBe('');
		expect(details({ error: 'no' })).toBe('');
	});

	it('reads a flat outputs list with its extra fields, every image in order', () => {
		const task = parseTask({
			request_id: 'r',
			status: 'completed',
			outputs: [
				{ type: 'image', url: 'https://x/a.png', content_type: 'image/png', file_name: 'a.png', file_size: 123, width: 64, height: 32, imageNo: 0 },
				{ type: 'text', text: 'a caption' },
				{ url: 'https://x/b.webp', content_type: 'image/webp', image_no: 1 },
				{ url: 'https://x/c.mp4', content_type: 'video/mp4' },
				{ type: 'image', url: 'data:image/png;base64,QUJD' },
			],
		});
		expect(task?.images).toEqual([
			{ index: 0, url: 'https://x/a.png', reportedBytes: 123 },
			{ index: 1, url: 'https://x/b.webp', reportedBytes: undefined },
			{ index: 2, base64: 'QUJD', reportedBytes: undefined },
		]);
	});

	it('counts an image listed both in output[].content[] and in outputs once, and keeps those only one list has', () => {
		const inline = [Buffer.from('same'), Buffer.from('same')];
		const task = parseTask(
			{
				id: 'a',
				status: 'completed',
				output: [{ content: [{ type: 'image', url: 'https://x/0.png' }, { type: 'image', b64_json: `${IMAGE_PLACEHOLDER}0` }] }],
				outputs: [
					{ type: 'image', url: 'https://x/0.png', file_size: 9 },
					{ type: 'image', b64_json: `${IMAGE_PLACEHOLDER}1` },
					{ type: 'image', url: 'https://x/extra.png' },
				],
			},
			inline,
		);
		expect(task?.images.map((image) => image.url ?? image.bytes?.toString())).toEqual(['https://x/0.png', 'same', 'https://x/extra.png']);
		expect(task?.images.map((image) => image.index)).toEqual([0, 1, 2]);
	});

	it('reads content items that carry id, img_id, duration and metadata', () => {
		const task = parseTask({
			id: 'a',
			status: 'completed',
			output: [{ content: [{ type: 'image', url: 'https://x/0.png', id: 'img-1', img_id: 77, duration: '0', metadata: { seed: 1 } }] }],
		});
		expect(task?.images).toEqual([{ index: 0, url: 'https://x/0.png', reportedBytes: undefined }]);
	});

	it('keeps usage with a cost string, quantity, unit_price and extra_info', () => {
		const usage = { cost: '0.0600', quantity: 2, unit_price: '0.0300', extra_info: { resolution: '2K' } };
		expect(parseTask({ id: 'a', status: 'completed', usage })).toMatchObject({ usage, cost: 0.06 });
	});
});
