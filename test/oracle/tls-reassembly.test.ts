// TLS records that span TCP segments, against tshark 4.0 with its defaults (TCP desegmentation
// on): a real TLS 1.2 session whose three-certificate chain is spread over three segments and a
// TLS 1.3 one, on a loopback with an MTU of 1000 in a network namespace (captured now when this
// machine allows, else the copy made the same way), and captures crafted with scapy (a ClientHello
// over three segments; records that end and begin mid-segment, with whole records between; record
// headers split after one and four bytes; a retransmitted piece). Every field equals PDML's by
// name, range and show (>= 99%), TCP's reassembly fields all; every TLS tree line equals tshark's;
// the Info column equals tshark's packet list for every packet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, decodeFile, dissectFile, listColumns, formatReport, tsharkColumns, type OracleReport } from './pdml-oracle.js';
import { craftedCaptures } from './crafted-captures.js';
import { allFields } from '../unit/application-dissector-harness.js';
import type { DissectedPacket, Field } from '../../electron/dissect/field-model.js';

const crafted = craftedCaptures('craft_tls_split_records.py');
const CRAFTED = ['tls-reassembly-split.pcap', 'tls-reassembly-headers.pcap', 'tls-reassembly-retransmission.pcap'];
const CHAIN_FIXTURE = fileURLToPath(new URL('../fixtures/packets/tls-certificate-chain.pcap', import.meta.url));
const CAPTURE_SCRIPT = fileURLToPath(new URL('../fixtures/capture-tls-certificate-chain.sh', import.meta.url));
const DEFAULTS = ['-o', 'tcp.desegment_tcp_streams:TRUE'];

/** tshark's own TCP fields that Layerscope does not compute (bytes in flight, PSH counts, completeness, stream times, the iRTT on a SYN-ACK). */
const NOT_COMPUTED = /^tcp\.(analysis\.(bytes_in_flight|push_bytes_sent|initial_rtt)|completeness|time_relative|time_delta)$/;
const REASSEMBLY = /^tcp\.(segments?|segment\.|segment_data|reassembled)/;
/** tshark places the generated application-protocol line at an offset that is not the record's (as test/oracle/tls.test.ts says). */
const POSITIONED_ELSEWHERE = 'tls.app_data_proto';

