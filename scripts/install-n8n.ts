// `npm run install:n8n [-- --n8n <version>|all]`: installs supported n8n versions (and the
// Node.js they need) into .n8n-runtime/ ahead of time and says how each one runs. Without
// --n8n: the newest. `npm start` and `npm run test:e2e` install what they need by themselves.
import { ensureN8n, NEWEST_N8N, SUPPORTED_N8N } from './lib/runtime';
import { optionValue } from './lib/args';

const wanted = optionValue(process.argv.slice(2), '--n8n') ?? NEWEST_N8N;
const versions = wanted === 'all' ? SUPPORTED_N8N.map((s) => s.version) : [wanted];
try {
	for (const version of versions) {
		const started = Date.now();
		const rt = ensureN8n(version);
		console.log(`n8n ${rt.n8nVersion} on Node.js ${rt.nodeVersion} (${rt.node}) in ${rt.dir}: ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
	}
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
}
