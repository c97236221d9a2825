// Open… in browser mode sends the chosen file in chunks: progress shows at once, the first rows
// follow as soon as it has arrived, the connection holds; a file over the limit is refused with a
// message before any of it is sent.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.js';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { ensureRendererBuilt, launchBrowser, screenshotPath } from './playwright-browser.js';
import { generateBenchmarkCapture } from '../bench/generate-benchmark-capture.js';

const PACKETS = 100_000;
let dir: string;
let file: string;
let browser: Browser;

before(async () => {
  ensureRendererBuilt();
  dir = mkdtempSync(join(tmpdir(), 'layerscope-upload-'));
  file = join(dir, 'web-traffic.pcap');
  generateBenchmarkCapture(file, PACKETS);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPage(server: BrowserServer): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
  return page;
}

test('Open… sends a capture of 100,000 packets (about 37 MB) in chunks with progress, then shows its packets', { timeout: 120_000 }, async () => {
  const server = await startBrowserServer({});
  try {
    const page = await openPage(server);
    const started = Date.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('upload-progress').waitFor();
    await page.screenshot({ path: screenshotPath('upload-progress') });
    await page.waitForFunction(() => document.querySelector('[data-testid="packet-list"] [data-number="1"] .c-src')?.textContent?.startsWith('10.'));
    const firstRowsMs = Date.now() - started;
    await page.waitForFunction((n) => document.querySelector('[data-testid="packet-count"]')?.textContent === `${n} packets`, PACKETS.toLocaleString('en'));
    assert.equal(await page.getByRole('alert').count(), 0, 'no error: the connection held');
    assert.equal((await server.service.handle('session.status', {}) as { name: string }).name, 'web-traffic.pcap');
    console.log(`first rows of the uploaded capture after ${firstRowsMs} ms`);
  } finally {
    await server.close();
  }
});

test('a file over the upload limit is refused with a message, and none of it is sent', async () => {
  const service = new LayerscopeService({ maxUploadBytes: 1_000_000 });
  const server = await startBrowserServer({ service });
  try {
    const page = await openPage(server);
    await page.getByTestId('file-input').setInputFiles(file);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent())!, /web-traffic\.pcap is too large to open here \([\d,]+ bytes, at most 1,000,000\)/);
    const scratch = service.temporaryDirectory();
    assert.ok(!existsSync(scratch) || readdirSync(scratch).length === 0, 'no upload file was created');
    assert.equal(((await service.handle('session.status', {})) as { name: string }).name, 'sample.pcapng', 'the open capture stays');
  } finally {
    await server.close();
    await service.close();
  }
});
