// The visualiser end to end: the real browser-mode server and service, the built renderer, driven
// in headless Chromium. Each step saves a screenshot to test-results/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.js';
import { ensureRendererBuilt, launchBrowser, screenshotPath } from './playwright-browser.js';
import { SYN_NUMBER, writeUiCapture } from './ui-capture-file.js';

let dir: string;
let server: BrowserServer;
let browser: Browser;
let page: Page;
let total: number;

before(async () => {
  ensureRendererBuilt();
  dir = mkdtempSync(join(tmpdir(), 'layerscope-ui-'));
  const file = join(dir, 'handshake.pcap');
  total = writeUiCapture(file);
  server = await startBrowserServer({ file });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (err) => console.error('page error:', err.message));
  await page.goto(server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Offsets of the bytes lit in the hex column. */
async function litBytes(): Promise<number[]> {
  return page.$$eval('[data-testid="bytes-pane"] .b.sel', (els) => els.map((e) => Number((e as HTMLElement).dataset.offset)));
}

/** Rows of both models currently lit. */
async function litRows(): Promise<string[]> {
  return page.$$eval('[data-testid="layer-stack"] [data-lit="true"]', (els) => els.map((e) => (e as HTMLElement).dataset.row!));
}

async function selectPacket(number: number): Promise<void> {
  await page.click(`[data-testid="packet-list"] [data-number="${number}"]`);
  await page.waitForSelector(`[data-testid="field-tree"][data-rendered-packet="${number}"]`);
}

test('opening a capture lists its packets with Wireshark\'s columns', async () => {
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="packet-count"]')?.textContent?.startsWith(`${n} `), total);
  const syn = await page.textContent(`[data-number="${SYN_NUMBER}"]`);
  assert.match(syn!, /10\.0\.0\.1/);
  assert.match(syn!, /TCP/);
  assert.match(syn!, /\[SYN\]/);
  // Virtualised: far fewer rows in the DOM than packets in the file.
  const rendered = await page.$$eval('[data-testid="packet-list"] [role="row"][data-number]', (els) => els.length);
  assert.ok(rendered < total, `${rendered} rows rendered for ${total} packets`);
  await page.screenshot({ path: screenshotPath('01-opened') });
});

test('selecting the SYN, then tcp.flags.syn in the tree: its byte is lit, its bit marked, transport lit in both models', async () => {
  await selectPacket(SYN_NUMBER);
  await page.click('[data-field-name="tcp.flags"] .twisty');
  await page.click('[data-field-name="tcp.flags.syn"]');
  assert.equal(await page.getAttribute('[data-field-name="tcp.flags.syn"]', 'aria-selected'), 'true');
  // Ethernet 14 + IPv4 20 = TCP at 34; the flags' low byte is byte 13 of the TCP header: 47.
  assert.deepEqual(await litBytes(), [47]);
  const asciiLit = await page.$$eval('[data-testid="bytes-pane"] .a.sel', (els) => els.map((e) => Number((e as HTMLElement).dataset.offset)));
  assert.deepEqual(asciiLit, [47], 'the same byte is lit in the ASCII column');
  // The bit strip shows byte 47's eight bits; SYN is its bit 6 (mask 0x02): exactly that one is marked.
  assert.equal(await page.locator('[data-testid="bit-strip"] [data-bit]').count(), 8);
  const marked = await page.$$eval('[data-testid="bit-strip"] [data-in-field="true"]', (els) => els.map((e) => Number((e as HTMLElement).dataset.bit)));
  assert.deepEqual(marked, [6]);
  assert.deepEqual((await litRows()).sort(), ['osi-4', 'tcpip-transport']);
  const explanation = await page.textContent('[data-testid="field-explanation"]');
  assert.match(explanation!, /tcp\.flags\.syn/);
  assert.match(explanation!, /RFC/);
  // The diagram shows the TCP header with the SYN bit as a one-bit box, selected.
  const synBox = page.locator('[data-testid="header-diagram"] g.box[data-field-name="tcp.flags.syn"]');
  assert.equal(await synBox.getAttribute('data-bit-width'), '1');
  assert.match((await synBox.getAttribute('class'))!, /selected/);
  await page.screenshot({ path: screenshotPath('02-syn-flag-selected') });
});

test('clicking a byte selects the deepest field that owns it', async () => {
  // Byte 26 is the first byte of the IPv4 source address.
  await page.click('[data-testid="bytes-pane"] .b[data-offset="26"]');
  assert.equal(await page.getAttribute('[data-field-name="ip.src"]', 'aria-selected'), 'true');
  assert.deepEqual(await litBytes(), [26, 27, 28, 29]);
  assert.deepEqual((await litRows()).sort(), ['osi-3', 'tcpip-internet']);
  // A byte inside the MSS option selects the MSS value, not the option around it.
  await page.click('[data-testid="bytes-pane"] .b[data-offset="57"]');
  assert.equal(await page.getAttribute('[data-field-name="tcp.options.mss_val"]', 'aria-selected'), 'true');
  assert.deepEqual(await litBytes(), [56, 57]);
  await page.screenshot({ path: screenshotPath('03-byte-selects-field') });
});

test('clicking the network layer in the stack lights the whole IPv4 header', async () => {
  await page.click('[data-testid="layer-stack"] [data-row="osi-3"] .segment[data-protocol="ip"]');
  assert.deepEqual(await litBytes(), Array.from({ length: 20 }, (_, i) => 14 + i));
  assert.equal(await page.getAttribute('[data-layer="ip"]', 'aria-selected'), 'true', 'the IPv4 header is selected in the tree');
  assert.deepEqual((await litRows()).sort(), ['osi-3', 'tcpip-internet']);
  assert.equal(await page.getAttribute('[data-testid="header-diagram"]', 'data-protocol'), 'ip', 'the diagram shows the IPv4 header');
  await page.screenshot({ path: screenshotPath('04-network-layer-selected') });
});

test('the tree takes Wireshark\'s keys: Down moves to the next field, Left goes up to the layer, bytes follow', async () => {
  await page.click('[data-field-name="ip.ttl"]');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('[data-field-name="ip.proto"]', 'aria-selected'), 'true');
  assert.deepEqual(await litBytes(), [23]);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getAttribute('[data-layer="ip"]', 'aria-selected'), 'true');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getAttribute('[data-layer="ip"]', 'aria-expanded'), 'false', 'Left on an open layer closes it');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('[data-layer="ip"]', 'aria-expanded'), 'true');
});

