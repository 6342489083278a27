import { requestSchema } from '../validation/requestSchema';
import { booleanRule, characterCount, positiveIntegerRule, promptRule, seedRule } from '../validation/rules';
import { seedOption, sizeOptions } from './sharedOptions';
import type { ModelDeclaration } from './types';

const MIN_PIXELS = 512 * 512;
const MAX_PIXELS = 2048 * 2048;

/** Spark text-to-image 3.0 (seeds/003). */
export const sparkT2i30: ModelDeclaration = {
	id: 'spark_t2i_3_0',
	displayName: 'Spark Text-to-Image 3.0',
	description: 'Text to image with optional prompt expansion, seed and custom width/height',
	errorCodes: {
		'003001001': 'Missing prompt',
		'003001002': 'Invalid prompt length (1-800 characters)',
		'003001003': 'Invalid use_pre_llm parameter',
		'003001004': 'Invalid seed parameter (must be -1 or positive integer)',
		'003001005': 'Invalid size parameter',
		'003001006': 'Invalid aspect ratio (must be between 1:3 and 3:1)',
		'003001007': 'Width and height must both be provided',
		'003001008': 'Width and height must be integers',
		'003001009': 'Width and height must be in 512-2048 range',
		'003001095': 'Internal generation error',
		'003001096': 'Result parsing error',
		'003001097': 'HTTP error response',
		'003001098': 'Status check error',
		'003001099': 'Task creation error',
	},
	options: [
		{
			name: 'usePreLlm',
			field: ['use_pre_llm'],
			property: {
				displayName: 'Use Pre-LLM (Prompt Expansion)',
				type: 'boolean',
				default: true,
				description:
					'Whether to expand and optimise the prompt before generating. Recommended for short prompts, off for long ones. Default: true.',
			},
		},
		seedOption,
		...sizeOptions({
			defaultSide: 1328,
			rule: 'Give Width and Height together. Total pixels from 512×512 to 2048×2048 and aspect ratio from 1:3 to 3:1. Recommended: 1328×1328, 1472×1104, 1584×1056, 1664×936, 2016×864; 2K: 2048×2048, 2304×1728, 2496×1664, 2560×1440, 3024×1296.',
		}),
	],
	schema: requestSchema({
		prompt: promptRule({ missing: '003001001', length: '003001002' }, 800),
		options: {
			usePreLlm: booleanRule('003001003'),
			seed: seedRule('003001004'),
			width: positiveIntegerRule('003001008'),
			height: positiveIntegerRule('003001008'),
		},
		crossChecks: ({ options }, report) => {
			const width = options.width as number | undefined;
			const height = options.height as number | undefined;
			if (width === undefined && height === undefined) return;
			if (width === undefined || height === undefined) {
				report(['options', width === undefined ? 'width' : 'height'], '003001007', 'must be given together with the other side (both or neither)');
				return;
			}
			const pixels = width * height;
			if (pixels < MIN_PIXELS || pixels > MAX_PIXELS) {
				report([], '003001005', `Width × Height (width, height) ${width}x${height} is ${pixels} px; total pixels must be from ${MIN_PIXELS} (512x512) to ${MAX_PIXELS} (2048x2048)`);
			} else if (Math.max(width, height) / Math.min(width, height) > 3) {
				report([], '003001006', `Width × Height (width, height) ${width}x${height} has aspect ratio ${(width / height).toFixed(2)}; it must be from 1:3 to 3:1`);
			}
		},
		advice: ({ prompt }) =>
			characterCount(prompt) > 120
				? [`Prompt is ${characterCount(prompt)} characters; the model page recommends at most 120 (800 is the hard limit).`]
				: [],
	}),
};
