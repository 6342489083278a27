import { existsSync } from 'node:fs';
import Module from 'node:module';

/**
 * tsx resolves `import … from './Vtrix.node'` the way Node's CommonJS loader does, and that
 * tries `.json` before `.ts`: it loads nodes/Vtrix/Vtrix.node.json (the codex file) instead
 * of Vtrix.node.ts, so test/harness/runVtrix.ts fails under tsx with "Vtrix is not a
 * constructor". TypeScript (and vitest) prefer the .ts file; this hook restores that order
 * for extensionless requests, for the bench only. Import it before anything else.
 */
type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
	const resolved = original.call(this, request, ...rest);
	if (resolved.endsWith('.json') && !request.endsWith('.json')) {
		const ts = `${resolved.slice(0, -'.json'.length)}.ts`;
		if (existsSync(ts)) return ts;
	}
	return resolved;
};
