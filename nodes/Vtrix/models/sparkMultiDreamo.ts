import { requestSchema } from '../validation/requestSchema';
import { booleanRule, choiceRule, integerRule, numberRule, promptRule, seedRule } from '../validation/rules';
import { dreamoPromptAdvice, DREAMO_RECOMMENDED_ASPECT } from './dreamoFamily';
import { seedOption, sizeOptions, useRephraserOption } from './sharedOptions';
import type { ModelDeclaration } from './types';
import { JPEG_PNG_UPLOADS } from './uploadLimits';

const REF_TYPES = ['AUTO', 'IP', 'ID', 'STYLE'] as const;

function guidanceOption(name: 'guidanceScale1' | 'guidanceScale2', follows: string) {
	return {
		name,
		field: [name === 'guidanceScale1' ? 'guidance_scale1' : 'guidance_scale2'],
		property: {
			displayName: name === 'guidanceScale1' ? 'Guidance Scale 1 (Text)' : 'Guidance Scale 2 (Image)',
			type: 'number' as const,
			default: 2.5,
			typeOptions: { minValue: 1, maxValue: 7, numberPrecision: 1 },
			description: `How closely the result follows ${follows}. Range: 1.0 to 7.0. Default: 2.5.`,
		},
	};
}

/** Spark DreamO, multi IP: up to five references, each used as subject, face or style (seeds/001). */
export const sparkMultiDreamo: ModelDeclaration = {
	id: 'spark_multi_dreamo',
	displayName: 'Spark DreamO Multi IP',
	description: 'Combine 1-5 reference images, each used for its subject (IP), face (ID) or style',
	errorCodes: {
		'003013001': 'Missing prompt',
		'003013002': 'Missing image',
		'003013003': 'Invalid prompt length',
		'003013004': 'Invalid parameter',
		'003013095': 'Internal generation error',
		'003013096': 'Result parsing error',
		'003013097': 'HTTP error response',
		'003013098': 'Status check error',
		'003013099': 'Service unavailable',
	},
	referenceImages: {
		transport: 'urlsOrBase64',
		refTypes: true,
		hint: '1 to 5 images, all URLs or all uploads, each with a Reference Type: JPEG or PNG, at most 4.7 MB and 4096 px a side (16:9 to 9:16 recommended).',
	},
	options: [
		guidanceOption('guidanceScale1', 'the prompt (higher: closer to the text, further from the images)'),
		guidanceOption('guidanceScale2', 'the reference images (higher: closer to the images, further from the text)'),
		{
			name: 'ddimSteps',
			field: ['ddim_steps'],
			property: {
				displayName: 'Steps',
				type: 'number',
				default: 12,
				typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
				description: 'Number of generation steps. Range: 1 to 50. Default: 12.',
			},
		},
		{
			name: 'swapFace',
			field: ['swap_face'],
			property: {
				displayName: 'Swap Face (Face ID Enhancement)',
				type: 'boolean',
				default: false,
				description:
					'Whether to enhance facial consistency. Faces match better, but expression and make-up edits may suffer and it takes longer. Default: false.',
			},
		},
		useRephraserOption,
		{
			name: 'rephraserLevel',
			field: ['rephraser_level'],
			property: {
				displayName: 'Rephraser Level',
				type: 'options',
				default: 'general',
				options: [
					{ name: 'General', value: 'general' },
					{ name: 'Fine', value: 'fine', description: 'Finer rewriting: better understanding of references, slower' },
					{ name: 'Coarse', value: 'coarse' },
				],
				description: 'How finely the prompt is rewritten. Finer is slower and not always better. Default: general.',
			},
		},
		seedOption,
		...sizeOptions({ min: 512, max: 2048, defaultSide: 1328, rule: 'Range: 512 to 2048. Recommended: 1328×1328, 1472×1104, 1584×1056, 1664×936, 2016×864.' }),
	],
	schema: requestSchema({
		prompt: promptRule({ missing: '003013001' }),
		options: {
			guidanceScale1: numberRule('003013004', { min: 1, max: 7 }),
			guidanceScale2: numberRule('003013004', { min: 1, max: 7 }),
			ddimSteps: integerRule('003013004', { min: 1, max: 50 }),
			swapFace: booleanRule('003013004'),
			useRephraser: booleanRule('003013004'),
			rephraserLevel: choiceRule('003013004', ['general', 'fine', 'coarse']),
			seed: seedRule('003013004'),
			width: integerRule('003013004', { min: 512, max: 2048 }),
			height: integerRule('003013004', { min: 512, max: 2048 }),
		},
		images: {
			min: 1,
			max: 5,
			...JPEG_PNG_UPLOADS,
			recommendedMaxAspect: DREAMO_RECOMMENDED_ASPECT,
			codes: { missing: '003013002', count: '003013004', format: '003013004', size: '003013004', mixedSources: '003013004' },
		},
		crossChecks: ({ images }, report) => {
			images.forEach((image, index) => {
				if (!(REF_TYPES as readonly string[]).includes(image.refType)) {
					report(['images', index], '003013004', `has Reference Type ${JSON.stringify(image.refType)}; it must be one of ${REF_TYPES.join(', ')}`);
				}
			});
		},
		advice: dreamoPromptAdvice,
	}),
};
