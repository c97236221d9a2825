// PPP, PPPoE, Cisco HDLC and the tunnels decoded from hex frames: a packet carried inside another
// is a second stack whose layers are marked as encapsulated, the narrative says what the tunnel
// adds, and a malformed or cut header is shown as far as it decodes with the problem on its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DissectedPacket, Layer } from '../../electron/dissect/field-model.js';
import { dissect, hexBytes, invariantViolations } from './dissection-invariants.js';
import { layer } from './tcp-frame-builder.js';
import { treeLines } from './field-tree-lines.js';
import { layoutLayerStack } from '../../renderer/src/lib/layer-stack-layout.js';
import { buildNarrative } from '../../renderer/src/lib/layer-narrative.js';

const decode = (hex: string, linkType = 1, originalLength?: number) => dissect(linkType, hexBytes(hex), originalLength);
const stack = (p: DissectedPacket) => p.layers.map((l) => l.protocol);
const depths = (p: DissectedPacket) => p.layers.map((l) => l.encapsulation ?? 0);

const ETH_IPV4 = '02000000000b02000000000a0800';
/** IPv4 198.51.100.1 → 198.51.100.2, an ICMP echo request with "tunnel" as its data. */
const INNER_V4 = '45000022000700004001266ac6336401c63364020800afab0003000174756e6e656c';
/** GRE with checksum, key 0x1234 and sequence number 7, carrying INNER_V4, inside 192.0.2.1 → 192.0.2.2. */
const GRE_ALL = ETH_IPV4 + '4500004600010000402ff684c0000201c0000202' + 'b000080035c40000000012340000000' + '7' + INNER_V4;
const GRE_BAD_CHECKSUM = ETH_IPV4 + '4500003e00010000402ff68cc0000201c0000202' + '80000800beef0000' + INNER_V4;
const VXLAN = ETH_IPV4 + '45000054000100004011f694c0000201c0000202' + 'c00012b500400000' + '0800000000006400' + '02000000000d02000000000c0800' + INNER_V4;
const SIX_IN_FOUR = ETH_IPV4 + '45000047000100004029f689c0000201c0000202' + '60000000000b114020010db800010000000000000000000120010db80001000000000000000000029c419c42000b8073736978';

function problemCodes(l: Layer): string[] {
  return l.problems.map((p) => p.code);
}

test('GRE with checksum, key and sequence number carries a whole IPv4 packet: a second stack, marked as encapsulated', () => {
  const p = decode(GRE_ALL);
  assert.deepEqual(stack(p), ['frame', 'eth', 'ip', 'gre', 'ip', 'icmp', 'data']);
  assert.deepEqual(depths(p), [0, 0, 0, 0, 1, 1, 1]);
  const gre = layer(p, 'gre');
  assert.equal(gre.title, 'Generic Routing Encapsulation (IP)');
  assert.deepEqual(treeLines(gre.fields).filter((l) => !l.startsWith(' ')), [
    'Flags and Version: 0xb000',
    'Protocol Type: IP (0x0800)',
    'Checksum: 0x35c4 [correct]',
    'Checksum Status: Good',
    'Offset: 0',
    'Key: 0x00001234',
    'Sequence Number: 7',
  ]);
  assert.match(gre.narrative!, /^GRE carries a whole IPv4 packet inside this one/);
  // Read by OSI layer, the network layer tells the outer packet, the tunnel and the inner packet apart.
  const network = buildNarrative(p.layers, 'sender').find((s) => s.osi === 3)!;
  assert.match(network.sentence, /^Network: IPv4 from 192\.0\.2\.1 to 192\.0\.2\.2.*; then GRE carries a whole IPv4 packet.*; then in the packet carried inside \(encapsulated\), IPv4 from 198\.51\.100\.1 to 198\.51\.100\.2/);
  // The packet list shows the innermost addresses, as tshark does.
  assert.deepEqual([p.summary.source, p.summary.destination, p.summary.protocol], ['198.51.100.1', '198.51.100.2', 'ICMP']);
  assert.deepEqual(invariantViolations(p), []);
});

