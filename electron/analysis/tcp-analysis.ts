// TCP sequence analysis as Wireshark's "SEQ/ACK analysis" does it (tcp.analysis.*): for each
// segment, in capture order, what its sequence and acknowledgment numbers, length, window and
// timing say against what was seen before in the same connection: a retransmission, a segment the
// capture missed, a duplicate ACK, a zero window, a keep-alive... and which earlier segment an ACK
// acknowledges, with the round-trip time.
//
// The rules follow the Wireshark User's Guide ("TCP Analysis") and were checked packet by packet
// against tshark 4.0 on crafted captures (test/fixtures/craft_tcp_analysis.py). Pure: no I/O, no
// packet bytes; the caller feeds one segment at a time, in capture order, and keeps the results.
//
// Sequence numbers are raw 32-bit numbers compared modulo 2^32 (a connection may wrap).

/** The analysis flags, one bit each (tcp.analysis.flags is set when any is). */
export const TcpFlag = {
  RETRANSMISSION: 1 << 0,
  FAST_RETRANSMISSION: 1 << 1,
  SPURIOUS_RETRANSMISSION: 1 << 2,
  OUT_OF_ORDER: 1 << 3,
  LOST_SEGMENT: 1 << 4,
  ACK_LOST_SEGMENT: 1 << 5,
  KEEP_ALIVE: 1 << 6,
  WINDOW_UPDATE: 1 << 7,
  WINDOW_FULL: 1 << 8,
  KEEP_ALIVE_ACK: 1 << 9,
  DUPLICATE_ACK: 1 << 10,
  ZERO_WINDOW_PROBE: 1 << 11,
  ZERO_WINDOW: 1 << 12,
  ZERO_WINDOW_PROBE_ACK: 1 << 13,
  REUSED_PORTS: 1 << 14,
} as const;

const F = TcpFlag;

const SYN = 0x02, FIN = 0x01, RST = 0x04, ACK = 0x10;

/** a - b as a signed 32-bit difference: > 0 when a is after b modulo 2^32. */
function after(a: number, b: number): number {
  return (a - b) | 0;
}

/** Seconds from (s0, n0) to (s1, n1), each a time as whole seconds and nanoseconds. */
function elapsed(s1: number, n1: number, s0: number, n0: number): number {
  return s1 - s0 + (n1 - n0) / 1e9;
}

/** Segments sent and not yet acknowledged, at most this many per direction (oldest dropped). */
const UNACKED_LIMIT = 1024;
/** Numbers per unacknowledged segment in `TcpSide.unacked`: frame, seq, nextseq, seconds, nanos. */
const U = 5;

/** What one endpoint of a connection has sent, as far as the analysis needs it. */
export class TcpSide {
  /** Highest sequence number sent plus its length ("next expected sequence number"). */
  nextseq = 0;
  nextseqKnown = false;
  /** When nextseq last moved forward. */
  nextseqS = 0;
  nextseqN = 0;
  /** End of what this side has sent without gaps ("max seq to be ACKed"). */
  maxToAck = 0;
  maxToAckKnown = false;
  /** Last acknowledgment number sent, and when. */
  lastack = 0;
  lastackKnown = false;
  lastackS = 0;
  lastackN = 0;
  /** Last window advertised (scaled), -1 before any. */
  window = -1;
  /** Duplicate ACKs sent since the acknowledgment number last changed, and that ACK's frame. */
  dupacks = 0;
  lastNewAckFrame = 0;
  /** KEEP_ALIVE / ZERO_WINDOW_PROBE when this side's last segment was one. */
  lastKind = 0;
  /** Unacknowledged segments, U numbers each, oldest first (a shared empty list when none). */
  unacked: number[] = NONE;
}

/** The list of a side with no unacknowledged segment (never written: a side that pushes gets its own). */
const NONE: number[] = [];

/** One connection's analysis state. */
export class TcpAnalysisConnection {
  readonly a = new TcpSide();
  readonly b = new TcpSide();
  /** When the last SYN (without ACK) was sent, for the initial round-trip time. */
  synS = 0;
  synN = 0;
  sawSyn = false;
  /** Initial round-trip time (0: not known yet) and the frame from which it is known. */
  irtt = 0;
  irttFrame = 0;
}

