// `npm run screenshots`: starts the demo (`npm start -- --demo` on a free port), logs in with
// headless Chromium and saves README screenshots of the node in the real editor to
// docs/screenshots/. Needs Chromium (Debian: apt-get install chromium; or CHROMIUM_PATH).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { demoOwner, freePort, repoRoot } from './lib/n8n';

const outDir = join(repoRoot, 'docs', 'screenshots');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function startDemo(port: number) {
	const child = spawn(process.execPath, [join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repoRoot, 'scripts', 'start.ts'), '--demo', '--port', String(port)], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	await new Promise<void>((res, rej) => {
		const onData = (d: Buffer) => {
			out += d.toString();
			if (out.includes('Press Ctrl-C')) res();
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (c) => rej(new Error(`npm start -- --demo exited (${c}):\n${out}`)));
		setTimeout(() => rej(new Error(`the demo did not start within 5 minutes:\n${out}`)), 300_000);
	});
	return {
		stop: () =>
			new Promise<void>((r) => {
				child.once('exit', () => r());
				child.kill('SIGINT');
			}),
	};
}

async function openNode(page: Page, url: string | undefined, workflowId: string, nodeName: string) {
	await page.goto(`${url}/workflow/${workflowId}`);
	const nodeEl = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await nodeEl.waitFor({ timeout: 30_000 });
	await nodeEl.dblclick();
	await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 15_000 });
	await page.waitForTimeout(800);
}

async function main() {
	if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
	mkdirSync(outDir, { recursive: true });
	// VTRIX_SCREENSHOTS_URL: use a demo that is already running (`npm start -- --demo`).
	let url = process.env.VTRIX_SCREENSHOTS_URL?.replace(/\/$/, '');
	let demo: { stop: () => Promise<void> } = { stop: async () => {} };
	if (!url) {
		const port = await freePort();
		console.log('Starting the demo (npm start -- --demo)...');
		demo = await startDemo(port);
		url = `http://127.0.0.1:${port}`;
	}
	// Playwright gives Chromium a fresh temporary profile itself (it refuses --user-data-dir here).
	const browser = await chromium.launch({
		executablePath,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
		await page.goto(`${url}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', demoOwner.email);
		await page.fill('input[name="password"]', demoOwner.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL(/home|workflows/, { timeout: 30_000 });

		// 1. Parameter panel, Spark Dream 4.0 (marketing example).
		await openNode(page, url, 'vtrixExMarketing', 'Generate image group');
		await page.screenshot({ path: join(outDir, 'node-spark-dream-4-0.png') });
		console.log('saved docs/screenshots/node-spark-dream-4-0.png');

		// 2. Parameter panel, Spark DreamO Multi IP (product example).
		await openNode(page, url, 'vtrixExProducts1', 'Styled variant (Multi DreamO)');
		await page.screenshot({ path: join(outDir, 'node-spark-multi-dreamo.png') });
		console.log('saved docs/screenshots/node-spark-multi-dreamo.png');

		// 3. An execution: run the marketing example, then open the Vtrix node's output.
		await page.goto(`${url}/workflow/vtrixExMarketing`);
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await page
			.locator('[data-test-id="canvas-node"][data-node-name="Notify team"] [data-test-id="canvas-node-status-success"]')
			.waitFor({ timeout: 120_000 })
			.catch(() => console.warn('(the run did not show success on "Notify team" within 2 minutes; taking the pictures anyway)'));
		await page.waitForTimeout(1000);
		await page.screenshot({ path: join(outDir, 'execution-canvas.png') });
		console.log('saved docs/screenshots/execution-canvas.png');
		await page.locator('[data-test-id="canvas-node"][data-node-name="Generate image group"]').dblclick();
		await page.locator('[data-test-id="ndv"]').first().waitFor();
		await showBinaryOutput(page);
		await page.screenshot({ path: join(outDir, 'execution-image-output.png') });
		console.log('saved docs/screenshots/execution-image-output.png');
	} finally {
		await browser.close();
		await demo.stop();
	}
}

/** In the output panel, switch to the Binary view and open the first image's preview. */
async function showBinaryOutput(page: Page) {
	const output = page.locator('[data-test-id="output-panel"]');
	const binaryTab = output.getByText('Binary', { exact: true }).first();
	if (await binaryTab.isVisible().catch(() => false)) await binaryTab.click();
	await page.waitForTimeout(500);
	const view = output.locator('[data-test-id="ndv-view-binary-data"]').first();
	if (await view.isVisible().catch(() => false)) {
		await view.click();
		await page.waitForTimeout(1500);
	}
}

main().then(
	() => process.exit(0),
	(e: unknown) => {
		console.error(e);
		process.exit(1);
	},
);
