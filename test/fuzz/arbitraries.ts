import fc from 'fast-check';

import type { GenerationDraft, ImageFormat, ReferenceImage } from '../../nodes/Vtrix/models/types';
import type { ModelId } from './oracle';

/**
 * Drafts that lean on every limit of the pages: values at, just inside and just outside each
 * bound, in the forms n8n expressions produce (numbers, numeric text, booleans as text) and
 * in forms nobody should send (null, NaN, objects, arrays).
 *
 * Each value comes as a pair: `good` (meant to be inside the page's limits, boundaries
 * included) and `bad` (meant to break them). The oracle, not these labels, decides what is
 * valid; the split only steers the mix: all-good drafts (to exercise acceptance and the body
 * builder), drafts with exactly one bad part (so the first issue's code is pinned down), and
 * wild drafts where every part is either.
 */

interface Pair {
	good: fc.Arbitrary<unknown>;
	bad: fc.Arbitrary<unknown>;
}

const MB = 1024 * 1024;

// One shared block of bytes: images of any size are views into it (validation reads only
// `.length`; the body builder base64-encodes what is accepted, at most 10 MB).
const BYTES = Buffer.alloc(11 * MB);

function bytesOf(length: number): Buffer {
	const view = BYTES.subarray(0, length);
	// Counterexamples print a summary, not megabytes of zeros.
	Object.defineProperty(view, fc.toStringMethod, { value: () => `<${length} bytes>` });
	return view;
}

// ---------------------------------------------------------------------------------------------
// Generic values

/** Values no option should take. */
const junk: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
	null,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	Number.NEGATIVE_INFINITY,
	'',
	'   ',
	'abc',
	'NaN',
	'Infinity',
	'1,5',
	'١٢',
	{},
	{ value: 1 },
	[],
	[1],
	['true'],
	true,
	false,
	'null',
	'undefined',
);

/** A number given as a number or as text an expression could produce. */
function numberForms(n: fc.Arbitrary<number>): fc.Arbitrary<unknown> {
	return fc.oneof(
		{ arbitrary: n, weight: 6 },
		{ arbitrary: n.map((v) => String(v)), weight: 2 },
		{ arbitrary: n.map((v) => ` ${v} `), weight: 1 },
		{ arbitrary: n.map((v) => (Number.isInteger(v) ? `${v}.0` : `${v}0`)), weight: 1 },
		{ arbitrary: n.map((v) => (Number.isSafeInteger(v) && v >= 0 ? `0x${v.toString(16)}` : String(v))), weight: 1 },
		{ arbitrary: n.map((v) => v.toExponential()), weight: 1 },
	);
}

/** Integers around [min, max]: the bounds, one either side, fractions next to them, values inside. */
function integerAround(min: number, max: number): Pair {
	const inside = [min, min + 1, max - 1, max];
	const outside = [min - 2, min - 1, max + 1, max + 2, 0, -1, -0, 1e21].filter((v) => v < min || v > max);
	const fractions = [min - 0.5, min + 0.5, max - 0.5, max + 0.5, min + 1e-9, max - 1e-9, max + 1e-9];
	return {
		good: numberForms(fc.oneof(fc.constantFrom(...inside), fc.integer({ min, max }))),
		bad: fc.oneof(
			{ arbitrary: numberForms(fc.constantFrom(...outside)), weight: 4 },
			{ arbitrary: numberForms(fc.constantFrom(...fractions)), weight: 2 },
			{ arbitrary: numberForms(fc.oneof(fc.integer({ min: -100_000, max: min - 1 }), fc.integer({ min: max + 1, max: 100_000 }))), weight: 1 },
			{ arbitrary: junk, weight: 2 },
		),
	};
}

/** Real numbers around [min, max]. */
function numberAround(min: number, max: number): Pair {
	return {
		good: numberForms(fc.oneof(fc.constantFrom(min, min + 1e-9, (min + max) / 2, max - 1e-9, max), fc.double({ min, max, noNaN: true }))),
		bad: fc.oneof(
			{ arbitrary: numberForms(fc.constantFrom(min - 0.1, min - 1e-9, max + 1e-9, max + 0.1, -1, 1e308)), weight: 4 },
			{ arbitrary: fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY), weight: 1 },
			{ arbitrary: numberForms(fc.oneof(fc.double({ min: min - 10, max: min, maxExcluded: true, noNaN: true }), fc.double({ min: max, minExcluded: true, max: max + 10, noNaN: true }))), weight: 2 },
			{ arbitrary: junk, weight: 2 },
		),
	};
}

