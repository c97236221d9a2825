// TCP stream reassembly against tshark (Wireshark 4.0, two passes, its default preferences: TCP
// desegmentation on, HTTP headers and bodies desegmented): on captures crafted with scapy (an HTTP
// response with Content-Length over 3 segments, headers split across segments, a retransmitted
// segment in the middle, an out-of-order segment, a chunked response over several segments, responses
// without a length ended by a FIN with and without data, a segment ending one response and starting the next),
// decoded as the app decodes (the packet list first, then each packet's tree), every field equals
// PDML's by name, range and show, tshark's reassembly fields all, and the Protocol and Info columns
// equal tshark's packet list for every packet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compareWithTshark, listColumns, dissectFile, formatReport, tsharkColumns, type OracleReport } from './pdml-oracle.js';
import { craftedCaptures } from './crafted-captures.js';
import type { DissectedPacket, Field } from '../../electron/dissect/field-model.js';
import { allFields } from '../unit/application-dissector-harness.js';
import { fileURLToPath } from 'node:url';

const crafted = craftedCaptures('craft_tcp_reassembly_packets.py');
const CAPTURES = ['http-content-length-3-segments.pcap', 'http-split-headers.pcap', 'http-retransmission.pcap', 'http-out-of-order.pcap', 'http-chunked.pcap', 'http-until-fin.pcap', 'http-two-responses.pcap'];
/** tshark's defaults for TCP and HTTP reassembly (pdml-oracle turns TCP's off for the other tests). */
const DEFAULTS = ['-o', 'tcp.desegment_tcp_streams:TRUE'];

/** tshark's own TCP fields that Layerscope does not compute (bytes in flight, PSH counts, completeness, stream times; the iRTT on a SYN-ACK): not reassembly's. */
const NOT_REASSEMBLY = /^tcp\.(analysis\.(bytes_in_flight|push_bytes_sent|initial_rtt)|completeness|time_relative|time_delta)$/;
const REASSEMBLY = /^tcp\.(segments?|segment\.|segment_data|reassembled)/;

function fieldsNamed(p: DissectedPacket, pattern: RegExp): Field[] {
  return p.layers.flatMap((l) => allFields(l.fields)).filter((f) => pattern.test(f.name));
}

test('every field of every reassembly capture equals tshark\'s PDML by name, range and show (>= 99%), reassembly\'s own fields all', async () => {
  let matched = 0;
  let compared = 0;
  let reassembly = 0;
  const details: string[] = [];
  for (const name of CAPTURES) {
    const r: OracleReport = await compareWithTshark(join(crafted(), name), { twoPass: true, tsharkArgs: DEFAULTS });
    assert.equal(r.packetCountDiffers, undefined);
    const lacking = r.tsharkOnly.filter((f) => !NOT_REASSEMBLY.test(f.name));
    matched += r.matched;
    compared += r.matched + r.mismatches.length + lacking.length;
    if (r.mismatches.length || lacking.length) details.push(`${name}:\n${formatReport(r)}\n${lacking.map((f) => `#${f.packet} lacks ${f.name} ${f.showname}`).join('\n')}`);
    assert.deepEqual(lacking.filter((f) => REASSEMBLY.test(f.name)).map((f) => `#${f.packet} ${f.name}`), [], name);
    assert.deepEqual(r.mismatches.filter((m) => REASSEMBLY.test(m.name)).map((m) => `#${m.packet} ${m.name}`), [], name);
    reassembly += dissectFile(join(crafted(), name), { twoPass: true }).reduce((n, p) => n + fieldsNamed(p, REASSEMBLY).length, 0);
  }
  const agreement = matched / compared;
  console.log(`fields equal to PDML: ${(agreement * 100).toFixed(2)}% of ${compared}; reassembly fields: ${reassembly}`);
  assert.ok(agreement >= 0.99, `${(agreement * 100).toFixed(2)}%\n${details.join('\n')}`);
  assert.ok(reassembly >= 40, `${reassembly} reassembly fields`);
});

test('the Protocol and Info columns equal tshark\'s for every packet (segments of a reassembled PDU marked, the PDU decoded where it completes)', async () => {
  for (const name of CAPTURES) {
    const path = join(crafted(), name);
    // Two passes, as Wireshark's packet list shows them: in one pass tshark writes a first segment's
    // columns from HTTP's trial of its bytes before the mark.
    const theirs = await tsharkColumns(path, ['-2', ...DEFAULTS]);
    const ours = listColumns(path);
    assert.equal(ours.length, theirs.length, name);
    ours.forEach((c, i) => {
      assert.equal(c.protocol, theirs[i].protocol, `${name} #${i + 1} protocol`);
      assert.equal(c.info, theirs[i].info, `${name} #${i + 1} info`);
    });
  }
});

/** Real HTTP over 127.0.0.1 (test/fixtures/capture-loopback-http.mjs): 300 KB by Content-Length, 120 KB chunked, 5 bytes. */
const LOOPBACK = fileURLToPath(new URL('../fixtures/packets/http-loopback-large.pcap', import.meta.url));

test('real HTTP on the loopback with large bodies (300 KB by Content-Length over 8 segments, 128 KB chunked over 3): fields and columns equal tshark\'s', async () => {
  const r = await compareWithTshark(LOOPBACK, { twoPass: true, tsharkArgs: DEFAULTS });
  assert.equal(r.packetCountDiffers, undefined);
  const lacking = r.tsharkOnly.filter((f) => !NOT_REASSEMBLY.test(f.name));
  const compared = r.matched + r.mismatches.length + lacking.length;
  console.log(`loopback fields equal to PDML: ${((r.matched / compared) * 100).toFixed(2)}% of ${compared}`);
  assert.deepEqual(lacking.filter((f) => REASSEMBLY.test(f.name)).map((f) => `#${f.packet} ${f.name}`), []);
  assert.deepEqual(r.mismatches.filter((m) => REASSEMBLY.test(m.name)).map((m) => `#${m.packet} ${m.name}`), []);
  assert.ok(r.matched / compared >= 0.99, formatReport(r));
  const packets = dissectFile(LOOPBACK, { twoPass: true });
  // The 300 KB response is decoded in the packet that completes it, from all eight of its segments.
  const counts = packets.flatMap((p) => fieldsNamed(p, /^tcp\.segment\.count$/).map((f) => `#${p.number}:${f.value}`));
  assert.deepEqual(counts, ['#19:8', '#25:3']);
  assert.equal(packets[18].sources?.length, 1);
  // (The loopback's checksums are left to the network card: tshark's default leaves them unchecked, as the list does.)
  const theirs = await tsharkColumns(LOOPBACK, ['-2', ...DEFAULTS, '-o', 'tcp.check_checksum:FALSE']);
  const ours = listColumns(LOOPBACK);
  ours.forEach((c, i) => assert.deepEqual([c.protocol, c.info], [theirs[i].protocol, theirs[i].info], `#${i + 1}`));
});
