// The text of one packet-list column (source, destination, info) as UTF-8 bytes that decoders
// append to, instead of strings they concatenate: `layerscope list` copies the bytes straight into
// its output, so listing a million packets builds no strings at all, and the packet list of the app
// turns them into a string once per packet.

import type { PacketSummary } from './field-model.js';
import { writeUtf8 } from './utf8-writer.js';

const textDecoder = new TextDecoder();

/**
 * The most bytes a column holds: tshark keeps 4,095 bytes of a column (COL_MAX_INFO_LEN, 4,096 with
 * its terminating zero). Longer text keeps its first bytes and ends in "…", so no packet, however
 * many items it lists, builds a column larger than this.
 */
export const MAX_COLUMN_BYTES = 4095;
const ELLIPSIS = [0xe2, 0x80, 0xa6];

export class ColumnText {
  private data = new Uint8Array(256);
  private size = 0;
  /** Bytes beyond one per UTF-16 code unit, so the width of the text is known without a scan. */
  private extra = 0;
  /**
   * Text given whole by `set`, encoded only when read or appended to: lower layers set an info
   * text that the next layer nearly always replaces ("TCP (6)" from IPv4 before TCP's own).
   */
  private pending: string | null = null;
  /** Set once the text reached MAX_COLUMN_BYTES and was cut: further appends are dropped. */
  private clipped = false;
  /**
   * Bytes (and their `extra`) that `clear` and `set` keep, as tshark's column fence: TCP's analysis
   * marks ("[TCP Window Full] ") stay in front of what the application's decoder writes.
   */
  private fenceAt = 0;
  private fenceExtra = 0;

  /** True once the text is at its bound: appending more changes nothing, so callers may skip building it. */
  get full(): boolean {
    if (this.pending !== null) this.encodePending();
    return this.clipped;
  }

  /** Number of bytes of text. */
  get length(): number {
    if (this.pending !== null) this.encodePending();
    return this.size;
  }

  /** How many UTF-16 code units the text has: the width String#padStart would count. */
  get units(): number {
    if (this.pending !== null) this.encodePending();
    return this.size - this.extra;
  }

  /** The text's bytes: the first `length` of them. */
  get bytes(): Uint8Array {
    if (this.pending !== null) this.encodePending();
    return this.data;
  }

  /** Keeps the text so far in front of whatever is written after it, until `reset`. */
  fence(): this {
    if (this.pending !== null) this.encodePending();
    this.fenceAt = this.size;
    this.fenceExtra = this.extra;
    return this;
  }

  /** Empties the text, fence included (a new packet). */
  reset(): this {
    this.fenceAt = 0;
    this.fenceExtra = 0;
    return this.clear();
  }

  /** Empties the text but what is fenced. */
  clear(): this {
    this.size = this.fenceAt;
    this.extra = this.fenceExtra;
    this.pending = null;
    this.clipped = false;
    return this;
  }

  /** Keeps only the first `length` bytes (to take back text appended since `length` was read). */
  truncate(length: number): this {
    if (this.pending !== null) this.encodePending();
    if (length < this.size) {
      this.size = length;
      this.extra = 0;
      this.clipped = false;
      for (let i = 0; i < length; i++) {
        const c = this.data[i];
        if (c >= 0x80 && c < 0xc0) this.extra++;
        else if (c >= 0xf0) this.extra--;
      }
    }
    return this;
  }

  /** Replaces the text (but what is fenced) with `text`. */
  set(text: string): this {
    if (this.fenceAt !== 0) return this.clear().text(text);
    this.size = 0;
    this.extra = 0;
    this.clipped = false;
    this.pending = text;
    // Kept whole only while it fits (three bytes a code unit at most); longer text is cut now.
    if (text.length * 3 > MAX_COLUMN_BYTES) this.encodePending();
    return this;
  }

