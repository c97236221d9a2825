// The reader interface all capture formats share. Reading is synchronous and streaming: the
// reader holds one chunk of the file at a time, never the whole file.

import type { CaptureInterface, PacketRecord, ReadWarning } from './packet-record.js';

export interface CaptureFileReader {
  readonly format: 'pcap' | 'pcapng';
  /** Interfaces seen so far (a pcapng file may describe more as it goes). */
  readonly interfaces: readonly CaptureInterface[];
  /** Total size of the file in bytes, for progress. */
  readonly fileSize: number;
  /** Byte offset reading has reached, for progress. */
  readonly position: number;
  /**
   * The next packet, or null at the end of the file or where damage stops reading (then
   * `warning` says at which packet and byte offset). The record's data is only valid until the
   * next call.
   */
  next(): PacketRecord | null;
  /** Set when reading stopped early on a truncated or corrupt file. */
  readonly warning: ReadWarning | null;
  close(): void;
}