test('a wrong GRE checksum is a problem on the checksum field, and the inner packet still decodes', () => {
  const p = decode(GRE_BAD_CHECKSUM);
  const gre = layer(p, 'gre');
  const checksum = gre.fields.find((f) => f.name === 'gre.checksum')!;
  assert.equal(checksum.showname, 'Checksum: 0xbeef incorrect, should be 0x77ff');
  assert.deepEqual(checksum.problems?.map((x) => x.code), ['gre.bad_checksum']);
  assert.deepEqual(stack(p).slice(-3), ['ip', 'icmp', 'data']);
});

test('a GRE header cut inside its key shows the flags and type, and names the key as what is missing', () => {
  const p = decode(GRE_ALL.slice(0, (34 + 10) * 2));
  const gre = layer(p, 'gre');
  assert.ok(gre.fields.some((f) => f.name === 'gre.proto'));
  const cut = gre.problems.find((x) => x.field === 'gre.key');
  assert.equal(cut?.code, 'packet.past_end');
  assert.equal(cut?.offset, 42);
});

test('VXLAN carries an Ethernet frame: its layers, from Ethernet down, are a packet inside the packet', () => {
  const p = decode(VXLAN);
  assert.deepEqual(stack(p), ['frame', 'eth', 'ip', 'udp', 'vxlan', 'eth', 'ip', 'icmp', 'data']);
  assert.deepEqual(depths(p), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
  const vxlan = layer(p, 'vxlan');
  assert.deepEqual(treeLines(vxlan.fields).slice(0, 2), ['Flags: 0x0800, VXLAN Network ID (VNI)', '  0... .... .... .... = GBP Extension: Not defined']);
  assert.match(vxlan.narrative!, /^VXLAN carries a whole Ethernet frame inside this UDP datagram, in virtual network 100/);
  // The layer stack draws the inner layers as encapsulated.
  const layout = layoutLayerStack(p.layers, p.caplen, { width: 400, height: 260, labelWidth: 94, osiShare: 0.6 });
  const segments = layout.rows.flatMap((r) => r.segments).filter((s) => s.protocol === 'eth');
  assert.deepEqual(segments.map((s) => s.encapsulation).sort(), [0, 0, 1, 1]);
});

test('a VXLAN header cut short names the field that is missing', () => {
  const p = decode(VXLAN.slice(0, (42 + 5) * 2));
  const vxlan = layer(p, 'vxlan');
  assert.equal(vxlan.problems.find((x) => x.field === 'vxlan.vni')?.code, 'packet.past_end');
});

test('IPv6 in IPv4 (6in4): the outer header says it carries a whole IPv6 packet; TCP/UDP sum the inner addresses', () => {
  const p = decode(SIX_IN_FOUR);
  assert.deepEqual(stack(p), ['frame', 'eth', 'ip', 'ipv6', 'udp', 'data']);
  assert.deepEqual(depths(p), [0, 0, 0, 1, 1, 1]);
  assert.match(layer(p, 'ip').narrative!, /it carries a whole IPv6 packet inside this one \(an IP-in-IP tunnel\)/);
  const udp = layer(p, 'udp');
  assert.equal(udp.fields.find((f) => f.name === 'udp.checksum.status')?.show, '1', 'checksum verified over the inner IPv6 pseudo-header');
  assert.deepEqual([p.summary.source, p.summary.destination], ['2001:db8:1::1', '2001:db8:1::2']);
});

test('an MPLS stack without a bottom-of-stack entry is an error on the last entry', () => {
  const p = decode('02000000000b02000000000a8847' + '00064040' + '000c803f');
  const entries = p.layers.filter((l) => l.protocol === 'mpls');
  assert.equal(entries.length, 2);
  assert.equal(entries[1].title, 'MultiProtocol Label Switching Header, Label: 200, Exp: 0, S: 0, TTL: 63');
  assert.deepEqual(problemCodes(entries[1]), ['mpls.no_bottom']);
});

test('MPLS guesses IPv4 or IPv6 after the bottom of the stack from the first four bits, as tshark does', () => {
  const p = decode('02000000000b02000000000a8847' + '00064140' + INNER_V4);
  assert.deepEqual(stack(p), ['frame', 'eth', 'mpls', 'ip', 'icmp', 'data']);
  assert.deepEqual(depths(p), [0, 0, 0, 0, 0, 0], 'MPLS on Ethernet is not a tunnel inside a network layer');
});

test('a PPPoE session whose length says more than the frame holds is an error on the length', () => {
  const p = decode('02000000000b02000000000a8864' + '1100000100c8' + '21' + INNER_V4);
  const session = layer(p, 'pppoes');
  const length = session.fields.find((f) => f.name === 'pppoe.payload_length')!;
  assert.deepEqual(length.problems?.map((x) => x.code), ['pppoe.length_past_end']);
  assert.deepEqual(stack(p), ['frame', 'eth', 'pppoes', 'ppp', 'ip', 'icmp', 'data']);
});

test('PPPoE discovery names the step and its tags', () => {
  const p = decode('ffffffffffff02000000000a8863' + '1109000000' + '0c' + '01010000' + '0103000400010203');
  const discovery = layer(p, 'pppoed');
  assert.equal(p.summary.info, 'Active Discovery Initiation (PADI)');
  assert.deepEqual(treeLines(discovery.fields).slice(2), ['Code: Active Discovery Initiation (PADI) (0x09)', 'Session ID: 0x0000', 'Payload Length: 12', 'PPPoE Tags', '  Host-Uniq: 00010203']);
});

test('Geneve options that run past the datagram are an error; the fixed header is still shown', () => {
  const p = decode(ETH_IPV4 + '45000028000100004011f6c0c0000201c0000202' + 'c00017c100140000' + '1f00655800' + '00c800' + '01028001');
  const geneve = layer(p, 'geneve');
  assert.equal(geneve.title, 'Generic Network Virtualization Encapsulation, VNI: 0x0000c8');
  assert.deepEqual(problemCodes(geneve), ['geneve.options_past_end']);
});

test('PPP on link type 9: LCP configuration request with its options; a bad option length is a problem on the options', () => {
  const good = decode('c021' + '0101000e' + '010405d4' + '050612345678', 9);
  assert.deepEqual(stack(good), ['frame', 'ppp', 'lcp']);
  assert.deepEqual(treeLines(layer(good, 'lcp').fields), [
    'Code: Configuration Request (1)', 'Identifier: 1 (0x01)', 'Length: 14',
    'Options: (10 bytes), Maximum Receive Unit, Magic Number',
    '  Maximum Receive Unit: 1492', '    Type: Maximum Receive Unit (1)', '    Length: 4', '    Maximum Receive Unit: 1492',
    '  Magic Number: 0x12345678', '    Type: Magic Number (5)', '    Length: 6', '    Magic Number: 0x12345678',
  ]);
  assert.match(layer(good, 'lcp').narrative!, /^LCP Configuration Request \(identifier 1\)/);
  const bad = decode('ff03c021' + '01010008' + '0140' + '0104', 9);
  assert.deepEqual(problemCodes(layer(bad, 'lcp')), ['ppp.option_length']);
});

test('Cisco HDLC carries IPv4 by EtherType; SLARP keepalives are named', () => {
  const ip = decode('0f000800' + INNER_V4, 104);
  assert.deepEqual(stack(ip), ['frame', 'chdlc', 'ip', 'icmp', 'data']);
  assert.equal(treeLines(layer(ip, 'chdlc').fields)[2], 'Protocol: IP (0x0800)');
  const keepalive = decode('8f008035' + '00000002' + '00000005' + '00000004' + 'ffff', 104);
  assert.equal(keepalive.summary.info, 'Line keepalive, outgoing sequence 5, returned sequence 4');
});
