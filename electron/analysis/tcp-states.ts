// The TCP state of each endpoint of a connection (RFC 9293 §3.3.2), inferred from the segments a
// capture shows: after each segment, the state of its sender (having sent it) and of its receiver
// (having received it, taken to be when it was captured). A capture that starts mid-connection
// leaves both sides UNKNOWN until a SYN, FIN or RST says more, or until segments seen both ways
// show the connection is ESTABLISHED.
//
// Pure: no I/O; the caller feeds one segment at a time in capture order.

export const TcpState = {
  UNKNOWN: 0,
  LISTEN: 1,
  SYN_SENT: 2,
  SYN_RECEIVED: 3,
  ESTABLISHED: 4,
  FIN_WAIT_1: 5,
  FIN_WAIT_2: 6,
  CLOSE_WAIT: 7,
  CLOSING: 8,
  LAST_ACK: 9,
  TIME_WAIT: 10,
  CLOSED: 11,
} as const;

export type TcpStateValue = (typeof TcpState)[keyof typeof TcpState];

/** The states' names as RFC 9293 writes them, by value. */
export const TCP_STATE_NAMES: readonly string[] = [
  'UNKNOWN', 'LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2',
  'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT', 'CLOSED',
];

const S = TcpState;
const SYN = 0x02, FIN = 0x01, RST = 0x04, ACK = 0x10;

/** a - b as a signed 32-bit difference: >= 0 when a is b or after it modulo 2^32. */
function diff(a: number, b: number): number {
  return (a - b) | 0;
}

/** One endpoint: its state and what the other side must acknowledge of its SYN and FIN. */
export class TcpEndpoint {
  state: number = S.UNKNOWN;
  /** Sequence number just after this side's SYN, once seen. */
  synNext = 0;
  synKnown = false;
  /** Sequence number just after this side's FIN, once seen. */
  finNext = 0;
  finKnown = false;
  /** Sent an ordinary acknowledging segment while its state was unknown (mid-connection). */
  talked = false;
}

/**
 * What a segment says of the endpoints before it: a SYN that opens a connection comes from an
 * endpoint that was CLOSED, to one that was in LISTEN. Call before reading the states "before".
 */
export function statesBeforeTcpSegment(src: TcpEndpoint, dst: TcpEndpoint, flags: number): void {
  if ((flags & (SYN | ACK | RST)) !== SYN) return;
  if (src.state === S.UNKNOWN) src.state = S.CLOSED;
  if (dst.state === S.UNKNOWN) dst.state = S.LISTEN;
}

/**
 * Moves both endpoints on by one segment (`seq`, `ack`, its 12 flag bits and payload length) sent
 * by `src` to `dst`.
 */
