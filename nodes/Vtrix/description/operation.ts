import type { INodeProperties } from 'n8n-workflow';

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'generate',
	options: [
		{
			name: 'Generate',
			value: 'generate',
			action: 'Generate images',
			description: 'Submit a task, wait for it and output its images',
		},
		{
			name: 'Submit',
			value: 'submit',
			action: 'Submit a generation task',
			description: 'Submit a task and output its ID at once, without waiting',
		},
		{
			name: 'Get Result',
			value: 'getResult',
			action: 'Get the result of a task',
			description: 'Wait for an existing task (from Submit, or one that timed out) and output its images',
		},
	],
};

export const taskIdProperty: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. task_abc001',
	description: 'The ID of a task made by Submit, or reported by a failed or timed-out Generate',
	displayOptions: { show: { operation: ['getResult'] } },
};
