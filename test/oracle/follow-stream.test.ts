// Follow Stream against tshark: `layerscope follow FILE --stream N --format F` prints what
// `tshark -n -q -z follow,PROTO,F,N` prints, line for line, in each format (raw, hex, ascii): on
// crafted TCP connections that need putting back together (retransmission, overlap, early
// segments, bytes the capture missed but the receiver acknowledged, sequence numbers wrapping,
// a capture joined after the handshake), on UDP conversations (fragmented datagrams among them),
// and on real captures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { FOLLOW_FORMATS, followText, StreamFollower } from '../../electron/analysis/follow-stream.js';
import type { FollowProtocol } from '../../electron/analysis/follow-stream.js';
import { decodeFile } from './pdml-oracle.js';
import { craftedCaptures } from './crafted-captures.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const crafted = craftedCaptures('craft_follow_packets.py');
const reassembly = craftedCaptures('craft_tcp_reassembly_packets.py');

function tshark(capture: string, protocol: FollowProtocol, format: string, stream: number): string {
  return spawnSync('tshark', ['-n', '-r', capture, '-q', '-z', `follow,${protocol},${format},${stream}`], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
}

function compare(capture: string, protocol: FollowProtocol, streams: number[]): string[] {
  // Values are enough: Follow reads no field's text.
  const decoded = decodeFile(capture, { texts: false });
  const differences: string[] = [];
  for (const stream of streams) {
    const follower = new StreamFollower(protocol, stream);
    for (const { packet, bytes } of decoded) follower.add(packet, bytes);
    for (const format of FOLLOW_FORMATS) {
      const ours = followText(follower.followed(), format);
      const theirs = tshark(capture, protocol, format, stream);
      if (ours !== theirs) differences.push(`${capture} ${protocol} stream ${stream} ${format}:\n${ours}\n---\n${theirs}`);
    }
  }
  return differences;
}

test('TCP data put back in order as tshark follows it: retransmitted, overlapping, early, lost and wrapped bytes', () => {
  const capture = join(crafted(), 'follow-tcp.pcap');
  assert.deepEqual(compare(capture, 'tcp', [0, 1, 2]), []);
  // The stream really needed the reordering: the early segment comes after the one sent later.
  assert.match(tshark(capture, 'tcp', 'ascii', 0), /reply one\n\t6\n two, \n\t5\nlater/);
});

test('UDP conversations and real captures follow as tshark follows them', () => {
  const differences = [
    ...compare(join(crafted(), 'follow-udp.pcap'), 'udp', [0, 1]),
    ...compare(fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url)), 'tcp', [0, 1]),
    ...compare(fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url)), 'udp', [0]),
    ...compare(join(fixtures, 'transport-loopback-tcp.pcap'), 'tcp', [0, 1, 2]),
    ...compare(join(fixtures, 'application-http.pcap'), 'tcp', [0, 1]),
    // Fragmented datagrams: each followed whole, from the bytes put back together.
    ...compare(join(fixtures, 'ipv4-fragments.pcap'), 'udp', [0]),
    ...compare(join(fixtures, 'ipv4-fragments-disordered.pcap'), 'udp', [0]),
    ...compare(join(fixtures, 'ipv6-fragments.pcap'), 'udp', [0]),
  ];
  assert.deepEqual(differences, []);
});

test('HTTP followed as tshark follows it: each message\'s start line and headers, then its body as read (Content-Length, chunks put back together, until FIN), from messages spread over segments too', () => {
  const sample = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
  const differences = [
    ...compare(sample, 'http', [0]),
    ...compare(join(fixtures, 'http-loopback-large.pcap'), 'http', [0]),
    ...['http-content-length-3-segments.pcap', 'http-split-headers.pcap', 'http-retransmission.pcap', 'http-out-of-order.pcap', 'http-chunked.pcap', 'http-two-responses.pcap'].flatMap((name) => compare(join(reassembly(), name), 'http', [0])),
    ...compare(join(reassembly(), 'http-until-fin.pcap'), 'http', [0, 1]),
    // Streams 1-12 of the application captures (0 and 13 hold headers that never end properly,
    // which tshark's follow cuts differently); 4, 5, 8, 11 and 12 carry no whole message: no nodes.
    ...compare(join(fixtures, 'application-http.pcap'), 'http', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
  ];
  assert.deepEqual(differences, []);
  // The request, then the response's headers and its body as a piece of its own.
  assert.match(tshark(sample, 'http', 'ascii', 0), /^87\nGET \/ HTTP\/1\.1\r\n[\s\S]*\n\t83\nHTTP\/1\.1 200 OK[\s\S]*\n\t75\n<!doctype html>/m);
});

test('layerscope follow prints the stream; a missing or wrong option is a usage error', () => {
  const sample = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
  const ours = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'follow', sample, '--stream', '0', '--format', 'raw'], { encoding: 'utf8' });
  assert.equal(ours.status, 0, ours.stderr);
  assert.equal(ours.stdout, tshark(sample, 'tcp', 'raw', 0));
  for (const wrong of [['--format', 'raw'], ['--stream', 'x'], ['--stream', '0', '--proto', 'sctp'], ['--stream', '0', '--format', 'yaml']]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'follow', sample, ...wrong], { encoding: 'utf8' });
    assert.equal(r.status, 2, `${wrong.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /--(stream|proto|format)/);
  }
});
