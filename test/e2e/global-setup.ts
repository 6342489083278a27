// Once per vitest run: install the selected n8n (VTRIX_N8N_VERSION, cached in .n8n-runtime/)
// and build dist/ (the runner, scripts/e2e.ts, builds once for all runs and skips this).
import { buildPackage } from '../../scripts/lib/n8n';
import { ensureN8n } from '../../scripts/lib/runtime';

export default function setup(): void {
	ensureN8n();
	if (process.env.VTRIX_E2E_SKIP_BUILD !== '1') buildPackage();
}
