// Follow Stream in the app (browser mode), as a student uses it to read an HTTP exchange: from a
// packet of the connection, the request and the response as text, each side in its colour with
// the bytes it sent; as a hex dump; a piece selects its packet; "Show only this stream" filters
// the list to the connection; the connection as HTTP messages; a packet of no conversation says so.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';

let page: Page;
let close: () => Promise<void>;

before(async () => {
  ({ page, close } = await openBrowserMode());
  await page.waitForFunction(() => document.querySelector('[data-testid="packet-count"]')?.textContent === '18 packets');
});

after(() => close?.());

async function select(n: number) {
  await page.click(`[data-testid="packet-list"] [data-number="${n}"]`);
  await page.waitForSelector(`[data-testid="field-tree"][data-rendered-packet="${n}"]`);
}

test('the sample\'s HTTP connection followed from its SYN: request then response, each side in its colour', async () => {
  await select(5);
  await page.getByTestId('open-follow').click();
  const dialog = page.getByTestId('follow-stream');
  await dialog.getByRole('heading', { name: 'Follow TCP Stream (tcp.stream eq 0)' }).waitFor();
  assert.equal(await dialog.getByTestId('follow-nodes').textContent(), '192.0.2.10:40000 → 198.51.100.20:80: 87 bytes 198.51.100.20:80 → 192.0.2.10:40000: 158 bytes');
  const pieces = dialog.locator('.piece');
  assert.equal(await pieces.count(), 2);
  assert.match((await pieces.nth(0).textContent())!, /^GET \/ HTTP\/1\.1\r?\nHost: example\.com/);
  assert.match((await pieces.nth(1).textContent())!, /^HTTP\/1\.1 200 OK[^]*<p>Hello from the sample capture\.<\/p>/);
  // The two directions look different, as in Wireshark.
  const colours = await pieces.evaluateAll((els) => els.map((el) => getComputedStyle(el).color));
  assert.notEqual(colours[0], colours[1]);
  await page.screenshot({ path: screenshotPath('follow-tcp-ascii') });

  await dialog.getByTestId('follow-format').selectOption('hex');
  assert.match((await pieces.nth(0).textContent())!, /^00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET \/ HT TP\/1\.1\.\./);
  await page.screenshot({ path: screenshotPath('follow-tcp-hex') });

  // A piece selects the packet that carried it.
  await pieces.nth(1).click();
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="10"]');

  await dialog.getByTestId('follow-filter').click();
  await page.waitForFunction(() => {
    const count = document.querySelector('[data-testid="packet-count"]')?.textContent;
    return count === 'Displayed: 10 packets of 18' && !document.querySelector('[data-testid="filter-progress"]');
  });
  assert.equal(await page.getByTestId('filter-input').inputValue(), 'tcp.stream eq 0');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('filter-clear').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="packet-count"]')?.textContent === '18 packets');
});

test('the same connection as HTTP messages: the request, then the response\'s headers and its body as a piece of its own', async () => {
  await select(8);
  await page.getByTestId('open-follow').click();
  const dialog = page.getByTestId('follow-stream');
  await dialog.getByRole('heading', { name: 'Follow TCP Stream (tcp.stream eq 0)' }).waitFor();
  await dialog.getByTestId('follow-format').selectOption('ascii');
  await dialog.getByTestId('follow-layer').selectOption('http');
  await dialog.getByRole('heading', { name: 'Follow HTTP Stream (tcp.stream eq 0)' }).waitFor();
  const pieces = dialog.locator('.piece');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="follow-stream"] .piece').length === 3);
  assert.match((await pieces.nth(0).textContent())!, /^GET \/ HTTP\/1\.1\r?\n[^]*\r?\n\r?\n$/);
  assert.match((await pieces.nth(1).textContent())!, /^HTTP\/1\.1 200 OK[^]*Connection: close\r?\n\r?\n$/);
  assert.equal(await pieces.nth(2).textContent(), '<!doctype html><title>Example</title><p>Hello from the sample capture.</p>\n');
  await page.screenshot({ path: screenshotPath('follow-http') });
  // Back to the TCP data; "Show only this stream" still names the TCP conversation.
  await dialog.getByTestId('follow-layer').selectOption('tcp');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="follow-stream"] .piece').length === 2);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('Ctrl+Alt+Shift+U follows a UDP conversation; an ARP packet has none to follow', async () => {
  await select(3);
  await page.keyboard.press('Control+Alt+Shift+KeyU');
  const dialog = page.getByTestId('follow-stream');
  await dialog.getByRole('heading', { name: 'Follow UDP Stream (udp.stream eq 0)' }).waitFor();
  assert.equal(await dialog.locator('.piece').count(), 2);
  await dialog.getByTestId('follow-close').click();
  await select(1);
  assert.equal(await page.getByTestId('open-follow').isDisabled(), true);
  await page.keyboard.press('Control+Alt+Shift+KeyT');
  await dialog.getByTestId('follow-none').waitFor();
  await dialog.getByTestId('follow-close').click();
});
