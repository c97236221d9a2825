// Pairs the requests and responses of each HTTP connection across a capture, as tshark does
// without reassembly: every request starts an exchange; a response completes the latest exchange
// when that one has no response yet, else starts one of its own (its request was not seen). Kept
// in the capture's DissectState per connection (the transport's conversation), so decoding a
// packet again (the packet list first, its details later) finds its exchange, and then also what
// came after it. The packet list runs this for every HTTP message, so the exchanges are kept in
// columns of numbers (an object and an array per connection cost 800 bytes a connection on the
// benchmark capture); the URIs come from HTTP's cache, which keeps equal ones once.

import type { DissectContext } from '../dissector.js';
import { NumberColumn } from '../number-columns.js';

/**
 * Every exchange of the capture, by id (in the order they began), and each connection's latest,
 * by the transport's stream index (dense, from 0). Frames are 1-based, so 0 means none; exchange
 * ids are stored plus one for the same reason.
 */
class Exchanges {
  count = 0;
  /** The request's frame and its place among the frame's messages. */
  readonly request = new NumberColumn(Int32Array);
  readonly requestIndex = new NumberColumn(Int32Array);
  /** When the request was captured, whole seconds and nanoseconds. */
  readonly seconds = new NumberColumn(Float64Array);
  readonly nanos = new NumberColumn(Int32Array);
  readonly response = new NumberColumn(Int32Array);
  readonly responseIndex = new NumberColumn(Int32Array);
  /** 1-based, within the connection. */
  readonly number = new NumberColumn(Int32Array);
  /** The same connection's exchange before and after (id + 1; 0: none). */
  readonly previous = new NumberColumn(Int32Array);
  readonly following = new NumberColumn(Int32Array);
  /** The full URI of the connection's latest request with one, as of this exchange's request. */
  readonly uri: string[] = [];

  /** Per stream: its latest exchange (id + 1), and the last message recorded in it. */
  readonly latest = new NumberColumn(Int32Array);
  readonly lastFrame = new NumberColumn(Int32Array);
  readonly lastIndex = new NumberColumn(Int32Array);
  readonly lastUri: string[] = [];

  begin(stream: number, request: number, requestIndex: number, seconds: number, nanos: number, response: number, responseIndex: number, uri: string): number {
    const id = this.count++;
    const before = this.latest.at(stream);
    this.request.set(id, request);
    this.requestIndex.set(id, requestIndex);
    this.seconds.set(id, seconds);
    this.nanos.set(id, nanos);
    this.response.set(id, response);
    this.responseIndex.set(id, responseIndex);
    this.number.set(id, before === 0 ? 1 : this.number.at(before - 1) + 1);
    this.previous.set(id, before);
    this.following.set(id, 0);
    if (before !== 0) this.following.set(before - 1, id + 1);
    this.uri.push(uri);
    this.latest.set(stream, id + 1);
    return id;
  }

  /** The frame an exchange began at: its request's or, without one, its response's. */
  began(id: number): number {
    return this.request.at(id) || this.response.at(id);
  }
}

/** What the tree says about a message's place among its connection's exchanges. */
export interface ExchangeView {
  number: number;
  /** How many exchanges the connection has had so far. */
  total: number;
  prevRequestIn?: number;
  prevResponseIn?: number;
  /** For a response: its request's frame, and the time since it. */
  requestIn?: number;
  seconds?: number;
  nanos?: number;
  /** For a request: its response's frame, once seen. */
  responseIn?: number;
  nextRequestIn?: number;
  nextResponseIn?: number;
  /** For a response: the request URI it answers (the latest one of the connection). */
  uri?: string;
}

function newExchanges(): Exchanges {
  return new Exchanges();
}

/**
 * Whether messages decoded in `ctx` are paired: those of a connection (not of a datagram quoted in
 * an ICMP error), when a tree shows them now or may later (a list no tree follows keeps none).
 */
