// Link types and link-layer protocols decoded from hex frames, each tree as tshark shows the same
// bytes: Linux cooked capture v1/v2, BSD loopback in either byte order, raw IP, stacked VLAN tags
// and ARP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DissectedPacket } from '../../electron/dissect/field-model.js';
import { dissect, hexBytes } from './dissection-invariants.js';
import { layer } from './tcp-frame-builder.js';
import { treeLines } from './field-tree-lines.js';

const decode = (hex: string, linkType: number, originalLength?: number) => dissect(linkType, hexBytes(hex), originalLength);
const stack = (p: DissectedPacket) => p.layers.map((l) => l.protocol);
const zeros = (n: number) => '00'.repeat(n);

const IPV4_ECHO = '45000024123400004001e4a1c0000201c000020208006668000100016162636465666768';
const ETH_BROADCAST = 'ffffffffffff' + '02000000000a' + '0806';

test('Linux cooked capture v2 (capturing on "any") names the protocol, interface, device, direction and sender', () => {
  const p = decode('0800' + '0000' + '00000001' + '0304' + '00' + '06' + '000000000000' + '0000' + IPV4_ECHO, 276);
  const sll = layer(p, 'sll');
  assert.deepEqual([sll.name, sll.title, sll.osi, sll.tcpip, sll.offset, sll.length], ['Linux cooked capture v2', 'Linux cooked capture v2', 2, 'link', 0, 20]);
  assert.deepEqual(treeLines(sll.fields), [
    'Protocol: IPv4 (0x0800)',
    // Wireshark does not show the two reserved bytes; they are the header's, so Layerscope does.
    'Reserved: 0x0000',
    'Interface index: 1',
    'Link-layer address type: Loopback (772)',
    'Packet type: Unicast to us (0)',
    'Link-layer address length: 6',
    'Source: 00:00:00:00:00:00',
    'Unused: 0000',
  ]);
  assert.deepEqual(sll.fields.map((f) => [f.name, f.offset, f.length]).slice(3, 6), [['sll.hatype', 8, 2], ['sll.pkttype', 10, 1], ['sll.halen', 11, 1]]);
  assert.deepEqual(stack(p), ['frame', 'sll', 'ip', 'icmp', 'data']);
  assert.equal(sll.narrative, 'Linux cooked capture: the packet was sent to this host; it crossed interface 1; capturing on "any" keeps no real link header, so libpcap wrote this one instead; protocol 0x0800 says IPv4 comes next');
});

test('Linux cooked capture v1 carries an ARP request; the sender\'s MAC is the source column', () => {
  const p = decode('0001' + '0001' + '0006' + '020000000000' + '000a' + '0806' + '0001080006040001' + '020000000000' + 'c0000202' + zeros(6) + 'c0000201', 113);
  const sll = layer(p, 'sll');
  assert.equal(sll.title, 'Linux cooked capture v1');
  assert.deepEqual(treeLines(sll.fields), [
    'Packet type: Broadcast (1)',
    'Link-layer address type: Ethernet (1)',
    'Link-layer address length: 6',
    'Source: 02:00:00:00:00:00',
    'Unused: 000a',
    'Protocol: ARP (0x0806)',
  ]);
  assert.deepEqual(p.summary, { source: '02:00:00:00:00:00', destination: '', protocol: 'ARP', info: 'Who has 192.0.2.1? Tell 192.0.2.2' });
  assert.match(sll.narrative!, /^Linux cooked capture: the packet was broadcast to every host on the link; capturing on "any"/);
});

test('a cooked capture\'s protocol field is a Linux protocol number up to 1536, and GRE\'s on a GRE tunnel', () => {
  const llc = decode('0003' + '0001' + '0006' + '02000000000a' + '0000' + '0004' + 'aabbcc', 113);
  assert.deepEqual(treeLines(layer(llc, 'sll').fields).slice(-2), ['Unused: 0000', 'Protocol: 802.2 LLC (0x0004)']);
  assert.deepEqual(stack(llc), ['frame', 'sll', 'data'], 'Layerscope does not decode LLC: the payload stays visible as data');
  assert.deepEqual([llc.summary.protocol, llc.summary.info], ['SLL', 'Unicast to another host']);
  const gre = decode('0000' + '030a' + '0004' + 'c0000201' + '00000000' + '0800' + IPV4_ECHO, 113);
  assert.deepEqual(treeLines(layer(gre, 'sll').fields).slice(1), [
    'Link-layer address type: GRE over IP (778)',
    'Link-layer address length: 4',
    'Source: 192.0.2.1',
    'Unused: 00000000',
    'Protocol: IP (0x0800)',
  ]);
  assert.deepEqual(stack(gre), ['frame', 'sll', 'ip', 'icmp', 'data']);
  // GRE's numbers are not announced as EtherTypes when nothing decodes them.
  const greOther = decode('0000' + '030a' + '0004' + 'c0000201' + '00000000' + '88b5' + 'cafe', 113);
  assert.deepEqual(greOther.summary, { source: '192.0.2.1', destination: '', protocol: 'SLL', info: 'Unicast to us' });
  // An address longer than the 8-byte slot keeps its first 8 bytes; an unknown packet type is named so.
  const odd = decode('0007' + 'ffff' + '000a' + '0102030405060708' + '88b5' + 'cafe', 113);
  assert.deepEqual(treeLines(layer(odd, 'sll').fields), [
    'Packet type: Unknown (7)',
    'Link-layer address type: Void type, nothing is known (65535)',
    'Link-layer address length: 10',
    'Source: 0102030405060708',
    'Protocol: Local Experimental Ethertype 1 (0x88b5)',
  ]);
  assert.deepEqual([odd.summary.protocol, odd.summary.info], ['0x88b5', 'Local Experimental Ethertype 1']);
});

