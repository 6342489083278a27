/**
 * A long-running demo gateway for trying the node in a real n8n:
 *   npx tsx test/fake-gateway/cli.ts --port 5679 --api-key demo-key [--host 127.0.0.1] [--max-render-side 1024]
 * Tasks go pending -> processing -> completed over 2-4 s, like the real service.
 */
import { parseArgs } from 'node:util';
import { startDemoGateway } from './demo';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '5679' },
			host: { type: 'string', default: '127.0.0.1' },
			'api-key': { type: 'string', default: 'demo-key' },
			'max-render-side': { type: 'string' },
		},
	});
	const maxRenderSide = values['max-render-side'];
	const gateway = await startDemoGateway({
		port: Number(values.port),
		host: values.host,
		apiKey: values['api-key'],
		maxRenderSide: maxRenderSide === undefined ? undefined : Number(maxRenderSide),
	});

	console.log(`Demo gateway listening on ${gateway.baseUrl} (API key: ${gateway.apiKey})`);

	const stop = (): void => {
		gateway.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
