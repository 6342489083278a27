import { ExecuteContext } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IExecuteData,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { Vtrix } from '../../nodes/Vtrix/Vtrix.node.ts';

export const TEST_API_KEY = 'sa-test-key';

export interface RunOptions {
	parameters: Record<string, unknown>;
	items?: INodeExecutionData[];
	credentials: { apiKey?: string; baseUrl: string };
	continueOnFail?: boolean;
	/** Cancels the execution as n8n does: through the context's abort signal. */
	abortSignal?: AbortSignal;
}

export interface RunResult {
	items: INodeExecutionData[];
	hints: NodeExecutionHint[];
}

const nodeType = new Vtrix();

const nodeTypes = {
	getByName: () => nodeType as INodeType,
	getByNameAndVersion: () => nodeType as INodeType,
	getKnownTypes: () => ({}),
};

/** Runs the Vtrix node's execute() in-process with n8n-core's real ExecuteContext. */
export async function runVtrix(options: RunOptions): Promise<RunResult> {
	const parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, options.parameters as INodeParameters, true, false, null, null) ?? {};
	const node: INode = {
		id: 'vtrix-node',
		name: 'Vtrix',
		type: 'n8n-nodes-vtrix.vtrix',
		typeVersion: 1,
		position: [0, 0],
		parameters: { ...parameters, ...(options.parameters as INodeParameters) },
		credentials: { vtrixApi: { id: 'cred-1', name: 'Vtrix test' } },
		continueOnFail: options.continueOnFail,
		onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
	const workflow = new Workflow({ id: 'wf-test', nodes: [node], connections: {}, active: false, nodeTypes });
	const decrypted: ICredentialDataDecryptedObject = { apiKey: options.credentials.apiKey ?? TEST_API_KEY, baseUrl: options.credentials.baseUrl };
	const additionalData = {
		executionId: 'exec-test',
		credentialsHelper: {
			// The node builds its Authorization header from the decrypted credential itself.
			getDecrypted: async () => decrypted,
		},
		hooks: undefined,
		variables: {},
		restApiUrl: 'http://127.0.0.1/rest',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		instanceBaseUrl: 'http://127.0.0.1',
		currentNodeParameters: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	const items = options.items ?? [{ json: {} }];
	const runExecutionData = { resultData: { runData: {} } } as IRunExecutionData;
	const executeData: IExecuteData = { node, data: { main: [items] }, source: { main: [{ previousNode: 'Start' }] } };
	const ctx = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
		options.abortSignal,
	);
	const [output] = await nodeType.execute.call(ctx);
	return { items: output, hints: ctx.hints };
}

export function binaryItem(bytes: Buffer, mimeType: string, property = 'data'): INodeExecutionData {
	return {
		json: {},
		binary: { [property]: { data: bytes.toString('base64'), mimeType, fileName: `input.${mimeType.split('/')[1]}` } },
	};
}
