// The app in the students' languages, in browser mode in Chromium on the bundled sample: for each
// of Polish, Swedish and Russian, the toolbar's language menu switches the open capture at once
// (the TCP SYN stays selected, nothing is opened again), and the whole page (toolbar, list, layer
// stack, narrative, packet details, explanation, bytes, diagram, tooltips and labels) then holds
// none of the English catalog's sentences
// (field explanations and narrative sentences; Wireshark's labels and filter names are kept on
// purpose and are not among them), and the choice survives a reload. A screenshot per language.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openBrowserMode, screenshotPath } from './playwright-browser.js';
import { readFileSync } from 'node:fs';
import { englishCatalog } from '../../electron/text/catalog.js';
import { formatMessage } from '../../electron/text/message-format.js';
import { readTranslation } from '../../electron/text/translation-files.js';
import { loadAllCatalogs } from '../unit/catalog-modules.js';

await loadAllCatalogs();

const SYN = 5;
let page: Page;
let close: () => Promise<void>;
/** Every request the page sent over its WebSocket, by name, in order. */
const requests: string[] = [];

before(async () => {
  ({ page, close } = await openBrowserMode());
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const name = /"request"\s*:\s*"([\w.]+)"/.exec(String(payload))?.[1];
      if (name) requests.push(name);
    }),
  );
  // The page's first socket was opened before the listener: reload once so every frame is seen.
  await page.reload();
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
});

after(() => close?.());

/**
 * The English sentences that must not be left in a translated pane: every catalog entry but the
 * fields' labels and value names (Wireshark's words, kept beside the translation on purpose), as
 * its longest run of words between placeholders, when longer than 25 characters (11 for the UI's
 * own words) and when the translation does not keep it word for word.
 */
function englishSentences(language: string): string[] {
  const table = readTranslation(language);
  const sentences = new Set<string>();
  for (const [id, en] of englishCatalog()) {
    if (id.startsWith('field.') && !id.endsWith('.description')) continue;
    if (table.get(id) === en) continue;
    const longest = en.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/).reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
    // The UI's own words are short ("Go to packet"); a sentence elsewhere is long enough not to
    // match a Wireshark label or a filter by chance.
    // A translation may keep Wireshark's English name beside its own ("Экспорт указанных пакетов
    // (Export Specified Packets)"), as the field labels do.
    if (longest.length > (id.startsWith('ui.') ? 11 : 25) && !table.get(id)?.includes(longest)) sentences.add(longest);
  }
  return [...sentences];
}

async function selectSyn(): Promise<void> {
  await page.click(`[data-testid="packet-list"] [data-number="${SYN}"]`);
  await page.waitForSelector(`[data-testid="field-tree"][data-rendered-packet="${SYN}"]`);
}

/** The page's visible text, and the tooltips, labels and placeholders a reader meets. */
async function pageText(): Promise<string> {
  return page.evaluate(() => {
    const read = [...document.querySelectorAll('[title], [aria-label], [placeholder]')].flatMap((e) => ['title', 'aria-label', 'placeholder'].map((a) => e.getAttribute(a) ?? ''));
    return [document.body.innerText, ...read].join('\n');
  });
}

for (const language of ['pl', 'sv', 'ru'] as const) {
  test(`${language}: switching shows the selected packet in ${language} at once, with no English sentence left, and is remembered`, async () => {
    const table = readTranslation(language);
    const label = table.get('field.tcp.srcport.label');
    assert.ok(label, `the ${language} translation has tcp.srcport's label`);
    await selectSyn();
    const before = requests.length;
    await page.selectOption('[data-testid="language-menu"]', language);
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
    // The tree is asked for again in the new language; the same packet stays selected.
    await page.waitForFunction((text) => document.querySelector('[data-field-name="tcp.srcport"]')?.textContent?.includes(text), label);
    await page.waitForSelector(`[data-testid="field-tree"][data-rendered-packet="${SYN}"]`);
    assert.equal(await page.getAttribute(`[data-testid="packet-list"] [data-number="${SYN}"]`, 'aria-selected'), 'true');
    const sent = requests.slice(before);
    assert.ok(sent.includes('language.set'), `the service was told: ${sent.join(', ')}`);
    assert.deepEqual(sent.filter((n) => /^(file\.open|sample\.open|upload\.)/.test(n)), [], 'the capture was not opened again');
    // The explanation of a field, in the language.
    await page.click('[data-field-name="tcp.srcport"]');
    const description = table.get('field.tcp.srcport.description');
    assert.ok(description);
    await page.waitForFunction((text) => document.querySelector('[data-testid="field-explanation"]')?.textContent?.includes(text), description);
    await page.screenshot({ path: screenshotPath(`language-${language}-syn`) });
    const text = await pageText();
    const left = englishSentences(language).filter((sentence) => text.includes(sentence));

    // Reloaded, the page starts in the language chosen.
    await page.reload();
    await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
    await page.waitForFunction((l) => document.documentElement.lang === l, language);
    assert.equal(await page.inputValue('[data-testid="language-menu"]'), language);
    // Last, so that what is above is checked even while translations are being finished.
    assert.deepEqual(left, [], `English left on the ${language} page`);
  });
}

test('ru: a saved figure carries its Cyrillic text in DejaVu Sans, as SVG and as PNG', async () => {
  const ru = readTranslation('ru');
  await page.selectOption('[data-testid="language-menu"]', 'ru');
  await page.waitForFunction(() => document.documentElement.lang === 'ru');
  await selectSyn();
  const save = async (format: 'SVG' | 'PNG') => {
    await page.locator('[data-testid="layer-stack"] >> xpath=..').getByTestId('figure-menu').first().click();
    const item = formatMessage(ru.get('ui.figure.as') ?? 'As {format}', { format });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: item, exact: true }).click()]);
    return readFileSync((await download.path())!);
  };
  const svg = (await save('SVG')).toString('utf8');
  assert.ok(svg.includes(`4 ${ru.get('layer.osi_4')}`), 'the OSI layer names in Russian');
  assert.match(svg, /<text[^>]*font-family="DejaVu Sans/);
  const png = await save('PNG');
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(screenshotPath('language-ru-layer-stack-figure'), png);
});

test('English again: every pane back in English, and remembered', async () => {
  await selectSyn();
  await page.selectOption('[data-testid="language-menu"]', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForFunction(() => document.querySelector('[data-field-name="tcp.srcport"]')?.textContent?.includes('Source Port: 40000'));
  await page.reload();
  await page.waitForSelector('[data-testid="packet-list"] [data-number="1"]');
  assert.equal(await page.inputValue('[data-testid="language-menu"]'), 'en');
});
