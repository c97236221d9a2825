import { test } from 'node:test';
import assert from 'node:assert/strict';
import { http } from '../../electron/dissect/protocols/http.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { narrateLayers } from '../../electron/dissect/layer-narrative.js';
import { findField, type Layer } from '../../electron/dissect/field-model.js';
import { allFields, decodePayload, fieldNamed, PAYLOAD_OFFSET, treeLines } from './application-dissector-harness.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const codes = (layer: Layer) => layer.problems.map((p) => p.code);
const BODY = '<!doctype html><title>Example</title><p>Hello from the sample capture.</p>\n';
const REQUEST = 'GET /index.html?lang=en HTTP/1.1\r\nHost: example.com\r\nCookie: a=1; b=2\r\nX-Thing: y\r\n\r\n';
const RESPONSE = `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 75\r\nConnection: close\r\n\r\n${BODY}`;

function narrativeOf(layer: Layer): string {
  narrateLayers([layer], () => http.narrative);
  return layer.narrative!;
}

test('a request is shown as tshark shows it: its line taken apart, its header lines as sent', () => {
  const { layer, summary } = decodePayload(http, ascii(REQUEST));
  assert.equal(layer.osi, 7);
  assert.equal(layer.title, 'Hypertext Transfer Protocol');
  // tshark's info: the line and a space.
  assert.equal(summary.info, 'GET /index.html?lang=en HTTP/1.1 ');
  assert.deepEqual(treeLines(layer), [
    'GET /index.html?lang=en HTTP/1.1\\r\\n',
    '  Request Method: GET',
    '  Separator: " "',
    '  Request URI: /index.html?lang=en',
    '    Request URI Path: /index.html',
    '    Separator: "?"',
    '    Request URI Query: lang=en',
    '      Request URI Query Parameter: lang=en',
    '  Separator: " "',
    '  Request Version: HTTP/1.1',
    '  Line end: \\r\\n',
    'Host: example.com\\r\\n',
    'Cookie: a=1; b=2\\r\\n',
    '  Header name: Cookie',
    '  Cookie pair: a=1',
    '  Separator: "; "',
    '  Cookie pair: b=2',
    '  Line end: \\r\\n',
    'X-Thing: y\\r\\n',
    '\\r\\n',
    '[Full request URI: http://example.com/index.html?lang=en]',
  ]);
  // A header field owns its whole line, line end included; its value is what follows the colon.
  const host = fieldNamed(layer, 'http.host');
  assert.deepEqual([host.offset, host.length, host.show], [PAYLOAD_OFFSET + 34, 19, 'example.com']);
  // A header Layerscope has no name for is the request's line, as in tshark.
  assert.equal(fieldNamed(layer, 'http.request.line').show, 'X-Thing: y\r\n');
  assert.equal(layer.length, REQUEST.length);
  assert.deepEqual(codes(layer), []);
  assert.equal(narrativeOf(layer), 'HTTP GET /index.html?lang=en to example.com; sends 2 cookies back to the server');
});

test('a response shows its status, what the code means, and its body as file data', () => {
  const { layer, summary } = decodePayload(http, ascii(RESPONSE));
  // The media type follows, as tshark's text decoder adds it.
  assert.equal(summary.info, 'HTTP/1.1 200 OK  (text/html)');
  assert.deepEqual(treeLines(layer), [
    'HTTP/1.1 200 OK\\r\\n',
    '  Response Version: HTTP/1.1',
    '  Separator: " "',
    '  Status Code: 200',
    '  [Status Code Description: OK]',
    '  Separator: " "',
    '  Response Phrase: OK',
    '  Line end: \\r\\n',
    'Content-Type: text/html\\r\\n',
    'Content-Length: 75\\r\\n',
    '  [Content length: 75]',
    'Connection: close\\r\\n',
    '\\r\\n',
    'File Data: 75 bytes',
  ]);
  const body = fieldNamed(layer, 'http.file_data');
  assert.deepEqual([body.offset, body.length, body.show], [PAYLOAD_OFFSET + RESPONSE.length - 75, 75, BODY]);
  assert.equal(narrativeOf(layer), 'HTTP response 200 OK, 75 bytes of text/html; the request succeeded');
});

