// Property tests: TCP and UDP decoding never fails on mutated or truncated segments. The engine
// would turn a thrown exception into a "decoder failed" problem, so that problem must never appear,
// and every field must lie inside the captured bytes, in both detail and summary mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { dissect, tcpFrame, udpFrame } from './tcp-frame-builder.js';
import { walk } from './dissection-invariants.js';

const SEEDS = [
  tcpFrame({ sport: 40000, dport: 80, flags: 0x002, seq: 1000, options: [2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7] }),
  tcpFrame({ sport: 80, dport: 40000, flags: 0x018, seq: 5, ack: 9, options: [1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 9], payload: [71, 69, 84, 32, 47] }),
  tcpFrame({ src: '2001:db8::1', dst: '2001:db8::2', sport: 1, dport: 2, flags: 0x011, payload: [1, 2, 3] }),
  udpFrame({ sport: 53000, dport: 53, payload: [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1] }),
  udpFrame({ src: '2001:db8::1', dst: '2001:db8::2', sport: 5000, dport: 5001, payload: [1, 2, 3, 4] }),
];

function check(data: Uint8Array, originalLength: number): void {
  const state = new DissectState();
  for (const detail of [false, true]) {
    const p = dissect(data, state, 1, detail, originalLength);
    for (const layer of p.layers) {
      for (const problem of layer.problems) assert.notEqual(problem.code, 'packet.decoder_failed', `${layer.protocol}: ${problem.message}`);
      assert.ok(layer.offset >= 0 && layer.offset + layer.length <= data.length, `${layer.protocol} layer range`);
      for (const [f] of walk(layer.fields)) {
        assert.ok(f.offset >= 0 && f.offset + f.length <= data.length, `${f.name} [${f.offset}+${f.length}] inside ${data.length} bytes`);
      }
    }
  }
}

test('mutated TCP and UDP segments never make a decoder fail and fields stay inside the frame', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: SEEDS.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.nat(),
      (which, mutations, cut) => {
        const data = SEEDS[which].slice();
        // Mutate only the transport header and payload (after Ethernet + IP), where these decoders work.
        const start = data[12] === 0x86 ? 54 : 34;
        for (const [at, value] of mutations) data[start + (at % (data.length - start))] = value;
        const length = start + (cut % (data.length - start + 1));
        check(data.subarray(0, length), data.length);
      },
    ),
    { numRuns: 3000, seed: 20261121 },
  );
});

test('random bytes after the IP header never make a decoder fail', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), fc.boolean(), (tail, udp) => {
      const base = udp ? udpFrame({ sport: 1, dport: 2 }) : tcpFrame({ sport: 1, dport: 2, flags: 0 });
      const data = new Uint8Array(34 + tail.length);
      data.set(base.subarray(0, 34));
      data.set(tail, 34);
      // Keep the IPv4 total length consistent with what follows so the transport decoder gets it all.
      const total = 20 + tail.length;
      data[16] = total >> 8;
      data[17] = total & 0xff;
      check(data, data.length);
    }),
    { numRuns: 3000, seed: 7 },
  );
});
