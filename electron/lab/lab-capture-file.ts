// Saves a lab session's packets as pcapng with each packet's annotation as its comment, so the
// capture opens in Wireshark and tshark with the calls beside the packets (frame.comment).

import { createCaptureFileWriter } from '../files/capture-file-writer.js';
import type { CaptureInterface } from '../files/packet-record.js';
import type { LabPacket } from './lab-capture.js';
import type { LabPacketNote } from './socket-lab.js';

export function writeLabCapture(path: string, iface: CaptureInterface, packets: readonly LabPacket[], notes: readonly LabPacketNote[]): number {
  const comments = new Map(notes.map((n) => [n.number, [n.comment]]));
  const writer = createCaptureFileWriter(path, 'pcapng', [iface]);
  try {
    for (const p of packets) writer.append(0, p.seconds, p.nanos, p.data, p.data.length, p.originalLength, comments.get(p.number));
  } finally {
    writer.close();
  }
  return packets.length;
}
