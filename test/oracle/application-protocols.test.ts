// DNS and HTTP checked against tshark: every field tshark shows for them (name, byte range, show
// and tree line), on the bundled sample capture and on the crafted captures of
// test/fixtures/craft_application_packets.py (name compression, every common record type, EDNS,
// retransmissions, damaged names; requests and responses of many forms, chunked bodies, cookies,
// credentials, continuations), plus the packet list's info text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, dissectFile, formatReport, oursOnlyNames, tsharkColumns, type OracleReport } from './pdml-oracle.js';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const DNS = fileURLToPath(new URL('../fixtures/packets/application-dns.pcap', import.meta.url));
const HTTP = fileURLToPath(new URL('../fixtures/packets/application-http.pcap', import.meta.url));
const APPLICATION = { protocols: ['dns', 'http'] as const };
/**
 * tshark's default preferences for HTTP over TCP: streams reassembled (headers and bodies), with
 * two passes, as Wireshark's packet list and trees show them (and Layerscope's app decodes).
 */
const REASSEMBLED = ['-o', 'tcp.desegment_tcp_streams:TRUE'];
const HTTP_DEFAULTS = { ...APPLICATION, twoPass: true, tsharkArgs: REASSEMBLED };

/** Fields of ours that tshark shows as unnamed text lines (sections, record lines) or not at all (separators). */
const OUR_CONTAINERS = new Set([
  'dns.queries', 'dns.query', 'dns.answers', 'dns.answer', 'dns.authorities', 'dns.additionals', 'dns.zones', 'dns.updates',
  'http.request.line_text', 'http.response.line_text', 'http.separator', 'http.line_end', 'http.header_name', 'http.end_of_headers',
  'http.chunked_body', 'http.chunk', 'http.end_of_trailers',
]);

/**
 * Fields tshark computes into a buffer of its own and positions there (base64-decoded credentials,
 * a body put back together from its chunks) or, for DNS's extraneous-data length, past the end of
 * the frame: their PDML position is no offset in the frame. We show the same value taking none of
 * the bytes (length 0); only then is a different position accepted.
 */
const POSITIONED_ELSEWHERE = new Set(['http.authbasic', 'http.file_data', 'dns.extraneous.length']);

/** Checks a report and returns a line for the log: fields matched of tshark's, tree lines differing. */
function assertMatchesTshark(report: OracleReport, name: string): string {
  const elsewhere = report.mismatches.filter((m) => POSITIONED_ELSEWHERE.has(m.name) && m.ours.length === 0 && m.tshark.some((t) => t.show === m.ours.show));
  const mismatches = report.mismatches.filter((m) => !elsewhere.includes(m));
  assert.equal(mismatches.length, 0, formatReport({ ...report, mismatches }));
  assert.deepEqual(report.shownameMismatches, [], `${name}: tree lines differ from tshark's`);
  const missing = report.tsharkOnly.filter((t) => !elsewhere.some((e) => e.packet === t.packet && e.name === t.name));
  assert.deepEqual(missing, [], `${name}: fields tshark shows that we do not`);
  assert.deepEqual(oursOnlyNames(report).filter((n) => !OUR_CONTAINERS.has(n)), [], `${name}: fields of ours tshark does not have`);
  return `${name}: ${report.matched} of ${report.tsharkFields} tshark fields matched (${elsewhere.length} positioned elsewhere by tshark), ${report.shownameMismatches.length} tree lines differ`;
}

test('DNS and HTTP in the bundled sample match tshark field by field, tree lines included', async () => {
  const report = await compareWithTshark(SAMPLE, APPLICATION);
  console.log(assertMatchesTshark(report, 'sample'));
  assert.equal(report.tsharkFields, 67);
});

test('crafted DNS messages (every common record type, EDNS, updates, retransmissions, damaged names) match tshark', async () => {
  const report = await compareWithTshark(DNS, APPLICATION);
  console.log(assertMatchesTshark(report, 'DNS'));
  assert.ok(report.matched >= 640, `only ${report.matched} fields compared`);
});

test('crafted HTTP messages (many request and response forms, chunks, cookies, continuations) match tshark', async () => {
  const report = await compareWithTshark(HTTP, HTTP_DEFAULTS);
  console.log(assertMatchesTshark(report, 'HTTP'));
  // (Responses without a length whose connection never ends stay segments of a PDU never completed, as in tshark.)
  assert.ok(report.matched >= 205, `only ${report.matched} fields compared`);
});

test('the packet list says what Wireshark\'s Info column says for every DNS and HTTP packet', async () => {
  for (const file of [DNS, HTTP, SAMPLE]) {
    const ours = dissectFile(file, { twoPass: true });
    const theirs = await tsharkColumns(file, ['-2', ...REASSEMBLED]);
    ours.forEach((p, i) => {
      const named = (protocol: string) => protocol === 'DNS' || protocol === 'HTTP';
      if (!named(p.summary.protocol) && !named(theirs[i].protocol) && !theirs[i].info.includes('reassembled PDU')) return;
      assert.deepEqual([p.summary.protocol, p.summary.info], [theirs[i].protocol, theirs[i].info], `${file.split('/').pop()} #${p.number}`);
    });
  }
});
