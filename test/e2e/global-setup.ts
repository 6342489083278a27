// Once per `npm run test:e2e`: install the pinned n8n (cached in .n8n-runtime/) and build dist/.
import { buildPackage, ensureN8n } from '../../scripts/lib/n8n';

export default function setup(): void {
	ensureN8n();
	if (process.env.VTRIX_E2E_SKIP_BUILD !== '1') buildPackage();
}
