import { describe, expect, it } from 'vitest';

import { IMAGE_PLACEHOLDER, JsonWithImagesReader } from '../../nodes/Vtrix/gateway/jsonWithImages';

function readInChunks(text: string, size: number): JsonWithImagesReader {
	const bytes = Buffer.from(text, 'utf8');
	const reader = new JsonWithImagesReader();
	for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size));
	return reader;
}

const imageA = Buffer.from(Array.from({ length: 301 }, (_, n) => (n * 7) % 256));
const imageB = Buffer.from('second image, with a / in its base64 maybe?');

const answer = JSON.stringify({
	id: 'task_1',
	status: 'completed',
	note: 'a "quoted" b64_json mention and ünïcödé 🙂',
	type: 'b64_json',
	output: [
		{ content: [{ type: 'image', b64_json: imageA.toString('base64') }] },
		{ content: [{ b64_json: imageB.toString('base64').replace(/\//g, '\\/'), size: 44 }, { url: 'https://x/1.jpeg' }] },
	],
});

describe('JsonWithImagesReader', () => {
	it.each([1, 2, 3, 5, 7, 64, 100_000])('decodes every b64_json value into bytes, read %i bytes at a time', (size) => {
		const reader = readInChunks(answer, size);
		expect(reader.images).toHaveLength(2);
		expect(reader.images[0].equals(imageA)).toBe(true);
		expect(reader.images[1].toString()).toBe(imageB.toString());
		const skeleton = JSON.parse(reader.text());
		expect(skeleton.output[0].content[0].b64_json).toBe(`${IMAGE_PLACEHOLDER}0`);
		expect(skeleton.output[1].content[0]).toEqual({ b64_json: `${IMAGE_PLACEHOLDER}1`, size: 44 });
		expect(skeleton.note).toBe('a "quoted" b64_json mention and ünïcödé 🙂');
		expect(skeleton.type).toBe('b64_json');
		expect(skeleton.output[1].content[1].url).toBe('https://x/1.jpeg');
	});

	it('leaves answers without images untouched', () => {
		const text = '{"id":"t","status":"pending","progress":0.4}';
		const reader = readInChunks(text, 4);
		expect(reader.images).toEqual([]);
		expect(reader.text()).toBe(text);
	});

	it('passes garbled text through for the caller to judge', () => {
		expect(readInChunks('{"id": "task_garbled", "status": "compl', 3).text()).toBe('{"id": "task_garbled", "status": "compl');
	});
});
