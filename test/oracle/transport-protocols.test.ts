// TCP and UDP checked against tshark: every field both produce (name, byte offset, length, show) on
// crafted captures (scapy: a whole connection with options, SACK, urgent data, retransmission, bad
// checksums, every flag, IPv6; malformed headers; a snap-length cut; UDP edge cases) and on real
// loopback traffic over 127.0.0.1 and ::1; and the packet list's info text against `tshark -r`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, formatReport, oursOnlyNames, dissectFile } from './pdml-oracle.js';
import { generateBenchmarkCapture } from '../bench/generate-benchmark-capture.js';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/packets/${name}`, import.meta.url));
const TRANSPORT = { protocols: ['tcp', 'udp'] as const, twoPass: true, tsharkArgs: ['-o', 'tcp.desegment_tcp_streams:TRUE'] };

/**
 * Expert-info items tshark places at pos 0 (they are not bytes of the packet, so the oracle skips
 * tshark's copy); we keep them on the TCP header. And each endpoint's TCP state, which is ours alone.
 */
const ANALYSIS_EXPERT = new Set([
  'tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission', 'tcp.analysis.spurious_retransmission', 'tcp.analysis.out_of_order',
  'tcp.analysis.lost_segment', 'tcp.analysis.ack_lost_segment', 'tcp.analysis.keep_alive', 'tcp.analysis.keep_alive_ack', 'tcp.analysis.window_update',
  'tcp.analysis.window_full', 'tcp.analysis.zero_window_probe', 'tcp.analysis.zero_window', 'tcp.analysis.zero_window_probe_ack', 'tcp.analysis.reused_ports',
]);
const oursAlone = (name: string) => name.startsWith('tcp.state.') || ANALYSIS_EXPERT.has(name);

test('a whole TCP connection (options, SACK, urgent, retransmission, every flag, bad checksum, IPv6) matches tshark field by field', async () => {
  const report = await compareWithTshark(fixture('transport-tcp-connection.pcap'), TRANSPORT);
  const mismatches = report.mismatches.filter((m) => !oursAlone(m.name));
  assert.equal(mismatches.length, 0, formatReport({ ...report, mismatches }));
  assert.deepEqual(oursOnlyNames(report).filter((name) => !oursAlone(name)), []);
  assert.ok(report.matched > 400, `only ${report.matched} fields compared`);
});

test('real loopback TCP over 127.0.0.1 and ::1 matches tshark field by field', async () => {
  const report = await compareWithTshark(fixture('transport-loopback-tcp.pcap'), TRANSPORT);
  assert.equal(report.mismatches.length, 0, formatReport(report));
  assert.deepEqual(oursOnlyNames(report).filter((name) => !oursAlone(name)), []);
  assert.ok(report.matched > 900, `only ${report.matched} fields compared`);
});

test('UDP: good, missing, wrong and illegal checksums and bad lengths match tshark field by field', async () => {
  const report = await compareWithTshark(fixture('transport-udp.pcap'), TRANSPORT);
  assert.equal(report.mismatches.length, 0, formatReport(report));
  assert.deepEqual(oursOnlyNames(report), []);
});

test('TCP options cut by the snap length decode like tshark as far as they go', async () => {
  const report = await compareWithTshark(fixture('transport-tcp-snaplen.pcap'), TRANSPORT);
  assert.equal(report.mismatches.length, 0, formatReport(report));
  assert.ok(report.matched >= 30);
});

test('malformed TCP headers agree with tshark on every field both show, and each becomes a problem', async () => {
  const report = await compareWithTshark(fixture('transport-tcp-malformed.pcap'), TRANSPORT);
  // tshark abandons a SYN whose options are malformed before recording it, so it counts that
  // SYN's sequence number from 1; we record the SYN and count from 0.
  const mismatches = report.mismatches.filter((m) => !(m.name === 'tcp.seq' && (m.packet === 3 || m.packet === 4)));
  assert.equal(mismatches.length, 0, formatReport({ ...report, mismatches }));
  const packets = dissectFile(fixture('transport-tcp-malformed.pcap'));
  for (const p of packets) {
    const tcp = p.layers.find((l) => l.protocol === 'tcp')!;
    assert.ok(tcp.problems.some((x) => x.severity === 'error'), `packet ${p.number} has an error: ${JSON.stringify(tcp.problems)}`);
  }
});

/** `layerscope list`'s lines equal `tshark -r`'s for every packet (tshark's defaults, two passes: TCP reassembly on). */
async function compareListLines(path: string, minimum: number): Promise<void> {
  const cli = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
  const [ours, theirs] = await Promise.all([
    run(process.execPath, ['--import', 'tsx', cli, 'list', path], { maxBuffer: 1 << 28 }),
    run('tshark', ['-n', '-2', '-r', path, '-o', 'tcp.analyze_sequence_numbers:TRUE'], { maxBuffer: 1 << 28 }),
  ]);
  const a = ours.stdout.split('\n');
  const b = theirs.stdout.split('\n');
  assert.equal(a.length, b.length, 'same number of lines');
  let compared = 0;
  for (let i = 0; i < a.length; i++) {
    if (b[i] === '') continue;
    assert.equal(a[i], b[i], `line ${i + 1}`);
    compared++;
  }
  assert.ok(compared >= minimum, `only ${compared} lines compared`);
}

test('the packet list of the crafted and the loopback captures reads exactly like tshark -r', async () => {
  await compareListLines(fixture('transport-loopback-tcp.pcap'), 24);
  await compareListLines(fixture('transport-udp.pcap'), 7);
});

test('the packet list of a generated web-traffic capture (handshakes, data, ACKs, retransmissions, closes) reads like tshark -r', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-transport-'));
  try {
    const path = join(dir, 'web.pcap');
    generateBenchmarkCapture(path, 3000);
    await compareListLines(path, 1500);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
