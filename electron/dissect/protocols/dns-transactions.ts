// Matches DNS queries with their responses across a capture, as tshark does: by conversation
// (the pair of endpoints, as the transport numbers it) and transaction ID. A query asked again
// before any answer is a retransmission of the first; a second answer to the same query is a
// retransmitted response; an answer to no query seen is unsolicited. Kept in the capture's
// DissectState, so decoding a packet again (the packet list first, its details later) finds what
// the first pass recorded. The packet list runs this for every DNS packet: numbers only.

import type { DissectContext } from '../dissector.js';

interface Transaction {
  query: number;
  /** When the query was captured: whole seconds and nanoseconds (response time without rounding). */
  seconds: number;
  nanos: number;
  /** The frame of the first response, 0 while unanswered. */
  response: number;
}

/** The transactions of one conversation and ID, in the order their queries were seen. */
interface Transactions {
  readonly list: Transaction[];
  /** The last frame recorded here: later ones are new, earlier ones were seen before. */
  lastFrame: number;
}

interface State {
  readonly byKey: Map<number, Transactions>;
  /** Frames that repeat an earlier query or response, with the frame they repeat. */
  readonly repeats: Map<number, number>;
}

/** What the tree says about a message's place in its transaction. */
export interface TransactionView {
  /** For a query: the frame its response is in, when that was seen. */
  responseIn?: number;
  /** For a response: the frame of its query, and the time since it. */
  requestIn?: number;
  seconds?: number;
  nanos?: number;
  /** A response to no query seen. */
  unsolicited?: boolean;
  /** For a repeated query or response: the frame of the original. */
  retransmissionOf?: number;
}

function newState(): State {
  return { byKey: new Map(), repeats: new Map() };
}

/**
 * Records the message (a query or a response with this ID in the transport's conversation
 * `ctx.stream`) and says how it relates to the others.
 */
export function trackTransaction(ctx: DissectContext, isResponse: boolean, id: number): TransactionView {
  const state = ctx.state.slot('dns.transactions', newState);
  const frame = ctx.number;
  const repeated = state.repeats.get(frame);
  if (repeated !== undefined) return { retransmissionOf: repeated };
  const key = ctx.stream * 65536 + id;
  let transactions = state.byKey.get(key);
  if (!transactions) state.byKey.set(key, (transactions = { list: [], lastFrame: 0 }));
  const list = transactions.list;
  const first = frame > transactions.lastFrame;
  if (first) transactions.lastFrame = frame;
  // The latest transaction whose query came before this frame (or is this frame's query).
  const latest = first ? list[list.length - 1] : list[lastQueryAtOrBefore(list, frame)];
  if (!isResponse) {
    if (!first) return latest?.query === frame && latest.response > frame ? { responseIn: latest.response } : {};
    if (latest && latest.response === 0) {
      state.repeats.set(frame, latest.query);
      return { retransmissionOf: latest.query };
    }
    list.push({ query: frame, seconds: ctx.seconds, nanos: ctx.nanos, response: 0 });
    return {};
  }
  if (!latest) return { unsolicited: true };
  if (first && latest.response === 0) latest.response = frame;
  if (latest.response === frame) return { requestIn: latest.query, seconds: ctx.seconds - latest.seconds, nanos: ctx.nanos - latest.nanos };
  if (first) {
    state.repeats.set(frame, latest.response);
    return { retransmissionOf: latest.response };
  }
  return { unsolicited: true };
}

/** The index of the last transaction whose query is at or before `frame` (-1 if none): queries are in frame order. */
function lastQueryAtOrBefore(list: readonly Transaction[], frame: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].query <= frame) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
