// HTTP/1.x (RFC 9112): the request or status line taken apart, the header lines (the well-known
// ones by name, cookies split into pairs, Basic credentials decoded), and the body: file data, or
// its chunks when sent chunked. A message spread over several TCP segments is decoded from the
// reassembled bytes in the segment that completes it (pduLength tells TCP reassembly how long it
// is); a segment that does not start a message is the continuation of one. Shown as tshark shows
// it with its default preferences (TCP and HTTP reassembly on).

import type { Field } from '../field-model.js';
import type { DissectContext, LayerReading, ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import type { ColumnText } from '../column-text.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { data } from './data.js';
import { TextCache, decodeText, formatText, indexOfByte as indexOf } from '../byte-text.js';
import { HTTP_STATUS_CODES } from './http-status-codes.js';
import { exchangeView, keepsExchanges, recordExchange, type ExchangeView } from './http-exchanges.js';
import { MORE_CHUNKS, NO_PDU, ONE_MORE_SEGMENT, UNTIL_FIN, reassembledTailAt, registerPduLength } from './tcp-reassembly.js';

const header = (label: string, description: string, rfc: string) => ({ label, type: 'string' as const, description, rfc });

const F = defineFields('http', {
  // (Noted as listed: `http.request` and `http.response` are among the filters lab sheets give most.)
  request_line: { name: 'http.request.line_text', label: 'Request line', type: 'none', noted: true, line: (v) => String(v), description: 'The first line of a request: what to do (the method), to which resource, in which HTTP version.', rfc: 'RFC 9112 §3' },
  status_line: { name: 'http.response.line_text', label: 'Status line', type: 'none', noted: true, line: (v) => String(v), description: 'The first line of a response: the HTTP version, a status code and its reason phrase.', rfc: 'RFC 9112 §4' },
  request: { label: 'Request', type: 'none', anyOf: ['http.request.line_text'], description: 'Present in every request: the filter http.request shows what clients asked.', rfc: 'RFC 9112 §3' },
  response: { label: 'Response', type: 'none', anyOf: ['http.response.line_text'], description: 'Present in every response: the filter http.response shows what servers answered.', rfc: 'RFC 9112 §4' },
  'request.method': { label: 'Request Method', type: 'string', description: 'What the client wants done: GET fetches, POST submits, HEAD asks for headers only.', rfc: 'RFC 9110 §9' },
  'request.uri': { label: 'Request URI', type: 'string', description: 'Which resource on the server the request is about.', rfc: 'RFC 9112 §3.2' },
  'request.uri.path': { label: 'Request URI Path', type: 'string', description: 'The part of the URI before "?": which resource.', rfc: 'RFC 3986 §3.3' },
  'request.uri.query': { label: 'Request URI Query', type: 'string', description: 'The part of the URI after "?": parameters for the resource, often from a form.', rfc: 'RFC 3986 §3.4' },
  'request.uri.query.parameter': { label: 'Request URI Query Parameter', type: 'string', description: 'One "name=value" parameter of the query.', rfc: 'RFC 3986 §3.4' },
  'request.version': { label: 'Request Version', type: 'string', description: 'The HTTP version the client speaks.', rfc: 'RFC 9112 §2.3' },
  'response.version': { label: 'Response Version', type: 'string', description: 'The HTTP version the server speaks.', rfc: 'RFC 9112 §2.3' },
  'response.code': { label: 'Status Code', type: 'uint16', description: 'How the request went: 2xx success, 3xx go elsewhere, 4xx client mistake, 5xx server trouble.', rfc: 'RFC 9110 §15' },
  'response.code.desc': { label: 'Status Code Description', type: 'string', generated: true, description: 'What the status code means, as the HTTP specification names it (the reason phrase sent may differ).', rfc: 'RFC 9110 §15' },
  'response.phrase': { label: 'Response Phrase', type: 'string', description: 'A human-readable word or two for the status code.', rfc: 'RFC 9112 §4' },
  separator: { label: 'Separator', type: 'string', line: (v) => `Separator: "${v}"`, description: 'Characters between the parts of a line (a space, "?", "&", "; "): HTTP/1.x is plain text.', rfc: 'RFC 9112 §3' },
  line_end: { label: 'Line end', type: 'string', line: (v) => `Line end: ${v}`, description: 'The carriage return and line feed that end every line of an HTTP/1.x header.', rfc: 'RFC 9112 §2.2' },
  header_name: { label: 'Header name', type: 'string', line: (v) => `Header name: ${v}`, description: 'The name of a header line, with its colon.', rfc: 'RFC 9110 §5.1' },
  authorization: header('Authorization', 'Credentials the client sends to prove who it is.', 'RFC 9110 §11.6.2'),
  proxy_authorization: header('Proxy-Authorization', 'Credentials for a proxy on the way.', 'RFC 9110 §11.7.2'),
  proxy_authenticate: header('Proxy-Authenticate', 'A proxy asks the client to authenticate, and says how.', 'RFC 9110 §11.7.1'),
  www_authenticate: header('WWW-Authenticate', 'The server asks the client to authenticate, and says how.', 'RFC 9110 §11.6.1'),
  content_type: header('Content-Type', 'The format of the body (text/html, application/json...).', 'RFC 9110 §8.3'),
  content_length_header: header('Content-Length', 'How many bytes the body has, so the reader knows where the message ends.', 'RFC 9110 §8.6'),
  content_encoding: header('Content-Encoding', 'How the body was compressed (gzip, br...), to be undone by the reader.', 'RFC 9110 §8.4'),
  transfer_encoding: header('Transfer-Encoding', 'How the body is sent: "chunked" sends it in pieces, each with its size.', 'RFC 9112 §6.1'),
  upgrade: header('Upgrade', 'Asks to switch the connection to another protocol (WebSocket, HTTP/2).', 'RFC 9110 §7.8'),
  user_agent: header('User-Agent', 'The program making the request.', 'RFC 9110 §10.1.5'),
  host: header('Host', 'Which website the client wants, so one server can host many.', 'RFC 9110 §7.2'),
  connection: header('Connection', 'Whether the TCP connection stays open for more requests (keep-alive) or closes.', 'RFC 9110 §7.6.1'),
  cookie: header('Cookie', 'Cookies the server set earlier, sent back so it recognises the client.', 'RFC 6265 §5.4'),
  accept: header('Accept', 'The formats the client is able to read.', 'RFC 9110 §12.5.1'),
  referer: header('Referer', 'The page that linked to this resource.', 'RFC 9110 §10.1.3'),
  accept_language: header('Accept-Language', 'The languages the user prefers.', 'RFC 9110 §12.5.4'),
  accept_encoding: header('Accept Encoding', 'The compressions the client can undo.', 'RFC 9110 §12.5.3'),
  date: header('Date', 'When the message was sent.', 'RFC 9110 §6.6.1'),
  cache_control: header('Cache-Control', 'Whether and for how long the response may be kept in caches.', 'RFC 9111 §5.2'),
  server: header('Server', 'The software answering the request.', 'RFC 9110 §10.2.4'),
  location: header('Location', 'Where the resource is now (with a 3xx status) or was created.', 'RFC 9110 §10.2.2'),
  sec_websocket_accept: header('Sec-WebSocket-Accept', 'The server\'s proof that it accepts the WebSocket handshake.', 'RFC 6455 §11.3.3'),
  sec_websocket_extensions: header('Sec-WebSocket-Extensions', 'WebSocket extensions asked for or agreed.', 'RFC 6455 §11.3.2'),
  sec_websocket_key: header('Sec-WebSocket-Key', 'A random value the client sends to open a WebSocket.', 'RFC 6455 §11.3.1'),
  sec_websocket_protocol: header('Sec-WebSocket-Protocol', 'The protocol to speak over the WebSocket.', 'RFC 6455 §11.3.4'),
  sec_websocket_version: header('Sec-WebSocket-Version', 'The WebSocket version (13).', 'RFC 6455 §11.3.5'),
  set_cookie: header('Set-Cookie', 'A cookie the server asks the client to keep and send back.', 'RFC 6265 §4.1'),
  last_modified: header('Last-Modified', 'When the resource last changed.', 'RFC 9110 §8.8.2'),
  x_forwarded_for: header('X-Forwarded-For', 'The client addresses a proxy saw, for the server behind it.', 'RFC 7239 §5.2'),
  http2_settings: header('HTTP2-Settings', 'HTTP/2 settings sent with a request to upgrade to HTTP/2.', 'RFC 7540 §3.2.1'),
  content_length: { label: 'Content length', type: 'uint64', generated: true, description: 'The Content-Length header\'s value as a number of bytes.', rfc: 'RFC 9110 §8.6' },
  cookie_pair: { label: 'Cookie pair', type: 'string', description: 'One cookie: its name and value.', rfc: 'RFC 6265 §4.2' },
  authbasic: { label: 'Credentials', type: 'string', generated: true, description: 'The user name and password of Basic authentication: only base64-encoded, so anyone on the path can read them.', rfc: 'RFC 7617 §2' },
  'request.line': { label: 'Request line', type: 'string', line: () => '', description: 'A header line of a request that Layerscope has no name for.', rfc: 'RFC 9110 §5' },
  'response.line': { label: 'Response line', type: 'string', line: () => '', description: 'A header line of a response that Layerscope has no name for.', rfc: 'RFC 9110 §5' },
  unknown_header: { label: 'Unknown header', type: 'string', line: () => '', description: 'A header line of a message whose start is in an earlier segment.', rfc: 'RFC 9110 §5' },
  end_of_headers: { label: 'End of headers', type: 'none', line: (v) => String(v), description: 'An empty line: the headers end here and the body (if any) begins.', rfc: 'RFC 9112 §2.1' },
  'request.full_uri': { label: 'Full request URI', type: 'string', generated: true, description: 'The address the request is for, put together from the Host header and the request URI.', rfc: 'RFC 9112 §3.3' },
  request_number: { label: 'Request number', type: 'uint32', generated: true, description: 'Which request of this TCP connection this is, counting from 1, out of how many so far.' },
  response_number: { label: 'Response number', type: 'uint32', generated: true, description: 'Which exchange of this TCP connection this response belongs to, out of how many so far.' },
  time: { label: 'Time since request', type: 'relative_time', generated: true, description: 'How long the server took: the time from the request to this response.' },
  prev_request_in: { label: 'Prev request in frame', type: 'framenum', generated: true, description: 'The packet with the previous request on this connection.' },
  prev_response_in: { label: 'Prev response in frame', type: 'framenum', generated: true, description: 'The packet with the previous response on this connection.' },
  request_in: { label: 'Request in frame', type: 'framenum', generated: true, description: 'The packet with the request this response answers.' },
  response_in: { label: 'Response in frame', type: 'framenum', generated: true, description: 'The packet with the response to this request.' },
  next_request_in: { label: 'Next request in frame', type: 'framenum', generated: true, description: 'The packet with the next request on this connection.' },
  next_response_in: { label: 'Next response in frame', type: 'framenum', generated: true, description: 'The packet with the next response on this connection.' },
  'response_for.uri': { label: 'Request URI', type: 'string', generated: true, description: 'The address of the request this response answers (the latest request of the connection).' },
  file_data: { label: 'File Data', type: 'string', line: () => '', description: 'The content being transferred: a web page, an image, form data...', rfc: 'RFC 9110 §6.4' },
  chunked_body: { label: 'HTTP chunked response', type: 'none', description: 'A body sent in chunks, each preceded by its size in hexadecimal; a chunk of size 0 ends it.', rfc: 'RFC 9112 §7.1' },
  chunk: { label: 'Data chunk', type: 'none', line: () => '', description: 'One chunk of the body: its size line, its data and a line end.', rfc: 'RFC 9112 §7.1' },
  chunk_size: { label: 'Chunk size', type: 'uint32', unit: ['octet', 'octets'], description: 'How many bytes of data the chunk carries (written in hexadecimal on the wire).', rfc: 'RFC 9112 §7.1' },
  chunk_data: { label: 'Chunk data', type: 'bytes', description: 'The bytes the chunk carries.', rfc: 'RFC 9112 §7.1' },
  chunk_boundary: { label: 'Chunk boundary', type: 'bytes', description: 'The line end after a chunk\'s data.', rfc: 'RFC 9112 §7.1' },
  end_of_trailers: { label: 'End of trailers', type: 'none', line: (v) => String(v), description: 'The empty line after the last chunk: the chunked body ends here.', rfc: 'RFC 9112 §7.1.2' },
  incomplete_line: { label: 'Incomplete line', type: 'string', line: (v) => `Incomplete line: ${v}`, description: 'The start of a line whose end is not in this segment.', rfc: 'RFC 9112 §2.1' },
});

const P = defineProblems('http', {
  bad_header_name: ['warning', 'Illegal characters in the header name at offset {offset}: a name is letters, digits and !#$%&\'*+-.^_`|~ only'],
  line_continues: ['note', 'The line at offset {offset} continues past this segment; its end is in a later segment'],
  headers_continue: ['note', 'The headers continue past this segment (from offset {offset}); the rest is in a later segment'],
  bad_content_length: ['warning', 'Content-Length at offset {offset} is not a number of bytes'],
  bad_chunk_size: ['warning', 'The chunk size at offset {offset} is not a hexadecimal number'],
  chunks_continue: ['note', 'The chunked body continues past this segment (from offset {offset})'],
});

const N = defineMessages('http.narrative', {
  request: 'HTTP {method} {uri} to {host}',
  request_no_host: 'HTTP {method} {uri}',
  request_body: 'sends {length, plural, one {# byte} other {# bytes}} of {type}',
  request_data: 'sends {length, plural, one {# byte} other {# bytes}} of data',
  response: 'HTTP response {code} {phrase}',
  response_body: 'HTTP response {code} {phrase}, {length, plural, one {# byte} other {# bytes}} of {type}',
  response_data: 'HTTP response {code} {phrase}, {length, plural, one {# byte} other {# bytes}} of data',
  success: 'the request succeeded',
  redirect: 'the resource is elsewhere: {location}',
  not_modified: 'the copy the client has is still current',
  client_error: 'the server says the request was wrong (a client error)',
  server_error: 'the server failed to answer the request (a server error)',
  continuation: 'HTTP continuation: {length, plural, one {# byte} other {# bytes}} of a message that began in an earlier segment',
  headers_only: 'HTTP header lines of a message whose first line was in an earlier segment',
  cookies: 'sends {count, plural, one {# cookie} other {# cookies}} back to the server',
  sets_cookie: 'asks the client to keep {count, plural, one {# cookie} other {# cookies}}',
  credentials: 'sends a user name and password that anyone on the path can read (Basic authentication)',
  chunked: 'the body comes in {count, plural, one {# chunk} other {# chunks}}',
});

/** Headers tshark decodes by name (matched without regard to case). */
const KNOWN_HEADERS: ReadonlyArray<readonly [name: string, spec: FieldSpec]> = [
  ['authorization', F.authorization], ['proxy-authorization', F.proxy_authorization], ['proxy-authenticate', F.proxy_authenticate],
  ['www-authenticate', F.www_authenticate], ['content-type', F.content_type], ['content-length', F.content_length_header],
  ['content-encoding', F.content_encoding], ['transfer-encoding', F.transfer_encoding], ['upgrade', F.upgrade], ['user-agent', F.user_agent],
  ['host', F.host], ['connection', F.connection], ['cookie', F.cookie], ['accept', F.accept], ['referer', F.referer],
  ['accept-language', F.accept_language], ['accept-encoding', F.accept_encoding], ['date', F.date], ['cache-control', F.cache_control],
  ['server', F.server], ['location', F.location], ['sec-websocket-accept', F.sec_websocket_accept],
  ['sec-websocket-extensions', F.sec_websocket_extensions], ['sec-websocket-key', F.sec_websocket_key],
  ['sec-websocket-protocol', F.sec_websocket_protocol], ['sec-websocket-version', F.sec_websocket_version], ['set-cookie', F.set_cookie],
  ['last-modified', F.last_modified], ['x-forwarded-for', F.x_forwarded_for], ['http2-settings', F.http2_settings],
];

/** KNOWN_HEADERS by name length, so a line's name is compared with a few candidates only. */
const HEADERS_BY_LENGTH = new Map<number, Array<readonly [string, FieldSpec]>>();
for (const entry of KNOWN_HEADERS) {
  const list = HEADERS_BY_LENGTH.get(entry[0].length) ?? [];
  list.push(entry);
  HEADERS_BY_LENGTH.set(entry[0].length, list);
}

/** The methods that make a line a request line, as tshark recognises them. */
const METHODS = new Set([
  'GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE', 'LABEL', 'MERGE', 'PATCH', 'DELETE', 'SEARCH',
  'UNLOCK', 'REPORT', 'UPDATE', 'NOTIFY', 'BDELETE', 'CONNECT', 'OPTIONS', 'CHECKIN', 'PROPFIND', 'CHECKOUT', 'CCM_POST', 'SUBSCRIBE',
  'PROPPATCH', 'BPROPFIND', 'BPROPPATCH', 'UNCHECKOUT', 'MKACTIVITY', 'MKWORKSPACE', 'UNSUBSCRIBE', 'RPC_CONNECT', 'VERSION-CONTROL',
  'BASELINE-CONTROL',
]);
const LONGEST_METHOD = 16;
const METHODS_BY_LENGTH: ReadonlyArray<readonly string[] | undefined> = Array.from({ length: LONGEST_METHOD + 1 }, (_, n) => {
  const named = [...METHODS].filter((m) => m.length === n);
  return named.length > 0 ? named : undefined;
});

const OTHER = 0;
const REQUEST = 1;
const RESPONSE = 2;

/** Media types whose body tshark hands to a decoder that names the type in the info column. */
const MEDIA_IN_INFO = /^(?:text\/(?!xml$)|image\/(?:png|gif|jpeg)$|application\/(?:x-www-form-urlencoded|javascript|x-javascript|ecmascript)$)/;

/** A line of the segment: [start, contentEnd) is its text, [contentEnd, next) its line end. */
interface Line {
  start: number;
  contentEnd: number;
  next: number;
}

/** The line at `at`, ending at a line feed (a carriage return before it belongs to the line end); null if unterminated. */
function lineAt(bytes: Uint8Array, at: number, stop: number, into: Line): Line | null {
  const i = indexOf(bytes, 0x0a, at, stop);
  if (i < 0) return null;
  into.start = at;
  into.contentEnd = i > at && bytes[i - 1] === 0x0d ? i - 1 : i;
  into.next = i + 1;
  return into;
}

/** Whether the text [at, end) starts a request (a known method, then a space or nothing) or a response ("HTTP/"). */
function startLineKind(bytes: Uint8Array, at: number, end: number): number {
  if (end - at >= 5 && bytes[at] === 0x48 && bytes[at + 1] === 0x54 && bytes[at + 2] === 0x54 && bytes[at + 3] === 0x50 && bytes[at + 4] === 0x2f) return RESPONSE;
  let space = at;
  while (space < end && space - at <= LONGEST_METHOD && bytes[space] !== 0x20) space++;
  if (space - at > LONGEST_METHOD || space === at) return OTHER;
  for (let i = at; i < space; i++) {
    const c = bytes[i];
    // Methods are upper-case letters, "_" and "-": anything else is not one (and needs no string).
    if (!((c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x2d)) return OTHER;
  }
  return isMethod(bytes, at, space) ? REQUEST : OTHER;
}

/** Whether the bytes [at, end) spell one of METHODS (compared as bytes: no string per packet). */
function isMethod(bytes: Uint8Array, at: number, end: number): boolean {
  const candidates = METHODS_BY_LENGTH[end - at];
  if (candidates === undefined) return false;
  for (const name of candidates) {
    let i = 0;
    while (i < name.length && bytes[at + i] === name.charCodeAt(i)) i++;
    if (i === name.length) return true;
  }
  return false;
}

/** RFC 9110 §5.6.2: the characters a header name ("token") may have. */
function isTokenChar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return c === 0x21 || (c >= 0x23 && c <= 0x27) || c === 0x2a || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x5e || c === 0x5f || c === 0x60 || c === 0x7c || c === 0x7e;
}

/** The field of a header named by the bytes [at, colon), matched without regard to case; undefined if unknown. */
function knownHeader(bytes: Uint8Array, at: number, colon: number): FieldSpec | undefined {
  const candidates = HEADERS_BY_LENGTH.get(colon - at);
  if (!candidates) return undefined;
  for (const [name, spec] of candidates) {
    let i = 0;
    for (; i < name.length; i++) {
      const c = bytes[at + i];
      if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== name.charCodeAt(i)) break;
    }
    if (i === name.length) return spec;
  }
  return undefined;
}

