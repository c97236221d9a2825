// Polish and Russian plurals through the real formatter and a real catalog message with a plural
// (the TCP narrative's "it carries N bytes of data"), as the translations give it: one form for
// 1, another for 2 and 22, another for 0, 5 and 25.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { englishCatalog, sayMessage, useLanguage } from '../../electron/text/catalog.js';
import { chooseLanguage, readTranslation } from '../../electron/text/translation-files.js';
import { loadAllCatalogs } from './catalog-modules.js';

await loadAllCatalogs();
const ID = 'tcp.narrative.data';
const COUNTS = [0, 1, 2, 5, 22, 25];

function carries(language: string): string[] {
  chooseLanguage(language);
  try {
    return COUNTS.map((length) => sayMessage({ id: ID, params: { length } }));
  } finally {
    useLanguage('en');
  }
}

test('the message is a real catalog entry with a plural, in English and in both translations', () => {
  assert.match(englishCatalog().get(ID)!, /\{length, plural,/);
  for (const language of ['pl', 'ru']) assert.match(readTranslation(language).get(ID) ?? '', /\{length, plural,.*few \{.*many \{/, `${language} gives few and many`);
  assert.deepEqual(carries('en').slice(0, 3), ['it carries 0 bytes of data', 'it carries 1 byte of data', 'it carries 2 bytes of data']);
});

test('Polish: 1 bajt, 2 and 22 bajty, 0, 5 and 25 bajtów', () => {
  const said = carries('pl');
  const expected = ['0 bajtów', '1 bajt', '2 bajty', '5 bajtów', '22 bajty', '25 bajtów'];
  said.forEach((text, i) => assert.ok(new RegExp(`(^|\\s)${expected[i]}(\\s|$)`).test(text), `${COUNTS[i]}: ${text}`));
});

test('Russian: 1 байт, 2 and 22 байта, 0, 5 and 25 байт', () => {
  const said = carries('ru');
  const expected = ['0 байт', '1 байт', '2 байта', '5 байт', '22 байта', '25 байт'];
  said.forEach((text, i) => assert.ok(new RegExp(`(^|\\s)${expected[i]}(\\s|$)`).test(text), `${COUNTS[i]}: ${text}`));
  // The few form is not the many form: 2 and 5 differ in more than the number.
  assert.notEqual(said[2].replace('2', 'N'), said[3].replace('5', 'N'));
});
