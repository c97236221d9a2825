// The ladder diagram in the browser, used as a student would: open the sample's TCP conversation
// from a packet, read the handshake's arrows (who sent what, in which order, with which numbers),
// click an arrow and see the packet selected everywhere, select a packet in the list and see its
// arrow lit, save the figure; open it from the Conversations table and filter to it; scroll a
// long conversation; and watch a conversation on `lo` grow live. Screenshots go to
// test-results/screenshots/ladder-*.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { ensureRendererBuilt, launchBrowser, openBrowserMode, screenshotPath } from './playwright-browser.js';
import { startBrowserServer } from '../../electron/server/browser-server.js';
import { longConversation } from '../fixtures/long-tcp-conversation.js';
import type { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { Field } from '../../electron/dissect/field-model.js';

let page: Page;
let service: LayerscopeService;
let close: () => Promise<void>;

before(async () => {
  let server;
  ({ page, close, server } = await openBrowserMode(undefined, { width: 1440, height: 900 }));
  service = server.service;
});

after(() => close?.());

/** The arrows drawn, in the order they are drawn (top to bottom), as "number direction flags". */
async function arrows(): Promise<string[]> {
  return page.$$eval('[data-testid="ladder-arrow"]', (nodes) =>
    nodes.map((n) => `${n.getAttribute('data-number')} ${n.getAttribute('data-direction')} ${n.getAttribute('data-flags')}`),
  );
}

/** Whether the engine gives each side's TCP state (tcp.state.src / tcp.state.dst, being added to TCP analysis). */
async function engineHasStates(number: number): Promise<boolean> {
  const { packet } = await service.request('packet.get', { number });
  const has = (fields: readonly Field[]): boolean => fields.some((f) => f.name === 'tcp.state.src' || has(f.children));
  return packet.layers.some((l) => has(l.fields));
}

test('the sample\'s TCP conversation as a ladder: handshake arrows in order, labelled, grouped; click and selection go both ways; saved as SVG', async () => {
  // The SYN in the packet list, then Ladder for its conversation.
  await page.getByTestId('packet-list').locator('[data-number="5"]').click();
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="5"]');
  await page.getByTestId('open-ladder').click();
  const ladder = page.getByTestId('ladder');
  await ladder.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="ladder-arrow"]').length === 10);
  assert.equal(await ladder.getAttribute('data-total'), '10');
  assert.match((await page.getByTestId('ladder-title').textContent())!, /TCP conversation 0/);
  assert.equal(await page.getByTestId('ladder-endpoint-a').textContent(), '192.0.2.10:40000');
  assert.equal(await page.getByTestId('ladder-endpoint-b').textContent(), '198.51.100.20:80');

  // One arrow per packet, in capture order, from its sender to its receiver.
  assert.deepEqual(await arrows(), [
    '5 AtoB SYN',
    '6 BtoA SYN, ACK',
    '7 AtoB ACK',
    '8 AtoB PSH, ACK',
    '9 BtoA ACK',
    '10 BtoA PSH, ACK',
    '11 AtoB ACK',
    '12 AtoB FIN, ACK',
    '13 BtoA FIN, ACK',
    '14 AtoB ACK',
  ]);
  // Each arrow goes down the page in that order, and A→B arrows point right, B→A left.
  const geometry = await page.$$eval('[data-testid="ladder-arrow"] line', (lines) =>
    lines.map((l) => ({ x1: Number(l.getAttribute('x1')), x2: Number(l.getAttribute('x2')), y1: Number(l.getAttribute('y1')) })),
  );
  for (let i = 1; i < geometry.length; i++) assert.ok(geometry[i].y1 > geometry[i - 1].y1, `arrow ${i + 1} is below arrow ${i}`);
  assert.ok(geometry[0].x2 > geometry[0].x1 && geometry[1].x2 < geometry[1].x1 && geometry[2].x2 > geometry[2].x1);

  // Labels: flags, relative Seq/Ack, Len.
  const label = (n: number) => page.locator(`[data-testid="ladder-arrow"][data-number="${n}"]`).textContent();
  assert.match((await label(5))!, /SYN.*Seq=0 Len=0/);
  assert.match((await label(6))!, /SYN, ACK.*Seq=0 Ack=1 Len=0/);
  assert.match((await label(7))!, /ACK.*Seq=1 Ack=1 Len=0/);
  assert.match((await label(8))!, /PSH, ACK.*Seq=1 Ack=1 Len=87/);
  assert.match((await label(13))!, /FIN, ACK.*Seq=159 Ack=89 Len=0/);

  // The handshake (SYN … ACK) and the teardown (first FIN … end) are grouped and named.
  const groups = await page.$$eval('[data-testid="ladder-group"]', (nodes) => nodes.map((n) => `${n.getAttribute('data-kind')}: ${n.textContent}`));
  assert.deepEqual(groups, ['handshake: Three-way handshake', 'teardown: Connection teardown']);
  const band = async (kind: string) => (await page.locator(`[data-testid="ladder-group"][data-kind="${kind}"] rect`).boundingBox())!;
  const arrowBox = async (n: number) => (await page.locator(`[data-testid="ladder-arrow"][data-number="${n}"] line`).boundingBox())!;
  const handshake = await band('handshake');
  assert.ok(handshake.y <= (await arrowBox(5)).y && handshake.y + handshake.height >= (await arrowBox(7)).y, 'the handshake band covers SYN to ACK');
  assert.ok(handshake.y + handshake.height < (await arrowBox(8)).y, 'and stops before the data');
  const teardown = await band('teardown');
  assert.ok(teardown.y <= (await arrowBox(12)).y && teardown.y > (await arrowBox(11)).y, 'the teardown starts at the first FIN');

  // Each side's TCP state where it changes (the engine's tcp.state.src/dst).
  assert.ok(await engineHasStates(5), 'the engine gives each side\'s state');
  {
    const states = await page.$$eval('[data-testid="ladder-state"]', (nodes) => nodes.map((n) => `${n.getAttribute('data-index')} ${n.getAttribute('data-side')} ${n.textContent}`));
    assert.ok(states.includes('0 a SYN-SENT'), `A is SYN-SENT after its SYN: ${states}`);
    // B is SYN-RECEIVED once the SYN has reached it (RFC 9293: LISTEN, rcv SYN, snd SYN,ACK), at the latest after its SYN-ACK.
    assert.ok(states.some((s) => /^[01] b SYN-RECEIVED$/.test(s)), `B is SYN-RECEIVED: ${states}`);
    assert.ok(states.some((s) => /^\d+ a ESTABLISHED$/.test(s)) && states.some((s) => /^\d+ b ESTABLISHED$/.test(s)), `both ESTABLISHED: ${states}`);
    // A sent the first FIN (packet 12): A is the one left in TIME-WAIT (once B's FIN reaches it).
    assert.ok(states.some((s) => /^(8|9) a TIME-WAIT$/.test(s)), `A ends in TIME-WAIT: ${states}`);
    assert.ok(!states.some((s) => / b TIME-WAIT$/.test(s)), `B does not: ${states}`);
  }
  await page.screenshot({ path: screenshotPath('ladder-1-sample-conversation') });

  // Beside the ladder, RFC 9293's state diagram follows the selected segment: after the SYN the
  // client (its sender) is in SYN-SENT and the server (its receiver) went LISTEN → SYN-RECEIVED.
  const diagram = page.getByTestId('tcp-state-diagram');
  const lit = async () => ({
    sender: await diagram.locator('.node.lit-sender').getAttribute('data-node'),
    receiver: await diagram.locator('.node.lit-receiver').getAttribute('data-node'),
    taken: await diagram.locator('.edge.by-sender, .edge.by-receiver').evaluateAll((edges) => edges.map((e) => e.getAttribute('data-edge'))),
  });
  assert.deepEqual(await lit(), { sender: 'syn-sent', receiver: 'syn-received', taken: ['closed>syn-sent', 'listen>syn-received'] });
  assert.match((await diagram.getByTestId('tcp-state-receiver').textContent())!, /198\.51\.100\.20:80: LISTEN → SYN-RECEIVED, by “rcv SYN \/ snd SYN,ACK”/);
  // The SYN-ACK reaching the client moves it SYN-SENT → ESTABLISHED ("rcv SYN,ACK / snd ACK").
  await page.locator('[data-testid="ladder-arrow"][data-number="6"]').click();
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="6"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="tcp-state-diagram"] .node.lit-receiver')?.getAttribute('data-node') === 'established');
  assert.deepEqual((await lit()).taken, ['syn-sent>established']);
  await page.screenshot({ path: screenshotPath('ladder-state-diagram') });

  // Clicking an arrow selects its packet in the list and the details.
  await page.locator('[data-testid="ladder-arrow"][data-number="8"]').click();
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="8"]');
  assert.equal(await page.getByTestId('packet-list').locator('[data-number="8"]').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('[data-testid="ladder-arrow"][data-number="8"]').getAttribute('aria-pressed'), 'true');
  // The keyboard walks the conversation: ↓ selects the next packet of it.
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="9"]');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-number')), '9');

  // Selecting a packet in the list lights its arrow (and no other).
  await page.getByTestId('packet-list').locator('[data-number="13"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="ladder-arrow"][data-number="13"]')?.getAttribute('aria-pressed') === 'true');
  assert.deepEqual(await page.$$eval('[data-testid="ladder-arrow"][aria-pressed="true"]', (n) => n.map((e) => e.getAttribute('data-number'))), ['13']);
  await page.screenshot({ path: screenshotPath('ladder-2-selected-from-list') });

  // Saved as a figure: a standalone SVG with the arrows' labels and a caption.
  const pane = page.locator('section[aria-label="Ladder diagram"]');
  await pane.getByTestId('figure-menu').click();
  const [download] = await Promise.all([page.waitForEvent('download'), pane.getByRole('menuitem', { name: 'As SVG', exact: true }).click()]);
  assert.equal(download.suggestedFilename(), 'ladder-tcp-stream-0.svg');
  const svg = readFileSync((await download.path())!, 'utf8');
  assert.match(svg, /^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, />SYN, ACK</);
  assert.match(svg, /Seq=0 Ack=1 Len=0/);
  assert.match(svg, /Three-way handshake/);
  assert.match(svg, /Ladder diagram of TCP conversation 0 \(192\.0\.2\.10:40000 ↔ 198\.51\.100\.20:80\)/);
  const [png] = await Promise.all([page.waitForEvent('download'), (async () => {
    await pane.getByTestId('figure-menu').click();
    await pane.getByRole('menuitem', { name: 'As PNG', exact: true }).click();
  })()]);
  assert.equal(png.suggestedFilename(), 'ladder-tcp-stream-0.png');
  assert.deepEqual([...readFileSync((await png.path())!).subarray(1, 4)], [...Buffer.from('PNG')]);
});

