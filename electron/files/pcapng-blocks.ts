// The pcapng block layouts Layerscope reads (draft-ietf-opsawg-pcapng): block type codes, option
// lists, interface descriptions and the three packet blocks. Shared by the streaming reader and
// random access, which both hand these functions a block already buffered whole.

import { grouped, type CaptureInterface, type PacketRecord } from './packet-record.js';
import { TimestampUnits } from './timestamp-units.js';

export const BLOCK_SECTION_HEADER = 0x0a0d0d0a;
export const BLOCK_INTERFACE_DESCRIPTION = 0x00000001;
export const BLOCK_PACKET_OBSOLETE = 0x00000002;
export const BLOCK_SIMPLE_PACKET = 0x00000003;
export const BLOCK_ENHANCED_PACKET = 0x00000006;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** BYTE_ORDER_MAGIC as a big-endian section's header shows it when read little-endian. */
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

export const OPT_END = 0;
export const OPT_COMMENT = 1;
export const IF_NAME = 2;
export const IF_DESCRIPTION = 3;
export const IF_TSRESOL = 9;
export const IF_TSOFFSET = 14;
export const SHB_USERAPPL = 4;

/** Bigger blocks than this are taken as corruption rather than buffered. */
export const MAX_BLOCK_LENGTH = 64 * 1024 * 1024;

/** An interface as a packet block needs it: how to read its timestamps and where it is listed. */
export interface InterfaceTiming {
  /** Index in the capture-wide interface list. */
  globalId: number;
  units: TimestampUnits;
  tsoffset: number;
  snapLength: number;
}

export function timingOf(iface: CaptureInterface, globalId: number): InterfaceTiming {
  return {
    globalId,
    units: new TimestampUnits(iface.tsresol ?? 6),
    tsoffset: iface.tsoffset ?? 0,
    snapLength: iface.snapLength,
  };
}

const utf8 = new TextDecoder('utf-8');

function optionText(bytes: Uint8Array, start: number, length: number): string {
  let end = start + length;
  while (end > start && bytes[end - 1] === 0) end--; // some writers add a terminating NUL
  return utf8.decode(bytes.subarray(start, end));
}

/**
 * Walks an option list from `start` to `end`, calling `visit(code, valueStart, valueLength)`.
 * A list that runs past its block just stops: options are descriptive, the packet is still good.
 */
export function forEachOption(
  view: DataView,
  start: number,
  end: number,
  littleEndian: boolean,
  visit: (code: number, valueStart: number, valueLength: number) => void,
): void {
  let at = start;
  while (at + 4 <= end) {
    const code = view.getUint16(at, littleEndian);
    const length = view.getUint16(at + 2, littleEndian);
    if (code === OPT_END || at + 4 + length > end) return;
    visit(code, at + 4, length);
    at += 4 + ((length + 3) & ~3);
  }
}

/** Decodes an Interface Description Block (type 1) at `at`, `length` bytes long. */
export function decodeInterfaceBlock(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  length: number,
  littleEndian: boolean,
): CaptureInterface {
  const iface: CaptureInterface = {
    linkType: view.getUint16(at + 8, littleEndian),
    snapLength: view.getUint32(at + 12, littleEndian),
  };
  forEachOption(view, at + 16, at + length - 4, littleEndian, (code, start, size) => {
    if (code === IF_NAME) iface.name = optionText(bytes, start, size);
    else if (code === IF_DESCRIPTION) iface.description = optionText(bytes, start, size);
    else if (code === IF_TSRESOL && size >= 1) iface.tsresol = bytes[start];
    else if (code === IF_TSOFFSET && size === 8) iface.tsoffset = Number(view.getBigInt64(start, littleEndian));
  });
  return iface;
}

/** Smallest legal length of each block type Layerscope interprets. */
export function minimumBlockLength(type: number): number {
  switch (type) {
    case BLOCK_SECTION_HEADER: return 28;
    case BLOCK_INTERFACE_DESCRIPTION: return 20;
    case BLOCK_ENHANCED_PACKET: return 32;
    case BLOCK_PACKET_OBSOLETE: return 32;
    case BLOCK_SIMPLE_PACKET: return 16;
    default: return 12;
  }
}

