import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { renderImage } from '../fake-gateway';
import { useFakeGateway } from '../harness/fakeGatewayFixture';
import { jpegHeader, pngHeader, webpHeader } from '../harness/imageHeaders';
import { runVtrix, TEST_API_KEY } from '../harness/runVtrix';
import { file, hang, json, ScriptedServer } from './moneyServer';

/**
 * Money: nothing is bought before every item is known to be valid, reference image URLs
 * included, and numbers written as text mean what they say.
 */

const gateway = useFakeGateway(32);
let host: ScriptedServer;
beforeAll(async () => {
	host = await ScriptedServer.start();
});
afterAll(() => host.close());
beforeEach(() => host.reset());

type Outcome = { items: INodeExecutionData[] } | { error: Error & { description?: string; context: IDataObject } };

async function run(parameters: Record<string, unknown>, extra: { items?: INodeExecutionData[]; continueOnFail?: boolean; abortSignal?: AbortSignal } = {}): Promise<Outcome> {
	return await runVtrix({ parameters, credentials: { baseUrl: gateway().baseUrl }, ...extra }).then(
		({ items }) => ({ items }),
		(error: Error & { description?: string; context: IDataObject }) => ({ error }),
	);
}

function thrown(outcome: Outcome): Error & { description?: string; context: IDataObject } {
	if (!('error' in outcome)) throw new Error(`expected the run to fail, got ${JSON.stringify(outcome.items.map((item) => item.json))}`);
	return outcome.error;
}

function items(outcome: Outcome): INodeExecutionData[] {
	if ('error' in outcome) throw outcome.error;
	return outcome.items;
}

const t2i = (options: IDataObject) => ({ operation: 'generate', model: 'spark_t2i_3_0', prompt: 'a lighthouse', options });
const referenceUrl = (url: string) => ({ image: [{ source: 'url', url }] });

describe('every setting of every item is read before the first submit', () => {
	it.each([
		['Timeout (Seconds)', { timeoutSeconds: '={{ $json.v }}' }, 60, 0, /^Timeout \(Seconds\) must be a whole number from 1 to 7200, got 0$/],
		['Timeout (Seconds) as hex text', { timeoutSeconds: '={{ $json.v }}' }, '60', '0x10', /^Timeout \(Seconds\) must be a whole number from 1 to 7200, got "0x10"$/],
		['Download Images', { downloadImages: '={{ $json.v }}' }, true, 'sometimes', /^Download Images must be true or false, got "sometimes"$/],
		['Put Output in Field', { binaryPropertyName: '={{ $json.v }}' }, 'picture', { name: 'picture' }, /^Put Output in Field must be the name of a binary property/],
		['a model option', { seed: '={{ $json.v }}' }, 5, 0, /^003001004 /],
	])('%s bad on item 2 only: the run fails and nothing is bought', async (_name, options, good, bad, message) => {
		const outcome = await run(t2i(options), { items: [{ json: { v: good } }, { json: { v: bad } }] });
		expect(thrown(outcome).message).toMatch(message);
		expect(gateway().requests).toHaveLength(0);
	});

	it('with Continue On Fail the bad item is its error item and the others run', async () => {
		const outcome = await run(t2i({ timeoutSeconds: '={{ $json.v }}' }), { items: [{ json: { v: 60 } }, { json: { v: 'soon' } }, { json: { v: 30 } }], continueOnFail: true });
		const [first, second, third] = items(outcome);
		expect(first.binary?.data).toBeDefined();
		expect(second.json).toMatchObject({ error: expect.stringMatching(/^Timeout \(Seconds\)/), taskId: null });
		expect(second.pairedItem).toEqual({ item: 1 });
		expect(third.binary?.data).toBeDefined();
		expect(gateway().submits()).toHaveLength(2);
	});

	it.each([
		['empty', ''],
		['blank', '   '],
		['"."', '.'],
		['".."', '..'],
	])('Get Result: a Task ID that is %s on item 2 fails before the first poll', async (_name, bad) => {
		const submitted = await runVtrix({ parameters: { operation: 'submit', model: 'spark_t2i_3_0', prompt: 'a fox' }, credentials: { baseUrl: gateway().baseUrl } });
		gateway().requests.length = 0;
		const outcome = await run({ operation: 'getResult', taskId: '={{ $json.id }}' }, { items: [{ json: { id: submitted.items[0].json.taskId } }, { json: { id: bad } }] });
		expect(thrown(outcome).message).toMatch(/^Task ID /);
		expect(gateway().requests).toHaveLength(0);
	});

	it('Get Result: a bad setting on item 2 fails before the first poll', async () => {
		const outcome = await run({ operation: 'getResult', taskId: 'task_x', options: { timeoutSeconds: '={{ $json.v }}' } }, { items: [{ json: { v: 5 } }, { json: { v: -1 } }] });
		expect(thrown(outcome).message).toMatch(/^Timeout \(Seconds\)/);
		expect(gateway().requests).toHaveLength(0);
	});
});

