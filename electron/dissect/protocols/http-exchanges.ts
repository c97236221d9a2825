// Pairs the requests and responses of each HTTP connection across a capture, as tshark does
// without reassembly: every request starts an exchange; a response completes the latest exchange
// when that one has no response yet, else starts one of its own (its request was not seen). Kept
// in the capture's DissectState, keyed by message, so decoding a packet again (the packet list
// first, its details later) finds what the first pass recorded, and then also what came after.

import type { DissectContext } from '../dissector.js';

interface Exchange {
  /** 1-based, within the connection. */
  readonly number: number;
  /** The request's frame, 0 when the response came without one. */
  request: number;
  seconds: number;
  nanos: number;
  /** The response's frame, 0 while there is none. */
  response: number;
}

interface Connection {
  readonly exchanges: Exchange[];
  /** The full URI of the latest request that had one. */
  lastUri: string;
}

interface Seen {
  readonly connection: Connection;
  readonly index: number;
  /** For a response: the URI of the latest request when it was first seen. */
  readonly uri: string;
}

interface Exchanges {
  readonly connections: Map<string, Connection>;
  /** What each message (frame and place in it) was the first time. */
  readonly messages: Map<string, Seen>;
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
  return { connections: new Map(), messages: new Map() };
}

/**
 * Records message `index` of the frame (a request, with its full URI or '', or a response) and
 * says how it relates to the others; undefined when the connection is unknown (no ports).
 */
export function trackExchange(ctx: DissectContext, isRequest: boolean, index: number, fullUri: string): ExchangeView | undefined {
  if (ctx.srcPort < 0 || ctx.quoted) return undefined;
  const state = ctx.state.slot('http.exchanges', newExchanges);
  const messageKey = `${ctx.number}#${index}`;
  let seen = state.messages.get(messageKey);
  if (!seen) {
    const a = `${ctx.columns.source.toString()} ${ctx.srcPort}`;
    const b = `${ctx.columns.destination.toString()} ${ctx.dstPort}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let connection = state.connections.get(key);
    if (!connection) state.connections.set(key, (connection = { exchanges: [], lastUri: '' }));
    const list = connection.exchanges;
    let last = list[list.length - 1];
    if (isRequest) {
      list.push((last = { number: list.length + 1, request: ctx.number, seconds: ctx.seconds, nanos: ctx.nanos, response: 0 }));
      if (fullUri !== '') connection.lastUri = fullUri;
    } else {
      if (!last || last.response > 0) list.push((last = { number: list.length + 1, request: 0, seconds: 0, nanos: 0, response: ctx.number }));
      else last.response = ctx.number;
    }
    state.messages.set(messageKey, (seen = { connection, index: list.length - 1, uri: isRequest ? '' : connection.lastUri }));
  }
  const list = seen.connection.exchanges;
  const current = list[seen.index];
  const previous = list[seen.index - 1];
  const next = list[seen.index + 1];
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
  if (seen.uri !== '') view.uri = seen.uri;
  return view;
}
