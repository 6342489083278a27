import type { GenerationDraft } from '../../nodes/Vtrix/models/types';

/**
 * An independent reading of the five model pages (/work/shared/seeds) and of API.md's
 * "Per-model facts … and the rule" section. Nothing here is imported from the node's rule
 * code: the tables below are transcribed from the pages, so a difference between this file
 * and the node is a finding about one of the two.
 *
 * Readings this oracle takes where the pages leave room (each one said out loud):
 * - A prompt that is not a string, or holds only whitespace, is "missing".
 * - Numbers may arrive as text (n8n expressions): a string holding a finite number in plain
 *   decimal notation (sign, digits, a point, an exponent; spaces around) counts as that
 *   number. Hex, binary and octal text ("0x10", "0b11", "0o7") and digit separators
 *   ("1_000") are not numbers, though JavaScript's Number() reads the first three.
 *   Booleans may arrive as the strings 'true' / 'false' (exactly).
 * - Choices are exact, case-sensitive strings from the page's option list.
 * - seed: -1 or a positive integer that a JSON number carries exactly (a safe integer).
 * - spark_dream_4_0 size: 1K/2K/4K (any case, surrounding spaces) or WIDTH×HEIGHT written
 *   with one of the separators the pages themselves use (`x`, `×`, `*`), in digits.
 * - An uploaded image whose header gives no width/height, or a side of 0 px, is no picture
 *   the page's pixel limits can apply to, so it is rejected (as a format problem).
 * - A remote image must be an http(s) URL with a host; the gateway fetches it, so nothing
 *   else about it is known client-side.
 */

export type ModelId = 'spark_dream_4_0' | 'spark_multi_dreamo' | 'spark_dreamo' | 'spark_t2i_3_0' | 'spark_i2i_3_0';

export const MODEL_IDS: readonly ModelId[] = ['spark_dream_4_0', 'spark_t2i_3_0', 'spark_i2i_3_0', 'spark_dreamo', 'spark_multi_dreamo'];

export interface Violation {
	/** The page's code for the broken rule, `null` where the page names none. */
	code: string | null;
	rule: string;
	/** Other codes of the same page that fit the rule equally well (the page is ambiguous). */
	alsoCodes?: readonly string[];
}

const MB = 1024 * 1024;

/** Each page's "Error Codes" table, transcribed. */
export const PAGE_ERROR_CODES: Readonly<Record<ModelId, readonly string[]>> = {
	spark_dream_4_0: [
		'003012001', '003012002', '003012003', '003012004', '003012005', '003012007', '003012009',
		'003012010', '003012011', '003012012', '003012095', '003012096', '003012097', '003012099',
	],
	spark_multi_dreamo: ['003013001', '003013002', '003013003', '003013004', '003013095', '003013096', '003013097', '003013098', '003013099'],
	spark_dreamo: ['003011001', '003011002', '003011003', '003011004', '003011095', '003011096', '003011097', '003011098', '003011099'],
	spark_t2i_3_0: [
		'003001001', '003001002', '003001003', '003001004', '003001005', '003001006', '003001007',
		'003001008', '003001009', '003001095', '003001096', '003001097', '003001098', '003001099',
	],
	spark_i2i_3_0: [
		'003003001', '003003002', '003003003', '003003004', '003003005', '003003006', '003003007',
		'003003008', '003003009', '003003095', '003003096', '003003097', '003003098', '003003099',
	],
};

/** The page's parameters (all but `model`), snake_case; nested objects list their keys. */
export const PAGE_PARAMS: Readonly<Record<ModelId, Readonly<Record<string, readonly string[] | null>>>> = {
	spark_dream_4_0: {
		prompt: null,
		image: null,
		size: null,
		sequential_image_generation: null,
		sequential_image_generation_options: ['max_images'],
		stream: null,
		response_format: null,
		watermark: null,
		optimize_prompt_options: ['mode'],
	},
	spark_multi_dreamo: {
		binary_data_base64: null,
		image_urls: null,
		prompt: null,
		ref_type_list: null,
		guidance_scale1: null,
		guidance_scale2: null,
		ddim_steps: null,
		swap_face: null,
		use_rephraser: null,
		rephraser_level: null,
		seed: null,
		width: null,
		height: null,
	},
	spark_dreamo: { prompt: null, image_urls: null, binary_data_base64: null, seed: null, use_rephraser: null, width: null, height: null },
	spark_t2i_3_0: { prompt: null, use_pre_llm: null, seed: null, width: null, height: null },
	spark_i2i_3_0: { prompt: null, image_urls: null, binary_data_base64: null, seed: null, scale: null, width: null, height: null },
};

