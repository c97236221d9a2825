import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpDissector } from '../../electron/dissect/protocols/http.js';
import { decodePayload, fieldNamed, PAYLOAD_OFFSET } from './application-dissector-harness.js';

const ascii = (s: string) => new TextEncoder().encode(s);

test('a request line splits into method, URI and version with their bytes', () => {
  const { layer, summary } = decodePayload(httpDissector, ascii('GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\n\r\n'));
  assert.equal(summary.info, 'GET /index.html HTTP/1.1');
  assert.equal(layer.osi, 7);
  const uri = fieldNamed(layer, 'http.request.uri');
  assert.deepEqual([uri.offset, uri.length, uri.show], [PAYLOAD_OFFSET + 4, 11, '/index.html']);
  const host = fieldNamed(layer, 'http.host');
  // Like Wireshark, a header field owns its whole line including CRLF.
  assert.deepEqual([host.offset, host.length, host.show], [PAYLOAD_OFFSET + 26, 19, 'example.com']);
  assert.equal(layer.length, 65);
});

test('a response shows its status code and the body after the blank line', () => {
  const { layer, summary } = decodePayload(httpDissector, ascii('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello'));
  assert.equal(summary.info, 'HTTP/1.1 200 OK  (text/html)');
  assert.equal(fieldNamed(layer, 'http.response.code').value, 200);
  const body = fieldNamed(layer, 'http.file_data');
  assert.deepEqual([body.offset, body.length], [PAYLOAD_OFFSET + 63, 5]);
});

test('a segment in the middle of a message is a continuation, all of its bytes kept', () => {
  const { layer, summary } = decodePayload(httpDissector, ascii('more body bytes'));
  assert.equal(summary.info, 'Continuation');
  assert.equal(fieldNamed(layer, 'http.continuation').length, 15);
});

test('headers cut by the end of the segment are flagged where they stop', () => {
  const { layer } = decodePayload(httpDissector, ascii('GET / HTTP/1.1\r\nHost: exa'));
  assert.match(layer.problems[0].message, /headers continue past this segment \(from offset 58\)/);
});

test('the packet list recognises exactly the request and status lines that the field tree takes apart', () => {
  // The grammar of a start line, as the field tree reads it; the packet list decides from the
  // bytes alone. Random lines built from the pieces that matter (and the near misses) must get
  // the same verdict both ways, and the same info text.
  const request = /^(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE) (\S+) (HTTP\/\d\.\d)$/;
  const status = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/;
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
    const detail = decodePayload(httpDissector, bytes, true);
    const list = decodePayload(httpDissector, bytes, false);
    assert.equal(list.summary.info, detail.summary.info, JSON.stringify(line));
    const names = detail.layer.fields.map((f) => f.name);
    const isRequest = request.test(line);
    const isStatus = !isRequest && status.test(line);
    assert.equal(names.includes('http.request.line_text'), isRequest, JSON.stringify(line));
    assert.equal(names.includes('http.response.line_text'), isStatus, JSON.stringify(line));
    if (isRequest || isStatus) assert.equal(list.summary.info, line, JSON.stringify(line));
    else if (line.length > 0) assert.equal(list.summary.info, 'Continuation', JSON.stringify(line));
    requests += isRequest ? 1 : 0;
    statuses += isStatus ? 1 : 0;
  }
  assert.ok(requests > 20 && statuses > 20, `${requests} request and ${statuses} status lines among the random ones`);
});
