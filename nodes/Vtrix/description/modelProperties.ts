import type { INodeProperties } from 'n8n-workflow';

import { MODELS } from '../models';

const CREATES_TASKS = { operation: ['generate', 'submit'] };

export const modelProperty: INodeProperties = {
	displayName: 'Model',
	name: 'model',
	type: 'options',
	// A literal: saved workflows that never changed the model rely on it (n8n stores no defaults).
	default: 'spark_dream_4_0',
	options: MODELS.map((model) => ({ name: model.displayName, value: model.id, description: model.description })),
	displayOptions: { show: CREATES_TASKS },
};

export const promptProperty: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	required: true,
	default: '',
	typeOptions: { rows: 4 },
	placeholder: 'e.g. A lighthouse on a cliff at sunset, oil painting',
	description: 'What to draw, or for image models what to change. Chinese and English are supported.',
	displayOptions: { show: CREATES_TASKS },
};

const modelsWithImages = MODELS.filter((model) => model.referenceImages);
const modelsWithRefTypes = MODELS.filter((model) => model.referenceImages?.refTypes).map((model) => model.id);

function referenceImagesProperty(): INodeProperties {
	const hints = modelsWithImages.map((model) => `${model.displayName}: ${model.referenceImages?.hint}`).join(' ');
	return {
		displayName: 'Reference Images',
		name: 'referenceImages',
		type: 'fixedCollection',
		placeholder: 'Add Image',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		description: `Images the model works from. ${hints} Add one entry per image.`,
		displayOptions: { show: { ...CREATES_TASKS, model: modelsWithImages.map((model) => model.id) } },
		options: [
			{
				displayName: 'Image',
				name: 'image',
				values: [
					{
						displayName: 'Source',
						name: 'source',
						type: 'options',
						default: 'binary',
						options: [
							{ name: 'Binary Field', value: 'binary', description: 'An image in a binary property of the input item' },
							{ name: 'URL', value: 'url', description: 'A public http(s) URL, or a data: URL' },
						],
					},
					{
						displayName: 'Input Binary Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						hint: 'The name of the input binary field containing the image',
						displayOptions: { show: { source: ['binary'] } },
					},
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://example.com/product.jpg',
						displayOptions: { show: { source: ['url'] } },
					},
					{
						displayName: 'Reference Type',
						name: 'refType',
						type: 'options',
						default: 'AUTO',
						options: [
							{ name: 'Auto', value: 'AUTO', description: 'Let the model decide (slower)' },
							{ name: 'IP (Subject)', value: 'IP', description: 'Keep the subject: product, character, animal' },
							{ name: 'ID (Face)', value: 'ID', description: 'Keep the facial features' },
							{ name: 'Style', value: 'STYLE', description: 'Take the style' },
						],
						displayOptions: { show: { '/model': modelsWithRefTypes } },
					},
				],
			},
		],
	};
}

export const referenceImages = referenceImagesProperty();
