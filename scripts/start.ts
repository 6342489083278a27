// `npm start`: real n8n with this package loaded, editor on http://127.0.0.1:5678.
// `npm start -- --demo`: also a local demo gateway (the project's fake gateway, real
// generated images), a "Vtrix demo" credential, the example workflows and a demo login.
// `npm start -- --queue`: n8n in queue mode: a main, workers (--workers <n>, default 1), Redis and
// PostgreSQL, throwaway, on loopback (see scripts/lib/queue.ts); combines with --demo.
// Options: --n8n <version> (a supported one; default VTRIX_N8N_VERSION, else the newest),
// --port <n> (default 5678), --keep (keep the throwaway user folder on exit).
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
	buildPackage,
	demoOwner,
	freePort,
	makeUserFolder,
	n8nCli,
	n8nEnv,
	repoRoot,
	setupOwner,
	startN8n,
	writeJson,
	type RunningN8n,
} from './lib/n8n';
import { optionValue } from './lib/args';
import { demoWorkflows, DEMO_CREDENTIAL, DEMO_LLM_CREDENTIAL } from './lib/demo';
import { ensureN8n, selectedN8nVersion } from './lib/runtime';
import { startFakeLlm } from './lib/fake-llm';
import { FakeGateway } from '../test/fake-gateway';
import { QueueCluster } from './lib/queue';

const args = process.argv.slice(2);
const demo = args.includes('--demo');
const keep = args.includes('--keep');
const port = Number(optionValue(args, '--port') ?? process.env.N8N_PORT ?? 5678);
const n8nVersion = optionValue(args, '--n8n') ?? selectedN8nVersion();
const queue = args.includes('--queue');
const workers = Number(optionValue(args, '--workers') ?? 1);

const cleanups: (() => Promise<void> | void)[] = [];
let stopping = false;

/** Undoes what was set up, newest first (n8n, then the demo servers, then the user folder). */
async function stopAll(code: number): Promise<void> {
	// Ctrl-C reaches this process more than once (from the terminal and relayed by tsx):
	// the first one stops everything, which takes a few seconds at most.
	if (stopping) return;
	stopping = true;
	if (code === 0) console.log('\nStopping...');
	for (const c of cleanups.reverse()) {
		try {
			await c();
		} catch {
			/* best effort */
		}
	}
	process.exit(code);
}

