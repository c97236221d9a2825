// Writes classic libpcap files (version 2.4, little-endian) with nanosecond (a1b23c4d) or
// microsecond (a1b2c3d4) timestamps. Classic pcap has one link type and no comments or interface
// names: those need pcapng.

import { closeSync } from 'node:fs';
import type { CaptureFileWriter, CaptureWriterOptions } from './capture-file-writer.js';
import { CaptureFormatError, type CaptureInterface, type PacketRecord } from './packet-record.js';
import { BatchBuffer } from './batch-buffer.js';
import { splitTicks } from './timestamp-units.js';

const FLUSH_THRESHOLD = 4 * 1024 * 1024;
const DEFAULT_SNAP_LENGTH = 262144;

export class PcapWriter implements CaptureFileWriter {
  readonly format = 'pcap' as const;
  packetsWritten = 0;
  bytesWritten = 0;
  private readonly out = new BatchBuffer();
  private readonly nanoseconds: boolean;
  private closed = false;

  /**
   * Writes the file header to `fd` straight away. All interfaces must share one link type
   * (classic pcap has a single one); otherwise this throws CaptureFormatError.
   */
  constructor(
    private readonly fd: number,
    interfaces: readonly CaptureInterface[],
    private readonly options: CaptureWriterOptions = {},
  ) {
    if (interfaces.length === 0) throw new CaptureFormatError('a pcap file needs an interface to take its link type from');
    const linkTypes = [...new Set(interfaces.map((i) => i.linkType))];
    if (linkTypes.length > 1) {
      throw new CaptureFormatError(
        `classic pcap holds a single link type, but these packets have link types ${linkTypes.join(', ')}: save as pcapng instead`,
      );
    }
    this.nanoseconds = (options.resolution ?? 'nanoseconds') === 'nanoseconds';
    const snapLength = Math.max(...interfaces.map((i) => i.snapLength || DEFAULT_SNAP_LENGTH));
    const at = this.out.reserve(24);
    const view = this.out.view;
    view.setUint32(at, this.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, true);
    view.setUint16(at + 4, 2, true);
    view.setUint16(at + 6, 4, true);
    view.setUint32(at + 16, snapLength, true);
    view.setUint32(at + 20, linkTypes[0], true);
    this.flush();
  }

  write(records: Iterable<PacketRecord>): void {
    for (const record of records) {
      const captured = record.data.length;
      const at = this.out.reserve(16 + captured);
      const view = this.out.view;
      view.setUint32(at, record.seconds, true);
      view.setUint32(at + 4, this.nanoseconds ? record.nanos : Math.floor(record.nanos / 1000), true);
      view.setUint32(at + 8, captured, true);
      view.setUint32(at + 12, record.originalLength, true);
      this.out.bytes.set(record.data, at + 16);
      this.packetsWritten++;
      if (this.out.length >= FLUSH_THRESHOLD) this.flush();
    }
    this.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    if (this.options.ownsFd) closeSync(this.fd);
  }

  private flush(): void {
    if (this.out.length > 0) this.bytesWritten += this.out.flushTo(this.fd);
  }
}
