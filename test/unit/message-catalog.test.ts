// Catalog messages: placeholders, plural forms by each language's rules (Polish and Russian have
// three), and translations that are data only, falling back to English entry by entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMessage, placeholdersOf } from '../../electron/text/message-format.js';
import { defineMessages, installTranslation, languageFromEnvironment, markUntranslated, preferredLanguage, say, sayMessage, supportedLanguage, useLanguage } from '../../electron/text/catalog.js';

const BYTES = '{n, plural, one {# byte} other {# bytes}}';

test('placeholders are filled; unknown ones stay visible rather than vanish', () => {
  assert.equal(formatMessage('TCP from port {src} to port {dst}', { src: 40000, dst: 80 }), 'TCP from port 40000 to port 80');
  assert.equal(formatMessage('from {src}', {}), 'from {src}');
  assert.equal(formatMessage('no braces at all', undefined), 'no braces at all');
  assert.equal(formatMessage('an open { brace', undefined), 'an open { brace');
});

test('English plurals: one and other, with # as the number and exact forms first', () => {
  assert.deepEqual([0, 1, 2, 5].map((n) => formatMessage(BYTES, { n })), ['0 bytes', '1 byte', '2 bytes', '5 bytes']);
  assert.equal(formatMessage('{n, plural, =0 {nothing} one {# thing} other {# things}}', { n: 0 }), 'nothing');
  // A plural form may hold placeholders of its own.
  assert.equal(formatMessage('{n, plural, one {# packet from {host}} other {# packets from {host}}}', { n: 3, host: 'a' }), '3 packets from a');
});

test('a select block picks the form named by the value, else other, and fills the form\'s own placeholders', () => {
  const hint = '"{name}" is unknown{suggestion, select, none {} other {: did you mean {suggestion}?}}';
  assert.equal(formatMessage(hint, { name: 'tcp.prot', suggestion: 'tcp.port' }), '"tcp.prot" is unknown: did you mean tcp.port?');
  assert.equal(formatMessage(hint, { name: 'zzz', suggestion: 'none' }), '"zzz" is unknown');
});

test('Polish and Russian choose among three forms by their own rules (0, 1, 2, 5, 22, 25)', () => {
  const pl = '{n, plural, one {# bajt} few {# bajty} many {# bajtów} other {# bajta}}';
  assert.deepEqual([0, 1, 2, 5, 22, 25].map((n) => formatMessage(pl, { n }, 'pl')), ['0 bajtów', '1 bajt', '2 bajty', '5 bajtów', '22 bajty', '25 bajtów']);
  const ru = '{n, plural, one {# байт} few {# байта} many {# байтов} other {# байта}}';
  assert.deepEqual([0, 1, 2, 5, 21, 22, 25].map((n) => formatMessage(ru, { n }, 'ru')), ['0 байтов', '1 байт', '2 байта', '5 байтов', '21 байт', '22 байта', '25 байтов']);
});

test('the placeholders a template uses, for checking translations against English', () => {
  assert.deepEqual(placeholdersOf(`{count} packets; ${BYTES} from {host}`), ['count', 'host', 'n']);
  // A select's form of one word is text, not a placeholder; placeholders inside forms count.
  assert.deepEqual(placeholdersOf('{side, select, sender {nadawca} other {odbiorca {peer}}} czeka'), ['peer', 'side']);
});

test('a translation is data: installed and chosen, it replaces the English it covers and nothing else', () => {
  const M = defineMessages('catalog_test', { hello: 'Hello {name}', bytes: BYTES });
  installTranslation('sv', new Map([['catalog_test.hello', 'Hej {name}']]));
  try {
    useLanguage('sv');
    assert.equal(say(M.hello, { name: 'Anna' }), 'Hej Anna');
    assert.equal(say(M.bytes, { n: 2 }), '2 bytes', 'untranslated: English');
    assert.equal(sayMessage({ id: 'catalog_test.hello', params: { name: 'Per' } }), 'Hej Per');
  } finally {
    useLanguage('en');
  }
  assert.equal(say(M.hello, { name: 'Anna' }), 'Hello Anna');
});

test('one id cannot carry two different English texts', () => {
  defineMessages('catalog_test2', { a: 'one text' });
  assert.throws(() => defineMessages('catalog_test2', { a: 'another text' }), Error);
});

test('an entry a translation lacks is English, marked ⟦…⟧ only in development, never its id', () => {
  const M = defineMessages('catalog_test3', { kept: 'Kept in English', done: 'Done' });
  installTranslation('pl', new Map([['catalog_test3.done', 'Gotowe']]));
  try {
    useLanguage('pl');
    assert.equal(say(M.done), 'Gotowe');
    assert.equal(say(M.kept), 'Kept in English');
    assert.equal(sayMessage({ id: 'catalog_test3.kept' }), 'Kept in English');
    markUntranslated(true);
    assert.equal(say(M.kept), '⟦Kept in English⟧');
    assert.equal(say(M.done), 'Gotowe');
  } finally {
    markUntranslated(false);
    useLanguage('en');
  }
  assert.equal(say(M.kept), 'Kept in English', 'English itself is never marked');
});

test('languages from tags, browsers and the POSIX locale: en, pl, sv, ru, else English', () => {
  assert.equal(supportedLanguage('pl_PL.UTF-8'), 'pl');
  assert.equal(supportedLanguage('ru-RU'), 'ru');
  assert.equal(supportedLanguage('SV'), 'sv');
  assert.equal(supportedLanguage('C'), undefined);
  assert.equal(supportedLanguage('de_DE'), undefined);
  assert.equal(preferredLanguage(['de-DE', 'sv-SE', 'en-US']), 'sv');
  assert.equal(preferredLanguage(['fr', 'de']), 'en');
  assert.equal(languageFromEnvironment({ LANG: 'pl_PL.UTF-8' }), 'pl');
  assert.equal(languageFromEnvironment({ LANG: 'pl_PL.UTF-8', LC_MESSAGES: 'ru_RU.UTF-8' }), 'ru');
  assert.equal(languageFromEnvironment({ LANG: 'pl_PL.UTF-8', LC_ALL: 'C' }), 'en');
  assert.equal(languageFromEnvironment({ LC_ALL: '', LANG: 'sv_SE.UTF-8' }), 'sv', 'an empty variable is not set');
  assert.equal(languageFromEnvironment({ LANG: 'POSIX' }), 'en');
  assert.equal(languageFromEnvironment({}), 'en');
});
