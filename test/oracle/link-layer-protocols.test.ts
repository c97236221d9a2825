// The link-layer protocols checked field by field against tshark (`-T pdml`): for every field tshark
// shows in Ethernet, VLAN tags, ARP, Linux cooked capture, BSD loopback and raw IP, Layerscope
// shows one with the same name, bytes, value and tree line (PDML showname), and none is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, dissectFile, formatReport, oursOnlyNames } from './pdml-oracle.js';

const packets = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));

/** Wireshark's short names of the link-layer protocols compared here. */
const LINK_PROTOCOLS = ['eth', 'vlan', 'ieee8021ad', 'arp', 'sll', 'null', 'raw'];

/**
 * Each capture, the link-layer protocols it must make us decode, and how many of their fields tshark
 * shows in it at least (raw IP has no header, so tshark shows none).
 */
const CAPTURES: Record<string, { decodes: string[]; fields: number }> = {
  'arp.pcap': { decodes: ['eth', 'arp'], fields: 56 },
  'vlan.pcap': { decodes: ['eth', 'vlan', 'ieee8021ad', 'arp'], fields: 65 },
  'linux-sll.pcap': { decodes: ['sll', 'arp'], fields: 27 },
  'linux-sll2.pcap': { decodes: ['sll', 'arp'], fields: 30 },
  'any-ping-sll.pcap': { decodes: ['sll'], fields: 48 },
  'any-ping-sll2.pcap': { decodes: ['sll'], fields: 56 },
  'null-loopback.pcap': { decodes: ['null'], fields: 3 },
  'openbsd-loop.pcap': { decodes: ['null'], fields: 2 },
  'raw-ip.pcap': { decodes: ['raw'], fields: 0 },
  'raw-ipv4.pcap': { decodes: ['raw'], fields: 0 },
  'raw-ipv6.pcap': { decodes: ['raw'], fields: 0 },
  'ethernet-ipv4-icmp.pcap': { decodes: ['eth'], fields: 63 },
};

/** Linux cooked capture v2's two reserved bytes, which tshark does not show. */
const OURS_ONLY = new Set(['sll.reserved']);

for (const [name, expected] of Object.entries(CAPTURES)) {
  test(`${name}: every link-layer field tshark shows, we show with the same bytes, value and tree line`, async () => {
    const path = join(packets, name);
    const report = await compareWithTshark(path, { protocols: LINK_PROTOCOLS });
    assert.equal(report.packetCountDiffers, undefined, formatReport(report));
    assert.deepEqual(report.mismatches, [], `fields disagreeing with tshark:\n${formatReport(report)}`);
    assert.deepEqual(report.shownameMismatches, [], 'tree lines that differ from tshark\'s');
    assert.deepEqual(report.tsharkOnly, [], 'fields tshark shows that we do not');
    assert.equal(report.matched, report.tsharkFields);
    assert.ok(report.tsharkFields >= expected.fields, `${report.tsharkFields} fields compared, expected at least ${expected.fields}`);
    assert.deepEqual(oursOnlyNames(report).filter((n) => !OURS_ONLY.has(n)), [], 'fields tshark does not have');
    const decoded = new Set(dissectFile(path).flatMap((p) => p.layers.map((l) => l.protocol)));
    for (const protocol of expected.decodes) assert.ok(decoded.has(protocol), `${name} decodes ${protocol}`);
  });
}
