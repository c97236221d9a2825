// Writes pcapng: one section (written little-endian) with Layerscope as its application, one
// Interface Description Block per interface (link type, snap length, if_name, if_description,
// if_tsresol), then an Enhanced Packet Block per packet, carrying its comment as opt_comment.

import type { CaptureWriterOptions } from './capture-file-writer.js';
import type { CaptureInterface } from './packet-record.js';
import { BufferedCaptureWriter } from './buffered-capture-writer.js';
import {
  BLOCK_ENHANCED_PACKET,
  BLOCK_INTERFACE_DESCRIPTION,
  BLOCK_SECTION_HEADER,
  BYTE_ORDER_MAGIC,
  IF_DESCRIPTION,
  IF_NAME,
  IF_TSRESOL,
  OPT_COMMENT,
  SHB_USERAPPL,
} from './pcapng-blocks.js';
import { splitTicks } from './timestamp-units.js';

const utf8 = new TextEncoder();

const pad4 = (n: number) => (n + 3) & ~3;

type Option = { code: number; value: Uint8Array };

const NO_OPTIONS: readonly Option[] = [];

export class PcapngWriter extends BufferedCaptureWriter {
  readonly format = 'pcapng' as const;
  private interfaceCount = 0;

  /** Writes the section header and the interfaces to `fd` straight away. */
  constructor(fd: number, interfaces: readonly CaptureInterface[], options: CaptureWriterOptions = {}) {
    super(fd, options);
    const at = this.block(BLOCK_SECTION_HEADER, 16, [{ code: SHB_USERAPPL, value: utf8.encode('Layerscope') }]);
    const view = this.out.view;
    view.setUint32(at + 8, BYTE_ORDER_MAGIC, true);
    view.setUint16(at + 12, 1, true);
    view.setUint16(at + 14, 0, true);
    // Section length unknown (-1): the file is written as it grows.
    view.setUint32(at + 16, 0xffffffff, true);
    view.setUint32(at + 20, 0xffffffff, true);
    for (const iface of interfaces) this.encodeInterface(iface);
    this.flush();
  }

  /** Adds an interface mid-capture (pcapng allows it); returns its interfaceId. */
  addInterface(iface: CaptureInterface): number {
    this.encodeInterface(iface);
    this.flush();
    return this.interfaceCount - 1;
  }

  protected encodePacket(interfaceId: number, seconds: number, nanos: number, bytes: Uint8Array, length: number, originalLength: number, comments: readonly string[] | undefined): void {
    if (!(interfaceId >= 0 && interfaceId < this.interfaceCount)) {
      throw new RangeError(`packet for interface ${interfaceId}, but the file describes ${this.interfaceCount} interface(s)`);
    }
    const options = comments?.length ? comments.map((c) => ({ code: OPT_COMMENT, value: utf8.encode(c) })) : NO_OPTIONS;
    const data = length === bytes.length ? bytes : bytes.subarray(0, length);
    // Type and length (block()), the fields up to +28 and the data are all written: not zeroed first.
    const at = this.block(BLOCK_ENHANCED_PACKET, 20 + pad4(length), options, 28 + data.length);
    const { view, bytes: out } = this.out;
    const [high, low] = splitTicks(seconds, nanos, this.nanoseconds);
    view.setUint32(at + 8, interfaceId, true);
    view.setUint32(at + 12, high, true);
    view.setUint32(at + 16, low, true);
    view.setUint32(at + 20, length, true);
    view.setUint32(at + 24, originalLength, true);
    out.set(data, at + 28);
  }

  private encodeInterface(iface: CaptureInterface): void {
    const options: Option[] = [];
    if (iface.name) options.push({ code: IF_NAME, value: utf8.encode(iface.name) });
    if (iface.description) options.push({ code: IF_DESCRIPTION, value: utf8.encode(iface.description) });
    if (this.nanoseconds) options.push({ code: IF_TSRESOL, value: Uint8Array.of(9) });
    const at = this.block(BLOCK_INTERFACE_DESCRIPTION, 8, options);
    this.out.view.setUint16(at + 8, iface.linkType, true);
    this.out.view.setUint32(at + 12, iface.snapLength, true);
    this.interfaceCount++;
  }

  /**
   * Appends one block (zeroed, but for its first `written` bytes, which the caller overwrites):
   * type, length, room for `bodyLength` bytes of body from +8, the options, and the trailing
   * length. Returns where the block starts, for the caller to fill in.
   */
  private block(type: number, bodyLength: number, options: readonly Option[], written = 0): number {
    let optionsLength = 0;
    for (const o of options) optionsLength += 4 + pad4(o.value.length);
    if (optionsLength > 0) optionsLength += 4; // opt_endofopt
    const length = 8 + bodyLength + optionsLength + 4;
    const at = this.out.reserve(length, written);
    const { view, bytes } = this.out;
    view.setUint32(at, type, true);
    view.setUint32(at + 4, length, true);
    let o = at + 8 + bodyLength;
    for (const option of options) {
      view.setUint16(o, option.code, true);
      view.setUint16(o + 2, option.value.length, true);
      bytes.set(option.value, o + 4);
      o += 4 + pad4(option.value.length);
    }
    view.setUint32(at + length - 4, length, true);
    return at;
  }
}