export function keepsExchanges(ctx: DissectContext): boolean {
  return ctx.stream >= 0 && !ctx.quoted && (ctx.detail || ctx.state.treesLater);
}

/**
 * Records message `index` of the frame (a request, with its full URI or '', or a response) in
 * its connection; returns its exchange for `exchangeView`, or -1 without a connection.
 */
export function recordExchange(ctx: DissectContext, isRequest: boolean, index: number, fullUri: string): number {
  const stream = ctx.stream;
  if (!keepsExchanges(ctx)) return -1;
  const t = ctx.state.slot('http.exchanges', newExchanges);
  while (t.lastUri.length <= stream) t.lastUri.push('');
  const frame = ctx.number;
  const lastFrame = t.lastFrame.at(stream);
  let at: number;
  if (frame > lastFrame || (frame === lastFrame && index > t.lastIndex.at(stream))) {
    // Seen for the first time (the first pass goes through the capture in order).
    t.lastFrame.set(stream, frame);
    t.lastIndex.set(stream, index);
    const tail = t.latest.at(stream) - 1;
    if (isRequest) {
      if (fullUri !== '') t.lastUri[stream] = fullUri;
      at = t.begin(stream, frame, index, ctx.seconds, ctx.nanos, 0, 0, t.lastUri[stream]);
    } else if (tail >= 0 && t.response.at(tail) === 0) {
      t.response.set(tail, frame);
      t.responseIndex.set(tail, index);
      at = tail;
    } else {
      at = t.begin(stream, 0, 0, 0, 0, frame, index, t.lastUri[stream]);
    }
  } else {
    at = find(t, t.latest.at(stream) - 1, frame, index, isRequest);
  }
  return at;
}

/** How the message recorded in exchange `at` relates to the others of its connection (for the tree). */
export function exchangeView(ctx: DissectContext, isRequest: boolean, at: number): ExchangeView {
  return viewOf(ctx.state.slot('http.exchanges', newExchanges), ctx.stream, at, isRequest, ctx);
}

/** The exchange an earlier message of the connection whose latest is `last` belongs to, or -1. */
function find(t: Exchanges, last: number, frame: number, index: number, isRequest: boolean): number {
  // Back from the latest, past the exchanges begun after `frame`, to those begun at it (pipelined
  // messages) and the one before (a response completes an exchange begun earlier).
  for (let i = last; i >= 0; i = t.previous.at(i) - 1) {
    const begun = t.began(i);
    if (begun > frame) continue;
    if (isRequest ? t.request.at(i) === frame && t.requestIndex.at(i) === index : t.response.at(i) === frame && t.responseIndex.at(i) === index) return i;
    if (begun < frame) return -1;
  }
  return -1;
}

function viewOf(t: Exchanges, stream: number, at: number, isRequest: boolean, ctx: DissectContext): ExchangeView {
  const previous = t.previous.at(at) - 1;
  const next = t.following.at(at) - 1;
  const view: ExchangeView = { number: t.number.at(at), total: t.number.at(t.latest.at(stream) - 1) };
  if (previous >= 0 && t.request.at(previous)) view.prevRequestIn = t.request.at(previous);
  if (isRequest) {
    if (t.response.at(at)) view.responseIn = t.response.at(at);
    if (next >= 0 && t.request.at(next)) view.nextRequestIn = t.request.at(next);
    return view;
  }
  if (t.request.at(at)) {
    view.requestIn = t.request.at(at);
    view.seconds = ctx.seconds - t.seconds.at(at);
    view.nanos = ctx.nanos - t.nanos.at(at);
  }
  if (previous >= 0 && t.response.at(previous)) view.prevResponseIn = t.response.at(previous);
  if (next >= 0 && t.request.at(next)) view.nextRequestIn = t.request.at(next);
  if (next >= 0 && t.response.at(next)) view.nextResponseIn = t.response.at(next);
  if (t.uri[at] !== '') view.uri = t.uri[at];
  return view;
}
