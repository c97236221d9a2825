// TCP sequence analysis against tshark: per packet, the stream index, the set of tcp.analysis
// flags, the frame an ACK acknowledges, the ACK and initial round-trip times and the duplicate
// ACK numbers equal tshark's PDML, and `layerscope list` writes the same info column. On captures
// crafted for each analysis case (test/fixtures/craft_tcp_analysis.py), on real loopback traffic,
// and on generated web traffic with retransmissions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Field } from '../../electron/dissect/field-model.js';
import { compareWithTshark, dissectFile, formatReport, oursOnlyNames, tsharkPdml } from './pdml-oracle.js';
import { craftedCaptures } from './crafted-captures.js';
import { generateBenchmarkCapture } from '../bench/generate-benchmark-capture.js';

const run = promisify(execFile);
const crafted = craftedCaptures('craft_tcp_analysis.py');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/packets/${name}`, import.meta.url));

/** What tshark shows that the analysis does not compute (bytes in flight, the RTO) or that is its tree, not a result. */
const NOT_COMPARED = new Set(['tcp.analysis', 'tcp.analysis.flags', 'tcp.analysis.bytes_in_flight', 'tcp.analysis.push_bytes_sent', 'tcp.analysis.rto', 'tcp.analysis.rto_frame']);

/** Per packet: "stream|name=show name ..." (names sorted, each once). */
function describe(stream: string | undefined, analysis: Map<string, string>): string {
  const parts = [...analysis].filter(([n]) => !NOT_COMPARED.has(n)).map(([n, v]) => (v === '' ? n : `${n}=${v}`)).sort();
  return `stream ${stream ?? '-'}: ${parts.join(' ')}`;
}

async function theirAnalysis(path: string): Promise<string[]> {
  const packets = await tsharkPdml(path, ['-o', 'tcp.analyze_sequence_numbers:TRUE']);
  return packets.map((p) => {
    const analysis = new Map<string, string>();
    let stream: string | undefined;
    for (const f of p.fields) {
      if (f.name === 'tcp.stream') stream = f.show;
      if (f.name.startsWith('tcp.analysis')) analysis.set(f.name, f.show ?? '');
    }
    return describe(stream, analysis);
  });
}

function ourAnalysis(path: string): string[] {
  return dissectFile(path).map((p) => {
    const analysis = new Map<string, string>();
    let stream: string | undefined;
    const walk = (fields: Field[]) => {
      for (const f of fields) {
        if (f.name === 'tcp.stream') stream = f.show;
        if (f.name.startsWith('tcp.analysis')) analysis.set(f.name, f.show);
        walk(f.children);
      }
    };
    for (const l of p.layers) if (l.protocol === 'tcp') walk(l.fields);
    return describe(stream, analysis);
  });
}

/** Compares the analysis of every packet; returns how many agree, and asserts at least `share` do. */
async function compareAnalysis(path: string, share: number): Promise<{ agree: number; total: number; flagged: number }> {
  const [ours, theirs] = [ourAnalysis(path), await theirAnalysis(path)];
  assert.equal(ours.length, theirs.length, 'same number of packets');
  const differences: string[] = [];
  let flagged = 0;
  for (let i = 0; i < ours.length; i++) {
    if (theirs[i].includes('tcp.analysis.') && /retransmission|lost|duplicate|window|keep|out_of|reused/.test(theirs[i])) flagged++;
    if (ours[i] !== theirs[i]) differences.push(`#${i + 1}\n  ours   ${ours[i]}\n  tshark ${theirs[i]}`);
  }
  const agree = ours.length - differences.length;
  assert.ok(agree >= share * ours.length, `${differences.length} of ${ours.length} packets differ:\n${differences.slice(0, 30).join('\n')}`);
  return { agree, total: ours.length, flagged };
}

/** `layerscope list`'s lines equal `tshark -r`'s for every packet (with TCP, or on top of it). */
async function compareInfo(path: string): Promise<number> {
  const cli = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
  const [ours, theirs] = await Promise.all([
    run(process.execPath, ['--import', 'tsx', cli, 'list', path], { maxBuffer: 1 << 28 }),
    // tshark's defaults (TCP reassembly on) in two passes, as Wireshark's packet list shows them.
    run('tshark', ['-n', '-2', '-r', path, '-o', 'tcp.analyze_sequence_numbers:TRUE'], { maxBuffer: 1 << 28 }),
  ]);
  const a = ours.stdout.split('\n');
  const b = theirs.stdout.split('\n');
  assert.equal(a.length, b.length, 'same number of lines');
  const differences: string[] = [];
  let compared = 0;
  for (let i = 0; i < a.length; i++) {
    if (b[i] === '') continue;
    compared++;
    if (a[i] !== b[i]) differences.push(`ours:   ${a[i]}\ntshark: ${b[i]}`);
  }
  assert.deepEqual(differences, []);
  return compared;
}

