// TLS checked against tshark 4.0: every field tshark shows inside TLS (the records, handshake
// messages, extensions, certificates down to their X.509 fields), by name, byte range, show and tree
// line, and the packet list's protocol and info columns. Two captures: real TLS 1.2 (ECDHE, DHE,
// RSA key exchange) and TLS 1.3 sessions (one with a HelloRetryRequest) between openssl s_client
// and s_server on 127.0.0.1, captured on lo by this test when it can (root, openssl and tcpdump;
// else the copy made the same way in test/fixtures), and the records
// test/fixtures/craft_tls_packets.py crafts (plaintext alerts, several records per segment,
// records cut by the segment's end and their continuations, hostile lengths).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { walk } from '../unit/dissection-invariants.js';
import { compareWithTshark, dissectFile, formatReport, oursOnlyNames, tsharkColumns, type OracleReport } from './pdml-oracle.js';
import { craftedCaptures } from './crafted-captures.js';
import { allFields } from '../unit/application-dissector-harness.js';
import { tcpFrame } from '../unit/tcp-frame-builder.js';
import { pcapFile } from '../fixtures/files/capture-bytes.js';

const CRAFTED = fileURLToPath(new URL('../fixtures/packets/tls-crafted.pcap', import.meta.url));
/** The real sessions with their segments cut small (test/fixtures/craft_tls_reassembly_packets.py). */
const segmented = craftedCaptures('craft_tls_reassembly_packets.py');
const SEGMENTED = ['tls-segments-500.pcap', 'tls-segments-100.pcap', 'tls-segments-13.pcap'];
/** TCP's reassembly fields (the segments a record was put together from, where it was). */
const REASSEMBLY = /^tcp\.(segments?|segment\.|segment_data|reassembled)/;
const LOOPBACK_FIXTURE = fileURLToPath(new URL('../fixtures/packets/tls-loopback.pcap', import.meta.url));
const CAPTURE_SCRIPT = fileURLToPath(new URL('../fixtures/capture-loopback-tls.sh', import.meta.url));
/**
 * tshark's defaults (TCP reassembly on), two passes as Wireshark's packet details are: a record
 * spanning segments is decoded where it ends, and the segments before say so.
 */
const DESEGMENT = ['-o', 'tcp.desegment_tcp_streams:TRUE'];
const TLS = { protocols: ['tls'] as const, twoPass: true, tsharkArgs: DESEGMENT };

/** Fields of ours that tshark shows as unnamed text lines (an extension, key exchange parameters), or not at all. */
const OUR_CONTAINERS = new Set(['tls.handshake.extension', 'tls.handshake.extension_body', 'tls.handshake.key_share_entry', 'tls.handshake.params']);

/**
 * Bytes of a record whose start was never captured (a capture begun mid-record): tshark shows
 * nothing for them, we show them as segment data with a note.
 */
const OURS_ONLY_BY_DESIGN = new Set(['tls.segment.data']);

/**
 * tshark places the generated application-protocol line at an offset that is not the record's
 * (the record's offset plus the TLS payload's); we show it with no bytes at the record's start.
 */
const POSITIONED_ELSEWHERE = new Set(['tls.app_data_proto']);

