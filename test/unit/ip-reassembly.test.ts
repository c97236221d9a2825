// IP fragment reassembly under hostile and large input: thousands of tiny overlapping fragments, a
// fragment offset near 65,535, a datagram over 64 KiB, more incomplete datagrams than the bytes
// held for them allow; each decodes in bounded time and memory with a problem that says what
// happened, and never throws. Also: what depends on order is decided at first sight and replayed,
// and a tree decoded later reads the fragments back when their bytes are no longer held.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveArrayBufferBytes } from './live-memory.js';
import { dissectFrame, summarizeFrame, type FrameInput } from '../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import type { DissectedPacket } from '../../electron/dissect/field-model.js';
import { MAX_FRAGMENTS, MAX_HELD, MAX_KEPT } from '../../electron/dissect/protocols/ip-fragments.js';
import { allProblems, invariantViolations } from './dissection-invariants.js';

const LINKTYPE_ETHERNET = 1;

/** An Ethernet frame with an IPv4 fragment of a UDP datagram (protocol 17), its header checksum right. */
function fragment(id: number, offset: number, more: boolean, payload: Uint8Array, src = 1): Uint8Array {
  const frame = new Uint8Array(14 + 20 + payload.length);
  frame.set([2, 0, 0, 0, 0, 0xb, 2, 0, 0, 0, 0, 0xa, 0x08, 0x00]);
  const ip = frame.subarray(14);
  const total = 20 + payload.length;
  const flags = (more ? 0x2000 : 0) | (offset >> 3);
  ip.set([0x45, 0, total >> 8, total & 0xff, id >> 8, id & 0xff, flags >> 8, flags & 0xff, 64, 17, 0, 0, 192, 0, 2, src, 192, 0, 2, 2]);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (ip[i] << 8) | ip[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  const checksum = ~sum & 0xffff;
  ip[10] = checksum >> 8;
  ip[11] = checksum & 0xff;
  ip.set(payload, 20);
  return frame;
}

/** A UDP header (ports 40001 → 40002, checksum 0) for a datagram of `length` bytes, then filler. */
function udpDatagram(length: number): Uint8Array {
  const d = new Uint8Array(length);
  d.set([0x9c, 0x41, 0x9c, 0x42, length >> 8, length & 0xff, 0, 0]);
  for (let i = 8; i < length; i++) d[i] = i & 0xff;
  return d;
}

function input(number: number, data: Uint8Array): FrameInput {
  return { number, linkType: LINKTYPE_ETHERNET, data, originalLength: data.length, seconds: 0, nanos: 0, relativeTime: 0, interfaceId: 0 };
}

/** Lists every frame (first sight, in order), then decodes the tree of each `trees` frame. */
function listThenDecode(frames: Uint8Array[], state: DissectState, trees: number[]): DissectedPacket[] {
  frames.forEach((f, i) => summarizeFrame(input(i + 1, f), state));
  return trees.map((n) => dissectFrame(input(n, frames[n - 1]), { detail: true, state }));
}

function codes(p: DissectedPacket): string[] {
  return allProblems(p).map((x) => x.code);
}

test('thousands of tiny overlapping fragments reassemble in bounded time, each overlap marked', () => {
  const datagram = udpDatagram(512);
  const frames: Uint8Array[] = [];
  // 3,000 eight-byte fragments, each repeating bytes already given (the same 64 places over and over).
  for (let i = 0; i < 3000; i++) {
    const at = (i % 63) * 8;
    frames.push(fragment(7, at, true, datagram.subarray(at, at + 8)));
  }
  frames.push(fragment(7, 504, false, datagram.subarray(504)));
  const started = process.cpuUsage();
  const [done] = listThenDecode(frames, new DissectState(), [frames.length]);
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms < 3000, `${ms} ms`);
  assert.equal(done.layers.find((l) => l.protocol === 'udp')?.source, 1, 'the datagram is decoded');
  assert.equal(done.sources![0].bytesHex.length / 2, 512);
  assert.deepEqual(invariantViolations(done), []);
  const list = done.layers.find((l) => l.protocol === 'ip')!.fields.find((f) => f.name === 'ip.fragments')!;
  assert.equal(list.children.filter((f) => f.name === 'ip.fragment').length, 3001);
  assert.equal(list.children.filter((f) => f.children.some((c) => c.name === 'ip.fragment.overlap')).length, 3001 - 64);
});

