// Conversations as Wireshark's Statistics ▸ Conversations counts them (`tshark -z conv,TYPE`):
// for each pair of endpoints of a type (Ethernet, IPv4, IPv6, TCP, UDP), the frames and bytes
// each way, when it started (relative to the capture's first packet) and how long it lasted.
// Endpoint A is the source of the conversation's first packet.

import type { DissectedPacket } from '../dissect/field-model.js';
import { ADDRESS_TYPES, endpointPairsOf, endpointText, TYPE_TITLES, type AddressType } from './endpoint-pairs.js';

export const CONVERSATION_TYPES = ADDRESS_TYPES;
export type ConversationType = AddressType;

export interface Conversation {
  a: string;
  b: string;
  /** Frames and bytes (on the wire) from A to B, and from B to A. */
  framesAtoB: number;
  bytesAtoB: number;
  framesBtoA: number;
  bytesBtoA: number;
  /** Seconds from the capture's first packet to this conversation's first and last. */
  start: number;
  end: number;
}

/** Bits per second one way, as Wireshark computes them (none for a conversation of no duration). */
export function bitsPerSecond(bytes: number, duration: number): number | null {
  return duration > 0 ? (bytes * 8) / duration : null;
}

export class ConversationTable {
  private readonly byKey = new Map<string, Conversation>();

  constructor(readonly type: ConversationType) {}

  /** Counts a decoded packet (its fields' shows are read: decode with texts). */
  add(packet: DissectedPacket): void {
    for (const [from, to] of endpointPairsOf(packet, this.type)) {
      const src = endpointText(from);
      const dst = endpointText(to);
      const key = src < dst ? `${src}\u0000${dst}` : `${dst}\u0000${src}`;
      let c = this.byKey.get(key);
      if (!c) this.byKey.set(key, (c = { a: src, b: dst, framesAtoB: 0, bytesAtoB: 0, framesBtoA: 0, bytesBtoA: 0, start: packet.time, end: packet.time }));
      if (src === c.a) {
        c.framesAtoB++;
        c.bytesAtoB += packet.len;
      } else {
        c.framesBtoA++;
        c.bytesBtoA += packet.len;
      }
      // Earliest and latest, as tshark takes them (a merged capture's times may go back).
      c.start = Math.min(c.start, packet.time);
      c.end = Math.max(c.end, packet.time);
    }
  }

  /** The conversations as tshark lists them: most frames first, then in the order they began. */
  rows(): Conversation[] {
    return [...this.byKey.values()].sort((x, y) => y.framesAtoB + y.framesBtoA - (x.framesAtoB + x.framesBtoA));
  }
}

/** The table as `tshark -q -z conv,TYPE` prints it. */
export function conversationsText(table: ConversationTable): string {
  const wide = table.type === 'tcp' || table.type === 'udp';
  const width = wide ? 26 : 20;
  const pad = ' '.repeat(wide ? 59 : 47);
  const rule = '='.repeat(80);
  const lines = [
    rule,
    `${TYPE_TITLES[table.type]} Conversations`,
    'Filter:<No Filter>',
    `${pad}|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |`,
    `${pad}| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |`,
  ];
  for (const c of table.rows()) {
    // tshark's columns: frames right-aligned in 6, "N bytes" left-aligned in 9, two spaces between cells.
    const cell = (frames: number, bytes: number) => `${String(frames).padStart(6)} ${`${bytes} bytes`.padEnd(9)}`;
    lines.push(
      `${c.a.padEnd(width)} <-> ${c.b.padEnd(width)}  ${cell(c.framesBtoA, c.bytesBtoA)}  ${cell(c.framesAtoB, c.bytesAtoB)}  ${cell(c.framesAtoB + c.framesBtoA, c.bytesAtoB + c.bytesBtoA)}  ${c.start.toFixed(9).padStart(14)}   ${(c.end - c.start).toFixed(4).padStart(12)}`,
    );
  }
  lines.push(rule);
  return lines.join('\n') + '\n';
}
