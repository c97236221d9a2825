// The display filter bar in the browser, on the bundled sample: a filter turns the bar green or
// red (with its message) as it is typed, names complete as in Wireshark, Enter leaves only the
// matching packets in the list with "Displayed: N of M", the keys move through what is shown,
// Apply as Filter from a field of the tree, and clearing shows every packet again.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));

let page: Page;
let close: () => Promise<void>;

const SAMPLE_PACKETS = 18;

/** Every packet of the sample is in the list (the count says so; not all rows fit on screen). */
const allShown = () => page.waitForFunction((n) => document.querySelector('[data-testid="packet-count"]')?.textContent === `${n} packets`, SAMPLE_PACKETS);

before(async () => {
  ({ page, close } = await openBrowserMode());
  await allShown();
});

after(() => close?.());

/** The list shows `n` packets after filtering: the count says so and their rows have arrived. */
async function displayed(n: number) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="packet-count"]')?.textContent?.startsWith(`Displayed: ${n} packet${n === 1 ? '' : 's'} of`) && document.querySelectorAll('[data-testid="packet-list"] [data-number]').length === n,
    n,
  );
}

const listed = () => page.$$eval('[data-testid="packet-list"] [data-number]', (rows) => rows.map((r) => Number(r.getAttribute('data-number'))));
const input = () => page.getByTestId('filter-input');

async function typeFilter(text: string) {
  await input().fill('');
  await input().pressSequentially(text);
}

test('a filter that is not valid turns the bar red and says what is wrong, underlining the place', async () => {
  await typeFilter('ip.src == 10.0.0.1 && tcp.prot == 80');
  // (What was typed on the way was checked too: the message is the one for the whole filter.)
  await page.waitForFunction(() => document.querySelector('[data-testid="filter-message"]')?.textContent?.includes('tcp.prot'));
  await page.waitForSelector('[data-testid="filter-input"].invalid');
  assert.match((await page.getByTestId('filter-message').textContent())!, /"tcp\.prot" is not a field or protocol: did you mean tcp\.port\?/);
  assert.equal(await page.locator('.filter-bar .underline .part').textContent(), 'tcp.prot');
  assert.equal(await page.getByTestId('filter-apply').isDisabled(), true);
  await page.screenshot({ path: screenshotPath('display-filter-invalid') });
  // Enter does not apply it: every packet is still listed.
  await input().press('Enter');
  await allShown();
  assert.equal((await listed())[0], 1);
});

test('names complete the word being typed, and Enter shows only the matching packets with their own numbers', async () => {
  await typeFilter('tcp.flags.sy');
  // The names for what is typed now (those for "tcp.flags.s" came first and are replaced).
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="filter-choices"] [role="option"]')].map((o) => o.textContent).join() === 'tcp.flags.syn');
  await input().press('Tab');
  assert.equal(await input().inputValue(), 'tcp.flags.syn');
  await input().pressSequentially(' == 1');
  await page.waitForSelector('[data-testid="filter-input"].valid');
  await input().press('Enter');
  await displayed(2);
  assert.deepEqual(await listed(), [5, 6]);
  await page.screenshot({ path: screenshotPath('display-filter-syn') });
});

test('the arrow keys move through the packets shown, not the hidden ones', async () => {
  await typeFilter('http || icmp');
  await input().press('Enter');
  await displayed(4);
  assert.deepEqual(await listed(), [8, 10, 15, 16]);
  await page.click('[data-testid="packet-list"] [data-number="10"]');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="10"]');
  await page.getByTestId('packet-list').press('ArrowDown');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="15"]');
  await page.getByTestId('packet-list').press('ArrowUp');
  await page.getByTestId('packet-list').press('ArrowUp');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="8"]');
  // Go to a packet the filter hides: said, as Wireshark says it; one it shows: selected.
  await page.keyboard.press('Control+g');
  await page.locator('#goto-number').fill('9');
  await page.keyboard.press('Enter');
  assert.match((await page.getByTestId('goto-bar').getByRole('alert').textContent())!, /Packet 9 is not displayed: the display filter “http \|\| icmp” hides it/);
  await page.locator('#goto-number').fill('16');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="16"]');
});