test('the Conversations table\'s TCP and UDP tabs: a row opens its ladder; a click on a row filters the list to it', async () => {
  await page.getByTestId('open-conversations').click();
  const table = page.getByTestId('conversations');
  await page.getByTestId('conversations-tab-tcp').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="conversations-row"] td')?.textContent === '0');
  assert.match((await page.getByTestId('conversations-tab-tcp').textContent())!, /TCP · 1/);
  assert.match((await page.getByTestId('conversations-tab-udp').textContent())!, /UDP · 1/);
  const cells = await table.getByTestId('conversations-row').first().locator('td').allTextContents();
  // Stream, A, B, packets and bytes in all and each way (as tshark -z conv,tcp counts them), start, duration.
  assert.deepEqual(cells.slice(0, 11), ['0', '192.0.2.10:40000', '198.51.100.20:80', '10', '921', '6', '491', '4', '430', '0.020410', '0.0637']);
  assert.equal(cells[11], Math.round((491 * 8) / 0.063691).toLocaleString('en'));
  await page.getByTestId('conversations-tab-udp').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="conversations-row"] td:nth-child(3)')?.textContent === '198.51.100.53:53');

  // Sorting: by bytes A → B, then the other way round.
  await page.getByTestId('conversations-tab-tcp').click();
  await page.getByTestId('conversations-sort-bytesAtoB').click();
  await page.waitForFunction(() => document.querySelector('th:has([data-testid="conversations-sort-bytesAtoB"])')?.getAttribute('aria-sort') === 'descending');
  await page.getByTestId('conversations-sort-bytesAtoB').click();
  await page.waitForFunction(() => document.querySelector('th:has([data-testid="conversations-sort-bytesAtoB"])')?.getAttribute('aria-sort') === 'ascending');

  // The UDP row's Ladder: the DNS query and its answer.
  await page.getByTestId('ladder').locator('..').getByRole('button', { name: 'Close the ladder' }).click();
  await page.getByTestId('conversations-tab-udp').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="conversations-row"] td:nth-child(3)')?.textContent === '198.51.100.53:53');
  await page.getByTestId('conversations-row').first().getByTestId('conversation-ladder').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="ladder"]')?.getAttribute('data-protocol') === 'udp');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="ladder-arrow"]').length === 2);
  assert.deepEqual((await arrows()).map((a) => a.split(' ').slice(0, 2).join(' ')), ['3 AtoB', '4 BtoA']);
  await page.screenshot({ path: screenshotPath('ladder-3-conversations-table') });

  // A click on the TCP row: only that conversation's packets in the list.
  await page.getByTestId('conversations-tab-tcp').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="conversations-row"] td')?.textContent === '0');
  await page.getByTestId('conversations-row').first().click();
  await page.waitForFunction(() => /^Displayed: 10 packets of \d+/.test(document.querySelector('[data-testid="packet-count"]')?.textContent ?? ''));
  assert.equal(await page.getByTestId('filter-input').inputValue(), 'tcp.stream == 0');
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('open-conversations').click();
  assert.equal(await page.getByTestId('conversations').count(), 0);
});

