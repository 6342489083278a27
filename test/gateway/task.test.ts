import { describe, expect, it } from 'vitest';

import { IMAGE_PLACEHOLDER } from '../../nodes/Vtrix/gateway/jsonWithImages';
import { parseTask, taskState } from '../../nodes/Vtrix/gateway/task';

describe('parseTask tolerates every shape API.md lists', () => {
	it('reads the id from id or task_id', () => {
		expect(parseTask({ id: 'a', status: 'pending' })?.id).toBe('a');
		expect(parseTask({ task_id: 'b', status: 'pending' })?.id).toBe('b');
		expect(parseTask({ status: 'pending' })).toBeUndefined();
		expect(parseTask({ id: 'c' })).toBeUndefined();
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
