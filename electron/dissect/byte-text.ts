// Bytes of text shown the way Wireshark's format_text shows them in the tree: printable ASCII as
// it is, control characters as C escapes ("\r\n", "\t") or octal ("\001"), bytes beyond ASCII
// decoded as UTF-8 (invalid sequences as U+FFFD). DNS names and HTTP lines are shown this way.

const C_ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
const utf8 = new TextDecoder('utf-8');

/** The bytes [from, to) as Wireshark's tree shows text. */
export function formatText(bytes: Uint8Array, from: number, to: number): string {
  let plain = true;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c < 0x20 || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return asciiText(bytes, from, to);
  let text = '';
  for (let i = from; i < to; ) {
    const c = bytes[i];
    if (c >= 0x80) {
      let j = i;
      while (j < to && bytes[j] >= 0x80) j++;
      text += utf8.decode(bytes.subarray(i, j));
      i = j;
      continue;
    }
    if (c < 0x20 || c === 0x7f) text += C_ESCAPES[c] ?? '\\' + c.toString(8).padStart(3, '0');
    else text += String.fromCharCode(c);
    i++;
  }
  return text;
}

/** The bytes [from, to) as a string value: UTF-8 (invalid sequences as U+FFFD), control characters kept. */
export function decodeText(bytes: Uint8Array, from: number, to: number): string {
  for (let i = from; i < to; i++) if (bytes[i] >= 0x80) return utf8.decode(bytes.subarray(from, to));
  return asciiText(bytes, from, to);
}

/** The bytes [from, to) each as the character of its code (Latin-1): no escapes, no decoding. */
export function asciiText(bytes: Uint8Array, from: number, to: number): string {
  // In slices: the argument list of one call is bounded.
  let text = '';
  for (let i = from; i < to; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + 8192)) as unknown as number[]);
  return text;
}

// Node's Buffer search finds a byte by memchr: about 9 ns a call however far it looks, where
// Uint8Array#indexOf takes 0.25 ns a byte (375 ns over a 1,500-byte segment) and a loop 0.6. The
// engine also runs where there is no Buffer (then the typed array's own search is used).
const bufferIndexOf = typeof Buffer === 'function' ? Buffer.prototype.indexOf : undefined;

/** Where byte `c` first is in [from, to) of `bytes`, or -1. */
export function indexOfByte(bytes: Uint8Array, c: number, from: number, to: number): number {
  if (from >= to) return -1;
  // The search cannot stop at `to`: it may look on to the end of the bytes (what it finds there does not count).
  const i = bufferIndexOf !== undefined ? bufferIndexOf.call(bytes as Buffer, c, from) : bytes.indexOf(c, from);
  return i < to ? i : -1;
}

/** Texts longer than this are decoded each time rather than kept. */
const MAX_CACHED_TEXT = 256;
const CACHE_SLOTS = 256;

/**
 * Texts decoded from bytes that repeat from packet to packet (request URIs, media types), kept by
 * their bytes: the packet list decodes one per HTTP message, and checking the bytes against the
 * string made last time costs less than making the string again (and keeps one copy).
 */
export class TextCache {
  private readonly slots = new Array<string>(CACHE_SLOTS).fill('');

  /**
   * `prefix` + decodeText(bytes, from, to) + decodeText(bytes, from2, to2), lower-cased when
   * `lower` (as String#toLowerCase does).
   */
  join(prefix: string, bytes: Uint8Array, from: number, to: number, from2: number, to2: number, lower: boolean): string {
    const length = prefix.length + (to - from) + (to2 - from2);
    let h = length;
    let ascii = length <= MAX_CACHED_TEXT;
    for (let i = from; i < to && ascii; i++) {
      ascii = bytes[i] < 0x80;
      h = Math.imul(h ^ bytes[i], 0x01000193);
    }
    for (let i = from2; i < to2 && ascii; i++) {
      ascii = bytes[i] < 0x80;
      h = Math.imul(h ^ bytes[i], 0x01000193);
    }
    // Only ASCII is kept: its bytes are its characters (and its lower case theirs).
    if (!ascii) return decodeJoined(prefix, bytes, from, to, from2, to2, lower);
    const slot = (h ^ (h >>> 16)) & (CACHE_SLOTS - 1);
    const known = this.slots[slot];
    if (known.length === length && spells(known, prefix, bytes, from, to, from2, to2, lower)) return known;
    return (this.slots[slot] = decodeJoined(prefix, bytes, from, to, from2, to2, lower));
  }
}

function decodeJoined(prefix: string, bytes: Uint8Array, from: number, to: number, from2: number, to2: number, lower: boolean): string {
  const text = prefix + decodeText(bytes, from, to) + decodeText(bytes, from2, to2);
  return lower ? text.toLowerCase() : text;
}

/** Whether `text` is `prefix` and then the ASCII bytes [from, to) and [from2, to2) (lower-cased when `lower`). */
function spells(text: string, prefix: string, bytes: Uint8Array, from: number, to: number, from2: number, to2: number, lower: boolean): boolean {
  let k = 0;
  for (; k < prefix.length; k++) if (text.charCodeAt(k) !== prefix.charCodeAt(k)) return false;
  for (let i = from; i < to; i++, k++) if (text.charCodeAt(k) !== asciiChar(bytes[i], lower)) return false;
  for (let i = from2; i < to2; i++, k++) if (text.charCodeAt(k) !== asciiChar(bytes[i], lower)) return false;
  return true;
}

function asciiChar(c: number, lower: boolean): number {
  return lower && c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}
