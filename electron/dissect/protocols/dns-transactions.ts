// Matches DNS queries with their responses across a capture, as tshark does: by the pair of
// endpoints (addresses and ports) and the transaction ID. A query asked again before any answer is
// a retransmission of the first; a second answer to the same query is a retransmitted response; an
// answer to no query seen is unsolicited. Kept in the capture's DissectState, so decoding a packet
// again (the packet list first, its details later) finds what the first pass recorded.

import type { DissectContext } from '../dissector.js';

interface Transaction {
  query: number;
  /** When the query was captured: whole seconds and nanoseconds (response time without rounding). */
  seconds: number;
  nanos: number;
  /** The frame of the first response, 0 while unanswered. */
  response: number;
}

interface Transactions {
  /** Per endpoints and ID, the transactions in the order their queries were seen. */
  readonly byKey: Map<string, Transaction[]>;
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

function transactions(ctx: DissectContext): Transactions {
  return ctx.state.slot('dns.transactions', newTransactions);
}

function newTransactions(): Transactions {
  return { byKey: new Map(), repeats: new Map() };
}

/**
 * Records the message (a query or a response with this ID between the client and the server
 * endpoints) and says how it relates to the others; `client`/`server` are "address port" texts.
 */
export function trackTransaction(ctx: DissectContext, isResponse: boolean, id: number, client: string, server: string): TransactionView {
  const state = transactions(ctx);
  const key = `${client}|${server}|${id}`;
  let list = state.byKey.get(key);
  if (!list) state.byKey.set(key, (list = []));
  const frame = ctx.number;
  const repeated = state.repeats.get(frame);
  if (repeated !== undefined) return { retransmissionOf: repeated };
  if (!isResponse) {
    const known = list.find((t) => t.query === frame);
    if (known) return known.response > frame ? { responseIn: known.response } : {};
    const last = list[list.length - 1];
    if (last && last.response === 0 && last.query < frame) {
      state.repeats.set(frame, last.query);
      return { retransmissionOf: last.query };
    }
    list.push({ query: frame, seconds: ctx.seconds, nanos: ctx.nanos, response: 0 });
    return {};
  }
  let latest: Transaction | undefined;
  for (const t of list) if (t.query < frame) latest = t;
  if (!latest) return { unsolicited: true };
  if (latest.response === 0) latest.response = frame;
  if (latest.response === frame) return { requestIn: latest.query, seconds: ctx.seconds - latest.seconds, nanos: ctx.nanos - latest.nanos };
  if (latest.response < frame) {
    state.repeats.set(frame, latest.response);
    return { retransmissionOf: latest.response };
  }
  // A later frame answered it first (seen before this one, in another pass): this one is unmatched.
  return { unsolicited: true };
}