test('bytes after a cooked-capture packet are the cooked header\'s trailer', () => {
  const p = decode('0000' + '0001' + '0006' + '02000000000a' + '0000' + '0800' + IPV4_ECHO + 'aabbcc', 113);
  assert.deepEqual(layer(p, 'sll').fields.map((f) => [f.name, f.offset, f.length, f.showname]).at(-1), ['sll.trailer', 52, 3, 'Trailer: aabbcc']);
});

test('BSD loopback reads the family in the writer\'s byte order; OpenBSD loop in network order', () => {
  const little = decode('02000000' + IPV4_ECHO, 0);
  const nul = layer(little, 'null');
  assert.deepEqual([nul.title, nul.offset, nul.length], ['Null/Loopback', 0, 4]);
  assert.deepEqual(treeLines(nul.fields), ['Family: IP (2)']);
  assert.deepEqual(stack(little), ['frame', 'null', 'ip', 'icmp', 'data']);
  assert.equal(nul.narrative, 'BSD loopback header: family 2 says IPv4 comes next (the packet never left the host)');
  assert.deepEqual(treeLines(layer(decode('00000002' + IPV4_ECHO, 0), 'null').fields), ['Family: IP (2)'], 'a capture written on a big-endian host');
  const loop = decode('00000018' + '6000000000083a40' + '20010db8000000000000000000000001' + '20010db8000000000000000000000002' + '8000d9f500420007', 108);
  assert.deepEqual(treeLines(layer(loop, 'null').fields), ['Family: IPv6 (24)']);
  assert.deepEqual(stack(loop).slice(0, 3), ['frame', 'null', 'ipv6']);
  // OpenBSD's network order is never guessed: a little-endian 2 is an unknown family there.
  assert.deepEqual(treeLines(layer(decode('02000000' + IPV4_ECHO, 108), 'null').fields), ['Family: Unknown (33554432)']);
});

test('a loopback family Layerscope does not decode leaves the payload as data; an EtherType there is read as one', () => {
  const osi = decode('07000000' + 'abcdef', 0);
  assert.deepEqual(treeLines(layer(osi, 'null').fields), ['Family: OSI (7)']);
  assert.deepEqual(stack(osi), ['frame', 'null', 'data']);
  assert.deepEqual(layer(osi, 'null').problems, []);
  assert.equal(layer(osi, 'null').narrative, 'BSD loopback header: family 7 names a protocol Layerscope does not decode');
  // Old captures held an EtherType: a value above 1500 is one (here written big-endian).
  const typed = decode('00000800' + IPV4_ECHO, 0);
  assert.deepEqual(layer(typed, 'null').fields.map((f) => [f.name, f.offset, f.length, f.showname]), [['null.type', 0, 4, 'Type: IPv4 (0x0800)']]);
  assert.deepEqual(stack(typed), ['frame', 'null', 'ip', 'icmp', 'data']);
});

test('raw IP link types start straight with the IP header', () => {
  for (const linkType of [101, 228]) assert.deepEqual(stack(decode(IPV4_ECHO, linkType)), ['frame', 'raw', 'ip', 'icmp', 'data']);
  const raw = layer(decode(IPV4_ECHO, 101), 'raw');
  assert.deepEqual([raw.offset, raw.length, raw.title, raw.fields], [0, 0, 'Raw packet data', []]);
  assert.match(raw.narrative!, /^no link-layer header: the capture holds the IP packet alone/);
  const bad = layer(decode('55' + IPV4_ECHO.slice(2), 101), 'raw');
  assert.deepEqual(bad.problems.map((x) => [x.code, x.params, x.severity]), [['raw.bad_version', { version: 5 }, 'error']]);
  // Bytes after the packet's own length are kept as the link layer's trailer.
  const padded = decode(IPV4_ECHO + '0000', 228);
  assert.deepEqual(layer(padded, 'raw').fields.map((f) => [f.name, f.offset, f.length, f.show]), [['raw.trailer', 36, 2, '00:00']]);
});

