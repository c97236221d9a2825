// A VXLAN-encapsulated TCP SYN in the visualiser: the layer stack draws the outer headers and the
// frame carried inside on their layers, the inner ones marked as encapsulated. Screenshot in
// test-results/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';

const CAPTURE = fileURLToPath(new URL('../fixtures/packets/vxlan-geneve.pcap', import.meta.url));

let page: Page;
let close: () => Promise<void>;

before(async () => {
  ({ page, close } = await openBrowserMode(CAPTURE));
});

after(() => close?.());

test('the layers of the frame VXLAN carries are drawn as encapsulated, the outer ones are not', async () => {
  await page.click('[data-testid="packet-list"] [data-number="1"]');
  await page.waitForSelector('[data-testid="layer-stack"][data-rendered-packet="1"]');
  const segments = await page.$$eval('[data-testid="layer-stack"] [data-row^="osi-"] .segment', (els) =>
    els.map((e) => `${(e as HTMLElement).dataset.protocol}:${(e as HTMLElement).dataset.encapsulation}`),
  );
  for (const outer of ['eth:0', 'ip:0', 'udp:0', 'vxlan:0']) assert.ok(segments.includes(outer), `${outer} in ${segments.join(' ')}`);
  for (const inner of ['eth:1', 'ip:1', 'tcp:1']) assert.ok(segments.includes(inner), `${inner} in ${segments.join(' ')}`);
  assert.equal(await page.locator('[data-testid="layer-stack"] .segment.encapsulated .inner-mark').count() > 0, true);
  await page.screenshot({ path: screenshotPath('tunnel-vxlan-syn') });
});
