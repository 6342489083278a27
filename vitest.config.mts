import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	resolve: {
		// The CommonJS build n8n itself loads (and n8n-core uses): one copy of n8n-workflow's
		// classes for the node and the engine, as in real n8n.
		alias: [{ find: /^n8n-workflow$/, replacement: require.resolve('n8n-workflow') }],
	},
	test: {
		include: ['test/**/*.test.ts'],
		exclude: ['test/e2e/**', 'node_modules/**'],
		// n8n-core writes its config under N8N_USER_FOLDER on import: keep it out of ~/.n8n.
		env: { N8N_USER_FOLDER: join(tmpdir(), 'n8n-nodes-vtrix-unit') },
		// A guard against hangs, not a speed check: the fuzz suites take 15-45 s per model on a
		// loaded 2-core machine (measured in CI runs of .ci/run).
		testTimeout: 120_000,
		pool: 'forks',
	},
});
