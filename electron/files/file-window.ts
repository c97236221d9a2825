// A sliding window over a file opened for reading: the readers parse straight out of one reusable
// chunk buffer, refilled with fs.readSync as the cursor moves, so a file of any size streams
// through a few MiB of memory and no packet is ever copied on its way to the caller.

import { closeSync, fstatSync, readSync } from 'node:fs';

export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

export class FileWindow {
  /** The chunk buffer; bytes[cursor] is the byte at file offset `fileOffset`. */
  bytes: Uint8Array;
  /** A DataView over `bytes` (replaced when the buffer grows). */
  view: DataView;
  /** Index in `bytes` of the next unread byte. */
  cursor = 0;
  /** Index in `bytes` just past the last byte read from the file. */
  end = 0;
  /** File offset of bytes[0]. */
  private base = 0;

  constructor(
    readonly fd: number,
    readonly fileSize: number,
    chunkSize = DEFAULT_CHUNK_SIZE,
  ) {
    this.bytes = new Uint8Array(chunkSize);
    this.view = new DataView(this.bytes.buffer);
  }

  /** File offset of the cursor. */
  get fileOffset(): number {
    return this.base + this.cursor;
  }

  /** Bytes buffered from the cursor on. */
  get buffered(): number {
    return this.end - this.cursor;
  }

  /**
   * Makes `n` bytes from the cursor available in `bytes`, reading more of the file if needed.
   * False when the file ends sooner (then `buffered` says how many there are). Any earlier view
   * into `bytes` may be overwritten by this call.
   */
  require(n: number): boolean {
    if (this.end - this.cursor >= n) return true;
    return this.refill(n);
  }

  advance(n: number): void {
    this.cursor += n;
  }

  close(): void {
    closeSync(this.fd);
  }

  private refill(n: number): boolean {
    const kept = this.end - this.cursor;
    // Never grow for bytes the file does not hold: a damaged length field in a small file would
    // otherwise have the window allocate gigabytes to learn that the file ends first.
    const room = n > this.bytes.length ? Math.min(n, Math.max(kept, fstatSync(this.fd).size - this.fileOffset)) : n;
    if (room > this.bytes.length) {
      // One record larger than the window: grow once, keeping what is buffered.
      const grown = new Uint8Array(Math.max(room, this.bytes.length * 2));
      grown.set(this.bytes.subarray(this.cursor, this.end));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    } else if (this.cursor > 0) {
      this.bytes.copyWithin(0, this.cursor, this.end);
    }
    this.base += this.cursor;
    this.cursor = 0;
    this.end = kept;
    while (this.end < this.bytes.length) {
      const got = readSync(this.fd, this.bytes, this.end, this.bytes.length - this.end, this.base + this.end);
      if (got === 0) break;
      this.end += got;
      if (this.end >= n && this.base + this.end >= this.fileSize) break;
    }
    return this.end >= n;
  }
}
