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
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { walk } from '../unit/dissection-invariants.js';
import { compareWithTshark, dissectFile, formatReport, oursOnlyNames, tsharkColumns, type OracleReport } from './pdml-oracle.js';

const CRAFTED = fileURLToPath(new URL('../fixtures/packets/tls-crafted.pcap', import.meta.url));
const LOOPBACK_FIXTURE = fileURLToPath(new URL('../fixtures/packets/tls-loopback.pcap', import.meta.url));
const CAPTURE_SCRIPT = fileURLToPath(new URL('../fixtures/capture-loopback-tls.sh', import.meta.url));
const TLS = { protocols: ['tls'] as const };

/** Fields of ours that tshark shows as unnamed text lines (an extension, key exchange parameters), or not at all. */
const OUR_CONTAINERS = new Set(['tls.handshake.extension', 'tls.handshake.extension_body', 'tls.handshake.key_share_entry', 'tls.handshake.params']);

/**
 * Bytes of a record that continues in another segment: tshark (with TCP reassembly off) shows
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
      // Both sessions must be there (port 443 may have been taken by something else).
      const tlsPackets = statSync(path).size > 24 ? dissectFile(path).filter((p) => p.layers.some((l) => l.protocol === 'tls')).length : 0;
      if (tlsPackets >= 15) return { path, fresh: true, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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

test('the packet list says what tshark says for every TLS packet: protocol (TLSv1, TLSv1.2, TLSv1.3, SSL) and info', async () => {
  const capture = loopbackCapture();
  try {
    let compared = 0;
    for (const file of [capture.path, CRAFTED]) {
      const ours = dissectFile(file);
      const theirs = await tsharkColumns(file);
      assert.equal(ours.length, theirs.length);
      ours.forEach((p, i) => {
        if (!p.layers.some((l) => l.protocol === 'tls')) return;
        const info = theirs[i].info.replace('[BoundErrorUnreassembled Packet]', '');
        // (tshark appends its exception to the info of the hello whose extension length runs past it.)
        assert.deepEqual([p.summary.protocol, p.summary.info], [theirs[i].protocol, info], `${file.split('/').pop()} #${p.number}`);
        compared++;
      });
    }
    assert.ok(compared >= 30, `only ${compared} packets compared`);
  } finally {
    capture.cleanup();
  }
});

test('a record cut by the segment\'s end says it continues, and the next segment\'s rest is a continuation', () => {
  const packets = dissectFile(CRAFTED);
  const cut = packets[4].layers.find((l) => l.protocol === 'tls')!;
  assert.equal(cut.fields[0].name, 'tls.segment.data');
  assert.equal(cut.fields[0].length, 90);
  assert.match(cut.problems[0].message, /continues in the next segment/);
  const rest = packets[5].layers.find((l) => l.protocol === 'tls')!;
  assert.equal(rest.problems[0].code, 'tls.continuation');
  assert.equal(packets[5].summary.info, 'Continuation Data');
  // A record whose start is cut after a whole one, and bytes that start no record once the version is known.
  const after = packets[15].layers.find((l) => l.protocol === 'tls')!;
  assert.deepEqual(after.fields.map((f) => f.name), ['tls.record', 'tls.segment.data']);
  assert.deepEqual(after.problems.map((p) => p.code), ['tls.record_continues']);
  const unknown = packets[16].layers.find((l) => l.protocol === 'tls')!;
  assert.deepEqual(unknown.problems.map((p) => [p.code, p.severity]), [['tls.ignored_unknown', 'warning']]);
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
