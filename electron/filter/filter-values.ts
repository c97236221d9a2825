// Values as filters compare them, by the field's type from its protocol's field table: numbers
// (integers, booleans, times), IPv4 addresses as 32-bit numbers, IPv6 and MAC addresses and byte
// strings as bytes, text as strings. Literals are read the way the compared field's type reads
// them, so "10.0.0.0/8" is a CIDR block next to ip.src and a byte string nowhere.

import type { FieldSpec, FieldType } from '../dissect/field-spec.js';
import type { Field } from '../dissect/field-model.js';
import { textOf } from '../text/catalog.js';
import { VALUE_KINDS } from './filter-error.js';
import type { MessageSpec } from '../text/catalog.js';

export type ValueKind = 'number' | 'ipv4' | 'ipv6' | 'bytes' | 'string' | 'none';

/** A value at run time: numbers and IPv4 addresses as numbers, IPv6/MAC/bytes as bytes. */
export type Value = number | string | Uint8Array;

/** A literal: its value, and for an address the prefix length that makes it a block. */
export interface Literal {
  readonly value: Value;
  readonly prefix?: number;
}

export function kindOf(type: FieldType): ValueKind {
  switch (type) {
    case 'ipv4':
      return 'ipv4';
    case 'ipv6':
      return 'ipv6';
    case 'ether':
    case 'bytes':
      return 'bytes';
    case 'string':
      return 'string';
    case 'none':
      return 'none';
    default:
      return 'number';
  }
}

/** How an error names what a field of `type` takes. */
export function kindText(type: FieldType | 'protocol'): MessageSpec {
  switch (type) {
    case 'uint8': case 'uint16': case 'uint24': case 'uint32': case 'uint64':
      return VALUE_KINDS.integer;
    case 'int8': case 'int16': case 'int32':
      return VALUE_KINDS.signed;
    case 'boolean':
      return VALUE_KINDS.boolean;
    case 'ipv4':
      return VALUE_KINDS.ipv4;
    case 'ipv6':
      return VALUE_KINDS.ipv6;
    case 'ether':
      return VALUE_KINDS.ether;
    case 'bytes':
      return VALUE_KINDS.bytes;
    case 'string':
      return VALUE_KINDS.string;
    case 'relative_time':
      return VALUE_KINDS.time;
    case 'absolute_time':
      return VALUE_KINDS.absolute_time;
    case 'framenum':
      return VALUE_KINDS.framenum;
    case 'double':
      return VALUE_KINDS.number;
    case 'protocol':
      return VALUE_KINDS.protocol;
    default:
      return VALUE_KINDS.label;
  }
}

/** The field's value in its comparison form; undefined when it has none that form can hold. */
export function fieldValue(f: Field, spec: FieldSpec): Value | undefined {
  const v = f.value;
  switch (spec.type) {
    case 'ipv4':
      return typeof v === 'string' ? parseIpv4(v) : undefined;
    case 'ipv6':
      return typeof v === 'string' ? parseIpv6(v) : undefined;
    case 'ether':
      return typeof v === 'string' ? parseBytes(v, 6) : undefined;
    case 'bytes':
      return typeof v === 'string' ? hexBytes(v) : undefined;
    case 'string':
      return typeof v === 'string' ? v : f.show;
    case 'none':
      return undefined;
    case 'absolute_time':
      return typeof v === 'number' ? v : parseAbsoluteTime(String(v));
    default: {
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      const n = Number(v);
      return v !== null && v !== '' && Number.isFinite(n) ? n : undefined;
    }
  }
}

/** Reads `text` (unquoted unless `quoted`) as a literal for `spec`'s type; undefined when it is not one. */
export function parseLiteral(text: string, quoted: boolean, spec: FieldSpec): Literal | undefined {
  switch (spec.type) {
    case 'ipv4': {
      const m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d{1,2}))?$/.exec(text);
      const addr = m ? parseIpv4(m[1]) : undefined;
      const prefix = m?.[2] === undefined ? 32 : Number(m[2]);
      return addr === undefined || prefix > 32 ? undefined : { value: addr, prefix };
    }
    case 'ipv6': {
      const m = /^([0-9A-Fa-f:.]+)(?:\/(\d{1,3}))?$/.exec(text);
      const addr = m ? parseIpv6(m[1]) : undefined;
      const prefix = m?.[2] === undefined ? 128 : Number(m[2]);
      return addr === undefined || prefix > 128 ? undefined : { value: addr, prefix };
    }
    case 'ether': {
      const bytes = parseBytes(text, 6) ?? parseDottedMac(text);
      return bytes ? { value: bytes } : undefined;
    }
    case 'bytes':
      return literalBytes(text, quoted);
    case 'string':
      return { value: text };
    case 'none':
      return undefined;
    case 'absolute_time': {
      const t = parseAbsoluteTime(text);
      return t === undefined ? undefined : { value: t };
    }
    case 'double':
    case 'relative_time': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? { value: n } : undefined;
    }
    default:
      return parseInteger(text, quoted, spec);
  }
}

