// Copying from the packet details for coursework: right-click a field, copy its value, its
// "label: value" line, its bytes, its layer or the whole packet as text, as the clipboard gets it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.js';
import { ensureRendererBuilt, launchBrowser, screenshotPath } from './playwright-browser.js';

let server: BrowserServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

before(async () => {
  ensureRendererBuilt();
  server = await startBrowserServer({});
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  page = await context.newPage();
  await page.goto(server.url);
  await page.click('[data-testid="packet-list"] [data-number="5"]');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="5"]');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function copyFrom(selector: string, item: string): Promise<string> {
  await page.click(selector, { button: 'right' });
  await page.getByTestId('tree-copy-menu').getByRole('menuitem', { name: item }).click();
  await page.getByTestId('tree-copy-menu').waitFor({ state: 'detached' });
  return page.evaluate(() => navigator.clipboard.readText());
}

test('a field: its value, its "label: value" line and its bytes as hex', async () => {
  const ttl = '[data-testid="field-tree"] [data-field-name="ip.ttl"]';
  await page.waitForSelector(ttl);
  assert.equal(await copyFrom(ttl, 'Copy value'), '64');
  assert.equal(await copyFrom(ttl, 'Copy as “label: value”'), 'Time to Live: 64');
  assert.equal(await copyFrom(ttl, 'Copy bytes as hex'), '40');
  assert.equal(await copyFrom(ttl, 'Copy as display filter'), 'ip.ttl == 64');
  assert.equal(await copyFrom('[data-testid="field-tree"] [data-field-name="ip.dst"]', 'Copy as display filter'), 'ip.dst == 198.51.100.20');
  await page.click(ttl, { button: 'right' });
  await page.screenshot({ path: screenshotPath('tree-copy-menu') });
  await page.keyboard.press('Escape');
});

test('a layer and the whole packet as the plain-text export writes them', async () => {
  const layer = await copyFrom('[data-testid="field-tree"] [data-layer="tcp"]', 'Copy layer as text');
  assert.match(layer, /^Transmission Control Protocol, Src Port: 40000, Dst Port: 80/);
  assert.match(layer, /^ {4}Source Port: 40000$/m);
  const packet = await copyFrom('[data-testid="field-tree"] [data-layer="tcp"]', 'Copy packet as text');
  assert.match(packet, /^No\. +Time +Source/);
  assert.match(packet, /^Internet Protocol Version 4, Src: 192\.0\.2\.10/m);
  assert.match(packet, /^Transmission Control Protocol/m);
});
