import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { file, ScriptedServer } from '../hostile-gateway/moneyServer';
import { bmpHeader, gifHeader, jpegHeader, pngHeader, tiffHeader, webpHeader } from '../harness/imageHeaders';
import { referenceInputs, type ImageInput } from '../harness/referenceInputs';
import { useFakeGateway } from '../harness/fakeGatewayFixture';
import { runVtrix } from '../harness/runVtrix';

/**
 * Every rule of the five model pages (../shared/seeds) and API.md's rulings, at its
 * boundary: each `ok` case is submitted (and its body checked where it matters), each
 * rejected case fails with the page's code and reaches the gateway not at all.
 */

interface Case {
	name: string;
	prompt?: string;
	options?: IDataObject;
	images?: ImageInput[];
	/** The page's code, `null` for a rule the page gives no code, or 'ok'. */
	expect: string | null | 'ok';
	/** For `ok` cases: fields the submitted params must hold. */
	sends?: IDataObject;
}

const MB = 1024 * 1024;
const png = (w = 1024, h = 1024, bytes?: number) => pngHeader(w, h, bytes);
const jpg = (w = 1024, h = 1024, bytes?: number) => jpegHeader(w, h, bytes);
const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make);
const chars = (n: number) => '🙂'.repeat(n); // code points, not bytes or UTF-16 units

/** A reference image URL on the loopback image host below (reference URLs are read before submitting). */
const hosted = (path: string) => `hosted:${path}`;

