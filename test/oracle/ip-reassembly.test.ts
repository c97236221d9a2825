// IP fragment reassembly against tshark (Wireshark 4.0, two passes, reassembly on): on captures
// crafted with scapy (IPv4 UDP and ICMP datagrams in 2 and 3 fragments, out of order, duplicated,
// repeated with conflicting bytes, one never completed; IPv6 UDP and ICMPv6), decoded as the app decodes (the packet list first,
// then each packet's tree), every field equals PDML's by name, range and show (fields of the
// reassembled layers at their places in the reassembled bytes), and the Protocol and Info columns
// equal tshark's packet list.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compareWithTshark, dissectFile, formatReport, tsharkColumns, type OracleReport } from './pdml-oracle.js';
import { craftedCaptures } from './crafted-captures.js';
import type { DissectedPacket, Field } from '../../electron/dissect/field-model.js';
import { allFields } from '../unit/application-dissector-harness.js';
import { packetJson } from '../../electron/export/dissection-json.js';
import { compileDisplayFilter } from '../../electron/filter/display-filter.js';
import { matchingPackets } from '../../electron/filter/matching-packets.js';
import { spawnSync } from 'node:child_process';

const crafted = craftedCaptures('craft_fragment_packets.py');
const CAPTURES = ['ipv4-fragments.pcap', 'ipv4-fragments-disordered.pcap', 'ipv6-fragments.pcap'];

/** tshark's own analysis fields beside UDP and ICMP (timestamps, payload summaries, response tracking): not reassembly's. */
const NOT_REASSEMBLY = /^(udp\.(time_|payload)|icmp\.no_resp|icmpv6\.no_resp)/;

/** The fields reassembly adds, which tshark must show too. */
const REASSEMBLY = /^ipv?6?\.(fragments?|fragment\.|reassembled)/;

function fieldsNamed(p: DissectedPacket, pattern: RegExp): Field[] {
  return p.layers.flatMap((l) => allFields(l.fields)).filter((f) => pattern.test(f.name));
}

