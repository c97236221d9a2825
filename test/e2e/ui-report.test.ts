// Making a report in the app (browser mode), as a student does for an assignment: the selected
// packet or the displayed ones, their name on it, the narrative from the side asked for; the
// report downloads as one HTML file.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';

let page: Page;
let close: () => Promise<void>;

before(async () => {
  ({ page, close } = await openBrowserMode());
  await page.waitForFunction(() => document.querySelector('[data-testid="packet-count"]')?.textContent === '18 packets');
});

after(() => close?.());

async function report(): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('make-report').click()]);
  assert.equal(download.suggestedFilename(), 'sample-report.html');
  return readFileSync((await download.path())!, 'utf8');
}

test('a report of the selected packet, with the student\'s name and the sender\'s narrative', async () => {
  await page.click('[data-testid="packet-list"] [data-number="5"]');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="5"]');
  await page.getByTestId('open-report').click();
  const bar = page.getByTestId('report-bar');
  await bar.getByRole('textbox', { name: 'Student' }).fill('Ada Lovelace');
  await bar.getByRole('textbox', { name: 'Title' }).fill('Lab 3: the TCP handshake');
  await bar.getByRole('combobox').selectOption('sender');
  await page.screenshot({ path: screenshotPath('report-bar') });
  const html = await report();
  assert.deepEqual([...html.matchAll(/<section class="packet" id="packet-(\d+)">/g)].map((m) => m[1]), ['5']);
  assert.match(html, /<h1>Lab 3: the TCP handshake<\/h1>/);
  assert.match(html, /<th>Student<\/th><td>Ada Lovelace<\/td>/);
  assert.match(html, /the sender builds the packet top down/);
});

test('a report of the displayed packets; the name is remembered for the next one', async () => {
  await page.getByTestId('filter-input').fill('icmp || icmpv6');
  await page.getByTestId('filter-input').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="packet-count"]')?.textContent?.startsWith('Displayed: 4'));
  await page.getByTestId('open-report').click();
  const bar = page.getByTestId('report-bar');
  await bar.getByRole('radio', { name: /^Displayed/ }).check();
  assert.equal(await bar.getByRole('textbox', { name: 'Student' }).inputValue(), 'Ada Lovelace');
  const html = await report();
  assert.deepEqual([...html.matchAll(/<section class="packet" id="packet-(\d+)">/g)].map((m) => m[1]), ['15', '16', '17', '18']);
  assert.match(html, /the receiver unwraps it bottom up/);
});

test('a figure is saved as a standalone SVG or a print-resolution PNG, captioned with the packet and capture', async () => {
  await page.getByTestId('filter-clear').click();
  await page.click('[data-testid="packet-list"] [data-number="5"]');
  await page.waitForSelector('[data-testid="header-diagram"][data-rendered-packet="5"]');
  const save = async (pane: string, item: RegExp) => {
    await page.locator(`${pane} >> xpath=..`).getByTestId('figure-menu').first().click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: item }).click()]);
    return { name: download.suggestedFilename(), data: readFileSync((await download.path())!) };
  };
  const svg = await save('[data-testid="header-diagram"]', /^As SVG$/);
  assert.equal(svg.name, 'packet-5-tcp-header.svg');
  const text = svg.data.toString('utf8');
  assert.match(text, /^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(text, /Packet 5 of sample\.pcapng: Transmission Control Protocol, Src Port: 40000/);
  assert.match(text, />Source Port</);
  // Colours are written on the shapes: the file looks the same without the app's stylesheet.
  assert.match(text, /<rect[^>]*style="[^"]*fill: /);
  assert.doesNotMatch(text, /class="/);

  const png = await save('[data-testid="layer-stack"]', /^As PNG$/);
  assert.equal(png.name, 'packet-5-layer-stack.png');
  assert.deepEqual([...png.data.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.data.readUInt32BE(16);
  const shown = await page.locator('[data-testid="layer-stack"] svg').evaluate((s) => Number(s.getAttribute('width')));
  assert.equal(width, Math.ceil(shown * 3), 'three pixels per screen pixel');

  // In the dark theme, "light for print" still gives a white figure.
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  const light = await save('[data-testid="header-diagram"]', /^As SVG, light for print$/);
  assert.match(light.data.toString('utf8'), /<rect width="100%" height="100%" fill="#fff(fff)?"/);
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), 'dark', 'the page keeps its theme');
  await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
});

test('with a conversation in the ladder, the report offers it and draws its ladder and statistics before the packets', async () => {
  await page.click('[data-testid="packet-list"] [data-number="8"]');
  await page.getByTestId('open-ladder').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="ladder-arrow"]').length === 10);
  await page.getByTestId('open-report').click();
  const bar = page.getByTestId('report-bar');
  await bar.getByRole('radio', { name: /^Selected packet/ }).check();
  assert.equal(await bar.getByTestId('report-conversation').isChecked(), true, 'offered, and ticked');
  assert.match((await bar.getByTestId('report-conversation').locator('..').textContent()) ?? '', /Include TCP conversation 0/);
  await page.screenshot({ path: screenshotPath('report-bar-conversation') });
  let html = await report();
  assert.match(html, /<section class="conversation" id="conversation" data-protocol="tcp" data-stream="0">/);
  assert.equal((html.match(/<g class="arrow /g) ?? []).length, 10, 'one arrow per packet of the conversation');
  assert.ok(html.indexOf('id="conversation"') < html.indexOf('id="packet-8"'));

  await page.getByTestId('open-report').click();
  await bar.getByTestId('report-conversation').uncheck();
  html = await report();
  assert.doesNotMatch(html, /class="conversation"/);

  // No ladder, no conversation to offer.
  await page.getByTestId('ladder').locator('..').getByRole('button', { name: 'Close the ladder' }).click();
  await page.getByTestId('open-report').click();
  assert.equal(await bar.getByTestId('report-conversation').count(), 0);
  await bar.getByRole('button', { name: 'Close the report bar' }).click();
});
