// Link- and network-layer decoding checked field by field against tshark (`-T pdml`) on captures
// crafted with scapy (every link type and protocol, malformed and truncated cases) and on real
// ping traffic captured on `lo`. For every field both produce: same offset, length and show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, dissectFile, formatReport, oursOnlyNames, tsharkColumns } from './pdml-oracle.js';
import type { DissectedPacket, Problem } from '../../electron/dissect/field-model.js';

const run = promisify(execFile);
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const PYTHON = '/usr/bin/python3';

/**
 * Fields we show that tshark does not: the IPv4 options container (tshark's is an unnamed text
 * line), SLL2's reserved bytes, a quoted datagram's unclaimed payload, and the bytes left of a
 * header cut short, which we keep visible as data while tshark stops at the first missing byte;
 * and the share of the payload a fragment that completes its datagram carries in its own frame.
 */
const ALLOWED_OURS_ONLY = new Set(['ip.options', 'sll.reserved', 'data', 'data.data', 'data.len', 'ip.fragment_payload', 'ipv6.fragment_payload']);
const TRUNCATION_OURS_ONLY = new Set(['eth.dst', 'eth.addr', 'eth.dst.lg', 'eth.dst.ig', 'ip.dst', 'arp.src.hw_mac', 'icmp.type', 'icmp.code', 'icmp.checksum', 'icmp.checksum.status']);

/** Each crafted capture, and the protocols it must make us decode. */
const CRAFTED: Record<string, string[]> = {
  'ethernet-ipv4-icmp.pcap': ['eth', 'ip', 'icmp', 'data'],
  'icmp-errors.pcap': ['eth', 'ip', 'icmp'],
  'arp.pcap': ['eth', 'arp'],
  'vlan.pcap': ['eth', 'vlan', 'ieee8021ad', 'ip', 'ipv6', 'arp', 'icmp', 'icmpv6'],
  'ipv6-icmpv6.pcap': ['eth', 'ipv6', 'icmpv6'],
  'ipv6-extension-headers.pcap': ['eth', 'ipv6', 'icmpv6'],
  'linux-sll.pcap': ['sll', 'ip', 'ipv6', 'arp'],
  'linux-sll2.pcap': ['sll', 'ip', 'ipv6', 'arp'],
  'null-loopback.pcap': ['null', 'ip', 'ipv6'],
  'openbsd-loop.pcap': ['null', 'ip', 'ipv6'],
  'raw-ip.pcap': ['raw', 'ip', 'ipv6'],
  'raw-ipv4.pcap': ['raw', 'ip'],
  'raw-ipv6.pcap': ['raw', 'ipv6'],
  'malformed-ip.pcap': ['eth', 'ip', 'ipv6', 'arp'],
  'snaplen-cut.pcap': ['eth', 'ip', 'ipv6', 'arp'],
};

let craftedDir = join(fixtures, 'packets');
let tempDir: string | undefined;

