import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpDissector } from '../../electron/dissect/protocols/http-dissector.js';
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
