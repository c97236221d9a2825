// A display filter decodes only the layers whose fields it reads (the others as the packet list
// decodes them), and that must never change what it finds: on every test capture, every field
// comes out of a decode that details only the protocols its filter asks for on exactly the
// packets, with exactly the values, a full decode gives it. Within those layers it builds only the
// fields it reads, again finding exactly what a full decode finds.

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
import { allFields } from './application-dissector-harness.js';
import { compileDisplayFilter, protocolsOf } from '../../electron/filter/display-filter.js';
import { FieldSelection } from '../../electron/dissect/field-selection.js';

const PACKETS = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const CAPTURES = [fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url)), ...readdirSync(PACKETS).filter((f) => /\.pcap(ng)?$/.test(f)).map((f) => join(PACKETS, f))];

function decodeAll(path: string, protocols?: ReadonlySet<string>, fields?: FieldSelection): DissectedPacket[] {
  const reader = openCaptureFile(path);
  const walk = walkPackets(reader);
  const state = new DissectState();
  const out: DissectedPacket[] = [];
  try {
    for (let input = walk.next(); input; input = walk.next()) out.push(dissectFrame({ ...input, data: input.data.slice() }, { detail: true, texts: false, protocols, fields, state }));
  } finally {
    reader.close();
  }
  return out;
}

/** "packet name=value" of every field named in `names`, packet by packet, in tree order. */
function fieldsNamed(packets: DissectedPacket[], names: ReadonlySet<string>): string[] {
  return packets.flatMap((p) => p.layers.flatMap((l) => allFields(l.fields)).filter((f) => names.has(f.name)).map((f) => `${p.number} ${f.name}=${String(f.value)}`));
}

test('detailing only a filter\'s protocols finds every field a full decode finds, on every test capture', () => {
  let compared = 0;
  for (const capture of CAPTURES) {
    const full = decodeAll(capture);
    // Every field name the capture has, grouped by the protocols a filter on it would detail.
    const names = new Set(full.flatMap((p) => p.layers.flatMap((l) => allFields(l.fields))).map((f) => f.name));
    const byProtocols = new Map<string, { protocols: ReadonlySet<string>; names: Set<string> }>();
    for (const name of names) {
      const protocols = protocolsOf(new Set([name]));
      if (!protocols) continue;
      const key = [...protocols].sort().join();
      if (!byProtocols.has(key)) byProtocols.set(key, { protocols, names: new Set() });
      byProtocols.get(key)!.names.add(name);
    }
    for (const { protocols, names: wanted } of byProtocols.values()) {
      const only = decodeAll(capture, protocols);
      assert.deepEqual(fieldsNamed(only, wanted), fieldsNamed(full, wanted), `${capture}: ${[...protocols].join()}`);
      // The other layers are all still there, so a filter can ask for them by name.
      assert.deepEqual(only.map((p) => p.layers.map((l) => l.protocol).join()), full.map((p) => p.layers.map((l) => l.protocol).join()));
      compared += fieldsNamed(full, wanted).length;
    }
  }
  assert.ok(compared > 5000, `${compared} fields compared`);
});

test('building only a filter\'s fields finds each of them on the packets, with the values, a full decode gives, on every test capture', () => {
  let compared = 0;
  let left = 0;
  for (const capture of CAPTURES) {
    const full = decodeAll(capture);
    const names = [...new Set(full.flatMap((p) => p.layers.flatMap((l) => allFields(l.fields))).map((f) => f.name))].sort();
    // A few names at a time, as filters name them.
    for (let i = 0; i < names.length; i += 7) {
      const wanted = new Set(names.slice(i, i + 7));
      const only = decodeAll(capture, protocolsOf(wanted), new FieldSelection(wanted));
      // A kept field under one left out moves to the top of its layer: order within a packet may change.
      const sorted = (packets: DissectedPacket[]) => fieldsNamed(packets, wanted).sort();
      assert.deepEqual(sorted(only), sorted(full), `${capture}: ${[...wanted].join()}`);
      compared += fieldsNamed(full, wanted).length;
      // Only ICMP's layers, whose fields include the whole datagram they quote, keep fields not asked for.
      const notQuoting = only.flatMap((p) => p.layers.filter((l) => l.protocol !== 'icmp' && l.protocol !== 'icmpv6'));
      left += notQuoting.reduce((n, l) => n + allFields(l.fields).filter((f) => !wanted.has(f.name)).length, 0);
    }
  }
  assert.ok(compared > 5000, `${compared} fields compared`);
  assert.equal(left, 0, `${left} fields built that were not asked for`);
});

test('a filter that names a protocol keeps its fields wherever they are (HTTP\'s body is data.data)', () => {
  const selection = compileDisplayFilter('data || tcp.port == 80').fields;
  assert.ok(selection.keeps('data.data'));
  assert.ok(selection.keeps('tcp.srcport') && selection.keeps('tcp.dstport'));
  assert.ok(!selection.keeps('tcp.window_size') && !selection.keeps('database.x') && !selection.keeps('http.request'));
});

test('a filter names the protocols it needs; a field not named after its protocol asks for every layer', () => {
  assert.deepEqual([...compileDisplayFilter('tcp.port == 80 && ip.ttl < 64').protocols!].sort(), ['ip', 'tcp']);
  assert.deepEqual([...compileDisplayFilter('http').protocols!], []);
  // Any decoder may add undecoded data to its layer (HTTP's body): `data` needs every layer's fields.
  assert.equal(compileDisplayFilter('data').protocols, undefined);
  assert.equal(compileDisplayFilter('data.len > 10').protocols, undefined);
  // PPP's LCP fields are named ppp.* as in Wireshark, but live in the LCP layer.
  assert.ok(compileDisplayFilter('ppp.code == 1').protocols!.has('lcp'));
  assert.equal(protocolsOf(new Set(['no_such_protocol.field'])), undefined);
});
