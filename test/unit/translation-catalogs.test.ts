// Every language covers every English catalog entry, and nothing else: the same ids, the same
// placeholder names, and the same plural and select blocks (a plural block giving at least the
// forms its language's rules need). Translations are read as the app reads them: every *.json in
// electron/text/translations/<language>/, merged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishCatalog, LANGUAGES } from '../../electron/text/catalog.js';
import { placeholdersOf } from '../../electron/text/message-format.js';
import { readTranslation } from '../../electron/text/translation-files.js';
import { catalogSources, loadAllCatalogs } from './catalog-modules.js';

await loadAllCatalogs();
const english = englishCatalog();

/** A template's plural and select blocks, nested ones too: "n plural [few,many,one,other]". */
export function blocksOf(template: string): string[] {
  const blocks: string[] = [];
  const visit = (text: string) => {
    for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i)) {
      const end = closing(text, i);
      if (end < 0) return;
      const body = text.slice(i + 1, end);
      const m = /^\s*([A-Za-z_]\w*)\s*,\s*(plural|select)\s*,([\s\S]*)$/.exec(body);
      if (m) {
        const forms = formsOf(m[3]);
        blocks.push(`${m[1]} ${m[2]} [${[...forms.keys()].sort().join(',')}]`);
        for (const form of forms.values()) visit(form);
      }
      i = end + 1;
    }
  };
  visit(template);
  return blocks.sort();
}

function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function formsOf(text: string): Map<string, string> {
  const forms = new Map<string, string>();
  for (let i = 0; i < text.length; ) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const end = closing(text, open);
    if (end < 0) break;
    forms.set(text.slice(i, open).trim(), text.slice(open + 1, end));
    i = end + 1;
  }
  return forms;
}

/** Whether a plural block's forms ("few,many,one,other") give every category `language`'s rules use. */
function pluralCovers(block: string, language: string): boolean {
  const m = / plural \[(.*)\]$/.exec(block);
  if (!m) return true;
  const forms = m[1].split(',');
  return new Intl.PluralRules(language).resolvedOptions().pluralCategories.every((c) => forms.includes(c)) && forms.includes('other');
}

/** A block without its forms ("n plural"), and a select block whole (its choices must match). */
function skeleton(block: string): string {
  return block.includes(' plural ') ? block.replace(/ \[.*\]$/, '') : block;
}

test('the catalogs were all loaded: field tables, problems, narrative, lab, report and the UI', () => {
  for (const id of ['field.tcp.srcport.label', 'lab.bind', 'report.capture', 'layer.osi_4', 'narrative.problems_found']) assert.ok(english.has(id), id);
  assert.ok(english.size > 7000, `${english.size} English entries`);
  assert.deepEqual(catalogSources().inSvelte, [], 'catalog text is declared in .ts modules (which tests can load), not in Svelte files');
});

for (const language of LANGUAGES.filter((l) => l !== 'en')) {
  const table = readTranslation(language);

  test(`${language}: every English id is translated, with the same placeholders and plural/select blocks`, () => {
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const [id, en] of english) {
      const text = table.get(id);
      if (text === undefined) {
        missing.push(id);
        continue;
      }
      if (text.trim() === '') wrong.push(`${id}: empty`);
      const [a, b] = [placeholdersOf(en), placeholdersOf(text)];
      if (a.join() !== b.join()) wrong.push(`${id}: placeholders ${b.join(', ') || 'none'}, English has ${a.join(', ') || 'none'}`);
      const [blocksEn, blocksTr] = [blocksOf(en), blocksOf(text)];
      if (blocksEn.map(skeleton).join('; ') !== blocksTr.map(skeleton).join('; ')) wrong.push(`${id}: blocks ${blocksTr.join('; ') || 'none'}, English has ${blocksEn.join('; ') || 'none'}`);
      else if (!blocksTr.every((block) => pluralCovers(block, language))) wrong.push(`${id}: a plural lacks forms ${language} needs (${new Intl.PluralRules(language).resolvedOptions().pluralCategories.join(', ')})`);
    }
    assert.deepEqual(wrong, [], `${wrong.length} ${language} entries disagree with English`);
    assert.deepEqual(missing.slice(0, 40), [], `${missing.length} of ${english.size} English ids have no ${language} translation (first 40 shown)`);
  });

  test(`${language}: no translation has an id English lacks`, () => {
    const extra = [...table.keys()].filter((id) => !english.has(id));
    assert.deepEqual(extra, [], `${extra.length} ${language} ids that no code declares`);
  });
}

test('the structure check sees plural, select and nested blocks', () => {
  assert.deepEqual(blocksOf('{n, plural, one {# bajt} few {# bajty} many {# bajtów} other {# bajta}} z {host}'), ['n plural [few,many,one,other]']);
  assert.deepEqual(blocksOf('{kind, select, tcp {{n, plural, one {#} other {#}}} other {x}}'), ['kind select [other,tcp]', 'n plural [one,other]']);
  assert.equal(pluralCovers('n plural [one,other]', 'pl'), false, 'Polish needs few and many');
  assert.equal(pluralCovers('n plural [few,many,one,other]', 'pl'), true);
  assert.equal(pluralCovers('n plural [one,other]', 'sv'), true);
  assert.equal(skeleton('kind select [other,tcp]'), 'kind select [other,tcp]');
});