describe('reference image URLs are read (first bytes only) before anything is bought', () => {
	const i2i = (url: string, options: IDataObject = {}) => ({ operation: 'submit', model: 'spark_i2i_3_0', prompt: 'make it blue', referenceImages: referenceUrl(url), options });

	it('a good image: one ranged request without Authorization, then the submit', async () => {
		const photo = jpegHeader(1200, 800, 1024 * 1024);
		host.on('/photo.jpg', file(photo, { type: 'image/jpeg' }));
		const outcome = await run(i2i(host.url('/photo.jpg')));
		expect(items(outcome)[0].json.taskId).toBeDefined();
		const [read] = host.seen('/photo.jpg');
		expect(host.requests).toHaveLength(1);
		expect(read.headers.range).toBe('bytes=0-65535');
		expect(read.headers.authorization).toBeUndefined();
		expect(JSON.stringify(read.headers)).not.toContain(TEST_API_KEY);
		expect(read.bytesSent).toBe(64 * 1024);
		expect(gateway().submits()).toHaveLength(1);
	});

	it.each([
		['answers 404', json(404, { error: 'no such file' }), /^003003009 Invalid image array: Reference image 1 \(URL http:\/\/127\.0\.0\.1:\d+\/ref\) answers HTTP 404$/],
		['answers JSON', json(200, { ok: true }), /Reference image 1 \(URL .*\) answers with something that is not an image \(served as application\/json\)$/],
		['is a WebP (this model takes JPEG and PNG)', file(webpHeader(800, 800), { type: 'image/webp' }), /Reference image 1 \(URL .*\) is WEBP; this model accepts JPEG, PNG$/],
		['is 5000 px wide', file(pngHeader(5000, 2000), { type: 'image/png' }), /is 5000x2000; each side must be at most 4096 px$/],
		['has an aspect ratio over 3', file(pngHeader(3100, 1000), { type: 'image/png' }), /aspect ratio 3\.10:1/],
		['is 5 MB (Content-Range)', file(jpegHeader(1000, 1000, 5 * 1024 * 1024), { type: 'image/jpeg' }), /is 5\.00 MB; the limit is 4\.7 MB$/],
		['is 5 MB (Content-Length, Range ignored)', file(jpegHeader(1000, 1000, 5 * 1024 * 1024), { type: 'image/jpeg', ranges: false }), /is 5\.00 MB; the limit is 4\.7 MB$/],
	])('a URL that %s is refused with the page code, nothing bought', async (_name, reply, message) => {
		host.on('/ref', reply);
		const outcome = await run(i2i(host.url('/ref')), { continueOnFail: true });
		const [item] = items(outcome);
		expect(item.json.code).toBe('003003009');
		expect(String(item.json.error)).toMatch(message);
		expect(gateway().requests).toHaveLength(0);
	});

	it.each([
		['spark_dream_4_0', '003012004'],
		['spark_dreamo', '003011004'],
		['spark_multi_dreamo', '003013004'],
	])('%s: a URL that answers 404 carries its page code %s', async (model, code) => {
		host.on('/gone.png', json(404, {}));
		const outcome = await run({ operation: 'submit', model, prompt: 'x', referenceImages: referenceUrl(host.url('/gone.png')) }, { continueOnFail: true });
		expect(items(outcome)[0].json).toMatchObject({ code, error: expect.stringMatching(new RegExp(`^${code} .*Reference image 1 \\(URL http://127.0.0.1:\\d+/gone.png\\) answers HTTP 404`)) });
		expect(gateway().requests).toHaveLength(0);
	});

	it('spark_dream_4_0: a URL whose header shows more than 36,000,000 px is refused with 003012005', async () => {
		host.on('/huge.png', file(pngHeader(6001, 6000), { type: 'image/png' }));
		const outcome = await run({ operation: 'submit', model: 'spark_dream_4_0', prompt: 'x', referenceImages: referenceUrl(host.url('/huge.png')) }, { continueOnFail: true });
		expect(items(outcome)[0].json).toMatchObject({ code: '003012005', error: expect.stringMatching(/is 6001x6000 = 36006000 px; the limit is 36000000 px$/) });
		expect(gateway().requests).toHaveLength(0);
	});

	it('a host that ignores Range and streams a large file: only the first bytes are read, then the connection closes', async () => {
		const big = pngHeader(2000, 2000, 40 * 1024 * 1024);
		host.on('/big.png', file(big, { type: 'image/png', ranges: false, length: false }));
		const outcome = await run({ operation: 'submit', model: 'spark_dream_4_0', prompt: 'x', referenceImages: referenceUrl(host.url('/big.png')) });
		expect(items(outcome)[0].json.taskId).toBeDefined();
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(host.seen('/big.png')[0].bytesSent).toBeLessThan(big.length / 2);
	});

	it('a URL that never answers is bounded by the item timeout, and nothing is bought', async () => {
		host.on('/slow.jpg', hang);
		const started = Date.now();
		const outcome = await run(i2i(host.url('/slow.jpg'), { timeoutSeconds: 2 }), { continueOnFail: true });
		expect(Date.now() - started).toBeLessThan(4000);
		expect(items(outcome)[0].json).toMatchObject({ code: '003003009', error: expect.stringMatching(/did not send its first bytes within 2 s$/) });
		expect(gateway().requests).toHaveLength(0);
	});

	it('a URL that never answers gives up after 10 s even with a long item timeout', async () => {
		host.on('/slow.jpg', hang);
		const started = Date.now();
		const outcome = await run(i2i(host.url('/slow.jpg'), { timeoutSeconds: 600 }), { continueOnFail: true });
		expect(Date.now() - started).toBeLessThan(12_000);
		expect(items(outcome)[0].json.error).toMatch(/did not send its first bytes within 10 s$/);
		expect(gateway().requests).toHaveLength(0);
	});

	it('cancelling while a URL is read ends the run at once with nothing bought', async () => {
		host.on('/slow.jpg', hang);
		const controller = new AbortController();
		const running = run(i2i(host.url('/slow.jpg')), { abortSignal: controller.signal });
		await new Promise((resolve) => setTimeout(resolve, 500));
		const cancelledAt = Date.now();
		controller.abort();
		expect(thrown(await running).message).toBe('The execution was cancelled before anything was submitted');
		expect(Date.now() - cancelledAt).toBeLessThan(1000);
		expect(gateway().requests).toHaveLength(0);
	});

	it('the check runs for every item before the first submit, and reads a URL shared by items once', async () => {
		const photo = renderImage({ width: 64, height: 48, format: 'jpeg', label: 'shared' });
		host.on('/shared.jpg', file(photo, { type: 'image/jpeg' })).on('/gone.jpg', json(404, {}));
		const parameters = { operation: 'submit', model: 'spark_i2i_3_0', prompt: 'x', referenceImages: referenceUrl('={{ $json.url }}') };
		const urls = [host.url('/shared.jpg'), host.url('/shared.jpg'), host.url('/gone.jpg')];
		const outcome = await run(parameters, { items: urls.map((url) => ({ json: { url } })) });
		expect(thrown(outcome).context.code).toBe('003003009');
		expect(gateway().requests).toHaveLength(0);
		expect(host.seen('/shared.jpg')).toHaveLength(1);
	});

	it('"Check Reference Image URLs" off: the URL is not read and goes to the gateway as given', async () => {
		host.on('/private.jpg', json(404, {}));
		const outcome = await run(i2i(host.url('/private.jpg'), { checkReferenceUrls: false }));
		expect(items(outcome)[0].json.taskId).toBeDefined();
		expect(host.requests).toHaveLength(0);
		const params = (gateway().submits()[0].body as { input: Array<{ params: IDataObject }> }).input[0].params;
		expect(params.image_urls).toEqual([host.url('/private.jpg')]);
	});
});