test(`a datagram of more than ${MAX_FRAGMENTS} fragments is dropped with a problem, not kept growing`, () => {
  const frames: Uint8Array[] = [];
  const eight = new Uint8Array(8);
  for (let i = 0; i < MAX_FRAGMENTS + 100; i++) frames.push(fragment(9, (i % 1000) * 8, true, eight));
  const started = process.cpuUsage();
  const [at, after] = listThenDecode(frames, new DissectState(), [MAX_FRAGMENTS + 1, MAX_FRAGMENTS + 2]);
  const used = process.cpuUsage(started);
  assert.ok((used.user + used.system) / 1000 < 3000);
  assert.ok(codes(at).includes('ip.reassembly.too_many'), codes(at).join());
  // The next one starts over, as a datagram of its own.
  assert.deepEqual(codes(after), []);
});

test('a fragment offset near 65,535 and a datagram over 64 KiB are problems, never reassembled', () => {
  const state = new DissectState();
  const near = fragment(11, 65528, false, new Uint8Array(16));
  const [p] = listThenDecode([near], state, [1]);
  assert.ok(codes(p).includes('ip.reassembly.too_long'), codes(p).join());
  assert.match(allProblems(p).find((x) => x.code === 'ip.reassembly.too_long')!.message, /65528 to 65543.*65535 bytes/);
  assert.deepEqual(invariantViolations(p), []);
  // Every 8-byte place up to 65,528 given, then a last fragment that would end past 65,535.
  const frames: Uint8Array[] = [];
  for (let at = 0; at < 65528; at += 1480) frames.push(fragment(12, at, true, new Uint8Array(Math.min(1480, 65528 - at))));
  frames.push(fragment(12, 65528, false, new Uint8Array(100)));
  const decoded = listThenDecode(frames, new DissectState(), [frames.length - 1, frames.length]);
  assert.equal(decoded[1].sources, undefined, 'not reassembled');
  assert.ok(codes(decoded[1]).includes('ip.reassembly.too_long'));
  assert.deepEqual(codes(decoded[0]), []);
});

test(`fragments of incomplete datagrams are held up to ${MAX_HELD} bytes: the oldest are dropped with a note, later ones still reassemble`, () => {
  const state = new DissectState();
  const big = new Uint8Array(1480);
  const frames: Uint8Array[] = [];
  // 14,000 datagrams whose last fragment never comes: 20 MB of first fragments.
  for (let i = 0; i < 14000; i++) frames.push(fragment(i & 0xffff, 0, true, big, 1 + (i >> 16)));
  const datagram = udpDatagram(100);
  frames.push(fragment(0xbeef, 0, true, datagram.subarray(0, 48), 99), fragment(0xbeef, 48, false, datagram.subarray(48), 99));
  const memoryBefore = liveArrayBufferBytes();
  const started = process.cpuUsage();
  const dropNotes = listThenDecode(frames, state, frames.map((_, i) => i + 1).filter((n) => n <= 14000 && n % 500 === 0)).flatMap(codes);
  const used = process.cpuUsage(started);
  assert.ok((used.user + used.system) / 1000 < 5000);
  assert.ok(dropNotes.includes('ip.reassembly.dropped'), 'some packet says datagrams were dropped');
  assert.ok(liveArrayBufferBytes() - memoryBefore < MAX_HELD * 1.5, 'the bytes held stay under the cap');
  const [done] = [dissectFrame(input(frames.length, frames[frames.length - 1]), { detail: true, state })];
  assert.equal(done.layers.find((l) => l.protocol === 'udp')?.source, 1);
});

test('decoded again in any order, every packet decodes as it did the first time', () => {
  const datagram = udpDatagram(80);
  const frames = [fragment(21, 64, false, datagram.subarray(64)), fragment(21, 0, true, datagram.subarray(0, 32)), fragment(21, 32, true, datagram.subarray(32, 64))];
  const inOrder = new DissectState();
  const first = frames.map((f, i) => dissectFrame(input(i + 1, f), { detail: true, state: inOrder }));
  const later = listThenDecode(frames, new DissectState(), [3, 1, 2, 3]);
  assert.deepEqual(later[0].layers.slice(1), first[2].layers.slice(1));
  assert.deepEqual(later[3], later[0], 'the same packet twice');
  assert.equal(later[1].layers.find((l) => l.protocol === 'ip')!.fields.find((f) => f.name === 'ip.reassembled_in')?.value, 3);
});

