import type { INodeProperties } from 'n8n-workflow';

import { modelProperty, promptProperty, referenceImages } from './modelProperties';
import { operationProperty, taskIdProperty } from './operation';
import { optionsProperty } from './optionsProperty';

export const nodeProperties: INodeProperties[] = [
	operationProperty,
	taskIdProperty,
	modelProperty,
	promptProperty,
	referenceImages,
	optionsProperty,
];