describe('inputs that are not what they seem', () => {
	it.each([
		['0x10', 'spark_multi_dreamo', { ddimSteps: '0x10' }, '003013004'],
		['0b11', 'spark_multi_dreamo', { ddimSteps: '0b11' }, '003013004'],
		['0o7', 'spark_dream_4_0', { sequentialImageGeneration: 'auto', maxImages: '0o7' }, '003012010'],
		['1_000', 'spark_t2i_3_0', { seed: '1_000' }, '003001004'],
		['" "', 'spark_i2i_3_0', { scale: ' ' }, '003003006'],
	])('numeric text %s is refused with the option\'s code', async (_text, model, options, code) => {
		const referenceImages = { image: [{ source: 'binary', binaryPropertyName: 'data' }] };
		const input = { json: {}, binary: { data: { data: jpegHeader(512, 512).toString('base64'), mimeType: 'image/jpeg' } } };
		const outcome = await run({ operation: 'submit', model, prompt: 'x', referenceImages, options }, { items: [input], continueOnFail: true });
		expect(items(outcome)[0].json.code).toBe(code);
		expect(gateway().requests).toHaveLength(0);
	});

	it.each([
		['"13"', 'spark_multi_dreamo', { ddimSteps: '13' }, { ddim_steps: 13 }],
		['"-1"', 'spark_multi_dreamo', { seed: '-1' }, { seed: undefined }], // -1 is the default: not sent
		['"0.25"', 'spark_i2i_3_0', { scale: '0.25' }, { scale: 0.25 }],
		['"1e3", "+3.5", ".5e1"', 'spark_multi_dreamo', { seed: '1e3', guidanceScale1: '+3.5', guidanceScale2: '.5e1' }, { seed: 1000, guidance_scale1: 3.5, guidance_scale2: 5 }],
		['" 7 " with spaces', 'spark_multi_dreamo', { ddimSteps: ' 7 ' }, { ddim_steps: 7 }],
	])('decimal text %s still works', async (_text, model, options, sends) => {
		const input = { json: {}, binary: { data: { data: jpegHeader(512, 512).toString('base64'), mimeType: 'image/jpeg' } } };
		const referenceImages = { image: [{ source: 'binary', binaryPropertyName: 'data' }] };
		const outcome = await run({ operation: 'submit', model, prompt: 'x', referenceImages, options }, { items: [input] });
		expect(items(outcome)[0].json.taskId).toBeDefined();
		const params = (gateway().submits()[0].body as { input: Array<{ params: IDataObject }> }).input[0].params;
		for (const [field, value] of Object.entries(sends)) expect(params[field], field).toEqual(value);
	});

	it.each([
		['spark_dream_4_0', '003012004'],
		['spark_i2i_3_0', '003003009'],
		['spark_dreamo', '003011004'],
		['spark_multi_dreamo', '003013004'],
	])('%s: a data: URL holding characters outside base64 is refused with %s', async (model, code) => {
		const text = `data:image/png;base64,${pngHeader(64, 64).toString('base64').slice(0, 20)}$$${pngHeader(64, 64).toString('base64').slice(20)}`;
		const outcome = await run({ operation: 'submit', model, prompt: 'x', referenceImages: referenceUrl(text) }, { continueOnFail: true });
		expect(items(outcome)[0].json).toMatchObject({ code, error: expect.stringMatching(/Reference image 1 \(data: URL\) is a data: URL whose base64 holds characters outside base64/) });
		expect(gateway().requests).toHaveLength(0);
	});

	it.each([
		// spark_dream_4_0 takes images optionally, so its page has no "missing image" code: the format code says the reference is unusable.
		['spark_dream_4_0', '003012004 Invalid image format'],
		['spark_i2i_3_0', '003003003 Image missing'],
		['spark_dreamo', '003011002 Missing image'],
		['spark_multi_dreamo', '003013002 Missing image'],
	])('%s: a missing input binary property carries %s', async (model, title) => {
		const referenceImages = { image: [{ source: 'binary', binaryPropertyName: 'photo' }] };
		const outcome = await run({ operation: 'submit', model, prompt: 'x', referenceImages }, { items: [{ json: {} }], continueOnFail: true });
		expect(items(outcome)[0].json).toMatchObject({
			code: title.slice(0, 9),
			error: `${title}: Reference image 1 (binary property "photo") is not on the input item: set "Input Binary Field" to the binary property holding the image, or switch the source to URL`,
		});
		expect(gateway().requests).toHaveLength(0);
	});

	it.each([
		['a PNG without its IEND chunk', 'spark_i2i_3_0', '003003009', pngHeader(640, 480, 4096).subarray(0, 4096 - 12), /is cut short: a PNG without its IEND end chunk$/],
		['a JPEG without its end-of-image marker', 'spark_i2i_3_0', '003003009', jpegHeader(640, 480, 4096).subarray(0, 4000), /is cut short: a JPEG without its end-of-image marker$/],
		['a WebP shorter than its RIFF size', 'spark_dream_4_0', '003012004', renderImage({ width: 40, height: 30, format: 'webp', label: 'ref' }).subarray(0, 1000), /is cut short: a WebP shorter than its RIFF size \(1000 of \d+ bytes\)$/],
	])('a reference image that is %s is refused before anything is sent', async (_name, model, code, bytes, message) => {
		for (const source of ['binary', 'data: URL']) {
			const referenceImages =
				source === 'binary' ? { image: [{ source: 'binary', binaryPropertyName: 'data' }] } : referenceUrl(`data:image/png;base64,${bytes.toString('base64')}`);
			const input = { json: {}, binary: { data: { data: bytes.toString('base64'), mimeType: 'image/png' } } };
			const outcome = await run({ operation: 'submit', model, prompt: 'x', referenceImages }, { items: [input], continueOnFail: true });
			expect(items(outcome)[0].json, source).toMatchObject({ code, error: expect.stringMatching(message) });
		}
		expect(gateway().requests).toHaveLength(0);
	});
});