test('stacked 802.1ad and 802.1Q tags each become a layer with priority, DEI and VLAN ID as bit fields', () => {
  const p = decode('02000000000b02000000000a' + '88a8' + '20c8' + '8100' + '112c' + '0800' + IPV4_ECHO, 1);
  assert.deepEqual(stack(p), ['frame', 'eth', 'ieee8021ad', 'vlan', 'ip', 'icmp', 'data']);
  const ad = layer(p, 'ieee8021ad');
  assert.equal(ad.title, 'IEEE 802.1ad, ID: 200');
  assert.deepEqual(treeLines(ad.fields), [
    '001. .... .... .... = Priority: 1',
    '...0 .... .... .... = DEI: 0',
    '.... 0000 1100 1000 = ID: 200',
    'Type: 802.1Q Virtual LAN (0x8100)',
  ]);
  // Wireshark gives the provider tag's priority and DEI one byte each.
  assert.deepEqual(ad.fields.map((f) => [f.name, f.offset, f.length]), [['ieee8021ad.priority', 14, 1], ['ieee8021ad.dei', 14, 1], ['ieee8021ad.id', 14, 2], ['ieee8021ah.etype', 16, 2]]);
  assert.equal(ad.narrative, 'an 802.1ad provider tag carries the frame in the provider\'s service VLAN 200');
  const vlan = layer(p, 'vlan');
  assert.equal(vlan.title, '802.1Q Virtual LAN, PRI: 0, DEI: 1, ID: 300');
  assert.deepEqual(treeLines(vlan.fields), [
    '000. .... .... .... = Priority: Best Effort (default) (0)',
    '...1 .... .... .... = DEI: Eligible',
    '.... 0001 0010 1100 = ID: 300',
    'Type: IPv4 (0x0800)',
  ]);
  assert.deepEqual(vlan.fields.map((f) => f.mask), [0xe000, 0x1000, 0x0fff, undefined]);
  assert.equal(vlan.narrative, 'an 802.1Q tag puts the frame in VLAN 300 with priority 0; switches may drop it first under congestion (DEI)');
});

test('a VLAN tag with nothing decodable after it: the packet list reads like tshark\'s', () => {
  const p = decode('02000000000b02000000000a' + '8100' + 'a064' + '1234' + 'cafe', 1);
  assert.deepEqual(p.summary, { source: '02:00:00:00:00:0a', destination: '02:00:00:00:00:0b', protocol: '0x1234', info: 'PRI: 5  DEI: 0  ID: 100' });
  assert.equal(treeLines(layer(p, 'vlan').fields)[0], '101. .... .... .... = Priority: Voice, < 10ms latency and jitter (5)');
});

test('a tagged frame\'s padding is Ethernet\'s, the bytes after 60 are the tag\'s trailer, as Wireshark shows them', () => {
  const p = decode('02000000000b02000000000a' + '8100' + '0064' + '0800' + IPV4_ECHO + zeros(6) + 'abcd', 1);
  assert.deepEqual(layer(p, 'eth').fields.map((f) => f.name), ['eth.dst', 'eth.src', 'eth.type']);
  assert.deepEqual(layer(p, 'vlan').fields.map((f) => [f.name, f.offset, f.length, f.showname]).slice(-2), [
    ['eth.padding', 54, 6, 'Padding: 000000000000'],
    ['vlan.trailer', 60, 2, 'Trailer: abcd'],
  ]);
});

test('an ARP reply: every field with its value name, the title and info as tshark writes them, padding to Ethernet', () => {
  const p = decode('02000000000a02000000000b0806' + '0001080006040002' + '02000000000b' + 'c0000201' + '02000000000a' + 'c0000202' + zeros(18), 1);
  const arp = layer(p, 'arp');
  assert.deepEqual([arp.name, arp.osi, arp.tcpip, arp.offset, arp.length, arp.title], ['ARP', 2, 'link', 14, 28, 'Address Resolution Protocol (reply)']);
  assert.deepEqual(treeLines(arp.fields), [
    'Hardware type: Ethernet (1)',
    'Protocol type: IPv4 (0x0800)',
    'Hardware size: 6',
    'Protocol size: 4',
    'Opcode: reply (2)',
    'Sender MAC address: 02:00:00:00:00:0b',
    'Sender IP address: 192.0.2.1',
    'Target MAC address: 02:00:00:00:00:0a',
    'Target IP address: 192.0.2.2',
  ]);
  assert.deepEqual([p.summary.protocol, p.summary.info], ['ARP', '192.0.2.1 is at 02:00:00:00:00:0b']);
  assert.equal(arp.narrative, 'ARP reply: 192.0.2.1 is at 02:00:00:00:00:0b');
  // The 18 bytes after the ARP message are Ethernet padding, not data.
  assert.deepEqual(stack(p), ['frame', 'eth', 'arp']);
  assert.deepEqual(layer(p, 'eth').fields.map((f) => [f.name, f.offset, f.length]).at(-1), ['eth.padding', 42, 18]);
});