/** What one message's headers said that matters for its body, its info text and its narrative. */
interface Headers {
  contentLength: number;
  hasContentLength: boolean;
  chunked: boolean;
  hasTransferEncoding: boolean;
  /** The media type (Content-Type up to ";", lower case); '' when absent. */
  media: string;
  /** Host header line: where its value is; -1 when absent. */
  hostAt: number;
  hostEnd: number;
}

/** The parts of the segment decoded so far, and what the info column and narrative need. */
class Segment {
  pos: number;
  readonly line: Line = { start: 0, contentEnd: 0, next: 0 };
  /** Messages decoded so far in this segment. */
  messages = 0;
  constructor(
    readonly b: LayerBuilder,
    readonly ctx: DissectContext,
    readonly bytes: Uint8Array,
    start: number,
    readonly stop: number,
    /** The capture's snap length cut the segment at `stop`. */
    readonly cut: boolean,
    readonly info: ColumnText,
  ) {
    this.pos = start;
  }
}

export const http: ProtocolModule = {
  place: { protocol: 'http', osi: 7, tcpip: 'application' },
  name: 'HTTP',
  fields: F,
  registrations: [{ table: 'tcp.port', keys: [80, 8080] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const stop = Math.min(end, b.captured);
    b.title = 'Hypertext Transfer Protocol';
    // The builder knows whether the capture kept fewer bytes than were sent: then a segment that
    // reaches the last captured byte was cut there.
    const cut = b.truncated && stop >= b.captured;
    if (at >= stop) {
      // Nothing of the payload was captured; the TCP columns stay, as in tshark.
      if (cut) b.missing(F.file_data, at, 0);
      return undefined;
    }
    const s = new Segment(b, ctx, b.frame.bytes, at, stop, cut, ctx.columns.info);
    // A message reassembled in a later segment starts here after whole ones (tcp-reassembly.ts).
    const tail = reassembledTailAt(ctx);
    // One segment may hold several messages (or the end of one and the start of the next).
    for (let first = true; s.pos < stop; first = false) {
      if (s.pos === tail) {
        // tshark writes its first line in the info column and leaves the rest to the reassembly.
        const line = lineAt(s.bytes, s.pos, stop, s.line);
        if (line) s.info.latin1(s.bytes, s.pos, line.contentEnd).char(0x20);
        b.end = stop;
        break;
      }
      const kind = messageKind(s);
      if (kind === OTHER && first && startsWithHeader(s)) {
        // Header lines without their first line (it was in an earlier segment), then the body:
        // tshark leaves the columns to TCP.
        const headers = decodeHeaders(s, OTHER);
        if (headers && s.pos < stop) addBody(s, s.pos, stop - s.pos, headers, Infinity);
        break;
      }
      if (first) ctx.columns.protocol = 'HTTP';
      if (kind === OTHER) {
        if (first) s.info.set('Continuation');
        else s.info.text('Continuation');
        addBody(s, s.pos, stop - s.pos, null, Infinity);
        break;
      }
      decodeMessage(s, kind, first);
    }
    return undefined;
  },
  narrative(r) {
    return narrate(r);
  },
};

/**
 * What HTTP tells TCP reassembly (tshark's http.desegment_headers and http.desegment_body): how
 * long the message starting at `at` is (its headers, then a body by Content-Length or chunked
 * encoding), ONE_MORE_SEGMENT while its first line, its headers or its chunks have not ended,
 * UNTIL_FIN for a response whose body runs to the end of the connection, NO_PDU when the bytes
 * start no message.
 */
function pduLength(bytes: Uint8Array, at: number, end: number): number {
  // tshark waits for the first line's end before it tells a message from a continuation.
  if (indexOf(bytes, 0x0a, at, end) < 0) return ONE_MORE_SEGMENT;
  const window = Math.min(end, at + LONGEST_METHOD + 2);
  const first = lineAt(bytes, at, window, pduLine);
  const kind = startLineKind(bytes, at, first ? first.contentEnd : window);
  if (kind === OTHER) return NO_PDU;
  let contentLength = -1;
  let chunked = false;
  let transferEncoding = false;
  let statusLine = true;
  let status = -1;
  for (let pos = at; ; ) {
    const line = lineAt(bytes, pos, end, pduLine);
    if (line === null) return ONE_MORE_SEGMENT;
    if (statusLine) {
      if (kind === RESPONSE) status = statusCode(bytes, line.start, line.contentEnd);
      statusLine = false;
    } else if (line.contentEnd === line.start) {
      const headersEnd = line.next;
      const bodyless = kind === REQUEST || (status >= 100 && status < 200) || status === 204 || status === 304;
      if (transferEncoding) {
        if (!chunked) return bodyless ? headersEnd - at : UNTIL_FIN;
        const chunksEnd = chunkedEnd(bytes, headersEnd, end);
        return chunksEnd < 0 ? MORE_CHUNKS : chunksEnd - at;
      }
      if (contentLength >= 0) return headersEnd - at + contentLength;
      return bodyless ? headersEnd - at : UNTIL_FIN;
    } else {
      // Only Content-Length and Transfer-Encoding matter here: other lines are passed over unread.
      const c = bytes[line.start] | 0x20;
      if (c !== 0x63 && c !== 0x74) {
        pos = line.next;
        continue;
      }
      const colon = indexOf(bytes, 0x3a, line.start, line.contentEnd);
      if (colon < 0) return NO_PDU;
      let valueAt = colon + 1;
      while (valueAt < line.contentEnd && (bytes[valueAt] === 0x20 || bytes[valueAt] === 0x09)) valueAt++;
      const known = knownHeader(bytes, line.start, colon);
      if (known === F.content_length_header) contentLength = decimal(bytes, valueAt, line.contentEnd);
      else if (known === F.transfer_encoding) {
        transferEncoding = true;
        chunked = containsChunked(bytes, valueAt, line.contentEnd);
      }
    }
    pos = line.next;
  }
}
const pduLine: Line = { start: 0, contentEnd: 0, next: 0 };

/** Where a chunked body starting at `at` ends (after its last chunk and trailer), or -1 when it goes on past `end`. */
function chunkedEnd(bytes: Uint8Array, at: number, end: number): number {
  let pos = at;
  for (;;) {
    const line = lineAt(bytes, pos, end, pduLine);
    if (line === null) return -1;
    const size = chunkSize(bytes, line.start, line.contentEnd);
    if (size < 0) return line.next;
    if (size === 0) {
      // Trailer lines up to an empty one.
      for (let t = line.next; ; ) {
        const trailer = lineAt(bytes, t, end, pduLine);
        if (trailer === null) return -1;
        if (trailer.contentEnd === trailer.start) return trailer.next;
        t = trailer.next;
      }
    }
    pos = line.next + size + 2;
    if (pos > end) return -1;
  }
}

registerPduLength([80, 8080], pduLength);

/** Whether the segment at `s.pos` starts with a request or status line (terminated or not). */
function messageKind(s: Segment): number {
  // The kind shows in the first few bytes: a line end is looked for only there, so a segment of
  // body (most of a download) is not scanned to its end.
  const window = Math.min(s.stop, s.pos + LONGEST_METHOD + 2);
  const line = lineAt(s.bytes, s.pos, window, s.line);
  return startLineKind(s.bytes, s.pos, line ? line.contentEnd : window);
}

/** Whether the segment's first line is a whole header line ("name: value" and its line end). */
function startsWithHeader(s: Segment): boolean {
  const line = lineAt(s.bytes, s.pos, s.stop, s.line);
  if (!line) return false;
  for (let i = line.start; i < line.contentEnd; i++) if (s.bytes[i] === 0x3a) return true;
  return false;
}

/** One request or response from `s.pos`: its first line, its headers and its body. */
function decodeMessage(s: Segment, kind: number, first: boolean): void {
  const { b, bytes } = s;
  const start = s.pos;
  const line = lineAt(bytes, start, s.stop, s.line);
  const contentEnd = line ? line.contentEnd : trimCr(bytes, start, s.stop);
  const next = line ? line.next : s.stop;
  // The info column shows the line, then a space (tshark's), whatever follows.
  if (first) s.info.clear();
  s.info.latin1(bytes, start, contentEnd).char(0x20);
  const spec = kind === REQUEST ? F.request_line : F.status_line;
  const lineField = b.escapedText(null, spec, start, next - start);
  s.ctx.note(spec);
  b.parts(lineField, kind === REQUEST ? addRequestParts : addStatusParts, bytes, start, contentEnd);
  // (An unterminated line may still end in the CR of a line end cut in two.)
  addLineEnd(b, lineField, bytes, contentEnd, next);
  s.pos = next;
  const index = s.messages++;
  if (!line) {
    incomplete(s, lineField, start);
    addExchange(s, kind, index, '');
    return;
  }
  const headers = decodeHeaders(s, kind);
  if (headers === null) return;
  // The full URI is wanted by the tree, and by the exchanges of a connection (in every pass).
  const uri = kind === REQUEST && (b.detail || keepsExchanges(s.ctx)) ? fullUri(bytes, start, contentEnd, headers) : '';
  if (uri !== '') b.add(null, F['request.full_uri'], start, 0, uri);
  addExchange(s, kind, index, uri);
  // How much of what follows is this message's body (RFC 9112 §6.3, as tshark applies it).
  const status = kind === RESPONSE ? statusCode(bytes, start, contentEnd) : -1;
  let length: number;
  if (headers.hasContentLength && !headers.hasTransferEncoding) length = Math.min(headers.contentLength, s.stop - s.pos);
  else if (kind === REQUEST) length = headers.hasTransferEncoding ? s.stop - s.pos : 0;
  else length = (status >= 100 && status < 200) || status === 204 || status === 304 ? 0 : s.stop - s.pos;
  if (length > 0) {
    if (headers.media !== '' && MEDIA_IN_INFO.test(headers.media)) s.info.text(' (').text(headers.media).char(0x29);
    if (headers.chunked) addChunks(s, s.pos, length);
    else addBody(s, s.pos, length, headers, headers.hasContentLength && !headers.hasTransferEncoding ? headers.contentLength : Infinity);
  } else if (s.cut && s.pos >= s.stop && (headers.hasContentLength ? headers.contentLength > 0 : kind === RESPONSE && status !== 204 && status !== 304)) {
    // The body was sent but not captured.
    b.missing(F.file_data, s.pos, 0);
  }
}

/** A line's end without a trailing carriage return (the segment ended between CR and LF). */
function trimCr(bytes: Uint8Array, start: number, stop: number): number {
  return stop > start && bytes[stop - 1] === 0x0d ? stop - 1 : stop;
}

/** Records that the line starting at `at` does not end in this segment (cut by the snap length, or continued later). */
function incomplete(s: Segment, field: Field, at: number): void {
  if (s.cut) s.b.missing(F.incomplete_line, at, 0, field);
  else s.b.problem(P.line_continues, at, { offset: at }, field);
}

/** METHOD SP URI SP VERSION, split at the first two spaces as tshark does. */
function addRequestParts(b: LayerBuilder, line: Field, bytes: Uint8Array, start: number, end: number): void {
  const space1 = indexOf(bytes, 0x20, start, end);
  const methodEnd = space1 < 0 ? end : space1;
  b.text(line, F['request.method'], start, methodEnd - start);
  if (space1 < 0) return;
  addSeparator(b, line, bytes, space1, space1 + 1);
  const uriStart = space1 + 1;
  const space2 = indexOf(bytes, 0x20, uriStart, end);
  const uriEnd = space2 < 0 ? end : space2;
  if (uriEnd > uriStart) addUri(b, line, bytes, uriStart, uriEnd);
  if (space2 < 0) return;
  addSeparator(b, line, bytes, space2, space2 + 1);
  if (end > space2 + 1) b.text(line, F['request.version'], space2 + 1, end - space2 - 1);
}

/** The URI, and when it has a query its path, query and query parameters. */
function addUri(b: LayerBuilder, line: Field, bytes: Uint8Array, start: number, end: number): void {
  const uri = b.text(line, F['request.uri'], start, end - start);
  const question = indexOf(bytes, 0x3f, start, end);
  if (question < 0) return;
  b.text(uri, F['request.uri.path'], start, question - start);
  addSeparator(b, uri, bytes, question, question + 1);
  if (question + 1 >= end) return;
  const query = b.text(uri, F['request.uri.query'], question + 1, end - question - 1);
  addParts(b, query, F['request.uri.query.parameter'], bytes, question + 1, end, 0x26);
}

/** The parts of [start, end) between `delimiter`s (and spaces after them) as `spec` fields; the delimiters as separators. */
function addParts(b: LayerBuilder, parent: Field, spec: FieldSpec, bytes: Uint8Array, start: number, end: number, delimiter: number): number {
  let count = 0;
  let pos = start;
  while (pos < end) {
    let sep = pos;
    while (sep < end && (bytes[sep] === delimiter || bytes[sep] === 0x20)) sep++;
    if (sep > pos) addSeparator(b, parent, bytes, pos, sep);
    if (sep >= end) break;
    const partEnd = indexOf(bytes, delimiter, sep, end);
    const stop = partEnd < 0 ? end : partEnd;
    b.text(parent, spec, sep, stop - sep);
    count++;
    pos = stop;
  }
  return count;
}

/** VERSION SP CODE SP PHRASE. */
function addStatusParts(b: LayerBuilder, line: Field, bytes: Uint8Array, start: number, end: number): void {
  const space1 = indexOf(bytes, 0x20, start, end);
  const versionEnd = space1 < 0 ? end : space1;
  b.text(line, F['response.version'], start, versionEnd - start);
  if (space1 < 0) return;
  const code = statusCode(bytes, start, end);
  if (code < 0) {
    // tshark reads no code from this line: the rest is shown as it is, in the line.
    addSeparator(b, line, bytes, space1, end);
    return;
  }
  addSeparator(b, line, bytes, space1, space1 + 1);
  // Three digits of text, shown as the number they spell.
  b.add(line, F['response.code'], space1 + 1, 3, code);
  b.addLazy(line, F['response.code.desc'], space1 + 1, 3, () => HTTP_STATUS_CODES[code] ?? `Unknown (${code})`);
  const afterCode = space1 + 4;
  if (afterCode >= end) return;
  const phraseStart = bytes[afterCode] === 0x20 ? afterCode + 1 : afterCode;
  addSeparator(b, line, bytes, afterCode, phraseStart);
  if (phraseStart < end) b.text(line, F['response.phrase'], phraseStart, end - phraseStart);
}

/** The status code of the status line [start, end): three digits after the version and a space; -1 if there are none. */
function statusCode(bytes: Uint8Array, start: number, end: number): number {
  const space = indexOf(bytes, 0x20, start, end);
  if (space < 0 || space + 4 > end) return -1;
  let code = 0;
  for (let i = space + 1; i < space + 4; i++) {
    const c = bytes[i];
    if (c < 0x30 || c > 0x39) return -1;
    code = code * 10 + c - 0x30;
  }
  return code;
}

function addSeparator(b: LayerBuilder, parent: Field, bytes: Uint8Array, from: number, to: number): void {
  addText(b, parent, F.separator, bytes, from, to);
}

/** The text [from, to) as a `spec` field, if there is any. */
function addText(b: LayerBuilder, parent: Field, spec: FieldSpec, bytes: Uint8Array, from: number, to: number): void {
  if (to > from) b.text(parent, spec, from, to - from);
}

function addLineEnd(b: LayerBuilder, parent: Field, bytes: Uint8Array, from: number, to: number): void {
  if (to > from) b.escapedText(parent, F.line_end, from, to - from);
}


/**
 * The header lines from `s.pos` up to the empty line that ends them (included); null when the
 * segment ends first. A line that is no header (it has no colon) ends them early.
 */
function decodeHeaders(s: Segment, kind: number): Headers | null {
  const { b, bytes } = s;
  const h: Headers = { contentLength: 0, hasContentLength: false, chunked: false, hasTransferEncoding: false, media: '', hostAt: -1, hostEnd: -1 };
  for (;;) {
    const at = s.pos;
    const line = lineAt(bytes, at, s.stop, s.line);
    if (!line) {
      if (at < s.stop) {
        const field = b.escapedText(null, F.incomplete_line, at, s.stop - at);
        if (s.cut) b.missing(F.incomplete_line, at, 0, field);
        else b.problem(P.headers_continue, at, { offset: at }, field);
      } else if (s.cut) {
        b.missing(F.incomplete_line, at, 0);
      } else {
        b.problem(P.headers_continue, at, { offset: at });
      }
      s.pos = s.stop;
      return null;
    }
    const { contentEnd, next } = line;
    if (contentEnd === at) {
      b.escapedText(null, F.end_of_headers, at, next - at);
      s.pos = next;
      return h;
    }
    const colon = indexOf(bytes, 0x3a, at, contentEnd);
    // A line without a colon is no header: the headers end before it, as in tshark.
    if (colon < 0) return h;
    addHeader(s, kind, h, at, colon, contentEnd, next);
    s.pos = next;
  }
}

/** One header line [at, next), its name ending at `colon`. */
function addHeader(s: Segment, kind: number, h: Headers, at: number, colon: number, contentEnd: number, next: number): void {
  const { b, bytes } = s;
  let valueAt = colon + 1;
  while (valueAt < contentEnd && (bytes[valueAt] === 0x20 || bytes[valueAt] === 0x09)) valueAt++;
  const known = knownHeader(bytes, at, colon);
  let field: Field;
  if (known) {
    field = b.text(null, known, at, next - at, valueAt, contentEnd);
  } else {
    // tshark names an unknown header by the kind of message it is in; its value is the whole line.
    const spec = kind === REQUEST ? F['request.line'] : kind === RESPONSE ? F['response.line'] : F.unknown_header;
    field = b.text(null, spec, at, next - at);
  }
  b.lineOf(field, at, next);
  let goodName = colon > at;
  for (let i = at; i < colon && goodName; i++) goodName = isTokenChar(bytes[i]);
  if (!goodName) b.problem(P.bad_header_name, at, { offset: at }, field);
  if (known === F.content_length_header) {
    const length = decimal(bytes, valueAt, contentEnd);
    if (length >= 0) {
      h.hasContentLength = true;
      h.contentLength = length;
      b.add(field, F.content_length, at, next - at, length);
    } else {
      b.problem(P.bad_content_length, at, { offset: at }, field);
    }
  } else if (known === F.content_type) {
    h.media = mediaType(bytes, valueAt, contentEnd);
  } else if (known === F.transfer_encoding) {
    h.hasTransferEncoding = true;
    h.chunked = containsChunked(bytes, valueAt, contentEnd);
  } else if (known === F.host) {
    h.hostAt = valueAt;
    h.hostEnd = contentEnd;
  } else if (known === F.cookie) {
    b.parts(field, addCookieParts, colon, valueAt, contentEnd);
  } else if (known === F.authorization || known === F.proxy_authorization) {
    addCredentials(b, field, bytes, valueAt, contentEnd);
  }
}

/** A cookie line's parts: its name, its pairs and what is between them, its line end. */
function addCookieParts(b: LayerBuilder, field: Field, colon: number, valueAt: number, contentEnd: number): void {
  const bytes = b.frame.bytes;
  b.text(field, F.header_name, field.offset, valueAt - field.offset, field.offset, colon);
  addParts(b, field, F.cookie_pair, bytes, valueAt, contentEnd, 0x3b);
  addLineEnd(b, field, bytes, contentEnd, field.offset + field.length);
}

/** A non-negative decimal number spelled by [from, to) (spaces after it allowed); -1 if it is not one. */
function decimal(bytes: Uint8Array, from: number, to: number): number {
  let end = to;
  while (end > from && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
  if (end === from || end - from > 15) return -1;
  let n = 0;
  for (let i = from; i < end; i++) {
    const c = bytes[i];
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + c - 0x30;
  }
  return n;
}

/** Media types and full URIs seen before, as strings (most messages repeat one). */
const TEXTS = new TextCache();

/** The media type of a Content-Type value: up to ";", without spaces, in lower case. */
function mediaType(bytes: Uint8Array, from: number, to: number): string {
  let end = indexOf(bytes, 0x3b, from, to);
  if (end < 0) end = to;
  while (end > from && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
  return TEXTS.join('', bytes, from, end, 0, 0, true);
}

function containsChunked(bytes: Uint8Array, from: number, to: number): boolean {
  return decodeText(bytes, from, to).toLowerCase().includes('chunked');
}

/** "Basic <base64>": the user name and password it encodes. */
function addCredentials(b: LayerBuilder, field: Field, bytes: Uint8Array, from: number, to: number): void {
  if (to - from < 7 || decodeText(bytes, from, from + 6).toLowerCase() !== 'basic ') return;
  let token = from + 6;
  while (token < to && bytes[token] === 0x20) token++;
  const encoded = decodeText(bytes, token, to).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return;
  // Decoded, not read from the bytes: shown at the token, taking none of its bytes.
  b.addLazy(field, F.authbasic, token, 0, () => Buffer.from(encoded, 'base64').toString('latin1'));
}

/** http://host/uri from the Host header, as tshark puts it together (an absolute URI as it is); '' without a host. */
function fullUri(bytes: Uint8Array, start: number, end: number, h: Headers): string {
  if (h.hostAt < 0) return '';
  const space1 = indexOf(bytes, 0x20, start, end);
  if (space1 < 0) return '';
  const uriAt = space1 + 1;
  const space2 = indexOf(bytes, 0x20, uriAt, end);
  const uriEnd = space2 < 0 ? end : space2;
  if (uriEnd === uriAt) return '';
  if (startsWithAscii(bytes, uriAt, uriEnd, 'http://', true) || startsWithAscii(bytes, uriAt, uriEnd, 'https://', true) || (space1 - start === 7 && startsWithAscii(bytes, start, space1, 'CONNECT', false))) {
    return TEXTS.join('', bytes, uriAt, uriEnd, 0, 0, false);
  }
  // The host as String#trim leaves it: on ASCII text, without white space (tab to CR, space) at either end.
  let hostAt = h.hostAt;
  let hostEnd = h.hostEnd;
  while (hostAt < hostEnd && isAsciiSpace(bytes[hostAt])) hostAt++;
  while (hostEnd > hostAt && isAsciiSpace(bytes[hostEnd - 1])) hostEnd--;
  for (let i = hostAt; i < hostEnd; i++) if (bytes[i] >= 0x80) return `http://${decodeText(bytes, h.hostAt, h.hostEnd).trim()}${decodeText(bytes, uriAt, uriEnd)}`;
  return TEXTS.join('http://', bytes, hostAt, hostEnd, uriAt, uriEnd, false);
}

/** Whether the bytes [from, to) start with the ASCII `text` (letters in either case when `anyCase`). */
function startsWithAscii(bytes: Uint8Array, from: number, to: number, text: string, anyCase: boolean): boolean {
  if (to - from < text.length) return false;
  for (let i = 0; i < text.length; i++) {
    const c = bytes[from + i];
    if ((anyCase && c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== text.charCodeAt(i)) return false;
  }
  return true;
}

function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** The message's place among the requests and responses of its TCP connection, as tshark shows it. */
function addExchange(s: Segment, kind: number, index: number, uri: string): void {
  const exchange = recordExchange(s.ctx, kind === REQUEST, index, uri);
  // Its fields take no bytes and have no problems: only the tree needs them.
  if (exchange >= 0) s.b.parts(null, addExchangeFields, s.ctx, kind, exchange);
}

function addExchangeFields(b: LayerBuilder, _layer: Field | null, ctx: DissectContext, kind: number, exchange: number): void {
  const view = exchangeView(ctx, kind === REQUEST, exchange);
  const at = b.start;
  const counter = b.add(null, kind === REQUEST ? F.request_number : F.response_number, at, 0, view.number);
  b.rewrite(counter, exchangeLine, kind, view);
  if (view.requestIn !== undefined) b.add(null, F.time, at, 0, (view.seconds ?? 0) + (view.nanos ?? 0) / 1e9);
  if (view.prevRequestIn !== undefined) b.add(null, F.prev_request_in, at, 0, view.prevRequestIn);
  if (view.prevResponseIn !== undefined) b.add(null, F.prev_response_in, at, 0, view.prevResponseIn);
  if (view.requestIn !== undefined) b.add(null, F.request_in, at, 0, view.requestIn);
  if (view.responseIn !== undefined) b.add(null, F.response_in, at, 0, view.responseIn);
  if (view.nextRequestIn !== undefined) b.add(null, F.next_request_in, at, 0, view.nextRequestIn);
  if (view.nextResponseIn !== undefined) b.add(null, F.next_response_in, at, 0, view.nextResponseIn);
  if (view.uri !== undefined) b.add(null, F['response_for.uri'], at, 0, view.uri);
}

function exchangeLine(kind: number, view: ExchangeView): string {
  return `HTTP ${kind === REQUEST ? 'request' : 'response'} ${view.number}/${view.total}`;
}

/**
 * The body [at, at + length) of a message announcing `wanted` bytes (Infinity: up to the end):
 * file data (as text, the way tshark shows it), and, when no Content-Type says what it is, the
 * bytes as data too.
 */
function addBody(s: Segment, at: number, length: number, h: Headers | null, wanted: number): void {
  const { b, bytes } = s;
  const end = at + length;
  const field = b.addLazy(null, F.file_data, at, length, bodyText, bytes, at, end);
  b.rewrite(field, fileDataLine, length);
  if (!h || h.media === '') {
    b.hex(null, data.fields.data, at, length);
    b.add(b.last, data.fields.len, at, 0, length);
  }
  if (s.cut && end >= s.stop && wanted > length) b.missing(F.file_data, at, 0, field);
  s.pos = end;
}

/**
 * A chunked body (RFC 9112 §7.1): each chunk's size line, data and line end, up to the chunk of
 * size 0 and the empty line after it; then the body put back together as file data.
 */
function addChunks(s: Segment, at: number, length: number): void {
  const { b, bytes } = s;
  const end = at + length;
  const body = b.add(null, F.chunked_body, at, 0, null);
  const dechunked: Array<readonly [number, number]> = [];
  let pos = at;
  let finished = false;
  while (pos < end) {
    const line = lineAt(bytes, pos, end, s.line);
    const size = line ? chunkSize(bytes, line.start, line.contentEnd) : -1;
    if (!line || size < 0) {
      // A size line cut off, or one that is no size: nothing after it can be read.
      const from = pos;
      const field = b.escapedText(body, F.incomplete_line, from, end - from);
      if (line) b.problem(P.bad_chunk_size, from, { offset: from }, field);
      pos = end;
      break;
    }
    const chunkAt = pos;
    const sizeEnd = line.next;
    const chunk = b.add(body, F.chunk, chunkAt, 0, null);
    b.rewrite(chunk, () => (size === 0 ? 'End of chunked encoding' : `Data chunk (${size} octets)`));
    b.add(chunk, F.chunk_size, chunkAt, sizeEnd - chunkAt, size);
    if (size === 0) {
      // The trailer section: no fields, just the empty line that ends it.
      pos = sizeEnd;
      const trailer = lineAt(bytes, pos, end, s.line);
      const trailerEnd = trailer && trailer.contentEnd === pos ? trailer.next : end;
      if (trailerEnd > pos) {
        const from = pos;
        b.addLazy(chunk, trailer && trailer.contentEnd === pos ? F.end_of_trailers : F.incomplete_line, from, trailerEnd - from, () => formatText(bytes, from, trailerEnd));
      }
      finished = trailer !== null && trailer.contentEnd === pos;
      pos = trailerEnd;
      coverTo(b, chunk, pos);
      break;
    }
    const dataEnd = Math.min(sizeEnd + size, end);
    const boundaryEnd = dataEnd === sizeEnd + size ? Math.min(dataEnd + 2, end) : dataEnd;
    if (dataEnd > sizeEnd) b.hex(chunk, F.chunk_data, sizeEnd, dataEnd - sizeEnd);
    if (boundaryEnd > dataEnd) b.hex(chunk, F.chunk_boundary, dataEnd, boundaryEnd - dataEnd);
    if (dataEnd > sizeEnd) dechunked.push([sizeEnd, dataEnd]);
    coverTo(b, chunk, boundaryEnd);
    pos = boundaryEnd;
  }
  coverTo(b, body, pos);
  if (!finished) {
    // The segment ends inside the chunked body: cut there by the capture, or continued later.
    if (s.cut) b.missing(F.chunked_body, pos, 0, body);
    else b.problem(P.chunks_continue, pos, { offset: pos }, body);
  }
  if (dechunked.length > 0) {
    // The body put back together from its chunks: computed, so it takes none of the bytes.
    const total = dechunked.reduce((n, [from, to]) => n + to - from, 0);
    const field = b.addLazy(null, F.file_data, dechunked[0][0], 0, () => dechunked.map(([from, to]) => bodyText(bytes, from, to)).join(''));
    b.rewrite(field, fileDataLine, total);
  }
  s.pos = pos;
}

function fileDataLine(length: number): string {
  return `File Data: ${length} byte${length === 1 ? '' : 's'}`;
}

/**
 * Makes `container` reach `end`: it is added before its contents, whose extent is known only once
 * they are read (nothing to do when no tree is built).
 */
function coverTo(b: LayerBuilder, container: Field, end: number): void {
  if (b.detail && end > container.offset + container.length) container.length = end - container.offset;
}

/** The size of the chunk-size line [from, to): hexadecimal digits, extensions after ";" ignored; -1 if none. */
function chunkSize(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) {
      if (c === 0x3b || c === 0x20 || c === 0x09) break;
      return -1;
    }
    if (++digits > 8) return -1;
    n = n * 16 + d;
  }
  return digits === 0 ? -1 : n;
}

/**
 * The body as text, the way Wireshark shows its file data: up to the first NUL byte, other control
 * bytes (but tab, CR, LF) escaped as \xNN, bytes that are not ASCII as U+FFFD.
 */
function bodyText(bytes: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === 0) break;
    if (c >= 0x80) text += '\ufffd';
    else if (c < 0x20 && c !== 9 && c !== 10 && c !== 13) text += '\\x' + c.toString(16);
    else text += String.fromCharCode(c);
  }
  return text;
}

