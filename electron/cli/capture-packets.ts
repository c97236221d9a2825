// Walks a capture file packet by packet as the dissector's input (packet number, link type,
// relative time), so `list` and `dissect` read files the same way.

import type { CaptureFileReader } from '../files/capture-file-reader.js';
import type { FrameInput } from '../dissect/frame-dissector.js';

export interface PacketWalk {
  /** The next packet as dissector input (its data is only valid until the next call), or null. */
  next(): FrameInput | null;
  /** Digits of the time column: 9 for nanosecond captures, 6 otherwise (as tshark prints them). */
  timeDigits(input: FrameInput): number;
}

export function walkPackets(reader: CaptureFileReader): PacketWalk {
  let number = 0;
  let firstSeconds = 0;
  let firstNanos = 0;
  // One reusable object: the list loop creates no garbage per packet for it.
  const input: FrameInput = {
    number: 0,
    linkType: 0,
    data: new Uint8Array(0),
    originalLength: 0,
    seconds: 0,
    nanos: 0,
    relativeTime: 0,
    interfaceId: 0,
  };
  return {
    next() {
      const record = reader.next();
      if (!record) return null;
      number++;
      if (number === 1) {
        firstSeconds = record.seconds;
        firstNanos = record.nanos;
      }
      const iface = reader.interfaces[record.interfaceId];
      input.number = number;
      input.linkType = iface ? iface.linkType : -1;
      input.data = record.data;
      input.originalLength = record.originalLength;
      input.seconds = record.seconds;
      input.nanos = record.nanos;
      input.relativeTime = record.seconds - firstSeconds + (record.nanos - firstNanos) / 1e9;
      input.interfaceId = record.interfaceId;
      input.interfaceName = iface?.name;
      input.comment = record.comment;
      return input;
    },
    timeDigits(packet) {
      return reader.interfaces[packet.interfaceId]?.tsresol === 9 ? 9 : 6;
    },
  };
}