type ValueRule =
	| { kind: 'bool' }
	| { kind: 'int'; min: number; max: number }
	| { kind: 'num'; min: number; max: number }
	| { kind: 'choice'; values: readonly string[] }
	| { kind: 'seed' }
	| { kind: 'side' }
	| { kind: 'size' };

interface OptionRule {
	/** Where it travels in `params`. */
	field: readonly string[];
	rule: ValueRule;
	code: string | null;
	alsoCodes?: readonly string[];
}

const seed = (code: string): OptionRule => ({ field: ['seed'], rule: { kind: 'seed' }, code });

/** The options each page takes, keyed by the node's camelCase option name. */
export const PAGE_OPTIONS: Readonly<Record<ModelId, Readonly<Record<string, OptionRule>>>> = {
	spark_dream_4_0: {
		size: { field: ['size'], rule: { kind: 'size' }, code: '003012011' },
		sequentialImageGeneration: { field: ['sequential_image_generation'], rule: { kind: 'choice', values: ['auto', 'disabled'] }, code: '003012007' },
		// The page has no code of its own for max_images out of 1..15; "Too many images" is the nearest.
		maxImages: { field: ['sequential_image_generation_options', 'max_images'], rule: { kind: 'int', min: 1, max: 15 }, code: '003012010' },
		stream: { field: ['stream'], rule: { kind: 'bool' }, code: null },
		responseFormat: { field: ['response_format'], rule: { kind: 'choice', values: ['url', 'b64_json'] }, code: '003012009' },
		watermark: { field: ['watermark'], rule: { kind: 'bool' }, code: null },
		optimizePromptMode: { field: ['optimize_prompt_options', 'mode'], rule: { kind: 'choice', values: ['standard', 'fast'] }, code: '003012012' },
	},
	spark_t2i_3_0: {
		usePreLlm: { field: ['use_pre_llm'], rule: { kind: 'bool' }, code: '003001003' },
		seed: seed('003001004'),
		// "must be integers" (008); a side ≤ 0 or beyond exact integers also fits 005 / 009.
		width: { field: ['width'], rule: { kind: 'side' }, code: '003001008', alsoCodes: ['003001005', '003001009'] },
		height: { field: ['height'], rule: { kind: 'side' }, code: '003001008', alsoCodes: ['003001005', '003001009'] },
	},
	spark_i2i_3_0: {
		seed: seed('003003005'),
		scale: { field: ['scale'], rule: { kind: 'num', min: 0, max: 1 }, code: '003003006' },
		width: { field: ['width'], rule: { kind: 'int', min: 512, max: 2016 }, code: '003003007' },
		height: { field: ['height'], rule: { kind: 'int', min: 512, max: 2016 }, code: '003003007' },
	},
	spark_dreamo: {
		seed: seed('003011004'),
		useRephraser: { field: ['use_rephraser'], rule: { kind: 'bool' }, code: '003011004' },
		width: { field: ['width'], rule: { kind: 'int', min: 512, max: 2048 }, code: '003011004' },
		height: { field: ['height'], rule: { kind: 'int', min: 512, max: 2048 }, code: '003011004' },
	},
	spark_multi_dreamo: {
		guidanceScale1: { field: ['guidance_scale1'], rule: { kind: 'num', min: 1, max: 7 }, code: '003013004' },
		guidanceScale2: { field: ['guidance_scale2'], rule: { kind: 'num', min: 1, max: 7 }, code: '003013004' },
		ddimSteps: { field: ['ddim_steps'], rule: { kind: 'int', min: 1, max: 50 }, code: '003013004' },
		swapFace: { field: ['swap_face'], rule: { kind: 'bool' }, code: '003013004' },
		useRephraser: { field: ['use_rephraser'], rule: { kind: 'bool' }, code: '003013004' },
		rephraserLevel: { field: ['rephraser_level'], rule: { kind: 'choice', values: ['general', 'fine', 'coarse'] }, code: '003013004' },
		seed: seed('003013004'),
		width: { field: ['width'], rule: { kind: 'int', min: 512, max: 2048 }, code: '003013004' },
		height: { field: ['height'], rule: { kind: 'int', min: 512, max: 2048 }, code: '003013004' },
	},
};