test('a request and its response are paired within their connection, with the time it took', () => {
  const state = new DissectState();
  const client = { stream: 0, state };
  const server = { stream: 0, state };
  decodePayload(http, ascii(REQUEST), { ...client, number: 1 });
  const response = decodePayload(http, ascii(RESPONSE), { ...server, number: 2, nanos: 21_478_000 }).layer;
  const second = decodePayload(http, ascii('GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n'), { ...client, number: 3, nanos: 30_000_000 }).layer;
  assert.deepEqual(treeLines(response).slice(-5, -1), [
    '[HTTP response 1/1]',
    '[Time since request: 0.021478000 seconds]',
    '[Request in frame: 1]',
    '[Request URI: http://example.com/index.html?lang=en]',
  ]);
  assert.deepEqual(treeLines(second).slice(-2), ['[HTTP request 2/2]', '[Prev request in frame: 1]']);
  // Decoded again later (details after the packet list), the first request knows its answer.
  const again = decodePayload(http, ascii(REQUEST), { ...client, number: 1 }).layer;
  assert.deepEqual(treeLines(again).slice(-3), ['[HTTP request 1/2]', '[Response in frame: 2]', '[Next request in frame: 3]']);
  // Another connection's request in between changes nothing in this one.
  decodePayload(http, ascii('GET /other HTTP/1.1\r\nHost: example.org\r\n\r\n'), { stream: 1, state, number: 4 });
  const answer = treeLines(decodePayload(http, ascii(RESPONSE), { ...server, number: 2, nanos: 21_478_000 }).layer);
  assert.ok(answer.includes('[HTTP response 1/2]') && answer.includes('[Next request in frame: 3]') && answer.includes('[Request in frame: 1]'), answer.join('\n'));
  const other = treeLines(decodePayload(http, ascii('GET /other HTTP/1.1\r\nHost: example.org\r\n\r\n'), { stream: 1, state, number: 4 }).layer);
  assert.deepEqual(other.slice(-1), ['[HTTP request 1/1]']);
});

test('the full URI is the request\'s own: the same line to another host is another URI, the same one again the same', () => {
  const state = new DissectState();
  const uri = (number: number, host: string) => {
    const layer = decodePayload(http, ascii(`GET /index.html HTTP/1.1\r\nHost: ${host}\r\n\r\n`), { stream: number, state, number }).layer;
    return fieldNamed(layer, 'http.request.full_uri').show;
  };
  assert.equal(uri(1, 'a.example'), 'http://a.example/index.html');
  assert.equal(uri(2, 'b.example'), 'http://b.example/index.html');
  assert.equal(uri(3, 'a.example'), 'http://a.example/index.html');
});

test('a chunked body is shown chunk by chunk, and put back together as file data', () => {
  const { layer } = decodePayload(http, ascii('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'));
  assert.deepEqual(treeLines(layer).slice(10), [
    'HTTP chunked response',
    '  Data chunk (5 octets)',
    '    Chunk size: 5 octets',
    '    Chunk data: 68656c6c6f',
    '    Chunk boundary: 0d0a',
    '  Data chunk (6 octets)',
    '    Chunk size: 6 octets',
    '    Chunk data: 20776f726c64',
    '    Chunk boundary: 0d0a',
    '  End of chunked encoding',
    '    Chunk size: 0 octets',
    '    \\r\\n',
    'File Data: 11 bytes',
  ]);
  assert.equal(fieldNamed(layer, 'http.file_data').show, 'hello world');
  assert.deepEqual(codes(layer), []);
});

test('Basic credentials are decoded, to show how readable they are', () => {
  const { layer } = decodePayload(http, ascii('POST /form HTTP/1.1\r\nHost: example.com\r\nAuthorization: Basic dXNlcjpwYXNz\r\nContent-Length: 3\r\n\r\na=1'));
  const credentials = fieldNamed(layer, 'http.authbasic');
  assert.deepEqual([credentials.showname, credentials.generated], ['Credentials: user:pass', true]);
  assert.equal(narrativeOf(layer), 'HTTP POST /form to example.com; sends 3 bytes of data; sends a user name and password that anyone on the path can read (Basic authentication)');
});

test('a segment in the middle of a message is a continuation, all of its bytes kept', () => {
  const { layer, summary } = decodePayload(http, ascii('more body bytes'));
  assert.equal(summary.info, 'Continuation');
  assert.deepEqual(treeLines(layer), ['File Data: 15 bytes', 'Data: 6d6f726520626f6479206279746573', '  [Length: 15]']);
  assert.equal(narrativeOf(layer), 'HTTP continuation: 15 bytes of a message that began in an earlier segment');
});

test('a line that is no header ends the headers; what follows continues something else', () => {
  const { layer, summary } = decodePayload(http, ascii('HEAD / HTTP/1.1\r\nHost: h\r\nno colon here\r\n\r\n'));
  assert.equal(summary.info, 'HEAD / HTTP/1.1 Continuation');
  assert.equal(fieldNamed(layer, 'http.file_data').offset, PAYLOAD_OFFSET + 26);
});

test('header lines whose first line was in an earlier segment leave the columns to TCP', () => {
  const { layer, summary } = decodePayload(http, ascii('hello, server: this is forty-two bytes!!\r\n'));
  assert.equal(summary.protocol, '');
  assert.equal(fieldNamed(layer, 'http.unknown_header').showname, 'hello, server: this is forty-two bytes!!\\r\\n');
  // Spaces and commas cannot be in a header name.
  assert.deepEqual(codes(layer), ['http.bad_header_name', 'http.headers_continue']);
});

