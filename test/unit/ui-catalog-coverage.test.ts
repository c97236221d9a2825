// No English written into the renderer's markup: every word a Svelte component shows (its text
// and its title, aria-label, placeholder and alt attributes) comes from a catalog through an
// expression, so that it can be translated. The components are parsed with Svelte's own parser;
// what lies inside {…} is code, not text, and is not looked at here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import { REPO } from './catalog-modules.js';

const COMPONENTS = join(REPO, 'renderer', 'src');

/**
 * The attributes whose values people read (or hear, from a screen reader); `label` is the prop the
 * splitters give their aria-label.
 */
const READ_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label']);

/**
 * Literal text that is not a word to translate, each kept on purpose (whole texts, as written):
 * - the language menu's label names "Language" in all four languages at once, so that someone who
 *   cannot read the current one still finds it;
 * - Layerscope is the program's name;
 * - pcapng and pcap are file formats, named as every tool names them;
 * - TCP and UDP are the protocols' names, socket() a call's name: code, the same in every course;
 * - Proto, Recv-Q and Send-Q are the kernel table's column names as `ss` prints them, so that a
 *   student can set the lab's table beside `ss -tan`;
 * - <Ignored> is the mark Wireshark writes before an ignored packet's Info.
 */
const ALLOWED = new Set(['Language / Język / Språk / Язык', 'Layerscope', 'pcapng', 'pcap', 'TCP', 'UDP', 'socket()', 'Proto', 'Recv-Q', 'Send-Q', '<Ignored>']);

/** A letter of any script, two of them in a row: one letter alone ("x", "A", "B") is a symbol. */
const WORD = /\p{L}{2,}/u;

interface Found {
  readonly where: string;
  readonly text: string;
}

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return svelteFiles(path);
    return name.endsWith('.svelte') ? [path] : [];
  });
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** Every literal text of `source`'s markup a person would read, with its line. */
export function literalWords(path: string, source: string): Found[] {
  const found: Found[] = [];
  const file = relative(REPO, path);
  const note = (start: number, raw: string) => {
    const text = raw.replace(/\s+/g, ' ').trim();
    if (WORD.test(text) && !ALLOWED.has(text)) found.push({ where: `${file}:${lineOf(source, start)}`, text });
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown> & { type?: string; start?: number };
    // <style> is CSS, <script> code; expressions (type ending in Expression, ExpressionTag…) are code.
    if (n.type === 'StyleSheet' || n.type === 'Script' || n.type === 'Comment' || n.type === 'StyleDirective') return;
    if (n.type === 'Text' && typeof n.data === 'string') {
      note(n.start ?? 0, n.data);
      return;
    }
    if (n.type === 'Attribute') {
      if (READ_ATTRIBUTES.has(String(n.name)) && Array.isArray(n.value)) {
        for (const part of n.value as { type: string; data?: string; start: number }[]) if (part.type === 'Text' && part.data !== undefined) note(part.start, part.data);
      }
      return;
    }
    if (typeof n.type === 'string' && /Expression|Tag$|Identifier|Literal/.test(n.type) && n.type !== 'SvelteElement') {
      // {…} and {@html …}: code. Blocks ({#if}, {#each}) have fragments walked below.
      if (!('fragment' in n) && !('consequent' in n) && !('body' in n)) return;
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === 'expression' || key === 'test' || key === 'metadata' || key === 'parent') continue;
      if (value && typeof value === 'object') visit(value);
    }
  };
  visit(parse(source, { modern: true, filename: path }).fragment);
  return found;
}

test("the renderer's components write no English words into their markup: text comes from the catalogs", () => {
  const found = svelteFiles(COMPONENTS).flatMap((path) => literalWords(path, readFileSync(path, 'utf8')));
  const lines = found.map((f) => `${f.where}: ${f.text}`);
  assert.equal(lines.length, 0, `${lines.length} literal texts in markup; move each into the component area's *-text.ts catalog:\n${lines.join('\n')}`);
});

test('the scan sees text nodes and the read attributes, and not expressions, code or styles', () => {
  const source = [
    '<script lang="ts">const a = "Not markup";</script>',
    '<p>Hello there</p>',
    '<button title="Close it" aria-label={x} data-testid="close-button">{say(T.close)}</button>',
    '<input placeholder="Type here" />',
    '<span>✕</span> <span>{n} / {m}</span>',
    '<style>p { font-family: sans-serif; }</style>',
  ].join('\n');
  assert.deepEqual(
    literalWords(join(REPO, 'x.svelte'), source).map((f) => `${f.where}: ${f.text}`),
    ['x.svelte:2: Hello there', 'x.svelte:3: Close it', 'x.svelte:4: Type here'],
  );
});