const seedValue: Pair = {
	good: numberForms(fc.oneof(fc.constantFrom(-1, 1, 2, 2 ** 31 - 1, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER), fc.integer({ min: 1, max: 2 ** 31 }))),
	bad: fc.oneof(
		{ arbitrary: numberForms(fc.constantFrom(0, -0, -2, -3, -100, 2 ** 53, 2 ** 53 + 2, 1e21)), weight: 4 },
		{ arbitrary: numberForms(fc.constantFrom(1.5, -1.5, 0.5, -0.5, 1 + 1e-9, -1 - 1e-9, -1.0000001)), weight: 2 },
		{ arbitrary: junk, weight: 2 },
	),
};

const booleanValue: Pair = {
	good: fc.constantFrom<unknown>(true, false, 'true', 'false'),
	bad: fc.oneof(fc.constantFrom<unknown>('TRUE', 'False', ' true', 'false ', 'yes', 'no', 1, 0, '1', '0'), junk),
};

function choiceValue(values: readonly string[]): Pair {
	const near = values.flatMap((v) => [v.toUpperCase(), ` ${v}`, `${v} `, v.slice(0, -1)]);
	return { good: fc.constantFrom<unknown>(...values), bad: fc.oneof(fc.constantFrom<unknown>(...near), junk) };
}

// ---------------------------------------------------------------------------------------------
// Prompts

const CHARS = ['a', 'Z', ' ', 'é', '中', '🙂', '👩‍👩‍👧', '𝒳', '\u{1F600}', '\n', '\uD800', 'é'];

/** A string of exactly `n` code points cycling through `pattern` (astral characters included). */
function ofCodePoints(n: number, pattern: readonly string[]): string {
	const points = pattern.flatMap((chunk) => Array.from(chunk));
	let out = '';
	for (let i = 0; i < n; i++) out += points[i % points.length];
	return out;
}

/** `hardLimit`: the page's maximum in code points (spark_t2i_3_0, spark_i2i_3_0), if any. */
function promptValue(hardLimit?: number): Pair {
	const limit = hardLimit ?? 800;
	const pattern = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 4 }).map((p) => (p.join('').trim() === '' ? ['🙂', ...p] : p));
	const sized = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), pattern).map(([n, p]) => ofCodePoints(n, p));
	const emoji = (counts: number[]) => fc.constantFrom(...counts).map((n) => '🙂'.repeat(n)); // UTF-16 length 2n
	const overRecommended = fc.constantFrom(
		'中'.repeat(301), // over spark_dream_4_0's recommended 300 Chinese characters
		'word '.repeat(601), // over its 600 English words
		'x'.repeat(301), // over DreamO's "about 300 characters"
		'y'.repeat(121), // over the 3.0 models' recommended 120
	);
	const short = fc.oneof(
		fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.trim() !== ''),
		fc.constantFrom('a cat', 'A Christmas card with ‘Merry Christmas’ written on it', '一只猫', '🙂', ' a '),
	);
	const missing = fc.oneof(
		fc.constantFrom<unknown>('', ' ', '   ', '\n\t', '\u00a0', '\u3000', '\ufeff', ' '.repeat(limit + 1)),
		fc.constantFrom<unknown>(null, undefined, 42, 0, true, {}, [], ['a cat'], Number.NaN),
	);
	const atLimit = fc.oneof(sized(limit - 3, limit), emoji([limit - 1, limit]), fc.constant(`${' '.repeat(limit - 1)}a`));
	const overLimit = fc.oneof(sized(limit + 1, limit + 3), emoji([limit + 1, limit + 2]), fc.constant(`${' '.repeat(limit)}a`));
	if (hardLimit === undefined) {
		return { good: fc.oneof({ arbitrary: short, weight: 6 }, { arbitrary: atLimit, weight: 1 }, { arbitrary: overLimit, weight: 1 }, { arbitrary: overRecommended, weight: 1 }), bad: missing };
	}
	return {
		good: fc.oneof({ arbitrary: short, weight: 6 }, { arbitrary: atLimit, weight: 2 }, { arbitrary: overRecommended, weight: 1 }),
		bad: fc.oneof(overLimit, missing),
	};
}

