// Reads single packets by their file offset, so a packet index over a million-packet file needs to
// keep only offsets: fetching one packet's full dissection reads just that record or block. The
// bytes around it are read too and kept, so that reading packets in file order (a display filter
// decoding the packets it must, a ladder's window) costs one system call per window, not two per
// packet.

import { basename } from 'node:path';
import { closeSync, fstatSync, readSync } from 'node:fs';
import { CaptureFormatError, type CaptureInterface, type PacketRecord } from './packet-record.js';
import { sniffCaptureFormat, type CaptureFormat } from './open-capture-file.js';
import { NotARegularFileError, openRegularFile } from './open-regular-file.js';
import { decodePcapRecordHeader, pcapVariant, PCAP_FILE_HEADER_LENGTH, type PcapRecordHeader, type PcapVariant } from './pcap-reader.js';
import {
  BLOCK_ENHANCED_PACKET,
  BLOCK_SIMPLE_PACKET,
  MAX_BLOCK_LENGTH,
  decodePacketBlock,
  isPacketBlock,
  isPlausibleBlockLength,
  timingOf,
  type InterfaceTiming,
} from './pcapng-blocks.js';

/** Bytes read at once and kept for the reads that follow. */
const READ_AHEAD = 256 * 1024;

export class CaptureFileRandomAccess {
  readonly format: CaptureFormat;
  private readonly fd: number;
  private readonly fileSize: number;
  private readonly name: string;
  private readonly pcap: PcapVariant | null = null;
  private timings: InterfaceTiming[] = [];
  /** The bytes last read ahead, and the file offset they start at. */
  private ahead: Uint8Array = new Uint8Array(0);
  private aheadAt = 0;

  /**
   * Opens `path` for reading single packets. `interfaces` is the interface list a reader built
   * while indexing the file (reader.interfaces): pcapng timestamps need each interface's
   * resolution. It may still grow after this call (a live capture adding interfaces).
   */
  constructor(
    path: string,
    private readonly interfaces: readonly CaptureInterface[],
  ) {
    this.name = basename(path);
    try {
      ({ fd: this.fd, size: this.fileSize } = openRegularFile(path));
    } catch (error) {
      if (error instanceof NotARegularFileError) throw error;
      throw new CaptureFormatError(`Cannot open ${this.name}: ${(error as Error).message}`, path);
    }
    const head = this.readAt(0, Math.min(this.fileSize, PCAP_FILE_HEADER_LENGTH));
    const format = sniffCaptureFormat(head);
    if (!format) {
      closeSync(this.fd);
      throw new CaptureFormatError(`${this.name} is not a pcap or pcapng file`, path);
    }
    this.format = format;
    if (format === 'pcap') this.pcap = pcapVariant(new DataView(head.buffer).getUint32(0, true));
  }

  /**
   * The packet whose record (pcap) or block (pcapng) starts at `fileOffset`, as a reader's
   * PacketRecord.fileOffset gave it. `interfaceId` is that record's interfaceId (it only matters
   * in pcapng files with several sections). The data is the record's own copy. Throws
   * CaptureFormatError when no intact packet starts there.
   */
  read(fileOffset: number, interfaceId?: number): PacketRecord {
    return this.pcap ? this.readPcapRecord(fileOffset, this.pcap) : this.readPcapngBlock(fileOffset, interfaceId);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** `length` bytes at `offset` (fewer at the end of the file), as a copy of their own. */
  private readAt(offset: number, length: number): Uint8Array {
    if (length > READ_AHEAD) return this.readDirect(offset, length);
    let from = offset - this.aheadAt;
    if (from < 0 || from + length > this.ahead.length) {
      // Bytes the file did not have yet (a live capture's) are read again next time.
      this.ahead = this.readDirect(offset, READ_AHEAD);
      this.aheadAt = offset;
      from = 0;
    }
    return this.ahead.slice(from, from + length);
  }

  private readDirect(offset: number, length: number): Uint8Array {
    // A damaged length must not make us allocate what the file cannot hold (it may have grown
    // since it was opened, during a live capture: ask the system).
    if (length > 65536) length = Math.max(0, Math.min(length, fstatSync(this.fd).size - offset));
    const bytes = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, bytes, got, length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return got === length ? bytes : bytes.subarray(0, got);
  }

  private fail(fileOffset: number, why: string): never {
    throw new CaptureFormatError(`${this.name} has no packet at byte offset ${fileOffset}: ${why}`);
  }

  private readPcapRecord(fileOffset: number, variant: PcapVariant): PacketRecord {
    const headerLength = variant.recordHeaderLength;
    const header = this.readAt(fileOffset, headerLength);
    if (header.length < headerLength) this.fail(fileOffset, 'the file ends inside the record header');
    const fields: PcapRecordHeader = { seconds: 0, nanos: 0, captured: 0, originalLength: 0 };
    decodePcapRecordHeader(new DataView(header.buffer), 0, variant, fields);
    const captured = fields.captured;
    if (captured > MAX_BLOCK_LENGTH) this.fail(fileOffset, `the record header says ${captured} bytes captured`);
    const data = this.readAt(fileOffset + headerLength, captured);
    if (data.length < captured) this.fail(fileOffset, 'the file ends inside the packet');
    return {
      interfaceId: 0,
      seconds: fields.seconds,
      nanos: fields.nanos,
      originalLength: fields.originalLength,
      data,
      comments: undefined,
      fileOffset,
    };
  }

  private readPcapngBlock(fileOffset: number, interfaceId?: number): PacketRecord {
    const head = this.readAt(fileOffset, 12);
    if (head.length < 12) this.fail(fileOffset, 'the file ends there');
    const headView = new DataView(head.buffer);
    // A packet block's type is a small number, so its bytes reveal the section's byte order.
    const typeLE = headView.getUint32(0, true);
    const typeBE = headView.getUint32(0, false);
    const le = isPacketBlock(typeLE);
    if (!le && !isPacketBlock(typeBE)) this.fail(fileOffset, 'the block there is not a packet block');
    const type = le ? typeLE : typeBE;
    const length = headView.getUint32(4, le);
    if (!isPlausibleBlockLength(type, length)) {
      this.fail(fileOffset, `the block there has an impossible length of ${length} bytes`);
    }
    const bytes = this.readAt(fileOffset, length);
    if (bytes.length < length) this.fail(fileOffset, 'the file ends inside the block');
    const view = new DataView(bytes.buffer);
    if (view.getUint32(length - 4, le) !== length) this.fail(fileOffset, 'the block\'s two lengths disagree');
    const localId = type === BLOCK_SIMPLE_PACKET ? 0 : type === BLOCK_ENHANCED_PACKET ? view.getUint32(8, le) : view.getUint16(8, le);
    const timings = this.currentTimings();
    const sectionBase = Math.max(0, (interfaceId ?? localId) - localId);
    const record = decodePacketBlock(bytes, view, 0, type, length, le, timings, sectionBase, fileOffset);
    if (typeof record === 'string') this.fail(fileOffset, `the block ${record}`);
    return record;
  }

  /** Timings for the interfaces, redone when the list has grown. */
  private currentTimings(): InterfaceTiming[] {
    if (this.timings.length !== this.interfaces.length) this.timings = this.interfaces.map(timingOf);
    return this.timings;
  }
}
