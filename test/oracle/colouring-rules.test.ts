// Wireshark's default colouring rules against tshark --color: on the captures the tests make, each
// packet gets the rule tshark's frame.coloring_rule.name names ("Bad TCP" from the TCP analysis
// included), but where a rule needs IP fragments reassembled, as tshark does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ColouringRules, WIRESHARK_COLOURING_RULES } from '../../electron/filter/colouring-rules.js';
import { decodeFile } from './pdml-oracle.js';

const run = promisify(execFile);
const packets = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const CAPTURES = [
  'transport-tcp-connection.pcap', 'transport-loopback-tcp.pcap', 'application-http.pcap', 'application-dns.pcap', 'arp.pcap', 'vlan.pcap',
  'ipv6-icmpv6.pcap', 'ethernet-ipv4-icmp.pcap', 'dhcp.pcap', 'linux-sll.pcap', 'icmp-errors.pcap', 'ipv6-extension-headers.pcap', 'malformed-ip.pcap',
  'tcp-analysis.pcap',
];

test('every packet gets the colouring rule tshark gives it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-colour-'));
  try {
    const merged = join(dir, 'all.pcapng');
    await run('mergecap', ['-a', '-F', 'pcapng', '-w', merged, ...CAPTURES.map((c) => join(packets, c))]);
    const { stdout } = await run('tshark', ['-n', '-r', merged, '--color', '-o', 'tcp.desegment_tcp_streams:FALSE', '-T', 'fields', '-E', 'separator=|', '-e', 'frame.coloring_rule.name', '-e', 'ip.flags.mf', '-e', 'ip.frag_offset', '-e', 'ipv6.fraghdr.offset']);
    const theirs = stdout.split('\n').filter((l) => l !== '').map((l) => l.split('|'));

    const rules = new ColouringRules(WIRESHARK_COLOURING_RULES);
    assert.deepEqual(rules.disabled, []);
    const differences: string[] = [];
    let compared = 0;
    for (const { packet, bytes } of decodeFile(merged, { texts: false })) {
      const [rule, moreFragments, offset, fragmentHeader] = theirs[packet.number - 1];
      // Left to the conversations issue: fragment reassembly.
      if (moreFragments === '1' || (offset !== '' && offset !== '0') || fragmentHeader !== '') continue;
      compared++;
      const ours = rules.colourOf(packet, bytes)?.rule ?? '';
      if (ours !== rule) differences.push(`#${packet.number}: ours "${ours}", tshark "${rule}"`);
    }
    assert.deepEqual(differences, []);
    assert.ok(compared > 100, `${compared} packets compared`);
    const badTcp = theirs.filter(([rule]) => rule === 'Bad TCP').length;
    assert.ok(badTcp >= 30, `only ${badTcp} Bad TCP packets`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