test('ARP announcements and probes (RFC 5227) are recognised and marked with generated fields', () => {
  const announcement = decode(ETH_BROADCAST + '0001080006040001' + '020000000000' + 'c0000201' + zeros(6) + 'c0000201', 1);
  const arp = layer(announcement, 'arp');
  assert.equal(arp.title, 'Address Resolution Protocol (ARP Announcement)');
  assert.deepEqual(treeLines(arp.fields).slice(4, 7), ['Opcode: request (1)', 'Is gratuitous: True', 'Is announcement: True']);
  assert.deepEqual(arp.fields.slice(5, 7).map((f) => [f.name, f.offset, f.length, f.generated]), [['arp.isgratuitous', 14, 0, true], ['arp.isannouncement', 14, 0, true]]);
  assert.equal(announcement.summary.info, 'ARP Announcement for 192.0.2.1');
  assert.equal(arp.narrative, 'ARP announcement: 192.0.2.1 tells the link it now uses this address, at 02:00:00:00:00:00');
  const probe = decode(ETH_BROADCAST + '0001080006040001' + '020000000000' + '00000000' + zeros(6) + 'c0000201', 1);
  assert.equal(layer(probe, 'arp').title, 'Address Resolution Protocol (ARP Probe)');
  assert.equal(treeLines(layer(probe, 'arp').fields)[5], 'Is probe: True');
  assert.equal(probe.summary.info, 'Who has 192.0.2.1? (ARP Probe)');
  const gratuitousReply = decode(ETH_BROADCAST + '0001080006040002' + '020000000000' + 'c0000201' + '020000000000' + 'c0000201', 1);
  assert.equal(layer(gratuitousReply, 'arp').title, 'Address Resolution Protocol (reply/gratuitous ARP)');
  assert.equal(gratuitousReply.summary.info, 'Gratuitous ARP for 192.0.2.1 (Reply)');
  assert.equal(layer(gratuitousReply, 'arp').narrative, 'gratuitous ARP: 192.0.2.1 speaks of its own address, at 02:00:00:00:00:00, so every host on the link updates its cache');
});

test('ARP over other hardware shows its addresses as bytes; reverse ARP has its own protocol column', () => {
  const p = decode(ETH_BROADCAST + '0007080003040003' + 'aabbcc' + '0a000001' + '000000' + 'c0000201', 1);
  const arp = layer(p, 'arp');
  assert.equal(arp.title, 'Address Resolution Protocol (reverse request)');
  assert.deepEqual(treeLines(arp.fields), [
    'Hardware type: ARCNET (7)',
    'Protocol type: IPv4 (0x0800)',
    'Hardware size: 3',
    'Protocol size: 4',
    'Opcode: reverse request (3)',
    'Sender hardware address: aabbcc',
    'Sender IP address: 10.0.0.1',
    'Target hardware address: 000000',
    'Target IP address: 192.0.2.1',
  ]);
  assert.deepEqual([p.summary.protocol, p.summary.info], ['RARP', 'Who is 000000? Tell aabbcc']);
  assert.equal(arp.narrative, 'ARP reverse request (opcode 3) about 192.0.2.1');
});

test('an ARP message cut short names the address that is missing and keeps what was read', () => {
  const p = decode(ETH_BROADCAST + '0001080006040001' + '020000000000' + 'c000', 1, 60);
  const arp = layer(p, 'arp');
  assert.equal(arp.title, 'Address Resolution Protocol');
  assert.deepEqual(arp.fields.map((f) => f.name), ['arp.hw.type', 'arp.proto.type', 'arp.hw.size', 'arp.proto.size', 'arp.opcode', 'arp.src.hw_mac', 'packet.header_rest']);
  // Half the sender's IPv4 address was captured: those bytes stay ARP's, not data after it.
  assert.deepEqual([arp.fields.at(-1)!.offset, arp.fields.at(-1)!.length, arp.fields.at(-1)!.show], [28, 2, 'c0:00']);
  assert.deepEqual(p.layers.map((l) => l.protocol).at(-1), 'arp');
  assert.deepEqual(arp.problems.map((x) => [x.code, x.field, x.offset]), [['packet.cut_by_snaplen', 'arp.src.proto_ipv4', 28]]);
});
