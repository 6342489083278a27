// Throwaway PostgreSQL and Redis servers for n8n's queue mode: Debian's `postgresql` (15) and
// `redis-server` (scripts/install-queue-services.sh installs them), each in its own folder under
// the system temp dir, on a free loopback port, stopped and deleted by stop().
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from './n8n';

export interface Service {
	port: number;
	/** Its folder under the temp dir (data, socket), deleted by stop(). */
	dir: string;
	log: () => string;
	stop: () => Promise<void>;
}

export interface Postgres extends Service {
	database: string;
	user: string;
	password: string;
	/** Runs one SQL statement through psql; returns the rows, one per line, columns tab-separated. */
	query: (sql: string) => Promise<string>;
}

const PG_VERSIONS_DIR = '/usr/lib/postgresql';

/** Installs Debian's redis-server and postgresql when missing (scripts/install-queue-services.sh). */
export function ensureQueueServices(): void {
	const r = spawnSync('bash', [join(repoRoot, 'scripts', 'install-queue-services.sh')], { stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`scripts/install-queue-services.sh failed (exit ${r.status})`);
}

/** The newest Debian PostgreSQL server binaries (…/bin with initdb, postgres, psql). */
export function postgresBin(): string {
	const versions = existsSync(PG_VERSIONS_DIR) ? readdirSync(PG_VERSIONS_DIR).filter((v) => /^\d+$/.test(v)) : [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	if (!newest) throw new Error(`PostgreSQL is not installed (no ${PG_VERSIONS_DIR}/<version>): run scripts/install-queue-services.sh`);
	return join(PG_VERSIONS_DIR, newest, 'bin');
}

/**
 * initdb and postgres refuse to run as root: as root they run as the `postgres` system user
 * (setpriv execs, so the process we hold is the server itself and gets our signals directly).
 */
function asDbUser(command: string, args: string[]): [string, string[]] {
	if (userInfo().uid !== 0) return [command, args];
	return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]];
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(command, args, { env, maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || error.message}`));
			else resolve(stdout);
		});
	});
}

interface Spawned {
	child: ChildProcess;
	log: () => string;
	exited: () => boolean;
	/** Sends the signal, waits for the exit (SIGKILL after 15 s). */
	stop: (signal: NodeJS.Signals) => Promise<void>;
}

/** Starts a server in its own process group, so a Ctrl-C in the terminal reaches only us and we stop it in order. */
export function spawnServer(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Spawned {
	const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let exited = false;
	const onData = (d: Buffer) => {
		out += d.toString();
		if (out.length > 4_000_000) out = out.slice(-2_000_000);
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
	child.on('error', (error) => ((out += `\n${String(error)}`), (exited = true)));
	return {
		child,
		log: () => out,
		exited: () => exited,
		stop: async (signal) => {
			if (exited) return;
			child.kill(signal);
			const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await exit;
			clearTimeout(killer);
		},
	};
}

/** Polls `ready` every 100 ms until it is true; fails when the server exits or the time is up. */
export async function waitUntil(what: string, server: Spawned, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await ready().catch(() => false))) {
		if (server.exited()) throw new Error(`${what} exited during startup:\n${server.log().slice(-4000)}`);
		if (Date.now() > deadline) {
			await server.stop('SIGKILL');
			throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${server.log().slice(-4000)}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** A fresh folder under the temp dir the database user owns (postgres needs its data dir to be its own). */
function dbUserFolder(purpose: string): string {
	const dir = mkdtempSync(join(tmpdir(), `n8n-vtrix-${purpose}-`));
	if (userInfo().uid === 0) chownSync(dir, ...postgresIds());
	return dir;
}

function postgresIds(): [number, number] {
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('no `postgres` system user: run scripts/install-queue-services.sh');
	const [, , uid, gid] = line.split(':');
	return [Number(uid), Number(gid)];
}

/**
 * A new PostgreSQL cluster (initdb) with one password-protected superuser and database `n8n`,
 * listening on 127.0.0.1 only, its socket in its own folder. Durability is off (fsync,
 * synchronous_commit): the cluster is thrown away on stop.
 */
export async function startPostgres(): Promise<Postgres> {
	const bin = postgresBin();
	const dir = dbUserFolder('pg');
	const data = join(dir, 'data');
	const user = 'n8n';
	const password = 'n8n-local-only';
	const database = 'n8n';
	const pwfile = join(dir, 'pwfile');
	writeFileSync(pwfile, password, { mode: 0o600 });
	if (userInfo().uid === 0) chownSync(pwfile, ...postgresIds());
	await run(...asDbUser(join(bin, 'initdb'), ['-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync']));
	const port = await freePort();
	const server = spawnServer(
		...asDbUser(join(bin, 'postgres'), [
			'-D', data, '-p', String(port), '-k', dir,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		]),
	);
	const env = { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' };
	const psql = (db: string, sql: string) =>
		run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-X', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql], env);
	const stop = async () => {
		// SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave).
		await server.stop('SIGINT');
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntil('PostgreSQL', server, async () => (await psql('postgres', 'SELECT 1')).trim() === '1');
		await psql('postgres', `CREATE DATABASE ${database}`);
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, dir, database, user, password, log: server.log, stop, query: (sql) => psql(database, sql) };
}

/** A Redis server on 127.0.0.1 that keeps nothing on disk. */
export async function startRedis(): Promise<Service> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-vtrix-redis-'));
	const port = await freePort();
	const server = spawnServer('redis-server', [
		'--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
		'--save', '', '--appendonly', 'no', '--protected-mode', 'yes',
	]);
	const stop = async () => {
		await server.stop('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntil('Redis', server, async () => (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'PING'])).trim() === 'PONG');
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, dir, log: server.log, stop };
}
