// tshark is the oracle for capture files: captures made by scapy, editcap and mergecap (and a
// big-endian pcapng built byte by byte) must read the same through Layerscope as through tshark,
// and what Layerscope writes must open in tshark without complaint, packet for packet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { writeCaptureFile } from '../../electron/files/capture-file-writer.js';
import type { CaptureInterface, PacketRecord } from '../../electron/files/packet-record.js';
import { byteOption, concat, epb, frame, idb, shb, spb, stringOption } from '../fixtures/files/capture-bytes.js';
import { readAll, scratchFiles } from '../unit/capture-file-test-kit.js';

const { dir: work, save } = scratchFiles('oracle-files');
const at = (name: string) => join(work, name);

function run(command: string, args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

/** tshark's stderr minus its note about running as root: anything left is a complaint. */
const complaints = (stderr: string) => stderr.split('\n').filter((l) => l.trim() && !/Running as user/.test(l));

interface OracleFrame {
  time: string;
  len: number;
  caplen: number;
  comment: string;
  /** '' when the file names no interface (tshark says "unknown" for pcapng, nothing for pcap). */
  interfaceName: string;
  /** SHA-256 of the captured bytes, so a mismatch is reported briefly. */
  bytes: string;
  /** tshark's encapsulation for the frame's link type (only tshark can say this). */
  encap?: string;
}

const withoutEncap = (frames: OracleFrame[]) => frames.map(({ encap: _, ...rest }) => rest);

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 16) + `/${bytes.length}`;

interface TsharkLayers {
  frame_raw: [string];
  frame: Record<string, string> & { 'frame.interface_id_tree'?: { 'frame.interface_name'?: string } };
  pkt_comment?: { 'frame.comment': string | string[] } | { 'frame.comment': string | string[] }[];
}

const cache = new Map<string, OracleFrame[]>();

/** What tshark reads from `path`, asserting it reads it without complaint. */
function tsharkFrames(path: string): OracleFrame[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const result = run('tshark', ['-r', path, '-T', 'json', '--no-duplicate-keys', '-x', '-j', 'frame frame.interface_id pkt_comment']);
  assert.deepEqual(complaints(result.stderr), [], `tshark complained about ${path}`);
  const packets = JSON.parse(result.stdout) as { _source: { layers: TsharkLayers } }[];
  const frames = packets.map(({ _source: { layers } }) => {
    const comments = layers.pkt_comment === undefined ? [] : [layers.pkt_comment].flat().flatMap((c) => c['frame.comment']);
    const name = layers.frame['frame.interface_id_tree']?.['frame.interface_name'] ?? '';
    return {
      // A Simple Packet Block has no timestamp: tshark shows none, Layerscope shows the epoch.
      time: layers.frame['frame.time_epoch'] ?? '0.000000000',
      len: Number(layers.frame['frame.len']),
      caplen: Number(layers.frame['frame.cap_len']),
      comment: comments.join('\n'),
      interfaceName: name === 'unknown' ? '' : name,
      bytes: digest(Buffer.from(layers.frame_raw[0], 'hex')),
      encap: layers.frame['frame.encap_type'],
    };
  });
  cache.set(path, frames);
  return frames;
}

function ours(path: string) {
  const reader = openCaptureFile(path);
  const records = readAll(reader);
  assert.equal(reader.warning, null, `unexpected warning on ${path}: ${reader.warning?.message}`);
  reader.close();
  return { records, interfaces: [...reader.interfaces] as CaptureInterface[], format: reader.format };
}

function asOracle(records: PacketRecord[], interfaces: readonly CaptureInterface[]): OracleFrame[] {
  return records.map((r) => ({
    time: `${r.seconds}.${String(r.nanos).padStart(9, '0')}`,
    len: r.originalLength,
    caplen: r.data.length,
    comment: r.comments?.join('\n') ?? '',
    interfaceName: interfaces[r.interfaceId].name ?? '',
    bytes: digest(r.data),
  }));
}

// Captures made by other tools: scapy crafts, editcap and mergecap convert, cut and annotate.
const scapy = `
import sys
from scapy.all import *
out = sys.argv[1]
pkts = []
for i in range(12):
    kind = i % 4
    base = Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02')
    if kind == 0: p = base/IP(src='192.0.2.1', dst='198.51.100.2')/TCP(sport=40000+i, dport=80, flags='S')
    elif kind == 1: p = base/IP(src='192.0.2.1', dst='198.51.100.2')/UDP(sport=5353, dport=53)/Raw(b'q'*(i*37))
    elif kind == 2: p = base/IP(src='192.0.2.1', dst='198.51.100.2')/ICMP()/Raw(b'p'*(i*101))
    else: p = base/IPv6(src='2001:db8::1', dst='2001:db8::2')/TCP(sport=443, dport=50000, flags='PA')/Raw(bytes(range(256))*3)
    p.time = 1763683200 + i * 0.0123457 + 0.000001
    pkts.append(p)
wrpcap(out + '/eth.pcap', pkts)
w = PcapWriter(out + '/eth-be.pcap', endianness='>')
w.write(pkts)
w.close()
raw = [IP(src='192.0.2.9', dst='198.51.100.9')/UDP(sport=1000+i, dport=2000)/Raw(b'r'*i) for i in range(5)]
for i, p in enumerate(raw): p.time = 1763683200.5 + i * 0.25
w = PcapWriter(out + '/rawip-ns.pcap', linktype=101, nano=True)
w.write(raw)
w.close()
`;

