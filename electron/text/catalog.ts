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

const english = new Map<string, string>();
const translations = new Map<string, ReadonlyMap<string, string>>();
let current = 'en';

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
  current = language;
}

export function currentLanguage(): string {
  return current;
}

/** The text for `id` in the current language, English when untranslated. */
export function textOf(id: string, en: string): string {
  if (current === 'en') return en;
  return translations.get(current)?.get(id) ?? en;
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
