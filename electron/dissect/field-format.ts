// A field's texts from its spec and value, by Wireshark's rules, so that `show` and `showname`
// equal what tshark's PDML gives for the same field: "Type: IPv4 (0x0800)",
// ".... ..1. = Syn: Set", "Identification: 0x4d10 (19728)", "Header Length: 20 bytes (5)".

import type { FieldValue } from './field-model.js';
import type { FieldSpec } from './field-spec.js';
import { currentLanguage, defineMessages, textOf } from '../text/catalog.js';
import { localUnits } from './unit-words.js';

/** The words a value is shown with when its field names none of its own (Wireshark's defaults). */
const VALUE_WORDS = defineMessages('field.value', {
  set: 'Set',
  not_set: 'Not set',
  true: 'True',
  false: 'False',
  unknown: 'Unknown',
});

/** PDML's `show`: the value alone. */
export function formatShow(spec: FieldSpec, value: FieldValue): string {
  if (value === null) return '';
  if (spec.show) return spec.show(value as number | string);
  switch (spec.type) {
    case 'uint8': case 'uint16': case 'uint24': case 'uint32': case 'int8': case 'int16': case 'int32':
      return typeof value === 'number' && (spec.base === 'hex' || spec.base === 'hex_dec') && value >= 0
        ? hex(value, digitsOf(spec.size * 8))
        : String(value);
    case 'boolean':
      return value === true || (typeof value === 'number' && value !== 0) ? '1' : '0';
    case 'bytes':
      return typeof value === 'string' ? colonize(value) : String(value);
    case 'relative_time':
      return typeof value === 'number' ? value.toFixed(9) : String(value);
    case 'none':
      return typeof value === 'string' ? value : '';
    default:
      return String(value);
  }
}

/**
 * PDML's `showname`: the line the tree shows. In English exactly tshark's; in another language the
 * label and value names are the translation's, which keeps Wireshark's English beside its own
 * ("Czas życia (Time to Live): 64"). Filter names and `show` never change.
 */
export function formatShowname(spec: FieldSpec, value: FieldValue): string {
  if (spec.line && value !== null) return spec.line(value as number | string);
  const pattern = spec.mask !== undefined ? bitPattern(spec, value) + ' = ' : '';
  const label = currentLanguage() === 'en' ? spec.label : textOf(`field.${spec.name}.label`, spec.label);
  if (spec.type === 'none') return pattern + (typeof value === 'string' && value !== '' ? `${label}: ${localUnits(value)}` : label);
  return `${pattern}${label}: ${localUnits(valueText(spec, value))}`;
}

/** The field's explanation in the current language. */
export function fieldDescription(spec: FieldSpec): string {
  return currentLanguage() === 'en' ? spec.description : textOf(`field.${spec.name}.description`, spec.description);
}

/** The part after "Label: ". */
export function valueText(spec: FieldSpec, value: FieldValue): string {
  if (value === null) return '';
  if (spec.format) return spec.format(value as number | string);
  switch (spec.type) {
    case 'uint8': case 'uint16': case 'uint24': case 'uint32': case 'int8': case 'int16': case 'int32': case 'uint64':
      return typeof value === 'number' ? numberText(spec, value) : String(value);
    case 'boolean': {
      // A flag of several bits (TCP's reserved bits) is set when any of them is.
      const on = value === true || (typeof value === 'number' && value !== 0);
      const [t, f] = spec.tfs ?? (spec.mask !== undefined ? SET : TRUE_FALSE);
      if (currentLanguage() !== 'en') {
        if (spec.tfs) return textOf(`field.${spec.name}.${on ? 'true' : 'false'}`, on ? t : f);
        const word = spec.mask !== undefined ? (on ? VALUE_WORDS.set : VALUE_WORDS.not_set) : on ? VALUE_WORDS.true : VALUE_WORDS.false;
        return textOf(word.id, word.en);
      }
      return on ? t : f;
    }
    case 'bytes':
      return typeof value === 'string' ? bytesText(value) : String(value);
    case 'relative_time':
      return typeof value === 'number' ? `${value.toFixed(9)} seconds` : String(value);
    default:
      return String(value);
  }
}

const SET = ['Set', 'Not set'] as const;
const TRUE_FALSE = ['True', 'False'] as const;

