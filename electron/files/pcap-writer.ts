// Writes classic libpcap files (version 2.4, little-endian) with nanosecond (a1b23c4d) or
// microsecond (a1b2c3d4) timestamps. Classic pcap has one link type and no comments or interface
// names: those need pcapng.

import type { CaptureWriterOptions } from './capture-file-writer.js';
import { CaptureFormatError, type CaptureInterface } from './packet-record.js';
import { BufferedCaptureWriter } from './buffered-capture-writer.js';

const DEFAULT_SNAP_LENGTH = 262144;

export class PcapWriter extends BufferedCaptureWriter {
  readonly format = 'pcap' as const;

  /**
   * Writes the file header to `fd` straight away. All interfaces must share one link type
   * (classic pcap has a single one); otherwise this throws CaptureFormatError.
   */
  constructor(fd: number, interfaces: readonly CaptureInterface[], options: CaptureWriterOptions = {}) {
    super(fd, options);
    if (interfaces.length === 0) throw new CaptureFormatError('a pcap file needs an interface to take its link type from');
    const linkTypes = [...new Set(interfaces.map((i) => i.linkType))];
    if (linkTypes.length > 1) {
      throw new CaptureFormatError(
        `classic pcap holds a single link type, but these packets have link types ${linkTypes.join(', ')}: save as pcapng instead`,
      );
    }
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

  protected encodePacket(_interfaceId: number, seconds: number, nanos: number, bytes: Uint8Array, length: number, originalLength: number): void {
    const data = length === bytes.length ? bytes : bytes.subarray(0, length);
    // The whole 16-byte header and the data are written below: only what follows is zeroed.
    const at = this.out.reserve(16 + length, 16 + data.length);
    const view = this.out.view;
    view.setUint32(at, seconds, true);
    view.setUint32(at + 4, this.nanoseconds ? nanos : Math.floor(nanos / 1000), true);
    view.setUint32(at + 8, length, true);
    view.setUint32(at + 12, originalLength, true);
    this.out.bytes.set(data, at + 16);
  }
}
