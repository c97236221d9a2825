// The packets captured since the last batch was sent, kept in one growing buffer laid out exactly
// as a MSG_BATCH frame (see helper-messages.ts), so sending a batch is one copy and writing it to
// the capture file needs no copy at all (the records' data are views into the same buffer).

import type { PacketRecord } from '../files/packet-record.js';
import { FRAME_HEADER, MSG_BATCH, PACKET_HEADER } from './helper-messages.js';

const pad4 = (n: number) => (n + 3) & ~3;

export class PacketBatch {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private used = FRAME_HEADER + 4;
  private starts: number[] = [];

  get count(): number {
    return this.starts.length;
  }

  add(seconds: number, nanos: number, data: Uint8Array, originalLength: number): void {
    const need = this.used + PACKET_HEADER + data.length;
    if (need > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, need));
      this.buffer.copy(bigger, 0, 0, this.used);
      this.buffer = bigger;
    }
    const at = this.used;
    this.buffer.writeUInt32LE(seconds, at);
    this.buffer.writeUInt32LE(nanos, at + 4);
    this.buffer.writeUInt32LE(data.length, at + 8);
    this.buffer.writeUInt32LE(originalLength, at + 12);
    this.buffer.set(data, at + PACKET_HEADER);
    this.starts.push(at);
    this.used = need;
  }

  /** The packets as records for a capture-file writer; the data are views, valid until reset(). */
  records(): PacketRecord[] {
    return this.starts.map((at) => {
      const caplen = this.buffer.readUInt32LE(at + 8);
      return {
        interfaceId: 0,
        seconds: this.buffer.readUInt32LE(at),
        nanos: this.buffer.readUInt32LE(at + 4),
        originalLength: this.buffer.readUInt32LE(at + 12),
        data: this.buffer.subarray(at + PACKET_HEADER, at + PACKET_HEADER + caplen),
        fileOffset: -1,
      };
    });
  }

  /**
   * Records where each packet's block starts in the capture file, given the file's size before
   * this batch was written: an Enhanced Packet Block without options is 32 bytes plus the data
   * padded to 4; a classic pcap record is 16 bytes plus the data. Returns where the file will end.
   */
  setFileOffsets(base: number, format: 'pcapng' | 'pcap'): number {
    let offset = base;
    for (const at of this.starts) {
      this.buffer.writeDoubleLE(offset, at + 16);
      const caplen = this.buffer.readUInt32LE(at + 8);
      offset += format === 'pcapng' ? 32 + pad4(caplen) : 16 + caplen;
    }
    return offset;
  }

  /** A MSG_BATCH frame holding the packets (a copy: the batch can be reset right away). */
  frame(): Buffer {
    this.buffer.writeUInt8(MSG_BATCH, 0);
    this.buffer.writeUInt32LE(this.used - FRAME_HEADER, 1);
    this.buffer.writeUInt32LE(this.starts.length, FRAME_HEADER);
    return Buffer.from(this.buffer.subarray(0, this.used));
  }

  reset(): void {
    this.used = FRAME_HEADER + 4;
    this.starts = [];
  }
}