/** Whether a block of `type` may be `length` bytes long (anything else is corruption). */
export function isPlausibleBlockLength(type: number, length: number): boolean {
  return length >= minimumBlockLength(type) && length % 4 === 0 && length <= MAX_BLOCK_LENGTH;
}

/**
 * The byte order of the section whose header block starts at `at` (at least 12 bytes buffered),
 * from its byte-order magic: true for little-endian, null when the magic is not there.
 */
export function sectionLittleEndian(view: DataView, at: number): boolean | null {
  const magic = view.getUint32(at + 8, true);
  return magic === BYTE_ORDER_MAGIC ? true : magic === BYTE_ORDER_MAGIC_SWAPPED ? false : null;
}

export function blockTypeName(type: number): string {
  switch (type) {
    case BLOCK_SECTION_HEADER: return 'section header block';
    case BLOCK_INTERFACE_DESCRIPTION: return 'interface description block';
    case BLOCK_ENHANCED_PACKET: return 'enhanced packet block';
    case BLOCK_PACKET_OBSOLETE: return 'packet block';
    case BLOCK_SIMPLE_PACKET: return 'simple packet block';
    default: return `block of type 0x${type.toString(16).padStart(8, '0')}`;
  }
}

export function isPacketBlock(type: number): boolean {
  return type === BLOCK_ENHANCED_PACKET || type === BLOCK_SIMPLE_PACKET || type === BLOCK_PACKET_OBSOLETE;
}

/**
 * Decodes an Enhanced, Simple or obsolete Packet Block buffered whole at `at`. The section's
 * interfaces are `interfaces[sectionBase ..]`. Returns the record, or a sentence saying what is
 * inconsistent about the block (to be prefixed with the packet's number).
 * `data` is a view into `bytes`.
 */
export function decodePacketBlock(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  type: number,
  length: number,
  littleEndian: boolean,
  interfaces: readonly InterfaceTiming[],
  sectionBase: number,
  fileOffset: number,
): PacketRecord | string {
  const sectionCount = interfaces.length - sectionBase;
  if (type === BLOCK_SIMPLE_PACKET) {
    if (sectionCount < 1) return 'is a simple packet block, but no interface is described before it';
    const iface = interfaces[sectionBase];
    const originalLength = view.getUint32(at + 8, littleEndian);
    let captured = Math.min(originalLength, length - 16);
    if (iface.snapLength > 0 && captured > iface.snapLength) captured = iface.snapLength;
    return {
      interfaceId: iface.globalId,
      seconds: 0,
      nanos: 0,
      originalLength,
      data: bytes.subarray(at + 12, at + 12 + captured),
      comments: undefined,
      fileOffset,
    };
  }
  const enhanced = type === BLOCK_ENHANCED_PACKET;
  const localId = enhanced ? view.getUint32(at + 8, littleEndian) : view.getUint16(at + 8, littleEndian);
  if (localId >= sectionCount) {
    return `refers to interface ${localId}, but ${sectionCount === 1 ? 'only 1 interface is' : `${sectionCount} interfaces are`} described before it`;
  }
  const captured = view.getUint32(at + 20, littleEndian);
  const room = length - 32;
  if (captured > room) {
    return `says ${grouped(captured)} bytes captured, but its ${grouped(length)}-byte block has room for only ${grouped(room)}`;
  }
  const iface = interfaces[sectionBase + localId];
  const record: PacketRecord = {
    interfaceId: iface.globalId,
    seconds: 0,
    nanos: 0,
    originalLength: view.getUint32(at + 24, littleEndian),
    data: bytes.subarray(at + 28, at + 28 + captured),
    comments: undefined,
    fileOffset,
  };
  iface.units.split(view.getUint32(at + 12, littleEndian), view.getUint32(at + 16, littleEndian), record);
  if (iface.tsoffset !== 0) record.seconds += iface.tsoffset;
  const optionsStart = at + 28 + ((captured + 3) & ~3);
  const optionsEnd = at + length - 4;
  if (optionsEnd - optionsStart >= 4) {
    forEachOption(view, optionsStart, optionsEnd, littleEndian, (code, start, size) => {
      if (code !== OPT_COMMENT) return;
      const text = optionText(bytes, start, size);
      record.comments = record.comments === undefined ? [text] : [...record.comments, text];
    });
  }
  return record;
}