function narrate(r: LayerReading): Message[] {
  const parts: Message[] = [];
  const body = r.field(F.file_data);
  const chunks = r.all(F.chunk_data);
  const length = chunks.length > 0 ? chunks.reduce((n, f) => n + f.length, 0) : body?.length ?? 0;
  const media = (r.show(F.content_type) ?? '').split(';')[0].trim();
  const method = r.show(F['request.method']);
  const code = r.number(F['response.code']);
  if (method !== undefined) {
    const uri = r.show(F['request.uri']) ?? '';
    const host = r.show(F.host);
    parts.push(host !== undefined ? { id: N.request.id, params: { method, uri, host } } : { id: N.request_no_host.id, params: { method, uri } });
    // A request has a body only when its headers announce one; other bytes after it continue something else.
    const announced = r.field(F.content_length_header) !== undefined || r.field(F.transfer_encoding) !== undefined;
    if (length > 0 && !announced) parts.push({ id: N.continuation.id, params: { length } });
    else if (length > 0) parts.push(media !== '' ? { id: N.request_body.id, params: { length, type: media } } : { id: N.request_data.id, params: { length } });
  } else if (code !== undefined) {
    const phrase = r.show(F['response.phrase']) ?? r.show(F['response.code.desc']) ?? '';
    if (length > 0) parts.push(media !== '' ? { id: N.response_body.id, params: { code, phrase, length, type: media } } : { id: N.response_data.id, params: { code, phrase, length } });
    else parts.push({ id: N.response.id, params: { code, phrase } });
    const location = r.show(F.location);
    if (code === 304) parts.push({ id: N.not_modified.id });
    else if (code >= 300 && code < 400 && location !== undefined) parts.push({ id: N.redirect.id, params: { location } });
    else if (code >= 200 && code < 300) parts.push({ id: N.success.id });
    else if (code >= 400 && code < 500) parts.push({ id: N.client_error.id });
    else if (code >= 500 && code < 600) parts.push({ id: N.server_error.id });
  } else if (body) {
    parts.push({ id: N.continuation.id, params: { length } });
  } else {
    parts.push({ id: N.headers_only.id });
  }
  const cookies = r.all(F.cookie_pair).length;
  if (cookies > 0) parts.push({ id: N.cookies.id, params: { count: cookies } });
  const setCookies = r.all(F.set_cookie).length;
  if (setCookies > 0) parts.push({ id: N.sets_cookie.id, params: { count: setCookies } });
  if (r.field(F.authbasic)) parts.push({ id: N.credentials.id });
  if (chunks.length > 0) parts.push({ id: N.chunked.id, params: { count: chunks.length } });
  return parts;
}
