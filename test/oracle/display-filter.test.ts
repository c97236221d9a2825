// Display filters against tshark -Y: on the captures the tests make (merged into one file, so that
// tshark runs once per filter), each filter below selects exactly the packets tshark selects, with
// the same decoding preferences as the field oracle, and packets decoded as filtering decodes them
// (values only, no texts). Together they use every construct of the
// language tshark 4.0 has (it has no xor yet). The snap-length capture is left out on purpose:
// Layerscope shows the fields of a cut header that were captured, where tshark drops them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { compileDisplayFilter } from '../../electron/filter/display-filter.js';
import { decodeFile, TSHARK_PREFERENCES } from './pdml-oracle.js';

const run = promisify(execFile);
const packets = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));

const CAPTURES = [
  'transport-tcp-connection.pcap', 'application-http.pcap', 'application-dns.pcap', 'arp.pcap', 'vlan.pcap',
  'ipv6-icmpv6.pcap', 'ethernet-ipv4-icmp.pcap', 'dhcp.pcap', 'linux-sll.pcap', 'icmp-errors.pcap',
  'ipv6-extension-headers.pcap', 'malformed-ip.pcap',
];

const FILTERS = [
  // A protocol or field alone: present?
  'tcp', 'dns', 'vlan', 'dhcp', 'http.request', 'dhcp.option.hostname', 'tcp.options.mss_val',
  // Comparisons, symbols and words, with each type's literals.
  'tcp.port == 80', 'tcp.port eq 80', 'udp.port != 53', 'ip.src ne 192.0.2.1', 'frame.len > 100', 'frame.len ge 60',
  'ip.ttl < 64', 'ip.ttl le 64', 'frame.number <= 3', 'tcp.window_size_value > 0x1000', 'ip.id == 0x1234', 'ip.ttl == 0100',
  'ip.addr == 198.51.100.53', 'ip.addr ~= 192.0.2.1', 'ip.src === 192.0.2.1', 'ip.dst == 192.0.2.0/24', 'ip.src != 10.0.0.0/8',
  'ipv6.addr == 2001:db8::2', 'ipv6.src == fe80::/10', 'ipv6.dst == ff02::/16', 'ipv6.src == 2001:db8::1',
  'eth.dst == ff:ff:ff:ff:ff:ff', 'eth.dst == ff-ff-ff-ff-ff-ff', 'eth.dst == ffff.ffff.ffff', 'arp.dst.hw_mac == 00:00:00:00:00:00',
  'eth.type == 0x0806', 'tcp.flags.syn == 1 && tcp.flags.ack == 0', 'tcp.flags.syn == True', 'ip.flags.df == 0',
  'http.request.method == "GET"', 'http.host == "example.com"', 'http.request.uri.path == "/index.html"',
  'http.response.code >= 400', 'dns.a == 192.0.2.1', 'dns.flags.rcode != 0', 'dns.count.answers > 0',
  'ip.checksum.status == 1', 'icmp.type == 8', 'icmp.code > 0', 'ip.proto == TCP', 'tcp.srcport > tcp.dstport',
  'frame.cap_len == frame.len', 'dhcp.hw.mac_addr == 02:00:00:00:00:0a', 'frame.time_relative > 0.5',
  // contains, matches, bitwise and, membership with ranges.
  'tcp contains "GET"', 'frame contains 47:45:54', 'dns.qry.name contains "example"', 'http.user_agent contains "Linux"',
  'http.host matches "(?i)EXAMPLE"', 'dns.qry.name matches "^www\\\\."', 'http.request.uri matches "\\\\.html"',
  'tcp.flags & 0x02', 'eth.dst[0] & 1', 'tcp[13] & 0x12',
  'tcp.port in {80, 443, 8000..8080}', 'icmp.type in {0, 8}', 'frame.number in {1..3, 7}', 'http.request.method in {"GET", "POST"}',
  'tcp.port not in {80}',
  // Slices.
  'eth.src[0:3] == 02:00:00', 'frame[12:2] == 08:00', 'ip[0] == 45', 'tcp.payload[0] == 0x47', 'ip.dst[-1] == 01', 'eth.src[1-2] == 00:00',
  'frame[0:2,12:2] == ff:ff:08:06',
  // Functions.
  'len(http.request.uri) > 5', 'count(dns.a) >= 1', 'lower(http.host) == "example.com"', 'string(ip.ttl) == "64"',
  // Logic and grouping.
  'not tcp', '!(tcp.port == 80)', 'udp.port == 53 || arp', 'tcp.flags.reset == 1 or tcp.flags.fin == 1', 'not (ip or ipv6)',
  'ip.ttl == 64 && ip.src == 192.0.2.1', 'ip.addr == 192.0.2.0/24 && !icmp', '(tcp or udp) and not (dns or dhcp)',
];

async function tsharkMatches(path: string, filter: string): Promise<number[]> {
  // tshark's defaults (TCP reassembly on), two passes: as Wireshark's list filters, and as the app does.
  const { stdout } = await run('tshark', ['-n', '-2', '-r', path, ...TSHARK_PREFERENCES, '-o', 'tcp.desegment_tcp_streams:TRUE', '-Y', filter, '-T', 'fields', '-e', 'frame.number']);
  return stdout.split('\n').filter(Boolean).map(Number);
}

let merged = '';
let tempDir = '';

test.before(async () => {
  tempDir = mkdtempSync(join(tmpdir(), 'layerscope-filter-'));
  merged = join(tempDir, 'all.pcapng');
  // -a: one capture after the other, in the order given (no merging by time).
  await run('mergecap', ['-a', '-F', 'pcapng', '-w', merged, ...CAPTURES.map((c) => join(packets, c))]);
});

test.after(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

test(`${FILTERS.length} filters select exactly the packets tshark -Y selects`, async () => {
  assert.ok(FILTERS.length >= 40);
  const decoded = decodeFile(merged, { texts: false, twoPass: true });
  const differences: string[] = [];
  let nonEmpty = 0;
  // Two tshark processes at a time (the machine has two cores).
  const results: number[][] = [];
  for (let i = 0; i < FILTERS.length; i += 2) {
    const pair = await Promise.all(FILTERS.slice(i, i + 2).map((f) => tsharkMatches(merged, f)));
    results.push(...pair);
  }
  FILTERS.forEach((filter, i) => {
    const compiled = compileDisplayFilter(filter);
    const ours = decoded.filter((d) => compiled.matches(d.packet, d.bytes)).map((d) => d.packet.number);
    const theirs = results[i];
    if (ours.join(',') !== theirs.join(',')) differences.push(`${filter}: ours [${ours.join(',')}], tshark [${theirs.join(',')}]`);
    if (theirs.length > 0) nonEmpty++;
  });
  assert.deepEqual(differences, []);
  // Filters that match nothing would prove little.
  assert.ok(nonEmpty >= FILTERS.length - 3, `${nonEmpty} of ${FILTERS.length} filters match some packet`);
});