/** Real TLS on lo, made now when this machine allows, else the fixture made the same way. */
function loopbackCapture(): { path: string; fresh: boolean; cleanup: () => void } {
  const can = process.getuid?.() === 0 && ['openssl', 'tcpdump'].every((tool) => spawnSync('which', [tool]).status === 0);
  if (can) {
    const dir = mkdtempSync(join(tmpdir(), 'layerscope-tls-'));
    const path = join(dir, 'tls.pcap');
    try {
      execFileSync('timeout', ['40', 'bash', CAPTURE_SCRIPT, path], { stdio: 'ignore' });
      // All five sessions must be there (port 443 may have been taken by something else, and a
      // loaded machine can make a client give up): each is a TCP connection carrying TLS.
      const tlsPackets = statSync(path).size > 24 ? dissectFile(path).filter((p) => p.layers.some((l) => l.protocol === 'tls')) : [];
      const sessions = new Set(tlsPackets.map((p) => p.layers.flatMap((l) => allFields(l.fields)).find((f) => f.name === 'tcp.stream')?.value));
      if (sessions.size >= 5) return { path, fresh: true, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    } catch {
      // Port 443 busy or the capture failed: the fixture serves.
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { path: LOOPBACK_FIXTURE, fresh: false, cleanup: () => {} };
}

/** Checks a report; returns the agreement figures for the log. */
function assertMatchesTshark(report: OracleReport, name: string): { matched: number; total: number; line: string } {
  const elsewhere = report.mismatches.filter((m) => POSITIONED_ELSEWHERE.has(m.name) && m.ours.length === 0 && m.tshark.some((t) => t.show === m.ours.show));
  const mismatches = report.mismatches.filter((m) => !elsewhere.includes(m));
  assert.equal(report.packetCountDiffers, undefined);
  assert.equal(mismatches.length, 0, formatReport({ ...report, mismatches }));
  assert.deepEqual(report.shownameMismatches, [], `${name}: tree lines differ from tshark's`);
  const missing = report.tsharkOnly.filter((t) => !(POSITIONED_ELSEWHERE.has(t.name) && elsewhere.some((e) => e.packet === t.packet && e.name === t.name)));
  assert.deepEqual(missing, [], `${name}: fields tshark shows that we do not`);
  assert.deepEqual(oursOnlyNames(report).filter((n) => !OUR_CONTAINERS.has(n) && !OURS_ONLY_BY_DESIGN.has(n)), [], `${name}: fields of ours tshark does not have`);
  const total = report.tsharkFields;
  const matched = report.matched;
  return { matched, total, line: `${name}: ${matched} of ${total} tshark fields matched exactly, ${elsewhere.length} more positioned elsewhere by tshark` };
}

test('real TLS 1.2 and 1.3 sessions on lo match tshark field by field, certificates included', async () => {
  const capture = loopbackCapture();
  try {
    const report = await compareWithTshark(capture.path, TLS);
    const { matched, total, line } = assertMatchesTshark(report, capture.fresh ? 'loopback (captured now)' : 'loopback (fixture)');
    console.log(line);
    assert.ok(matched / total >= 0.99, `${matched} of ${total}`);
    assert.ok(matched >= 500, `only ${matched} fields compared`);
    const layers = dissectFile(capture.path).flatMap((p) => p.layers.filter((l) => l.protocol === 'tls'));
    assert.deepEqual([...new Set(layers.map((l) => l.title))], ['Transport Layer Security']);
    // The sessions' key exchanges: ECDHE, TLS 1.3 key shares (and a HelloRetryRequest), finite-field DHE, RSA.
    const fields = new Set(layers.flatMap((l) => [...walk(l.fields)].map(([f]) => f.name)));
    for (const name of ['tls.handshake.extensions_key_share_selected_group', 'tls.handshake.server_point', 'tls.handshake.extensions_key_share_key_exchange', 'tls.handshake.ys', 'tls.handshake.yc', 'tls.handshake.epms', 'x509af.utcTime', 'x509sat.uTF8String']) {
      assert.ok(fields.has(name), `the capture shows ${name}`);
    }
  } finally {
    capture.cleanup();
  }
});

test('crafted records (alerts, several per segment, cut and continued records, hostile lengths) match tshark', async () => {
  const report = await compareWithTshark(CRAFTED, TLS);
  const { matched, line } = assertMatchesTshark(report, 'crafted');
  console.log(line);
  assert.ok(matched >= 240, `only ${matched} fields compared`);
});

/**
 * Our packet list's protocol and info for every TLS packet of `file` (one pass, as `layerscope
 * list` and the app's list make them) against tshark's: the protocol as tshark's first pass names
 * it (before the ServerHello, a ClientHello goes by its record's version), the info as its second
 * (a segment of a reassembled record keeps TCP's own info before the mark, as in Wireshark's list).
 * Returns how many packets were compared.
 */
async function assertColumnsMatch(file: string): Promise<number> {
  const ours = dissectFile(file);
  // (The loopback's checksums are left to the network card: unchecked, as by tshark's default and our list.)
  const columns = [...DESEGMENT, '-o', 'tcp.check_checksum:FALSE'];
  const [firstPass, secondPass] = await Promise.all([tsharkColumns(file, columns), tsharkColumns(file, ['-2', ...columns])]);
  assert.equal(ours.length, firstPass.length);
  let compared = 0;
  ours.forEach((p, i) => {
    if (!p.layers.some((l) => l.protocol === 'tls') && !p.summary.info.endsWith('[TCP segment of a reassembled PDU]')) return;
    // (tshark appends its exception to the info of the hello whose extension length runs past it.)
    const info = secondPass[i].info.replace(/\[(BoundErrorUnreassembled|Malformed) Packet\]$/, '');
    assert.deepEqual([p.summary.protocol, p.summary.info], [firstPass[i].protocol, info], `${file.split('/').pop()} #${p.number}`);
    compared++;
  });
  return compared;
}

test('the packet list says what tshark says for every TLS packet: protocol (TLSv1, TLSv1.2, TLSv1.3, SSL) and info', async () => {
  const capture = loopbackCapture();
  try {
    let compared = 0;
    for (const file of [capture.path, CRAFTED]) compared += await assertColumnsMatch(file);
    assert.ok(compared >= 30, `only ${compared} packets compared`);
  } finally {
    capture.cleanup();
  }
});

test('a record that goes on past its segment is decoded where it ends, from the reassembled bytes; bytes whose record began before the capture are a continuation', () => {
  const packets = dissectFile(CRAFTED, { twoPass: true });
  const tcpFields = (n: number) => packets[n - 1].layers.find((l) => l.protocol === 'tcp')!.fields;
  // Packet 5 carries the first 90 bytes of a Client Hello: no TLS layer, segment data, and where it ends.
  assert.equal(packets[4].layers.some((l) => l.protocol === 'tls'), false);
  assert.deepEqual(tcpFields(5).filter((f) => f.name.startsWith('tcp.segment_data') || f.name === 'tcp.reassembled_in').map((f) => [f.name, f.name === 'tcp.reassembled_in' ? f.value : f.length]), [['tcp.reassembled_in', 6], ['tcp.segment_data', 90]]);
  assert.match(packets[4].summary.info, /\[TCP segment of a reassembled PDU\]$/);
  // Packet 6 ends it: the Client Hello is decoded from the Reassembled TCP bytes (data source 1).
  const hello = packets[5].layers.find((l) => l.protocol === 'tls')!;
  assert.equal(packets[5].sources?.[0]?.name, 'Reassembled TCP');
  assert.equal(hello.source, 1);
  assert.equal(packets[5].summary.info, 'Client Hello');
  // Packet 9's bytes belong to a record whose start was never captured.
  const rest = packets[8].layers.find((l) => l.protocol === 'tls')!;
  assert.equal(rest.fields[0].name, 'tls.segment.data');
  assert.equal(rest.problems[0].code, 'tls.continuation');
  assert.equal(packets[8].summary.info, 'Continuation Data');
  // Bytes that start no record once the version is known.
  const unknown = packets[16].layers.find((l) => l.protocol === 'tls')!;
  assert.deepEqual(unknown.problems.map((p) => [p.code, p.severity]), [['tls.ignored_unknown', 'warning']]);
});

test('records spanning segments (500, 100 and 13 bytes: certificates over many, headers split, a segment ending one record and holding the next) are put together as tshark does', async () => {
  let tlsFields = 0;
  let reassemblyFields = 0;
  for (const name of SEGMENTED) {
    const path = join(segmented(), name);
    const { matched, line } = assertMatchesTshark(await compareWithTshark(path, TLS), name);
    console.log(line);
    tlsFields += matched;
    // TCP's reassembly fields: every one tshark shows, equal by name, range and show.
    const tcp = await compareWithTshark(path, { protocols: ['tcp'], twoPass: true, tsharkArgs: DESEGMENT });
    assert.deepEqual(tcp.tsharkOnly.filter((f) => REASSEMBLY.test(f.name)).map((f) => `#${f.packet} ${f.name}`), [], name);
    assert.deepEqual(tcp.mismatches.filter((m) => REASSEMBLY.test(m.name)).map((m) => `#${m.packet} ${m.name}`), [], name);
    assert.deepEqual(tcp.shownameMismatches.filter((m) => REASSEMBLY.test(m.name)), [], name);
    reassemblyFields += dissectFile(path, { twoPass: true }).reduce((n, p) => n + p.layers.flatMap((l) => allFields(l.fields)).filter((f) => REASSEMBLY.test(f.name)).length, 0);
    await assertColumnsMatch(path);
  }
  assert.ok(tlsFields >= 3000 && reassemblyFields >= 1000, `${tlsFields} TLS fields, ${reassemblyFields} reassembly fields compared`);
});

test('the server\'s certificate, cut into 500-byte segments, is decoded in the segment that ends it; records after it in that segment form a second TLS layer', () => {
  const packets = dissectFile(join(segmented(), 'tls-segments-500.pcap'), { twoPass: true });
  const certificate = packets.find((p) => p.summary.info === 'Certificate')!;
  const tls = certificate.layers.filter((l) => l.protocol === 'tls');
  assert.equal(tls.length, 1);
  assert.equal(tls[0].source, 1);
  const fields = allFields(tls[0].fields);
  assert.ok(fields.some((f) => f.name === 'x509sat.uTF8String' && f.show === 'Layerscope Tests'), 'the certificate\'s subject is read from the reassembled bytes');
  const count = certificate.layers.flatMap((l) => allFields(l.fields)).find((f) => f.name === 'tcp.segment.count');
  assert.equal(count?.value, 2);
  // The next segment ends the Server Key Exchange and holds the whole Server Hello Done: two TLS layers, one info.
  const next = packets[certificate.number];
  assert.equal(next.summary.info, 'Server Key Exchange, Server Hello Done');
  assert.deepEqual(next.layers.filter((l) => l.protocol === 'tls').map((l) => l.source ?? 0), [1, 0]);
});

test('a record longer than TLS allows is decoded, with an error on its length, as tshark does', () => {
  const packet = dissectFile(CRAFTED)[14];
  const layer = packet.layers.find((l) => l.protocol === 'tls')!;
  assert.deepEqual(layer.problems.map((p) => p.code), ['tls.record_too_long']);
  assert.equal(packet.summary.info, 'Application Data');
});

test('the narrative says what each handshake message does and where TLS sits', () => {
  const packets = dissectFile(LOOPBACK_FIXTURE);
  const narrative = (n: number) => packets[n - 1].layers.find((l) => l.protocol === 'tls')!.narrative ?? '';
  assert.match(narrative(4), /between TCP and the application/);
  assert.match(narrative(4), /Client Hello for example\.com/);
  assert.match(narrative(6), /Server Hello: the server picks the version \(TLS 1\.2\) and cipher suite \(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\)/);
  assert.match(narrative(6), /Certificate: the server sends its certificate chain \(1 certificate\)/);
  assert.match(narrative(6), /Server Key Exchange/);
  assert.match(narrative(6), /Server Hello Done/);
  assert.match(narrative(8), /Client Key Exchange/);
  assert.match(narrative(8), /Client Key Exchange.*; Change Cipher Spec.*; an encrypted handshake message/);
  assert.match(narrative(75), /Hello Retry Request: the server asks the client to start again with a key share for secp256r1/);
  assert.match(narrative(23), /picks the version \(TLS 1\.3\)/);
  assert.match(narrative(23), /in TLS 1\.3 every record after the Server Hello is encrypted/);
  assert.match(narrative(10), /encrypted application data/);
  const layer = packets[3].layers.find((l) => l.protocol === 'tls')!;
  assert.deepEqual([layer.osi, layer.tcpip], [6, 'application']);
});

test('application data records of no content (TLS 1.2 allows them) read "<MISSING>" as tshark shows them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-tls-empty-'));
  try {
    const path = join(dir, 'empty-records.pcap');
    const payload = [...[0x17, 3, 3, 0, 0], ...[0x17, 3, 3, 0, 2, 0xab, 0xcd]];
    const data = tcpFrame({ src: '192.0.2.10', dst: '198.51.100.43', sport: 40100, dport: 443, flags: 0x18, seq: 1, ack: 1, payload });
    writeFileSync(path, pcapFile({}, [{ seconds: 1_700_000_000, fraction: 0, data }]));
    const { matched } = assertMatchesTshark(await compareWithTshark(path, TLS), 'empty records');
    assert.ok(matched >= 10);
    const shown = dissectFile(path)[0].layers.flatMap((l) => allFields(l.fields)).filter((f) => f.name === 'tls.app_data').map((f) => f.showname);
    assert.deepEqual(shown, ['Encrypted Application Data: <MISSING>', 'Encrypted Application Data: abcd']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