const CASES: Record<string, Case[]> = {
	spark_dream_4_0: [
		{ name: 'prompt only', expect: 'ok', sends: { prompt: 'a cat' } },
		{ name: 'empty prompt', prompt: '', expect: '003012002' },
		{ name: 'blank prompt', prompt: '   ', expect: '003012002' },
		{ name: 'size 1K', options: { size: '1K' }, expect: 'ok', sends: { size: '1K' } },
		{ name: 'size 2k normalised', options: { size: '2k' }, expect: 'ok', sends: { size: '2K' } },
		{ name: 'size 4K', options: { size: '4K' }, expect: 'ok', sends: { size: '4K' } },
		{ name: 'page valid example 1600x600', options: { size: '1600x600' }, expect: 'ok', sends: { size: '1600x600' } },
		{ name: 'minimum area 1280x720', options: { size: '1280x720' }, expect: 'ok' },
		{ name: 'maximum area 4096x4096', options: { size: '4096x4096' }, expect: 'ok' },
		{ name: 'aspect exactly 16 (4096x256)', options: { size: '4096x256' }, expect: 'ok' },
		{ name: 'recommended 3024x1296', options: { size: '3024x1296' }, expect: 'ok', sends: { size: '3024x1296' } },
		{ name: 'page invalid example 800x800', options: { size: '800x800' }, expect: '003012011' },
		{ name: 'area one px row short (1279x720)', options: { size: '1279x720' }, expect: '003012011' },
		{ name: 'area above 4096x4096', options: { size: '4097x4096' }, expect: '003012011' },
		{ name: 'aspect above 16 (4096x255)', options: { size: '4096x255' }, expect: '003012011' },
		{ name: 'size not a size', options: { size: 'huge' }, expect: '003012011' },
		{ name: 'default size left out', options: { size: '2048x2048' }, expect: 'ok', sends: { size: undefined } },
		{ name: 'sequential auto with max 15', options: { sequentialImageGeneration: 'auto', maxImages: 15 }, expect: 'ok', sends: { sequential_image_generation: 'auto' } },
		{
			name: 'max images nested',
			options: { sequentialImageGeneration: 'auto', maxImages: 4 },
			expect: 'ok',
			sends: { sequential_image_generation_options: { max_images: 4 } },
		},
		{ name: 'max images 1', options: { sequentialImageGeneration: 'auto', maxImages: 1 }, expect: 'ok' },
		{ name: 'max images 0', options: { sequentialImageGeneration: 'auto', maxImages: 0 }, expect: '003012010' },
		{ name: 'max images 16', options: { sequentialImageGeneration: 'auto', maxImages: 16 }, expect: '003012010' },
		{ name: 'max images 1.5', options: { sequentialImageGeneration: 'auto', maxImages: 1.5 }, expect: '003012010' },
		{ name: 'max images without auto is dropped', options: { maxImages: 3 }, expect: 'ok', sends: { sequential_image_generation_options: undefined } },
		{ name: 'unknown sequential mode', options: { sequentialImageGeneration: 'sometimes' }, expect: '003012007' },
		{ name: 'response format b64_json', options: { responseFormat: 'b64_json' }, expect: 'ok', sends: { response_format: 'b64_json' } },
		{ name: 'unknown response format', options: { responseFormat: 'png' }, expect: '003012009' },
		{ name: 'optimize fast nested', options: { optimizePromptMode: 'fast' }, expect: 'ok', sends: { optimize_prompt_options: { mode: 'fast' } } },
		{ name: 'unknown optimize mode', options: { optimizePromptMode: 'slow' }, expect: '003012012' },
		{ name: 'watermark off', options: { watermark: false }, expect: 'ok', sends: { watermark: false } },
		{ name: 'watermark not boolean', options: { watermark: 'maybe' }, expect: null },
		{ name: 'stream on', options: { stream: true }, expect: 'ok', sends: { stream: true } },
		{ name: '14 reference images', images: times(14, () => png(100, 100)), expect: 'ok' },
		{ name: '15 reference images', images: times(15, () => png(100, 100)), expect: '003012010' },
		{
			name: '14 references + max 1',
			images: times(14, () => png(100, 100)),
			options: { sequentialImageGeneration: 'auto', maxImages: 1 },
			expect: 'ok',
		},
		{
			name: '14 references + max 2',
			images: times(14, () => png(100, 100)),
			options: { sequentialImageGeneration: 'auto', maxImages: 2 },
			expect: '003012010',
		},
		{ name: 'every accepted format', images: [png(), jpg(), webpHeader(64, 64), bmpHeader(64, 64), tiffHeader(64, 64), gifHeader(64, 64)], expect: 'ok' },
		{ name: 'side of 15 px', images: [png(15, 15)], expect: 'ok' },
		{ name: 'side of 14 px', images: [png(14, 100)], expect: '003012005' },
		{ name: '6000x6000 px', images: [png(6000, 6000)], expect: 'ok' },
		{ name: '6001x6000 px', images: [png(6001, 6000)], expect: '003012005' },
		{ name: 'aspect 16 image', images: [png(1600, 100)], expect: 'ok' },
		{ name: 'aspect 17 image', images: [png(1700, 100)], expect: '003012005' },
		{ name: '10 MB image', images: [png(100, 100, 10 * MB)], expect: 'ok' },
		{ name: '10 MB + 1 byte image', images: [png(100, 100, 10 * MB + 1)], expect: '003012005' },
		{ name: 'bytes that are no image', images: [Buffer.from('hello, not an image')], expect: '003012004' },
		{ name: 'ftp URL', images: ['ftp://example.com/a.png'], expect: '003012004' },
		{ name: 'URL and upload mixed', images: [hosted('/a.png'), png()], expect: 'ok' },
	],
	spark_t2i_3_0: [
		{ name: 'prompt only', expect: 'ok', sends: { prompt: 'a cat', width: undefined } },
		{ name: 'empty prompt', prompt: '', expect: '003001001' },
		{ name: '800 characters (code points)', prompt: chars(800), expect: 'ok' },
		{ name: '801 characters', prompt: chars(801), expect: '003001002' },
		{ name: 'recommended 3024x1296 passes', options: { width: 3024, height: 1296 }, expect: 'ok', sends: { width: 3024, height: 1296 } },
		{ name: 'area minimum 512x512', options: { width: 512, height: 512 }, expect: 'ok' },
		{ name: 'area maximum 2048x2048', options: { width: 2048, height: 2048 }, expect: 'ok' },
		{ name: 'aspect exactly 3:1', options: { width: 1536, height: 512 }, expect: 'ok' },
		{ name: 'aspect exactly 1:3', options: { width: 512, height: 1536 }, expect: 'ok' },
		{ name: 'default side sent with its partner', options: { width: 1600, height: 1328 }, expect: 'ok', sends: { width: 1600, height: 1328 } },
		{ name: 'width only', options: { width: 1024 }, expect: '003001007' },
		{ name: 'height only', options: { height: 1024 }, expect: '003001007' },
		{ name: 'area below 512x512', options: { width: 511, height: 512 }, expect: '003001005' },
		{ name: 'area above 2048x2048', options: { width: 2049, height: 2048 }, expect: '003001005' },
		{ name: 'aspect above 3:1', options: { width: 1537, height: 512 }, expect: '003001006' },
		{ name: 'fractional width', options: { width: 1000.5, height: 1000 }, expect: '003001008' },
		{ name: 'seed -1 not sent', options: { seed: -1 }, expect: 'ok', sends: { seed: undefined } },
		{ name: 'seed 1', options: { seed: 1 }, expect: 'ok', sends: { seed: 1 } },
		{ name: 'seed 2147483647', options: { seed: 2147483647 }, expect: 'ok', sends: { seed: 2147483647 } },
		{ name: 'seed 0', options: { seed: 0 }, expect: '003001004' },
		{ name: 'seed -2', options: { seed: -2 }, expect: '003001004' },
		{ name: 'seed 1.5', options: { seed: 1.5 }, expect: '003001004' },
		{ name: 'pre-LLM off', options: { usePreLlm: false }, expect: 'ok', sends: { use_pre_llm: false } },
		{ name: 'pre-LLM not boolean', options: { usePreLlm: 'yes' }, expect: '003001003' },
	],
	spark_i2i_3_0: [
		{ name: 'one PNG', images: [png(1000, 1000)], expect: 'ok' },
		{ name: 'no image', images: [], expect: '003003003' },
		{ name: 'two images', images: [png(), png()], expect: '003003004' },
		{ name: 'one URL', images: [hosted('/a.jpg')], expect: 'ok', sends: { image_urls: [hosted('/a.jpg')] } },
		{ name: 'WebP refused', images: [webpHeader(100, 100)], expect: '003003009' },
		{ name: 'side 4096', images: [jpg(4096, 1366)], expect: 'ok' },
		{ name: 'side 4097', images: [jpg(4097, 1400)], expect: '003003009' },
		{ name: 'aspect exactly 3', images: [png(3000, 1000)], expect: 'ok' },
		{ name: 'aspect above 3', images: [png(3001, 1000)], expect: '003003009' },
		{ name: '4.7 MB', images: [png(100, 100, Math.floor(4.7 * MB))], expect: 'ok' },
		{ name: '4.7 MB + 1 byte', images: [png(100, 100, Math.floor(4.7 * MB) + 1)], expect: '003003009' },
		{ name: 'scale 0', images: [png()], options: { scale: 0 }, expect: 'ok', sends: { scale: 0 } },
		{ name: 'scale 1', images: [png()], options: { scale: 1 }, expect: 'ok', sends: { scale: 1 } },
		{ name: 'scale 1.01', images: [png()], options: { scale: 1.01 }, expect: '003003006' },
		{ name: 'scale -0.1', images: [png()], options: { scale: -0.1 }, expect: '003003006' },
		{ name: 'width/height 512', images: [png()], options: { width: 512, height: 512 }, expect: 'ok' },
		{ name: 'width/height 2016', images: [png()], options: { width: 2016, height: 2016 }, expect: 'ok' },
		{ name: 'width 511', images: [png()], options: { width: 511, height: 1024 }, expect: '003003007' },
		{ name: 'height 2017', images: [png()], options: { width: 1024, height: 2017 }, expect: '003003007' },
		{ name: 'width only', images: [png()], options: { width: 1024 }, expect: '003003007' },
		{ name: 'seed 0', images: [png()], options: { seed: 0 }, expect: '003003005' },
		{ name: 'prompt 801 characters', images: [png()], prompt: chars(801), expect: '003003002' },
		{ name: 'prompt empty', images: [png()], prompt: '', expect: '003003001' },
	],
	spark_dreamo: [
		{ name: 'one JPEG', images: [jpg()], expect: 'ok' },
		{ name: 'no image', images: [], expect: '003011002' },
		{ name: 'two images', images: [jpg(), jpg()], expect: '003011004' },
		{ name: 'GIF refused', images: [gifHeader(100, 100)], expect: '003011004' },
		{ name: 'side 4097', images: [jpg(4097, 100)], expect: '003011004' },
		{ name: '4.7 MB + 1 byte', images: [jpg(100, 100, Math.floor(4.7 * MB) + 1)], expect: '003011004' },
		{ name: 'width 512 / height 2048', images: [jpg()], options: { width: 512, height: 2048 }, expect: 'ok', sends: { width: 512, height: 2048 } },
		{ name: 'width 2049 (API.md)', images: [jpg()], options: { width: 2049 }, expect: '003011004' },
		{ name: 'height 511', images: [jpg()], options: { height: 511 }, expect: '003011004' },
		{ name: 'seed -3', images: [jpg()], options: { seed: -3 }, expect: '003011004' },
		{ name: 'rephraser off', images: [jpg()], options: { useRephraser: false }, expect: 'ok', sends: { use_rephraser: false } },
		{ name: 'empty prompt', images: [jpg()], prompt: '', expect: '003011001' },
	],
	spark_multi_dreamo: [
		{ name: 'one image', images: [jpg()], expect: 'ok', sends: { ref_type_list: undefined } },
		{ name: 'no image', images: [], expect: '003013002' },
		{ name: 'five images', images: times(5, () => jpg()), expect: 'ok' },
		{ name: 'six images', images: times(6, () => jpg()), expect: '003013004' },
		{ name: 'URL and upload mixed', images: [hosted('/a.jpg'), jpg()], expect: '003013004' },
		{
			name: 'reference types, one per image',
			images: [{ bytes: jpg(), refType: 'IP' }, { bytes: jpg(), refType: 'STYLE' }, { bytes: jpg(), refType: 'AUTO' }],
			expect: 'ok',
			sends: { ref_type_list: ['IP', 'STYLE', 'AUTO'] },
		},
		{ name: 'unknown reference type', images: [{ bytes: jpg(), refType: 'FACE' }], expect: '003013004' },
		{ name: 'guidance 1 and 7', images: [jpg()], options: { guidanceScale1: 1, guidanceScale2: 7 }, expect: 'ok', sends: { guidance_scale1: 1, guidance_scale2: 7 } },
		{ name: 'guidance 0.9', images: [jpg()], options: { guidanceScale1: 0.9 }, expect: '003013004' },
		{ name: 'guidance 7.1', images: [jpg()], options: { guidanceScale2: 7.1 }, expect: '003013004' },
		{ name: 'steps 1 and 50', images: [jpg()], options: { ddimSteps: 50 }, expect: 'ok', sends: { ddim_steps: 50 } },
		{ name: 'steps 0', images: [jpg()], options: { ddimSteps: 0 }, expect: '003013004' },
		{ name: 'steps 51', images: [jpg()], options: { ddimSteps: 51 }, expect: '003013004' },
		{ name: 'rephraser level fine', images: [jpg()], options: { rephraserLevel: 'fine' }, expect: 'ok', sends: { rephraser_level: 'fine' } },
		{ name: 'rephraser level ultra', images: [jpg()], options: { rephraserLevel: 'ultra' }, expect: '003013004' },
		{ name: 'swap face on', images: [jpg()], options: { swapFace: true }, expect: 'ok', sends: { swap_face: true } },
		{ name: 'width 2048', images: [jpg()], options: { width: 2048 }, expect: 'ok', sends: { width: 2048 } },
		{ name: 'width 2049', images: [jpg()], options: { width: 2049 }, expect: '003013004' },
		{ name: 'PNG over 4.7 MB', images: [png(100, 100, Math.floor(4.7 * MB) + 1)], expect: '003013004' },
		{ name: 'empty prompt', images: [jpg()], prompt: '', expect: '003013001' },
	],
};