/** A byte string literal: "aa:bb:cc" (or - or . between), one byte ("aa", "0xaa"), or a quoted string's UTF-8 bytes. */
export function literalBytes(text: string, quoted: boolean): Literal | undefined {
  if (quoted) return { value: new TextEncoder().encode(text) };
  // One byte may be written alone, in hex with or without 0x ("ip[0] == 45", "tcp.payload[0] == 0x47").
  const single = /^(?:0[xX])?([0-9A-Fa-f]{1,2})$/.exec(text);
  if (single) return { value: Uint8Array.of(parseInt(single[1], 16)) };
  const bytes = parseBytes(text, undefined);
  return bytes ? { value: bytes } : undefined;
}

function parseInteger(text: string, quoted: boolean, spec: FieldSpec): Literal | undefined {
  const t = text.trim();
  // A quoted string is never a number (tshark refuses "53" for a port too), but may be a value's name.
  if (quoted) return valueNamed(t, spec);
  const signed = spec.type === 'int8' || spec.type === 'int16' || spec.type === 'int32';
  let m = /^(-?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9]\d*)$/.exec(t);
  if (m) {
    const magnitude = m[2].startsWith('0x') || m[2].startsWith('0X') ? parseInt(m[2].slice(2), 16) : m[2].length > 1 && m[2][0] === '0' ? parseInt(m[2], 8) : Number(m[2]);
    if (m[1] === '-' && !signed) return undefined;
    return { value: m[1] === '-' ? -magnitude : magnitude };
  }
  if (spec.type === 'boolean') {
    m = /^(true|false)$/i.exec(t);
    if (m) return { value: m[1].toLowerCase() === 'true' ? 1 : 0 };
  }
  return valueNamed(t, spec);
}

/** The value whose name (as the tree shows it, in English or the current language) is `t`: "ip.proto == TCP". */
function valueNamed(t: string, spec: FieldSpec): Literal | undefined {
  const wanted = t.toLowerCase();
  for (const [value, name] of Object.entries(spec.values ?? {})) {
    if (name.toLowerCase() === wanted || textOf(`field.${spec.name}.value.${value}`, name).toLowerCase() === wanted) return { value: Number(value) };
  }
  if (spec.tfs) {
    if (spec.tfs[0].toLowerCase() === wanted) return { value: 1 };
    if (spec.tfs[1].toLowerCase() === wanted) return { value: 0 };
  }
  return undefined;
}

/** The names a field's values have, for an error that lists them (a few). */
export function valueNames(spec: FieldSpec): string[] {
  return Object.values(spec.values ?? {}).slice(0, 6);
}

/**
 * Four dot-separated decimal parts of one to three digits, each at most 255. Read character by
 * character: every IPv4 field a filter compares is read back from its text, packet after packet.
 */
export function parseIpv4(text: string): number | undefined {
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return undefined;
      v = v * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 0x30 && c <= 0x39) {
      part = part * 10 + (c - 0x30);
      if (++digits > 3 || part > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return dots === 3 && digits > 0 ? v * 256 + part : undefined;
}

export function parseIpv6(text: string): Uint8Array | undefined {
  let head = text;
  let tailV4: number | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(all[i])) return undefined;
    const g = parseInt(all[i], 16);
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  }
  if (tailV4 !== undefined) {
    bytes[12] = tailV4 >>> 24;
    bytes[13] = (tailV4 >>> 16) & 0xff;
    bytes[14] = (tailV4 >>> 8) & 0xff;
    bytes[15] = tailV4 & 0xff;
  }
  return bytes;
}

/** Hex byte pairs separated by ":", "-" or "." (one separator kind), `count` of them when given. */
function parseBytes(text: string, count: number | undefined): Uint8Array | undefined {
  const m = /^[0-9A-Fa-f]{1,2}(?:([:.-])[0-9A-Fa-f]{1,2})*$/.exec(text);
  if (!m) return undefined;
  const parts = m[1] === undefined ? [text] : text.split(m[1]);
  if (count !== undefined && parts.length !== count) return undefined;
  if (m[1] === undefined && count === undefined) return undefined;
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** The bytes a hex string spells (separators ignored), as byte fields keep their value. */
function hexBytes(hex: string): Uint8Array {
  const digits = hex.replace(/[^0-9a-fA-F]/g, '');
  return Uint8Array.from({ length: digits.length >> 1 }, (_, i) => parseInt(digits.slice(i * 2, i * 2 + 2), 16));
}

/** Cisco's form of a MAC address: aabb.ccdd.eeff. */
function parseDottedMac(text: string): Uint8Array | undefined {
  const m = /^([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})$/.exec(text);
  if (!m) return undefined;
  const hex = m[1] + m[2] + m[3];
  return Uint8Array.from({ length: 6 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** A date and time (as the tree shows it, or ISO) or seconds since the epoch, as seconds since the epoch. */
function parseAbsoluteTime(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  // The fraction is kept apart: Date keeps only milliseconds.
  const m = /^(.*?\d{1,2}:\d{2}(?::\d{2})?)(\.\d+)?(.*)$/.exec(text.trim());
  if (!m) return undefined;
  const zone = m[3].trim();
  const base = Date.parse(`${m[1]}${zone === '' ? '' : ` ${zone}`}`);
  if (!Number.isFinite(base)) return undefined;
  return base / 1000 + (m[2] ? Number(m[2]) : 0);
}