test.before(async () => {
  // Re-craft the captures so the generator stays in step with the tests; fall back to the
  // committed copies where scapy is not installed.
  if (!existsSync(PYTHON)) return;
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-crafted-'));
  try {
    await run(PYTHON, [join(fixtures, 'craft_packets.py'), dir]);
    craftedDir = dir;
    tempDir = dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

function protocolsOf(packets: DissectedPacket[]): Set<string> {
  return new Set(packets.flatMap((p) => p.layers.map((l) => l.protocol)));
}

async function assertAgreesWithTshark(path: string, extraAllowed: ReadonlySet<string> = new Set()) {
  const report = await compareWithTshark(path);
  assert.equal(report.packetCountDiffers, undefined, formatReport(report));
  assert.ok(report.packets > 0, 'the capture has packets');
  assert.deepEqual(report.mismatches, [], `fields disagreeing with tshark in ${path}:\n${formatReport(report)}`);
  assert.ok(report.matched >= report.packets * 10, `only ${report.matched} fields matched over ${report.packets} packets`);
  const unexpected = oursOnlyNames(report).filter((n) => !ALLOWED_OURS_ONLY.has(n) && !extraAllowed.has(n));
  assert.deepEqual(unexpected, [], 'fields tshark does not have');
}

for (const [name, protocols] of Object.entries(CRAFTED)) {
  test(`${name}: every field we share with tshark has its offset, length and display text`, async () => {
    const path = join(craftedDir, name);
    await assertAgreesWithTshark(path, name === 'snaplen-cut.pcap' || name === 'malformed-ip.pcap' ? TRUNCATION_OURS_ONLY : undefined);
    const seen = protocolsOf(dissectFile(path));
    for (const p of protocols) assert.ok(seen.has(p), `${name} decodes ${p} (decoded: ${[...seen].join(', ')})`);
  });
}

test('ICMP and ICMPv6 errors show the quoted original datagram inside the error message', () => {
  const v4 = dissectFile(join(craftedDir, 'icmp-errors.pcap'));
  const icmp = v4[0].layers.find((l) => l.protocol === 'icmp')!;
  const quoted = icmp.fields.find((f) => f.name === 'ip')!;
  assert.ok(quoted, 'the quoted IPv4 header is a field of the ICMP layer');
  assert.equal(quoted.offset, icmp.offset + 8);
  assert.ok(quoted.offset + quoted.length <= icmp.offset + icmp.length, 'the quote lies inside the ICMP layer');
  assert.equal(quoted.children.find((f) => f.name === 'ip.src')!.show, '192.0.2.1');
  assert.equal(v4[0].summary.info, 'Destination unreachable (Port unreachable)');
  assert.equal(v4[0].summary.source, '192.0.2.2', 'the quoted addresses do not overwrite the outer columns');
  const v6 = dissectFile(join(craftedDir, 'ipv6-icmpv6.pcap'));
  const icmpv6 = v6[7].layers.find((l) => l.protocol === 'icmpv6')!;
  assert.ok(icmpv6.fields.some((f) => f.name === 'ipv6' && f.children.some((c) => c.name === 'ipv6.dst' && c.show === '2001:db8::2')));
});

function problemsOf(p: DissectedPacket): Problem[] {
  return p.layers.flatMap((l) => l.problems);
}

test('malformed IPv4, ICMP, ICMPv6 and ARP become problems naming the field and offset', () => {
  const packets = dissectFile(join(craftedDir, 'malformed-ip.pcap'));
  const expect = (n: number, field: string, pattern: RegExp) => {
    const found = problemsOf(packets[n - 1]).find((p) => p.field === field);
    assert.ok(found, `packet ${n} has a problem on ${field}: ${JSON.stringify(problemsOf(packets[n - 1]))}`);
    assert.match(found.message, pattern);
    assert.equal(found.severity, 'error');
  };
  expect(1, 'ip.hdr_len', /header length 12 bytes is below the minimum of 20/);
  expect(2, 'ip.len', /total length 1000 is more than the 36 bytes left/);
  expect(3, 'ip.len', /total length 10 is less than the header length 20/);
  expect(4, 'ip.checksum', /checksum 0xdead is wrong \(should be 0xe4a1\)/);
  expect(5, 'icmp.checksum', /ICMP checksum 0xbeef is wrong/);
  expect(6, 'ip.version', /version 5/);
  expect(7, 'icmpv6.checksum', /ICMPv6 checksum 0x1234 is wrong/);
  expect(8, 'ipv6.plen', /payload length 500 is more than the 8 bytes left/);
  expect(9, 'arp.src.proto_ipv4', /offset 28.*past the end of the frame \(30 bytes\)/);
  // The wrong checksum is flagged on the field itself, as Wireshark's expert info is.
  const ip = packets[3].layers.find((l) => l.protocol === 'ip')!;
  const checksum = ip.fields.find((f) => f.name === 'ip.checksum')!;
  assert.equal(checksum.problems?.length, 1);
  assert.equal(ip.fields.find((f) => f.name === 'ip.checksum.status')!.show, '0');
});

test('frames cut by the snap length say which field was cut, at which offset', () => {
  const packets = dissectFile(join(craftedDir, 'snaplen-cut.pcap'));
  const cut = (n: number) => problemsOf(packets[n - 1]).filter((p) => /snap length/.test(p.message) && p.field !== 'frame.cap_len');
  assert.match(cut(1)[0].message, /^Source \(6 bytes at offset 6\) was cut off/);
  assert.equal(cut(2)[0].field, 'ip.flags');
  assert.equal(cut(2)[0].offset, 20);
  assert.equal(cut(4)[0].field, 'ip.options');
  assert.equal(cut(5)[0].field, 'icmp.ident');
  assert.equal(cut(7)[0].field, 'arp.src.proto_ipv4');
  assert.equal(cut(8)[0].field, 'ipv6.dst');
  // A cut frame is not malformed: no errors, only warnings.
  for (const p of packets) assert.ok(problemsOf(p).every((x) => x.severity !== 'error'), `packet ${p.number} has no errors`);
});

const PING_CAPTURES = ['lo-ping.pcap', 'any-ping-sll.pcap', 'any-ping-sll2.pcap'];

test('the packet list (source, destination, protocol, info) reads like tshark -r for every well-formed capture', async () => {
  const files = [
    ...Object.keys(CRAFTED).filter((n) => n !== 'malformed-ip.pcap' && n !== 'snaplen-cut.pcap').map((n) => join(craftedDir, n)),
    ...PING_CAPTURES.map((n) => join(fixtures, 'packets', n)),
  ];
  let compared = 0;
  for (const path of files) {
    const theirs = await tsharkColumns(path);
    const ours = dissectFile(path);
    for (const p of ours) {
      assert.deepEqual(p.summary, theirs[p.number - 1], `${path} packet ${p.number}`);
      compared++;
    }
  }
  assert.ok(compared >= 60, `${compared} packets compared`);
});

test('a malformed IPv4 header says why in the info column, as tshark does', async () => {
  const path = join(craftedDir, 'malformed-ip.pcap');
  const theirs = await tsharkColumns(path);
  const ours = dissectFile(path);
  for (const n of [1, 3, 6]) assert.equal(ours[n - 1].summary.info, theirs[n - 1].info);
  assert.equal(ours[0].summary.info, 'Bogus IP header length (12, must be at least 20)');
});

for (const name of PING_CAPTURES) {
  test(`real ping traffic captured on lo (${name}) agrees with tshark`, async () => {
    await assertAgreesWithTshark(join(fixtures, 'packets', name));
  });
}

async function canCaptureLive(): Promise<string | false> {
  if (process.getuid?.() !== 0) return 'live capture needs root';
  try {
    await run('tcpdump', ['--version']);
  } catch {
    return 'tcpdump is not installed';
  }
  return existsSync(PYTHON) ? false : 'python3 is needed to send the pings';
}

/** Captures 8 echo packets (2 pings each to 127.0.0.1 and ::1) with tcpdump, bounded in time. */
async function capturePings(out: string, args: string[]): Promise<void> {
  // Only our own pings: other tests on this machine may be pinging too.
  const ident = 0x4000 + (process.pid & 0x3fff);
  const filter = `(icmp and (icmp[0] == 8 or icmp[0] == 0) and icmp[4:2] == ${ident}) or (icmp6 and (ip6[40] == 128 or ip6[40] == 129) and ip6[44:2] == ${ident})`;
  const tcpdump = spawn('timeout', ['10', 'tcpdump', '-Z', 'root', ...args, '-c', '8', '-U', '-w', out, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  const done = new Promise<void>((resolve) => tcpdump.on('close', () => resolve()));
  await new Promise<void>((resolve) => {
    tcpdump.stderr.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve();
    });
    setTimeout(resolve, 3000);
  });
  await run(PYTHON, [join(fixtures, 'loopback_ping.py'), '2', String(ident)]);
  await done;
}

for (const [label, args] of [
  ['lo (Ethernet)', ['-i', 'lo']],
  ['any (Linux cooked v1)', ['-i', 'any', '-y', 'LINUX_SLL']],
  ['any (Linux cooked v2)', ['-i', 'any', '-y', 'LINUX_SLL2']],
] as const) {
  test(`a ping captured live on ${label} now decodes as tshark decodes it`, async (t) => {
    const why = await canCaptureLive();
    if (why) return t.skip(why);
    const dir = mkdtempSync(join(tmpdir(), 'layerscope-live-'));
    try {
      const out = join(dir, 'ping.pcap');
      await capturePings(out, [...args]);
      const packets = dissectFile(out);
      assert.equal(packets.length, 8, 'two echo requests and replies each for IPv4 and IPv6');
      assert.match(packets[0].summary.info, /^Echo \(ping\) request  id=0x[0-9a-f]{4}, seq=1\/256, ttl=64$/);
      await assertAgreesWithTshark(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