// ---------------------------------------------------------------------------------------------
// Images

interface ImageLimits {
	count: { min: number; max: number };
	formats: readonly ImageFormat[];
	maxBytes: number;
	/** Whether URLs and uploads may be mixed. */
	mix: boolean;
	/** [width, height] pairs inside, and outside, the page's side / pixel / aspect limits. */
	goodDims: readonly (readonly [number, number])[];
	badDims: readonly (readonly [number | undefined, number | undefined])[];
	/** A random valid side range. */
	sides: { min: number; max: number };
	refTypes: boolean;
}

const ALL_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'];

const GOOD_URLS = ['https://example.com/cat.png', 'http://img.example.org/a/b.jpeg?x=1', 'HTTPS://EXAMPLE.COM/A.PNG', 'https://例え.jp/猫.png', 'http://127.0.0.1:8080/x'];
const BAD_URLS = ['', 'example.com/cat.png', 'ftp://example.com/cat.png', 'file:///etc/passwd', 'https://', 'javascript:alert(1)', 'not a url', 'https://exa mple.com/x', '//example.com/x.png', 'mailto:a@b.c'];

type Image = Omit<ReferenceImage, 'position'>;

function imagePair(limits: ImageLimits): { good: fc.Arbitrary<Image>; goodRemote: fc.Arbitrary<Image>; goodUpload: fc.Arbitrary<Image>; bad: fc.Arbitrary<Image> } {
	const refTypeGood = limits.refTypes ? fc.constantFrom('AUTO', 'IP', 'ID', 'STYLE') : fc.constant('AUTO');
	const refTypeBad = fc.constantFrom('auto', 'FACE', '', ' IP', 'Style');
	const maxBytes = Math.floor(limits.maxBytes);
	const bytesGood = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 200_000 }), weight: 20 }, { arbitrary: fc.constantFrom(maxBytes - 1, maxBytes), weight: 1 });
	const bytesBad = fc.constantFrom(maxBytes + 1, maxBytes + 2, 10 * MB, 10 * MB + 1, 11 * MB).filter((n) => n > limits.maxBytes);
	const side = fc.integer(limits.sides);
	const dimsGood = fc.oneof(fc.tuple(side, side), fc.constantFrom(...limits.goodDims));
	const upload = (r: fc.Arbitrary<string>, bytes: fc.Arbitrary<number>, dims: fc.Arbitrary<readonly [number | undefined, number | undefined]>, format: fc.Arbitrary<ImageFormat | undefined>) =>
		fc.record({ r, bytes, dims, format }).map(
			({ r: refType, bytes: n, dims: [width, height], format: f }): Image => ({
				label: 'binary property "data"',
				bytes: bytesOf(n),
				format: f,
				width,
				height,
				refType: refType as ReferenceImage['refType'],
			}),
		);
	const remote = (r: fc.Arbitrary<string>, url: fc.Arbitrary<string>) =>
		fc.record({ r, url }).map(({ r: refType, url: u }): Image => ({ label: `URL ${u}`, url: u, refType: refType as ReferenceImage['refType'] }));
	const formatGood = fc.constantFrom(...limits.formats);
	const formatBad = fc.constantFrom<ImageFormat | undefined>(undefined, ...ALL_FORMATS.filter((f) => !limits.formats.includes(f)));
	const goodUpload = upload(refTypeGood, bytesGood, dimsGood, formatGood);
	const goodRemote = remote(refTypeGood, fc.oneof(fc.constantFrom(...GOOD_URLS), fc.webUrl()));
	const bad = fc.oneof(
		upload(refTypeGood, bytesBad, dimsGood, formatGood),
		upload(refTypeGood, bytesGood, fc.constantFrom(...limits.badDims), formatGood),
		upload(refTypeGood, bytesGood, dimsGood, formatBad),
		remote(refTypeGood, fc.constantFrom(...BAD_URLS)),
		...(limits.refTypes ? [upload(refTypeBad, bytesGood, dimsGood, formatGood), remote(refTypeBad, fc.constantFrom(...GOOD_URLS))] : []),
	);
	return { good: fc.oneof(goodUpload, goodRemote), goodUpload, goodRemote, bad };
}

const numbered = (images: Image[]): ReferenceImage[] => images.map((image, index) => ({ ...image, position: index + 1 }));

