import { z } from 'zod';

import { MEGABYTE } from '../validation/imageRules';
import { reportIssue } from '../validation/issues';
import { requestSchema } from '../validation/requestSchema';
import { booleanRule, choiceRule, integerRule, promptRule } from '../validation/rules';
import type { ModelDeclaration } from './types';

const MIN_PIXELS = 1280 * 720;
const MAX_PIXELS = 4096 * 4096;
const MAX_TOTAL_IMAGES = 15;

const PRESETS = [
	{ name: '2048x2048 (1:1)', value: '2048x2048' },
	{ name: '2304x1728 (4:3)', value: '2304x1728' },
	{ name: '1728x2304 (3:4)', value: '1728x2304' },
	{ name: '2560x1440 (16:9)', value: '2560x1440' },
	{ name: '1440x2560 (9:16)', value: '1440x2560' },
	{ name: '2496x1664 (3:2)', value: '2496x1664' },
	{ name: '1664x2496 (2:3)', value: '1664x2496' },
	{ name: '3024x1296 (21:9)', value: '3024x1296' },
];

/** `1K`/`2K`/`4K`, or `WxH` within the page's area and aspect-ratio ranges. */
const sizeRule = z.unknown().transform((value, ctx) => {
	const text = typeof value === 'string' ? value.trim() : '';
	if (/^[124]k$/i.test(text)) return text.toUpperCase();
	const match = /^(\d+)\s*[x×*]\s*(\d+)$/i.exec(text);
	if (!match) {
		reportIssue(ctx, '003012011', `must be 1K, 2K, 4K or WIDTHxHEIGHT (e.g. 1600x600), got ${JSON.stringify(value)}`);
		return z.NEVER;
	}
	const [width, height] = [Number(match[1]), Number(match[2])];
	const pixels = width * height;
	const size = `${width}x${height}`;
	if (pixels < MIN_PIXELS || pixels > MAX_PIXELS) {
		const side = pixels < MIN_PIXELS ? `below ${MIN_PIXELS} (1280x720)` : `above ${MAX_PIXELS} (4096x4096)`;
		reportIssue(ctx, '003012011', `${size} is ${pixels} px, ${side}`);
		return z.NEVER;
	}
	if (width / height > 16 || height / width > 16) {
		reportIssue(ctx, '003012011', `${size} has aspect ratio ${(width / height).toFixed(3)}, outside 1/16 to 16`);
		return z.NEVER;
	}
	return size;
});

function cjkCount(text: string): number {
	return (text.match(/[\u3400-\u9fff\uf900-\ufaff]/gu) ?? []).length;
}