test('a 10,000-packet conversation: only the rows in view are drawn, it scrolls to its end, and a packet chosen elsewhere is brought into view with its marks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-ladder-'));
  const { path, retransmission } = longConversation(dir);
  const long = await openBrowserMode(path, { width: 1440, height: 900 });
  try {
    const p = long.page;
    await long.server.service.whenLoaded();
    await p.getByTestId('packet-list').locator('[data-number="1"]').click();
    await p.waitForSelector('[data-testid="field-tree"][data-rendered-packet="1"]');
    const started = Date.now();
    await p.getByTestId('open-ladder').click();
    await p.waitForSelector('[data-testid="ladder-arrow"][data-number="1"]');
    const firstScreen = Date.now() - started;
    console.log(`ladder of 10,000 packets: first screen in ${firstScreen} ms`);
    assert.ok(firstScreen < 2000, `first screen in ${firstScreen} ms`);
    assert.equal(await p.getByTestId('ladder').getAttribute('data-total'), '10000');
    const drawn = () => p.getByTestId('ladder-arrow').count();
    assert.ok((await drawn()) < 40, `only the rows in view are drawn: ${await drawn()}`);
    await p.screenshot({ path: screenshotPath('ladder-4-long-conversation-start') });

    // To the end: the teardown, still only a screenful of arrows.
    await p.getByTestId('ladder').evaluate((v) => (v.scrollTop = v.scrollHeight));
    await p.waitForSelector('[data-testid="ladder-arrow"][data-number="10000"]');
    assert.ok((await drawn()) < 40);
    assert.equal(await p.locator('[data-testid="ladder-group"][data-kind="teardown"]').count(), 1);
    assert.equal(await p.locator('[data-testid="ladder-arrow"][data-number="9998"]').getAttribute('data-flags'), 'FIN, ACK');

    // Go to the retransmission (Ctrl+G): its arrow is scrolled into view, lit, marked in red.
    await p.getByTestId('packet-list').focus();
    await p.keyboard.press('Control+g');
    await p.getByTestId('goto-bar').locator('input').fill(String(retransmission));
    await p.keyboard.press('Enter');
    const arrow = p.locator(`[data-testid="ladder-arrow"][data-number="${retransmission}"]`);
    await arrow.waitFor();
    await p.waitForFunction((n) => document.querySelector(`[data-testid="ladder-arrow"][data-number="${n}"]`)?.getAttribute('aria-pressed') === 'true', retransmission);
    const box = (await arrow.locator('line').boundingBox())!;
    const view = (await p.getByTestId('ladder').boundingBox())!;
    assert.ok(box.y >= view.y && box.y + box.height <= view.y + view.height, 'the arrow is in view');
    assert.deepEqual(await arrow.getByTestId('ladder-mark').allTextContents(), ['[Retransmission]']);
    assert.equal(await arrow.locator('line').evaluate((l) => getComputedStyle(l).stroke), await p.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--select)';
      document.body.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    }));
    await p.screenshot({ path: screenshotPath('ladder-5-long-conversation-retransmission') });
  } finally {
    await long.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const skip = process.getuid?.() === 0 ? false : 'live capture needs root (CI runs as root)';

test('a live capture on lo: the ladder of a connection grows as its packets arrive', { skip, timeout: 60_000 }, async () => {
  ensureRendererBuilt();
  // An echo server on 127.0.0.1; the client keeps its connection open between messages.
  const echo = createServer((socket) => {
    socket.on('data', (d) => socket.write(d));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const port = (echo.address() as AddressInfo).port;
  const server = await startBrowserServer();
  const browser = await launchBrowser();
  let client: Socket | undefined;
  try {
    const p = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await p.goto(server.url);
    await p.locator('select[aria-label="Interface"]').focus();
    await p.waitForSelector('select[aria-label="Interface"] option[value="lo"]', { state: 'attached' });
    await p.selectOption('select[aria-label="Interface"]', 'lo');
    await p.fill('input[aria-label="Capture filter"]', `tcp port ${port}`);
    await p.click('[data-testid="capture-toggle"]');
    await p.waitForFunction(() => document.querySelector('[data-testid="capture-toggle"]')?.textContent?.includes('Stop'));
    await p.waitForFunction(() => document.querySelector('[data-testid="packet-count"]')?.textContent?.startsWith('0 '));

    client = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.on('error', reject);
    });
    client.on('data', () => {});
    await p.waitForSelector('[data-testid="packet-list"] [data-number="3"]', { timeout: 10_000 });
    await p.click('[data-testid="packet-list"] [data-number="1"]');
    await p.waitForSelector('[data-testid="field-tree"][data-rendered-packet="1"]');
    await p.getByTestId('open-ladder').click();
    // The state diagram is folded away: this conversation is to be drawn whole in the ladder.
    await p.getByRole('button', { name: 'Fold away the TCP state diagram' }).click();
    await p.waitForFunction(() => document.querySelectorAll('[data-testid="ladder-arrow"]').length === 3);
    const flags = () => p.$$eval('[data-testid="ladder-arrow"]', (n) => n.map((e) => `${e.getAttribute('data-direction')} ${e.getAttribute('data-flags')}`));
    assert.deepEqual(await flags(), ['AtoB SYN', 'BtoA SYN, ACK', 'AtoB ACK']);
    await p.screenshot({ path: screenshotPath('ladder-6-live-handshake') });

    // Messages on the open connection: each one's segment and its echo appear as new arrows.
    for (let i = 0; i < 3; i++) {
      client.write(`hello ${i}\n`);
      await p.waitForFunction((n) => Number(document.querySelector('[data-testid="ladder"]')?.getAttribute('data-total')) >= n, 3 + 2 * (i + 1), { timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 150));
    }
    const grown = await flags();
    assert.ok(grown.length >= 9, `the ladder grew: ${grown}`);
    assert.ok(grown.slice(3).some((f) => f === 'AtoB PSH, ACK') && grown.slice(3).some((f) => f === 'BtoA PSH, ACK'), `the messages and their echoes: ${grown}`);

    // The client closes: the teardown is drawn, grouped, as it happens.
    client.end();
    await p.waitForSelector('[data-testid="ladder-group"][data-kind="teardown"]', { timeout: 10_000 });
    await p.waitForFunction(() => [...document.querySelectorAll('[data-testid="ladder-arrow"]')].some((e) => e.getAttribute('data-flags')?.includes('FIN')));
    await p.waitForTimeout(300);
    const total = Number(await p.getByTestId('ladder').getAttribute('data-total'));
    await p.waitForFunction((n) => document.querySelectorAll('[data-testid="ladder-arrow"]').length === n, total);
    const numbers = await p.$$eval('[data-testid="ladder-arrow"]', (n) => n.map((e) => Number(e.getAttribute('data-number'))));
    assert.deepEqual(numbers, Array.from({ length: total }, (_, i) => i + 1), 'a short conversation is drawn whole, in order');
    await p.screenshot({ path: screenshotPath('ladder-7-live-teardown') });

    await p.click('[data-testid="capture-toggle"]');
    await p.waitForFunction(() => document.querySelector('[data-testid="capture-toggle"]')?.textContent?.includes('Start'));
  } finally {
    client?.destroy();
    await server.service.request('capture.stop', {}).catch(() => undefined);
    await browser.close();
    await server.close();
    echo.close();
  }
});
