// End-to-end tests: real n8n (pinned, .n8n-runtime/) runs workflows against the fake gateway.
// One fork, files one after another: each suite owns n8n child processes and loopback servers.
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/e2e/**/*.test.ts'],
		globalSetup: ['test/e2e/global-setup.ts'],
		pool: 'forks',
		maxWorkers: 1,
		fileParallelism: false,
		testTimeout: 300_000,
		hookTimeout: 600_000,
	},
});