  /** Appends `text`, encoded as UTF-8. */
  text(text: string): this {
    if (this.pending !== null) this.encodePending();
    if (this.clipped) return this;
    const n = text.length;
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (this.size + n * 3 > this.data.length) this.grow(n * 3);
    const d = this.data;
    let p = this.size;
    // Short and small, so that it is inlined: decoders append ASCII constants to every packet's info.
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.size = p;
        this.encodeWide(text, i);
        return this;
      }
      d[p++] = c;
    }
    this.size = p;
    if (p > MAX_COLUMN_BYTES) this.clip();
    return this;
  }

  /** Encodes `text` from index `from` on, where it has a character beyond ASCII (room is made). */
  private encodeWide(text: string, from: number): void {
    const end = writeUtf8(text, from, this.data, this.size);
    // Every byte beyond one per UTF-16 code unit widens the text less than it lengthens it.
    this.extra += end - this.size - (text.length - from);
    this.size = end;
    if (end > MAX_COLUMN_BYTES) this.clip();
  }

  /** Cuts the text to MAX_COLUMN_BYTES, ending in "…", on a character boundary. */
  private clip(): void {
    let cut = MAX_COLUMN_BYTES - ELLIPSIS.length;
    while (cut > 0 && (this.data[cut] & 0xc0) === 0x80) cut--;
    this.truncate(cut);
    this.data.set(ELLIPSIS, cut);
    this.size = cut + ELLIPSIS.length;
    this.extra += ELLIPSIS.length - 1;
    this.clipped = true;
  }

  /** Appends one ASCII character given by its code. */
  char(code: number): this {
    if (this.pending !== null) this.encodePending();
    if (this.clipped) return this;
    if (this.size >= this.data.length) this.grow(1);
    this.data[this.size++] = code;
    if (this.size > MAX_COLUMN_BYTES) this.clip();
    return this;
  }

  /** Appends " → ", the arrow between ports. */
  arrow(): this {
    if (this.pending !== null) this.encodePending();
    if (this.clipped) return this;
    if (this.size + 5 > this.data.length) this.grow(5);
    const d = this.data;
    const p = this.size;
    d[p] = 0x20;
    d[p + 1] = 0xe2;
    d[p + 2] = 0x86;
    d[p + 3] = 0x92;
    d[p + 4] = 0x20;
    this.size = p + 5;
    this.extra += 2;
    if (this.size > MAX_COLUMN_BYTES) this.clip();
    return this;
  }

  /** Appends a non-negative integer below 2^53 in decimal. */
  uint(value: number): this {
    if (this.pending !== null) this.encodePending();
    if (this.clipped) return this;
    if (value > 0xffffffff) return this.text(String(value));
    // 32-bit integers (ports, lengths, sequence numbers, timestamps) with integer arithmetic only.
    let v = value >>> 0;
    const digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
    if (this.size + digits > this.data.length) this.grow(digits);
    const d = this.data;
    let end = this.size + digits;
    this.size = end;
    do {
      const q = (v / 10) >>> 0;
      d[--end] = 0x30 + v - q * 10;
      v = q;
    } while (v !== 0);
    if (this.size > MAX_COLUMN_BYTES) this.clip();
    return this;
  }

  /** Appends the IPv4 address at `offset` of `bytes`, dotted decimal. */
  ipv4(bytes: Uint8Array, offset: number): this {
    if (this.pending !== null) this.encodePending();
    if (this.clipped) return this;
    if (this.size + 15 > this.data.length) this.grow(15);
    const d = this.data;
    let p = this.size;
    for (let i = 0; i < 4; i++) {
      if (i > 0) d[p++] = 0x2e;
      const v = bytes[offset + i];
      if (v >= 100) {
        const h = (v / 100) | 0;
        d[p++] = 0x30 + h;
        d[p++] = 0x30 + (((v - h * 100) / 10) | 0);
      } else if (v >= 10) {
        d[p++] = 0x30 + ((v / 10) | 0);
      }
      d[p++] = 0x30 + (v % 10);
    }
    this.size = p;
    if (p > MAX_COLUMN_BYTES) this.clip();
    return this;
  }

  /** Appends the bytes [from, to) of `bytes` read as Latin-1 characters (as text taken from a payload is shown). */
  latin1(bytes: Uint8Array, from: number, to: number): this {
    if (this.pending !== null) this.encodePending();
    if (this.clipped) return this;
    // Only what can still show is read.
    to = Math.min(to, from + MAX_COLUMN_BYTES + 1);
    if (this.size + 2 * (to - from) > this.data.length) this.grow(2 * (to - from));
    const d = this.data;
    let p = this.size;
    for (let i = from; i < to; i++) {
      const c = bytes[i];
      if (c < 0x80) {
        d[p++] = c;
      } else {
        d[p++] = 0xc0 | (c >> 6);
        d[p++] = 0x80 | (c & 0x3f);
        this.extra++;
      }
    }
    this.size = p;
    if (p > MAX_COLUMN_BYTES) this.clip();
    return this;
  }

  /** Whether the text starts with the ASCII `prefix`. */
  startsWith(prefix: string): boolean {
    if (this.pending !== null) return this.pending.startsWith(prefix);
    if (prefix.length > this.size) return false;
    for (let i = 0; i < prefix.length; i++) if (this.data[i] !== prefix.charCodeAt(i)) return false;
    return true;
  }

  toString(): string {
    if (this.pending !== null) return this.pending;
    const n = this.size;
    const d = this.data;
    if (n <= 64) {
      // Short ASCII text (addresses, most info lines) without a decoder call.
      let s = '';
      for (let i = 0; i < n; i++) {
        const c = d[i];
        if (c >= 0x80) return textDecoder.decode(d.subarray(0, n));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return textDecoder.decode(d.subarray(0, n));
  }

  private encodePending(): void {
    const text = this.pending!;
    this.pending = null;
    this.text(text);
  }

  private grow(extra: number): void {
    let capacity = this.data.length * 2;
    while (capacity < this.size + extra) capacity *= 2;
    const data = new Uint8Array(capacity);
    data.set(this.data.subarray(0, this.size));
    this.data = data;
  }
}

/** The packet list's columns as decoders fill them in. */
export class PacketColumns {
  readonly source = new ColumnText();
  readonly destination = new ColumnText();
  readonly info = new ColumnText();
  /** Short and from a fixed set of names, so a plain string. */
  protocol = '';

  clear(): void {
    this.source.clear();
    this.destination.clear();
    this.info.reset();
    this.protocol = '';
  }

  /** The columns as strings. */
  toSummary(): PacketSummary {
    return { source: this.source.toString(), destination: this.destination.toString(), protocol: this.protocol, info: this.info.toString() };
  }
}