interface ImagePage {
	min: number;
	max: number;
	formats: readonly string[];
	maxBytes: number;
	/** "Width and height (px) > 14". */
	sideAbove?: number;
	/** "Maximum 4096 * 4096": each side at most. */
	maxSide?: number;
	maxPixels?: number;
	/** Hard limit on long/short (or width/height both ways). */
	maxAspect?: number;
	/** Whether URLs and uploads may travel in one request. */
	mixAllowed: boolean;
	refTypes: boolean;
	codes: { missing: string; count: string; format: string; size: string; mixed: string; badUrl: string; badUrlAlso?: readonly string[] };
}

export const PAGE_IMAGES: Readonly<Partial<Record<ModelId, ImagePage>>> = {
	spark_dream_4_0: {
		min: 0,
		max: 14,
		formats: ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'],
		maxBytes: 10 * MB,
		sideAbove: 14,
		maxPixels: 6000 * 6000,
		maxAspect: 16,
		mixAllowed: true,
		refTypes: false,
		codes: { missing: '003012010', count: '003012010', format: '003012004', size: '003012005', mixed: '003012004', badUrl: '003012004', badUrlAlso: ['003012005'] },
	},
	spark_multi_dreamo: {
		min: 1,
		max: 5,
		formats: ['jpeg', 'png'],
		maxBytes: 4.7 * MB,
		maxSide: 4096,
		mixAllowed: false,
		refTypes: true,
		codes: { missing: '003013002', count: '003013004', format: '003013004', size: '003013004', mixed: '003013004', badUrl: '003013004', badUrlAlso: ['003013002'] },
	},
	spark_dreamo: {
		min: 1,
		max: 1,
		formats: ['jpeg', 'png'],
		maxBytes: 4.7 * MB,
		maxSide: 4096,
		mixAllowed: false,
		refTypes: false,
		codes: { missing: '003011002', count: '003011004', format: '003011004', size: '003011004', mixed: '003011004', badUrl: '003011004', badUrlAlso: ['003011002'] },
	},
	spark_i2i_3_0: {
		min: 1,
		max: 1,
		formats: ['jpeg', 'png'],
		maxBytes: 4.7 * MB,
		maxSide: 4096,
		maxAspect: 3,
		mixAllowed: false,
		refTypes: false,
		codes: { missing: '003003003', count: '003003004', format: '003003009', size: '003003009', mixed: '003003008', badUrl: '003003009', badUrlAlso: ['003003003'] },
	},
};

const PROMPT_CODES: Readonly<Record<ModelId, { missing: string; tooLong?: string; maxChars?: number }>> = {
	spark_dream_4_0: { missing: '003012002' }, // 300 CJK / 600 words is a recommendation only
	spark_multi_dreamo: { missing: '003013001' }, // "around 300 characters" is a recommendation only
	spark_dreamo: { missing: '003011001' },
	spark_t2i_3_0: { missing: '003001001', tooLong: '003001002', maxChars: 800 },
	spark_i2i_3_0: { missing: '003003001', tooLong: '003003002', maxChars: 800 },
};

const REF_TYPES = ['IP', 'ID', 'STYLE', 'AUTO'];
const MAX_REFS_PLUS_GENERATED = 15;

// ---------------------------------------------------------------------------------------------
// Reading values

function codePoints(text: string): number {
	return Array.from(text).length;
}

function isBlank(text: string): boolean {
	return /^\s*$/.test(text);
}

/** A number, or text n8n would read as one; `undefined` for anything else (NaN, ±Infinity too). */
function numeric(value: unknown, lenient: boolean): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (lenient && typeof value === 'string' && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) {
		const n = Number(value);
		return Number.isFinite(n) ? n : undefined;
	}
	return undefined;
}

function boolean(value: unknown, lenient: boolean): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (lenient && value === 'true') return true;
	if (lenient && value === 'false') return false;
	return undefined;
}

