import { describe, expect, it } from 'vitest';

import { IMAGE_PLACEHOLDER, JsonWithImagesReader } from '../../nodes/Vtrix/gateway/jsonWithImages';

function readInChunks(text: string, size: number): JsonWithImagesReader {
	const bytes = Buffer.from(text, 'utf8');
	const reader = new JsonWithImagesReader();
	for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size));
	return reader;
}

const imageA = Buffer.from(Array.from({ length: 301 }, (_, n) => (n * 7) % 256));
/** Its base64, "+/+/Pv/vD77+", holds both "/" and "+": the characters JSON writers escape. */
const imageB = Buffer.from([0xfb, 0xff, 0xbf, 0x3e, 0xff, 0xef, 0x0f, 0xbe, 0xfe]);

const imageBText = imageB.toString('base64');
// JSON.stringify never writes "\/": the escapes are put into the text afterwards.
const answer = JSON.stringify({
	id: 'task_1',
	status: 'completed',
	note: 'a "quoted" b64_json mention and ünïcödé 🙂',
	type: 'b64_json',
	output: [
		{ content: [{ type: 'image', b64_json: imageA.toString('base64') }] },
		{ content: [{ b64_json: imageBText, size: 9 }, { url: 'https://x/1.jpeg' }] },
	],
}).replace(imageBText, imageBText.replace(/\//g, '\\/'));

describe('JsonWithImagesReader', () => {
	it.each([1, 2, 3, 5, 7, 64, 100_000])('decodes every b64_json value into bytes, read %i bytes at a time', (size) => {
		const reader = readInChunks(answer, size);
		expect(reader.images).toHaveLength(2);
		expect(reader.images[0].equals(imageA)).toBe(true);
		expect(reader.images[1].equals(imageB)).toBe(true);
		const skeleton = JSON.parse(reader.text());
		expect(skeleton.output[0].content[0].b64_json).toBe(`${IMAGE_PLACEHOLDER}0`);
		expect(skeleton.output[1].content[0]).toEqual({ b64_json: `${IMAGE_PLACEHOLDER}1`, size: 9 });
		expect(skeleton.note).toBe('a "quoted" b64_json mention and ünïcödé 🙂');
		expect(skeleton.type).toBe('b64_json');
		expect(skeleton.output[1].content[1].url).toBe('https://x/1.jpeg');
	});

	it('the answer above really escapes "/" as "\\/"', () => {
		expect(answer).toContain('+\\/+\\/Pv\\/vD77+');
	});

	it.each([
		['"\\u002B" and "\\u002F" (a .NET gateway\'s default escaping)', (b64: string) => b64.replace(/\+/g, '\\u002B').replace(/\//g, '\\u002f')],
		['"\\r\\n" line breaks every 4 characters', (b64: string) => b64.replace(/(.{4})/g, '$1\\r\\n')],
		['every character as \\uXXXX', (b64: string) => [...b64].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
	])('decodes base64 written with %s to the same bytes', (_name, escape) => {
		const text = `{"output":[{"content":[{"b64_json":"${escape(imageB.toString('base64'))}"}]}]}`;
		expect(Buffer.from(JSON.parse(text).output[0].content[0].b64_json, 'base64').equals(imageB)).toBe(true);
		for (const size of [1, 3, 1000]) expect(readInChunks(text, size).images).toEqual([imageB]);
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
