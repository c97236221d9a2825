// HTTP/1.x (RFC 9112) as it appears in one TCP segment: the request or status line, the header
// lines, and the start of the body. Segments that do not start a message are shown as a
// continuation of the one before (Layerscope does not reassemble streams).

import type { Field } from '../field-model.js';
import type { Dissector } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-table.js';
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

const METHODS = /^(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE) (\S+) (HTTP\/\d\.\d)$/;
const STATUS = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;

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
  let cr = bytes.indexOf(13, at);
  while (cr >= 0 && cr + 1 < end && bytes[cr + 1] !== 10) cr = bytes.indexOf(13, cr + 1);
  if (cr < 0 || cr + 1 >= end || cr - at > 8192) return -1;
  return cr;
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
    b.title = 'Hypertext Transfer Protocol';
    ctx.summary.protocol = 'HTTP';
    const first = looksLikeStartLine(b.frame.bytes, at, stop) ? lineAt(b, at, stop) : null;
    const request = first && METHODS.exec(first.text);
    const status = first && !request ? STATUS.exec(first.text) : null;
    if (!first || (!request && !status)) {
      const hex = ctx.detail ? plainHex(b.bytes(at, stop - at)) : '';
      b.add(null, F.continuation, at, stop - at, hex, hex);
      b.title = 'Hypertext Transfer Protocol (continuation)';
      ctx.summary.info = 'Continuation';
      return undefined;
    }
    let line: Field;
    if (request) {
      line = b.add(null, F.request_line, at, first.next - at, first.text, first.text);
      const [, method, uri, version] = request;
      b.add(line, F.method, at, method.length, method, method);
      b.add(line, F.uri, at + method.length + 1, uri.length, uri, uri);
      b.add(line, F.request_version, at + method.length + uri.length + 2, version.length, version, version);
      ctx.summary.info = first.text;
    } else {
      const [, version, code, phrase = ''] = status!;
      line = b.add(null, F.status_line, at, first.next - at, first.text, first.text);
      b.add(line, F.response_version, at, version.length, version, version);
      b.add(line, F.code, at + version.length + 1, 3, Number(code), code);
      if (phrase) b.add(line, F.phrase, at + version.length + 5, phrase.length, phrase, phrase);
      ctx.summary.info = first.text;
    }
    b.title = `Hypertext Transfer Protocol, ${first.text}`;

    let pos = first.next;
    let contentType = '';
    const bytes = b.frame.bytes;
    for (;;) {
      if (!ctx.detail) {
        // The packet list needs only the header block's extent, its problems and the Content-Type:
        // scan the bytes and build no strings for the other lines.
        const cr = lineEnd(bytes, pos, stop);
        if (cr > pos) {
          let colon = bytes.indexOf(0x3a, pos);
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
        if (pos < stop) b.problem('warning', `The headers continue past this segment (from offset ${pos}); the rest is in a later segment`, pos);
        b.end = stop;
        break;
      }
      if (next.text === '') {
        b.add(null, F.end_of_headers, pos, 2, '\\r\\n', '\\r\\n');
        if (next.next < stop) {
          const hex = ctx.detail ? plainHex(b.bytes(next.next, stop - next.next)) : '';
          b.add(null, F.body, next.next, stop - next.next, hex, `${stop - next.next} bytes`);
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
      pos = next.next;
    }
    if (status && contentType) ctx.summary.info += `  (${contentType})`;
    return undefined;
  },
};
