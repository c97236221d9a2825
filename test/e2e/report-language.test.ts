// A coursework report in Russian, printed to PDF by Chromium: its headings, field labels and
// explanations come out of the PDF as Cyrillic text (pdftotext), every font in it is an embedded
// DejaVu with a Unicode map (no missing glyphs drawn as boxes, nothing fetched), and its pages
// render (pdftoppm); numbers are written the Russian way.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTranslation } from '../../electron/text/translation-files.js';
import { screenshotPath } from './playwright-browser.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'layerscope-report-ru-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a PDF report with --lang ru is in Russian, in fonts that have its letters, and its pages render', () => {
  const out = join(dir, 'report.pdf');
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'report', SAMPLE, '--packets', '5', '--lang', 'ru', '-o', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const ru = readTranslation('ru');
  // pdftotext joins lines as laid out; compare with whitespace folded.
  const text = spawnSync('pdftotext', [out, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  for (const id of ['report.contents', 'report.packets_in_capture', 'field.tcp.srcport.label', 'layer.osi_4']) {
    const translated = ru.get(id);
    assert.ok(translated, `the Russian translation has ${id}`);
    assert.ok(text.includes(translated.replace(/\s+/g, ' ')), `"${translated}" (${id}) is in the PDF's text`);
  }
  assert.match(text, /[А-Яа-яЁё]{4,}/);
  assert.ok(!text.includes('Packets in the capture'), 'the heading is not left in English');
  assert.match(text, /2,019514 с/, 'the decimal comma of Russian');
  // Every font is embedded, a DejaVu face, with a ToUnicode map: no glyph is missing or fetched.
  const fonts = spawnSync('pdffonts', [out], { encoding: 'utf8' }).stdout.trim().split('\n').slice(2);
  assert.ok(fonts.length > 0);
  for (const line of fonts) {
    assert.match(line, /DejaVu/, line);
    assert.match(line, /\byes\s+yes\s+yes\b/, `embedded, subset, with a Unicode map: ${line}`);
  }
  // The first pages render; the title page is kept as a screenshot to look at.
  const prefix = join(dir, 'page');
  const render = spawnSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '3', out, prefix], { encoding: 'utf8' });
  assert.equal(render.status, 0, render.stderr);
  const pages = readdirSync(dir).filter((n) => n.startsWith('page') && n.endsWith('.png')).sort();
  assert.equal(pages.length, 3);
  for (const page of pages) assert.ok(statSync(join(dir, page)).size > 5000, `${page} has something drawn`);
  mkdirSync(dirname(screenshotPath('report-pdf-ru-page-1')), { recursive: true });
  copyFileSync(join(dir, pages[0]), screenshotPath('report-pdf-ru-page-1'));
});