test('every field of every fragment capture equals tshark\'s PDML by name, range and show (>= 99%), reassembly\'s own fields all', async () => {
  let matched = 0;
  let compared = 0;
  let reassemblyMatched = 0;
  const details: string[] = [];
  for (const name of CAPTURES) {
    const r: OracleReport = await compareWithTshark(join(crafted(), name), { twoPass: true });
    assert.equal(r.packetCountDiffers, undefined);
    const lacking = r.tsharkOnly.filter((f) => !NOT_REASSEMBLY.test(f.name));
    matched += r.matched;
    compared += r.matched + r.mismatches.length + lacking.length;
    if (r.mismatches.length || lacking.length) details.push(`${name}:\n${formatReport(r)}\n${lacking.map((f) => `#${f.packet} lacks ${f.name} ${f.showname}`).join('\n')}`);
    // tshark's reassembly fields are all ours (none lacking, none disagreeing).
    assert.deepEqual(lacking.filter((f) => REASSEMBLY.test(f.name)).map((f) => `#${f.packet} ${f.name}`), [], name);
    assert.deepEqual(r.mismatches.filter((m) => REASSEMBLY.test(m.name)).map((m) => `#${m.packet} ${m.name}`), [], name);
    reassemblyMatched += dissectFile(join(crafted(), name), { twoPass: true }).reduce((n, p) => n + fieldsNamed(p, REASSEMBLY).length, 0);
  }
  const agreement = matched / compared;
  console.log(`fields equal to PDML: ${(agreement * 100).toFixed(2)}% of ${compared}; reassembly fields: ${reassemblyMatched}`);
  assert.ok(agreement >= 0.99, `${(agreement * 100).toFixed(2)}%\n${details.join('\n')}`);
  assert.ok(reassemblyMatched >= 40, `${reassemblyMatched} reassembly fields`);
});

test('the Protocol and Info columns of every fragment equal tshark\'s packet list', async () => {
  let compared = 0;
  for (const name of CAPTURES) {
    const path = join(crafted(), name);
    const theirs = await tsharkColumns(path);
    const ours = dissectFile(path);
    assert.equal(ours.length, theirs.length);
    for (const p of ours) {
      assert.deepEqual(p.summary, theirs[p.number - 1], `${name} packet ${p.number}`);
      compared++;
    }
  }
  assert.ok(compared >= 25, `${compared} packets compared`);
});

test('the fragment that completes a datagram decodes all of it from the reassembled bytes; the others say where', () => {
  const packets = dissectFile(join(crafted(), 'ipv4-fragments-disordered.pcap'), { twoPass: true });
  // Last fragment first (1), then the first (2), then the middle one (3) completes it.
  const done = packets[2];
  assert.equal(done.sources?.length, 1);
  assert.equal(done.sources![0].name, 'Reassembled IPv4');
  assert.equal(done.sources![0].bytesHex.length / 2, 88);
  const udp = done.layers.find((l) => l.protocol === 'udp')!;
  assert.equal(udp.source, 1, 'UDP lies in the reassembled bytes');
  assert.equal(udp.offset, 0);
  const list = fieldsNamed(done, /^ip\.fragments$/)[0];
  assert.equal(list.showname, '3 IPv4 Fragments (88 bytes): #2(32), #3(32), #1(24)');
  assert.equal(list.source, 1);
  for (const n of [1, 2]) assert.equal(fieldsNamed(packets[n - 1], /^ip\.reassembled_in$/)[0]?.value, 3, `packet ${n}`);
  // The layer stack's sentence says so.
  assert.match(done.layers.find((l) => l.protocol === 'ip')!.narrative!, /completes a datagram split into 3 fragments/);
  assert.match(packets[0].layers.find((l) => l.protocol === 'ip')!.narrative!, /put back together in packet 3/);
  // dissect --json carries the source and says which layers and fields lie in it.
  const json = JSON.parse(packetJson(done));
  assert.deepEqual(json.sources, [{ name: 'Reassembled IPv4', bytesHex: done.sources![0].bytesHex }]);
  assert.equal(json.layers.find((l: { protocol: string }) => l.protocol === 'udp').source, 1);
  assert.equal(json.layers.find((l: { protocol: string }) => l.protocol === 'ip').fields.find((f: { name: string }) => f.name === 'ip.fragments').source, 1);
  assert.equal(JSON.parse(packetJson(packets[0])).sources, undefined);
  // A duplicate before completion overlaps; one after it starts a datagram of its own, never completed.
  const dup = packets[5];
  const pieces = fieldsNamed(dup, /^ip\.fragment$/);
  assert.deepEqual(pieces.map((f) => f.value), [4, 5, 6]);
  assert.equal(fieldsNamed(dup, /^ip\.fragment\.overlap$/).length, 1);
  assert.equal(packets[6].sources, undefined);
  assert.equal(fieldsNamed(packets[6], /^ip\.reassembled_in$/).length, 0);
  for (const n of [8, 9]) assert.equal(packets[n - 1].layers.at(-1)?.protocol, 'data', `never completed: packet ${n} shows its payload as data`);
  // A repeat with other bytes conflicts: listed as an error, the first bytes used.
  const clash = packets[11];
  assert.deepEqual(fieldsNamed(clash, /^ip\.fragment\.error$/).map((f) => f.value), [11]);
  assert.equal(fieldsNamed(clash, /^ip\.fragment\.overlap\.conflict$/).length, 1);
  assert.equal(clash.sources![0].bytesHex.slice(0, 12), '9c419c420040');
});

test('display filters find reassembled datagrams by their fields and bytes as tshark does', () => {
  const filters = ['udp.port == 40001', 'ip.fragment.count == 3', 'ip.fragment == 1', 'udp contains 81:88:8f', 'icmp', 'ipv6.fragments', 'ip.fragment.overlap.conflict', 'data'];
  let compared = 0;
  for (const name of CAPTURES) {
    const path = join(crafted(), name);
    for (const text of filters) {
      const theirs = spawnSync('tshark', ['-n', '-r', path, '-Y', text, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      assert.deepEqual(matchingPackets(path, compileDisplayFilter(text)), theirs, `${name}: ${text}`);
      compared += theirs.length;
    }
  }
  assert.ok(compared >= 20, `${compared} matches compared`);
});