/** A segment as the analysis reads it. */
export interface TcpSegment {
  frame: number;
  seconds: number;
  nanos: number;
  seq: number;
  ack: number;
  /** The 12 flag bits of the header. */
  flags: number;
  /** Payload bytes. */
  length: number;
  /** The window as advertised, scaled when the scale factor is known (-1: not captured). */
  window: number;
}

/** The analysis of one segment. The object is reused: read it before the next call. */
export interface TcpAnalysisResult {
  flags: number;
  /** For a duplicate ACK: its number (1, 2...) and the frame of the ACK it repeats. */
  dupNum: number;
  dupFrame: number;
  /** The frame of the segment this one acknowledges (0: none) and the time since it. */
  acksFrame: number;
  ackRtt: number;
  /** The connection's initial round-trip time when known by this frame (0 otherwise). */
  irtt: number;
}

/** Below this many seconds since the last segment, a segment behind it is out of order rather than resent (without an iRTT). */
const OUT_OF_ORDER_THRESHOLD = 0.003;
/** A resent segment this soon after duplicate ACKs is a fast retransmission. */
const FAST_RETRANSMISSION_WINDOW = 0.02;

/**
 * Analyses segment `s` sent by `fwd` to `rev` of connection `c` (in capture order), writing into
 * `out`. `reused` says the segment is a SYN that opened a new connection on ports already used.
 */
