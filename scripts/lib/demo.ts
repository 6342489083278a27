// Turns the shipped example workflows (examples/*.json, as a user imports them) into ready-to-run
// copies: credentials attached, the marketing example's folder and webhook pointed at loopback.
// Used by `npm start -- --demo`, the screenshot script and the e2e suite.

export const DEMO_CREDENTIAL = { id: 'VtrixDemoCred001', name: 'Vtrix demo', apiKey: 'vtrix-demo-key' };
export const DEMO_LLM_CREDENTIAL = { id: 'VtrixDemoLlm0001', name: 'Demo chat model (local fake)' };

export interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface DemoOptions {
	/** Where the marketing example writes its images (must exist and be allowed by N8N_RESTRICT_FILE_ACCESS_TO). */
	outputFolder?: string;
	/** Where the marketing example posts its notification. */
	notifyUrl?: string;
	vtrixCredential?: { id: string; name: string };
	llmCredential?: { id: string; name: string };
}

export function demoWorkflows(examples: ExampleWorkflow[], o: DemoOptions = {}): ExampleWorkflow[] {
	const vtrix = o.vtrixCredential ?? { id: DEMO_CREDENTIAL.id, name: DEMO_CREDENTIAL.name };
	const llm = o.llmCredential ?? DEMO_LLM_CREDENTIAL;
	return examples.map((example) => {
		const wf = structuredClone(example);
		for (const node of wf.nodes) {
			if (node.type.startsWith('n8n-nodes-vtrix.')) node.credentials = { vtrixApi: vtrix };
			if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi') node.credentials = { openAiApi: llm };
			if (node.name === 'Campaign') {
				const list = (node.parameters.assignments as { assignments: { name: string; value: unknown }[] }).assignments;
				for (const a of list) {
					if (a.name === 'outputFolder' && o.outputFolder) a.value = o.outputFolder;
					if (a.name === 'notifyUrl' && o.notifyUrl) a.value = o.notifyUrl;
				}
			}
		}
		return wf;
	});
}
