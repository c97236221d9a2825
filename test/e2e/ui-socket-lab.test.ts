// The Socket Lab in the browser, clicked through as a student would: the TCP scenario one call at a
// time, the packets each call caused between the two sides, and the kernel's table changing after
// each step. Screenshots of the steps go to test-results/screenshots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';

let page: Page;
let close: () => Promise<void>;

before(async () => {
  ({ page, close } = await openBrowserMode(undefined, { width: 1440, height: 900 }));
});

after(() => close?.());

/** Presses Next and waits for the step it makes; returns that step's row text. */
async function next(expected: number): Promise<string> {
  await page.getByTestId('lab-next').click();
  const row = page.getByTestId('lab-step').nth(expected - 1);
  await row.waitFor();
  return (await row.textContent()) ?? '';
}

/** The kernel table's rows as "state | local | peer | recvQ | held by". */
async function kernelRows(): Promise<string[]> {
  return page.$$eval('[data-testid="lab-kernel"] tbody tr', (rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('td')].map((td) => td.textContent!.trim());
      return [cells[1], cells[4], cells[6]].join(' | ');
    }),
  );
}

test('the TCP scenario, clicked step by step: the handshake finishes before accept(), and the active closer ends in TIME-WAIT', async () => {
  await page.getByTestId('open-lab').click();
  await page.getByLabel('Scenario').selectOption('tcp');
  await page.getByTestId('lab-start').click();
  await page.getByTestId('lab-next').filter({ hasText: 'Next: server socket()' }).waitFor();
  await page.screenshot({ path: screenshotPath('lab-0-ready') });

  for (let i = 1; i <= 4; i++) await next(i); // socket, setsockopt, bind, listen
  assert.deepEqual(await kernelRows(), ['LISTEN | 0 | server s1']);
  await next(5); // client socket()
  const connect = await next(6);
  assert.match(connect, /client\.connect\(\('127\.0\.0\.1', \d+\)\)/);
  assert.deepEqual(await page.getByTestId('lab-step').nth(5).getByTestId('lab-packet').allTextContents().then((t) => t.map((s) => s.replace(/\s+/g, ' ').trim())), [
    '──► SYN client: connect()',
    '◄── SYN, ACK server\'s kernel',
    '──► ACK client: connect()',
  ].map((s) => s.replace(/\s+/g, ' ')));
  const queued = await kernelRows();
  assert.ok(queued.includes('LISTEN | 1 | server s1'), `accept queue: ${queued}`);
  assert.ok(queued.some((r) => r.startsWith('ESTABLISHED | 0 | only the kernel')), `not yet accepted: ${queued}`);
  assert.match(connect, /waits in the listening socket's accept queue/);
  await page.screenshot({ path: screenshotPath('lab-6-connect-queued') });

  const accept = await next(7);
  assert.match(accept, /conn, addr = server\.accept\(\)/);
  assert.ok((await kernelRows()).some((r) => r.startsWith('ESTABLISHED | 0 | server s2')));
  await page.screenshot({ path: screenshotPath('lab-7-accepted') });

  await page.getByRole('button', { name: 'Run to the end' }).click();
  await page.getByTestId('lab-next').filter({ hasText: 'Scenario complete' }).waitFor();
  const rows = await kernelRows();
  assert.ok(rows.some((r) => /^TIME-WAIT \(\d+\.\d s left\) \| 0 \| only the kernel$/.test(r)), `TIME-WAIT at the end: ${rows}`);
  await page.screenshot({ path: screenshotPath('lab-17-time-wait') });
  // The TIME-WAIT timer counts down as the student watches.
  const timer = async () => Number((await kernelRows()).find((r) => r.startsWith('TIME-WAIT'))!.match(/\((\d+\.\d) s left\)/)![1]);
  const before = await timer();
  await page.waitForTimeout(1600);
  assert.ok((await timer()) <= before - 1, 'the TIME-WAIT timer counts down');

  // The session is kept as a capture whose packets carry their calls, and as a timeline.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save capture' }).click()]);
  assert.equal(download.suggestedFilename(), 'socket-lab-tcp.pcapng');
  const reader = openCaptureFile((await download.path())!);
  const comments: (string | undefined)[] = [];
  for (let r = reader.next(); r; r = reader.next()) comments.push(r.comments?.join('\n'));
  reader.close();
  assert.deepEqual(comments.slice(0, 3), ['client: connect()', "server's kernel answering (client called connect())", 'client: connect()']);
  const [timeline] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save timeline' }).click()]);
  assert.match(readFileSync((await timeline.path())!, 'utf8'), /^ +[\d.]+ +server +conn, addr = server\.accept\(\) += \(<socket fd=\d+>/m);

  // An earlier step shows the kernel as it was then.
  await page.getByTestId('lab-step').nth(12).click(); // client shutdown(SHUT_WR)
  assert.ok((await kernelRows()).some((r) => r.startsWith('FIN-WAIT-2')));

  // The lab's packets in the packet list, each with its call as the comment: the SYN's details
  // say which call sent it, and the display filter works on them.
  await page.getByTestId('lab-open-packets').click();
  await page.getByTestId('packet-list').locator('[data-number="1"]').click();
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="1"]');
  assert.match((await page.getByTestId('packet-comment').textContent())!, /client: connect\(\)/);
  assert.match((await page.locator('.toolbar .name').textContent())!, /socket-lab-tcp\.pcapng/);
  await page.getByTestId('filter-input').fill('frame.comment contains "kernel"');
  await page.getByTestId('filter-input').press('Enter');
  // "Displayed: 0" shows while the filter runs: wait until it has finished and the list shows that many rows.
  await page.waitForFunction(() => {
    if (document.querySelector('[data-testid="filter-progress"]')) return false;
    const shownCount = document.querySelector('[data-testid="packet-count"]')?.textContent?.match(/^Displayed: (\d+)/);
    return shownCount && document.querySelectorAll('[data-testid="packet-list"] [data-number]').length === Number(shownCount[1]);
  });
  const shown = await page.$$eval('[data-testid="packet-list"] [data-number]', (rows) => rows.map((r) => Number(r.getAttribute('data-number'))));
  assert.ok(shown.length > 0 && !shown.includes(1), `the kernel's packets: ${shown}`);
  await page.screenshot({ path: screenshotPath('lab-packets-in-list') });
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('open-lab').click();

  // The lab's connection as a ladder: the handshake the calls caused, and the client (which closed
  // first) left in TIME-WAIT, as the kernel table said.
  await page.getByTestId('lab-ladder').click();
  await page.waitForFunction(() => (document.querySelectorAll('[data-testid="ladder-arrow"]').length ?? 0) >= 7);
  const arrows = await page.$$eval('[data-testid="ladder-arrow"]', (n) => n.map((e) => `${e.getAttribute('data-direction')} ${e.getAttribute('data-flags')}`));
  assert.deepEqual(arrows.slice(0, 3), ['AtoB SYN', 'BtoA SYN, ACK', 'AtoB ACK']);
  const states = await page.$$eval('[data-testid="ladder-state"]', (n) => n.map((e) => `${e.getAttribute('data-side')} ${e.textContent}`));
  assert.ok(states.includes('a TIME-WAIT') && !states.includes('b TIME-WAIT'), `the active closer ends in TIME-WAIT: ${states}`);
  await page.screenshot({ path: screenshotPath('lab-ladder') });
  await page.getByTestId('open-lab').click();
});

test('a call tried out of order shows the real error and why: accept() before listen()', async () => {
  await page.getByTestId('lab-start').click();
  await page.getByTestId('lab-next').filter({ hasText: 'Next: server socket()' }).waitFor();
  const calls = page.getByTestId('lab-calls-server');
  await calls.getByRole('button', { name: 'socket()' }).click();
  await page.getByTestId('lab-step').nth(0).waitFor();
  await calls.getByLabel('server other call').selectOption('accept');
  await calls.getByRole('button', { name: 'Try' }).click();
  const row = page.getByTestId('lab-step').nth(1);
  await row.waitFor();
  assert.match((await row.getByTestId('lab-result').textContent())!, /OSError: \[Errno 22\] Invalid argument/);
  assert.match((await row.textContent())!, /must call listen\(\) before accept\(\)/);
  await page.screenshot({ path: screenshotPath('lab-accept-before-listen') });
});

/** The lab ladder's kernel states as "step side state", with "(kernel only)" where the packets do not say the same. */
async function kernelMarks(): Promise<string[]> {
  return page.$$eval('[data-testid="lab-ladder-kernel"]', (marks) =>
    marks.map((m) => `${m.getAttribute('data-step')} ${m.getAttribute('data-side')} ${m.getAttribute('data-state')}${m.getAttribute('data-agrees') === 'true' ? '' : ' (kernel only)'}`),
  );
}

test("beside the steps, the ladder of the lab's connection grows with each step, with the kernel's states beside the inferred ones", async () => {
  await page.getByLabel('Scenario').selectOption('tcp');
  await page.getByTestId('lab-start').click();
  // The lab before (its own calls only) is gone once the new one has started.
  await page.getByTestId('lab-step').first().waitFor({ state: 'detached' });
  await page.getByTestId('lab-next').filter({ hasText: 'Next: server socket()' }).waitFor();
  const ladder = page.getByTestId('lab-ladder-view');
  const arrows = () => ladder.getByTestId('ladder-arrow').evaluateAll((n) => n.map((e) => `${e.getAttribute('data-direction')} ${e.getAttribute('data-flags')}`));

  for (let i = 1; i <= 4; i++) await next(i); // socket, setsockopt, bind, listen
  // listen() sent nothing, yet the server's kernel listens: only the kernel knows.
  assert.deepEqual(await arrows(), []);
  assert.equal(await ladder.getByTestId('lab-ladder-step').count(), 4);
  assert.deepEqual(await kernelMarks(), ['4 b LISTEN (kernel only)']);
  await page.screenshot({ path: screenshotPath('lab-ladder-4-listen') });

  await next(5); // client socket()
  await next(6); // client connect()
  assert.deepEqual(await arrows(), ['AtoB SYN', 'BtoA SYN, ACK', 'AtoB ACK']);
  assert.deepEqual(await ladder.getByTestId('lab-ladder-cause').allTextContents(), ['connect()', "server's kernel", 'connect()']);
  assert.match((await ladder.getByTestId('lab-ladder-client').textContent())!, /^127\.0\.0\.1:\d+$/);
  // The connection not yet accepted is established in the server's kernel, as the packets say.
  assert.deepEqual((await kernelMarks()).slice(1), ['6 a ESTABLISHED', '6 b ESTABLISHED']);
  await page.screenshot({ path: screenshotPath('lab-ladder-6-connect') });

  await next(7); // server accept(): nothing sent, nothing changes in the kernel
  assert.equal((await arrows()).length, 3);
  assert.equal((await kernelMarks()).length, 3);

  await page.getByRole('button', { name: 'Run to the end' }).click();
  await page.getByTestId('lab-next').filter({ hasText: 'Scenario complete' }).waitFor();
  const all = await arrows();
  assert.ok(all.length >= 10 && all.includes('AtoB FIN, ACK') && all.includes('BtoA FIN, ACK'), `the whole connection: ${all}`);
  // The client closed first: TIME-WAIT on its side, inferred from the packets and kept by the kernel, its timer running.
  const marks = await kernelMarks();
  assert.ok(marks.some((m) => /^\d+ a TIME-WAIT$/.test(m)), `kernel states: ${marks}`);
  assert.ok(!marks.some((m) => / b TIME-WAIT/.test(m)));
  const inferred = await ladder.getByTestId('ladder-state').evaluateAll((n) => n.map((e) => `${e.getAttribute('data-side')} ${e.textContent}`));
  assert.ok(inferred.includes('a TIME-WAIT'), `inferred states: ${inferred}`);
  assert.match((await ladder.locator('[data-testid="lab-ladder-kernel"][data-state="TIME-WAIT"]').textContent())!, /kernel: \d+ s left/);
  await page.screenshot({ path: screenshotPath('lab-ladder-end') });

  // Choosing an arrow shows the step that sent it: the kernel table after connect().
  await ladder.locator('[data-testid="ladder-arrow"][data-flags="SYN"]').click();
  assert.match((await page.locator('.kernel h3').textContent())!, /after step 6$/);
});
