// The writer interface both capture formats share, and one-call helpers to write a whole capture.
// Writers stream: each write() call encodes its batch and writes it through before returning.

import { openSync } from 'node:fs';
import type { CaptureInterface, PacketRecord } from './packet-record.js';
import { PcapWriter } from './pcap-writer.js';
import { PcapngWriter } from './pcapng-writer.js';

export interface CaptureWriterOptions {
  /** Timestamp resolution to write; nanoseconds (the default) keeps every timestamp exact. */
  resolution?: 'nanoseconds' | 'microseconds';
  /** Close the file descriptor in close() (true when the writer opened the file itself). */
  ownsFd?: boolean;
}

export interface CaptureFileWriter {
  readonly format: 'pcap' | 'pcapng';
  readonly packetsWritten: number;
  /** Bytes written to the file so far, headers included. */
  readonly bytesWritten: number;
  /**
   * Writes a batch of packets; it is on disk (in the OS's hands) when this returns. A record's
   * interfaceId indexes the interfaces the writer was given.
   */
  write(records: Iterable<PacketRecord>): void;
  /**
   * Adds one packet (its first `length` bytes of `bytes`) without a record object, for a live
   * capture's hot path; returns where its block or record starts in the file. It reaches the file
   * on the next flush(), or sooner when the writer's buffer fills.
   */
  append(interfaceId: number, seconds: number, nanos: number, bytes: Uint8Array, length: number, originalLength: number, comments?: readonly string[]): number;
  /** Writes everything appended so far to the file. */
  flush(): void;
  /** Where the next packet will start in the file. */
  readonly end: number;
  close(): void;
}

/** Creates (or truncates) `path` and writes the file header and interfaces. */
export function createCaptureFileWriter(
  path: string,
  format: 'pcap' | 'pcapng',
  interfaces: readonly CaptureInterface[],
  options: CaptureWriterOptions = {},
): CaptureFileWriter {
  const fd = openSync(path, 'w');
  const owned = { ...options, ownsFd: true };
  return format === 'pcapng' ? new PcapngWriter(fd, interfaces, owned) : new PcapWriter(fd, interfaces, owned);
}

/** Writes a whole capture to `path` in one call; returns the number of packets written. */
export function writeCaptureFile(
  path: string,
  format: 'pcap' | 'pcapng',
  interfaces: readonly CaptureInterface[],
  records: Iterable<PacketRecord>,
  options: CaptureWriterOptions = {},
): number {
  const writer = createCaptureFileWriter(path, format, interfaces, options);
  try {
    writer.write(records);
    return writer.packetsWritten;
  } finally {
    writer.close();
  }
}
