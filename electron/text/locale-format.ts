// Numbers, dates and times as the current language writes them, for text people read (the report,
// the toolbar's counts, the status): Intl with the catalog's language. English keeps Layerscope's
// own forms, which tests and exports compare byte for byte. Never for filters, CSV or JSON.

import { currentLanguage } from './catalog.js';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(language: string, fractionDigits: number, grouping: boolean): Intl.NumberFormat {
  const key = `${language}/${fractionDigits}/${grouping}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, useGrouping: grouping });
    numberFormats.set(key, format);
  }
  return format;
}

/** A whole number for reading: "12,345" in English, "12 345" in Polish, "12 345" in Russian. */
export function readableInteger(value: number, language = currentLanguage()): string {
  return numberFormat(language, 0, true).format(value);
}

/** A count as Layerscope wrote it before (no grouping) in English, in the language's way otherwise. */
export function readableCount(value: number, language = currentLanguage()): string {
  return language === 'en' ? String(value) : readableInteger(value, language);
}

/** A decimal with `digits` fraction digits: "0.001050" in English, "0,001050" in Polish. */
export function readableDecimal(value: number, digits: number, language = currentLanguage()): string {
  return language === 'en' ? value.toFixed(digits) : numberFormat(language, digits, false).format(value);
}

/** A moment in UTC: "2026-12-05 12:48:52 UTC" in English, "5 grudnia 2026 12:48:52 UTC" in Polish. */
export function readableUtcDateTime(date: Date, language = currentLanguage()): string {
  if (language === 'en') return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(date);
}