export function analyseSegment(c: TcpAnalysisConnection, fwd: TcpSide, rev: TcpSide, s: TcpSegment, reused: boolean, out: TcpAnalysisResult): TcpAnalysisResult {
  const { seq, ack, flags, length, window } = s;
  const syn = (flags & SYN) !== 0;
  const fin = (flags & FIN) !== 0;
  const rst = (flags & RST) !== 0;
  const ackFlag = (flags & ACK) !== 0;
  const control = syn || fin || rst;
  const consumed = length + (syn || fin ? 1 : 0);
  const nextseq = (seq + consumed) >>> 0;
  let a = reused ? F.REUSED_PORTS : 0;
  out.dupNum = 0;
  out.dupFrame = 0;
  out.acksFrame = 0;
  out.ackRtt = 0;

  // The initial round-trip time: from the last SYN to the first ACK that is not a SYN-ACK.
  if (syn && !ackFlag) {
    c.sawSyn = true;
    c.synS = s.seconds;
    c.synN = s.nanos;
  } else if (c.irtt === 0 && c.sawSyn && ackFlag && !syn) {
    const t = elapsed(s.seconds, s.nanos, c.synS, c.synN);
    if (t > 0) {
      c.irtt = t;
      c.irttFrame = s.frame;
    }
  }

  const expected = fwd.nextseqKnown;
  const atNext = expected && seq === fwd.nextseq;
  let probe = false;
  // A one-byte segment into a closed window.
  if (atNext && length === 1 && rev.window === 0) {
    a |= F.ZERO_WINDOW_PROBE;
    probe = true;
  }
  if (window === 0 && !control) a |= F.ZERO_WINDOW;
  if (!probe) {
    if (expected && after(seq, fwd.nextseq) > 0 && !rst) a |= F.LOST_SEGMENT;
    const keepAlive = expected && length <= 1 && !control && seq === ((fwd.nextseq - 1) >>> 0);
    if (keepAlive) a |= F.KEEP_ALIVE;
    const sameAck = ackFlag && fwd.lastackKnown && ack === fwd.lastack;
    if (length === 0 && window > 0 && window !== fwd.window && fwd.window >= 0 && atNext && sameAck && !control) a |= F.WINDOW_UPDATE;
    if (length > 0 && !control && rev.window >= 0 && rev.lastackKnown && ((seq + length) >>> 0) === ((rev.lastack + rev.window) >>> 0)) a |= F.WINDOW_FULL;
    const quiet = length === 0 && window >= 0 && window === fwd.window && atNext && sameAck && !control;
    if (quiet && window !== 0 && (rev.lastKind & F.KEEP_ALIVE) !== 0) a |= F.KEEP_ALIVE_ACK;
    else if (quiet && window === 0 && (rev.lastKind & F.ZERO_WINDOW_PROBE) !== 0) a |= F.ZERO_WINDOW_PROBE_ACK;
    else if (quiet && window !== 0) {
      a |= F.DUPLICATE_ACK;
      fwd.dupacks++;
      out.dupNum = fwd.dupacks;
      out.dupFrame = fwd.lastNewAckFrame;
    }
    // Resent data: what kind depends on the duplicate ACKs before it, its timing and what was ACKed.
    if (!keepAlive && consumed > 0 && expected && after(fwd.nextseq, seq) > 0) {
      const sinceAck = elapsed(s.seconds, s.nanos, rev.lastackS, rev.lastackN);
      const sinceNext = elapsed(s.seconds, s.nanos, fwd.nextseqS, fwd.nextseqN);
      const threshold = c.irtt > 0 ? c.irtt : OUT_OF_ORDER_THRESHOLD;
      // (Data the receiver had already acknowledged is spurious even when it comes in close behind.)
      if (rev.dupacks >= 2 && rev.lastackKnown && seq === rev.lastack && sinceAck < FAST_RETRANSMISSION_WINDOW) a |= F.FAST_RETRANSMISSION | F.RETRANSMISSION;
      else if (length > 0 && !syn && !fin && rev.lastackKnown && after(rev.lastack, seq) > 0) a |= F.SPURIOUS_RETRANSMISSION | F.RETRANSMISSION;
      // (A capture whose time goes back, files merged, is not out of order for that.)
      else if (sinceNext >= 0 && sinceNext < threshold && nextseq !== fwd.nextseq) a |= F.OUT_OF_ORDER;
      else a |= F.RETRANSMISSION;
    }
  }

  // ACKed unseen: the other side's data this acknowledges was never seen.
  if (ackFlag && !rst && rev.maxToAckKnown && after(ack, rev.maxToAck) > 0) {
    a |= F.ACK_LOST_SEGMENT;
    // Said once: what the other side has sent so far counts as seen.
    rev.maxToAck = rev.nextseq;
  }

  // What this segment acknowledges: the oldest unacknowledged segment whose end it equals exactly;
  // segments it covers are dropped, one it ends inside is trimmed.
  if (ackFlag) {
    const list = rev.unacked;
    let keep = 0;
    for (let i = 0; i < list.length; i += U) {
      const end = list[i + 2];
      if (ack === end) {
        if (out.acksFrame === 0) {
          out.acksFrame = list[i];
          out.ackRtt = elapsed(s.seconds, s.nanos, list[i + 3], list[i + 4]);
        }
        continue;
      }
      if (after(ack, list[i + 1]) > 0 && after(end, ack) > 0) list[i + 1] = ack;
      else if (after(end, ack) <= 0) continue;
      if (keep !== i) for (let k = 0; k < U; k++) list[keep + k] = list[i + k];
      keep += U;
    }
    if (keep === 0) rev.unacked = NONE;
    else list.length = keep;
  }
  if (consumed > 0) {
    if (fwd.unacked === NONE) fwd.unacked = [];
    const list = fwd.unacked;
    if (list.length >= UNACKED_LIMIT * U) list.splice(0, U);
    list.push(s.frame, seq, nextseq, s.seconds, s.nanos);
  }

  // Bookkeeping for the segments after this one.
  if (!probe && (!expected || after(nextseq, fwd.nextseq) > 0)) {
    fwd.nextseq = nextseq;
    fwd.nextseqKnown = true;
    fwd.nextseqS = s.seconds;
    fwd.nextseqN = s.nanos;
  }
  if (!probe && (!fwd.maxToAckKnown || seq === fwd.maxToAck)) {
    fwd.maxToAck = fwd.nextseq;
    fwd.maxToAckKnown = true;
  }
  if (ackFlag) {
    if (!fwd.lastackKnown || ack !== fwd.lastack) {
      fwd.dupacks = 0;
      fwd.lastNewAckFrame = s.frame;
    }
    fwd.lastack = ack;
    fwd.lastackKnown = true;
    fwd.lastackS = s.seconds;
    fwd.lastackN = s.nanos;
  }
  fwd.window = window;
  fwd.lastKind = a & (F.KEEP_ALIVE | F.ZERO_WINDOW_PROBE);
  out.flags = a;
  out.irtt = c.irtt;
  return out;
}

