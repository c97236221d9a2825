// What both capture-file writers share: packets are encoded into one growing buffer and written
// through to the file descriptor in large writes (at the end of each write() batch, when the
// buffer passes a threshold, or on flush()), so a crash loses at most the batch being written.
// The formats differ only in how the file header and one packet are encoded.

import { closeSync } from 'node:fs';
import type { CaptureFileWriter, CaptureWriterOptions } from './capture-file-writer.js';
import type { PacketRecord } from './packet-record.js';
import { BatchBuffer } from './batch-buffer.js';

const FLUSH_THRESHOLD = 4 * 1024 * 1024;

export abstract class BufferedCaptureWriter implements CaptureFileWriter {
  abstract readonly format: 'pcap' | 'pcapng';
  packetsWritten = 0;
  bytesWritten = 0;
  protected readonly out = new BatchBuffer();
  protected readonly nanoseconds: boolean;
  private closed = false;

  constructor(
    protected readonly fd: number,
    protected readonly options: CaptureWriterOptions = {},
  ) {
    this.nanoseconds = (options.resolution ?? 'nanoseconds') === 'nanoseconds';
  }

  /** Where the next packet will start in the file. */
  get end(): number {
    return this.bytesWritten + this.out.length;
  }

  write(records: Iterable<PacketRecord>): void {
    for (const r of records) this.append(r.interfaceId, r.seconds, r.nanos, r.data, r.data.length, r.originalLength, r.comments);
    this.flush();
  }

  /**
   * Adds one packet whose first `length` bytes are in `bytes`, without a record object (the live
   * capture helper calls this for every packet); returns where its block or record starts in the
   * file. It reaches the file on the next flush(), or sooner when the buffer fills.
   */
  append(interfaceId: number, seconds: number, nanos: number, bytes: Uint8Array, length: number, originalLength: number, comments?: readonly string[]): number {
    const offset = this.end;
    this.encodePacket(interfaceId, seconds, nanos, bytes, length, originalLength, comments);
    this.packetsWritten++;
    if (this.out.length >= FLUSH_THRESHOLD) this.flush();
    return offset;
  }

  /** Writes everything encoded so far to the file. */
  flush(): void {
    while (this.out.length > 0) this.bytesWritten += this.out.writeSome(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      if (this.options.ownsFd) closeSync(this.fd);
    }
  }

  protected abstract encodePacket(
    interfaceId: number,
    seconds: number,
    nanos: number,
    bytes: Uint8Array,
    length: number,
    originalLength: number,
    comments: readonly string[] | undefined,
  ): void;
}
