// Property-based fuzzing of every decoder: random frames and mutated valid
// frames, over every supported link type, never make dissectFrame throw or a decoder fail, and
// always give a tree whose fields lie inside the frame and their parents and own every byte.
// A failing case prints its seed; add the frame to REGRESSIONS so it stays fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bothSummaries, dissect, fixtureFrames, hexBytes, invariantViolations } from './dissection-invariants.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { PACKET_PROBLEMS } from '../../electron/dissect/packet-problems.js';
import { problemCode } from '../../electron/dissect/problem-spec.js';

const DECODER_FAILED = problemCode(PACKET_PROBLEMS.decoder_failed);

const LINK_TYPES = [0, 1, 101, 108, 113, 228, 229, 276] as const;

/** Frames fuzzing (and the truncation test) once broke, as hex with their link type and wire length. */
const REGRESSIONS: ReadonlyArray<{ linkType: number; hex: string; originalLength: number; why: string; onlyCut?: boolean }> = [
  {
    why: 'ICMPv6 option of length 0 in a frame cut by the snap length: its bytes were shown past the capture',
    linkType: 1,
    hex: '3333ff00000202000000000a86dd6000000000203afffe800000000000000000000000000001ff0200000000000000000001ff00000287007a8e00000000fe8000000000000000000000000000020100',
    originalLength: 86,
  },
  {
    why: 'IPv6 payload length 0 under Linux cooked capture: the bytes after the packet had no owner',
    linkType: 113,
    hex: '000003040006000000000000000086dd60040a7f00003a4000000000000000000000000000000001000000000000000000000000000000018000d51b0e6d00010001020304050607',
    originalLength: 72,
  },
  {
    why: 'ICMP error quoting a UDP datagram whose length is shorter than the quote: the rest had no owner',
    linkType: 1,
    hex: '02000000000a02000000000b08004500003d000100004001f6bbc0000202c00002010303811f0000000045000021000900004011f6bfc0000201c00002029c419c420009ff7968656c6c6f',
    originalLength: 75,
  },
  {
    why: 'IPv4 record-route option 4 bytes long: the byte after its pointer had no owner',
    linkType: 1,
    hex: '00000000000b02000000000a08004900002c00010000400149fac0000201c0000202070b04c00002090000000001070400000800f7fb00020002',
    originalLength: 58,
  },
  {
    why: 'IPv6 hop-by-hop header cut by the snap length was reported as running past the payload',
    linkType: 1,
    hex: '02000000000b02000000000a86dd600000000018004020010db800000000000000000000000120010db80000000000000000000000023c00',
    originalLength: 78,
    onlyCut: true,
  },
  {
    why: 'TCP header length past an IPv6 payload length of 1: the options field got a negative length',
    linkType: 1,
    hex: '00000000000000000000000086dd6001fe5e00010640000000000000000000000000000000010000000000000000000000000000000184d8bab957082c5300000000a002ffc4003000000204ffc40402080acf02cd43000000000103030a',
    originalLength: 94,
  },
  {
    why: 'IPv6 type 0 routing header 32 bytes long: the 8 bytes after its one address had no owner',
    linkType: 1,
    hex: '00000000000b02000000000a86dd6000000000302b4020010db800000000000000000000000120010db80000000000000000000000023a0300020000000020010db800000000000000000000000920010db80000000000000000000000028000244500010002',
    originalLength: 102,
  },
  {
    why: 'DNS message of 4 bytes: the short header claimed the bytes but no field owned them',
    linkType: 1,
    hex: '0200000000020200000000010800450000200001000040110000c0000201c00002029c400035000c000000',
    originalLength: 46,
  },
  {
    why: 'PPP serial line carrying an IPv4 header alone, with bytes after it: those bytes had no owner',
    linkType: 50,
    hex: 'ff032145000014000700004001266ac6336401c63364020800afab0003000174756e6e656c',
    originalLength: 37,
  },
];

/** One pair of states for all fuzzed frames, so the packet list's reused summary context sees them all in turn. */
const fastState = new DissectState();
const layeredState = new DissectState();
let fuzzed = 0;

function check(linkType: number, data: Uint8Array, originalLength: number): void {
  for (const detail of [true, false]) {
    const p = dissect(linkType, data, originalLength, detail);
    if (detail) assert.deepEqual(invariantViolations(p), [], `link type ${linkType}, ${Buffer.from(data).toString('hex')}`);
    else assert.ok(p.layers.every((l) => l.problems.every((x) => x.code !== DECODER_FAILED)));
  }
  const input = { number: ++fuzzed, linkType, data, originalLength, seconds: 0, nanos: 0, relativeTime: 0, interfaceId: 0 };
  const { fast, layered } = bothSummaries(input, fastState, layeredState);
  assert.deepEqual(fast, layered, `fast summary, link type ${linkType}, ${Buffer.from(data).toString('hex')}`);
}

