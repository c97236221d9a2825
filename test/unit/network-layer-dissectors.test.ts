// IPv4, ICMP, IPv6 and ICMPv6 decoded from hex frames (crafted with scapy; tshark's decoding of
// the same bytes is checked in test/oracle), with the golden fields a learner sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Field } from '../../electron/dissect/field-model.js';
import { internetChecksum, onesComplementSum, pseudoHeaderSumV4 } from '../../electron/dissect/protocols/internet-checksum.js';
import { dissect, hexBytes } from './dissection-invariants.js';
import { layer } from './tcp-frame-builder.js';
import { allFields } from './application-dissector-harness.js';

const decode = (hex: string, detail = true) => dissect(1, hexBytes(hex), undefined, detail);
const rows = (fields: Field[]) => fields.map((f) => [f.name, f.offset, f.length, f.show]);
const find = (fields: Field[], name: string) => allFields(fields).find((f) => f.name === name);

const ECHO = '02000000000b02000000000a080045000024123400004001e4a1c0000201c000020208006668000100016162636465666768';

test('an IPv4 header shows every field with its bytes, bits and the verified checksum', () => {
  const ip = layer(decode(ECHO), 'ip');
  assert.equal(ip.title, 'Internet Protocol Version 4, Src: 192.0.2.1, Dst: 192.0.2.2');
  assert.deepEqual([ip.osi, ip.tcpip, ip.offset, ip.length], [3, 'internet', 14, 20]);
  assert.deepEqual(rows(ip.fields), [
    ['ip.version', 14, 1, '4'],
    ['ip.hdr_len', 14, 1, '20'],
    ['ip.dsfield', 15, 1, '0x00'],
    ['ip.len', 16, 2, '36'],
    ['ip.id', 18, 2, '0x1234'],
    ['ip.flags', 20, 1, '0x00'],
    ['ip.frag_offset', 20, 2, '0'],
    ['ip.ttl', 22, 1, '64'],
    ['ip.proto', 23, 1, '1'],
    ['ip.checksum', 24, 2, '0xe4a1'],
    ['ip.checksum.status', 24, 0, '1'],
    ['ip.checksum_calculated', 24, 2, '0xe4a1'],
    ['ip.src', 26, 4, '192.0.2.1'],
    ['ip.dst', 30, 4, '192.0.2.2'],
  ]);
  assert.equal(ip.fields[0].mask, 0xf0);
  assert.equal(ip.fields[1].mask, 0x0f);
  assert.deepEqual(ip.fields[5].children.map((f) => [f.name, f.mask]), [['ip.flags.rb', 0x80], ['ip.flags.df', 0x40], ['ip.flags.mf', 0x20]]);
  assert.ok(ip.fields.every((f) => f.description.length > 20), 'every field explains itself');
  assert.equal(ip.problems.length, 0);
});

test('a ping request shows in the packet list as tshark shows it, with the TTL from the IP header', () => {
  const p = decode(ECHO, false);
  assert.deepEqual(p.summary, { source: '192.0.2.1', destination: '192.0.2.2', protocol: 'ICMP', info: 'Echo (ping) request  id=0x0001, seq=1/256, ttl=64' });
  assert.deepEqual(p.layers.map((l) => l.protocol), ['eth', 'ip', 'icmp', 'data']);
  assert.ok(p.layers.every((l) => l.fields.length === 0), 'summary mode builds no field trees');
});

test('IPv4 options are decoded one by one inside the header', () => {
  const ip = layer(decode('02000000000b02000000000a08004900002c00010000400149fac0000201c0000202070b04c00002090000000001940400000800f7fb00020002'), 'ip');
  const options = find(ip.fields, 'ip.options')!;
  assert.equal(options.showname, 'Options: (16 bytes), Record Route, Router Alert');
  assert.deepEqual(options.children.map((f) => [f.name, f.offset, f.length]), [
    ['ip.options.record_route', 34, 11],
    ['ip.options.nop', 45, 1],
    ['ip.options.routeralert', 46, 4],
  ]);
  assert.deepEqual(rows(options.children[0].children.slice(2)), [
    ['ip.opt.ptr', 36, 1, '4'],
    ['ip.empty_rt', 37, 4, '192.0.2.9'],
    ['ip.empty_rt', 41, 4, '0.0.0.0'],
  ]);
});

