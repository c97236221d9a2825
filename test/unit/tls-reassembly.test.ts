// TLS records over TCP segments, at scale and out of order: a bulk transfer whose every segment
// ends one record and starts the next holds one record at a time and decodes each in the segment
// that completes it; more unfinished records than the bytes held for reassembly allow are dropped,
// oldest first, with a note; and trees decoded later, in any order, equal those decoded in order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveArrayBufferBytes } from './live-memory.js';
import { dissectFrame, summarizeFrame, type FrameInput } from '../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import type { DissectedPacket } from '../../electron/dissect/field-model.js';
import { MAX_HELD } from '../../electron/dissect/protocols/tcp-reassembly.js';
import { allProblems, invariantViolations } from './dissection-invariants.js';

const LINKTYPE_ETHERNET = 1;

/** An Ethernet frame with a TCP segment (ACK|PSH) from 198.51.100.43:443 to 192.0.2.10:`port`. */
function fromServer(port: number, seq: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(14 + 20 + 20 + payload.length);
  frame.set([2, 0, 0, 0, 0, 0xa, 2, 0, 0, 0, 0, 0xb, 0x08, 0x00]);
  const total = 40 + payload.length;
  frame.set([0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, 6, 0, 0, 198, 51, 100, 43, 192, 0, 2, 10], 14);
  frame.set([443 >> 8, 443 & 0xff, port >> 8, port & 0xff, (seq >>> 24) & 0xff, (seq >>> 16) & 0xff, (seq >>> 8) & 0xff, seq & 0xff, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff], 34);
  frame.set(payload, 54);
  return frame;
}

/** TLS 1.2 application data records of `length` bytes of content each, back to back. */
function records(count: number, length: number): Uint8Array {
  const out = new Uint8Array(count * (5 + length));
  for (let i = 0; i < count; i++) out.set([23, 3, 3, length >> 8, length & 0xff], i * (5 + length));
  return out;
}

/** `bytes` cut into segments of `size` bytes on one connection. */
function segments(port: number, bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(fromServer(port, 1 + at, bytes.subarray(at, at + size)));
  return out;
}

function input(number: number, data: Uint8Array): FrameInput {
  return { number, linkType: LINKTYPE_ETHERNET, data, originalLength: data.length, seconds: 0, nanos: 0, relativeTime: 0, interfaceId: 0 };
}

function listAll(frames: Uint8Array[], state: DissectState): string[] {
  const info = frames.map((f, i) => summarizeFrame(input(i + 1, f), state).columns.info.toString());
  state.frameBytes = (n) => frames[n - 1];
  return info;
}

function tree(frames: Uint8Array[], state: DissectState, n: number): DissectedPacket {
  return dissectFrame(input(n, frames[n - 1]), { detail: true, state });
}

test('a bulk transfer whose segments each end one record and start the next decodes every record where it completes, holding one at a time', () => {
  // 200 records of 16 KB in segments of 1448 bytes: most segments are pieces, some end one record and begin the next.
  const frames = segments(50000, records(200, 16384), 1448);
  const state = new DissectState();
  const before = liveArrayBufferBytes();
  const info = listAll(frames, state);
  assert.ok(liveArrayBufferBytes() - before < 64 * 1024 * 1024, 'the capture and one record at a time, not every record');
  const completing = info.filter((i) => i === 'Application Data');
  assert.equal(completing.length, 200, 'each record is decoded once, where it completes');
  assert.equal(info.filter((i) => i.endsWith('[TCP segment of a reassembled PDU]')).length, frames.length - 200);
  // The segment that completes the first record also starts the second: its start is segment data, reassembled later.
  const first = tree(frames, state, info.indexOf('Application Data') + 1);
  const tcp = first.layers.find((l) => l.protocol === 'tcp')!;
  assert.equal(tcp.fields.filter((f) => f.name === 'tcp.segment_data').length, 2);
  assert.equal(tcp.fields.find((f) => f.name === 'tcp.reassembled_in')?.value, info.indexOf('Application Data', info.indexOf('Application Data') + 1) + 1);
  assert.deepEqual(first.layers.filter((l) => l.protocol === 'tls').map((l) => l.source), [1]);
  assert.deepEqual(invariantViolations(first), []);
});

test(`unfinished records beyond ${MAX_HELD} bytes held are dropped oldest first, with a note; later ones are still reassembled`, () => {
  const frames: Uint8Array[] = [];
  // 1,200 connections, each with a small record ending mid-segment and a 16 KB one that never ends: 19 MB unfinished.
  for (let i = 0; i < 1200; i++) {
    const small = records(1, 100);
    const big = records(1, 16000).subarray(0, 15000);
    const both = new Uint8Array(small.length + big.length);
    both.set(small);
    both.set(big, small.length);
    frames.push(fromServer(20000 + i, 1, both.subarray(0, 50)), fromServer(20000 + i, 51, both.subarray(50)));
  }
  frames.push(...segments(60000, records(1, 3000), 1000));
  const state = new DissectState();
  const before = liveArrayBufferBytes();
  const info = listAll(frames, state);
  assert.ok(liveArrayBufferBytes() - before < MAX_HELD * 1.5 + frames.reduce((n, f) => n + f.length, 0), 'the bytes held stay under the cap');
  const notes = frames.map((_, i) => i + 1).filter((n) => n % 200 === 0 && n <= 2400).map((n) => tree(frames, state, n)).flatMap((p) => allProblems(p).map((x) => x.code));
  assert.ok(notes.includes('tcp.reassembly.dropped'), 'some packet says records were dropped');
  assert.equal(info[frames.length - 1], 'Application Data');
});

test('trees decoded later in reverse order equal those decoded in order', () => {
  const bytes = records(6, 700);
  const frames = segments(50001, bytes, 1000);
  const inOrder = new DissectState();
  listAll(frames, inOrder);
  const expected = frames.map((_, i) => JSON.stringify(tree(frames, inOrder, i + 1)));
  const reversed = new DissectState(true);
  listAll(frames, reversed);
  const got = frames.map((_, i) => JSON.stringify(tree(frames, reversed, frames.length - i))).reverse();
  assert.deepEqual(got, expected);
  // Records of 705 bytes in segments of 1000: the third segment ends one, holds a whole one and starts another.
  assert.deepEqual(expected.map((p) => JSON.parse(p).summary.info), ['Application Data', 'Application Data', 'Application Data, Application Data', 'Application Data', 'Application Data']);
});