/** Stands in for a team chat webhook in the demo: prints what the marketing example sends. */
async function startNotificationSink(): Promise<{ url: string; server: Server }> {
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			console.log(`\n[demo notification] ${req.method} ${req.url}\n${Buffer.concat(chunks).toString().slice(0, 2000)}\n`);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`, server };
}

async function main() {
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	const runtime = ensureN8n(n8nVersion);
	console.log('Building the package (npm run build)...');
	buildPackage();

	const userFolder = makeUserFolder('start');
	if (!keep) cleanups.push(() => rmSync(userFolder, { recursive: true, force: true }));
	const outputFolder = join(userFolder, 'files');
	mkdirSync(outputFolder, { recursive: true });
	let cluster: QueueCluster | undefined;
	if (queue) {
		console.log('Starting PostgreSQL and Redis for queue mode...');
		cluster = await QueueCluster.create({ runtime, mainFolder: userFolder, fileAccess: [outputFolder], echo: process.env.VTRIX_START_VERBOSE === '1' });
		cleanups.push(() => cluster!.stop());
	}
	const env = cluster ? await cluster.env(userFolder) : n8nEnv({ runtime, userFolder, brokerPort: await freePort(), fileAccess: [outputFolder] });

	let gatewayUrl = '';
	let webhookPath = '';
	if (demo) {
		// The project's fake gateway, in this process: real generated images, no cost.
		const gw = await FakeGateway.start({ apiKey: DEMO_CREDENTIAL.apiKey, maxRenderSide: 1024 });
		cleanups.push(() => gw.close());
		gatewayUrl = gw.baseUrl;
		const sink = await startNotificationSink();
		cleanups.push(() => void sink.server.close());
		// The agent example needs a chat model; nothing here reaches a real one, so a local fake
		// asks the Vtrix tool to draw exactly what the chat message says.
		const llm = await startFakeLlm((text) => ({ prompt: text }));
		cleanups.push(() => llm.close());

		const creds = writeJson(join(userFolder, 'demo-credentials.json'), [
			{ id: DEMO_CREDENTIAL.id, name: DEMO_CREDENTIAL.name, type: 'vtrixApi', data: { apiKey: DEMO_CREDENTIAL.apiKey, baseUrl: gatewayUrl } },
			{ id: DEMO_LLM_CREDENTIAL.id, name: DEMO_LLM_CREDENTIAL.name, type: 'openAiApi', data: { apiKey: 'demo', url: `${llm.url}/v1` } },
		]);
		const wfs = demoWorkflows(
			readdirSync(join(repoRoot, 'examples'))
				.filter((f) => f.endsWith('.json'))
				.sort()
				.map((f) => JSON.parse(readFileSync(join(repoRoot, 'examples', f), 'utf8'))),
			{ outputFolder, notifyUrl: sink.url },
		);
		const wfFile = writeJson(join(userFolder, 'demo-workflows.json'), wfs);
		for (const cmd of [['import:credentials', `--input=${creds}`], ['import:workflow', `--input=${wfFile}`]]) {
			const r = await n8nCli(env, cmd);
			if (r.code !== 0) throw new Error(`n8n ${cmd[0]} failed:\n${r.stdout}\n${r.stderr}`);
		}
		webhookPath = 'vtrix-product-variants';
	}

	console.log(`Starting n8n${cluster ? ` in queue mode (main + ${workers} worker${workers === 1 ? '' : 's'})` : ''} (user folder ${userFolder})...`);
	let n8n: RunningN8n;
	if (cluster) {
		await cluster.start(port, workers);
		n8n = cluster.main!;
	} else {
		n8n = await startN8n(env, port, { echo: process.env.VTRIX_START_VERBOSE === '1' });
		cleanups.push(() => n8n.stop());
	}
	n8n.child.on('exit', (code) => {
		if (!stopping) {
			console.error(`n8n stopped unexpectedly (exit ${code}). Last log lines:\n${n8n.log().split('\n').slice(-30).join('\n')}`);
			void stopAll(1);
		}
	});

	const lines = ['', `n8n ${runtime.n8nVersion} (Node.js ${runtime.nodeVersion}) is running with n8n-nodes-vtrix loaded.`, ''];
	if (cluster) lines.push(...queueLines(cluster), '');
	if (demo) {
		await setupOwner(n8n.url);
		const list = await fetch(`${n8n.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: demoOwner.email, password: demoOwner.password }),
		});
		if (!list.ok) console.warn(`(demo login check failed: HTTP ${list.status})`);
		lines.push(
			`  Open      ${n8n.url}/home/workflows`,
			`  Log in    ${demoOwner.email} / ${demoOwner.password}`,
			'',
			`  Demo gateway   ${gatewayUrl}  (credential "${DEMO_CREDENTIAL.name}", local fake images, no cost)`,
			'  Workflows      open one and press "Execute workflow":',
			...wfs().map((w) => `                 - ${w}`),
			`  Written images ${outputFolder}`,
			`  Webhook        curl -F product=@photo.jpg -F style=@style.jpg ${n8n.url}/webhook-test/${webhookPath}  (after "Execute workflow" on the product example)`,
		);
	} else {
		lines.push(
			`  Open      ${n8n.url}  (first visit: create the owner account; it lives in a throwaway folder)`,
			'  Then      add a "Vtrix" credential (API key from the Vtrix dashboard) and a Vtrix node to a workflow.',
			'  Examples  import examples/*.json (Workflow menu > Import from File).',
			'  Demo      npm start -- --demo  (local demo gateway, examples and a login already set up)',
		);
	}
	const stopped = ['n8n', ...(cluster ? ['its workers', 'Redis', 'PostgreSQL'] : []), ...(demo ? ['the demo gateway'] : [])];
	lines.push('', `Press Ctrl-C to stop ${stopped.slice(0, -1).join(', ')}${stopped.length > 1 ? ' and ' : ''}${stopped.at(-1)}.` + (keep ? '' : ' The user folder is deleted on exit.'), '');
	console.log(lines.join('\n'));
}

function queueLines(cluster: QueueCluster): string[] {
	const { postgres, redis } = cluster;
	return [
		'  Queue mode     the main (editor, REST API, webhooks) puts every execution on the queue; workers run them',
		...cluster.workers.map((w) => `  ${w.name.padEnd(15)}pid ${w.pid}, health ${w.healthUrl}`),
		`  PostgreSQL     127.0.0.1:${postgres.port}  database ${postgres.database}, user ${postgres.user}, password ${postgres.password}`,
		`  Redis          127.0.0.1:${redis.port}`,
		`  Binary data    in PostgreSQL (N8N_DEFAULT_BINARY_DATA_MODE=${cluster.binaryDataMode}); database and Redis are deleted on exit`,
	];
}

function wfs(): string[] {
	return readdirSync(join(repoRoot, 'examples'))
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => (JSON.parse(readFileSync(join(repoRoot, 'examples', f), 'utf8')) as { name: string }).name);
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	void stopAll(1);
});
