// TCP conversation tracking across the packets of one capture: which connection (stream index) a
// segment belongs to, each direction's initial sequence number (so sequence and acknowledgment
// numbers can be shown relative to it, as Wireshark does), the window scale agreed in the handshake,
// Wireshark's sequence analysis (electron/analysis/tcp-analysis.ts) and each endpoint's TCP state
// (electron/analysis/tcp-states.ts).
//
// The service first reads a whole file in summary mode and later dissects single packets in detail,
// with the same state. So whatever depends on the order packets are seen in (which stream a packet
// joined, its analysis flags, the states) is decided the first time a packet number is seen and
// replayed afterwards; the bases are fixed once set, so relative numbers come out the same. What is
// replayed is kept in number columns, a few numbers a packet, and only when the capture's packets
// may be decoded again (DissectState.treesLater): `layerscope list` sees each packet once.

/** One direction of a connection. */
interface Direction {
  /** Raw sequence number that shows as relative 0 (the ISN, or one before the first seen). */
  base: number;
  baseKnown: boolean;
  /** Window scale shift from this side's SYN; -1 when its SYN had no window scale option. */
  shift: number;
  sawSyn: boolean;
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
  /** The sequence analysis (TcpFlag bits, duplicate ACK, the frame acknowledged, RTTs). */
  analysis: TcpAnalysisResult;
  /** TcpState of the sender after sending the segment and of the receiver after receiving it. */
  srcState: number;
  dstState: number;
  /** Their states before the segment. */
  srcBefore: number;
  dstBefore: number;
}

/** The time and window of a segment, for the analysis. */
export interface TcpSegmentTiming {
  seconds: number;
  nanos: number;
  /** The window field as sent (before scaling); -1 when it was not captured. */
  window: number;
}

import { EndpointPairIndex, type EndpointKey } from './endpoint-pair-table.js';
import { analyseSegment, TcpAnalysisConnection, TcpAnalysisStore, TcpFlag, TcpSide, type TcpAnalysisResult, type TcpSegment } from '../../analysis/tcp-analysis.js';
import { statesBeforeTcpSegment, stepTcpStates, TcpEndpoint, TcpStateStore } from '../../analysis/tcp-states.js';
import { NumberColumn } from '../number-columns.js';

const SYN = 0x02, FIN = 0x01, RST = 0x04, ACK = 0x10;

function newDirection(): Direction {
  return { base: 0, baseKnown: false, shift: -1, sawSyn: false };
}

/** Per packet, packed in one number: the analysis flags (16 bits), then 4 bits for each state after and before. */
const SRC_STATE_SHIFT = 16, DST_STATE_SHIFT = 20, SRC_BEFORE_SHIFT = 24, DST_BEFORE_SHIFT = 28;

/** The per-capture TCP conversation table; lives in the capture's DissectState. */
export class TcpConversations {
  /** Connection indexes by their pair of endpoints. */
  private readonly pairs = new EndpointPairIndex();
  private readonly connections: Connection[] = [];
  /** Per packet number: stream index + 1 (0 = not seen yet), decided at first sight. */
  private streamOf = new Int32Array(1024);
  /** Per packet number, when kept: analysis flags and states (packed), then the analysis' numbers. */
  private readonly packed = new NumberColumn(Int32Array);
  private readonly acksFrame = new NumberColumn(Int32Array);
  private readonly ackRtt = new NumberColumn(Float64Array);
  private readonly dupNum = new NumberColumn(Int32Array);
  private readonly dupFrame = new NumberColumn(Int32Array);
  /** Each connection's analysis state and each endpoint's TCP state, kept as numbers. */
  private readonly analysisStore = new TcpAnalysisStore();
  private readonly stateStore = new TcpStateStore();
  /** What one segment's analysis works on, loaded from the stores and saved back. */
  private readonly work = { c: new TcpAnalysisConnection(), from: new TcpSide(), to: new TcpSide(), src: new TcpEndpoint(), dst: new TcpEndpoint() };
  private readonly analysis: TcpAnalysisResult = { flags: 0, dupNum: 0, dupFrame: 0, acksFrame: 0, ackRtt: 0, irtt: 0 };
  private readonly segment: TcpSegment = { frame: 0, seconds: 0, nanos: 0, seq: 0, ack: 0, flags: 0, length: 0, window: 0 };
  private readonly result: TcpSegmentInfo = {
    stream: 0, relativeSeq: 0, relativeAck: 0, ackBase: 0, windowScale: -1,
    analysis: this.analysis, srcState: 0, dstState: 0, srcBefore: 0, dstBefore: 0,
  };

  /**
   * Without `keep`, the last packet's results only: a packet list with a display filter decodes
   * each packet twice in a row (its line, then the fields the filter reads).
   */
  private last = { number: 0, packed: 0, acksFrame: 0, ackRtt: 0, dupNum: 0, dupFrame: 0 };

  /**
   * `keep`: remember each packet's analysis and states so that a packet decoded again (for its
   * tree) shows what it showed the first time; without, only the last packet is remembered.
   */
  constructor(private readonly keep = true) {}