/** spark_dream_4_0 `size`: [width, height] for method 2, 'K' for method 1, undefined if unreadable. */
function readSize(value: unknown, lenient: boolean): { kind: 'preset' } | { kind: 'pixels'; width: number; height: number } | undefined {
	if (typeof value !== 'string') return undefined;
	const text = lenient ? value.trim() : value;
	if (['1K', '2K', '4K'].includes(lenient ? text.toUpperCase() : text)) return { kind: 'preset' };
	const parts = lenient ? text.split(/\s*[xX×*]\s*/) : text.split('x');
	if (parts.length !== 2 || !parts.every((p) => /^[0-9]+$/.test(p))) return undefined;
	return { kind: 'pixels', width: Number(parts[0]), height: Number(parts[1]) };
}

function sizeProblem(value: unknown, lenient: boolean): string | undefined {
	const size = readSize(value, lenient);
	if (!size) return `size ${String(value)} is neither 1K/2K/4K nor WIDTHxHEIGHT`;
	if (size.kind === 'preset') return undefined;
	const { width, height } = size;
	const pixels = width * height;
	if (!(pixels >= 1280 * 720 && pixels <= 4096 * 4096)) return `size ${width}x${height}: total pixels ${pixels} outside [921600, 16777216]`;
	if (!(width * 16 >= height && height * 16 >= width)) return `size ${width}x${height}: aspect ratio outside 1/16..16`;
	return undefined;
}

/** Why `value` breaks `rule`, or undefined when it satisfies it. */
function valueProblem(rule: ValueRule, value: unknown, lenient: boolean): string | undefined {
	switch (rule.kind) {
		case 'bool':
			return boolean(value, lenient) === undefined ? 'must be a boolean' : undefined;
		case 'choice':
			return typeof value === 'string' && rule.values.includes(value) ? undefined : `must be one of ${rule.values.join('/')}`;
		case 'int': {
			const n = numeric(value, lenient);
			return n !== undefined && Number.isInteger(n) && n >= rule.min && n <= rule.max ? undefined : `must be an integer in [${rule.min}, ${rule.max}]`;
		}
		case 'num': {
			const n = numeric(value, lenient);
			return n !== undefined && n >= rule.min && n <= rule.max ? undefined : `must be a number in [${rule.min}, ${rule.max}]`;
		}
		case 'seed': {
			const n = numeric(value, lenient);
			return n !== undefined && Number.isSafeInteger(n) && (n === -1 || n > 0) ? undefined : 'must be -1 or a positive integer';
		}
		case 'side': {
			const n = numeric(value, lenient);
			return n !== undefined && Number.isSafeInteger(n) && n > 0 ? undefined : 'must be a positive integer';
		}
		case 'size':
			return sizeProblem(value, lenient);
	}
}

function isRemoteHttpUrl(text: string): boolean {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return false;
	}
	return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
}

// ---------------------------------------------------------------------------------------------
// The oracle over drafts

