import type { INodeProperties } from 'n8n-workflow';

import { MODELS } from '../models';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_SECONDS, MAX_CONCURRENCY, MAX_TIMEOUT_SECONDS } from '../execute/settings';

/**
 * Model options, each shown only for the models that declare it. Declarations that are
 * identical across models (Seed, Use Rephraser) appear once, shown for all of them.
 */
function modelOptions(): INodeProperties[] {
	const merged = new Map<string, { property: INodeProperties; models: string[] }>();
	for (const model of MODELS) {
		for (const option of model.options) {
			const key = `${option.name}:${JSON.stringify(option.property)}`;
			const entry = merged.get(key) ?? { property: { ...option.property, name: option.name } as INodeProperties, models: [] };
			entry.models.push(model.id);
			merged.set(key, entry);
		}
	}
	return [...merged.values()].map(({ property, models }) => ({
		...property,
		displayOptions: { show: { '/operation': ['generate', 'submit'], '/model': models } },
	}));
}

const outputOptions: INodeProperties[] = [
	{
		displayName: 'Put Output in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'The binary property each output item holds its image in',
		displayOptions: { show: { '/operation': ['generate', 'getResult'] } },
	},
	{
		displayName: 'Download Images',
		name: 'downloadImages',
		type: 'boolean',
		default: true,
		description: 'Whether to download the images into binary data. Off: output the URLs only (they expire after 24 hours).',
		displayOptions: { show: { '/operation': ['generate', 'getResult'] } },
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		default: DEFAULT_TIMEOUT_SECONDS,
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
		description: `How long to wait for a task before failing with its ID (recover it with Get Result). Max ${MAX_TIMEOUT_SECONDS}. Default: ${DEFAULT_TIMEOUT_SECONDS}.`,
	},
	{
		displayName: 'Check Reference Image URLs',
		name: 'checkReferenceUrls',
		type: 'boolean',
		default: true,
		description:
			'Whether to read the first bytes of each reference image URL before submitting, so that a URL that answers no image, or one this model does not accept, fails before anything is bought. Turn off for URLs only the gateway can reach (a private network). Default: true.',
		displayOptions: { show: { '/operation': ['generate', 'submit'], '/model': MODELS.filter((model) => model.referenceImages).map((model) => model.id) } },
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		default: DEFAULT_CONCURRENCY,
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		description: `How many items run at once. Output keeps the input order. Range: 1 to ${MAX_CONCURRENCY}. Default: ${DEFAULT_CONCURRENCY}.`,
	},
];

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [...modelOptions(), ...outputOptions].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};
