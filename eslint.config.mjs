import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

// n8n's own community-node rules (the recommended set @n8n/node-cli's lint uses): over the
// shipped code, and over package.json, which the package-level rules read as an expression.
export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-runtime/**', '.tmp/**'] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [tseslint.configs.base],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		...n8nCommunityNodesPlugin.configs.recommended,
	},
	{
		files: ['package.json'],
		extends: [tseslint.configs.base],
		...n8nCommunityNodesPlugin.configs.recommended,
	},
);