test('a tree decoded once the datagram\'s bytes are no longer held reads its fragments back, or says it cannot', () => {
  const datagram = udpDatagram(60);
  const other = udpDatagram(40);
  // A second datagram completed after the first, so that the first is not the one just completed.
  const frames = [fragment(31, 0, true, datagram.subarray(0, 32)), fragment(31, 32, false, datagram.subarray(32)), fragment(32, 0, true, other.subarray(0, 16)), fragment(32, 16, false, other.subarray(16))];
  // A state that keeps nothing for trees (as `layerscope list` has) holds no reassembled bytes.
  const reading = new DissectState(false);
  reading.frameBytes = (n) => frames[n - 1];
  const [read] = listThenDecode(frames, reading, [2]);
  assert.equal(read.layers.find((l) => l.protocol === 'udp')?.source, 1);
  assert.equal(read.sources![0].bytesHex, Buffer.from(datagram).toString('hex'));
  const [lost] = listThenDecode(frames, new DissectState(false), [2]);
  assert.ok(codes(lost).includes('ip.reassembly.not_held'), codes(lost).join());
  assert.deepEqual(invariantViolations(lost), []);
});

test('as `layerscope list -Y` decodes (listed, then at once in full for the filter, nothing kept for trees), the datagram just completed is whole', () => {
  const datagram = udpDatagram(60);
  const frames = [fragment(41, 0, true, datagram.subarray(0, 32)), fragment(41, 32, false, datagram.subarray(32))];
  const state = new DissectState(false);
  const decoded = frames.map((f, i) => {
    summarizeFrame(input(i + 1, f), state);
    return dissectFrame(input(i + 1, f), { detail: true, texts: false, state });
  });
  assert.equal(decoded[1].layers.find((l) => l.protocol === 'udp')?.source, 1);
  assert.deepEqual(codes(decoded[1]), []);
});

test(`completed datagrams' bytes are kept for trees up to ${MAX_KEPT} bytes; older ones are read back from their frames`, () => {
  const frames: Uint8Array[] = [];
  // 320 datagrams of 60,000 bytes, each in two fragments: 19 MB in all.
  for (let i = 0; i < 320; i++) {
    const datagram = udpDatagram(60000);
    datagram[100] = i & 0xff;
    frames.push(fragment(1000 + i, 0, true, datagram.subarray(0, 30000)), fragment(1000 + i, 30000, false, datagram.subarray(30000)));
  }
  const reading = new DissectState();
  let reads = 0;
  reading.frameBytes = (n) => {
    reads++;
    return frames[n - 1];
  };
  const [oldest, newest] = listThenDecode(frames, reading, [2, frames.length]);
  assert.equal(reads, 1, 'only the oldest datagram\'s other fragment is read back (the frame decoded is at hand)');
  assert.equal(oldest.sources![0].bytesHex.length / 2, 60000);
  assert.equal(oldest.sources![0].bytesHex.slice(200, 202), '00');
  assert.equal(newest.sources![0].bytesHex.slice(200, 202), (319 & 0xff).toString(16));
  const [lost] = listThenDecode(frames, new DissectState(), [2]);
  assert.ok(codes(lost).includes('ip.reassembly.not_held'));
});

test('the fragment that completes a datagram keeps its header\'s length; its own share of the payload is a field after it, the frame\'s padding the link layer\'s', () => {
  const datagram = udpDatagram(40);
  const last = fragment(51, 32, false, datagram.subarray(32));
  // Padded to Ethernet's 60-byte minimum, as a network card sends it.
  const padded = new Uint8Array(60);
  padded.set(last);
  const [done] = listThenDecode([fragment(51, 0, true, datagram.subarray(0, 32)), padded], new DissectState(), [2]);
  const ip = done.layers.find((l) => l.protocol === 'ip')!;
  assert.equal(ip.length, 20);
  const share = ip.fields.find((f) => f.name === 'ip.fragment_payload')!;
  assert.deepEqual([share.offset, share.length], [34, 8]);
  const padding = done.layers.find((l) => l.protocol === 'eth')!.fields.find((f) => f.name === 'eth.padding');
  assert.deepEqual([padding?.offset, padding?.length], [42, 18]);
  assert.deepEqual(invariantViolations(done), []);
});
