// Pairs the requests and responses of each HTTP connection across a capture, as tshark does
// without reassembly: every request starts an exchange; a response completes the latest exchange
// when that one has no response yet, else starts one of its own (its request was not seen). Kept
// in the capture's DissectState per connection (the transport's conversation), so decoding a
// packet again (the packet list first, its details later) finds its exchange, and then also what
// came after it. The packet list runs this for every HTTP message: numbers only, no strings
// beyond each request's URI, and no record per packet.

import type { DissectContext } from '../dissector.js';

interface Exchange {
  /** 1-based, within the connection. */
  readonly number: number;
  /** The request's frame and its place among the frame's messages; 0 when not seen. */
  request: number;
  requestIndex: number;
  seconds: number;
  nanos: number;
  /** The response's frame and place; 0 while there is none. */
  response: number;
  responseIndex: number;
  /** The full URI of the connection's latest request with one, as of this exchange's request (what its response answers). */
  readonly uri: string;
}

interface Connection {
  readonly exchanges: Exchange[];
  /** The last message recorded: anything after it is new, anything up to it was seen before. */
  lastFrame: number;
  lastIndex: number;
  lastUri: string;
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

function newConnections(): Map<number, Connection> {
  return new Map();
}

/**
 * Records message `index` of the frame (a request, with its full URI or '', or a response) in
 * its connection and says how it relates to the others; undefined without a connection.
 */
export function trackExchange(ctx: DissectContext, isRequest: boolean, index: number, fullUri: string): ExchangeView | undefined {
  if (ctx.stream < 0 || ctx.quoted) return undefined;
  const connections = ctx.state.slot('http.exchanges', newConnections);
  let connection = connections.get(ctx.stream);
  if (!connection) connections.set(ctx.stream, (connection = { exchanges: [], lastFrame: 0, lastIndex: 0, lastUri: '' }));
  const list = connection.exchanges;
  const frame = ctx.number;
  let at: number;
  if (frame > connection.lastFrame || (frame === connection.lastFrame && index > connection.lastIndex)) {
    // Seen for the first time (the first pass goes through the capture in order).
    connection.lastFrame = frame;
    connection.lastIndex = index;
    const tail = list[list.length - 1];
    if (isRequest) {
      if (fullUri !== '') connection.lastUri = fullUri;
      list.push({ number: list.length + 1, request: frame, requestIndex: index, seconds: ctx.seconds, nanos: ctx.nanos, response: 0, responseIndex: 0, uri: connection.lastUri });
    } else if (tail && tail.response === 0) {
      tail.response = frame;
      tail.responseIndex = index;
    } else {
      list.push({ number: list.length + 1, request: 0, requestIndex: 0, seconds: 0, nanos: 0, response: frame, responseIndex: index, uri: connection.lastUri });
    }
    at = list.length - 1;
  } else {
    at = find(list, frame, index, isRequest);
    if (at < 0) return undefined;
  }
  return viewOf(list, at, isRequest, ctx);
}

/** Where an earlier message's exchange is: it began at its frame, or (a response's) is the last one begun before. */
function find(list: readonly Exchange[], frame: number, index: number, isRequest: boolean): number {
  let lo = 0;
  let hi = list.length - 1;
  // The last exchange begun at or before `frame` (exchanges begin in frame order).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((list[mid].request || list[mid].response) <= frame) lo = mid;
    else hi = mid - 1;
  }
  for (let i = lo; i >= 0; i--) {
    const e = list[i];
    if (isRequest ? e.request === frame && e.requestIndex === index : e.response === frame && e.responseIndex === index) return i;
    // Exchanges begun at this frame (pipelined messages) were all looked at, and the one before.
    if ((e.request || e.response) < frame) return -1;
  }
  return -1;
}

function viewOf(list: readonly Exchange[], at: number, isRequest: boolean, ctx: DissectContext): ExchangeView {
  const current = list[at];
  const previous = list[at - 1];
  const next = list[at + 1];
  const view: ExchangeView = { number: current.number, total: list.length };
  if (previous?.request) view.prevRequestIn = previous.request;
  if (isRequest) {
    if (current.response) view.responseIn = current.response;
    if (next?.request) view.nextRequestIn = next.request;
    return view;
  }
  if (current.request) {
    view.requestIn = current.request;
    view.seconds = ctx.seconds - current.seconds;
    view.nanos = ctx.nanos - current.nanos;
  }
  if (previous?.response) view.prevResponseIn = previous.response;
  if (next?.request) view.nextRequestIn = next.request;
  if (next?.response) view.nextResponseIn = next.response;
  if (current.uri !== '') view.uri = current.uri;
  return view;
}
