// Link types and link-layer protocols decoded from hex frames: Linux cooked capture v1/v2, BSD
// loopback in either byte order, raw IP, stacked VLAN tags and ARP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DissectedPacket, Field } from '../../electron/dissect/field-model.js';
import { dissect, hexBytes } from './dissection-invariants.js';
import { layer } from './tcp-frame-builder.js';

const decode = (hex: string, linkType: number) => dissect(linkType, hexBytes(hex));
const rows = (fields: Field[]) => fields.map((f) => [f.name, f.offset, f.length, f.show]);
const stack = (p: DissectedPacket) => p.layers.map((l) => l.protocol);

const IPV4_ECHO = '45000024123400004001e4a1c0000201c000020208006668000100016162636465666768';

test('Linux cooked capture v2 (capturing on "any") names the interface, direction and protocol', () => {
  const p = decode('0800000000000001030400060000000000000000' + IPV4_ECHO, 276);
  const sll = layer(p, 'sll');
  assert.equal(sll.title, 'Linux cooked capture v2');
  assert.deepEqual([sll.osi, sll.tcpip, sll.offset, sll.length], [2, 'link', 0, 20]);
  assert.deepEqual(rows(sll.fields), [
    ['sll.etype', 0, 2, '0x0800'],
    ['sll.reserved', 2, 2, '0x0000'],
    ['sll.ifindex', 4, 4, '1'],
    ['sll.hatype', 8, 2, '772'],
    ['sll.pkttype', 10, 1, '0'],
    ['sll.halen', 11, 1, '6'],
    ['sll.src.eth', 12, 6, '00:00:00:00:00:00'],
    ['sll.unused', 18, 2, '00:00'],
  ]);
  assert.deepEqual(stack(p), ['frame', 'sll', 'ip', 'icmp', 'data']);
});

test('Linux cooked capture v1 carries an ARP request with the sender MAC as source', () => {
  const p = decode('000100010006' + '02000000000a0000' + '0806' + '0001080006040001' + '02000000000a' + 'c0000202' + '000000000000' + 'c0000201', 113);
  assert.deepEqual(rows(layer(p, 'sll').fields).slice(0, 4), [
    ['sll.pkttype', 0, 2, '1'], ['sll.hatype', 2, 2, '1'], ['sll.halen', 4, 2, '6'], ['sll.src.eth', 6, 6, '02:00:00:00:00:0a'],
  ]);
  assert.equal(p.summary.source, '02:00:00:00:00:0a');
  assert.equal(p.summary.info, 'Who has 192.0.2.1? Tell 192.0.2.2');
});

test('BSD loopback reads the family in the writer\'s byte order; OpenBSD loop in network order', () => {
  const little = decode('02000000' + IPV4_ECHO, 0);
  assert.deepEqual(rows(layer(little, 'null').fields), [['null.family', 0, 4, '2']]);
  assert.deepEqual(stack(little), ['frame', 'null', 'ip', 'icmp', 'data']);
  const big = decode('00000002' + IPV4_ECHO, 0);
  assert.equal(layer(big, 'null').fields[0].show, '2', 'a capture written on a big-endian host');
  const loop = decode('00000018' + '6000000000083a40' + '20010db8000000000000000000000001' + '20010db8000000000000000000000002' + '8000d9f500420007', 108);
  assert.equal(layer(loop, 'null').fields[0].show, '24');
  assert.deepEqual(stack(loop), ['frame', 'null', 'ipv6', 'icmpv6']);
  const unknown = decode('07000000' + 'abcdef', 0);
  assert.match(layer(unknown, 'null').problems[0].message, /family 7 is not IPv4 or IPv6/);
});

test('raw IP link types start straight with the IP header', () => {
  assert.deepEqual(stack(decode(IPV4_ECHO, 101)), ['frame', 'raw', 'ip', 'icmp', 'data']);
  assert.deepEqual(stack(decode(IPV4_ECHO, 228)), ['frame', 'raw', 'ip', 'icmp', 'data']);
  const raw = layer(decode(IPV4_ECHO, 101), 'raw');
  assert.deepEqual([raw.offset, raw.length, raw.title], [0, 0, 'Raw packet data']);
  const bad = decode('55' + IPV4_ECHO.slice(2), 101);
  assert.match(layer(bad, 'raw').problems[0].message, /must start with version 4 or 6, not 5/);
  // Bytes after the packet's own length are kept as the link layer's trailer.
  const padded = decode(IPV4_ECHO + '0000', 228);
  assert.deepEqual(rows(layer(padded, 'raw').fields), [['raw.trailer', 36, 2, '00:00']]);
});

test('stacked 802.1ad and 802.1Q tags each become a layer with priority, DEI and VLAN id', () => {
  const p = decode('02000000000b02000000000a88a820c88100112c0800' + IPV4_ECHO, 1);
  assert.deepEqual(stack(p), ['frame', 'eth', 'ieee8021ad', 'vlan', 'ip', 'icmp', 'data']);
  assert.deepEqual(rows(layer(p, 'ieee8021ad').fields), [
    ['ieee8021ad.priority', 14, 1, '1'], ['ieee8021ad.dei', 14, 1, '0'], ['ieee8021ad.id', 14, 2, '200'], ['ieee8021ah.etype', 16, 2, '0x8100'],
  ]);
  const vlan = layer(p, 'vlan');
  assert.equal(vlan.title, '802.1Q Virtual LAN, PRI: 0, DEI: 1, ID: 300');
  assert.deepEqual(vlan.fields.map((f) => f.mask), [0xe000, 0x1000, 0x0fff, undefined]);
});

test('ARP sits on the link layer and its reply reads like tshark\'s info column', () => {
  const p = decode('02000000000a02000000000b0806' + '0001080006040002' + '02000000000b' + 'c0000201' + '02000000000a' + 'c0000202' + '000000000000000000000000000000000000', 1);
  const arp = layer(p, 'arp');
  assert.deepEqual([arp.osi, arp.tcpip, arp.length, arp.title], [2, 'link', 28, 'Address Resolution Protocol (reply)']);
  assert.deepEqual(rows(arp.fields).slice(4), [
    ['arp.opcode', 20, 2, '2'],
    ['arp.src.hw_mac', 22, 6, '02:00:00:00:00:0b'],
    ['arp.src.proto_ipv4', 28, 4, '192.0.2.1'],
    ['arp.dst.hw_mac', 32, 6, '02:00:00:00:00:0a'],
    ['arp.dst.proto_ipv4', 38, 4, '192.0.2.2'],
  ]);
  assert.equal(p.summary.info, '192.0.2.1 is at 02:00:00:00:00:0b');
  // The 18 bytes after the ARP message are Ethernet padding, not data.
  assert.deepEqual(stack(p), ['frame', 'eth', 'arp']);
  assert.deepEqual(rows(layer(p, 'eth').fields).at(-1)!.slice(0, 3), ['eth.padding', 42, 18]);
});