function imagesValue(limits: ImageLimits): Pair {
	const { min, max } = limits.count;
	const one = imagePair(limits);
	const list = (n: number, image: fc.Arbitrary<Image>) => fc.array(image, { minLength: n, maxLength: n });
	const goodCount = fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
	const good = goodCount.chain((n) => (limits.mix ? list(n, one.good) : fc.oneof(list(n, one.goodUpload), list(n, one.goodRemote))));
	const badCount = fc.constantFrom(...[min - 2, min - 1, max + 1, max + 2, max + 5].filter((n) => n >= 0));
	const bad = fc.oneof(
		badCount.chain((n) => fc.oneof(list(n, one.good), list(n, one.goodUpload), list(n, one.goodRemote))),
		// one bad image among good ones
		fc.tuple(fc.integer({ min: Math.max(min, 1), max }), one.bad, fc.nat()).chain(([n, broken, at]) =>
			list(n - 1, limits.mix ? one.good : broken.url !== undefined ? one.goodRemote : one.goodUpload).map((rest) => {
				rest.splice(at % n, 0, broken);
				return rest;
			}),
		),
		// URLs and uploads together (only bad where the page makes them "one of two")
		...(limits.mix || max < 2
			? []
			: [
					fc.integer({ min: 2, max }).chain((n) =>
						fc.tuple(list(n - 1, one.goodUpload), one.goodRemote, fc.nat()).map(([rest, remote, at]) => {
							rest.splice(at % n, 0, remote);
							return rest;
						}),
					),
				]),
	);
	return { good: good.map(numbered), bad: bad.map(numbered) };
}

// ---------------------------------------------------------------------------------------------
// spark_dream_4_0 size

const dreamSizeValue: Pair = (() => {
	const MIN = 1280 * 720;
	const MAX = 4096 * 4096;
	const wxh = (w: number, h: number) => `${w}x${h}`;
	const good = [
		'1K', '2K', '4K', '2048x2048', '2304x1728', '1728x2304', '2560x1440', '1440x2560', '2496x1664', '1664x2496', '3024x1296',
		'1600x600', '1280x720', '720x1280', '960x960', '4096x4096', '8192x2048', '16384x1024', '1024x16384', '4096x256', '256x4096', '3840x240', '240x3840',
		// other notations of the same values
		'1k', ' 2K ', '4k', '2048 x 2048', '2048×2048', '2048*2048', '2048X2048', '02048x2048',
	];
	const bad = [
		'800x800', '1279x720', '1280x719', '959x960', '4097x4096', '4096x4097', '16385x1024', '4096x255', '255x4096', '3841x240', '3840x239', '240x3841',
		'8K', '0K', '2K2K', '2Kx2K', '1600x600px', '1600x', 'x600', '0x0', '0x5000', '-1280x720', '1280.5x720', '1e3x1e3', '+1600x600', '1600 600', '1600xx600', '１６００x６００', '',
	];
	// width / height just around the area bounds and the 16:1 aspect bound, for random heights.
	const nearArea = fc.tuple(fc.integer({ min: 60, max: 16_000 }), fc.constantFrom(MIN, MAX), fc.integer({ min: -1, max: 1 }), fc.boolean()).map(([h, area, d, swap]) => {
		const w = Math.max(1, Math.ceil(area / h) + d);
		return swap ? wxh(h, w) : wxh(w, h);
	});
	const nearAspect = fc.tuple(fc.integer({ min: 200, max: 1100 }), fc.integer({ min: -1, max: 1 }), fc.boolean()).map(([h, d, swap]) => {
		const w = 16 * h + d;
		return swap ? wxh(h, w) : wxh(w, h);
	});
	return {
		good: fc.oneof({ arbitrary: fc.constantFrom<unknown>(...good), weight: 3 }, nearArea, nearAspect),
		bad: fc.oneof(
			fc.constantFrom<unknown>(...bad),
			nearArea,
			nearAspect,
			fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 })).map(([w, h]) => wxh(w, h)),
			fc.constantFrom<unknown>(null, 2048, 2048 * 2048, {}, ['2K'], true),
		),
	};
})();