test('frames that fuzzing once broke decode cleanly', () => {
  for (const r of REGRESSIONS) {
    const data = hexBytes(r.hex);
    check(r.linkType, data, r.originalLength);
    const problems = dissect(r.linkType, data, r.originalLength).layers.flatMap((l) => l.problems);
    if (r.onlyCut) assert.ok(problems.every((x) => x.severity !== 'error'), `${r.why}: ${JSON.stringify(problems)}`);
  }
});

test('random bytes under every link type never break the decoder', () => {
  fc.assert(
    fc.property(fc.constantFrom(...LINK_TYPES), fc.uint8Array({ maxLength: 120 }), fc.nat(40), (linkType, data, extra) => {
      check(linkType, data, data.length + extra);
    }),
    { numRuns: 4000 },
  );
});

test('random bytes behind a valid link header reach every network decoder without breaking it', () => {
  // Ethernet with a chosen EtherType, so IPv4, IPv6, ARP and VLAN decoders see random input.
  const ethertype = fc.constantFrom(0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x9100);
  fc.assert(
    fc.property(ethertype, fc.uint8Array({ maxLength: 160 }), (type, body) => {
      const data = new Uint8Array(14 + body.length);
      data.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, type >> 8, type & 0xff]);
      data.set(body, 14);
      // Random bytes rarely have the right version nibble: set it half the time.
      if (body.length > 0 && type === 0x0800 && body[0] & 1) data[14] = 0x45 + (body[0] & 0x0a);
      if (body.length > 0 && type === 0x86dd && body[0] & 1) data[14] = 0x60;
      check(1, data, data.length);
    }),
    { numRuns: 4000 },
  );
});

test('mutated and truncated valid frames never break the decoder', () => {
  const frames = fixtureFrames();
  const mutation = fc.record({
    index: fc.nat(frames.length - 1),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  });
  fc.assert(
    fc.property(mutation, ({ index, edits, cut }) => {
      const f = frames[index];
      const data = f.data.slice();
      // Edits go into the headers most of the time, where the decoders look.
      for (const [at, value] of edits) if (data.length) data[at % Math.min(data.length, 80)] = value;
      const kept = cut === undefined ? data : data.subarray(0, cut % (data.length + 1));
      check(f.linkType, kept, Math.max(f.originalLength, data.length));
    }),
    { numRuns: 8000 },
  );
});

/** Ethernet, IPv4 and a UDP or TCP header to `port`, with consistent lengths, carrying `body`. */
function applicationFrame(transport: 'udp' | 'tcp', port: number, body: Uint8Array): Uint8Array {
  const header = transport === 'tcp' ? 20 : 8;
  const total = 20 + header + body.length;
  const data = new Uint8Array(14 + total);
  data.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]);
  data.set([0x45, 0, total >> 8, total & 0xff, 0, 1, 0, 0, 64, transport === 'tcp' ? 6 : 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2], 14);
  if (transport === 'udp') data.set([0x9c, 0x40, port >> 8, port & 0xff, (8 + body.length) >> 8, (8 + body.length) & 0xff, 0, 0], 34);
  else data.set([0x9c, 0x40, port >> 8, port & 0xff, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 1, 0, 0, 0, 0, 0], 34);
  data.set(body, 14 + 20 + header);
  return data;
}

test('random DNS messages and HTTP text, whole or cut by the snap length, never break their decoders', () => {
  // DNS: a header with small counts, then bytes biased towards name lengths, pointers and record types.
  const dns = fc
    .tuple(
      fc.uint8Array({ minLength: 0, maxLength: 4 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
      fc.array(fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 12, 15, 16, 28, 0xc0, 0x40), fc.integer({ min: 0, max: 255 })), { maxLength: 100 }),
    )
    .map(([id, counts, rest]) => Uint8Array.from([...id, ...(id.length === 4 ? counts : []), ...rest]));
  // HTTP: request and status lines, header lines and stray line ends in any order.
  const http = fc
    .array(fc.oneof(fc.constantFrom('GET / HTTP/1.1', 'HTTP/1.1 200 OK', 'HTTP/1.0 404 ', 'POST /a HTTP/1.1', 'Host: x', 'Content-Type: text/plain', '\r\n', '\r', ':', ' '), fc.string({ maxLength: 6 })), { maxLength: 12 })
    .map((parts) => Uint8Array.from(parts.join(''), (c) => c.charCodeAt(0) & 0xff));
  const frame = fc.oneof(dns.map((body) => applicationFrame('udp', 53, body)), http.map((body) => applicationFrame('tcp', 80, body)));
  fc.assert(
    fc.property(frame, fc.option(fc.nat(), { nil: undefined }), (data, cut) => {
      check(1, cut === undefined ? data : data.subarray(0, cut % (data.length + 1)), data.length);
    }),
    { numRuns: 3000 },
  );
});
