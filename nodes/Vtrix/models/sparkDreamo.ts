import { requestSchema } from '../validation/requestSchema';
import { booleanRule, integerRule, promptRule, seedRule } from '../validation/rules';
import { dreamoPromptAdvice, DREAMO_RECOMMENDED_ASPECT } from './dreamoFamily';
import { seedOption, sizeOptions, useRephraserOption } from './sharedOptions';
import type { ModelDeclaration } from './types';
import { JPEG_PNG_UPLOADS } from './uploadLimits';

/** Spark DreamO, single IP: one reference subject kept while the scene changes (seeds/002). */
export const sparkDreamo: ModelDeclaration = {
	id: 'spark_dreamo',
	displayName: 'Spark DreamO (Single IP)',
	description: 'Keep one subject (person, character, animal, object) from a reference image in a new scene',
	errorCodes: {
		'003011001': 'Missing prompt',
		'003011002': 'Missing image',
		'003011003': 'Invalid prompt length',
		'003011004': 'Invalid parameter',
		'003011095': 'Internal generation error',
		'003011096': 'Result parsing error',
		'003011097': 'HTTP error response',
		'003011098': 'Status check error',
		'003011099': 'Task creation error',
	},
	referenceImages: {
		transport: 'urlsOrBase64',
		refTypes: false,
		hint: 'Exactly one image with a single subject: JPEG or PNG, at most 4.7 MB and 4096 px a side (16:9 to 9:16 recommended).',
	},
	options: [
		seedOption,
		useRephraserOption,
		...sizeOptions({ min: 512, max: 2048, defaultSide: 1328, rule: 'Range: 512 to 2048. Recommended: 1328×1328, 1472×1104, 1584×1056, 1664×936, 2016×864.' }),
	],
	schema: requestSchema({
		prompt: promptRule({ missing: '003011001' }),
		options: {
			seed: seedRule('003011004'),
			useRephraser: booleanRule('003011004'),
			width: integerRule('003011004', { min: 512, max: 2048 }),
			height: integerRule('003011004', { min: 512, max: 2048 }),
		},
		images: {
			min: 1,
			max: 1,
			...JPEG_PNG_UPLOADS,
			recommendedMaxAspect: DREAMO_RECOMMENDED_ASPECT,
			codes: { missing: '003011002', count: '003011004', format: '003011004', size: '003011004' },
		},
		advice: dreamoPromptAdvice,
	}),
};
