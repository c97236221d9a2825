// Reads a pcapng stream as it arrives in chunks (dumpcap's `-w -` output on a pipe): whole blocks
// are cut from the stream and decoded with electron/files' block decoders; a block that is not
// complete yet waits for the next chunk. Interface Statistics Blocks give the kernel's drop count.

import type { CaptureInterface, PacketRecord } from '../files/packet-record.js';
import {
  BLOCK_INTERFACE_DESCRIPTION, BLOCK_SECTION_HEADER,
  decodeInterfaceBlock, decodePacketBlock, forEachOption, isPacketBlock, isPlausibleBlockLength, sectionLittleEndian, timingOf,
  type InterfaceTiming,
} from '../files/pcapng-blocks.js';

const BLOCK_INTERFACE_STATISTICS = 0x00000005;
const ISB_IFRECV = 4;
const ISB_IFDROP = 5;

export interface PcapngStreamEvents {
  interface(iface: CaptureInterface, id: number): void;
  /** The record's data is a view valid only during the call. */
  packet(record: PacketRecord): void;
  /** Packets the kernel dropped on an interface, from an Interface Statistics Block. */
  statistics(interfaceId: number, received: number | undefined, dropped: number | undefined): void;
}

export class PcapngStream {
  private pending: Buffer = Buffer.alloc(0);
  private littleEndian = true;
  private sectionBase = 0;
  private readonly timings: InterfaceTiming[] = [];
  private offset = 0;
  /** Set when the stream is not pcapng or is damaged: reading stops. */
  problem: string | null = null;

  constructor(private readonly on: PcapngStreamEvents) {}

  push(chunk: Buffer): void {
    if (this.problem) return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    const bytes = this.pending;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (bytes.length - at >= 12) {
      const type = view.getUint32(at, this.littleEndian);
      if (type === BLOCK_SECTION_HEADER) {
        const littleEndian = sectionLittleEndian(view, at);
        if (littleEndian === null) return this.fail(`the section header at byte ${this.offset + at} has no byte-order magic`);
        this.littleEndian = littleEndian;
      } else if (this.offset + at === 0) {
        return this.fail('the stream does not start with a pcapng section header');
      }
      const length = view.getUint32(at + 4, this.littleEndian);
      if (!isPlausibleBlockLength(type, length)) {
        return this.fail(`a block at byte ${this.offset + at} has an impossible length of ${length}`);
      }
      if (bytes.length - at < length) break;
      this.decode(bytes, view, at, type, length);
      at += length;
    }
    this.offset += at;
    this.pending = bytes.subarray(at);
  }

  private decode(bytes: Buffer, view: DataView, at: number, type: number, length: number): void {
    if (type === BLOCK_SECTION_HEADER) {
      this.sectionBase = this.timings.length;
    } else if (type === BLOCK_INTERFACE_DESCRIPTION) {
      const iface = decodeInterfaceBlock(bytes, view, at, length, this.littleEndian);
      const id = this.timings.length;
      this.timings.push(timingOf(iface, id));
      this.on.interface(iface, id);
    } else if (isPacketBlock(type)) {
      const record = decodePacketBlock(bytes, view, at, type, length, this.littleEndian, this.timings, this.sectionBase, this.offset + at);
      if (typeof record !== 'string') this.on.packet(record);
    } else if (type === BLOCK_INTERFACE_STATISTICS && length >= 24) {
      const id = this.sectionBase + view.getUint32(at + 8, this.littleEndian);
      let received: number | undefined;
      let dropped: number | undefined;
      forEachOption(view, at + 20, at + length - 4, this.littleEndian, (code, start, size) => {
        if (size !== 8) return;
        const value = Number(view.getBigUint64(start, this.littleEndian));
        if (code === ISB_IFRECV) received = value;
        else if (code === ISB_IFDROP) dropped = value;
      });
      this.on.statistics(id, received, dropped);
    }
  }

  private fail(problem: string): void {
    this.problem = problem;
    this.pending = Buffer.alloc(0);
  }
}
