import type { ModelOption } from './types';

/** Option declarations several pages share word for word. */

export const seedOption: ModelOption = {
	name: 'seed',
	field: ['seed'],
	property: {
		displayName: 'Seed',
		type: 'number',
		default: -1,
		description:
			'Starting point of the diffusion. -1 picks a random seed; the same positive integer with the same other parameters gives very similar images. Allowed: -1 or a positive integer. Default: -1 (random).',
	},
};

export const useRephraserOption: ModelOption = {
	name: 'useRephraser',
	field: ['use_rephraser'],
	property: {
		displayName: 'Use Rephraser',
		type: 'boolean',
		default: true,
		description:
			'Whether to rephrase the prompt to improve results. Recommended on; turn off for very long prompts, to keep the wording exactly, or to save time. Default: true.',
	},
};

/** Width and height travel together: when one is sent the other is sent too, even at its default. */
export function sizeOptions(spec: { min?: number; max?: number; defaultSide: number; rule: string }): ModelOption[] {
	const side = (name: 'width' | 'height', other: 'width' | 'height'): ModelOption => ({
		name,
		field: [name],
		sendWith: [other],
		property: {
			displayName: name === 'width' ? 'Width' : 'Height',
			type: 'number',
			default: spec.defaultSide,
			typeOptions: { minValue: spec.min, maxValue: spec.max, numberPrecision: 0 },
			description: `${name === 'width' ? 'Width' : 'Height'} of the generated image in px. ${spec.rule} Default: ${spec.defaultSide}.`,
		},
	});
	return [side('width', 'height'), side('height', 'width')];
}
