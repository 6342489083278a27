import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderImage } from '../fake-gateway';
import { useFakeGateway } from '../harness/fakeGatewayFixture';
import { jpegHeader, webpHeader } from '../harness/imageHeaders';
import { file, ScriptedServer } from '../hostile-gateway/moneyServer';
import { referenceInputs, type ImageInput } from '../harness/referenceInputs';
import { runVtrix } from '../harness/runVtrix';

/** How reference images travel, per model page and API.md. */
const gateway = useFakeGateway();
let imageHost: ScriptedServer;
beforeAll(async () => {
	imageHost = await ScriptedServer.start();
	imageHost.on('/a.webp', file(webpHeader(64, 48), { type: 'image/webp' })).on('/p.jpg', file(jpegHeader(64, 48), { type: 'image/jpeg' }));
});
afterAll(() => imageHost.close());

const png = renderImage({ width: 40, height: 30, format: 'png', label: 'a' });
const jpeg = renderImage({ width: 30, height: 40, format: 'jpeg', label: 'b' });

async function sentParams(model: string, images: ImageInput[]): Promise<Record<string, unknown>> {
	const { items, referenceImages } = referenceInputs(images);
	const { items: output } = await runVtrix({
		parameters: { operation: 'submit', model, prompt: 'x', referenceImages },
		items,
		credentials: { baseUrl: gateway().baseUrl },
		continueOnFail: true,
	});
	expect(output[0].json.error).toBeUndefined();
	return (gateway().submits()[0].body as { input: Array<{ params: Record<string, unknown> }> }).input[0].params;
}

describe('spark_dream_4_0 `image`', () => {
	it('one upload: a single data URL with a lowercase format', async () => {
		const params = await sentParams('spark_dream_4_0', [png]);
		expect(params.image).toBe(`data:image/png;base64,${png.toString('base64')}`);
		expect(params.binary_data_base64).toBeUndefined();
	});

	it('several, mixed: an array of URLs and data URLs, in order', async () => {
		const params = await sentParams('spark_dream_4_0', [imageHost.url('/a.webp'), jpeg]);
		expect(params.image).toEqual([imageHost.url('/a.webp'), `data:image/jpeg;base64,${jpeg.toString('base64')}`]);
	});

	it('a data: URL given with an upper-case format is re-sent lowercase', async () => {
		const params = await sentParams('spark_dream_4_0', [`data:image/PNG;base64,${png.toString('base64')}`]);
		expect(params.image).toBe(`data:image/png;base64,${png.toString('base64')}`);
	});

	it('no reference image: no `image` field', async () => {
		expect(await sentParams('spark_dream_4_0', [])).toEqual({ prompt: 'x' });
	});
});

describe('the other models: `binary_data_base64` or `image_urls`', () => {
	it.each(['spark_i2i_3_0', 'spark_dreamo', 'spark_multi_dreamo'])('%s: an upload as plain base64, no data: prefix', async (model) => {
		const params = await sentParams(model, [jpeg]);
		expect(params.binary_data_base64).toEqual([jpeg.toString('base64')]);
		expect(params.image_urls).toBeUndefined();
	});

	it.each(['spark_i2i_3_0', 'spark_dreamo', 'spark_multi_dreamo'])('%s: a URL in image_urls', async (model) => {
		const params = await sentParams(model, [imageHost.url('/p.jpg')]);
		expect(params.image_urls).toEqual([imageHost.url('/p.jpg')]);
		expect(params.binary_data_base64).toBeUndefined();
	});

	it('a data: URL counts as an upload', async () => {
		const params = await sentParams('spark_i2i_3_0', [`data:image/jpeg;base64,${jpeg.toString('base64')}`]);
		expect(params.binary_data_base64).toEqual([jpeg.toString('base64')]);
	});

	it('spark_multi_dreamo sends no ref_type_list when every type is AUTO (the default)', async () => {
		const params = await sentParams('spark_multi_dreamo', [jpeg, png]);
		expect(params.ref_type_list).toBeUndefined();
		expect(params.binary_data_base64).toHaveLength(2);
	});
});