/** spark_t2i_3_0 width/height: one value for both, around the area and the 1:3 aspect bounds. */
const t2iSize: Pair = (() => {
	const goodPairs: [number, number][] = [[512, 512], [2048, 2048], [3024, 1296], [2560, 1440], [2496, 1664], [2304, 1728], [1328, 1328], [1536, 512], [3546, 1182], [2049, 2047], [1024, 342]];
	const badPairs: [number, number][] = [[511, 512], [2049, 2048], [1537, 512], [3601, 1200], [3600, 1165], [256, 1024], [255, 1024], [4096, 1024], [7000, 599], [443, 592], [4097, 1024], [0, 1328], [-512, -512]];
	const nearArea = fc.tuple(fc.integer({ min: 300, max: 3500 }), fc.constantFrom(512 * 512, 2048 * 2048), fc.integer({ min: -1, max: 1 })).map(
		([h, area, d]) => [Math.max(1, Math.ceil(area / h) + d), h] as [number, number],
	);
	const nearAspect = fc.tuple(fc.integer({ min: 170, max: 1200 }), fc.integer({ min: -1, max: 1 })).map(([h, d]) => [3 * h + d, h] as [number, number]);
	const asOptions = (pair: fc.Arbitrary<readonly [number, number]>) =>
		fc.tuple(pair, fc.boolean()).chain(([[w, h], swap]) => fc.record({ width: numberForms(fc.constant(swap ? h : w)), height: numberForms(fc.constant(swap ? w : h)) }));
	const side = integerAround(512, 2048);
	return {
		good: fc.oneof({ arbitrary: asOptions(fc.constantFrom(...goodPairs)), weight: 3 }, asOptions(nearArea), asOptions(nearAspect)),
		bad: fc.oneof(
			asOptions(fc.constantFrom(...badPairs)),
			asOptions(nearArea),
			asOptions(nearAspect),
			fc.oneof(side.good, side.bad).map((w) => ({ width: w })),
			fc.oneof(side.good, side.bad).map((h) => ({ height: h })),
			fc.record({ width: side.bad, height: side.good }),
		),
	};
})();

// ---------------------------------------------------------------------------------------------
// Drafts

/** Options of other models that may linger after a model switch: the schema must ignore them. */
const STRAYS: Record<string, unknown> = { seed: 'garbage', size: 'huge', scale: 9, usePreLlm: 'maybe', swapFace: 'x', maxImages: 99 };

interface ModelShape {
	prompt: Pair;
	options: Record<string, Pair>;
	images?: Pair;
	/** Options that travel as one value (spark_t2i_3_0's width with height). */
	joint?: Pair;
}

function draftArb(shape: ModelShape): fc.Arbitrary<GenerationDraft> {
	const names = Object.keys(shape.options);
	const pick = (pair: Pair, bad: boolean) => (bad ? pair.bad : pair.good);
	const noImages = fc.constant([] as ReferenceImage[]);
	// `badAt`: -1 none, 0 prompt, 1 images, 2 joint, 3.. an option; `wild`: each part either.
	const build = (badAt: number, wild: boolean) =>
		(wild
			? fc.array(fc.boolean(), { minLength: names.length + 3, maxLength: names.length + 3 })
			: fc.constant([0, 1, 2, ...names.map((_, i) => i + 3)].map((slot) => slot === badAt))
		).chain((bad) => {
			const options = fc.record(
				Object.fromEntries(names.map((name, i) => [name, pick(shape.options[name], bad[i + 3])])),
				{ requiredKeys: [] },
			);
			// a bad option must actually be present
			const withForced = badAt >= 3 && !wild ? fc.tuple(options, shape.options[names[badAt - 3]].bad).map(([o, v]) => ({ ...o, [names[badAt - 3]]: v })) : options;
			const joint = shape.joint ? pick(shape.joint, bad[2]) : fc.constant({});
			const joinedGood = shape.joint && !bad[2] ? fc.oneof(joint, fc.constant({})) : joint;
			return fc.record({
				prompt: pick(shape.prompt, bad[0]),
				options: fc.tuple(withForced, joinedGood as fc.Arbitrary<Record<string, unknown>>, fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 })).map(
					([own, j, strays]) => ({ ...(strays ? Object.fromEntries(Object.entries(STRAYS).filter(([k]) => !names.includes(k) && !(k in j))) : {}), ...own, ...j }),
				),
				images: shape.images ? pick(shape.images, bad[1]) : noImages,
			}) as fc.Arbitrary<GenerationDraft>;
		});
	const slots = [0, ...(shape.images ? [1] : []), ...(shape.joint ? [2] : []), ...names.map((_, i) => i + 3)];
	return fc.oneof(
		{ arbitrary: build(-1, false), weight: 3 },
		{ arbitrary: fc.constantFrom(...slots).chain((slot) => build(slot, false)), weight: 4 },
		{ arbitrary: build(-1, true), weight: 3 },
	);
}

