// The language the page speaks: the user's choice from the language menu, remembered like the
// theme; until there is one, the system's (Electron passes its preferred languages in the page's
// address) or the browser's (navigator.languages). Anything but en/pl/sv/ru means English.
//
// Translations are loaded only for the language chosen: Vite makes each file under
// electron/text/translations/<language>/ a chunk of its own, and English loads none. The service
// is told too ('language.set'), since the packet tree, narrative and problems are its words.

import { installTranslation, hasTranslation, markUntranslated, preferredLanguage, supportedLanguage, useLanguage, type Language } from '../../../electron/text/catalog.js';
import type { LayerscopeApi } from '../../../electron/service/contract.js';

const KEY = 'layerscope.language';

// Every translation file, loaded on demand: path → loader of its { id: text } table.
const FILES = import.meta.glob<Record<string, string>>('../../../electron/text/translations/*/*.json', { import: 'default' });

/** The entries of every file of `language`, merged (files in name order, like the Node side). */
export async function loadTranslation(language: Language): Promise<Map<string, string>> {
  const table = new Map<string, string>();
  const paths = Object.keys(FILES)
    .filter((path) => path.split('/').at(-2) === language)
    .sort();
  const tables = await Promise.all(paths.map((path) => FILES[path]()));
  for (const entries of tables) for (const [id, text] of Object.entries(entries)) table.set(id, text);
  return table;
}

/** The language the system or browser prefers, when the user has not chosen one. */
export function systemLanguage(location: Location = window.location, languages: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  const passed = new URLSearchParams(location.search).get('languages');
  return preferredLanguage([...(passed ? passed.split(',') : []), ...languages]);
}

export class LanguageState {
  /** The language every text is in now. */
  current = $state<Language>('en');
  /** Bumped after each change, once the translation is installed: views keyed on it redraw. */
  version = $state(0);
  private changing: Promise<void> = Promise.resolve();

  constructor(private readonly api: LayerscopeApi) {
    markUntranslated(import.meta.env.DEV);
  }

  /** The language to start in: the remembered choice, else the system's. */
  initial(): Language {
    return supportedLanguage(localStorage.getItem(KEY)) ?? systemLanguage();
  }

  /** Switches to `language` (remembered when `remember`), then calls `after` (to fetch the packet again). */
  set(language: Language, remember: boolean, after?: () => void | Promise<void>): Promise<void> {
    if (remember) localStorage.setItem(KEY, language);
    this.changing = this.changing.then(async () => {
      if (!hasTranslation(language)) installTranslation(language, await loadTranslation(language));
      try {
        await this.api.request('language.set', { language });
      } catch {
        // An older service without the request still serves, in English.
      }
      useLanguage(language);
      document.documentElement.lang = language;
      // Starting in English, nothing on screen changes: no redraw.
      if (language === this.current) return;
      this.current = language;
      this.version++;
      await after?.();
    });
    return this.changing;
  }
}
