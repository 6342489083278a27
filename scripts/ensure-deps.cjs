// `npm start` on a fresh clone: install the dev toolchain (tsx, typescript, gulp…) first.
// Runs `npm ci` only when node_modules is missing or older than package-lock.json.
const { execSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
	console.log('Installing the project\'s dependencies (npm ci)...');
	execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
