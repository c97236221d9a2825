// Endpoints against tshark: for captures the tests make, `layerscope endpoints --type T` prints
// what `tshark -n -q -z endpoints,T` prints, line for line (packets and bytes sent and received by
// each address, or address and port), for Ethernet, IPv4, IPv6, TCP and UDP, tunnels' inner
// headers included, and captures with IP fragments (a fragmented datagram's transport header counts
// once, in the frame that completed it, as tshark counts it). Captures whose packets tshark stops
// decoding part-way (cut by the snap length, impossible lengths) are left to another issue.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ADDRESS_TYPES } from '../../electron/analysis/endpoint-pairs.js';
import { EndpointTable, endpointsText } from '../../electron/analysis/endpoints.js';
import { decodeFile } from './pdml-oracle.js';
import { tsharkStatistics } from './tshark-statistics.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const packets = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const CAPTURES = [
  fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url)),
  ...['transport-tcp-connection.pcap', 'transport-loopback-tcp.pcap', 'application-http.pcap', 'application-dns.pcap', 'vxlan-geneve.pcap', 'gre.pcap', 'ip-in-ip.pcap', 'wifi-radiotap.pcap', 'dhcp.pcap', 'arp.pcap', 'vlan.pcap', 'ipv6-icmpv6.pcap', 'lo-ping.pcap', 'ethernet-ipv4-icmp.pcap', 'ipv4-fragments.pcap', 'ipv4-fragments-disordered.pcap', 'ipv6-fragments.pcap'].map((f) => join(packets, f)),
];

test('every endpoint table equals tshark -z endpoints for each type and capture', () => {
  const differences: string[] = [];
  let rows = 0;
  for (const capture of CAPTURES) {
    const decoded = decodeFile(capture);
    const tables = tsharkStatistics(capture, 'endpoints', ADDRESS_TYPES);
    for (const type of ADDRESS_TYPES) {
      const table = new EndpointTable(type);
      for (const { packet } of decoded) table.add(packet);
      const ours = endpointsText(table);
      const theirs = tables.get(type) ?? '';
      if (ours !== theirs) differences.push(`${capture} ${type}:\n${ours}\n---\n${theirs}`);
      rows += theirs.split('\n').filter((l) => /^\S+ +\d/.test(l)).length;
    }
  }
  assert.deepEqual(differences, []);
  assert.ok(rows >= 60, `${rows} endpoints compared`);
});

test('layerscope endpoints: of the packets a display filter matches; a wrong type is a usage error', () => {
  const sample = CAPTURES[0];
  const ours = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'endpoints', sample, '--type', 'ip', '-Y', 'tcp'], { encoding: 'utf8' });
  assert.equal(ours.status, 0, ours.stderr);
  const theirs = spawnSync('tshark', ['-n', '-r', sample, '-q', '-z', 'endpoints,ip,tcp'], { encoding: 'utf8' }).stdout;
  const rowsOf = (text: string) => text.split('\n').filter((l) => /^\S+ +\d/.test(l));
  assert.ok(rowsOf(theirs).length >= 2);
  assert.deepEqual(rowsOf(ours.stdout), rowsOf(theirs));
  const wrong = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'endpoints', sample, '--type', 'sctp'], { encoding: 'utf8' });
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /--type must be one of eth, ip, ipv6, tcp, udp/);
});
