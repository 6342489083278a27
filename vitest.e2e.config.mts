// End-to-end tests: real n8n (.n8n-runtime/) runs workflows against the fake gateway; the browser
// suite (test/browser/) drives its editor. Run them with `npm run test:e2e`, which picks the
// n8n version (VTRIX_N8N_VERSION) and binary data mode (VTRIX_E2E_BINARY_MODE) of each run.
// One fork, files one after another: each suite owns n8n child processes and loopback servers.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
		globalSetup: ['test/e2e/global-setup.ts'],
		pool: 'forks',
		maxWorkers: 1,
		fileParallelism: false,
		testTimeout: 300_000,
		hookTimeout: 600_000,
	},
});
