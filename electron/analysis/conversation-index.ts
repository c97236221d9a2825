// The TCP and UDP conversations of an open capture, indexed in the one pass that lists its packets:
// for each stream (tcp.stream, udp.stream) its two endpoints, which packets belong to it and in
// which direction each went, and the frames and bytes each way. The Conversations table reads the
// totals; the ladder diagram reads a window of a stream's packets and decodes only those.
// Endpoint A is the sender of the stream's first packet, as in `tshark -z conv`.

import type { ConversationNote } from '../dissect/frame-dissector.js';
import { ipv4Address, ipv6Address } from '../dissect/display-format.js';

import type { StreamProtocol } from './stream-protocols.js';
import type { Conversation } from './conversations.js';
import { sortedIndexOf } from './sorted-numbers.js';

/** One conversation's totals, as the Conversations table shows them ("address:port" sides). */
export interface StreamTotals extends Conversation {
  protocol: StreamProtocol;
  stream: number;
}

/** A stream's packets: numbers in capture order, and for each whether it went from B to A. */
class StreamPackets {
  numbers = new Int32Array(16);
  /** FROM_B, and FLAGS_CAPTURED when the segment's flags byte was captured. */
  fromB = new Uint8Array(16);
  /** TCP: the low byte of each segment's flags (FIN, SYN, RST, PSH, ACK…), for the handshake and teardown. */
  flags = new Uint8Array(16);
  count = 0;

  add(number: number, bits: number, flags: number): void {
    if (this.count === this.numbers.length) {
      const numbers = new Int32Array(this.count * 2);
      numbers.set(this.numbers);
      this.numbers = numbers;
      const directions = new Uint8Array(this.count * 2);
      directions.set(this.fromB);
      this.fromB = directions;
      const grownFlags = new Uint8Array(this.count * 2);
      grownFlags.set(this.flags);
      this.flags = grownFlags;
    }
    this.numbers[this.count] = number;
    this.fromB[this.count] = bits;
    this.flags[this.count] = flags;
    this.count++;
  }

  /** Where packet `number` is among the stream's packets, or -1. */
  indexOf(number: number): number {
    return sortedIndexOf(this.numbers, this.count, number);
  }
}

const FROM_B = 1;
const FLAGS_CAPTURED = 2;

interface StreamEntry {
  totals: StreamTotals;
  /** A's address bytes and port, to tell the direction of each later packet. */
  aAddress: Uint8Array;
  aPort: number;
  bAddress: Uint8Array;
  bPort: number;
  packets: StreamPackets;
}

/**
 * What the index knows of one packet's TCP or UDP header and the addresses around it (the layer
 * that set its stream, and the network layer before it): filled by `ConversationIndex.endpointsOf`.
 */
export interface PacketEndpoints {
  protocol: StreamProtocol;
  stream: number;
  family: 4 | 6;
  source: Uint8Array;
  destination: Uint8Array;
  sourcePort: number;
  destinationPort: number;
  /** TCP: the low byte of the flags (CWR to FIN), or -1 when it was not captured (and always for UDP). */
  flags: number;
}

/** Where a phase of a TCP connection starts and ends, as positions among the stream's packets. */
export interface PhaseRange {
  first: number;
  last: number;
}

const FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10;

/**
 * The three-way handshake (the first SYN, the SYN-ACK answering it, the ACK from the SYN's sender
 * that follows) and the teardown (the first FIN or RST to the end) of a TCP stream whose packets
 * have these flags and directions (true, or a number whose lowest bit is set: from B). The handshake ends early when its later steps
 * are not seen; a stream seen only from mid-connection has none.
 */
export function connectionPhases(flags: ArrayLike<number>, fromB: ArrayLike<boolean | number>, count: number): { handshake?: PhaseRange; teardown?: PhaseRange } {
  const phases: { handshake?: PhaseRange; teardown?: PhaseRange } = {};
  // The handshake starts the stream: a SYN first (retransmitted SYNs may come before the answer).
  if (count > 0 && (flags[0] & (SYN | ACK)) === SYN) {
    const fromBAt = (i: number) => (Number(fromB[i]) & 1) === 1;
    const synFromB = fromBAt(0);
    let last = 0;
    let answered = false;
    for (let i = 1; i < count; i++) {
      const f = flags[i];
      const fromSynSender = fromBAt(i) === synFromB;
      if ((f & (FIN | RST)) !== 0) break;
      if (!answered && (f & (SYN | ACK)) === SYN && fromSynSender) last = i; // the SYN again
      else if ((f & (SYN | ACK)) === (SYN | ACK) && !fromSynSender) {
        answered = true;
        last = i;
      } else if (answered && (f & (SYN | ACK)) === ACK && fromSynSender) {
        last = i;
        break;
      } else break;
    }
    phases.handshake = { first: 0, last };
  }
  for (let i = 0; i < count; i++) {
    if ((flags[i] & (FIN | RST)) !== 0) {
      phases.teardown = { first: i, last: count - 1 };
      break;
    }
  }
  return phases;
}

/** A window of one stream's packets: numbers and directions, from its `from`th packet. */
export interface StreamWindow {
  totals: StreamTotals;
  /** Packets in the stream so far. */
  count: number;
  numbers: number[];
  fromB: boolean[];
  handshake?: PhaseRange;
  teardown?: PhaseRange;
}

export class ConversationIndex {
  private readonly streams: Record<StreamProtocol, StreamEntry[]> = { tcp: [], udp: [] };
  /** Per packet number: its stream × 2 + 1 for UDP, + 2 (0: in no stream). */
  private streamOf = new Int32Array(1024);

