// Go to Packet, Find Packet and Back/Forward in the browser, on a capture big enough that the
// list cannot be scrolled by hand (200,000 packets of generated web traffic): Wireshark's keys.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.js';
import { ensureRendererBuilt, launchBrowser, screenshotPath } from './playwright-browser.js';
import { generateBenchmarkCapture } from '../bench/generate-benchmark-capture.js';

const PACKETS = 200_000;
let dir: string;
let server: BrowserServer;
let browser: Browser;
let page: Page;

before(async () => {
  ensureRendererBuilt();
  dir = mkdtempSync(join(tmpdir(), 'layerscope-find-'));
  const file = join(dir, 'web.pcap');
  generateBenchmarkCapture(file, PACKETS);
  server = await startBrowserServer({ file });
  await server.service.whenLoaded();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
  await page.waitForFunction((n) => document.querySelector('[data-testid="packet-count"]')?.textContent?.startsWith(n), PACKETS.toLocaleString('en'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const shown = (number: number) => page.waitForSelector(`[data-testid="field-tree"][data-rendered-packet="${number}"]`);

test('Ctrl+G goes to a packet by number: selected, shown in the list and in the tree', async () => {
  await page.getByTestId('packet-list').focus();
  await page.keyboard.press('Control+g');
  await page.locator('#goto-number').fill('150000');
  await page.keyboard.press('Enter');
  await shown(150000);
  const row = page.locator('[data-testid="packet-list"] [data-number="150000"]');
  await row.waitFor();
  assert.equal(await row.getAttribute('aria-selected'), 'true');
  assert.ok(await row.isVisible(), 'the list scrolled to it');
  await page.screenshot({ path: screenshotPath('goto-150000') });

  await page.keyboard.press('Control+g');
  await page.locator('#goto-number').fill(String(PACKETS + 1));
  await page.keyboard.press('Enter');
  assert.match((await page.getByTestId('goto-bar').getByRole('alert').textContent())!, /from 1 to 200,000/);
  await page.keyboard.press('Escape');
});

test('Ctrl+F finds hex bytes after the selected packet: that packet selected and the bytes lit', async () => {
  await page.keyboard.press('Control+f');
  await page.getByLabel('Find what').selectOption('hex');
  await page.locator('#find-query').fill('47 45 54 20 2f');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const n = document.querySelector('[data-testid="field-tree"]')?.getAttribute('data-rendered-packet');
    return n !== null && n !== undefined && Number(n) > 150000;
  });
  const number = Number(await page.getByTestId('field-tree').getAttribute('data-rendered-packet'));
  const lit = await page.$$eval('[data-testid="bytes-pane"] .b.sel', (els) => els.map((e) => (e as HTMLElement).textContent).join(' '));
  assert.equal(lit, '47 45 54 20 2f', 'exactly the matched bytes are lit');
  assert.match((await page.locator(`[data-testid="packet-list"] [data-number="${number}"]`).textContent())!, /GET \//);
  await page.screenshot({ path: screenshotPath('find-hex-get') });

  // Alt+← goes back to the packet selected before, Alt+→ forward again.
  await page.keyboard.press('Alt+ArrowLeft');
  await shown(150000);
  await page.keyboard.press('Alt+ArrowRight');
  await shown(number);
});

test('a string nobody has is reported as not found, and the selection stays', async () => {
  const before = await page.getByTestId('field-tree').getAttribute('data-rendered-packet');
  await page.getByLabel('Find what').selectOption('string');
  await page.getByLabel('Find where').selectOption('list');
  await page.locator('#find-query').fill('no-such-text-in-any-row');
  await page.keyboard.press('Enter');
  await page.getByTestId('find-bar').getByRole('status').filter({ hasText: 'No packet has' }).waitFor();
  assert.equal(await page.getByTestId('field-tree').getAttribute('data-rendered-packet'), before);
});
