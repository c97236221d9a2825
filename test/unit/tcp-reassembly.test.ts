// TCP stream reassembly under large and hostile input: more incomplete HTTP messages than the
// bytes held for them allow (the oldest dropped with a note, later ones still reassembled), a
// message longer than that (not reassembled, with a note), headers that never end (given up after
// 64 KiB, each packet in bounded time); and what depends on order is decided at first sight and
// replayed: trees decoded later in any order equal those decoded in order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveArrayBufferBytes } from './live-memory.js';
import { dissectFrame, summarizeFrame, type FrameInput } from '../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import type { DissectedPacket } from '../../electron/dissect/field-model.js';
import { MAX_HELD } from '../../electron/dissect/protocols/tcp-reassembly.js';
import { allProblems, invariantViolations } from './dissection-invariants.js';

const LINKTYPE_ETHERNET = 1;
const enc = (s: string) => new TextEncoder().encode(s);

/** An Ethernet frame with a TCP segment (ACK|PSH) from 192.0.2.`src`:`sport` to 192.0.2.2:80, or back. */
function segment(sport: number, seq: number, payload: Uint8Array, toServer = false, src = 1): Uint8Array {
  const frame = new Uint8Array(14 + 20 + 20 + payload.length);
  frame.set([2, 0, 0, 0, 0, 0xb, 2, 0, 0, 0, 0, 0xa, 0x08, 0x00]);
  const ip = frame.subarray(14);
  const total = 40 + payload.length;
  const [a, b] = toServer ? [src, 2] : [2, src];
  ip.set([0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, a, 192, 0, 2, b]);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (ip[i] << 8) | ip[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  ip[10] = (~sum >> 8) & 0xff;
  ip[11] = ~sum & 0xff;
  const tcp = frame.subarray(34);
  const [sp, dp] = toServer ? [sport, 80] : [80, sport];
  tcp.set([sp >> 8, sp & 0xff, dp >> 8, dp & 0xff, (seq >>> 24) & 0xff, (seq >>> 16) & 0xff, (seq >>> 8) & 0xff, seq & 0xff, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff]);
  tcp.set(payload, 20);
  return frame;
}

function input(number: number, data: Uint8Array): FrameInput {
  return { number, linkType: LINKTYPE_ETHERNET, data, originalLength: data.length, seconds: 0, nanos: 0, relativeTime: 0, interfaceId: 0 };
}

function listAll(frames: Uint8Array[], state: DissectState): void {
  frames.forEach((f, i) => summarizeFrame(input(i + 1, f), state));
  state.frameBytes = (n) => frames[n - 1];
}

function tree(frames: Uint8Array[], state: DissectState, n: number): DissectedPacket {
  return dissectFrame(input(n, frames[n - 1]), { detail: true, state });
}

function codes(p: DissectedPacket): string[] {
  return allProblems(p).map((x) => x.code);
}

/** A response with a Content-Length of `length` bytes, its headers and the first `first` bytes of its body. */
function responseStart(length: number, first: number): Uint8Array {
  const head = enc(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${length}\r\n\r\n`);
  const out = new Uint8Array(head.length + first);
  out.set(head);
  out.fill(0x61, head.length);
  return out;
}

test('a response over three segments is decoded where it completes, and its earlier segments say so', () => {
  const whole = responseStart(3000, 3000);
  const parts = [whole.subarray(0, 1000), whole.subarray(1000, 2000), whole.subarray(2000)];
  const frames = parts.map((p, i) => segment(40000, 1000 + i * 1000, p));
  const state = new DissectState();
  listAll(frames, state);
  const [first, , last] = [1, 2, 3].map((n) => tree(frames, state, n));
  assert.match(first.summary.info, /\[TCP segment of a reassembled PDU\]$/);
  assert.equal(first.summary.protocol, 'TCP');
  assert.equal(last.summary.protocol, 'HTTP');
  assert.equal(last.sources![0].name, 'Reassembled TCP');
  assert.equal(last.sources![0].bytesHex.length / 2, whole.length);
  assert.equal(last.layers.find((l) => l.protocol === 'http')?.source, 1);
  assert.deepEqual(invariantViolations(last), []);
});

test(`bytes of incomplete messages are held up to ${MAX_HELD} bytes: the oldest are dropped with a note, later ones still reassembled`, () => {
  const state = new DissectState();
  const frames: Uint8Array[] = [];
  // 400 connections whose 60 KB responses never end: 24 MB of first segments.
  for (let i = 0; i < 400; i++) frames.push(segment(20000 + i, 1, responseStart(100000, 60000)));
  const whole = responseStart(50, 50);
  frames.push(segment(50000, 1, whole.subarray(0, 40)), segment(50000, 41, whole.subarray(40)));
  const memoryBefore = liveArrayBufferBytes();
  const started = process.cpuUsage();
  listAll(frames, state);
  const used = process.cpuUsage(started);
  assert.ok((used.user + used.system) / 1000 < 5000);
  assert.ok(liveArrayBufferBytes() - memoryBefore < MAX_HELD * 1.5, 'the bytes held stay under the cap');
  const notes = [100, 200, 300, 400].map((n) => tree(frames, state, n)).flatMap(codes);
  assert.ok(notes.includes('tcp.reassembly.dropped'), 'some packet says messages were dropped');
  const done = tree(frames, state, frames.length);
  assert.equal(done.summary.protocol, 'HTTP');
  assert.equal(done.layers.find((l) => l.protocol === 'http')?.source, 1);
});

test('a message longer than the bytes held is not reassembled, with a note', () => {
  const state = new DissectState();
  const frames = [segment(40000, 1, responseStart(MAX_HELD + 1, 100))];
  listAll(frames, state);
  const p = tree(frames, state, 1);
  assert.ok(codes(p).includes('tcp.reassembly.too_long'));
  assert.equal(p.summary.protocol, 'HTTP');
});

test('headers that never end are given up after 64 KiB, in bounded time', () => {
  const state = new DissectState();
  const frames: Uint8Array[] = [segment(40000, 1, enc('GET / HTTP/1.1\r\n'), true)];
  // 4,000 segments of one header line that never ends (100 bytes each, no line end).
  for (let i = 0; i < 4000; i++) frames.push(segment(40000, 17 + i * 100, new Uint8Array(100).fill(0x78), true));
  const started = process.cpuUsage();
  listAll(frames, state);
  const used = process.cpuUsage(started);
  assert.ok((used.user + used.system) / 1000 < 3000, `${(used.user + used.system) / 1000} ms`);
  assert.match(tree(frames, state, 2).summary.info, /reassembled PDU/);
  for (const n of [700, 4001]) assert.deepEqual(invariantViolations(tree(frames, state, n)), []);
});

test('decoded again in any order, every packet decodes as it did in order', () => {
  const whole = responseStart(2000, 2000);
  const frames = [segment(40000, 1, whole.subarray(0, 700)), segment(40000, 1401, whole.subarray(1400)), segment(40000, 701, whole.subarray(700, 1400))];
  const inOrder = new DissectState();
  listAll(frames, inOrder);
  const expected = [1, 2, 3].map((n) => JSON.stringify(tree(frames, inOrder, n)));
  const reversed = new DissectState(true);
  listAll(frames, reversed);
  const got = [3, 2, 1].map((n) => JSON.stringify(tree(frames, reversed, n))).reverse();
  assert.deepEqual(got, expected);
  // The segment sent after a gap waits for it; the out-of-order one (the third) fills it and completes the message.
  assert.equal(JSON.parse(expected[1]).summary.protocol, 'TCP');
  assert.equal(JSON.parse(expected[2]).summary.protocol, 'HTTP');
});