test('a later fragment is not decoded as the next protocol, and says it is a fragment', () => {
  const p = decode('02000000000b02000000000a080045000024004d00044011f674c0000201c0000202000102030405060708090a0b0c0d0e0f');
  assert.deepEqual(p.layers.map((l) => l.protocol), ['frame', 'eth', 'ip', 'data']);
  assert.equal(find(layer(p, 'ip').fields, 'ip.frag_offset')!.show, '4');
  assert.equal(p.summary.info, 'Fragmented IP protocol (proto=UDP 17, off=32, ID=004d)');
});

test('an ICMP "fragmentation needed" shows the next-hop MTU and quotes the datagram that was too big', () => {
  const p = decode('02000000000a02000000000b0800450000380001000040018e8ec6336401c0000201030489190000057845000024123400004001e4a1c0000201c00002020800666800010001');
  const icmp = layer(p, 'icmp');
  assert.equal(find(icmp.fields, 'icmp.mtu')!.show, '1400');
  const quoted = icmp.fields.filter((f) => f.name === 'ip' || f.name === 'icmp');
  assert.deepEqual(quoted.map((f) => [f.name, f.offset, f.length]), [['ip', 42, 20], ['icmp', 62, 8]]);
  // The quoted ICMP checksum cannot be checked: only the start of the original was quoted.
  assert.equal(find(quoted[1].children, 'icmp.checksum.status')!.show, '2');
  assert.equal(quoted[0].problems, undefined, 'a quoted total length longer than the quote is not a problem');
  assert.equal(p.summary.info, 'Destination unreachable (Fragmentation needed)');
});

const NA = '02000000000a02000000000b86dd6000000000203afffe800000000000000000000000000002fe8000000000000000000000000000018800181160000000fe800000000000000000000000000002020102000000000b';

test('an IPv6 header shows its bit fields and addresses', () => {
  const ip6 = layer(decode(NA), 'ipv6');
  assert.deepEqual(rows(ip6.fields), [
    ['ipv6.version', 14, 1, '6'],
    ['ipv6.tclass', 14, 4, '0x00000000'],
    ['ipv6.flow', 15, 3, '0x000000'],
    ['ipv6.plen', 18, 2, '32'],
    ['ipv6.nxt', 20, 1, '58'],
    ['ipv6.hlim', 21, 1, '255'],
    ['ipv6.src', 22, 16, 'fe80::2'],
    ['ipv6.dst', 38, 16, 'fe80::1'],
  ]);
  assert.deepEqual(ip6.fields[1].children.map((f) => f.mask), [0x0fc00000, 0x00300000]);
});

test('a neighbour advertisement shows its flags, target and link-layer address option', () => {
  const p = decode(NA);
  const icmp6 = layer(p, 'icmpv6');
  assert.equal(find(icmp6.fields, 'icmpv6.checksum.status')!.show, '1', 'checksum verified over the pseudo-header');
  assert.deepEqual(find(icmp6.fields, 'icmpv6.nd.na.flag')!.children.map((f) => [f.name, f.show]), [
    ['icmpv6.nd.na.flag.r', '0'], ['icmpv6.nd.na.flag.s', '1'], ['icmpv6.nd.na.flag.o', '1'], ['icmpv6.nd.na.flag.rsv', '0'],
  ]);
  assert.deepEqual(rows(find(icmp6.fields, 'icmpv6.opt')!.children), [
    ['icmpv6.opt.type', 78, 1, '2'], ['icmpv6.opt.length', 79, 1, '1'], ['icmpv6.opt.linkaddr', 80, 6, '02:00:00:00:00:0b'],
  ]);
  assert.equal(p.summary.info, 'Neighbor Advertisement fe80::2 (sol, ovr) is at 02:00:00:00:00:0b');
});