test('Apply as Filter on a field of the tree filters by its value; Prepare as Filter only writes it', async () => {
  await page.getByTestId('filter-clear').click();
  await allShown();
  await page.click('[data-testid="packet-list"] [data-number="3"]');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="3"]');
  await page.click('[data-testid="field-tree"] [data-field-name="dns.id"]', { button: 'right' });
  await page.getByTestId('tree-copy-menu').getByRole('group', { name: 'Apply as Filter' }).getByRole('menuitem', { name: 'Selected', exact: true }).click();
  await displayed(2);
  // Written as the tree shows the value (the transaction ID in hex), as Wireshark does.
  assert.equal(await input().inputValue(), 'dns.id == 0x2b7e');
  assert.deepEqual(await listed(), [3, 4]);
  await page.screenshot({ path: screenshotPath('display-filter-apply-as') });

  // Prepare as Filter, "…and not Selected" on the answer count: written into the bar, not applied.
  await page.click('[data-testid="packet-list"] [data-number="4"]');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="4"]');
  await page.click('[data-testid="field-tree"] [data-field-name="dns.count.answers"]', { button: 'right' });
  await page.getByTestId('tree-copy-menu').getByRole('group', { name: 'Prepare as Filter' }).getByRole('menuitem', { name: '…and not Selected' }).click();
  assert.equal(await input().inputValue(), '(dns.id == 0x2b7e) and dns.count.answers != 1');
  assert.deepEqual(await listed(), [3, 4]);
  await input().press('Enter');
  await displayed(1);
  assert.deepEqual(await listed(), [3]);
});

test('a filter no packet matches says so; clearing the bar shows every packet again', async () => {
  await typeFilter('udp.port == 9');
  await input().press('Enter');
  await page.getByTestId('nothing-displayed').waitFor();
  await page.getByTestId('filter-clear').click();
  await allShown();
  assert.deepEqual((await listed()).slice(0, 3), [1, 2, 3]);
  // The filters applied are offered again from the history.
  await page.getByRole('button', { name: 'Recent filters' }).click();
  assert.deepEqual(
    (await page.getByTestId('filter-choices').getByRole('option').allTextContents()).slice(0, 2),
    ['udp.port == 9', '(dns.id == 0x2b7e) and dns.count.answers != 1'],
  );
});

test('Export Specified Packets writes the displayed packets, the marked ones or a range; the capture stays unsaved', async () => {
  const exported = async (choose: () => Promise<void>, screenshot?: string) => {
    await page.getByTestId('open-export').click();
    await choose();
    if (screenshot) await page.screenshot({ path: screenshotPath(screenshot) });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-now').click()]);
    const reader = openCaptureFile((await download.path())!);
    const times: number[] = [];
    for (let r = reader.next(); r; r = reader.next()) times.push(r.seconds * 1e9 + r.nanos);
    reader.close();
    return times;
  };
  const sampleTimes = (() => {
    const reader = openCaptureFile(SAMPLE);
    const times: number[] = [];
    for (let r = reader.next(); r; r = reader.next()) times.push(r.seconds * 1e9 + r.nanos);
    reader.close();
    return times;
  })();
  const packets = (...numbers: number[]) => numbers.map((n) => sampleTimes[n - 1]);

  await typeFilter('icmp || icmpv6');
  await input().press('Enter');
  await displayed(4);
  // Displayed is chosen first while a filter is shown.
  assert.deepEqual(await exported(async () => {}, 'export-specified-packets'), packets(15, 16, 17, 18));

  assert.deepEqual(await exported(() => page.getByTestId('export-bar').getByRole('textbox', { name: 'Range:' }).fill('2-3,9')), packets(2, 3, 9));

  await page.click('[data-testid="packet-list"] [data-number="16"]');
  await page.getByTestId('packet-list').press('Control+m');
  await page.locator('[data-testid="packet-list"] [data-number="16"].marked').waitFor();
  assert.deepEqual(await exported(() => page.getByTestId('export-bar').getByRole('radio', { name: /^Marked/ }).check()), packets(16));
  // Exporting some packets is not saving the capture.
  assert.match((await page.locator('.toolbar .name').textContent())!, /unsaved/);
  await page.getByTestId('filter-clear').click();
  await allShown();
});

