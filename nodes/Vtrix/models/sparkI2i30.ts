import { requestSchema } from '../validation/requestSchema';
import { characterCount, integerRule, numberRule, promptRule, seedRule } from '../validation/rules';
import { seedOption, sizeOptions } from './sharedOptions';
import type { ModelDeclaration } from './types';
import { JPEG_PNG_UPLOADS } from './uploadLimits';

/** Spark image-to-image 3.0: instruction editing of one image (seeds/004). */
export const sparkI2i30: ModelDeclaration = {
	id: 'spark_i2i_3_0',
	displayName: 'Spark Image-to-Image 3.0',
	description: 'Edit one image by instruction ("change the background to a beach")',
	errorCodes: {
		'003003001': 'Prompt missing',
		'003003002': 'Invalid prompt length',
		'003003003': 'Image missing',
		'003003004': 'Invalid image count',
		'003003005': 'Invalid seed',
		'003003006': 'Invalid scale factor',
		'003003007': 'Invalid dimensions',
		'003003008': 'Image source conflict',
		'003003009': 'Invalid image array',
		'003003095': 'Internal generation error',
		'003003096': 'Result parsing error',
		'003003097': 'HTTP error response',
		'003003098': 'Status check error',
		'003003099': 'Task creation error',
	},
	referenceImages: {
		transport: 'urlsOrBase64',
		refTypes: false,
		hint: 'Exactly one image to edit: JPEG or PNG, at most 4.7 MB and 4096 px a side, long side at most 3 times the short side.',
	},
	options: [
		seedOption,
		{
			name: 'scale',
			field: ['scale'],
			property: {
				displayName: 'Scale',
				type: 'number',
				default: 0.5,
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				description:
					'How strongly the prompt steers the edit: higher follows the text more and the input image less. Range: 0 to 1. Default: 0.5.',
			},
		},
		...sizeOptions({
			min: 512,
			max: 2016,
			defaultSide: 1328,
			rule: 'Give Width and Height together, each from 512 to 2016. The gateway returns the nearest multiple of 16 within 512 to 1536; sides far below 1024 (under 600) may give a black image. Recommended: 1328×1328, 1472×1104, 1584×1056, 1664×936, 2016×864.',
		}),
	],
	schema: requestSchema({
		prompt: promptRule({ missing: '003003001', length: '003003002' }, 800),
		options: {
			seed: seedRule('003003005'),
			scale: numberRule('003003006', { min: 0, max: 1 }),
			width: integerRule('003003007', { min: 512, max: 2016 }),
			height: integerRule('003003007', { min: 512, max: 2016 }),
		},
		images: {
			min: 1,
			max: 1,
			...JPEG_PNG_UPLOADS,
			maxAspect: 3,
			codes: { missing: '003003003', count: '003003004', format: '003003009', size: '003003009', mixedSources: '003003008' },
		},
		crossChecks: ({ options }, report) => {
			if ((options.width === undefined) !== (options.height === undefined)) {
				report(['options', options.width === undefined ? 'width' : 'height'], '003003007', 'must be given together with the other side (both or neither)');
			}
		},
		advice: ({ prompt, options }) => {
			const warnings: string[] = [];
			if (characterCount(prompt) > 120) {
				warnings.push(`Prompt is ${characterCount(prompt)} characters; the model page recommends at most 120 (800 is the hard limit).`);
			}
			const { width, height } = options as { width?: number; height?: number };
			if (width !== undefined && height !== undefined && width < 600 && height < 600) {
				warnings.push(`Width and Height ${width}x${height} are far below 1024: the model page warns the output may be completely black.`);
			}
			return warnings;
		},
	}),
};
