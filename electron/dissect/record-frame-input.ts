// A capture file's packet record, as the frame dissector's input: its interface's link type and
// name looked up, its time made relative to the capture's first packet.

import type { CaptureInterface, PacketRecord } from '../files/packet-record.js';
import type { FrameInput } from './frame-dissector.js';

export function frameInputOf(
  record: PacketRecord,
  interfaces: readonly CaptureInterface[],
  number: number,
  relativeTime: number,
): FrameInput {
  const iface = interfaces[record.interfaceId];
  return {
    number,
    // A record naming an interface the file never described is decoded as Ethernet, the commonest.
    linkType: iface?.linkType ?? 1,
    data: record.data,
    originalLength: record.originalLength,
    seconds: record.seconds,
    nanos: record.nanos,
    relativeTime,
    interfaceId: record.interfaceId,
    interfaceName: iface?.name,
    comment: record.comment,
  };
}
