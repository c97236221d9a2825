// A workspace that fits: the panes' borders can be dragged (or moved with the arrow keys), the
// learning panes folded away, and the browser remembers both across a reload.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';

let page: Page;
let close: () => Promise<void>;

before(async () => {
  ({ page, close } = await openBrowserMode());
});

after(() => close?.());

const heightOf = async (selector: string) => (await page.locator(selector).boundingBox())!.height;
const widthOf = async (selector: string) => (await page.locator(selector).boundingBox())!.width;

test('dragging the border under the packet list makes it taller, and a reload keeps it so', async () => {
  const before = await heightOf('section.list');
  const splitter = page.getByRole('separator', { name: 'Resize the packet list' });
  const box = (await splitter.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 100, { steps: 5 });
  await page.mouse.up();
  const after = await heightOf('section.list');
  assert.ok(Math.abs(after - before - 100) <= 2, `list height ${before} → ${after}`);
  await page.reload();
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
  assert.ok(Math.abs((await heightOf('section.list')) - after) <= 2, 'the height is remembered');
});

test('the border of the learning column moves with the arrow keys too', async () => {
  const before = await widthOf('.right-column');
  const splitter = page.getByRole('separator', { name: 'Resize the layer stack and narrative' });
  await splitter.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.ok(Math.abs((await widthOf('.right-column')) - before - 32) <= 2, 'two steps left widen the right column by 32 px');
});

test('folding the layer stack gives the narrative the whole column, until it is shown again', async () => {
  const before = await heightOf('section.story');
  await page.getByRole('button', { name: 'Fold away the layer stack' }).click();
  assert.equal(await page.locator('[data-testid="layer-stack"]').count(), 0);
  assert.ok((await heightOf('section.story')) > before + 150, 'the narrative grew into the room');
  await page.screenshot({ path: screenshotPath('layout-stack-folded') });
  await page.reload();
  await page.getByRole('button', { name: 'Show the layer stack' }).click();
  await page.waitForSelector('[data-testid="layer-stack"]');
});

test('the time column shows the format chosen in its header, remembered across a reload', async () => {
  const cell = () => page.locator('[data-testid="packet-list"] [data-number="5"] .c-time').textContent();
  assert.equal(await cell(), '0.020410');
  await page.getByLabel('Time display format').selectOption('utc');
  assert.equal(await cell(), '2025-01-01 12:00:00.020410');
  await page.getByLabel('Time display format').selectOption('delta');
  assert.equal(await cell(), '0.000537');
  await page.reload();
  await page.waitForSelector('[data-testid="packet-list"] [data-number="5"]');
  assert.equal(await cell(), '0.000537');
  await page.getByLabel('Time display format').selectOption('relative');
});

test('list columns: dragged wider at the header, hidden from the header menu, both remembered', async () => {
  const source = () => page.locator('[data-testid="packet-list"] [data-number="3"] .c-src').boundingBox();
  const before = (await source())!.width;
  const grip = page.getByRole('separator', { name: 'Resize the Source column' });
  const box = (await grip.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 62, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  assert.ok(Math.abs((await source())!.width - before - 60) <= 2, 'the Source column is 60 px wider');

  await page.locator('[data-testid="packet-list"] .head').click({ button: 'right' });
  await page.getByTestId('columns-menu').getByRole('menuitemcheckbox', { name: 'Protocol' }).click();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid="packet-list"] [data-number="3"] .c-proto').isVisible(), false);
  await page.reload();
  await page.waitForSelector('[data-testid="packet-list"] [data-number="3"]');
  assert.equal(await page.locator('[data-testid="packet-list"] [data-number="3"] .c-proto').isVisible(), false, 'still hidden');
  assert.ok(Math.abs((await source())!.width - before - 60) <= 2, 'still wider');
  // A cut-off cell shows its whole text on hover.
  assert.match((await page.locator('[data-testid="packet-list"] [data-number="4"] .c-info').getAttribute('title'))!, /^Standard query response 0x2b7e A example\.com A 198\.51\.100\.20$/);
});
