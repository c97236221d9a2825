// A filter knows which layers every packet it matches has (`dns` needs DNS), so that a packet
// without them is passed by on the packet list's cheaper decoding; that must never change which
// packets match: on every test capture, for every protocol name and a spread of field names, the
// pass over the file finds exactly the packets a full decoding of each finds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { walkPackets } from '../../electron/dissect/capture-packets.js';
import { dissectFrame } from '../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import type { DissectedPacket } from '../../electron/dissect/field-model.js';
import { compileDisplayFilter } from '../../electron/filter/display-filter.js';
import { matchingPackets } from '../../electron/filter/matching-packets.js';
import { allFields } from './application-dissector-harness.js';

const PACKETS = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const CAPTURES = [fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url)), ...readdirSync(PACKETS).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => join(PACKETS, f))];

const required = (text: string) => [...compileDisplayFilter(text).requires].sort();

test('a filter needs the layers of the protocols and fields every match must have', () => {
  assert.deepEqual(required('dns'), ['dns']);
  assert.deepEqual(required('tcp.flags.syn == 1 && tcp.flags.ack == 0'), ['tcp']);
  assert.deepEqual(required('ip.addr == 10.1.2.3'), ['ip']);
  assert.deepEqual(required('tcp.port == 443 && frame.len > 1000'), ['tcp']);
  assert.deepEqual(required('http.request && dns'), ['dns', 'http']);
  // Either side may match alone, and a negation or a count can match without the field.
  assert.deepEqual(required('dns || http'), []);
  assert.deepEqual(required('(tcp && dns) || (udp && dns)'), ['dns']);
  assert.deepEqual(required('!dns'), []);
  assert.deepEqual(required('count(dns.a) == 0'), []);
  // The frame is in every packet, and any decoder may add undecoded data's fields.
  assert.deepEqual(required('frame.len > 100'), []);
  assert.deepEqual(required('data'), []);
});

function fullDecode(path: string): { packets: DissectedPacket[]; bytes: Uint8Array[] } {
  const reader = openCaptureFile(path);
  const walk = walkPackets(reader);
  const state = new DissectState();
  const packets: DissectedPacket[] = [];
  const bytes: Uint8Array[] = [];
  try {
    for (let input = walk.next(); input; input = walk.next()) {
      const data = input.data.slice();
      packets.push(dissectFrame({ ...input, data }, { detail: true, texts: false, state }));
      bytes.push(data);
    }
  } finally {
    reader.close();
  }
  return { packets, bytes };
}

test('passing by the packets without a filter\'s layers finds exactly what a full decoding finds, on every test capture', () => {
  let compared = 0;
  let narrowed = 0;
  for (const capture of CAPTURES) {
    const { packets, bytes } = fullDecode(capture);
    const protocols = new Set(packets.flatMap((p) => p.layers.map((l) => l.protocol)));
    const fields = [...new Set(packets.flatMap((p) => p.layers.flatMap((l) => allFields(l.fields).map((f) => f.name))))].sort();
    // Every protocol, and a dozen fields spread over the capture's (each is a pass over the file).
    const step = Math.max(1, Math.floor(fields.length / 12));
    for (const name of [...protocols, ...fields.filter((_, i) => i % step === 0)]) {
      let filter;
      try {
        filter = compileDisplayFilter(name);
      } catch {
        continue; // a name of our own that is no filter name
      }
      const expected = packets.filter((p, i) => filter.matches(p, bytes[i])).map((p) => p.number);
      assert.deepEqual(matchingPackets(capture, filter), expected, `${capture}: ${name}`);
      compared++;
      if (filter.requires.size > 0) narrowed++;
    }
  }
  assert.ok(compared > 300 && narrowed > compared / 2, `${compared} filters compared, ${narrowed} with layers they need`);
});