export function stepTcpStates(src: TcpEndpoint, dst: TcpEndpoint, seq: number, ack: number, flags: number, length: number): void {
  const syn = (flags & SYN) !== 0;
  const fin = (flags & FIN) !== 0;
  const ackFlag = (flags & ACK) !== 0;
  if ((flags & RST) !== 0) {
    // A reset aborts the connection at both ends (RFC 9293 §3.5.3).
    src.state = S.CLOSED;
    dst.state = S.CLOSED;
    return;
  }

  // The receiver reads the acknowledgment first: of its SYN, of its FIN.
  if (ackFlag) {
    const acksSyn = dst.synKnown && diff(ack, dst.synNext) >= 0;
    const acksFin = dst.finKnown && diff(ack, dst.finNext) >= 0;
    switch (dst.state) {
      case S.SYN_SENT:
        // A SYN-ACK for its SYN.
        if (syn && acksSyn) dst.state = S.ESTABLISHED;
        break;
      case S.SYN_RECEIVED:
        if (acksSyn) dst.state = S.ESTABLISHED;
        break;
      case S.FIN_WAIT_1:
        if (acksFin) dst.state = S.FIN_WAIT_2;
        break;
      case S.CLOSING:
        if (acksFin) dst.state = S.TIME_WAIT;
        break;
      case S.LAST_ACK:
        if (acksFin) dst.state = S.CLOSED;
        break;
      case S.UNKNOWN:
        // A SYN-ACK to a SYN the capture missed: the receiver had sent it, and now is established.
        if (syn) dst.state = S.ESTABLISHED;
        break;
    }
  }

  if (syn) {
    if (!src.synKnown) {
      src.synNext = (seq + 1) >>> 0;
      src.synKnown = true;
    }
    if (!ackFlag) {
      // A SYN after receiving the other side's SYN is a simultaneous open.
      if (src.state === S.UNKNOWN || src.state === S.CLOSED || src.state === S.LISTEN || src.state === S.SYN_RECEIVED) {
        src.state = dst.synKnown ? S.SYN_RECEIVED : S.SYN_SENT;
      }
      if (dst.state === S.UNKNOWN || dst.state === S.LISTEN || dst.state === S.CLOSED || dst.state === S.SYN_SENT) dst.state = S.SYN_RECEIVED;
    } else if (src.state !== S.ESTABLISHED) {
      // SYN-ACK: the sender has received a SYN and answers it (in a simultaneous open too).
      src.state = S.SYN_RECEIVED;
    }
  }

  if (fin) {
    if (!src.finKnown) {
      src.finNext = (seq + length + (syn ? 1 : 0) + 1) >>> 0;
      src.finKnown = true;
    }
    switch (src.state) {
      case S.CLOSE_WAIT:
        // Its FIN acknowledges the other's: the last step. Without that acknowledgment both FINs
        // crossed (a simultaneous close).
        src.state = ackFlag && dst.finKnown && diff(ack, dst.finNext) >= 0 ? S.LAST_ACK : S.CLOSING;
        break;
      case S.FIN_WAIT_1: case S.FIN_WAIT_2: case S.CLOSING: case S.LAST_ACK: case S.TIME_WAIT: case S.CLOSED:
        // A FIN sent again changes nothing.
        break;
      default:
        src.state = S.FIN_WAIT_1;
    }
    switch (dst.state) {
      case S.FIN_WAIT_2:
        dst.state = S.TIME_WAIT;
        break;
      case S.FIN_WAIT_1:
        // Its own FIN not acknowledged yet: both sides are closing at once.
        dst.state = S.CLOSING;
        break;
      case S.UNKNOWN: case S.ESTABLISHED: case S.SYN_RECEIVED:
        dst.state = S.CLOSE_WAIT;
        break;
    }
  }

  // Mid-connection: ordinary segments seen from both sides mean an established connection.
  if (!syn && !fin && ackFlag && src.state === S.UNKNOWN) {
    src.talked = true;
    if (dst.talked && dst.state === S.UNKNOWN) {
      src.state = S.ESTABLISHED;
      dst.state = S.ESTABLISHED;
    }
  }
}

// Bits of an endpoint's packed number: the state in the low 4, then what is known.
const SYN_KNOWN = 16, FIN_KNOWN = 32, TALKED = 64;

/** Every endpoint's state, 3 numbers each (packed state, SYN and FIN ends); endpoints are numbered 2 × connection + 0 or 1. */
export class TcpStateStore {
  private numbers = new Int32Array(3 * 256);

  load(e: TcpEndpoint, i: number): void {
    if (3 * (i + 1) > this.numbers.length) {
      let size = this.numbers.length;
      while (size < 3 * (i + 1)) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    const n = this.numbers;
    const p = n[3 * i];
    e.state = p & 15;
    e.synKnown = (p & SYN_KNOWN) !== 0;
    e.finKnown = (p & FIN_KNOWN) !== 0;
    e.talked = (p & TALKED) !== 0;
    e.synNext = n[3 * i + 1] >>> 0;
    e.finNext = n[3 * i + 2] >>> 0;
  }

  /** (After `load` of the same endpoint.) */
  save(e: TcpEndpoint, i: number): void {
    const n = this.numbers;
    n[3 * i] = e.state | (e.synKnown ? SYN_KNOWN : 0) | (e.finKnown ? FIN_KNOWN : 0) | (e.talked ? TALKED : 0);
    n[3 * i + 1] = e.synNext;
    n[3 * i + 2] = e.finNext;
  }
}
