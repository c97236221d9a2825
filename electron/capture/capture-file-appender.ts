// The live capture file, written by the helper as packets arrive. At 100,000 packets/s the
// per-packet cost decides whether the kernel ring overflows, so each packet is encoded straight
// into one preallocated buffer (no record object, no allocation) and the buffer goes to the file in
// one large write per batch, or sooner when it fills: a crash loses at most the last write.
// The section header and interface come from the ordinary writer (electron/files), so the file is
// exactly what it would write; only the per-packet records are encoded here, in the same layout:
// pcapng Enhanced Packet Blocks with nanosecond timestamps (if_tsresol 9), or classic pcap records
// with nanosecond timestamps (magic a1b23c4d).

import { closeSync, openSync, writeSync } from 'node:fs';
import { createCaptureFileWriter } from '../files/capture-file-writer.js';
import type { CaptureInterface } from '../files/packet-record.js';
import { splitTicks } from '../files/timestamp-units.js';

const BLOCK_ENHANCED_PACKET = 0x00000006;
/** Enough for hundreds of small packets and always for the largest one (262,144 bytes + header). */
const BUFFER_SIZE = 4 * 1024 * 1024;

const pad4 = (n: number) => (n + 3) & ~3;

export class CaptureFileAppender {
  private readonly bytes = new Uint8Array(BUFFER_SIZE);
  private readonly view = new DataView(this.bytes.buffer);
  private used = 0;
  /** Bytes already in the file. */
  private written: number;
  private closed = false;

  private constructor(
    private readonly fd: number,
    readonly format: 'pcapng' | 'pcap',
    headerLength: number,
  ) {
    this.written = headerLength;
  }

  /** Creates (or truncates) `path` with the file header for `iface`; packets follow with append(). */
  static create(path: string, format: 'pcapng' | 'pcap', iface: CaptureInterface): CaptureFileAppender {
    const header = createCaptureFileWriter(path, format, [iface]);
    const headerLength = header.bytesWritten;
    header.close();
    return new CaptureFileAppender(openSync(path, 'a'), format, headerLength);
  }

  /** Where the next packet's block (or record) will start in the file. */
  get end(): number {
    return this.written + this.used;
  }

  /**
   * Adds a packet whose first `length` bytes are in `bytes`; returns where its block (pcapng) or
   * record (pcap) starts in the file. May write to the file (when the buffer is full), so it can
   * throw the file system's error.
   */
  append(seconds: number, nanos: number, bytes: Uint8Array, length: number, originalLength: number): number {
    const pcapng = this.format === 'pcapng';
    const size = pcapng ? 32 + pad4(length) : 16 + length;
    if (this.used + size > this.bytes.length) this.flush();
    const offset = this.written + this.used;
    const at = this.used;
    const view = this.view;
    if (pcapng) {
      const [high, low] = splitTicks(seconds, nanos, true);
      view.setUint32(at, BLOCK_ENHANCED_PACKET, true);
      view.setUint32(at + 4, size, true);
      view.setUint32(at + 8, 0, true); // interface 0: the capture has one
      view.setUint32(at + 12, high, true);
      view.setUint32(at + 16, low, true);
      view.setUint32(at + 20, length, true);
      view.setUint32(at + 24, originalLength, true);
      this.bytes.set(length === bytes.length ? bytes : bytes.subarray(0, length), at + 28);
      for (let p = at + 28 + length; p < at + size - 4; p++) this.bytes[p] = 0; // padding
      view.setUint32(at + size - 4, size, true);
    } else {
      view.setUint32(at, seconds, true);
      view.setUint32(at + 4, nanos, true);
      view.setUint32(at + 8, length, true);
      view.setUint32(at + 12, originalLength, true);
      this.bytes.set(length === bytes.length ? bytes : bytes.subarray(0, length), at + 16);
    }
    this.used += size;
    return offset;
  }

  /** Writes everything appended so far to the file (retrying short writes). */
  flush(): void {
    let done = 0;
    try {
      while (done < this.used) done += writeSync(this.fd, this.bytes, done, this.used - done);
    } finally {
      // What was written stays written; the rest is kept for the next attempt.
      this.bytes.copyWithin(0, done, this.used);
      this.used -= done;
      this.written += done;
    }
  }

  /** Flushes and closes the file; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}
