// Annotating in the browser: a comment written on the selected packet (Ctrl+Alt+C), a mark
// (Ctrl+M), both shown in the list; the capture says it has unsaved changes, asks before they
// would be lost, and the saved (downloaded) capture carries the comments (several on a packet).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';

let page: Page;
let close: () => Promise<void>;

before(async () => {
  ({ page, close } = await openBrowserMode());
  await page.click('[data-testid="packet-list"] [data-number="9"]');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="9"]');
});

after(() => close?.());

const row = (n: number) => page.locator(`[data-testid="packet-list"] [data-number="${n}"]`);

test('Ctrl+Alt+C writes a comment on the selected packet: the list flags it, the tree shows it, the capture is unsaved', async () => {
  await page.keyboard.press('Control+Alt+c');
  await page.locator('#packet-comment').fill('The server acknowledges the request');
  await page.getByRole('button', { name: 'Save comment' }).click();
  await row(9).getByTestId('comment-flag').waitFor();
  await page.getByTestId('packet-comment').filter({ hasText: 'The server acknowledges the request' }).waitFor();
  assert.match((await page.locator('.toolbar .name').textContent())!, /\(unsaved\)/);
  await page.screenshot({ path: screenshotPath('annotate-comment') });
});

test('a second comment on the same packet: both shown in the tree, in order, each its own', async () => {
  await page.getByTestId('packet-comment').click();
  await page.getByTestId('comment-add').click();
  await page.locator('#packet-comment-2').fill('Question 2: what does its Ack number acknowledge?');
  await page.getByRole('button', { name: 'Save comment' }).click();
  await page.getByTestId('packet-comment').filter({ hasText: 'Question 2' }).waitFor();
  assert.deepEqual(await page.getByTestId('packet-comment').locator('.text').allTextContents(), [
    'The server acknowledges the request',
    'Question 2: what does its Ack number acknowledge?',
  ]);
  await page.screenshot({ path: screenshotPath('annotate-two-comments') });
});

test('Ctrl+M marks the selected packet and Ctrl+M again unmarks it', async () => {
  await page.getByTestId('packet-list').focus();
  await page.keyboard.press('Control+m');
  await page.waitForFunction(() => document.querySelector('[data-testid="packet-list"] [data-number="9"]')?.classList.contains('marked'));
  await page.keyboard.press('Control+m');
  await page.waitForFunction(() => !document.querySelector('[data-testid="packet-list"] [data-number="9"]')?.classList.contains('marked'));
});

test('opening something else asks before unsaved comments are lost; Save keeps them in the file', async () => {
  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Sample' }).click();
  assert.match(asked[0], /comments that are not saved/);
  assert.ok(await row(9).getByTestId('comment-flag').isVisible(), 'the capture stayed open');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  const reader = openCaptureFile((await download.path())!);
  const comments: (string | undefined)[] = [];
  for (let r = reader.next(); r; r = reader.next()) comments.push(r.comments?.join('\n'));
  reader.close();
  assert.equal(comments[8], 'The server acknowledges the request\nQuestion 2: what does its Ack number acknowledge?');

  // Saved: nothing to lose, so no question.
  await page.locator('.toolbar .name').filter({ hasNotText: 'unsaved' }).waitFor();
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Sample' }).click();
  // The bundled sample again, as it ships: packet 9 has no comment of its own.
  await page.waitForFunction(() => document.querySelector('[data-testid="packet-list"] [data-number="9"]') && !document.querySelector('[data-testid="packet-list"] [data-number="9"] [data-testid="comment-flag"]'));
  assert.equal(asked.length, 1);
});