function makeInputs(): string[] {
  run('/usr/bin/python3', ['-c', scapy, work]);
  run('editcap', ['-F', 'pcapng', at('eth.pcap'), at('eth.pcapng')]);
  run('editcap', ['-F', 'nsecpcap', at('eth.pcap'), at('eth-ns.pcap')]);
  run('editcap', ['-F', 'pcapng', '-a', '1:Client opens the connection: SYN', '-a', '3:ping, with ü', at('eth.pcap'), at('eth-comments.pcapng')]);
  run('editcap', ['-F', 'pcapng', '-s', '60', at('eth.pcap'), at('eth-snapped.pcapng')]);
  run('editcap', ['-F', 'pcapng', at('rawip-ns.pcap'), at('rawip-ns.pcapng')]);
  run('mergecap', ['-F', 'pcapng', '-w', at('merged-two-interfaces.pcapng'), at('eth.pcapng'), at('rawip-ns.pcapng')]);
  // Big-endian pcapng with names, nanoseconds, comments and a simple packet block: no tool here
  // writes one, so it is built byte by byte and tshark says what it holds.
  save('big-endian.pcapng', concat(
    shb(false),
    idb(false, 1, 262144, [stringOption(2, 'eth0'), byteOption(9, 9)]),
    idb(false, 1, 262144, [stringOption(2, 'eth1')]),
    epb(false, 0, 1_763_683_200_123_456_789n, frame(64, 1), [stringOption(1, 'first'), stringOption(1, 'and a second comment')]),
    epb(false, 1, 1_763_683_201_000_001n, frame(1514, 2)),
    epb(false, 0, 1_763_683_202_999_999_999n, frame(60, 3), [], 1514),
  ));
  save('simple-packet-blocks.pcapng', concat(shb(true), idb(true, 1, 100, [stringOption(2, 'lo')]), spb(true, frame(60, 1)), spb(true, frame(100, 2), 300)));
  return ['eth.pcap', 'eth-be.pcap', 'eth-ns.pcap', 'rawip-ns.pcap', 'eth.pcapng', 'eth-comments.pcapng', 'eth-snapped.pcapng',
    'merged-two-interfaces.pcapng', 'big-endian.pcapng', 'simple-packet-blocks.pcapng'];
}

const inputs = makeInputs();

for (const name of inputs) {
  test(`${name}: Layerscope reads the same packets, times, lengths, comments and interfaces as tshark`, () => {
    const { records, interfaces } = ours(at(name));
    assert.ok(records.length > 0);
    assert.deepEqual(asOracle(records, interfaces), withoutEncap(tsharkFrames(at(name))));
  });
}

test('the merged capture really has two interfaces with different link types and resolutions', () => {
  const { interfaces } = ours(at('merged-two-interfaces.pcapng'));
  assert.deepEqual(interfaces.map((i) => [i.linkType, i.tsresol ?? 6]), [[1, 6], [101, 9]]);
});

for (const name of inputs) {
  test(`${name}: written back as pcapng by Layerscope, tshark reads it without complaint and identically (link types too)`, () => {
    const { records, interfaces } = ours(at(name));
    const out = at(`${name}.layerscope.pcapng`);
    writeCaptureFile(out, 'pcapng', interfaces, records);
    const expected = tsharkFrames(at(name));
    assert.deepEqual(tsharkFrames(out), expected);
    // And Layerscope reads its own file back the same way.
    assert.deepEqual(asOracle(ours(out).records, interfaces), withoutEncap(expected));
  });
}

for (const name of ['eth-be.pcap', 'big-endian.pcapng']) {
  for (const resolution of ['nanoseconds', 'microseconds'] as const) {
    test(`${name}: written as classic pcap (${resolution}), tshark reads the same bytes and times`, () => {
      const { records, interfaces } = ours(at(name));
      const out = at(`${name}.layerscope-${resolution}.pcap`);
      writeCaptureFile(out, 'pcap', interfaces, records, { resolution });
      const strip = (frames: OracleFrame[]) => frames.map((f) => ({
        ...f,
        time: resolution === 'nanoseconds' ? f.time : f.time.slice(0, -3) + '000',
        comment: '',
        interfaceName: '',
      }));
      assert.deepEqual(tsharkFrames(out), strip(tsharkFrames(at(name))));
    });
  }
}
