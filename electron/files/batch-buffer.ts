// The bytes of one batch of blocks or records on their way to a file: encoded into one growing
// buffer, then written through with a single fs.writeSync so a live capture that crashes loses at
// most the batch being written.

import { writeSync } from 'node:fs';

export class BatchBuffer {
  bytes = new Uint8Array(64 * 1024);
  view = new DataView(this.bytes.buffer);
  length = 0;

  /**
   * Makes room for `n` more bytes and returns the offset where they go. They are zeroed, except
   * the first `written` (which the caller promises to overwrite: a packet's header and bytes).
   */
  reserve(n: number, written = 0): number {
    const at = this.length;
    if (at + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(at + n, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length = at + n;
    this.bytes.fill(0, at + written, at + n); // padding and reserved fields must be zero
    return at;
  }

  /**
   * One write of the buffered bytes to `fd`; returns how many went. What was not written stays
   * buffered for the next call, so a failed or short write never loses or repeats bytes.
   */
  writeSome(fd: number): number {
    const done = writeSync(fd, this.bytes, 0, this.length);
    if (done < this.length) this.bytes.copyWithin(0, done, this.length);
    this.length -= done;
    return done;
  }
}