test('headers cut by the end of the segment are flagged where they stop', () => {
  const { layer } = decodePayload(http, ascii('GET / HTTP/1.1\r\nHost: exa'));
  assert.deepEqual(codes(layer), ['http.headers_continue']);
  assert.equal(layer.problems[0].offset, PAYLOAD_OFFSET + 16);
  assert.equal(fieldNamed(layer, 'http.incomplete_line').showname, 'Incomplete line: Host: exa');
  assert.equal(layer.length, 25);
});

test('a message the snap length cut says so where the capture stopped, and its bytes stay HTTP\'s', () => {
  const whole = ascii(RESPONSE);
  for (const [keep, field] of [[10, 'http.response.line_text'], [40, 'http.incomplete_line'], [100, 'http.file_data']] as const) {
    const { layer } = decodePayload(http, whole.subarray(0, keep), { onTheWire: whole.length });
    assert.equal(layer.length, keep, `cut after ${keep} bytes`);
    assert.deepEqual(layer.problems.map((p) => [p.code, p.field]), [['packet.cut_by_snaplen', field]], `cut after ${keep} bytes`);
  }
  // The body's bytes after the headers were not captured at all.
  const headers = RESPONSE.length - 75;
  const { layer } = decodePayload(http, whole.subarray(0, headers), { onTheWire: whole.length });
  assert.deepEqual(layer.problems.map((p) => [p.code, p.offset]), [['packet.cut_by_snaplen', PAYLOAD_OFFSET + headers]]);
  // Whole, a body shorter than its Content-Length is only the start of it (the rest comes later): no problem.
  assert.deepEqual(codes(decodePayload(http, whole.subarray(0, 100)).layer), []);
});

test('the packet list recognises exactly the request and status lines that the field tree takes apart', () => {
  // A line is a request when it starts with a method and a space (or is the method alone), a
  // response when it starts with "HTTP/", as tshark decides. The packet list decides from the
  // bytes; random lines built from the pieces that matter (and the near misses) must get the same
  // verdict both ways, and the same info text.
  const request = /^(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE)( |$)/;
  const status = /^HTTP\//;
  const methods = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'GETS', 'Get', 'PUTT', ''];
  const separators = [' ', ' ', ' ', '  ', '\t', '', '\xa0'];
  const uris = ['/', '/index.html', '*', 'http://h/x?q=1', '/a\rb', '/a b', '/a\xa0b', '/é', '', '/\x85'];
  const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.', 'HTTP/x.1', 'HTTP/1.1 ', 'http/1.1', 'HTTP/11.1', 'HTTP/1,1'];
  const codes = ['200', '404', '20', '2000', 'abc', '2x0'];
  const phrases = ['', ' OK', ' Not Found', ' ', '  spaced  ', ' a\rb', ' é', 'OK', ' a\nb'];
  let seed = 7;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const pick = (list: string[]) => list[random(list.length)];
  let requests = 0;
  let statuses = 0;
  for (let i = 0; i < 4000; i++) {
    const line = random(2) === 0
      ? pick(methods) + pick(separators) + pick(uris) + pick(separators) + pick(versions)
      : pick(versions) + pick(separators) + pick(codes) + pick(phrases);
    const bytes = Uint8Array.from([...`${line}\r\nHost: h\r\n\r\n`].map((c) => c.charCodeAt(0)));
    const detail = decodePayload(http, bytes, true);
    const list = decodePayload(http, bytes, false);
    assert.equal(list.summary.info, detail.summary.info, JSON.stringify(line));
    // The first line as the message's (a "\n" in it ends it there).
    const first = line.split('\n')[0].replace(/\r$/, '');
    const names = detail.layer.fields.map((f) => f.name);
    const isRequest = request.test(first);
    const isStatus = !isRequest && status.test(first);
    assert.equal(names[0] === 'http.request.line_text', isRequest, JSON.stringify(line));
    assert.equal(names[0] === 'http.response.line_text', isStatus, JSON.stringify(line));
    if (isRequest || isStatus) assert.ok(list.summary.info.startsWith(`${first} `), JSON.stringify(line));
    requests += isRequest ? 1 : 0;
    statuses += isStatus ? 1 : 0;
  }
  assert.ok(requests > 20 && statuses > 20, `${requests} request and ${statuses} status lines among the random ones`);
});

test('every byte of a message belongs to a field with no parts, so nothing is silently dropped', () => {
  const { layer } = decodePayload(http, ascii(`${REQUEST.replace('\r\n\r\n', '\r\nAuthorization: Basic dXNlcjpwYXNz\r\n\r\n')}`));
  const owned = new Uint8Array(layer.length);
  for (const f of allFields(layer.fields)) if (!f.children.some((c) => c.length > 0)) owned.fill(1, f.offset - PAYLOAD_OFFSET, f.offset - PAYLOAD_OFFSET + f.length);
  assert.equal(owned.indexOf(0), -1);
  assert.ok(findField(layer.fields, 'http.cookie_pair'));
});
