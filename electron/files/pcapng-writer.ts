// Writes pcapng: one section (written little-endian) with Layerscope as its application, one
// Interface Description Block per interface (link type, snap length, if_name, if_description,
// if_tsresol), then an Enhanced Packet Block per packet, carrying its comment as opt_comment.

import { closeSync } from 'node:fs';
import type { CaptureFileWriter, CaptureWriterOptions } from './capture-file-writer.js';
import type { CaptureInterface, PacketRecord } from './packet-record.js';
import { BatchBuffer } from './batch-buffer.js';
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
/** Flush inside a long write() once this much is buffered. */
const FLUSH_THRESHOLD = 4 * 1024 * 1024;

const pad4 = (n: number) => (n + 3) & ~3;

type Option = { code: number; value: Uint8Array };

export class PcapngWriter implements CaptureFileWriter {
  readonly format = 'pcapng' as const;
  packetsWritten = 0;
  bytesWritten = 0;
  private readonly out = new BatchBuffer();
  private readonly nanoseconds: boolean;
  private interfaceCount = 0;
  private closed = false;

  /** Writes the section header and the interfaces to `fd` straight away. */
  constructor(
    private readonly fd: number,
    interfaces: readonly CaptureInterface[],
    private readonly options: CaptureWriterOptions = {},
  ) {
    this.nanoseconds = (options.resolution ?? 'nanoseconds') === 'nanoseconds';
    this.block(BLOCK_SECTION_HEADER, 16, [{ code: SHB_USERAPPL, value: utf8.encode('Layerscope') }], (view, at) => {
      view.setUint32(at + 8, BYTE_ORDER_MAGIC, true);
      view.setUint16(at + 12, 1, true);
      view.setUint16(at + 14, 0, true);
      // Section length unknown (-1): the file is written as it grows.
      view.setUint32(at + 16, 0xffffffff, true);
      view.setUint32(at + 20, 0xffffffff, true);
    });
    for (const iface of interfaces) this.encodeInterface(iface);
    this.flush();
  }

  /** Adds an interface mid-capture (pcapng allows it); returns its interfaceId. */
  addInterface(iface: CaptureInterface): number {
    this.encodeInterface(iface);
    this.flush();
    return this.interfaceCount - 1;
  }

  write(records: Iterable<PacketRecord>): void {
    for (const record of records) {
      if (!(record.interfaceId >= 0 && record.interfaceId < this.interfaceCount)) {
        throw new RangeError(`packet for interface ${record.interfaceId}, but the file describes ${this.interfaceCount} interface(s)`);
      }
      const comment = record.comment ? [{ code: OPT_COMMENT, value: utf8.encode(record.comment) }] : [];
      const captured = record.data.length;
      this.block(BLOCK_ENHANCED_PACKET, 20 + pad4(captured), comment, (view, at, bytes) => {
        view.setUint32(at + 8, record.interfaceId, true);
        const [high, low] = splitTicks(record.seconds, record.nanos, this.nanoseconds);
        view.setUint32(at + 12, high, true);
        view.setUint32(at + 16, low, true);
        view.setUint32(at + 20, captured, true);
        view.setUint32(at + 24, record.originalLength, true);
        bytes.set(record.data, at + 28);
      });
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

  private encodeInterface(iface: CaptureInterface): void {
    const options: Option[] = [];
    if (iface.name) options.push({ code: IF_NAME, value: utf8.encode(iface.name) });
    if (iface.description) options.push({ code: IF_DESCRIPTION, value: utf8.encode(iface.description) });
    if (this.nanoseconds) options.push({ code: IF_TSRESOL, value: Uint8Array.of(9) });
    this.block(BLOCK_INTERFACE_DESCRIPTION, 8, options, (view, at) => {
      view.setUint16(at + 8, iface.linkType, true);
      view.setUint32(at + 12, iface.snapLength, true);
    });
    this.interfaceCount++;
  }

  /**
   * Appends one block: type, length, `bodyLength` bytes filled by `fill` (offsets relative to the
   * block start, body from +8), the options, and the trailing length.
   */
  private block(
    type: number,
    bodyLength: number,
    options: Option[],
    fill: (view: DataView, at: number, bytes: Uint8Array) => void,
  ): void {
    let optionsLength = 0;
    for (const o of options) optionsLength += 4 + pad4(o.value.length);
    if (optionsLength > 0) optionsLength += 4; // opt_endofopt
    const length = 8 + bodyLength + optionsLength + 4;
    const at = this.out.reserve(length);
    const { view, bytes } = this.out;
    view.setUint32(at, type, true);
    view.setUint32(at + 4, length, true);
    fill(view, at, bytes);
    let o = at + 8 + bodyLength;
    for (const option of options) {
      view.setUint16(o, option.code, true);
      view.setUint16(o + 2, option.value.length, true);
      bytes.set(option.value, o + 4);
      o += 4 + pad4(option.value.length);
    }
    view.setUint32(at + length - 4, length, true);
  }

  private flush(): void {
    if (this.out.length > 0) this.bytesWritten += this.out.flushTo(this.fd);
  }
}