/** The name of `value` as the tree shows it: the catalog's, in the current language. */
function shownValueName(spec: FieldSpec, value: number): string | undefined {
  if (currentLanguage() === 'en') return valueName(spec, value);
  const named = spec.values?.[value];
  if (named !== undefined) return textOf(`field.${spec.name}.value.${value}`, named);
  if (spec.ranges) for (const [lo, hi, name] of spec.ranges) if (value >= lo && value <= hi) return textOf(`field.${spec.name}.range.${lo}-${hi}`, name);
  return undefined;
}

/** The name of `value` in the spec's value names or ranges (English, as filters compare it), if it has one. */
export function valueName(spec: FieldSpec, value: number): string | undefined {
  const named = spec.values?.[value];
  if (named !== undefined) return named;
  if (spec.ranges) for (const [lo, hi, name] of spec.ranges) if (value >= lo && value <= hi) return name;
  return undefined;
}

function numberText(spec: FieldSpec, value: number): string {
  const mask = spec.displayMask ?? spec.mask;
  const digits = digitsOf(mask !== undefined ? maskWidth(mask) : spec.size * 8);
  // A value a named field has no name for is "Unknown (253)", as in Wireshark.
  const name = shownValueName(spec, value) ?? (spec.values || spec.ranges ? textOf(VALUE_WORDS.unknown.id, VALUE_WORDS.unknown.en) : undefined);
  const base = spec.base ?? 'dec';
  if (name !== undefined) {
    if (base === 'none') return name;
    // With a name, the number in brackets is in the first base only (Wireshark's *_vals_format).
    return `${name} (${base === 'hex' || base === 'hex_dec' ? hex(value, digits) : value})`;
  }
  const unit = spec.unit ? ` ${value === 1 ? spec.unit[0] : spec.unit[1]}` : '';
  switch (base) {
    case 'hex': return hex(value, digits) + unit;
    case 'dec_hex': return `${value}${unit} (${hex(value, digits)})`;
    case 'hex_dec': return `${hex(value, digits)} (${value})${unit}`;
    default: return `${value}${unit}`;
  }
}

function hex(value: number, digits: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(digits, '0');
}

function digitsOf(bits: number): number {
  return Math.max(1, Math.ceil(bits / 4));
}

/** Bits from the lowest to the highest set bit of the mask. */
function maskWidth(mask: number): number {
  let lo = 0;
  while (lo < 32 && ((mask >>> lo) & 1) === 0) lo++;
  let hi = 31;
  while (hi > lo && ((mask >>> hi) & 1) === 0) hi--;
  return hi - lo + 1;
}

/** "0100 ....": the masked bits of the word with the others as dots, in groups of four. */
function bitPattern(spec: FieldSpec, value: FieldValue): string {
  const mask = spec.displayMask ?? spec.mask ?? 0;
  const width = spec.bits ?? (spec.size > 0 ? spec.size * 8 : 8);
  let shift = 0;
  while (shift < 32 && ((mask >>> shift) & 1) === 0) shift++;
  const v = (typeof value === 'number' ? value : value === true ? 1 : 0) / (spec.multiplier ?? 1);
  const word = (v * 2 ** shift) >>> 0;
  let s = '';
  for (let bit = width - 1; bit >= 0; bit--) {
    const inMask = ((mask >>> bit) & 1) === 1;
    s += inMask ? (((word >>> bit) & 1) === 1 ? '1' : '0') : '.';
    if (bit % 4 === 0 && bit > 0) s += ' ';
  }
  return s;
}

/** Wireshark writes at most 36 bytes of a byte field's value in its line, then "…". */
const BYTES_SHOWN = 36;

/** Bytes as the tree shows them: their first bytes in hex, "<MISSING>" when there are none (as Wireshark). */
function bytesText(plain: string): string {
  if (plain === '') return '<MISSING>';
  return plain.length > BYTES_SHOWN * 2 ? plain.slice(0, BYTES_SHOWN * 2) + '…' : plain;
}

function colonize(plain: string): string {
  let s = '';
  for (let i = 0; i < plain.length; i += 2) s += (i ? ':' : '') + plain.slice(i, i + 2);
  return s;
}
