// Launches the system's Chromium for UI tests and the renderer bench (never a downloaded browser),
// and builds the renderer first when dist/renderer is missing.
import { chromium, type Browser } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(REPO, 'test-results', 'screenshots');

/** The renderer build the browser-mode server serves: `npx vite build --config renderer/vite.config.ts`. */
export function ensureRendererBuilt(): void {
  if (existsSync(join(REPO, 'dist', 'renderer', 'index.html')) && !process.env.LAYERSCOPE_REBUILD_RENDERER) return;
  const run = spawnSync(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: REPO,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('Building the renderer failed (npx vite build --config renderer/vite.config.ts)');
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export function screenshotPath(name: string): string {
  return join(SCREENSHOTS, `${name}.png`);
}

/** Browser mode on `file` (the bundled sample without one), and a page in Chromium showing its first packets. */
export async function openBrowserMode(file?: string, viewport = { width: 1280, height: 720 }) {
  ensureRendererBuilt();
  const { startBrowserServer } = await import('../../electron/server/browser-server.js');
  const server = await startBrowserServer(file ? { file } : {});
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
  return {
    server,
    browser,
    page,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