test('the narrative reads the layers bottom-up for the receiver and top-down for the sender', async () => {
  const first = () => page.$eval('[data-testid="narrative"] li', (e) => (e as HTMLElement).dataset.osi);
  assert.equal(await first(), '1');
  await page.click('button:has-text("Sender")');
  assert.equal(await first(), '7');
  const transport = await page.textContent('[data-testid="narrative"] li[data-osi="4"]');
  assert.match(transport!, /TCP from port 40000 to port 80; SYN asks to open a connection; the client proposes MSS 1460/);
  await page.screenshot({ path: screenshotPath('05-sender-view') });
});

test('keyboard navigation moves the selection like Wireshark', async () => {
  await page.focus('[data-testid="packet-list"]');
  const selected = () => page.getAttribute('[data-testid="packet-list"] [aria-selected="true"]', 'data-number').then(Number);
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector(`[data-testid="field-tree"][data-rendered-packet="${SYN_NUMBER + 1}"]`);
  assert.equal(await selected(), SYN_NUMBER + 1);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="1"]');
  assert.equal(await selected(), 1);
  await page.keyboard.press('End');
  await page.waitForSelector(`[data-testid="field-tree"][data-rendered-packet="${total}"]`);
  assert.equal(await selected(), total, 'End selects the last packet, scrolled into view');
  await page.keyboard.press('Home');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="1"]');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="field-tree"]')?.getAttribute('data-rendered-packet')) > 2);
  const afterPage = await selected();
  assert.ok(afterPage > 2 && afterPage < total, `Page Down moved a screenful (to ${afterPage})`);
  await page.screenshot({ path: screenshotPath('06-keyboard-navigation') });
});

test('Save downloads the packets as pcapng (browser mode)', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Save")')]);
  assert.match(download.suggestedFilename(), /\.pcapng$/);
  const saved = join(dir, 'saved.pcapng');
  await download.saveAs(saved);
  // A pcapng file starts with a Section Header Block.
  assert.equal(readFileSync(saved).readUInt32LE(0), 0x0a0d0d0a);
});

test('a file picked with Open is uploaded and shown', async () => {
  const other = join(dir, 'uploaded.pcap');
  const count = writeUiCapture(other);
  await page.setInputFiles('[data-testid="file-input"]', other);
  await page.waitForFunction(() => document.querySelector('.toolbar .name')?.textContent?.includes('uploaded.pcap'));
  await page.waitForFunction((n) => document.querySelector('[data-testid="packet-count"]')?.textContent?.startsWith(`${n} `), count);
  assert.equal(await page.getAttribute('[data-testid="field-tree"]', 'data-rendered-packet'), '', 'nothing stays selected from the previous capture');
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
});

test('a capture dropped on the window opens', async () => {
  const dropped = join(dir, 'dropped.pcap');
  writeUiCapture(dropped);
  const base64 = readFileSync(dropped).toString('base64');
  await page.evaluate((data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'dropped.pcap'));
    const target = document.querySelector('.app')!;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, base64);
  await page.waitForFunction(() => document.querySelector('.toolbar .name')?.textContent?.includes('dropped.pcap'));
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
});

test('dark theme', async () => {
  await selectPacket(SYN_NUMBER);
  await page.click('button[aria-label="Toggle theme"]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.screenshot({ path: screenshotPath('07-dark-theme') });
  await page.click('button[aria-label="Toggle theme"]');
});
