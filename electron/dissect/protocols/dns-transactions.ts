// Matches DNS queries with their responses across a capture, as tshark does: by conversation
// (the pair of endpoints, as the transport numbers it) and transaction ID. A query asked again
// before any answer is a retransmission of the first; a second answer to the same query is a
// retransmitted response; an answer to no query seen is unsolicited. Kept in the capture's
// DissectState, so decoding a packet again (the packet list first, its details later) finds what
// the first pass recorded. The packet list runs this for every DNS packet, so transactions are
// rows of number columns, not objects (an object, a list and a record per conversation and ID
// kept 10 MB on the 1M-packet benchmark capture).

import type { DissectContext } from '../dissector.js';
import { NumberColumn } from '../number-columns.js';

/**
 * Every transaction of the capture (by id, in the order their queries were seen), and the
 * transactions of each conversation and ID (an entry). Frames are 1-based, so 0 means none.
 */
class Transactions {
  count = 0;
  readonly query = new NumberColumn(Int32Array);
  /** When the query was captured: whole seconds and nanoseconds (response time without rounding). */
  readonly seconds = new NumberColumn(Float64Array);
  readonly nanos = new NumberColumn(Int32Array);
  /** The frame of the first response, 0 while unanswered. */
  readonly response = new NumberColumn(Int32Array);

  /** Entries by conversation × 65536 + ID. */
  readonly entries = new Map<number, number>();
  /** Per entry: its first transaction (id + 1; 0: none yet), and the last frame recorded in it. */
  readonly first = new NumberColumn(Int32Array);
  readonly lastFrame = new NumberColumn(Int32Array);
  /** The transactions of entries that have more than one, in query order. */
  readonly more = new Map<number, number[]>();
  /** Frames that repeat an earlier query or response, with the frame they repeat. */
  readonly repeats = new Map<number, number>();
  /** What `trackTransaction` returns: one object, filled anew each time. */
  readonly view: TransactionView = { responseIn: undefined, requestIn: undefined, seconds: undefined, nanos: undefined, unsolicited: undefined, retransmissionOf: undefined };

  entry(key: number): number {
    let entry = this.entries.get(key);
    if (entry === undefined) this.entries.set(key, (entry = this.entries.size));
    return entry;
  }

  /** The entry's latest transaction, or -1. */
  latest(entry: number): number {
    const list = this.more.get(entry);
    return list !== undefined ? list[list.length - 1] : this.first.at(entry) - 1;
  }

  add(entry: number, frame: number, seconds: number, nanos: number): void {
    const t = this.count++;
    this.query.set(t, frame);
    this.seconds.set(t, seconds);
    this.nanos.set(t, nanos);
    this.response.set(t, 0);
    const only = this.first.at(entry) - 1;
    const list = this.more.get(entry);
    if (only < 0) this.first.set(entry, t + 1);
    else if (list === undefined) this.more.set(entry, [only, t]);
    else list.push(t);
  }

  /** The entry's last transaction whose query is at or before `frame`, or -1: queries are in frame order. */
  lastQueryAtOrBefore(entry: number, frame: number): number {
    const list = this.more.get(entry);
    if (list === undefined) {
      const only = this.first.at(entry) - 1;
      return only >= 0 && this.query.at(only) <= frame ? only : -1;
    }
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.query.at(list[mid]) <= frame) {
        found = list[mid];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

/** What the tree says about a message's place in its transaction (absent: undefined). */
export interface TransactionView {
  /** For a query: the frame its response is in, when that was seen. */
  responseIn: number | undefined;
  /** For a response: the frame of its query, and the time since it. */
  requestIn: number | undefined;
  seconds: number | undefined;
  nanos: number | undefined;
  /** A response to no query seen. */
  unsolicited: boolean | undefined;
  /** For a repeated query or response: the frame of the original. */
  retransmissionOf: number | undefined;
}

function newTransactions(): Transactions {
  return new Transactions();
}

/**
 * Records the message (a query or a response with this ID in the transport's conversation
 * `ctx.stream`) and says how it relates to the others. The view is valid until the next call.
 */
export function trackTransaction(ctx: DissectContext, isResponse: boolean, id: number): TransactionView {
  const t = ctx.state.slot('dns.transactions', newTransactions);
  const view = t.view;
  view.responseIn = view.requestIn = view.seconds = view.nanos = view.retransmissionOf = undefined;
  view.unsolicited = undefined;
  const frame = ctx.number;
  const repeated = t.repeats.get(frame);
  if (repeated !== undefined) {
    view.retransmissionOf = repeated;
    return view;
  }
  const entry = t.entry(ctx.stream * 65536 + id);
  const first = frame > t.lastFrame.at(entry);
  if (first) t.lastFrame.set(entry, frame);
  // The latest transaction whose query came before this frame (or is this frame's query).
  const latest = first ? t.latest(entry) : t.lastQueryAtOrBefore(entry, frame);
  if (!isResponse) {
    if (!first) {
      if (latest >= 0 && t.query.at(latest) === frame && t.response.at(latest) > frame) view.responseIn = t.response.at(latest);
    } else if (latest >= 0 && t.response.at(latest) === 0) {
      t.repeats.set(frame, t.query.at(latest));
      view.retransmissionOf = t.query.at(latest);
    } else {
      t.add(entry, frame, ctx.seconds, ctx.nanos);
    }
    return view;
  }
  if (latest < 0) {
    view.unsolicited = true;
    return view;
  }
  if (first && t.response.at(latest) === 0) t.response.set(latest, frame);
  if (t.response.at(latest) === frame) {
    view.requestIn = t.query.at(latest);
    view.seconds = ctx.seconds - t.seconds.at(latest);
    view.nanos = ctx.nanos - t.nanos.at(latest);
  } else if (first) {
    t.repeats.set(frame, t.response.at(latest));
    view.retransmissionOf = t.response.at(latest);
  } else {
    view.unsolicited = true;
  }
  return view;
}