const DREAMO_IMAGES = {
	formats: ['jpeg', 'png'] as const,
	maxBytes: 4.7 * MB,
	mix: false,
	goodDims: [[4096, 4096], [1920, 1080], [1921, 1080], [1080, 1921], [4096, 100], [1, 1], [0, 0]] as const,
	badDims: [[4097, 4096], [4096, 4097], [5000, 100], [undefined, undefined]] as const,
	sides: { min: 1, max: 4096 },
};

export const DRAFTS: Readonly<Record<ModelId, fc.Arbitrary<GenerationDraft>>> = {
	spark_dream_4_0: draftArb({
		prompt: promptValue(),
		options: {
			size: dreamSizeValue,
			sequentialImageGeneration: choiceValue(['auto', 'disabled']),
			maxImages: integerAround(1, 15),
			stream: booleanValue,
			responseFormat: choiceValue(['url', 'b64_json']),
			watermark: booleanValue,
			optimizePromptMode: choiceValue(['standard', 'fast']),
		},
		images: imagesValue({
			count: { min: 0, max: 14 },
			formats: ALL_FORMATS,
			maxBytes: 10 * MB,
			mix: true,
			goodDims: [[15, 15], [15, 240], [240, 15], [6000, 6000], [36_000, 1000], [1000, 36_000], [24_000, 1500], [16, 256]],
			badDims: [[14, 100], [100, 14], [15, 241], [241, 15], [6000, 6001], [6001, 5999], [24_001, 1500], [1500, 24_001], [0, 0], [-100, 100], [undefined, undefined]],
			sides: { min: 300, max: 4800 },
			refTypes: false,
		}),
	}),
	spark_t2i_3_0: draftArb({
		prompt: promptValue(800),
		options: { usePreLlm: booleanValue, seed: seedValue },
		joint: t2iSize,
	}),
	spark_i2i_3_0: draftArb({
		prompt: promptValue(800),
		options: { seed: seedValue, scale: numberAround(0, 1) },
		joint: (() => {
			const side = integerAround(512, 2016);
			return {
				good: fc.record({ width: side.good, height: side.good }),
				bad: fc.oneof(fc.record({ width: side.bad, height: side.good }), fc.record({ width: side.good, height: side.bad }), side.good.map((w) => ({ width: w })), side.good.map((h) => ({ height: h }))),
			};
		})(),
		images: imagesValue({
			count: { min: 1, max: 1 },
			formats: ['jpeg', 'png'],
			maxBytes: 4.7 * MB,
			mix: false,
			goodDims: [[512, 1536], [1536, 512], [4096, 1366], [1366, 4096], [4096, 4096], [1, 3], [1, 1]],
			badDims: [[512, 1537], [1537, 512], [4096, 1365], [1365, 4096], [4097, 4097], [4097, 2000], [0, 0], [0, 100], [undefined, undefined]],
			sides: { min: 1366, max: 4096 },
			refTypes: false,
		}),
	}),
	spark_dreamo: draftArb({
		prompt: promptValue(),
		options: { seed: seedValue, useRephraser: booleanValue, width: integerAround(512, 2048), height: integerAround(512, 2048) },
		images: imagesValue({ ...DREAMO_IMAGES, count: { min: 1, max: 1 }, refTypes: false }),
	}),
	spark_multi_dreamo: draftArb({
		prompt: promptValue(),
		options: {
			guidanceScale1: numberAround(1, 7),
			guidanceScale2: numberAround(1, 7),
			ddimSteps: integerAround(1, 50),
			swapFace: booleanValue,
			useRephraser: booleanValue,
			rephraserLevel: choiceValue(['general', 'fine', 'coarse']),
			seed: seedValue,
			width: integerAround(512, 2048),
			height: integerAround(512, 2048),
		},
		images: imagesValue({ ...DREAMO_IMAGES, count: { min: 1, max: 5 }, refTypes: true }),
	}),
};