/** Every rule of the model's page (and API.md's rulings) that `draft` breaks; [] when it is valid. */
export function violations(modelId: string, draft: GenerationDraft): Violation[] {
	const id = modelId as ModelId;
	const out: Violation[] = [];
	const add = (code: string | null, rule: string, alsoCodes?: readonly string[]) => out.push({ code, rule, alsoCodes });

	// prompt
	const prompt: unknown = draft.prompt;
	const promptPage = PROMPT_CODES[id];
	if (typeof prompt !== 'string' || isBlank(prompt)) {
		add(promptPage.missing, 'prompt is required');
	} else if (promptPage.maxChars !== undefined && codePoints(prompt) > promptPage.maxChars) {
		add(promptPage.tooLong ?? null, `prompt is ${codePoints(prompt)} code points, over ${promptPage.maxChars}`);
	}

	// options, one by one (options the page does not take are ignored: nothing of them is sent)
	const options = PAGE_OPTIONS[id];
	const given = (name: string) => draft.options[name] !== undefined;
	const valid = (name: string) => given(name) && valueProblem(options[name].rule, draft.options[name], true) === undefined;
	for (const [name, rule] of Object.entries(options)) {
		if (!given(name)) continue;
		const problem = valueProblem(rule.rule, draft.options[name], true);
		if (problem) add(rule.code, `${name} ${problem} (got ${describe(draft.options[name])})`, rule.alsoCodes);
	}

	// images
	const images = draft.images;
	const page = PAGE_IMAGES[id];
	if (page) {
		if (images.length < page.min) add(page.codes.missing, `needs at least ${page.min} image(s), got ${images.length}`);
		if (images.length > page.max) add(page.codes.count, `takes at most ${page.max} image(s), got ${images.length}`);
		const remote = images.filter((image) => image.url !== undefined).length;
		if (!page.mixAllowed && remote > 0 && remote < images.length) add(page.codes.mixed, 'image_urls and binary_data_base64 are one of two');
		images.forEach((image, index) => {
			const at = `image ${index + 1}`;
			if (page.refTypes && !REF_TYPES.includes(image.refType)) add(page.codes.format, `${at} ref type ${describe(image.refType)} not in ${REF_TYPES.join('/')}`);
			if (image.url !== undefined) {
				if (!isRemoteHttpUrl(image.url)) add(page.codes.badUrl, `${at} URL ${JSON.stringify(image.url)} is not an http(s) URL`, page.codes.badUrlAlso);
				return;
			}
			const bytes = image.bytes?.length ?? 0;
			if (image.format === undefined || !page.formats.includes(image.format)) add(page.codes.format, `${at} format ${String(image.format)} not in ${page.formats.join('/')}`);
			if (bytes > page.maxBytes) add(page.codes.size, `${at} is ${bytes} bytes, over ${page.maxBytes}`);
			const { width, height } = image;
			if (!width || !height) {
				add(page.codes.format, `${at} has no readable width/height (a 0 px side is no picture)`, [page.codes.size]);
				return;
			}
			const long = Math.max(width, height);
			const short = Math.min(width, height);
			if (page.sideAbove !== undefined && !(short > page.sideAbove)) add(page.codes.size, `${at} ${width}x${height}: sides must be > ${page.sideAbove}`);
			if (page.maxSide !== undefined && long > page.maxSide) add(page.codes.size, `${at} ${width}x${height}: sides must be ≤ ${page.maxSide}`);
			if (page.maxPixels !== undefined && width * height > page.maxPixels) add(page.codes.size, `${at} ${width}x${height}: over ${page.maxPixels} px`);
			if (page.maxAspect !== undefined && !(short > 0 && long <= page.maxAspect * short)) {
				add(page.codes.size, `${at} ${width}x${height}: aspect ratio beyond ${page.maxAspect}`);
			}
		});
	}

	// rules over several values
	if (id === 'spark_dream_4_0') {
		if (valid('sequentialImageGeneration') && draft.options.sequentialImageGeneration === 'auto' && valid('maxImages')) {
			const maxImages = numeric(draft.options.maxImages, true) as number;
			if (images.length + maxImages > MAX_REFS_PLUS_GENERATED) {
				add('003012010', `${images.length} reference(s) + max_images ${maxImages} > ${MAX_REFS_PLUS_GENERATED}`);
			}
		}
	}
	if (id === 'spark_t2i_3_0') {
		if (given('width') !== given('height')) add('003001007', 'width and height must both be provided');
		if (valid('width') && valid('height')) {
			const width = numeric(draft.options.width, true) as number;
			const height = numeric(draft.options.height, true) as number;
			const pixels = width * height;
			if (pixels < 512 * 512 || pixels > 2048 * 2048) add('003001005', `${width}x${height}: total pixels outside [512×512, 2048×2048]`, ['003001009']);
			if (Math.max(width, height) > 3 * Math.min(width, height)) add('003001006', `${width}x${height}: aspect ratio outside 1:3..3:1`);
		}
	}
	if (id === 'spark_i2i_3_0') {
		if (given('width') !== given('height')) add('003003007', 'width and height must both be provided');
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// The oracle over what is sent

/** Plain base64 (no `data:` prefix); only both ends are scanned, bodies may be 13 MB. */
function isBase64(text: string): boolean {
	if (text.length <= 8192) return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);
	return text.length % 4 === 0 && /^[A-Za-z0-9+/]*$/.test(text.slice(0, 4096)) && /^[A-Za-z0-9+/]*={0,2}$/.test(text.slice(-4096));
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPath(params: Record<string, unknown>, path: readonly string[]): unknown {
	let node: unknown = params;
	for (const key of path) node = isObject(node) ? node[key] : undefined;
	return node;
}

/** What is wrong with a submit body's `params` by the page (strict types now: it is JSON on the wire). */
export function bodyProblems(modelId: string, params: Record<string, unknown>, imageCount: number): string[] {
	const id = modelId as ModelId;
	const problems: string[] = [];
	const allowed = PAGE_PARAMS[id];
	for (const [key, value] of Object.entries(params)) {
		if (!(key in allowed)) {
			problems.push(`param ${key} is not on the page`);
			continue;
		}
		const nested = allowed[key];
		if (nested) {
			if (!isObject(value)) problems.push(`param ${key} must be an object`);
			else for (const sub of Object.keys(value)) if (!nested.includes(sub)) problems.push(`param ${key}.${sub} is not on the page`);
		}
		if (value === undefined) problems.push(`param ${key} is present but undefined`);
	}
	if (typeof params.prompt !== 'string' || isBlank(params.prompt)) problems.push('prompt missing from params');
	const promptPage = PROMPT_CODES[id];
	if (typeof params.prompt === 'string' && promptPage.maxChars !== undefined && codePoints(params.prompt) > promptPage.maxChars) problems.push('prompt too long');

	for (const [name, rule] of Object.entries(PAGE_OPTIONS[id])) {
		const value = readPath(params, rule.field);
		if (value === undefined) continue;
		const problem = valueProblem(rule.rule, value, false);
		if (problem) problems.push(`${rule.field.join('.')} ${problem} (sent ${describe(value)}, option ${name})`);
	}

	const page = PAGE_IMAGES[id];
	if (page && id === 'spark_dream_4_0') {
		const image = params.image;
		const list = image === undefined ? [] : Array.isArray(image) ? image : [image];
		if (imageCount === 1 && typeof image !== 'string') problems.push('one image must be sent as a string');
		if (list.length !== imageCount) problems.push(`image holds ${list.length} entries for ${imageCount} images`);
		for (const entry of list) {
			const ok =
				typeof entry === 'string' &&
				(isRemoteHttpUrl(entry) || (/^data:image\/(jpeg|png|webp|bmp|tiff|gif);base64,/.test(entry) && isBase64(entry.slice(entry.indexOf(',') + 1))));
			if (!ok) problems.push(`image entry ${describe(entry).slice(0, 60)} is neither a URL nor a lowercase data URL`);
		}
	} else if (page) {
		const urls = params.image_urls;
		const base64 = params.binary_data_base64;
		if ((urls === undefined) === (base64 === undefined)) problems.push('exactly one of image_urls and binary_data_base64 must be sent');
		const list = (urls ?? base64) as unknown;
		if (!Array.isArray(list) || list.length !== imageCount) problems.push(`images sent do not match the ${imageCount} given`);
		else if (urls !== undefined && !list.every((u) => typeof u === 'string' && isRemoteHttpUrl(u))) problems.push('image_urls holds a non-URL');
		else if (base64 !== undefined && !list.every((b) => typeof b === 'string' && isBase64(b))) problems.push('binary_data_base64 holds something other than plain base64');
		if (params.ref_type_list !== undefined) {
			const refs = params.ref_type_list;
			if (!page.refTypes) problems.push('ref_type_list sent to a model without it');
			else if (!Array.isArray(refs) || refs.length !== imageCount || !refs.every((r) => REF_TYPES.includes(r as string))) {
				problems.push(`ref_type_list ${describe(refs)} must hold one of ${REF_TYPES.join('/')} per image`);
			}
		}
	}

	if (id === 'spark_dream_4_0') {
		const maxImages = readPath(params, ['sequential_image_generation_options', 'max_images']);
		if (maxImages !== undefined && params.sequential_image_generation !== 'auto') problems.push('max_images sent without sequential_image_generation auto');
		if (typeof maxImages === 'number' && maxImages + imageCount > MAX_REFS_PLUS_GENERATED) problems.push('references + max_images > 15');
	}
	if (id === 'spark_t2i_3_0' || id === 'spark_i2i_3_0') {
		if ((params.width === undefined) !== (params.height === undefined)) problems.push('width and height must travel together');
	}
	if (id === 'spark_t2i_3_0' && typeof params.width === 'number' && typeof params.height === 'number') {
		const { width, height } = params as { width: number; height: number };
		if (width * height < 512 * 512 || width * height > 2048 * 2048) problems.push('t2i area out of range');
		if (Math.max(width, height) > 3 * Math.min(width, height)) problems.push('t2i aspect out of range');
	}
	return problems;
}

export function describe(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…(${value.length})` : value);
	if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
	if (typeof value === 'undefined') return 'undefined';
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}