test('every TCP analysis case crafted with scapy: flags, ACKed frames, RTTs and duplicate ACKs equal tshark for every packet', async () => {
  const path = join(crafted(), 'tcp-analysis.pcap');
  const { agree, total, flagged } = await compareAnalysis(path, 1);
  assert.equal(agree, total);
  assert.ok(flagged >= 40, `only ${flagged} flagged packets`);
});

test('the packet list of the crafted analysis cases carries tshark\'s marks in the info column, in tshark\'s order', async () => {
  const compared = await compareInfo(join(crafted(), 'tcp-analysis.pcap'));
  assert.ok(compared > 150, `${compared} lines compared`);
});

test('real loopback TCP and the crafted connection: analysis equal to tshark', async () => {
  await compareAnalysis(fixture('transport-loopback-tcp.pcap'), 1);
  await compareAnalysis(fixture('transport-tcp-connection.pcap'), 1);
});

test('real Linux TCP between two network namespaces (losses at a token bucket, a paused reader, keep-alives, a refused connection): analysis and info equal to tshark', async () => {
  // Made by test/fixtures/capture-tcp-analysis-namespaces.sh.
  const path = fixture('tcp-analysis-namespaces.pcap');
  const { total, flagged } = await compareAnalysis(path, 0.99);
  assert.ok(total > 300 && flagged >= 50, `${flagged} flagged of ${total}`);
  assert.ok((await compareInfo(path)) === total);
});

test('generated web traffic (handshakes, data, ACKs, retransmissions, closes): analysis and info equal to tshark', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-tcp-analysis-'));
  try {
    const path = join(dir, 'web.pcap');
    generateBenchmarkCapture(path, 3000);
    const { agree, total } = await compareAnalysis(path, 0.99);
    assert.ok(agree >= 0.99 * total);
    assert.ok((await compareInfo(path)) >= 1500);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('display filters on the analysis fields select the packets tshark -Y selects (list -Y decodes each packet twice in a row)', async () => {
  const path = fixture('tcp-analysis-namespaces.pcap');
  const cli = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
  const FILTERS = [
    'tcp.analysis.flags',
    'tcp.analysis.flags && !tcp.analysis.window_update && !tcp.analysis.keep_alive && !tcp.analysis.keep_alive_ack',
    'tcp.analysis.duplicate_ack_num >= 2',
    'tcp.analysis.retransmission && !tcp.analysis.fast_retransmission',
    'tcp.analysis.ack_rtt > 0.01',
    'tcp.analysis.zero_window || tcp.analysis.window_update',
  ];
  for (const filter of FILTERS) {
    const [ours, theirs] = await Promise.all([
      run(process.execPath, ['--import', 'tsx', cli, 'list', path, '-Y', filter], { maxBuffer: 1 << 26 }),
      run('tshark', ['-n', '-r', path, '-o', 'tcp.desegment_tcp_streams:FALSE', '-Y', filter], { maxBuffer: 1 << 26 }),
    ]);
    assert.ok(theirs.stdout.split('\n').length > 3, `${filter}: tshark selects too few`);
    assert.equal(ours.stdout, theirs.stdout, filter);
  }
});

/** Ours alone: each endpoint's state, and the flags tshark shows only inside its expert items. */
const oursAlone = (name: string) => name.startsWith('tcp.state.') || (name.startsWith('tcp.analysis.') && !['tcp.analysis.acks_frame', 'tcp.analysis.ack_rtt', 'tcp.analysis.initial_rtt', 'tcp.analysis.flags', 'tcp.analysis.duplicate_ack', 'tcp.analysis.duplicate_ack_num', 'tcp.analysis.duplicate_ack_frame'].includes(name));

test('every TCP field of the analysis captures matches tshark by name, range and value (a wrapped next sequence number too)', async () => {
  for (const path of [join(crafted(), 'tcp-analysis.pcap'), fixture('tcp-analysis-namespaces.pcap')]) {
    const report = await compareWithTshark(path, { protocols: ['tcp'], twoPass: true, tsharkArgs: ['-o', 'tcp.desegment_tcp_streams:TRUE'] });
    assert.equal(report.mismatches.length, 0, formatReport(report));
    assert.deepEqual(oursOnlyNames(report).filter((n) => !oursAlone(n)), []);
    assert.ok(report.matched > 5000, `${report.matched} fields compared`);
  }
});
