// The command line in the students' languages: --lang, else LC_ALL, LC_MESSAGES, LANG. dissect's
// tree then gives each field's label in the language with Wireshark's English beside it, and the
// field's explanation in the language instead of English; filter names stay as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readTranslation } from '../../electron/text/translation-files.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
// The SYN of the sample's HTTP connection, and the TCP field the test reads.
const SYN = '5';
const FIELD = 'field.tcp.srcport';
const ENGLISH_DESCRIPTION = 'The port of the program that sent this segment';

/** The environment without any locale variable, plus `locale`. */
function environment(locale: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE']) delete env[name];
  return { ...env, ...locale };
}

function layerscope(args: string[], env = environment()) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The tree line and explanation of tcp.srcport in `stdout`. */
function srcportLines(stdout: string): { line: string; explanation: string } {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.includes('(tcp.srcport)'));
  assert.ok(at >= 0, `no tcp.srcport line in:\n${stdout.slice(0, 2000)}`);
  return { line: lines[at], explanation: lines[at + 1] ?? '' };
}

function assertSpeaks(language: string, stdout: string) {
  const table = readTranslation(language);
  const label = table.get(`${FIELD}.label`);
  const description = table.get(`${FIELD}.description`);
  assert.ok(label && description, `the ${language} translation has ${FIELD}'s label and description`);
  const { line, explanation } = srcportLines(stdout);
  assert.ok(line.includes(`${label}: 40000`), `${language} label in: ${line}`);
  assert.ok(explanation.includes(description), `${language} explanation under the field: ${explanation}`);
  assert.ok(!stdout.includes(ENGLISH_DESCRIPTION), `no English explanation left in the ${language} tree`);
  // Filter names and the bytes' places never change.
  assert.match(line, /\[34\+2\]  \(tcp\.srcport\)$/);
}

for (const language of ['pl', 'sv', 'ru']) {
  test(`dissect --lang ${language}: the tree's labels and explanations are in ${language}`, () => {
    const r = layerscope(['dissect', SAMPLE, '--packet', SYN, '--lang', language]);
    assert.equal(r.code, 0, r.stderr);
    assertSpeaks(language, r.stdout);
  });
}

test('without --lang, LANG=pl_PL.UTF-8 means Polish; LC_MESSAGES before LANG, LC_ALL before both; C is English', () => {
  assertSpeaks('pl', layerscope(['dissect', SAMPLE, '--packet', SYN], environment({ LANG: 'pl_PL.UTF-8' })).stdout);
  assertSpeaks('ru', layerscope(['dissect', SAMPLE, '--packet', SYN], environment({ LANG: 'pl_PL.UTF-8', LC_MESSAGES: 'ru_RU.UTF-8' })).stdout);
  assertSpeaks('sv', layerscope(['dissect', SAMPLE, '--packet', SYN], environment({ LANG: 'pl_PL.UTF-8', LC_MESSAGES: 'ru_RU.UTF-8', LC_ALL: 'sv_SE.UTF-8' })).stdout);
  const englishLocales: Record<string, string>[] = [{ LC_ALL: 'C', LANG: 'pl_PL.UTF-8' }, { LANG: 'POSIX' }, { LANG: 'de_DE.UTF-8' }, {}];
  for (const locale of englishLocales) {
    const { line } = srcportLines(layerscope(['dissect', SAMPLE, '--packet', SYN], environment(locale)).stdout);
    assert.equal(line.trim(), 'Source Port: 40000 [34+2]  (tcp.srcport)', JSON.stringify(locale));
  }
  // --lang wins over the environment.
  assertSpeaks('sv', layerscope(['dissect', SAMPLE, '--packet', SYN, '--lang=sv'], environment({ LC_ALL: 'pl_PL.UTF-8' })).stdout);
});

test('English output is as before: no explanations unless --explain asks for them', () => {
  const plain = layerscope(['dissect', SAMPLE, '--packet', SYN, '--lang', 'en']).stdout;
  assert.ok(!plain.includes(ENGLISH_DESCRIPTION));
  assert.equal(srcportLines(plain).line, '    Source Port: 40000 [34+2]  (tcp.srcport)');
  assert.match(plain, /Transmission Control Protocol, Src Port: 40000, Dst Port: 80.*\[OSI 4 Transport \| TCP\/IP Transport\]/);
  const explained = layerscope(['dissect', SAMPLE, '--packet', SYN, '--explain']).stdout;
  assert.ok(srcportLines(explained).explanation.includes(ENGLISH_DESCRIPTION));
});

test('the layer names of both models are the language\'s', () => {
  const ru = readTranslation('ru');
  const r = layerscope(['dissect', SAMPLE, '--packet', SYN, '--lang', 'ru']);
  assert.ok(r.stdout.includes(`[OSI 4 ${ru.get('layer.osi_4')} | TCP/IP ${ru.get('layer.tcpip_transport')}]`), r.stdout.slice(0, 600));
});

test('list\'s filter errors are in the language; an unknown --lang is a usage mistake', () => {
  const english = layerscope(['list', SAMPLE, '-Y', 'tcp.prot == 1']);
  assert.equal(english.code, 2);
  assert.match(english.stderr, /"tcp\.prot" is not a field or protocol: did you mean tcp\.port\?/);
  for (const language of ['pl', 'sv', 'ru']) {
    const r = layerscope(['list', SAMPLE, '-Y', 'tcp.prot == 1', '--lang', language]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /tcp\.prot/);
    assert.match(r.stderr, /tcp\.port/, 'the suggestion is the filter name, untranslated');
    assert.doesNotMatch(r.stderr, /is not a field or protocol/, `${language}: ${r.stderr}`);
  }
  const bad = layerscope(['dissect', SAMPLE, '--lang', 'de']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--lang must be one of en, pl, sv, ru, not 'de'/);
});

test('help names --lang', () => {
  assert.match(layerscope(['help']).stdout, /--lang en\|pl\|sv\|ru/);
});

test("units after numbers take the language's word and plural form; the number itself stays as Wireshark writes it", () => {
  const frameLength = (stdout: string) => stdout.split('\n').find((l) => l.includes('(frame.len)')) ?? '';
  const headline = (stdout: string) => stdout.split('\n')[0];
  const expected: Record<string, [string, string, string]> = {
    en: ['74 bytes (592 bits)', '0.020410000 seconds', 'Packet 5  time 0.020410'],
    // Polish: 74 and 592 take "few" (bajty, bity); a number with a fraction takes "other" (sekundy).
    pl: ['74 bajty (592 bity)', '0.020410000 sekundy', 'Pakiet 5  czas 0.020410'],
    sv: ['74 byte (592 bitar)', '0.020410000 sekunder', 'Paket 5  tid 0.020410'],
    ru: ['74 байта (592 бита)', '0.020410000 секунды', 'Пакет 5  время 0.020410'],
  };
  for (const [language, [length, relative, packet]] of Object.entries(expected)) {
    const stdout = layerscope(['dissect', SAMPLE, '--packet', SYN, '--lang', language]).stdout;
    assert.ok(frameLength(stdout).includes(`: ${length} [0+0]`), `${language}: ${frameLength(stdout)}`);
    assert.ok(stdout.split('\n').some((l) => l.includes(`: ${relative} [0+0]`) && l.includes('(frame.time_relative)')), `${language}: relative time in ${relative}`);
    assert.ok(headline(stdout).startsWith(packet), `${language}: ${headline(stdout)}`);
  }
});