// A side's record: Int32 slots, then Float64 slots.
const NEXTSEQ = 0, MAX_TO_ACK = 1, LASTACK = 2, WINDOW = 3, DUPACKS = 4, LAST_NEW_ACK = 5, SIDE_FLAGS = 6, NEXTSEQ_N = 7, LASTACK_N = 8;
const SIDE_INTS = 9;
const NEXTSEQ_S = 0, LASTACK_S = 1;
const SIDE_DOUBLES = 2;
// A connection's record.
const SYN_N = 0, IRTT_FRAME = 1, CONN_FLAGS = 2;
const CONN_INTS = 3;
const SYN_S = 0, IRTT = 1;
const CONN_DOUBLES = 2;
// Bits of a side's flags.
const NEXT_KNOWN = 1, MAX_KNOWN = 2, ACK_KNOWN = 4, LAST_KEEP_ALIVE = 8, LAST_PROBE = 16;
// Bits of a connection's flags.
const SAW_SYN = 1;

/** `array` with room for `length` numbers (doubled as needed, the old ones copied). */
function room<T extends Int32Array | Float64Array>(array: T, length: number): T {
  if (length <= array.length) return array;
  let size = array.length;
  while (size < length) size *= 2;
  const grown = new (array.constructor as new (n: number) => T)(size);
  grown.set(array);
  return grown;
}

/**
 * Every connection's analysis state as records in typed arrays (a few dozen bytes a connection
 * instead of objects of boxed numbers): `load` copies one into the reusable objects
 * analyseSegment works on and `save` writes them back. Sides are numbered 2 × connection + 0 or 1.
 */
export class TcpAnalysisStore {
  private sideInts = new Int32Array(SIDE_INTS * 256);
  private sideDoubles = new Float64Array(SIDE_DOUBLES * 256);
  private connInts = new Int32Array(CONN_INTS * 128);
  private connDoubles = new Float64Array(CONN_DOUBLES * 128);
  /** Sides' unacknowledged segments, by side; a side with none has no entry. */
  private readonly unacked: (number[] | undefined)[] = [];

  loadSide(side: TcpSide, i: number): void {
    if ((i + 1) * SIDE_INTS > this.sideInts.length) {
      this.sideInts = room(this.sideInts, (i + 1) * SIDE_INTS);
      this.sideDoubles = room(this.sideDoubles, (i + 1) * SIDE_DOUBLES);
    }
    const n = this.sideInts;
    const d = this.sideDoubles;
    const at = i * SIDE_INTS;
    const flags = n[at + SIDE_FLAGS];
    side.nextseq = n[at + NEXTSEQ] >>> 0;
    side.nextseqKnown = (flags & NEXT_KNOWN) !== 0;
    side.nextseqS = d[i * SIDE_DOUBLES + NEXTSEQ_S];
    side.nextseqN = n[at + NEXTSEQ_N];
    side.maxToAck = n[at + MAX_TO_ACK] >>> 0;
    side.maxToAckKnown = (flags & MAX_KNOWN) !== 0;
    side.lastack = n[at + LASTACK] >>> 0;
    side.lastackKnown = (flags & ACK_KNOWN) !== 0;
    side.lastackS = d[i * SIDE_DOUBLES + LASTACK_S];
    side.lastackN = n[at + LASTACK_N];
    side.window = n[at + WINDOW] - 1;
    side.dupacks = n[at + DUPACKS];
    side.lastNewAckFrame = n[at + LAST_NEW_ACK];
    side.lastKind = (flags & LAST_KEEP_ALIVE ? TcpFlag.KEEP_ALIVE : 0) | (flags & LAST_PROBE ? TcpFlag.ZERO_WINDOW_PROBE : 0);
    side.unacked = i < this.unacked.length ? this.unacked[i] ?? NONE : NONE;
  }

