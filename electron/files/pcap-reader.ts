// Streaming reader for classic libpcap files: either byte order, microsecond (a1b2c3d4) or
// nanosecond (a1b23c4d) timestamps, and the rare "modified" format (a1b2cd34) whose record
// headers carry 8 extra bytes. One interface, from the file header.

import type { CaptureFileReader } from './capture-file-reader.js';
import { CaptureFormatError, grouped, readStopped, type CaptureInterface, type PacketRecord, type ReadWarning } from './packet-record.js';
import type { FileWindow } from './file-window.js';

export const PCAP_FILE_HEADER_LENGTH = 24;

/** What the magic number at the start of a classic pcap file says. */
export interface PcapVariant {
  littleEndian: boolean;
  nanoseconds: boolean;
  /** 16, or 24 in the modified (Kuznetsov) format. */
  recordHeaderLength: number;
}

/** Recognises the four bytes at the start of a classic pcap file (read as little-endian). */
export function pcapVariant(magicLE: number): PcapVariant | null {
  switch (magicLE) {
    case 0xa1b2c3d4: return { littleEndian: true, nanoseconds: false, recordHeaderLength: 16 };
    case 0xd4c3b2a1: return { littleEndian: false, nanoseconds: false, recordHeaderLength: 16 };
    case 0xa1b23c4d: return { littleEndian: true, nanoseconds: true, recordHeaderLength: 16 };
    case 0x4d3cb2a1: return { littleEndian: false, nanoseconds: true, recordHeaderLength: 16 };
    case 0xa1b2cd34: return { littleEndian: true, nanoseconds: false, recordHeaderLength: 24 };
    case 0x34cdb2a1: return { littleEndian: false, nanoseconds: false, recordHeaderLength: 24 };
    default: return null;
  }
}

/** What a record header says about its packet; the timestamp in nanoseconds whatever the file's resolution. */
export interface PcapRecordHeader {
  seconds: number;
  nanos: number;
  captured: number;
  originalLength: number;
}

/** Decodes the record header at `at` into `into` (a reused object: no allocation per packet). */
export function decodePcapRecordHeader(view: DataView, at: number, variant: PcapVariant, into: PcapRecordHeader): void {
  const le = variant.littleEndian;
  let seconds = view.getUint32(at, le);
  const fraction = view.getUint32(at + 4, le);
  let nanos = variant.nanoseconds ? fraction : fraction * 1000;
  if (nanos >= 1e9) {
    // Some writers let the fraction overflow a second; carry it rather than show 1.2e9 ns.
    seconds += Math.floor(nanos / 1e9);
    nanos %= 1e9;
  }
  into.seconds = seconds;
  into.nanos = nanos;
  into.captured = view.getUint32(at + 8, le);
  into.originalLength = view.getUint32(at + 12, le);
}

/** Larger captured lengths are corruption whatever the header's snap length says (Wireshark's limit). */
const MAX_PACKET_LENGTH = 262144;

export class PcapReader implements CaptureFileReader {
  readonly format = 'pcap' as const;
  readonly interfaces: readonly CaptureInterface[];
  readonly fileSize: number;
  readonly variant: PcapVariant;
  warning: ReadWarning | null = null;

  private readonly maxCaptured: number;
  private readonly header: PcapRecordHeader = { seconds: 0, nanos: 0, captured: 0, originalLength: 0 };
  private packets = 0;
  private finished = false;

  /**
   * `window` must be positioned at the file's first byte. Throws CaptureFormatError when the
   * header is not a pcap header Layerscope can read. `name` is used in messages.
   */
  constructor(
    private readonly window: FileWindow,
    name: string,
  ) {
    this.fileSize = window.fileSize;
    if (!window.require(PCAP_FILE_HEADER_LENGTH)) {
      throw new CaptureFormatError(
        `${name} is too short to be a pcap file: ${window.buffered} bytes, but the pcap file header alone is ${PCAP_FILE_HEADER_LENGTH}`,
      );
    }
    const view = window.view;
    const at = window.cursor;
    const variant = pcapVariant(view.getUint32(at, true));
    if (!variant) throw new CaptureFormatError(`${name} does not start with a pcap magic number`);
    this.variant = variant;
    const le = variant.littleEndian;
    const major = view.getUint16(at + 4, le);
    const minor = view.getUint16(at + 6, le);
    if (major < 2) {
      throw new CaptureFormatError(
        `${name} is a pcap file of version ${major}.${minor}, an archaic format Layerscope cannot read (it reads version 2.0 and later, what every tool since 1998 writes)`,
      );
    }
    const snapLength = view.getUint32(at + 16, le);
    // The top bits of the link-type word carry FCS information in newer files, not the link type.
    const linkType = view.getUint32(at + 20, le) & 0x0fffffff;
    this.interfaces = [{ linkType, snapLength, tsresol: variant.nanoseconds ? 9 : 6 }];
    this.maxCaptured = Math.max(snapLength, MAX_PACKET_LENGTH);
    window.advance(PCAP_FILE_HEADER_LENGTH);
  }

  get position(): number {
    return this.window.fileOffset;
  }

  next(): PacketRecord | null {
    if (this.finished) return null;
    const w = this.window;
    const headerLength = this.variant.recordHeaderLength;
    if (!w.require(headerLength)) {
      if (w.buffered === 0) {
        this.finished = true;
        return null;
      }
      return this.stop(`the file ends ${w.buffered} bytes into the packet's ${headerLength}-byte record header`);
    }
    const header = this.header;
    decodePcapRecordHeader(w.view, w.cursor, this.variant, header);
    const captured = header.captured;
    if (captured > this.maxCaptured) {
      return this.stop(
        `the packet's record header says ${grouped(captured)} bytes captured, more than the snap length ${grouped(this.maxCaptured)}`,
      );
    }
    if (!w.require(headerLength + captured)) {
      return this.stop(
        `the record header says ${grouped(captured)} bytes captured, but the file ends ${grouped(w.buffered - headerLength)} bytes into them`,
      );
    }
    const at = w.cursor;
    const fileOffset = w.fileOffset;
    w.advance(headerLength + captured);
    this.packets++;
    return {
      interfaceId: 0,
      seconds: header.seconds,
      nanos: header.nanos,
      originalLength: header.originalLength,
      data: w.bytes.subarray(at + headerLength, at + headerLength + captured),
      comments: undefined,
      fileOffset,
    };
  }

  close(): void {
    this.finished = true;
    this.window.close();
  }

  private stop(reason: string): null {
    this.finished = true;
    const fileOffset = this.window.fileOffset;
    this.warning = readStopped(this.packets + 1, fileOffset, reason);
    return null;
  }
}
