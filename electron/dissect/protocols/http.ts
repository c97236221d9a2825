// HTTP/1.x (RFC 9112) as it appears in one TCP segment: the request or status line, the header
// lines, and the start of the body. Segments that do not start a message are shown as a
// continuation of the one before (Layerscope does not reassemble streams).

import type { Field } from '../field-model.js';
import type { Dissector, ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { plainHex } from '../display-format.js';

const F = defineFields('http', {
  request_line: { name: 'http.request.line_text', label: 'Request line', description: 'The first line of a request: what to do (the method), to which resource, in which HTTP version.', rfc: 'RFC 9112 §3' },
  status_line: { name: 'http.response.line_text', label: 'Status line', description: 'The first line of a response: the HTTP version, a status code and its reason phrase.', rfc: 'RFC 9112 §4' },
  method: { name: 'http.request.method', label: 'Request Method', description: 'What the client wants done: GET fetches, POST submits, HEAD asks for headers only.', rfc: 'RFC 9110 §9' },
  uri: { name: 'http.request.uri', label: 'Request URI', description: 'Which resource on the server the request is about.', rfc: 'RFC 9112 §3.2' },
  request_version: { name: 'http.request.version', label: 'Request Version', description: 'The HTTP version the client speaks.', rfc: 'RFC 9112 §2.3' },
  response_version: { name: 'http.response.version', label: 'Response Version', description: 'The HTTP version the server speaks.', rfc: 'RFC 9112 §2.3' },
  code: { name: 'http.response.code', label: 'Status Code', description: 'How the request went: 2xx success, 3xx go elsewhere, 4xx client mistake, 5xx server trouble.', rfc: 'RFC 9110 §15' },
  phrase: { name: 'http.response.phrase', label: 'Response Phrase', description: 'A human-readable word or two for the status code.', rfc: 'RFC 9112 §4' },
  host: { name: 'http.host', label: 'Host', description: 'Which website the client wants, so one server can host many.', rfc: 'RFC 9110 §7.2' },
  user_agent: { name: 'http.user_agent', label: 'User-Agent', description: 'The program making the request.', rfc: 'RFC 9110 §10.1.5' },
  content_type: { name: 'http.content_type', label: 'Content-Type', description: 'The format of the body (text/html, application/json...).', rfc: 'RFC 9110 §8.3' },
  content_length: { name: 'http.content_length_header', label: 'Content-Length', description: 'How many bytes the body has, so the reader knows where the message ends.', rfc: 'RFC 9110 §8.6' },
  server: { name: 'http.server', label: 'Server', description: 'The software answering the request.', rfc: 'RFC 9110 §10.2.4' },
  connection: { name: 'http.connection', label: 'Connection', description: 'Whether the TCP connection stays open for more requests (keep-alive) or closes.', rfc: 'RFC 9110 §7.6.1' },
  accept: { name: 'http.accept', label: 'Accept', description: 'The formats the client is able to read.', rfc: 'RFC 9110 §12.5.1' },
  header: { name: 'http.header', label: 'Header', description: 'A "Name: value" line giving extra information about the message.', rfc: 'RFC 9110 §5' },
  end_of_headers: { name: 'http.end_of_headers', label: 'End of headers', description: 'An empty line: the headers end here and the body (if any) begins.', rfc: 'RFC 9112 §2.1' },
  body: { name: 'http.file_data', label: 'Body', description: 'The content being transferred: a web page, an image, form data...', rfc: 'RFC 9110 §6.4' },
  code_desc: { name: 'http.response.code.desc', label: 'Status Code Description', description: 'What the status code means, as the HTTP specification names it (the reason phrase sent may differ).', rfc: 'RFC 9110 §15' },
  content_length_value: { name: 'http.content_length', label: 'Content length', description: 'The Content-Length header\'s value as a number of bytes.', rfc: 'RFC 9110 §8.6' },
  full_uri: { name: 'http.request.full_uri', label: 'Full request URI', description: 'The address the request is for, put together from the Host header and the request URI.', rfc: 'RFC 9112 §3.3' },
  separator: { name: 'http.separator', label: 'Space', description: 'One space separating the parts of the first line; HTTP/1.x is plain text split by spaces and line ends.', rfc: 'RFC 9112 §3' },
  line_end: { name: 'http.line_end', label: 'Line end (CR LF)', description: 'A carriage return and a line feed: every line of an HTTP/1.x header ends with these two bytes.', rfc: 'RFC 9112 §2.2' },
  continuation: { name: 'http.continuation', label: 'Continuation', description: 'More bytes of a message that started in an earlier segment.', rfc: 'RFC 9112 §6' },
});

const KNOWN_HEADERS: Record<string, FieldSpec> = {
  host: F.host,
  'user-agent': F.user_agent,
  'content-type': F.content_type,
  'content-length': F.content_length,
  server: F.server,
  connection: F.connection,
  accept: F.accept,
};

/** The start of a request or status line, to recognise one the snap length cut before its end. */
const START_LINE_BEGINNING = /^(?:(?:GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE) |HTTP\/)/;

/** The specification's name for common status codes. */
const STATUS_TEXT: Record<number, string | undefined> = {
  100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content',
  301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** What the packet list uses for a start line's parts, which it never shows. */
const NO_PARTS: readonly string[] = ['', '', '', '', ''];

const METHODS = /^(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE) (\S+) (HTTP\/\d\.\d)$/;
const STATUS = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;
const METHOD_NAMES = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE'];

const NOT_A_START_LINE = 0;
const REQUEST_LINE = 1;
const STATUS_LINE = 2;

/**
 * Which of METHODS and STATUS the line [at, end) read as Latin-1 matches, decided on its bytes:
 * the packet list asks this of every segment on port 80.
 */
function startLineKind(bytes: Uint8Array, at: number, end: number): number {
  if (isVersion(bytes, at, end) && end - at >= 12 && bytes[at + 8] === 0x20 && isDigit(bytes[at + 9]) && isDigit(bytes[at + 10]) && isDigit(bytes[at + 11])) {
    if (end === at + 12) return STATUS_LINE;
    if (bytes[at + 12] !== 0x20) return NOT_A_START_LINE;
    // The reason phrase: anything but a line terminator ("." in a regular expression).
    for (let i = at + 13; i < end; i++) if (bytes[i] === 0x0a || bytes[i] === 0x0d) return NOT_A_START_LINE;
    return STATUS_LINE;
  }
  for (const name of METHOD_NAMES) {
    const uri = at + name.length + 1;
    if (uri > end || bytes[uri - 1] !== 0x20 || !startsWithAscii(bytes, at, name)) continue;
    // METHOD SP URI SP HTTP/d.d, the URI one or more characters that are not white space.
    const version = end - 8;
    if (version - 1 <= uri || bytes[version - 1] !== 0x20 || !isVersion(bytes, version, end)) return NOT_A_START_LINE;
    for (let i = uri; i < version - 1; i++) if (isWhiteSpace(bytes[i])) return NOT_A_START_LINE;
    return REQUEST_LINE;
  }
  return NOT_A_START_LINE;
}

/** "HTTP/d.d" at `at`. */
function isVersion(bytes: Uint8Array, at: number, end: number): boolean {
  return end - at >= 8 && startsWithAscii(bytes, at, 'HTTP/') && isDigit(bytes[at + 5]) && bytes[at + 6] === 0x2e && isDigit(bytes[at + 7]);
}

function startsWithAscii(bytes: Uint8Array, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** What "\s" matches among Latin-1 characters. */
function isWhiteSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
}

/** The line starting at `at` (without CRLF) and where the next line starts; null if unterminated. */
function lineAt(b: LayerBuilder, at: number, end: number): { text: string; next: number } | null {
  // Find the line end first, so a segment that is not HTTP text costs one scan and no strings.
  const bytes = b.frame.bytes;
  const cr = lineEnd(bytes, at, end);
  if (cr < 0) return null;
  return { text: latin1(bytes, at, cr), next: cr + 2 };
}

/** Where the CRLF ending the line at `at` starts, or -1 if the line is unterminated (or absurdly long). */
function lineEnd(bytes: Uint8Array, at: number, end: number): number {
  // A plain loop: lines are short, and indexOf's call costs more than scanning them.
  const last = Math.min(end - 1, at + 8193);
  for (let i = at; i < last; i++) if (bytes[i] === 13 && bytes[i + 1] === 10) return i;
  return -1;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  // One call per line (lines are at most 8 KiB, well within the argument limit).
  return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
}

const CONTENT_TYPE = 'content-type';

/** Whether the header line at `at` is named Content-Type (any case), its colon at `colon`. */
function isContentType(bytes: Uint8Array, at: number, colon: number): boolean {
  if (colon - at !== CONTENT_TYPE.length) return false;
  for (let i = 0; i < CONTENT_TYPE.length; i++) {
    const want = CONTENT_TYPE.charCodeAt(i);
    const got = bytes[at + i];
    if (got !== want && !(want >= 0x61 && want <= 0x7a && got === want - 0x20)) return false;
  }
  return true;
}

/** Whether the segment starts like a request or status line: a cheap test before any parsing. */
function looksLikeStartLine(bytes: Uint8Array, at: number, end: number): boolean {
  if (end - at < 4) return false;
  const c = bytes[at];
  // Methods are upper-case ASCII letters; responses start with "HTTP/".
  return c >= 65 && c <= 90 && bytes[at + 1] >= 65 && bytes[at + 1] <= 90;
}

export const httpDissector: Dissector = {
  place: { protocol: 'http', osi: 7, tcpip: 'application' },
  dissect(b, ctx, end) {
    const at = b.start;
    const stop = Math.min(end, b.captured);
    // The snap length cut this segment's payload: what was lost is said where it happened.
    const cut = (ctx.network?.payloadEnd ?? end) > stop && stop === b.captured;
    b.title = 'Hypertext Transfer Protocol';
    if (at >= stop) {
      // Nothing of the payload was captured; the TCP columns stay, as in tshark.
      if (cut) b.problem('warning', `The HTTP payload (at offset ${at}) was cut off by the capture's snap length (${b.capturedText()})`, at, F.continuation.name);
      return undefined;
    }
    ctx.columns.protocol = 'HTTP';
    const lineBytes = b.frame.bytes;
    const cr = looksLikeStartLine(lineBytes, at, stop) ? lineEnd(lineBytes, at, stop) : -1;
    // The packet list needs only which kind of line it is, read from the bytes; the field tree
    // takes the line apart as a string.
    const kind = cr < 0 ? NOT_A_START_LINE : startLineKind(lineBytes, at, cr);
    const request = kind === REQUEST_LINE;
    const status = kind === STATUS_LINE;
    const first = cr < 0 ? null : { text: ctx.detail ? latin1(lineBytes, at, cr) : '', next: cr + 2 };
    if (!first && cut && looksLikeStartLine(b.frame.bytes, at, stop) && stop - at <= 8192) {
      const partial = latin1(b.frame.bytes, at, stop);
      if (START_LINE_BEGINNING.test(partial)) {
        const spec = partial.startsWith('HTTP/') ? F.status_line : F.request_line;
        const line = b.add(null, spec, at, stop - at, partial, partial);
        b.problem('warning', `${spec.label} (at offset ${at}) was cut off by the capture's snap length after ${stop - at} bytes (${b.capturedText()})`, at, spec.name, line);
        b.title = `Hypertext Transfer Protocol, ${partial} [cut off]`;
        ctx.columns.info.set(partial);
        return undefined;
      }
    }
    if (!first || (!request && !status)) {
      const hex = ctx.detail ? plainHex(b.bytes(at, stop - at)) : '';
      const data = b.add(null, F.continuation, at, stop - at, hex, hex);
      if (cut) b.problem('warning', `The HTTP continuation data (at offset ${at}) was cut off by the capture's snap length after ${stop - at} bytes (${b.capturedText()})`, at, F.continuation.name, data);
      b.title = 'Hypertext Transfer Protocol (continuation)';
      ctx.columns.info.set('Continuation');
      return undefined;
    }
    let line: Field;
    if (request) {
      line = b.add(null, F.request_line, at, first.next - at, first.text, first.text);
      const [, method, uri, version] = ctx.detail ? METHODS.exec(first.text)! : NO_PARTS;
      b.add(line, F.method, at, method.length, method, method);
      b.add(line, F.separator, at + method.length, 1, ' ', ' ');
      b.add(line, F.uri, at + method.length + 1, uri.length, uri, uri);
      b.add(line, F.separator, at + method.length + uri.length + 1, 1, ' ', ' ');
      b.add(line, F.request_version, at + method.length + uri.length + 2, version.length, version, version);
      ctx.columns.info.clear().latin1(lineBytes, at, cr);
    } else {
      const [, version, code, phrase = ''] = ctx.detail ? STATUS.exec(first.text)! : NO_PARTS;
      line = b.add(null, F.status_line, at, first.next - at, first.text, first.text);
      b.add(line, F.response_version, at, version.length, version, version);
      b.add(line, F.separator, at + version.length, 1, ' ', ' ');
      b.add(line, F.code, at + version.length + 1, 3, Number(code), code);
      const description = STATUS_TEXT[Number(code)];
      if (description) b.add(line, F.code_desc, at + version.length + 1, 3, description, description);
      if (first.text.length > version.length + 4) b.add(line, F.separator, at + version.length + 4, 1, ' ', ' ');
      if (phrase) b.add(line, F.phrase, at + version.length + 5, phrase.length, phrase, phrase);
      ctx.columns.info.clear().latin1(lineBytes, at, cr);
    }
    b.add(line, F.line_end, first.next - 2, 2, '\\r\\n', '\\r\\n');
    if (ctx.detail) b.title = `Hypertext Transfer Protocol, ${first.text}`;

    let pos = first.next;
    let contentType = '';
    let host = '';
    const bytes = b.frame.bytes;
    for (;;) {
      if (!ctx.detail) {
        // The packet list needs only the header block's extent, its problems and the Content-Type:
        // scan the bytes and build no strings for the other lines.
        const cr = lineEnd(bytes, pos, stop);
        if (cr > pos) {
          let colon = pos;
          while (colon < cr && bytes[colon] !== 0x3a) colon++;
          if (colon >= cr) colon = -1;
          b.add(null, F.header, pos, cr + 2 - pos, '', '');
          if (colon <= pos) b.problem('warning', `Header line at offset ${pos} has no "name: value" colon`, pos, F.header.name);
          else if (status && isContentType(bytes, pos, colon)) contentType = latin1(bytes, colon + 1, cr).trim();
          pos = cr + 2;
          continue;
        }
      }
      const next = lineAt(b, pos, stop);
      if (!next) {
        if (pos < stop) {
          // A header line without its line end: cut by the snap length, or continued in a later segment.
          const partial = stop - pos <= 8192 ? latin1(bytes, pos, stop) : '';
          const colon = partial.indexOf(':');
          const name = colon > 0 ? partial.slice(0, colon) : partial;
          const spec = partial === '\r' ? F.end_of_headers : KNOWN_HEADERS[name.toLowerCase()] ?? (ctx.detail ? { ...F.header, label: name } : F.header);
          const value = colon > 0 ? partial.slice(colon + 1).trim() : '';
          const field = b.add(null, spec, pos, stop - pos, value, value);
          if (cut) b.problem('warning', `${spec === F.end_of_headers ? 'The end of the headers' : `The header line ${JSON.stringify(name)}`} (at offset ${pos}) was cut off by the capture's snap length (${b.capturedText()})`, pos, spec.name, field);
          else b.problem('warning', `The headers continue past this segment (from offset ${pos}); the rest is in a later segment`, pos, spec.name, field);
        } else if (cut) {
          b.problem('warning', `The rest of the HTTP headers (at offset ${pos}) was cut off by the capture's snap length (${b.capturedText()})`, pos, F.header.name);
        }
        break;
      }
      if (next.text === '') {
        b.add(null, F.end_of_headers, pos, 2, '\\r\\n', '\\r\\n');
        if (next.next < stop) {
          const hex = ctx.detail ? plainHex(b.bytes(next.next, stop - next.next)) : '';
          const body = b.add(null, F.body, next.next, stop - next.next, hex, ctx.detail ? bodyText(bytes, next.next, stop) : '');
          if (cut) b.problem('warning', `The HTTP body (at offset ${next.next}) was cut off by the capture's snap length after ${stop - next.next} bytes (${b.capturedText()})`, next.next, F.body.name, body);
        } else if (cut) {
          b.problem('warning', `The HTTP body (at offset ${next.next}) was cut off by the capture's snap length (${b.capturedText()})`, next.next, F.body.name);
        }
        break;
      }
      const colon = next.text.indexOf(':');
      const name = colon > 0 ? next.text.slice(0, colon) : next.text;
      const value = colon > 0 ? next.text.slice(colon + 1).trim() : '';
      const spec = KNOWN_HEADERS[name.toLowerCase()];
      const field = b.add(null, spec ?? { ...F.header, label: name }, pos, next.next - pos, value, value);
      if (colon <= 0) b.problem('warning', `Header line at offset ${pos} has no "name: value" colon`, pos, F.header.name, field);
      if (name.toLowerCase() === 'content-type') contentType = value;
      else if (spec === F.host) host = value;
      else if (spec === F.content_length && /^\d+$/.test(value)) b.add(field, F.content_length_value, pos, next.next - pos, Number(value), value);
      pos = next.next;
    }
    if (request && host && ctx.detail) {
      const full = `http://${host}${METHODS.exec(first.text)![2]}`;
      b.add(null, F.full_uri, at, 0, full, full);
    }
    if (status && contentType) ctx.columns.info.text('  (').text(contentType).char(0x29);
    return undefined;
  },
};

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

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const http = { ...httpDissector, name: 'HTTP', fields: {}, registrations: [{ table: 'tcp.port', keys: [80, 8080] }] } as unknown as ProtocolModule;