test('rows coloured by Wireshark\'s colouring rules, and by one\'s own rule made from the filter bar', async () => {
  const ruleOf = (n: number) => page.locator(`[data-testid="packet-list"] [data-number="${n}"]`).getAttribute('data-colouring-rule');
  await page.locator('[data-testid="packet-list"] .row.head').click({ button: 'right' });
  await page.getByTestId('columns-menu').getByRole('menuitemradio', { name: /colouring rules/ }).click();
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"][data-colouring-rule="ARP"]');
  assert.deepEqual([await ruleOf(1), await ruleOf(3), await ruleOf(5), await ruleOf(8)], ['ARP', 'UDP', 'HTTP', 'HTTP']);
  await page.screenshot({ path: screenshotPath('colouring-rules') });

  // "Colour the packets this filter matches": a rule of one's own, before Wireshark's.
  await typeFilter('dns.flags.response == 1');
  await page.waitForSelector('[data-testid="filter-input"].valid');
  await page.getByTestId('colourise').click();
  await page.getByTestId('colour-palette').getByRole('menuitem', { name: '3' }).click();
  await page.waitForSelector('[data-testid="packet-list"] [data-number="4"][data-colouring-rule="dns.flags.response == 1"]');
  assert.equal(await ruleOf(3), 'UDP');
  const background = await page.locator('[data-testid="packet-list"] [data-number="4"]').evaluate((row) => getComputedStyle(row).backgroundColor);
  // #e0c0e0, the palette's third colour (color-mix reports it in srgb fractions).
  assert.equal(background, 'color(srgb 0.878431 0.752941 0.878431)');

  // Back to colours by layer: no rule on any row.
  await page.locator('[data-testid="packet-list"] .row.head').click({ button: 'right' });
  await page.getByTestId('columns-menu').getByRole('menuitemradio', { name: /by layer/ }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="packet-list"] [data-colouring-rule]'));
  await input().fill('');
});

test('Export Packet Dissections of the selected or displayed packets: plain text, CSV and JSON, as the command line writes them', async () => {
  await page.getByTestId('packet-list').focus();
  await page.keyboard.press('Control+g');
  await page.locator('#goto-number').fill('6');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="6"]');
  const exportAs = async (format: string, which: RegExp) => {
    await page.getByTestId('open-export').click();
    const bar = page.getByTestId('export-bar');
    await bar.getByRole('radio', { name: which }).check();
    await bar.getByRole('combobox', { name: 'File format' }).selectOption(format);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-now').click()]);
    return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
  };
  const text = await exportAs('text', /^Selected/);
  assert.match(text.text, /^ +6 0\.041207 +198\.51\.100\.20 +192\.0\.2\.10 +TCP +74 +80 → 40000 \[SYN, ACK\]/m);
  assert.match(text.text, /^ {4}Source Port: 80$/m);
  const cli = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'dissect', SAMPLE, '--format', 'text', '--packets', '6'], { encoding: 'utf8' }).stdout;
  assert.equal(text.text, cli);

  await typeFilter('arp');
  await input().press('Enter');
  await displayed(2);
  const csv = await exportAs('csv', /^Displayed/);
  assert.equal(csv.name, 'sample-displayed.csv');
  assert.equal(csv.text, spawnSync(process.execPath, ['--import', 'tsx', CLI, 'dissect', SAMPLE, '--format', 'csv', '-Y', 'arp'], { encoding: 'utf8' }).stdout);
  const json = await exportAs('json', /^Displayed/);
  assert.deepEqual(json.text.trim().split('\n').map((l) => JSON.parse(l).number), [1, 2]);
  await page.getByTestId('filter-clear').click();
  await allShown();
});

test('Ctrl+D ignores a packet: greyed as <Ignored>, no filter shows it, Export can leave it out', async () => {
  await page.getByTestId('packet-list').focus();
  await page.keyboard.press('Control+g');
  await page.locator('#goto-number').fill('8');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="field-tree"][data-rendered-packet="8"]');
  await page.keyboard.press('Control+d');
  await page.locator('[data-testid="packet-list"] [data-number="8"].ignored [data-testid="ignored-flag"]').waitFor();
  await typeFilter('http');
  await input().press('Enter');
  await displayed(1);
  assert.deepEqual(await listed(), [10]);
  await page.getByTestId('filter-clear').click();
  await allShown();
  await page.getByTestId('open-export').click();
  const bar = page.getByTestId('export-bar');
  assert.equal(await bar.getByRole('checkbox', { name: /Leave out the ignored \(1\)/ }).isChecked(), true);
  await bar.getByRole('radio', { name: /^All packets/ }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-now').click()]);
  const reader = openCaptureFile((await download.path())!);
  let count = 0;
  for (let r = reader.next(); r; r = reader.next()) count++;
  reader.close();
  assert.equal(count, 17);
  // Ctrl+D again: no longer ignored.
  await page.click('[data-testid="packet-list"] [data-number="8"]');
  await page.keyboard.press('Control+d');
  await page.waitForFunction(() => !document.querySelector('[data-testid="packet-list"] [data-number="8"].ignored'));
});
