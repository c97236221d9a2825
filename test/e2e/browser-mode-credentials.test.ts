// Browser mode's credential stays with browser mode: a browser sends cookies to every port of
// 127.0.0.1, so after the page has been used (a download included), another local server the user
// then visits must receive no cookie and no token at all. Two real servers, one real Chromium.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.js';
import { ensureRendererBuilt, launchBrowser } from './playwright-browser.js';

let layerscope: BrowserServer;
let other: Server;
let otherUrl: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let browser: Browser;

before(async () => {
  ensureRendererBuilt();
  layerscope = await startBrowserServer({});
  other = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.end('<!doctype html><title>another local server</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await layerscope?.close();
  other?.close();
});

test('after using Layerscope (and downloading a capture, which then counts as saved), another server on 127.0.0.1 receives no cookie and no token', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(layerscope.url);
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  assert.ok(await download.path(), 'the capture downloaded');
  assert.ok(!download.url().includes(layerscope.token), 'the download address carries no token');
  await page.locator('.toolbar .name').filter({ hasNotText: 'unsaved' }).waitFor();

  assert.deepEqual(await context.cookies(), [], 'Layerscope left no cookie in the browser');
  await page.goto(otherUrl);
  await page.waitForLoadState('load');
  assert.ok(seen.length > 0, 'the other server was visited');
  for (const { url, headers } of seen) {
    assert.equal(headers.cookie, undefined, `a cookie reached the other server: ${headers.cookie}`);
    assert.ok(!JSON.stringify({ url, headers }).includes(layerscope.token), 'the token reached the other server');
  }
  await context.close();
});
