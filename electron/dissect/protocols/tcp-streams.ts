// TCP conversation tracking across the packets of one capture: which connection (stream index) a
// segment belongs to, each direction's initial sequence number (so sequence and acknowledgment
// numbers can be shown relative to it, as Wireshark does), the window scale agreed in the handshake,
// and a cheap retransmission check.
//
// The service first reads a whole file in summary mode and later dissects single packets in detail,
// with the same state. So whatever depends on the order packets are seen in (which stream a packet
// joined, whether it was a retransmission) is decided the first time a packet number is seen and
// replayed afterwards; the bases are fixed once set, so relative numbers come out the same.

/** One direction of a connection. */
interface Direction {
  /** Raw sequence number that shows as relative 0 (the ISN, or one before the first seen). */
  base: number;
  baseKnown: boolean;
  /** Window scale shift from this side's SYN; -1 when its SYN had no window scale option. */
  shift: number;
  sawSyn: boolean;
  /** Highest relative "next sequence number" sent so far, for the retransmission check. */
  highestNext: number;
}

interface Connection {
  index: number;
  /** Direction "a" is the endpoint with the lower key. */
  a: Direction;
  b: Direction;
  closed: boolean;
}

/** What a segment learns from its connection. The object is reused: read it before the next call. */
export interface TcpSegmentInfo {
  stream: number;
  /** Sequence number relative to the sender's base. */
  relativeSeq: number;
  /** Acknowledgment number relative to the receiver's base (the raw number when ACK is not set). */
  relativeAck: number;
  /** Raw sequence number that shows as 0 in the receiver's direction (for SACK edges). */
  ackBase: number;
  /** Multiplier for the window field (2^shift), -1 when the handshake was not seen, -2 when no scaling is used. */
  windowScale: number;
  retransmission: boolean;
}

import { EndpointPairIndex, type EndpointKey } from './endpoint-pair-table.js';

const SYN = 0x02, FIN = 0x01, RST = 0x04, ACK = 0x10;

function newDirection(): Direction {
  return { base: 0, baseKnown: false, shift: -1, sawSyn: false, highestNext: 0 };
}

/** The per-capture TCP conversation table; lives in the capture's DissectState. */
export class TcpConversations {
  /** Connection indexes by their pair of endpoints. */
  private readonly pairs = new EndpointPairIndex();
  private readonly connections: Connection[] = [];
  /** Per packet number: stream index + 1 (0 = not seen yet), decided at first sight. */
  private streamOf = new Int32Array(1024);
  /** Per packet number: 1 when it was a retransmission at first sight. */
  private retransmitted = new Uint8Array(1024);
  private readonly result: TcpSegmentInfo = { stream: 0, relativeSeq: 0, relativeAck: 0, ackBase: 0, windowScale: -1, retransmission: false };

  /**
   * Places segment `number` (sent from `src` to `dst`) in its connection. `windowShift` is the window
   * scale option of a SYN (-1 when absent).
   */
  track(number: number, src: EndpointKey, dst: EndpointKey, seq: number, ack: number, flags: number, payloadLength: number, windowShift: number): TcpSegmentInfo {
    const syn = (flags & SYN) !== 0;
    const fin = (flags & FIN) !== 0;
    const ackFlag = (flags & ACK) !== 0;
    const aIsSrc = src < dst;
    const seen = number < this.streamOf.length ? this.streamOf[number] : 0;
    let conn: Connection;
    const first = seen === 0;
    if (!first) {
      conn = this.connections[seen - 1];
    } else {
      let found = this.find(aIsSrc ? src : dst, aIsSrc ? dst : src);
      // A new SYN on a 4-tuple whose connection was closed (or whose ISN differs) is a new
      // connection reusing the ports, as Wireshark counts it.
      if (found && syn && !ackFlag) {
        const dir = aIsSrc ? found.a : found.b;
        if (found.closed || (dir.sawSyn && dir.base !== seq)) found = undefined;
      }
      if (!found) {
        found = { index: this.connections.length, a: newDirection(), b: newDirection(), closed: false };
        this.connections.push(found);
        this.pairs.set(aIsSrc ? src : dst, aIsSrc ? dst : src, found.index);
      }
      conn = found;
      this.remember(number, conn.index);
    }
    const from = aIsSrc ? conn.a : conn.b;
    const to = aIsSrc ? conn.b : conn.a;

    if (first) {
      if (syn) {
        if (!from.sawSyn) {
          from.sawSyn = true;
          from.base = seq;
          from.baseKnown = true;
          from.shift = windowShift;
        }
      } else if (!from.baseKnown) {
        // Joined mid-stream: the first byte seen shows as 1, as in Wireshark.
        from.base = (seq - 1) >>> 0;
        from.baseKnown = true;
      }
      if (ackFlag && !to.baseKnown) {
        to.base = (ack - 1) >>> 0;
        to.baseKnown = true;
      }
      if (fin || (flags & RST) !== 0) conn.closed = true;
    }

    const r = this.result;
    r.stream = conn.index;
    r.relativeSeq = (seq - from.base) >>> 0;
    r.relativeAck = ackFlag ? (ack - to.base) >>> 0 : ack;
    r.ackBase = to.base;
    // Scaling is used only when both SYNs carried the option; one SYN without it turns it off.
    if ((from.sawSyn && from.shift < 0) || (to.sawSyn && to.shift < 0)) r.windowScale = -2;
    else if (from.sawSyn && to.sawSyn) r.windowScale = 1 << from.shift;
    else r.windowScale = -1;

    if (first) {
      // SYN and FIN take one sequence number (one, even when both are set, as tshark counts).
      const consumed = payloadLength + (syn || fin ? 1 : 0);
      const next = r.relativeSeq + consumed;
      r.retransmission = consumed > 0 && !syn && from.highestNext > 0 && next <= from.highestNext;
      if (next > from.highestNext) from.highestNext = next;
      if (r.retransmission) this.retransmitted[number] = 1;
    } else {
      r.retransmission = this.retransmitted[number] === 1;
    }
    return r;
  }

  private find(lo: EndpointKey, hi: EndpointKey): Connection | undefined {
    const index = this.pairs.get(lo, hi);
    return index < 0 ? undefined : this.connections[index];
  }

  private remember(number: number, index: number): void {
    if (number >= this.streamOf.length) {
      let size = this.streamOf.length;
      while (size <= number) size *= 2;
      const streams = new Int32Array(size);
      streams.set(this.streamOf);
      this.streamOf = streams;
      const flags = new Uint8Array(size);
      flags.set(this.retransmitted);
      this.retransmitted = flags;
    }
    this.streamOf[number] = index + 1;
  }
}