  /**
   * Counts packet `number` (its summary's conversation note, when it arrived and its length on
   * the wire). Packets of other protocols, or whose addresses were not captured, are left out.
   */
  add(number: number, note: ConversationNote, time: number, length: number): void {
    const protocol = note.protocol;
    // (A datagram put together from fragments has its headers in the reassembled bytes.)
    const bytes = note.bytes;
    if (protocol !== 'tcp' && protocol !== 'udp') return;
    const net = note.network;
    if (!net || note.stream < 0) return;
    const size = net.family === 4 ? 4 : 16;
    // Ports are the first four bytes of both TCP and UDP headers.
    if (net.src + size > bytes.length || net.dst + size > bytes.length || note.offset + 4 > bytes.length) return;
    const sport = (bytes[note.offset] << 8) | bytes[note.offset + 1];
    const dport = (bytes[note.offset + 2] << 8) | bytes[note.offset + 3];
    const list = this.streams[protocol];
    let entry = list[note.stream];
    if (!entry) {
      const address = (at: number) => (net.family === 4 ? ipv4Address(bytes, at) : ipv6Address(bytes, at));
      entry = {
        totals: {
          protocol,
          stream: note.stream,
          a: `${address(net.src)}:${sport}`,
          b: `${address(net.dst)}:${dport}`,
          framesAtoB: 0,
          bytesAtoB: 0,
          framesBtoA: 0,
          bytesBtoA: 0,
          start: time,
          end: time,
        },
        aAddress: bytes.slice(net.src, net.src + size),
        aPort: sport,
        bAddress: bytes.slice(net.dst, net.dst + size),
        bPort: dport,
        packets: new StreamPackets(),
      };
      list[note.stream] = entry;
    }
    const fromA = sport === entry.aPort && sameBytes(entry.aAddress, bytes, net.src);
    const t = entry.totals;
    if (fromA) {
      t.framesAtoB++;
      t.bytesAtoB += length;
    } else {
      t.framesBtoA++;
      t.bytesBtoA += length;
    }
    if (time < t.start) t.start = time;
    if (time > t.end) t.end = time;
    // A TCP header's flags are its 14th byte (the four bits before them are not wanted here).
    const captured = protocol === 'tcp' && note.offset + 13 < bytes.length;
    entry.packets.add(number, (fromA ? 0 : FROM_B) | (captured ? FLAGS_CAPTURED : 0), captured ? bytes[note.offset + 13] : 0);
    if (number >= this.streamOf.length) {
      let size = this.streamOf.length;
      while (size <= number) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.streamOf);
      this.streamOf = grown;
    }
    this.streamOf[number] = note.stream * 2 + (protocol === 'udp' ? 1 : 0) + 2;
  }

  /** Every conversation of `protocol`, by stream index. */
  list(protocol: StreamProtocol): StreamTotals[] {
    const rows: StreamTotals[] = [];
    for (const entry of this.streams[protocol]) if (entry) rows.push({ ...entry.totals });
    return rows;
  }

  /** How many conversations of `protocol` there are. */
  size(protocol: StreamProtocol): number {
    return this.streams[protocol].length;
  }

  /** Packets [from, from + count) of a stream (clipped), or undefined when there is no such stream. */
  window(protocol: StreamProtocol, stream: number, from: number, count: number): StreamWindow | undefined {
    const entry = this.streams[protocol][stream];
    if (!entry) return undefined;
    const packets = entry.packets;
    const end = Math.min(packets.count, from + count);
    const numbers: number[] = [];
    const fromB: boolean[] = [];
    for (let i = from; i < end; i++) {
      numbers.push(packets.numbers[i]);
      fromB.push((packets.fromB[i] & FROM_B) !== 0);
    }
    const phases = protocol === 'tcp' ? connectionPhases(packets.flags, packets.fromB, packets.count) : {};
    return { totals: { ...entry.totals }, count: packets.count, numbers, fromB, ...phases };
  }

  /**
   * Packet `number`'s stream, ports, addresses and TCP flags into `out`, as its header had them;
   * false (and `out` as it was) when the packet is in no stream.
   */
  endpointsOf(number: number, out: PacketEndpoints): boolean {
    const code = number > 0 && number < this.streamOf.length ? this.streamOf[number] : 0;
    if (code === 0) return false;
    const protocol: StreamProtocol = code % 2 === 1 ? 'udp' : 'tcp';
    const entry = this.streams[protocol][(code - 2) >> 1];
    const packets = entry.packets;
    const at = packets.indexOf(number);
    const bits = packets.fromB[at];
    const fromB = (bits & FROM_B) !== 0;
    out.protocol = protocol;
    out.stream = entry.totals.stream;
    out.family = entry.aAddress.length === 4 ? 4 : 6;
    out.source = fromB ? entry.bAddress : entry.aAddress;
    out.destination = fromB ? entry.aAddress : entry.bAddress;
    out.sourcePort = fromB ? entry.bPort : entry.aPort;
    out.destinationPort = fromB ? entry.aPort : entry.bPort;
    out.flags = (bits & FLAGS_CAPTURED) !== 0 ? packets.flags[at] : -1;
    return true;
  }

  /** The stream packet `number` travels in, and where it is among that stream's packets; null when none. */
  locate(number: number): { protocol: StreamProtocol; stream: number; index: number } | null {
    const code = number > 0 && number < this.streamOf.length ? this.streamOf[number] : 0;
    if (code === 0) return null;
    const protocol: StreamProtocol = code % 2 === 1 ? 'udp' : 'tcp';
    const stream = (code - 2) >> 1;
    return { protocol, stream, index: this.streams[protocol][stream].packets.indexOf(number) };
  }
}

function sameBytes(stored: Uint8Array, bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < stored.length; i++) if (stored[i] !== bytes[at + i]) return false;
  return true;
}
