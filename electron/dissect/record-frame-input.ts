// A capture file's packet record, as the frame dissector's input: its interface's link type and
// name looked up, its time made relative to the capture's first packet.

import type { CaptureInterface, PacketRecord } from '../files/packet-record.js';
import type { FrameInput } from './frame-dissector.js';

function blankFrameInput(): FrameInput {
  return {
    number: 0,
    linkType: 0,
    data: new Uint8Array(0),
    originalLength: 0,
    seconds: 0,
    nanos: 0,
    relativeTime: 0,
    interfaceId: 0,
    interfaceName: undefined,
    comments: undefined,
  };
}

/** `record` as dissector input, written into `into` when given (no new object per packet). */
export function frameInputOf(
  record: PacketRecord,
  interfaces: readonly CaptureInterface[],
  number: number,
  relativeTime: number,
  into: FrameInput = blankFrameInput(),
): FrameInput {
  const iface = interfaces[record.interfaceId];
  into.number = number;
  // A record naming an interface the file never described is decoded as Ethernet, the commonest.
  into.linkType = iface?.linkType ?? 1;
  into.data = record.data;
  into.originalLength = record.originalLength;
  into.seconds = record.seconds;
  into.nanos = record.nanos;
  into.relativeTime = relativeTime;
  into.interfaceId = record.interfaceId;
  into.interfaceName = iface?.name;
  into.comments = record.comments;
  return into;
}

/**
 * A capture's records in order as dissector input, timed from its first packet. One FrameInput is
 * reused: what next() returns is overwritten by the following call.
 */
export class CaptureFrameInputs {
  /** The first packet's timestamp, which relative times count from. */
  firstSeconds = 0;
  firstNanos = 0;
  private readonly input = blankFrameInput();

  /** Record `number` (1-based; packet 1 sets the time origin) as dissector input. */
  next(record: PacketRecord, interfaces: readonly CaptureInterface[], number: number): FrameInput {
    if (number === 1) {
      this.firstSeconds = record.seconds;
      this.firstNanos = record.nanos;
    }
    const relativeTime = record.seconds - this.firstSeconds + (record.nanos - this.firstNanos) / 1e9;
    return frameInputOf(record, interfaces, number, relativeTime, this.input);
  }
}
