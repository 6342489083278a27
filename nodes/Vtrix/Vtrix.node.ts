import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { testVtrixKey } from './credentialTest';
import { nodeProperties } from './description';
import { readGatewayAccess } from './execute/credentials';
import { withSecretsRedacted } from './execute/redact';
import { runOperation } from './execute/runOperation';

export class Vtrix implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vtrix',
		name: 'vtrix',
		icon: { light: 'file:../../icons/vtrix.svg', dark: 'file:../../icons/vtrix.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "getResult" ? "Get Result" : $parameter["model"] }}',
		description: 'Generate and edit images with the Vtrix gateway\'s Spark models',
		defaults: { name: 'Vtrix' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vtrixApi', required: true, testedBy: 'vtrixApiTest' }],
		properties: nodeProperties,
	};

	methods = {
		credentialTest: {
			async vtrixApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return await testVtrixKey(this, credential);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const access = await readGatewayAccess(this);
		return [await withSecretsRedacted(access.apiKey, async () => await runOperation(this, access))];
	}
}
