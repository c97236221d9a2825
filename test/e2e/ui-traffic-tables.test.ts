// The Conversations and Endpoints windows in the browser, used as a student would: open
// Conversations on the sample, switch to the IPv4 tab, sort by bytes, click a conversation and
// see the packet list show only its packets; limit the table to a display filter; ignore a packet
// (Ctrl+D) and see it leave the table; open Endpoints and read each tab's count; and a capture of
// 3,000 conversations whose table draws only the rows near the screen and scrolls to its last.
// Screenshots go to test-results/screenshots/traffic-*.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';
import { udpFrame } from '../unit/tcp-frame-builder.js';
import { pcapFile } from '../fixtures/files/capture-bytes.js';

let page: Page;
let close: () => Promise<void>;

before(async () => {
  ({ page, close } = await openBrowserMode(undefined, { width: 1440, height: 900 }));
});

after(() => close?.());

/** The cells of the table's rows as drawn: each row's texts. */
function rowsOf(p: Page, testid: string): Promise<string[][]> {
  return p.$$eval(`[data-testid="${testid}-row"]`, (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

test('Conversations, IPv4 tab, sorted by bytes: a click on a conversation shows only its packets', async () => {
  await page.getByTestId('open-conversations').click();
  await page.getByTestId('conversations-tab-ip').click();
  // tshark -z conv,ip: 192.0.2.10 <-> 198.51.100.20 (12 packets, 1101 bytes) and <-> 198.51.100.53 (2, 169).
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversations-row"]').length === 2);
  assert.match((await page.getByTestId('conversations-tab-ip').textContent())!, /IPv4 · 2/);
  await page.getByTestId('conversations-sort-bytes').click();
  await page.waitForFunction(() => document.querySelector('th:has([data-testid="conversations-sort-bytes"])')?.getAttribute('aria-sort') === 'descending');
  assert.deepEqual((await rowsOf(page, 'conversations')).map((r) => r.slice(0, 4)), [
    ['192.0.2.10', '198.51.100.20', '12', '1,101'],
    ['192.0.2.10', '198.51.100.53', '2', '169'],
  ]);
  await page.getByTestId('conversations-sort-bytes').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="conversations-row"] td:nth-child(4)')?.textContent === '169');
  await page.screenshot({ path: screenshotPath('traffic-1-conversations-ipv4') });

  await page.getByTestId('conversations-row').first().click();
  await page.waitForFunction(() => /^Displayed: 2 packets of \d+/.test(document.querySelector('[data-testid="packet-count"]')?.textContent ?? ''));
  assert.equal(await page.getByTestId('filter-input').inputValue(), 'ip.addr==192.0.2.10 && ip.addr==198.51.100.53');
  assert.deepEqual(await page.$$eval('[data-testid="packet-list"] [data-number]', (rows) => rows.map((r) => r.getAttribute('data-number'))), ['3', '4']);
  await page.screenshot({ path: screenshotPath('traffic-2-conversation-filtered') });
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('open-conversations').click();
});

test('Limit to display filter: with dns applied, Conversations counts only the DNS packets, and every packet again when unticked', async () => {
  await page.getByTestId('filter-input').fill('dns');
  await page.getByTestId('filter-input').press('Enter');
  await page.waitForFunction(() => /^Displayed: 2 packets of \d+/.test(document.querySelector('[data-testid="packet-count"]')?.textContent ?? ''));
  await page.getByTestId('open-conversations').click();
  await page.getByTestId('conversations-tab-ip').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversations-row"]').length === 2);
  await page.getByTestId('conversations-limit').check();
  // tshark -z conv,ip,dns: the lookup alone, 192.0.2.10 <-> 198.51.100.53, 2 packets, 169 bytes.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversations-row"]').length === 1);
  assert.match((await page.getByTestId('conversations-tab-ip').textContent())!, /IPv4 · 1/);
  assert.match((await page.getByTestId('conversations-tab-tcp').textContent())!, /TCP · 0/);
  assert.deepEqual((await rowsOf(page, 'conversations')).map((r) => r.slice(0, 4)), [['192.0.2.10', '198.51.100.53', '2', '169']]);
  await page.screenshot({ path: screenshotPath('traffic-2b-limited-to-filter') });
  await page.getByTestId('conversations-limit').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversations-row"]').length === 2);
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('open-conversations').click();
});

test('Ctrl+D on a packet takes it out of the open Conversations table, and again brings it back', async () => {
  await page.getByTestId('open-conversations').click();
  await page.getByTestId('conversations-tab-ip').click();
  const dnsPackets = () => page.$$eval('[data-testid="conversations-row"]', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)).find((cells) => cells[1] === '198.51.100.53')?.[2]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversations-row"]').length === 2);
  assert.equal(await dnsPackets(), '2');
  await page.locator('[data-testid="packet-list"] [data-number="4"]').click();
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="4"]');
  await page.keyboard.press('Control+d');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="conversations-row"]')].some((r) => r.querySelectorAll('td')[1]?.textContent === '198.51.100.53' && r.querySelectorAll('td')[2]?.textContent === '1'));
  await page.keyboard.press('Control+d');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="conversations-row"]')].some((r) => r.querySelectorAll('td')[1]?.textContent === '198.51.100.53' && r.querySelectorAll('td')[2]?.textContent === '2'));
  await page.getByTestId('open-conversations').click();
});

