// Every sentence Layerscope says to a user has a stable id and an English text, declared where it
// is used (a protocol module declares its field labels, value names, problems and narrative).
// Declaring registers the English text here; a translation is a table of the same ids in another
// language, loaded as data, so translating needs no code change.

import { formatMessage, type MessageParams } from './message-format.js';

/** One catalog entry: a stable id and its English template. */
export interface MessageSpec {
  readonly id: string;
  readonly en: string;
}

/** A message to show: an entry and the values for its placeholders. */
export interface Message {
  readonly id: string;
  readonly params?: MessageParams;
}

/** The languages Layerscope speaks, English first (the language every id is declared in). */
export const LANGUAGES = ['en', 'pl', 'sv', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the language menu. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', pl: 'Polski', sv: 'Svenska', ru: 'Русский' };

/**
 * The language a tag names, when Layerscope speaks it: "pl", "pl-PL", "pl_PL.UTF-8" and "PL" give
 * "pl"; anything else (C, POSIX, de_DE, "") gives undefined.
 */
export function supportedLanguage(tag: string | null | undefined): Language | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_.@]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : undefined;
}

/** The first of `tags` (a browser's languages, in preference order) Layerscope speaks, else English. */
export function preferredLanguage(tags: readonly (string | null | undefined)[]): Language {
  for (const tag of tags) {
    const language = supportedLanguage(tag);
    if (language) return language;
  }
  return 'en';
}

/**
 * The language the POSIX locale variables choose: the first one set of LC_ALL, LC_MESSAGES and
 * LANG decides (as setlocale reads them for messages); C, POSIX or a language without a
 * translation mean English.
 */
export function languageFromEnvironment(env: Readonly<Record<string, string | undefined>>): Language {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value) return supportedLanguage(value) ?? 'en';
  }
  return 'en';
}

const english = new Map<string, string>();
const translations = new Map<string, ReadonlyMap<string, string>>();
let current = 'en';
let markMissing = false;
const listeners = new Set<(language: string) => void>();

/**
 * In development builds an entry the current translation lacks shows as ⟦English⟧, so that a
 * reviewer sees what is still untranslated; users always get plain English.
 */
export function markUntranslated(on: boolean): void {
  markMissing = on;
}

/** Registers English text under `id`. The same id declared twice with different text is a bug. */
export function declareText(id: string, en: string): void {
  const known = english.get(id);
  if (known !== undefined && known !== en) throw new Error(`catalog id ${id} is declared twice with different text`);
  english.set(id, en);
}

/**
 * Declares a group of messages under `scope`: `defineMessages('tcp.narrative', { syn: 'SYN asks…' })`
 * gives `{ syn: { id: 'tcp.narrative.syn', en: 'SYN asks…' } }`.
 */
export function defineMessages<K extends string>(scope: string, templates: { readonly [P in K]: string }): { readonly [P in K]: MessageSpec } {
  return Object.fromEntries(
    (Object.keys(templates) as K[]).map((key) => {
      const id = `${scope}.${key}`;
      declareText(id, templates[key]);
      return [key, { id, en: templates[key] }];
    }),
  ) as { readonly [P in K]: MessageSpec };
}

/** Every English entry, id → template (what a translation must cover). */
export function englishCatalog(): ReadonlyMap<string, string> {
  return english;
}

/** Installs a translation: entries it lacks fall back to English. */
export function installTranslation(language: string, entries: ReadonlyMap<string, string>): void {
  translations.set(language, entries);
}

/** Chooses the language texts are given in (English when no translation is installed for it). */
export function useLanguage(language: string): void {
  if (language === current) return;
  current = language;
  for (const listener of listeners) listener(language);
}

/** Calls `listener` after every change of language; returns the function that stops it. */
export function onLanguageChange(listener: (language: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether a translation for `language` has been installed (English always is). */
export function hasTranslation(language: string): boolean {
  return language === 'en' || translations.has(language);
}

export function currentLanguage(): string {
  return current;
}

/** The text for `id` in the current language, English when untranslated. */
export function textOf(id: string, en: string): string {
  if (current === 'en') return en;
  const translated = translations.get(current)?.get(id);
  if (translated !== undefined) return translated;
  return markMissing ? `⟦${en}⟧` : en;
}

/** `spec` filled with `params`, in the current language. */
export function say(spec: MessageSpec, params?: MessageParams): string {
  return formatMessage(textOf(spec.id, spec.en), params, current);
}

/** A message by id (as carried in data), in the current language; the id itself when unknown. */
export function sayMessage(message: Message): string {
  const en = english.get(message.id);
  return en === undefined ? message.id : formatMessage(textOf(message.id, en), message.params, current);
}
