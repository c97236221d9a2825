// Streaming reader for pcapng: sections in either byte order, any number of interfaces each with
// its own link type, snap length and timestamp resolution, Enhanced / Simple / obsolete Packet
// Blocks with their comments. Blocks Layerscope does not use (statistics, name resolution,
// custom, ...) are skipped. Damage ends reading with a warning; packets before it stay valid.

import type { CaptureFileReader } from './capture-file-reader.js';
import { CaptureFormatError, grouped, readStopped, type CaptureInterface, type PacketRecord, type ReadWarning } from './packet-record.js';
import type { FileWindow } from './file-window.js';
import * as blocks from './pcapng-blocks.js';
import type { InterfaceTiming } from './pcapng-blocks.js';

// Local copies of what the per-packet loop uses: under some module loaders (tsx's), every access to
// an imported binding is a getter call, which costs more than the rest of the loop.
const {
  BLOCK_INTERFACE_DESCRIPTION,
  BLOCK_SECTION_HEADER,
  MAX_BLOCK_LENGTH,
  blockTypeName,
  decodeInterfaceBlock,
  decodePacketBlock,
  isPacketBlock,
  isPlausibleBlockLength,
  minimumBlockLength,
  sectionLittleEndian,
  timingOf,
} = blocks;

export class PcapngReader implements CaptureFileReader {
  readonly format = 'pcapng' as const;
  readonly interfaces: CaptureInterface[] = [];
  readonly fileSize: number;
  warning: ReadWarning | null = null;

  private readonly timings: InterfaceTiming[] = [];
  private littleEndian = true;
  /** Index in `interfaces` of the current section's interface 0. */
  private sectionBase = 0;
  private sections = 0;
  private packets = 0;
  private finished = false;

  /**
   * `window` must be positioned at the file's first byte, which must be a Section Header Block;
   * otherwise this throws CaptureFormatError. `name` is used in messages.
   */
  constructor(
    private readonly window: FileWindow,
    private readonly name: string,
  ) {
    this.fileSize = window.fileSize;
    const problem = this.startSection();
    if (problem) {
      throw new CaptureFormatError(`${name} is not a readable pcapng file: ${problem}`);
    }
  }

  get position(): number {
    return this.window.fileOffset;
  }

  /** Number of sections read so far (a file made by concatenating captures has several). */
  get sectionCount(): number {
    return this.sections;
  }

  next(): PacketRecord | null {
    const w = this.window;
    while (!this.finished) {
      if (!w.require(8)) {
        if (w.buffered === 0) return this.end();
        return this.stop(`the file ends ${w.buffered} bytes into a block header`);
      }
      let at = w.cursor;
      const type = w.view.getUint32(at, this.littleEndian);
      if (type === BLOCK_SECTION_HEADER) {
        const problem = this.startSection();
        if (problem) return this.stop(problem);
        continue;
      }
      const length = w.view.getUint32(at + 4, this.littleEndian);
      const problem = this.checkLength(type, length);
      if (problem) return this.stop(problem);
      if (!w.require(length)) return this.stop(this.truncatedBlock(type, length));
      const mismatch = this.trailerMismatch(type, length);
      if (mismatch) return this.stop(mismatch);
      at = w.cursor;
      if (isPacketBlock(type)) {
        const offset = w.fileOffset;
        const record = decodePacketBlock(w.bytes, w.view, at, type, length, this.littleEndian, this.timings, this.sectionBase, offset);
        if (typeof record === 'string') return this.stop(`packet ${grouped(this.packets + 1)}'s ${blockTypeName(type)} ${record}`);
        w.advance(length);
        this.packets++;
        return record;
      }
      if (type === BLOCK_INTERFACE_DESCRIPTION) {
        const iface = decodeInterfaceBlock(w.bytes, w.view, at, length, this.littleEndian);
        this.timings.push(timingOf(iface, this.interfaces.length));
        this.interfaces.push(iface);
      }
      w.advance(length);
    }
    return null;
  }

  close(): void {
    this.finished = true;
    this.window.close();
  }

  private end(): null {
    this.finished = true;
    return null;
  }

  private stop(reason: string): null {
    this.finished = true;
    const fileOffset = this.window.fileOffset;
    this.warning = readStopped(this.packets + 1, fileOffset, reason);
    return null;
  }

  private blockDescription(type: number): string {
    return isPacketBlock(type) ? `packet ${grouped(this.packets + 1)}'s ${blockTypeName(type)}` : `the ${blockTypeName(type)}`;
  }

  private checkLength(type: number, length: number): string | null {
    if (isPlausibleBlockLength(type, length)) return null;
    const min = minimumBlockLength(type);
    const why = length < min
      ? `less than the ${min} bytes such a block needs`
      : length % 4 !== 0 ? 'not a multiple of 4' : `more than the ${grouped(MAX_BLOCK_LENGTH)} bytes any real block has`;
    return `${this.blockDescription(type)} has an impossible length of ${grouped(length)} bytes (${why})`;
  }

  /** What to say when the file ends inside the block at the cursor. */
  private truncatedBlock(type: number, length: number): string {
    return `${this.blockDescription(type)} says it is ${grouped(length)} bytes long, but the file ends ${grouped(this.window.buffered)} bytes into it`;
  }

  /** What is wrong when the buffered block at the cursor ends with another length than it starts with. */
  private trailerMismatch(type: number, length: number): string | null {
    const w = this.window;
    const trailer = w.view.getUint32(w.cursor + length - 4, this.littleEndian);
    return trailer === length ? null : `${this.blockDescription(type)} says it is ${grouped(length)} bytes long at its start but ${grouped(trailer)} at its end`;
  }

  /** Reads the Section Header Block at the cursor; returns what is wrong with it, if anything. */
  private startSection(): string | null {
    const w = this.window;
    if (!w.require(12)) {
      return `the file ends ${w.buffered} bytes into a section header block`;
    }
    const littleEndian = sectionLittleEndian(w.view, w.cursor);
    if (littleEndian === null) {
      const magic = w.view.getUint32(w.cursor + 8, true);
      return `the section header block has byte-order magic 0x${magic.toString(16).padStart(8, '0')}, not 0x1a2b3c4d`;
    }
    this.littleEndian = littleEndian;
    const length = w.view.getUint32(w.cursor + 4, this.littleEndian);
    const problem = this.checkLength(BLOCK_SECTION_HEADER, length);
    if (problem) return problem;
    if (!w.require(length)) return this.truncatedBlock(BLOCK_SECTION_HEADER, length);
    const at = w.cursor;
    const major = w.view.getUint16(at + 12, this.littleEndian);
    const minor = w.view.getUint16(at + 14, this.littleEndian);
    if (major !== 1) {
      return `the section header block has version ${major}.${minor}; Layerscope reads pcapng version 1.x`;
    }
    const mismatch = this.trailerMismatch(BLOCK_SECTION_HEADER, length);
    if (mismatch) return mismatch;
    w.advance(length);
    this.sectionBase = this.interfaces.length;
    this.sections++;
    return null;
  }
}
