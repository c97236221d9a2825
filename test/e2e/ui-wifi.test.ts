// A Wi-Fi beacon in the visualiser: radiotap on the physical layer (what the radio measured),
// 802.11 on the data link layer with its SSID in the tree, and the header diagram of 802.11.
// Screenshot in test-results/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';

const CAPTURE = fileURLToPath(new URL('../fixtures/packets/wifi-radiotap.pcap', import.meta.url));

let page: Page;
let close: () => Promise<void>;

before(async () => {
  ({ page, close } = await openBrowserMode(CAPTURE));
});

after(() => close?.());

test('a beacon frame: radiotap is the physical layer, 802.11 the data link, its SSID named in the tree', async () => {
  await page.click('[data-testid="packet-list"] [data-number="1"]');
  await page.waitForSelector('[data-testid="layer-stack"][data-rendered-packet="1"]');
  assert.match((await page.locator('[data-testid="packet-list"] [data-number="1"]').textContent())!, /Beacon frame, SN=100, FN=0, Flags=\.{8}, BI=100, SSID="Layerscope-Lab"/);
  const rows = await page.$$eval('[data-testid="layer-stack"] [data-row^="osi-"]', (els) =>
    els.map((row) => `${(row as HTMLElement).dataset.row}:${[...row.querySelectorAll('.segment')].map((s) => (s as HTMLElement).dataset.protocol).join(',')}`),
  );
  assert.ok(rows.includes('osi-1:frame,radiotap'), rows.join(' '));
  assert.ok(rows.some((r) => r.startsWith('osi-2:') && r.includes('wlan')), rows.join(' '));
  assert.match((await page.locator('[data-testid="field-tree"] [data-layer="wlan.mgt"]').first().textContent())!, /IEEE 802\.11 Wireless Management/);
  await page.locator('[data-testid="layer-stack"] .segment[data-protocol="wlan"]').first().click();
  await page.waitForSelector('[data-testid="header-diagram"][data-protocol="wlan"]');
  assert.ok((await page.locator('[data-testid="header-diagram"] [data-field-name="wlan.fc.type_subtype"], [data-testid="header-diagram"] [data-field-name="wlan.fc"]').count()) > 0);
  await page.screenshot({ path: screenshotPath('wifi-beacon') });
});