test('a router advertisement decodes its prefix information for address autoconfiguration', () => {
  const p = decode('33330000000102000000000b86dd6000000000403afffe800000000000000000000000000002ff02000000000000000000000000000186002b85404807080000000000000000010102000000000b05010000000005dc030440c000015180000038400000000020010db8000100000000000000000000');
  const icmp6 = layer(p, 'icmpv6');
  assert.equal(find(icmp6.fields, 'icmpv6.nd.ra.router_lifetime')!.show, '1800');
  assert.equal(find(icmp6.fields, 'icmpv6.opt.mtu')!.show, '1500');
  assert.equal(find(icmp6.fields, 'icmpv6.opt.prefix')!.show, '2001:db8:1::');
  assert.equal(find(icmp6.fields, 'icmpv6.opt.prefix.flag.a')!.show, '1');
  assert.equal(p.summary.info, 'Router Advertisement from 02:00:00:00:00:0b');
});

test('an MLDv2 report behind a hop-by-hop router alert lists its multicast address records', () => {
  const p = decode('33330000001602000000000a86dd6000000000480001fe800000000000000000000000000001ff0200000000000000000000000000163a000502000001008f003f210000000204000000ff0200000000000000000000000000fb03000001ff05000000000000000000000001000320010db8000000000000000000000005');
  const ip6 = layer(p, 'ipv6');
  const hop = find(ip6.fields, 'ipv6.hopopts')!;
  assert.deepEqual([hop.offset, hop.length], [54, 8]);
  assert.equal(find(hop.children, 'ipv6.opt.router_alert')!.show, '0');
  const records = layer(p, 'icmpv6').fields.filter((f) => f.name === 'icmpv6.mldr.mar');
  assert.deepEqual(records.map((r) => [r.offset, r.length, find(r.children, 'icmpv6.mldr.mar.multicast_address')!.show]), [[70, 20, 'ff02::fb'], [90, 36, 'ff05::1:3']]);
  assert.equal(find(records[1].children, 'icmpv6.mldr.mar.source_address')!.show, '2001:db8::5');
  assert.equal(p.summary.info, 'Multicast Listener Report Message v2');
});

test('a type 0 routing header lists its addresses and is flagged as deprecated', () => {
  const ip6 = layer(decode('02000000000b02000000000a86dd6000000000302b4020010db800000000000000000000000120010db80000000000000000000000023a0400020000000020010db800000000000000000000000920010db80000000000000000000000028000244500010002'), 'ipv6');
  const rt = find(ip6.fields, 'ipv6.routing')!;
  assert.equal(rt.label, 'Routing Header for IPv6 (Source Route)');
  assert.deepEqual(rt.children.filter((f) => f.name === 'ipv6.routing.src.addr').map((f) => f.show), ['2001:db8::9', '2001:db8::2']);
  assert.match(ip6.problems[0].message, /deprecated/);
  assert.equal(ip6.length, 80, 'the extension headers belong to the IPv6 layer');
});

test('the Internet checksum helpers agree with RFC 1071 and a real UDP pseudo-header', () => {
  // RFC 1071 §3 example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2.
  assert.equal(onesComplementSum(Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]), 0, 8), 0xddf2);
  assert.equal(onesComplementSum(Uint8Array.from([0x01]), 0, 1), 0x0100, 'an odd byte is padded with zero');
  const echo = hexBytes(ECHO);
  assert.equal(internetChecksum(echo, 14, 20), 0, 'a header with a right checksum sums to zero');
  // IPv4 192.0.2.1 → 192.0.2.2, protocol 17, length 8: 0xc000+0x0201+0xc000+0x0202+0x0011+0x0008.
  assert.equal(pseudoHeaderSumV4(echo, 26, 30, 17, 8), (0xc000 + 0x0201 + 0xc000 + 0x0202 + 17 + 8) % 0xffff);
});