function wordCount(text: string): number {
	return (text.match(/[A-Za-z0-9'’-]+/g) ?? []).length;
}

/** Spark Dream 4.0 (seeds/000). */
export const sparkDream40: ModelDeclaration = {
	id: 'spark_dream_4_0',
	displayName: 'Spark Dream 4.0',
	description: 'Text to image and multi-reference editing up to 4K, with image groups of up to 15 related images',
	errorCodes: {
		'003012001': 'Model missing',
		'003012002': 'Prompt missing',
		'003012003': 'Invalid prompt length',
		'003012004': 'Invalid image format',
		'003012005': 'Invalid image size',
		'003012007': 'Invalid sequential generation mode',
		'003012009': 'Invalid response format',
		'003012010': 'Too many images',
		'003012011': 'Invalid size parameter',
		'003012012': 'Invalid prompt optimization mode',
		'003012095': 'Internal generation error',
		'003012096': 'Result parsing error',
		'003012097': 'HTTP error response',
		'003012099': 'Service unavailable',
	},
	referenceImages: {
		transport: 'image',
		refTypes: false,
		hint: 'Optional, up to 14 (references + generated images ≤ 15): JPEG, PNG, WebP, BMP, TIFF or GIF, at most 10 MB, sides over 14 px, at most 36,000,000 px, aspect ratio 1/16 to 16.',
	},
	options: [
		{
			name: 'size',
			field: ['size'],
			property: {
				displayName: 'Size',
				type: 'options',
				default: '2048x2048',
				options: [
					{ name: '1K (Describe the Shape in the Prompt)', value: '1K' },
					{ name: '2K (Describe the Shape in the Prompt)', value: '2K' },
					{ name: '4K (Describe the Shape in the Prompt)', value: '4K' },
					...PRESETS,
				],
				description:
					'A resolution (1K, 2K, 4K; say the aspect ratio in the prompt) or exact pixels. For a custom size switch to Expression and enter WIDTHxHEIGHT: total pixels from 1280×720 (921,600) to 4096×4096 (16,777,216), aspect ratio 1/16 to 16, e.g. 1600x600. Default: 2048x2048.',
			},
		},
		{
			name: 'sequentialImageGeneration',
			field: ['sequential_image_generation'],
			property: {
				displayName: 'Sequential Image Generation (Image Group)',
				type: 'options',
				default: 'disabled',
				options: [
					{ name: 'Disabled', value: 'disabled', description: 'Generate one image' },
					{ name: 'Auto', value: 'auto', description: 'The model decides whether to return a group of related images, and how many' },
				],
				description: 'Whether the model may return a group of related images. Default: disabled.',
			},
		},
		{
			name: 'maxImages',
			field: ['sequential_image_generation_options', 'max_images'],
			property: {
				displayName: 'Max Images',
				type: 'number',
				default: 15,
				typeOptions: { minValue: 1, maxValue: 15, numberPrecision: 0 },
				description:
					'Most images in a group (only with Sequential Image Generation: Auto). Reference images + generated images ≤ 15. Range: 1 to 15. Default: 15.',
			},
		},
		{
			name: 'responseFormat',
			field: ['response_format'],
			property: {
				displayName: 'Response Format',
				type: 'options',
				default: 'url',
				options: [
					{ name: 'URL', value: 'url', description: 'Download links, valid for 24 hours' },
					{ name: 'Base64 JSON', value: 'b64_json', description: 'Image bytes inside the task answer' },
				],
				description: 'How the gateway returns the images; the node downloads or decodes them either way. Default: url.',
			},
		},
		{
			name: 'watermark',
			field: ['watermark'],
			property: {
				displayName: 'Watermark',
				type: 'boolean',
				default: true,
				description: 'Whether to add an "AI Generated" watermark in the bottom right corner. Default: true.',
			},
		},
		{
			name: 'optimizePromptMode',
			field: ['optimize_prompt_options', 'mode'],
			property: {
				displayName: 'Prompt Optimization Mode',
				type: 'options',
				default: 'standard',
				options: [
					{ name: 'Standard', value: 'standard', description: 'Higher quality, slower' },
					{ name: 'Fast', value: 'fast', description: 'Faster, general quality' },
				],
				description: 'How the prompt is optimised before generating. Default: standard.',
			},
		},
		{
			name: 'stream',
			field: ['stream'],
			property: {
				displayName: 'Stream',
				type: 'boolean',
				default: false,
				description:
					'Whether the gateway streams each image as soon as it is ready. The node still emits all images when the task completes. Default: false.',
			},
		},
	],
	schema: requestSchema({
		prompt: promptRule({ missing: '003012002' }),
		options: {
			size: sizeRule,
			sequentialImageGeneration: choiceRule('003012007', ['auto', 'disabled']),
			maxImages: integerRule('003012010', { min: 1, max: MAX_TOTAL_IMAGES }),
			stream: booleanRule(),
			responseFormat: choiceRule('003012009', ['url', 'b64_json']),
			watermark: booleanRule(),
			optimizePromptMode: choiceRule('003012012', ['standard', 'fast']),
		},
		images: {
			min: 0,
			max: 14,
			formats: ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'],
			maxBytes: 10 * MEGABYTE,
			minSideExclusive: 14,
			maxPixels: 6000 * 6000,
			maxAspect: 16,
			codes: { missing: '003012010', count: '003012010', format: '003012004', size: '003012005' },
		},
		crossChecks: ({ options, images }, report) => {
			const maxImages = options.maxImages as number | undefined;
			if (options.sequentialImageGeneration === 'auto' && maxImages !== undefined && images.length + maxImages > MAX_TOTAL_IMAGES) {
				report(
					['options', 'maxImages'],
					'003012010',
					`is ${maxImages} with ${images.length} reference image(s); references + generated images must be at most ${MAX_TOTAL_IMAGES}, so at most ${MAX_TOTAL_IMAGES - images.length}`,
				);
			}
		},
		finalise: ({ options }) => {
			if (options.sequentialImageGeneration === 'auto') return options;
			const rest = { ...options };
			delete rest.maxImages;
			return rest;
		},
		advice: ({ prompt, options }) => {
			const warnings: string[] = [];
			if (cjkCount(prompt) > 300 || wordCount(prompt) > 600) {
				warnings.push('Prompt is longer than the recommended 300 Chinese characters or 600 English words: the model may ignore details.');
			}
			if (options.maxImages !== undefined && options.sequentialImageGeneration !== 'auto') {
				warnings.push('Max Images has no effect unless Sequential Image Generation is Auto; it was not sent.');
			}
			return warnings;
		},
	}),
};