test('Endpoints: each tab counts the endpoints tshark -z endpoints counts; IPv4 lists what each sent and received', async () => {
  await page.getByTestId('open-endpoints').click();
  const tabs = { eth: /Ethernet · 3/, ip: /IPv4 · 3/, ipv6: /IPv6 · 2/, tcp: /TCP · 2/, udp: /UDP · 2/ };
  for (const [type, count] of Object.entries(tabs)) {
    await page.waitForFunction(([t, source]) => new RegExp(source).test(document.querySelector(`[data-testid="endpoints-tab-${t}"]`)?.textContent ?? ''), [type, count.source] as const);
  }
  await page.getByTestId('endpoints-tab-ip').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="endpoints-row"]').length === 3);
  assert.deepEqual(await rowsOf(page, 'endpoints'), [
    ['192.0.2.10', '14', '1,270', '8', '652', '6', '618'],
    ['198.51.100.20', '12', '1,101', '5', '520', '7', '581'],
    ['198.51.100.53', '2', '169', '1', '98', '1', '71'],
  ]);
  await page.getByTestId('endpoints-tab-tcp').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="endpoints-row"] td:nth-child(2)')?.textContent === '40000');
  await page.screenshot({ path: screenshotPath('traffic-3-endpoints') });
  await page.getByTestId('endpoints-row').first().click();
  await page.waitForFunction(() => /^Displayed: 10 packets of \d+/.test(document.querySelector('[data-testid="packet-count"]')?.textContent ?? ''));
  assert.equal(await page.getByTestId('filter-input').inputValue(), 'ip.addr==192.0.2.10 && tcp.port==40000');
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('open-endpoints').click();
});

/** A pcap of 3,000 UDP conversations, one datagram each, from 10.1.x.y to 10.2.0.1. */
function manyConversations(dir: string): string {
  const frames = Array.from({ length: 3000 }, (_, i) => ({
    seconds: 1_700_000_000,
    fraction: i * 100,
    data: udpFrame({ src: `10.1.${i >> 8}.${i & 0xff}`, dst: '10.2.0.1', sport: 1024 + i, dport: 9, payload: Array(i % 50).fill(0x61) }),
  }));
  const path = join(dir, 'many-conversations.pcap');
  writeFileSync(path, pcapFile({}, frames));
  return path;
}

test('3,000 conversations: only the rows near the screen are drawn, and the table scrolls to its last', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-traffic-'));
  const many = await openBrowserMode(manyConversations(dir), { width: 1440, height: 900 });
  try {
    const p = many.page;
    await p.getByTestId('open-conversations').click();
    await p.getByTestId('conversations-tab-ip').click();
    await p.waitForFunction(() => /IPv4 · 3,000/.test(document.querySelector('[data-testid="conversations-tab-ip"]')?.textContent ?? ''));
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="conversations-row"]').length > 0);
    const drawn = await p.locator('[data-testid="conversations-row"]').count();
    assert.ok(drawn <= 300, `${drawn} rows drawn of 3,000`);
    // Sorted by address, the last is 10.1.11.183 (the 3,000th source).
    await p.getByTestId('conversations-sort-a').click();
    await p.getByTestId('conversations-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await p.waitForFunction(() => [...document.querySelectorAll('[data-testid="conversations-row"] td:first-child')].some((td) => td.textContent === '10.1.11.183'));
    assert.ok((await p.locator('[data-testid="conversations-row"]').count()) <= 300);
    await p.screenshot({ path: screenshotPath('traffic-4-many-conversations') });
  } finally {
    await many.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
