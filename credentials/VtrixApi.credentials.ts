import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class VtrixApi implements ICredentialType {
	name = 'vtrixApi';

	displayName = 'Vtrix API';

	icon: Icon = { light: 'file:../icons/vtrix.svg', dark: 'file:../icons/vtrix.dark.svg' };

	documentationUrl = 'https://docs.vtrix.ai';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'From the "API Keys" page of the Vtrix dashboard (keys usually start with sa-)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://cloud.vtrix.ai',
			description: 'The gateway to call. The same gateway also answers at https://cloud.seaart.ai.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};
}
