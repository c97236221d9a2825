// Walks a capture file packet by packet as the dissector's input (packet number, link type,
// relative time), so the command line, filters and reports read files the same way.

import type { CaptureFileReader } from '../files/capture-file-reader.js';
import type { FrameInput } from './frame-dissector.js';
import { CaptureFrameInputs } from './record-frame-input.js';

export interface PacketWalk {
  /** The next packet as dissector input (one reused object, valid until the next call), or null. */
  next(): FrameInput | null;
  /** Digits of the time column: 9 for nanosecond captures, 6 otherwise (as tshark prints them). */
  timeDigits(input: FrameInput): number;
  /** The first packet's timestamp, which relative times count from. */
  readonly firstSeconds: number;
  readonly firstNanos: number;
}

export function walkPackets(reader: CaptureFileReader): PacketWalk {
  let number = 0;
  const inputs = new CaptureFrameInputs();
  return {
    next() {
      const record = reader.next();
      return record ? inputs.next(record, reader.interfaces, ++number) : null;
    },
    timeDigits(packet) {
      return reader.interfaces[packet.interfaceId]?.tsresol === 9 ? 9 : 6;
    },
    get firstSeconds() {
      return inputs.firstSeconds;
    },
    get firstNanos() {
      return inputs.firstNanos;
    },
  };
}