const gateway = useFakeGateway(32);
let imageHost: ScriptedServer;
beforeAll(async () => {
	imageHost = await ScriptedServer.start();
	imageHost.on('/a.png', file(png(), { type: 'image/png' })).on('/a.jpg', file(jpg(), { type: 'image/jpeg' }));
});
afterAll(() => imageHost.close());

function resolveHosted<T>(value: T): T {
	if (typeof value === 'string' && value.startsWith('hosted:')) return imageHost.url(value.slice('hosted:'.length)) as T;
	return Array.isArray(value) ? (value.map(resolveHosted) as T) : value;
}

function getPath(target: unknown, key: string): unknown {
	return (target as Record<string, unknown> | undefined)?.[key];
}

for (const [model, cases] of Object.entries(CASES)) {
	describe(`${model} rules`, () => {
		for (const testCase of cases) {
			it(`${testCase.name} → ${testCase.expect ?? 'rejected without a page code'}`, async () => {
				const { items, referenceImages } = referenceInputs(resolveHosted(testCase.images ?? []));
				const result = await runVtrix({
					parameters: {
						operation: 'submit',
						model,
						prompt: testCase.prompt ?? 'a cat',
						referenceImages,
						options: testCase.options ?? {},
					},
					items,
					credentials: { baseUrl: gateway().baseUrl },
					continueOnFail: true,
				});
				const json = result.items[0].json;
				if (testCase.expect === 'ok') {
					expect(json.error, String(json.error)).toBeUndefined();
					expect(gateway().submits()).toHaveLength(1);
					const params = getPath((gateway().submits()[0].body as { input: unknown[] }).input[0], 'params') as IDataObject;
					for (const [key, value] of Object.entries(testCase.sends ?? {})) {
						expect(params[key], key).toEqual(resolveHosted(value));
					}
				} else {
					expect(json.code).toBe(testCase.expect);
					expect(json.taskId).toBeNull();
					if (testCase.expect) expect(String(json.error)).toMatch(new RegExp(`^${testCase.expect} `));
					expect(gateway().requests).toHaveLength(0);
				}
			});
		}
	});
}
