// Output for commands that print a line per packet: text is encoded straight into one reusable
// 1 MiB buffer and written with one system call per buffer (or handed to a function, when the
// lines are made in one thread and printed by another), which is what lets `layerscope list`
// print a million lines in a fraction of a second (console.log, process.stdout.write per line, or
// joining strings and encoding them afterwards all cost far more). The column writers (`uint`,
// `padStart`...) put numbers and short ASCII strings into the buffer without building strings.

import { writeSync } from 'node:fs';
import type { ColumnText } from '../dissect/column-text.js';
import { writeUtf8 } from '../dissect/utf8-writer.js';

const CAPACITY = 1 << 20;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Raised when the reader of our output went away (`layerscope list f | head`): stop quietly. */
export class OutputClosed extends Error {}

/** Where full buffers go: a file descriptor, or a function that takes the bytes (valid only during the call). */
export type OutputSink = number | ((bytes: Uint8Array) => void);

export class BufferedOutput {
  private readonly buf = Buffer.allocUnsafe(CAPACITY);
  private pos = 0;
  /** Bytes handed to the sink so far. */
  private sent = 0;

  constructor(private readonly sink: OutputSink) {}

  /** Bytes written so far, flushed or not. */
  get written(): number {
    return this.sent + this.pos;
  }

  /** Copies bytes `start` to `end` of `source` (text already encoded). */
  copy(source: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n > CAPACITY - this.pos) {
      this.flush();
      if (n > CAPACITY) {
        this.writeAll(source.subarray(start, end));
        return;
      }
    }
    this.pos += source.copy(this.buf, this.pos, start, end);
  }

  /** Writes `text` as UTF-8. */
  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    const most = text.length * 3;
    if (most > CAPACITY - this.pos) {
      this.flush();
      if (most > CAPACITY) {
        this.writeAll(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.put(text);
  }

  /** Writes `text` right-aligned in `width` characters (as String.prototype.padStart). */
  padStart(text: string, width: number): void {
    if (text.length < width) this.spaces(width - text.length);
    this.write(text);
  }

  /** Writes `text` left-aligned in `width` characters (as String.prototype.padEnd). */
  padEnd(text: string, width: number): void {
    this.write(text);
    if (text.length < width) this.spaces(width - text.length);
  }

  /** Writes `count` spaces. */
  spaces(count: number): void {
    this.room(count);
    const buf = this.buf;
    for (let i = 0; i < count; i++) buf[this.pos++] = 0x20;
  }

  /**
   * Writes a column's text padded with spaces to `width` characters, on the left (`alignRight`)
   * or on the right, as padStart/padEnd would pad its string.
   */
  column(text: ColumnText, width: number, alignRight: boolean): void {
    const n = text.length;
    const pad = width > 0 ? Math.max(0, width - text.units) : 0;
    if (n + pad > CAPACITY - this.pos) {
      this.flush();
      if (n + pad > CAPACITY) {
        if (alignRight && pad > 0) this.spaces(pad);
        this.writeAll(text.bytes.subarray(0, n));
        if (!alignRight && pad > 0) this.spaces(pad);
        return;
      }
    }
    const buf = this.buf;
    let p = this.pos;
    if (alignRight) for (let i = 0; i < pad; i++) buf[p++] = 0x20;
    const src = text.bytes;
    for (let i = 0; i < n; i++) buf[p++] = src[i];
    if (!alignRight) for (let i = 0; i < pad; i++) buf[p++] = 0x20;
    this.pos = p;
  }

  /** Writes one ASCII character given by its code. */
  char(code: number): void {
    this.room(1);
    this.buf[this.pos++] = code;
  }

  /** Writes a non-negative integer below 2^53 in decimal, right-aligned in `width` characters. */
  uint(value: number, width = 0): void {
    const digits = decimalDigits(value);
    const total = digits > width ? digits : width;
    this.room(total);
    const buf = this.buf;
    let p = this.pos;
    for (let i = digits; i < width; i++) buf[p++] = 0x20;
    let end = p + digits;
    this.pos = end;
    let v = value;
    do {
      const q = Math.floor(v / 10);
      buf[--end] = 0x30 + (v - q * 10);
      v = q;
    } while (v > 0);
  }

  /** Writes a non-negative integer below 10^width in exactly `width` digits, with leading zeros. */
  zeroPadded(value: number, width: number): void {
    this.room(width);
    const buf = this.buf;
    let end = this.pos + width;
    this.pos = end;
    let v = value;
    for (let i = 0; i < width; i++) {
      const q = Math.floor(v / 10);
      buf[--end] = 0x30 + (v - q * 10);
      v = q;
    }
  }

  flush(): void {
    if (this.pos === 0) return;
    const length = this.pos;
    this.pos = 0;
    this.writeAll(this.buf.subarray(0, length));
  }

  /** Makes room for `n` more bytes (n ≤ capacity). */
  private room(n: number): void {
    if (this.pos + n > CAPACITY) this.flush();
  }

  /** Encodes `text` at the write position; the caller made room for text.length * 3 bytes. */
  private put(text: string): void {
    // Long text: Node's encoder beats a loop once the call is paid for.
    this.pos = text.length > 16 ? this.pos + encodeInto(this.buf, text, this.pos) : writeUtf8(text, 0, this.buf, this.pos);
  }

  private writeAll(data: Uint8Array): void {
    this.sent += data.length;
    const sink = this.sink;
    if (typeof sink === 'function') {
      sink(data);
      return;
    }
    let written = 0;
    while (written < data.length) {
      try {
        written += writeSync(sink, data, written, data.length - written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          // stdout is a non-blocking pipe whose reader is behind: wait a moment and retry.
          Atomics.wait(pause, 0, 0, 2);
          continue;
        }
        if (code === 'EPIPE') throw new OutputClosed();
        throw error;
      }
    }
  }
}

/**
 * Encodes `text` as UTF-8 into `buf` at `offset` (room known to suffice). Node's own `utf8Write`,
 * which `Buffer#write` calls after checking its arguments, when this Node has it: that checking
 * was a tenth of `layerscope list`'s time.
 */
const rawUtf8Write = (Buffer.prototype as unknown as { utf8Write?: (text: string, offset: number) => number }).utf8Write;
function encodeInto(buf: Buffer, text: string, offset: number): number {
  return rawUtf8Write ? rawUtf8Write.call(buf, text, offset) : buf.write(text, offset, 'utf8');
}

function decimalDigits(value: number): number {
  let digits = 1;
  for (let limit = 10; value >= limit && digits < 16; limit *= 10) digits++;
  return digits;
}
