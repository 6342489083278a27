import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		exclude: ['test/e2e/**', 'node_modules/**'],
		// n8n-core writes its config under N8N_USER_FOLDER on import: keep it out of ~/.n8n.
		env: { N8N_USER_FOLDER: join(tmpdir(), 'n8n-nodes-vtrix-unit') },
		testTimeout: 30_000,
		pool: 'forks',
	},
});