/** The real capture: made now in a network namespace when this machine allows (root, openssl, tcpdump), else the fixture. */
function chainCapture(): { path: string; cleanup: () => void } {
  const can = process.getuid?.() === 0 && ['openssl', 'tcpdump', 'ip'].every((tool) => spawnSync('which', [tool]).status === 0);
  if (can) {
    const dir = mkdtempSync(join(tmpdir(), 'layerscope-tls-chain-'));
    const path = join(dir, 'chain.pcap');
    try {
      execFileSync('timeout', ['40', 'bash', CAPTURE_SCRIPT, path], { stdio: 'ignore' });
      // The certificate chain must span segments in it (both sessions there).
      if (statSync(path).size > 24 && segmentCounts(dissectFile(path, { twoPass: true })).length >= 2) return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    } catch {
      // No namespaces here, or the capture failed: the fixture serves.
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { path: CHAIN_FIXTURE, cleanup: () => {} };
}

function fieldsNamed(p: DissectedPacket, pattern: RegExp): Field[] {
  return p.layers.flatMap((l) => allFields(l.fields)).filter((f) => pattern.test(f.name));
}

/** "#packet:count" for each packet that decodes a PDU put together from several segments. */
function segmentCounts(packets: DissectedPacket[]): string[] {
  return packets.flatMap((p) => fieldsNamed(p, /^tcp\.segment\.count$/).map((f) => `#${p.number}:${f.value}`));
}

/**
 * Compares a capture's fields (two passes, so earlier segments know where their PDU was
 * reassembled) and its TLS tree lines (one pass: in its second pass tshark labels a ClientHello's
 * record with the version the ServerHello chose later, which no packet list read in order knows).
 */
async function compare(path: string): Promise<{ matched: number; compared: number; report: string }> {
  const r: OracleReport = await compareWithTshark(path, { twoPass: true, tsharkArgs: DEFAULTS });
  assert.equal(r.packetCountDiffers, undefined);
  const lacking = r.tsharkOnly.filter((f) => !NOT_COMPUTED.test(f.name) && f.name !== POSITIONED_ELSEWHERE);
  const mismatches = r.mismatches.filter((m) => !(m.name === POSITIONED_ELSEWHERE && m.tshark.some((t) => t.show === m.ours.show)));
  assert.deepEqual(lacking.filter((f) => REASSEMBLY.test(f.name) || f.name.startsWith('tls.')).map((f) => `#${f.packet} ${f.name}`), [], `${path}: fields tshark shows that we do not`);
  assert.deepEqual(mismatches.filter((m) => REASSEMBLY.test(m.name) || m.name.startsWith('tls.')).map((m) => `#${m.packet} ${m.name}`), [], formatReport({ ...r, mismatches }));
  const onePass = await compareWithTshark(path, { protocols: ['tls'], tsharkArgs: DEFAULTS });
  assert.deepEqual(onePass.shownameMismatches, [], `${path}: TLS tree lines differ from tshark's`);
  return { matched: r.matched, compared: r.matched + mismatches.length + lacking.length, report: formatReport({ ...r, mismatches }) };
}

test('a certificate chain over three segments is decoded, certificates and all, in the segment that completes it, exactly as tshark does', async () => {
  const capture = chainCapture();
  try {
    const { matched, compared, report } = await compare(capture.path);
    console.log(`certificate chain: ${matched} of ${compared} fields equal to PDML (${((matched / compared) * 100).toFixed(2)}%)`);
    assert.ok(matched / compared >= 0.99, report);
    const packets = dissectFile(capture.path, { twoPass: true });
    const certificates = packets.filter((p) => p.layers.some((l) => l.protocol === 'tls' && l.source !== undefined && allFields(l.fields).some((f) => f.name === 'tls.handshake.certificate')));
    assert.equal(certificates.length, 1, 'the TLS 1.2 Certificate message is decoded from reassembled bytes once');
    const chain = certificates[0];
    assert.equal(chain.summary.info, 'Certificate');
    assert.equal(fieldsNamed(chain, /^tls\.handshake\.certificate$/).length, 3);
    assert.ok(fieldsNamed(chain, /^tcp\.segment\.count$/)[0].value as number >= 3);
    // Its subjects come from the reassembled bytes.
    const subjects = fieldsNamed(chain, /^x509sat\.(printableString|uTF8String)$/).map((f) => f.show);
    assert.ok(subjects.includes('Layerscope Test Intermediate'), subjects.join());
    // The earlier segments carry no TLS, only the mark.
    const pieces = packets.filter((p) => p.summary.info.endsWith('[TCP segment of a reassembled PDU]'));
    assert.ok(pieces.length >= 2);
    for (const p of pieces) assert.equal(p.layers.some((l) => l.protocol === 'tls'), false, `#${p.number}`);
  } finally {
    capture.cleanup();
  }
});

test('crafted records that end and begin mid-segment, split headers and a retransmitted piece equal tshark\'s PDML (>= 99%), reassembly fields all', async () => {
  let matched = 0;
  let compared = 0;
  const reports: string[] = [];
  for (const name of CRAFTED) {
    const r = await compare(join(crafted(), name));
    matched += r.matched;
    compared += r.compared;
    reports.push(r.report);
  }
  console.log(`crafted: ${matched} of ${compared} fields equal to PDML (${((matched / compared) * 100).toFixed(2)}%)`);
  assert.ok(matched / compared >= 0.99, reports.join('\n'));
});

test('the packet list\'s Info equals tshark\'s for every packet (pieces marked, records after a reassembled one joined to its info), and Protocol tshark\'s first pass', async () => {
  const capture = chainCapture();
  try {
    for (const path of [capture.path, ...CRAFTED.map((n) => join(crafted(), n))]) {
      const name = path.split('/').pop();
      // Info as Wireshark's list shows it (two passes: in one, tshark writes a first piece's info
      // from TLS's trial of its bytes); the version in Protocol as a list read in order knows it.
      const twoPass = await tsharkColumns(path, ['-2', ...DEFAULTS, '-o', 'tcp.check_checksum:FALSE']);
      const onePass = await tsharkColumns(path, [...DEFAULTS, '-o', 'tcp.check_checksum:FALSE']);
      const ours = listColumns(path);
      assert.equal(ours.length, twoPass.length, name);
      ours.forEach((c, i) => {
        assert.equal(c.info, twoPass[i].info, `${name} #${i + 1} info`);
        assert.equal(c.protocol, onePass[i].protocol, `${name} #${i + 1} protocol`);
      });
    }
  } finally {
    capture.cleanup();
  }
});

test('a segment ending one record, holding two whole ones and starting another decodes the first from the reassembled bytes and the next two from the frame', () => {
  const packets = decodeFile(join(crafted(), 'tls-reassembly-split.pcap'), { twoPass: true });
  const { packet } = packets[9];
  const tls = packet.layers.filter((l) => l.protocol === 'tls');
  assert.deepEqual(tls.map((l) => l.source ?? 0), [1, 0]);
  assert.deepEqual(tls.map((l) => l.fields.filter((f) => f.name === 'tls.record').length), [1, 2]);
  assert.equal(packet.summary.info, 'Application Data, Application Data, Encrypted Alert');
  // This segment's share of the reassembled record, then the start of the next, reassembled in the packet after.
  const tcp = packet.layers.find((l) => l.protocol === 'tcp')!;
  assert.deepEqual(tcp.fields.filter((f) => f.name === 'tcp.segment_data').map((f) => f.length), [605, 3]);
  assert.deepEqual(tcp.fields.filter((f) => f.name === 'tcp.reassembled_in').map((f) => f.value), [11]);
  assert.equal(segmentCounts(packets.map((p) => p.packet)).join(' '), '#6:3 #8:2 #10:3 #11:2');
});
