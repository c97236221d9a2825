// The unit after a number in a tree line ("42 bytes", "0.000412000 seconds", "20 bits") in the
// current language, with the plural form the number takes there ("42 bajty", "5 bajtów"). English
// lines are left exactly as tshark writes them; the number's own text never changes, so a value
// still reads as Wireshark shows it.

import { currentLanguage, defineMessages, say, type MessageSpec } from '../text/catalog.js';

const UNIT_WORDS = defineMessages('field.unit', {
  byte: '{count, plural, one {{number} byte} other {{number} bytes}}',
  bit: '{count, plural, one {{number} bit} other {{number} bits}}',
  octet: '{count, plural, one {{number} octet} other {{number} octets}}',
  second: '{count, plural, one {{number} second} other {{number} seconds}}',
  millisecond: '{count, plural, one {{number} millisecond} other {{number} milliseconds}}',
  microsecond: '{count, plural, one {{number} microsecond} other {{number} microseconds}}',
});

const BY_ENGLISH: Readonly<Record<string, MessageSpec>> = {
  byte: UNIT_WORDS.byte, bytes: UNIT_WORDS.byte,
  bit: UNIT_WORDS.bit, bits: UNIT_WORDS.bit,
  octet: UNIT_WORDS.octet, octets: UNIT_WORDS.octet,
  second: UNIT_WORDS.second, seconds: UNIT_WORDS.second,
  millisecond: UNIT_WORDS.millisecond, milliseconds: UNIT_WORDS.millisecond,
  microsecond: UNIT_WORDS.microsecond, microseconds: UNIT_WORDS.microsecond,
};

const NUMBER_AND_UNIT = /(?<![\w.])(\d+(?:\.\d+)?) (bytes?|bits?|octets?|seconds?|milliseconds?|microseconds?)\b/g;

/** `text` with each "number unit" in the current language; `text` itself in English. */
export function localUnits(text: string): string {
  if (currentLanguage() === 'en' || text.length === 0) return text;
  return text.replace(NUMBER_AND_UNIT, (_, number: string, unit: string) =>
    // A number written with a fraction ("1.000000000") takes the fraction's plural form in every
    // course language (Polish "1,5 sekundy", not "sekunda"), whatever its value.
    say(BY_ENGLISH[unit], { count: number.includes('.') ? 0.5 : Number(number), number }));
}
