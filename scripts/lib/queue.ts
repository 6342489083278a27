// n8n in queue mode on this machine: PostgreSQL + Redis (scripts/lib/services.ts), one main
// (editor, REST API, webhooks: it only enqueues executions) and workers that run them, all on
// loopback with free ports. Each n8n process has its own user folder with the package
// installed, as on separate machines: they share only the database and Redis. Used by
// `npm start -- --queue`, the queue-mode e2e case and the queue benchmark.
import { rmSync } from 'node:fs';
import { freePort, makeUserFolder, n8nCli, n8nEnv, startN8n, type CliResult, type RunningN8n } from './n8n';
import { ensureN8n, supportedN8n, type BinaryDataMode, type N8nRuntime } from './runtime';
import { ensureQueueServices, spawnServer, startPostgres, startRedis, waitUntil, type Postgres, type Service } from './services';

export interface QueueOptions {
	/** The n8n to run (default: the selected version, installed if missing). */
	runtime?: N8nRuntime;
	/** The main's user folder (with the package installed); the caller keeps it. Default: a new one, deleted on stop(). */
	mainFolder?: string;
	/** Folders the Read/Write Files from Disk node may touch, on main and workers. */
	fileAccess?: string[];
	/** Echo main's and the workers' logs to this process's stdout. */
	echo?: boolean;
}

export interface Worker {
	name: string;
	pid: number;
	/** Its own n8n user folder, with the package installed. */
	folder: string;
	healthUrl: string;
	log: () => string;
	stop: () => Promise<void>;
}

export class QueueCluster {
	main: RunningN8n | undefined;
	readonly workers: Worker[] = [];
	/**
	 * Where binary data lives: the mode the n8n version requires in queue mode (`database`: main
	 * and workers share no disk, and `filesystem` is not supported there). Set explicitly, so
	 * no default (nor the deprecated in-memory `default`) is relied on.
	 */
	readonly binaryDataMode: BinaryDataMode;
	/** The user folders this cluster made (deleted by stop()). */
	readonly folders: string[] = [];

	private constructor(
		readonly runtime: N8nRuntime,
		readonly postgres: Postgres,
		readonly redis: Service,
		readonly mainFolder: string,
		private readonly options: QueueOptions,
	) {
		this.binaryDataMode = supportedN8n(runtime.n8nVersion).queueBinaryDataMode;
		if (!options.mainFolder) this.folders.push(mainFolder);
	}

	/** PostgreSQL and Redis up, main's user folder ready; n8n not started yet (import first with cli()). */
	static async create(options: QueueOptions = {}): Promise<QueueCluster> {
		const runtime = options.runtime ?? ensureN8n();
		ensureQueueServices();
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		return new QueueCluster(runtime, postgres, redis, options.mainFolder ?? makeUserFolder('queue-main'), options);
	}

	/** The environment every n8n process of this cluster shares, for one user folder. */
	async env(userFolder: string, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
		return n8nEnv({
			runtime: this.runtime,
			userFolder,
			brokerPort: await freePort(),
			fileAccess: this.options.fileAccess,
			extra: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(this.postgres.port),
				DB_POSTGRESDB_DATABASE: this.postgres.database,
				DB_POSTGRESDB_USER: this.postgres.user,
				DB_POSTGRESDB_PASSWORD: this.postgres.password,
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(this.redis.port),
				N8N_DEFAULT_BINARY_DATA_MODE: this.binaryDataMode,
				// Runs of "Execute workflow" in the editor go to the workers too (n8n 2.x warns without it).
				OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
				...extra,
			},
		});
	}

	/** One `n8n <args>` command against the cluster's database (import:workflow, …). */
	async cli(args: string[]): Promise<CliResult> {
		const r = await n8nCli(await this.env(this.mainFolder), args);
		if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
		return r;
	}

	/** Starts the main on `port` and `workers` workers, all at once; resolves when all are ready. */
	async start(port: number, workers: number): Promise<void> {
		const main = (async () => {
			this.main = await startN8n(await this.env(this.mainFolder), port, { echo: this.options.echo });
		})();
		await Promise.all([main, ...Array.from({ length: workers }, () => this.addWorker())]);
	}

	/** Starts one more worker (own user folder, own health port); resolves when it reads the queue. */
	async addWorker(): Promise<Worker> {
		const name = `worker-${this.workers.length + 1}`;
		const folder = makeUserFolder(`queue-${name}`);
		this.folders.push(folder);
		const healthPort = await freePort();
		const env = await this.env(folder, {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		});
		const server = spawnServer(this.runtime.node, [this.runtime.n8nBin, 'worker'], env);
		if (this.options.echo) {
			const prefix = (d: Buffer) => process.stdout.write(d.toString().replace(/^(?=.)/gm, `[${name}] `));
			server.child.stdout!.on('data', prefix);
			server.child.stderr!.on('data', prefix);
		}
		const healthUrl = `http://127.0.0.1:${healthPort}/healthz/readiness`;
		const worker: Worker = { name, pid: server.child.pid!, folder, healthUrl, log: server.log, stop: () => server.stop('SIGTERM') };
		this.workers.push(worker);
		await waitUntil(`n8n ${name}`, server, async () => (await fetch(healthUrl)).ok && /worker is now ready/.test(server.log()), 120_000);
		return worker;
	}

	/** Which worker's log says it ran the execution (n8n logs "Worker started execution <id>"). */
	workerOf(executionId: string): Worker | undefined {
		const started = new RegExp(`Worker started execution ${executionId}\\b`);
		return this.workers.find((w) => started.test(w.log()));
	}

	/** Stops main, then the workers, then Redis and PostgreSQL; deletes the folders it made. */
	async stop(): Promise<void> {
		const settle = (p: Promise<unknown> | undefined) => p?.catch(() => undefined);
		await settle(this.main?.stop());
		await Promise.all(this.workers.map((w) => settle(w.stop())));
		await Promise.all([settle(this.redis.stop()), settle(this.postgres.stop())]);
		for (const folder of this.folders) rmSync(folder, { recursive: true, force: true });
	}
}