  saveSide(side: TcpSide, i: number): void {
    const n = this.sideInts;
    const d = this.sideDoubles;
    const at = i * SIDE_INTS;
    n[at + SIDE_FLAGS] = (side.nextseqKnown ? NEXT_KNOWN : 0) | (side.maxToAckKnown ? MAX_KNOWN : 0) | (side.lastackKnown ? ACK_KNOWN : 0)
      | (side.lastKind & TcpFlag.KEEP_ALIVE ? LAST_KEEP_ALIVE : 0) | (side.lastKind & TcpFlag.ZERO_WINDOW_PROBE ? LAST_PROBE : 0);
    n[at + NEXTSEQ] = side.nextseq;
    d[i * SIDE_DOUBLES + NEXTSEQ_S] = side.nextseqS;
    n[at + NEXTSEQ_N] = side.nextseqN;
    n[at + MAX_TO_ACK] = side.maxToAck;
    n[at + LASTACK] = side.lastack;
    d[i * SIDE_DOUBLES + LASTACK_S] = side.lastackS;
    n[at + LASTACK_N] = side.lastackN;
    // (A window is at most 65535 × 2^14: it fits.)
    n[at + WINDOW] = side.window + 1;
    n[at + DUPACKS] = side.dupacks;
    n[at + LAST_NEW_ACK] = side.lastNewAckFrame;
    if (side.unacked !== NONE) this.unacked[i] = side.unacked;
    else if (i < this.unacked.length && this.unacked[i] !== undefined) this.unacked[i] = undefined;
  }

  /** Saves what analyseSegment changes of the receiving side: its end seen so far and its unacknowledged segments. */
  saveReceivingSide(side: TcpSide, i: number): void {
    this.sideInts[i * SIDE_INTS + MAX_TO_ACK] = side.maxToAck;
    if (side.unacked !== NONE) this.unacked[i] = side.unacked;
    else if (i < this.unacked.length && this.unacked[i] !== undefined) this.unacked[i] = undefined;
  }

  loadConnection(c: TcpAnalysisConnection, index: number): void {
    if ((index + 1) * CONN_INTS > this.connInts.length) {
      this.connInts = room(this.connInts, (index + 1) * CONN_INTS);
      this.connDoubles = room(this.connDoubles, (index + 1) * CONN_DOUBLES);
    }
    const at = index * CONN_INTS;
    c.sawSyn = (this.connInts[at + CONN_FLAGS] & SAW_SYN) !== 0;
    c.synN = this.connInts[at + SYN_N];
    c.irttFrame = this.connInts[at + IRTT_FRAME];
    c.synS = this.connDoubles[index * CONN_DOUBLES + SYN_S];
    c.irtt = this.connDoubles[index * CONN_DOUBLES + IRTT];
  }

  saveConnection(c: TcpAnalysisConnection, index: number): void {
    const at = index * CONN_INTS;
    this.connInts[at + CONN_FLAGS] = c.sawSyn ? SAW_SYN : 0;
    this.connInts[at + SYN_N] = c.synN;
    this.connInts[at + IRTT_FRAME] = c.irttFrame;
    this.connDoubles[index * CONN_DOUBLES + SYN_S] = c.synS;
    this.connDoubles[index * CONN_DOUBLES + IRTT] = c.irtt;
  }

  /** The connection's initial round-trip time as packet `frame` shows it (0: not known by then). */
  irttAt(index: number, frame: number): number {
    if ((index + 1) * CONN_INTS > this.connInts.length) return 0;
    const irtt = this.connDoubles[index * CONN_DOUBLES + IRTT];
    return irtt > 0 && frame >= this.connInts[index * CONN_INTS + IRTT_FRAME] ? irtt : 0;
  }
}
