// Translations as the Node side (CLI, service, Electron main) reads them: every `*.json` in
// translations/<language>/ is a flat { id: text } table, and a language is all of its files merged,
// however many there are (one per chunk the translators worked on, ui-components.json…). They are
// read when a language is first chosen, so English costs nothing.
//
// Where the folder is: beside this module in the repository (electron/text/translations, run by
// tsx), and dist/translations beside the esbuild bundles (dist/cli/, dist/electron/), where
// `npm run build` copies it; electron-builder packs dist/** into the app.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installTranslation, hasTranslation, markUntranslated, supportedLanguage, useLanguage, type Language } from './catalog.js';

function thisDirectory(): string {
  // Source runs as ESM; the esbuild bundles are CommonJS with __dirname.
  const url = import.meta.url as string | undefined;
  return url ? dirname(fileURLToPath(url)) : __dirname;
}

/** The folder holding one subfolder per language, or undefined in an installation without it. */
export function translationsFolder(): string | undefined {
  const here = thisDirectory();
  const candidates = [join(here, 'translations'), resolve(here, '..', 'translations'), resolve(here, '..', '..', 'electron', 'text', 'translations')];
  return candidates.find((p) => existsSync(p));
}

/**
 * Every entry of `language`'s files merged into one table, files in name order. A file that is
 * not a flat table of strings is an error naming it: a translator's typo must not pass silently.
 */
export function readTranslation(language: string, folder = translationsFolder()): Map<string, string> {
  const table = new Map<string, string>();
  const dir = folder && join(folder, language);
  if (!dir || !existsSync(dir)) return table;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    let entries: unknown;
    try {
      entries = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`translation ${language}/${name} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) throw new Error(`translation ${language}/${name} is not a table of id → text`);
    for (const [id, text] of Object.entries(entries)) {
      if (typeof text !== 'string') throw new Error(`translation ${language}/${name}: ${id} is not a text`);
      table.set(id, text);
    }
  }
  return table;
}

/** Loads `language`'s translation once (English needs none). */
export function loadLanguage(language: Language): void {
  if (!hasTranslation(language)) installTranslation(language, readTranslation(language));
}

/**
 * Makes `tag` the language every text is given in, loading its translation first; a tag
 * Layerscope has no translation for means English. Returns the language chosen.
 */
export function chooseLanguage(tag: string | undefined): Language {
  markUntranslatedInDevelopment();
  const language = supportedLanguage(tag) ?? 'en';
  loadLanguage(language);
  useLanguage(language);
  return language;
}

/** Development runs (NODE_ENV=development, or LAYERSCOPE_DEV=1) mark what is still untranslated. */
export function markUntranslatedInDevelopment(env: Readonly<Record<string, string | undefined>> = process.env): void {
  markUntranslated(env.NODE_ENV === 'development' || env.LAYERSCOPE_DEV === '1');
}