  /**
   * Places segment `number` (sent from `src` to `dst`) in its connection. `windowShift` is the window
   * scale option of a SYN (-1 when absent).
   */
  track(number: number, src: EndpointKey, dst: EndpointKey, seq: number, ack: number, flags: number, payloadLength: number, windowShift: number, timing: TcpSegmentTiming): TcpSegmentInfo {
    const syn = (flags & SYN) !== 0;
    const fin = (flags & FIN) !== 0;
    const ackFlag = (flags & ACK) !== 0;
    const aIsSrc = src < dst;
    const seen = number < this.streamOf.length ? this.streamOf[number] : 0;
    let conn: Connection;
    const first = seen === 0;
    let reused = false;
    if (!first) {
      conn = this.connections[seen - 1];
    } else {
      let found = this.find(aIsSrc ? src : dst, aIsSrc ? dst : src);
      // A new SYN on a 4-tuple whose connection was closed (or whose ISN differs) is a new
      // connection reusing the ports, as Wireshark counts it.
      if (found && syn && !ackFlag) {
        const dir = aIsSrc ? found.a : found.b;
        if (found.closed || (dir.sawSyn && dir.base !== seq)) {
          found = undefined;
          reused = true;
        }
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

    const a = this.analysis;
    if (first) {
      const g = this.segment;
      g.frame = number;
      g.seconds = timing.seconds;
      g.nanos = timing.nanos;
      g.seq = seq;
      g.ack = ack;
      g.flags = flags;
      g.length = payloadLength;
      g.window = r.windowScale > 0 && !syn && timing.window > 0 ? timing.window * r.windowScale : timing.window;
      // Sides and endpoints are numbered 2 × connection, + 1 for "b".
      const fromIndex = 2 * conn.index + (aIsSrc ? 0 : 1);
      const toIndex = fromIndex ^ 1;
      const w = this.work;
      this.analysisStore.loadConnection(w.c, conn.index);
      this.analysisStore.loadSide(w.from, fromIndex);
      this.analysisStore.loadSide(w.to, toIndex);
      analyseSegment(w.c, w.from, w.to, g, reused, a);
      this.analysisStore.saveConnection(w.c, conn.index);
      this.analysisStore.saveSide(w.from, fromIndex);
      this.analysisStore.saveReceivingSide(w.to, toIndex);
      this.stateStore.load(w.src, fromIndex);
      this.stateStore.load(w.dst, toIndex);
      statesBeforeTcpSegment(w.src, w.dst, flags);
      r.srcBefore = w.src.state;
      r.dstBefore = w.dst.state;
      stepTcpStates(w.src, w.dst, seq, ack, flags, payloadLength);
      r.srcState = w.src.state;
      r.dstState = w.dst.state;
      this.stateStore.save(w.src, fromIndex);
      this.stateStore.save(w.dst, toIndex);
      const packed = a.flags | (r.srcState << SRC_STATE_SHIFT) | (r.dstState << DST_STATE_SHIFT) | (r.srcBefore << SRC_BEFORE_SHIFT) | (r.dstBefore << DST_BEFORE_SHIFT);
      if (this.keep) {
        this.packed.set(number, packed);
        if (a.acksFrame !== 0) {
          this.acksFrame.set(number, a.acksFrame);
          this.ackRtt.set(number, a.ackRtt);
        }
        if (a.dupNum !== 0) {
          this.dupNum.set(number, a.dupNum);
          this.dupFrame.set(number, a.dupFrame);
        }
      } else {
        const l = this.last;
        l.number = number;
        l.packed = packed;
        l.acksFrame = a.acksFrame;
        l.ackRtt = a.ackRtt;
        l.dupNum = a.dupNum;
        l.dupFrame = a.dupFrame;
      }
    } else if (this.keep || this.last.number === number) {
      const l = this.last;
      const p = this.keep ? this.packed.at(number) : l.packed;
      a.flags = p & 0xffff;
      r.srcState = (p >>> SRC_STATE_SHIFT) & 15;
      r.dstState = (p >>> DST_STATE_SHIFT) & 15;
      r.srcBefore = (p >>> SRC_BEFORE_SHIFT) & 15;
      r.dstBefore = (p >>> DST_BEFORE_SHIFT) & 15;
      a.acksFrame = this.keep ? this.acksFrame.at(number) : l.acksFrame;
      a.ackRtt = a.acksFrame === 0 ? 0 : this.keep ? this.ackRtt.at(number) : l.ackRtt;
      a.dupNum = (a.flags & TcpFlag.DUPLICATE_ACK) === 0 ? 0 : this.keep ? this.dupNum.at(number) : l.dupNum;
      a.dupFrame = a.dupNum === 0 ? 0 : this.keep ? this.dupFrame.at(number) : l.dupFrame;
      a.irtt = this.analysisStore.irttAt(conn.index, number);
    } else {
      // Seen before and not kept: nothing to show.
      a.flags = a.acksFrame = a.ackRtt = a.dupNum = a.dupFrame = 0;
      r.srcState = r.dstState = r.srcBefore = r.dstBefore = 0;
      a.irtt = this.analysisStore.irttAt(conn.index, number);
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
    }
    this.streamOf[number] = index + 1;
  }
}
