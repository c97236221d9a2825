// A fragmented datagram in the app (browser mode, Chromium): the fragment that completes it has two
// tabs in the bytes pane, the frame's bytes and the reassembled ones, as Wireshark has; selecting
// the UDP layer, which lies in the reassembled bytes, shows their tab with its 8 header bytes lit,
// and hovering a byte there names a field of that source.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';

const CAPTURE = fileURLToPath(new URL('../fixtures/packets/ipv4-fragments.pcap', import.meta.url));

let app: Awaited<ReturnType<typeof openBrowserMode>>;
let page: Page;

before(async () => {
  app = await openBrowserMode(CAPTURE);
  page = app.page;
});

after(async () => {
  await app?.close();
});

const pane = '[data-testid="bytes-pane"]';
const tabs = '[data-testid="bytes-tabs"] [role="tab"]';

test('the first fragment has only its frame\'s bytes: no tabs', async () => {
  await page.click('[data-testid="packet-list"] [data-number="1"]');
  await page.waitForSelector(`${pane}[data-rendered-packet="1"]`);
  assert.equal(await page.locator(tabs).count(), 0);
});

test('the last fragment: two tabs; the UDP layer lights its bytes in the Reassembled tab', async () => {
  await page.click('[data-testid="packet-list"] [data-number="2"]');
  await page.waitForSelector(`${pane}[data-rendered-packet="2"]`);
  assert.deepEqual(await page.locator(tabs).allTextContents(), ['Frame (50 bytes)', 'Reassembled IPv4 (48 bytes)']);
  assert.equal(await page.locator(pane).getAttribute('data-source'), '0');
  await page.click('[data-testid="field-tree"] [data-layer="udp"]');
  await page.waitForSelector(`${pane}[data-source="1"]`);
  assert.equal(await page.locator(tabs).nth(1).getAttribute('aria-selected'), 'true');
  // 48 bytes shown, the first 8 (the UDP header) lit in hex and in ASCII.
  assert.equal(await page.locator(`${pane} .b`).count(), 48);
  const lit = await page.locator(`${pane} .b.sel`).evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.offset)));
  assert.deepEqual(lit, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(await page.locator(`${pane} .a.sel`).count(), 8);
  await page.screenshot({ path: screenshotPath('bytes-reassembled-tab') });
});

test('hovering a reassembled byte names that source\'s field; clicking selects it; the Frame tab goes back', async () => {
  await page.hover(`${pane} .b[data-offset="20"]`);
  await page.waitForFunction(() => document.querySelector('[data-testid="bytes-status"]')?.textContent?.includes('(data.data)'));
  await page.click(`${pane} .b[data-offset="20"]`);
  const selected = page.locator('[data-testid="field-tree"] [aria-selected="true"]');
  assert.equal(await selected.getAttribute('data-field-name'), 'data.data');
  assert.equal(await page.locator(`${pane} .b.sel`).count(), 40);
  await page.locator(tabs).nth(0).click();
  await page.waitForSelector(`${pane}[data-source="0"]`);
  assert.equal(await page.locator(`${pane} .b`).count(), 50);
  // The IP header's Time to Live lies in the frame: selecting it stays on (or returns to) the frame.
  await page.locator(tabs).nth(1).click();
  await page.click('[data-testid="field-tree"] [data-field-name="ip.ttl"]');
  await page.waitForSelector(`${pane}[data-source="0"]`);
  assert.deepEqual(await page.locator(`${pane} .b.sel`).evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.offset))), [22]);
});
