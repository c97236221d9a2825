// A live capture on `lo` from the UI: pick the interface, type a capture filter, press Start, and
// watch a TCP handshake between two local sockets appear in the list. Needs root (CI runs as root);
// traffic stays on 127.0.0.1 and the capture is always stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo } from 'node:net';
import { startBrowserServer } from '../../electron/server/browser-server.js';
import { ensureRendererBuilt, launchBrowser, screenshotPath } from './playwright-browser.js';

const skip = process.getuid?.() === 0 ? false : 'live capture needs root (CI runs as root)';

test('a live capture on lo shows a TCP handshake as it happens', { skip, timeout: 60_000 }, async () => {
  ensureRendererBuilt();
  const tcp = createServer((socket) => {
    socket.on('data', () => socket.end());
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as AddressInfo).port;
  const server = await startBrowserServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url);
    await page.locator('select[aria-label="Interface"]').focus();
    await page.waitForSelector('select[aria-label="Interface"] option[value="lo"]', { state: 'attached' });
    await page.selectOption('select[aria-label="Interface"]', 'lo');
    await page.fill('input[aria-label="Capture filter"]', `tcp port ${port}`);
    await page.click('[data-testid="capture-toggle"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="capture-toggle"]')?.textContent?.includes('Stop'));
    await page.waitForFunction(() => document.querySelector('[data-testid="packet-count"]')?.textContent?.startsWith('0 '));

    // One connection: handshake, data, close.
    await new Promise<void>((resolve, reject) => {
      const client = connect(port, '127.0.0.1', () => client.write('hello layerscope'));
      client.on('data', () => {});
      client.on('error', reject);
      client.on('close', () => resolve());
    });

    const infoOf = (n: number) => page.textContent(`[data-testid="packet-list"] [data-number="${n}"] .c-info`, { timeout: 10_000 });
    await page.waitForSelector('[data-testid="packet-list"] [data-number="3"]', { timeout: 10_000 });
    assert.match((await infoOf(1))!, new RegExp(`→ ${port} \\[SYN\\]`));
    assert.match((await infoOf(2))!, new RegExp(`${port} → \\d+ \\[SYN, ACK\\]`));
    assert.match((await infoOf(3))!, /\[ACK\]/);
    await page.screenshot({ path: screenshotPath('08-live-capture-handshake') });

    // More connections than the list can show: it follows the newest packets to the bottom.
    for (let i = 0; i < 6; i++) {
      await new Promise<void>((resolve, reject) => {
        const client = connect(port, '127.0.0.1', () => client.write(`again ${i}`));
        client.on('data', () => {});
        client.on('error', reject);
        client.on('close', () => resolve());
      });
    }
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="packet-count"]')?.textContent?.split(' ')[0]) >= 40, null, { timeout: 10_000 });
    await page.waitForTimeout(300);
    const count = Number((await page.textContent('[data-testid="packet-count"]'))!.split(' ')[0]);
    const last = page.locator(`[data-testid="packet-list"] [data-number="${count}"]`);
    await last.waitFor({ timeout: 5_000 });
    const box = (await last.boundingBox())!;
    const viewport = (await page.locator('[data-testid="packet-list"] .viewport').boundingBox())!;
    assert.ok(box.y + box.height <= viewport.y + viewport.height + 1 && box.y >= viewport.y, 'the newest packet is on screen');
    assert.equal(await page.locator('[data-testid="packet-list"] [data-number="1"]').count(), 0, 'the first packets have scrolled away');
    await page.screenshot({ path: screenshotPath('09-live-capture-follows') });

    // The new packets can be inspected while capturing: the SYN-ACK's layers.
    await page.locator('[data-testid="packet-list"]').focus();
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="1"]');
    await page.click('[data-testid="packet-list"] [data-number="2"]');
    await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="2"]');
    assert.ok(await page.isVisible('[data-testid="field-tree"] [data-layer="tcp"]'));

    await page.click('[data-testid="capture-toggle"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="capture-toggle"]')?.textContent?.includes('Start'));
    await page.screenshot({ path: screenshotPath('10-live-capture-stopped') });
  } finally {
    await server.service.request('capture.stop', {}).catch(() => undefined);
    await browser.close();
    await server.close();
    tcp.close();
  }
});
