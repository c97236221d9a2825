// DHCP: the BOOTP header and the options as tshark shows them (the tree's lines, in order), the
// packet list's info text, what each message does in the DORA exchange (the layer's narrative),
// and problems, by code, for messages that are cut short or malformed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import type { DissectedPacket, Field, Layer } from '../../electron/dissect/field-model.js';
import { dissect, field, layer, udpFrame } from './tcp-frame-builder.js';
import { allProblems, invariantViolations } from './dissection-invariants.js';

/** Text as the hex of its ASCII bytes. */
const ascii = (text: string) => Buffer.from(text, 'latin1').toString('hex');

/** One option: code, length, value (hex). */
const option = (code: number, value = '') => byte(code) + byte(value.length / 2) + value;
const byte = (n: number) => n.toString(16).padStart(2, '0');
const address = (dotted: string) => dotted.split('.').map((n) => byte(Number(n))).join('');

interface Header {
  op?: number;
  htype?: number;
  hlen?: number;
  flags?: number;
  ciaddr?: string;
  yiaddr?: string;
  giaddr?: string;
  chaddr?: string;
}

const COOKIE = '63825363';
const CLIENT_MAC = '02000000000a';

/** A BOOTP message (hex): the 236-byte header, then `vendor` (the cookie and options, by default). */
function message(h: Header, options: string, vendor = COOKIE + options): string {
  return [
    byte(h.op ?? 1), byte(h.htype ?? 1), byte(h.hlen ?? 6), '00',
    '00003d1d', '0000', (h.flags ?? 0).toString(16).padStart(4, '0'),
    address(h.ciaddr ?? '0.0.0.0'), address(h.yiaddr ?? '0.0.0.0'), '00000000', address(h.giaddr ?? '0.0.0.0'),
    (h.chaddr ?? CLIENT_MAC).padEnd(32, '0'),
    '00'.repeat(64 + 128),
    vendor,
  ].join('');
}

const DISCOVER = 1, OFFER = 2, REQUEST = 3, DECLINE = 4, ACK = 5, NAK = 6, RELEASE = 7, INFORM = 8;
const type = (t: number) => option(53, byte(t));
const serverId = option(54, address('192.0.2.1'));
const requested = option(50, address('192.0.2.100'));
const END = 'ff';

/** Decodes `payload` (hex) in a UDP datagram from port 68 to 67, keeping `captured` bytes of the frame. */
function decode(payload: string, captured?: number): { p: DissectedPacket; dhcp: Layer } {
  const frame = udpFrame({ src: '192.0.2.100', dst: '192.0.2.1', sport: 68, dport: 67, payload: [...Buffer.from(payload, 'hex')] });
  const p = dissect(captured === undefined ? frame : frame.subarray(0, captured), new DissectState(), 1, true, frame.length);
  return { p, dhcp: layer(p, 'dhcp') };
}

/** The layer's tree as its lines, two spaces deeper for each level. */
function treeLines(fields: readonly Field[], depth = 0): string[] {
  return fields.flatMap((f) => ['  '.repeat(depth) + f.showname, ...treeLines(f.children, depth + 1)]);
}

function problemCodes(l: Layer): string[] {
  return l.problems.map((p) => p.code);
}

/** The tree lines of the option with `code` (the first one). */
function optionLines(l: Layer, code: number): string[] {
  const found = l.fields.find((f) => f.name === 'dhcp.option.type' && f.value === code);
  if (!found) throw new Error(`no option ${code} in the DHCP layer`);
  return treeLines([found]);
}

// A Discover as tshark's test captures hold it: broadcast flag, client identifier, requested
// address, host name, vendor class, maximum size, parameter request list, End and padding.
const DISCOVER_MESSAGE = [
  '01', '01', '06', '00', // Boot Request, Ethernet, 6-byte address, no relay hops
  '00003d1d', // transaction ID
  '0003', '8000', // 3 seconds elapsed, broadcast flag
  '00000000', '00000000', '00000000', '00000000', // client, your, next server, relay agent addresses
  CLIENT_MAC, '00'.repeat(10), // client hardware address and padding
  '00'.repeat(64), '00'.repeat(128), // no server host name, no boot file
  COOKIE,
  '350101', // message type: Discover
  '3d07' + '01' + CLIENT_MAC, // client identifier: Ethernet address
  '3204' + 'c0000264', // requested address 192.0.2.100
  '0c0e' + ascii('student-laptop'),
  '3c13' + ascii('layerscope-test 1.0'),
  '3902' + '05dc', // maximum message size 1500
  '370e' + '0103060c0f1c21333a3b2a2b79fc', // parameter request list
  'ff', '000000', // End, padding
].join('');

test('a Discover shows every BOOTP header field and each option as tshark does', () => {
  const { p, dhcp } = decode(DISCOVER_MESSAGE);
  assert.deepEqual([dhcp.offset, dhcp.length, dhcp.osi, dhcp.tcpip], [42, 319, 7, 'application']);
  assert.equal(dhcp.title, 'Dynamic Host Configuration Protocol (Discover)');
  assert.deepEqual(treeLines(dhcp.fields), [
    'Message type: Boot Request (1)',
    'Hardware type: Ethernet (0x01)',
    'Hardware address length: 6',
    'Hops: 0',
    'Transaction ID: 0x00003d1d',
    'Seconds elapsed: 3',
    'Bootp flags: 0x8000, Broadcast flag (Broadcast)',
    '  1... .... .... .... = Broadcast flag: Broadcast',
    '  .000 0000 0000 0000 = Reserved flags: 0x0000',
    'Client IP address: 0.0.0.0',
    'Your (client) IP address: 0.0.0.0',
    'Next server IP address: 0.0.0.0',
    'Relay agent IP address: 0.0.0.0',
    'Client MAC address: 02:00:00:00:00:0a',
    'Client hardware address padding: 00000000000000000000',
    'Server host name not given',
    'Boot file name not given',
    'Magic cookie: DHCP',
    'Option: (53) DHCP Message Type (Discover)',
    '  Length: 1',
    '  DHCP: Discover (1)',
    'Option: (61) Client identifier',
    '  Length: 7',
    '  Hardware type: Ethernet (0x01)',
    '  Client MAC address: 02:00:00:00:00:0a',
    'Option: (50) Requested IP Address (192.0.2.100)',
    '  Length: 4',
    '  Requested IP Address: 192.0.2.100',
    'Option: (12) Host Name',
    '  Length: 14',
    '  Host Name: student-laptop',
    'Option: (60) Vendor class identifier',
    '  Length: 19',
    '  Vendor class identifier: layerscope-test 1.0',
    'Option: (57) Maximum DHCP Message Size',
    '  Length: 2',
    '  Maximum DHCP Message Size: 1500',
    'Option: (55) Parameter Request List',
    '  Length: 14',
    '  Parameter Request List Item: (1) Subnet Mask',
    '  Parameter Request List Item: (3) Router',
    '  Parameter Request List Item: (6) Domain Name Server',
    '  Parameter Request List Item: (12) Host Name',
    '  Parameter Request List Item: (15) Domain Name',
    '  Parameter Request List Item: (28) Broadcast Address',
    '  Parameter Request List Item: (33) Static Route',
    '  Parameter Request List Item: (51) IP Address Lease Time',
    '  Parameter Request List Item: (58) Renewal Time Value',
    '  Parameter Request List Item: (59) Rebinding Time Value',
    '  Parameter Request List Item: (42) Network Time Protocol Servers',
    '  Parameter Request List Item: (43) Vendor-Specific Information',
    '  Parameter Request List Item: (121) Classless Static Route',
    '  Parameter Request List Item: (252) Private/Proxy autodiscovery',
    'Option: (255) End',
    '  Option End: 255',
    'Padding: 000000',
  ]);
  // Where the bytes are and what the values are, for the fields a filter would compare.
  const at = (name: string) => {
    const f = field(dhcp, name);
    return [f.offset, f.length, f.show];
  };
  assert.deepEqual(at('dhcp.id'), [46, 4, '0x00003d1d']);
  assert.deepEqual(at('dhcp.flags.bc'), [52, 2, '1']);
  assert.deepEqual(at('dhcp.server'), [86, 64, '']);
  assert.deepEqual(at('dhcp.cookie'), [278, 4, '99.130.83.99']);
  assert.deepEqual(at('dhcp.option.requested_ip_address'), [296, 4, '192.0.2.100']);
  assert.deepEqual(at('dhcp.option.padding'), [358, 3, '00:00:00']);
  assert.deepEqual(problemCodes(dhcp), []);
  assert.deepEqual(invariantViolations(p), []);
  assert.deepEqual([p.summary.protocol, p.summary.info], ['DHCP', 'DHCP Discover - Transaction ID 0x3d1d']);
});

// The server's Offer: the offered address, a server name and boot file, the lease's times, the
// network's settings and the names a network-booting client needs.
const OFFER_MESSAGE = [
  '02', '01', '06', '00', '00003d1d', '0000', '0000',
  '00000000', 'c0000264', 'c0000201', '00000000', // offered 192.0.2.100 by next server 192.0.2.1
  CLIENT_MAC, '00'.repeat(10),
  ascii('boot.example.org').padEnd(128, '0'), ascii('pxelinux.0').padEnd(256, '0'),
  COOKIE,
  '350102', '3604c0000201',
  '330400015180', '3a040000a8c0', '3b0400012750', // lease 86400 s, renewal 43200 s, rebinding 75600 s
  '0104ffffff00', '0304c00002fe', '0608c0000235c6336435', // mask, router, two DNS servers
  '0f0b' + ascii('example.org'), '1c04c00002ff', '1a0205dc', '2a04c000027b', '2c04c000028b',
  'fc1a' + ascii('http://192.0.2.80/wpad.dat'), '4210' + ascii('boot.example.org'), '430a' + ascii('pxelinux.0'),
  'ff',
].join('');

test('an Offer shows the server name, boot file, lease times, address lists and names as tshark does', () => {
  const { p, dhcp } = decode(OFFER_MESSAGE);
  assert.deepEqual(treeLines(dhcp.fields), [
    'Message type: Boot Reply (2)',
    'Hardware type: Ethernet (0x01)',
    'Hardware address length: 6',
    'Hops: 0',
    'Transaction ID: 0x00003d1d',
    'Seconds elapsed: 0',
    'Bootp flags: 0x0000 (Unicast)',
    '  0... .... .... .... = Broadcast flag: Unicast',
    '  .000 0000 0000 0000 = Reserved flags: 0x0000',
    'Client IP address: 0.0.0.0',
    'Your (client) IP address: 192.0.2.100',
    'Next server IP address: 192.0.2.1',
    'Relay agent IP address: 0.0.0.0',
    'Client MAC address: 02:00:00:00:00:0a',
    'Client hardware address padding: 00000000000000000000',
    'Server host name: boot.example.org',
    'Boot file name: pxelinux.0',
    'Magic cookie: DHCP',
    'Option: (53) DHCP Message Type (Offer)',
    '  Length: 1',
    '  DHCP: Offer (2)',
    'Option: (54) DHCP Server Identifier (192.0.2.1)',
    '  Length: 4',
    '  DHCP Server Identifier: 192.0.2.1',
    'Option: (51) IP Address Lease Time',
    '  Length: 4',
    '  IP Address Lease Time: (86400s) 1 day',
    'Option: (58) Renewal Time Value',
    '  Length: 4',
    '  Renewal Time Value: (43200s) 12 hours',
    'Option: (59) Rebinding Time Value',
    '  Length: 4',
    '  Rebinding Time Value: (75600s) 21 hours',
    'Option: (1) Subnet Mask (255.255.255.0)',
    '  Length: 4',
    '  Subnet Mask: 255.255.255.0',
    'Option: (3) Router',
    '  Length: 4',
    '  Router: 192.0.2.254',
    'Option: (6) Domain Name Server',
    '  Length: 8',
    '  Domain Name Server: 192.0.2.53',
    '  Domain Name Server: 198.51.100.53',
    'Option: (15) Domain Name',
    '  Length: 11',
    '  Domain Name: example.org',
    'Option: (28) Broadcast Address (192.0.2.255)',
    '  Length: 4',
    '  Broadcast Address: 192.0.2.255',
    'Option: (26) Interface MTU',
    '  Length: 2',
    '  Interface MTU: 1500',
    'Option: (42) Network Time Protocol Servers',
    '  Length: 4',
    '  Network Time Protocol Server: 192.0.2.123',
    'Option: (44) NetBIOS over TCP/IP Name Server',
    '  Length: 4',
    '  NetBIOS over TCP/IP Name Server: 192.0.2.139',
    'Option: (252) Private/Proxy autodiscovery',
    '  Length: 26',
    '  Private/Proxy autodiscovery: http://192.0.2.80/wpad.dat',
    'Option: (66) TFTP Server Name',
    '  Length: 16',
    '  TFTP Server Name: boot.example.org',
    'Option: (67) Bootfile name',
    '  Length: 10',
    '  Bootfile name: pxelinux.0',
    'Option: (255) End',
    '  Option End: 255',
  ]);
  assert.equal(field(dhcp, 'dhcp.option.ip_address_lease_time').value, 86400);
  assert.deepEqual(invariantViolations(p), []);
  assert.deepEqual([p.summary.protocol, p.summary.info], ['DHCP', 'DHCP Offer    - Transaction ID 0x3d1d']);
});

test('lease times read as days, hours, minutes and seconds, and all ones as infinity', () => {
  const lease = (seconds: number) => {
    const { dhcp } = decode(message({}, type(ACK) + option(51, seconds.toString(16).padStart(8, '0')) + END));
    return field(dhcp, 'dhcp.option.ip_address_lease_time').showname;
  };
  assert.equal(lease(0), 'IP Address Lease Time: (0s) 0 seconds');
  assert.equal(lease(1), 'IP Address Lease Time: (1s) 1 second');
  assert.equal(lease(89997), 'IP Address Lease Time: (89997s) 1 day, 59 minutes, 57 seconds');
  assert.equal(lease(0xffffffff), 'IP Address Lease Time: (4294967295s) infinity');
});

test('client identifiers: a hardware address, an RFC 4361 IAID and DUID, a UUID, or text', () => {
  const clientId = (value: string) => optionLines(decode(message({}, type(REQUEST) + option(61, value) + END)).dhcp, 61).slice(1);
  assert.deepEqual(clientId('ff' + '5e1a2b3c' + '00030001' + CLIENT_MAC), [
    '  Length: 15',
    '  Value: ff5e1a2b3c0003000102000000000a',
    '  IAID: 5e1a2b3c',
    '  DUID Type: link-layer address (3)',
    '  Hardware type: Ethernet (1)',
    '  Link layer address: 02:00:00:00:00:0a',
  ]);
  assert.deepEqual(clientId('00' + '33221100554477668899aabbccddeeff'), [
    '  Length: 17',
    '  Client Identifier (UUID): 00112233-4455-6677-8899-aabbccddeeff',
    '  Value: 0033221100554477668899aabbccddeeff',
  ]);
  assert.deepEqual(clientId('00' + ascii('lab-pc-7')), ['  Length: 9', '  Type: 0', '  Client Identifier: lab-pc-7']);
  assert.deepEqual(clientId('20' + CLIENT_MAC), ['  Length: 7', '  Hardware type: InfiniBand (0x20)', '  Client hardware address: 02000000000a']);
});

test('the packet list says the message type and transaction ID as tshark does, padded to eight characters', () => {
  const list = (payload: string) => {
    const { protocol, info } = decode(payload).p.summary;
    return [protocol, info];
  };
  const names = [[DISCOVER, 'Discover'], [OFFER, 'Offer   '], [REQUEST, 'Request '], [DECLINE, 'Decline '], [ACK, 'ACK     '], [NAK, 'NAK     '], [RELEASE, 'Release '], [INFORM, 'Inform  ']] as const;
  for (const [t, name] of names) assert.deepEqual(list(message({}, type(t) + END)), ['DHCP', `DHCP ${name} - Transaction ID 0x3d1d`]);
  assert.deepEqual(list(message({}, type(9) + END)), ['DHCP', 'DHCP Force Renew - Transaction ID 0x3d1d']);
  assert.deepEqual(list(message({}, type(99) + END)), ['DHCP', 'DHCP Unknown Message Type (0x63) - Transaction ID 0x3d1d']);
  // Without a message type it is plain BOOTP.
  assert.deepEqual(list(message({}, END)), ['BOOTP', 'Boot Request from 02:00:00:00:00:0a (02:00:00:00:00:0a)']);
  assert.deepEqual(list(message({ op: 2 }, END)), ['BOOTP', 'Boot Reply']);
  assert.deepEqual(list(message({ htype: 27, hlen: 8, chaddr: '02000000fffe000a' }, END)), ['BOOTP', 'Boot Request from 02000000fffe000a']);
});

test('each message says what it does in the DORA exchange, with the addresses it carries', () => {
  const say = (payload: string) => decode(payload).dhcp.narrative;
  const lease = option(51, '00015180');
  assert.equal(say(message({ flags: 0x8000 }, type(DISCOVER) + requested + END)),
    'DHCP Discover: client 02:00:00:00:00:0a broadcasts to find a DHCP server; this is step 1 of getting an address (Discover, Offer, Request, Ack); it would like 192.0.2.100, the address it had before');
  assert.equal(say(message({ op: 2, yiaddr: '192.0.2.100' }, type(OFFER) + serverId + lease + END)),
    'DHCP Offer: server 192.0.2.1 offers address 192.0.2.100 to client 02:00:00:00:00:0a (step 2 of 4); a client may get several offers and takes one; the lease lasts 86400 seconds');
  assert.equal(say(message({}, type(REQUEST) + requested + serverId + END)),
    'DHCP Request: client 02:00:00:00:00:0a asks server 192.0.2.1 for the offered address 192.0.2.100 (step 3 of 4); the other servers see their offers were declined');
  assert.equal(say(message({}, type(REQUEST) + requested + END)),
    'DHCP Request: client 02:00:00:00:00:0a asks to keep 192.0.2.100, the address it had before (after a restart or a move)');
  assert.equal(say(message({ ciaddr: '192.0.2.100' }, type(REQUEST) + END)), 'DHCP Request: client 192.0.2.100 asks to renew the lease on its address');
  assert.equal(say(message({ op: 2, yiaddr: '192.0.2.100' }, type(ACK) + serverId + option(51, '00000001') + END)),
    'DHCP Ack: server 192.0.2.1 confirms address 192.0.2.100 for client 02:00:00:00:00:0a (step 4 of 4): the client may now use it; the lease lasts 1 second');
  assert.equal(say(message({ op: 2, ciaddr: '192.0.2.100' }, type(ACK) + serverId + END)),
    'DHCP Ack: server 192.0.2.1 answers client 192.0.2.100 with the settings it asked for');
  assert.equal(say(message({ op: 2, giaddr: '198.51.100.1' }, type(NAK) + serverId + option(56, ascii('requested address not available')) + END)),
    'DHCP Nak: server 192.0.2.1 refuses the client\'s request (the address is wrong for this network or no longer free); client 02:00:00:00:00:0a must start again with a Discover; the server says "requested address not available"; relay agent 198.51.100.1 passes it between networks');
  assert.equal(say(message({ ciaddr: '192.0.2.100' }, type(RELEASE) + serverId + END)),
    'DHCP Release: client 192.0.2.100 gives its address back to server 192.0.2.1; the lease ends now');
  assert.equal(say(message({}, type(DECLINE) + requested + serverId + END)),
    'DHCP Decline: client 02:00:00:00:00:0a tells server 192.0.2.1 that 192.0.2.100 is already in use on the network, so it will not take it');
  assert.equal(say(message({ ciaddr: '192.0.2.100' }, type(INFORM) + END)),
    'DHCP Inform: client 192.0.2.100 already has an address and asks only for other settings (router, DNS servers...)');
  assert.equal(say(message({}, type(9) + END)), 'DHCP Force Renew message, transaction 0x00003d1d');
  assert.equal(say(message({}, END)), 'BOOTP request from client 02:00:00:00:00:0a, without DHCP options');
  assert.equal(say(message({ op: 2 }, END)), 'BOOTP reply for client 02:00:00:00:00:0a, without DHCP options');
});

test('options that run out are problems: no length byte, a length past the end, no End option', () => {
  const noLength = decode(message({}, type(DISCOVER) + '0c'));
  assert.deepEqual(problemCodes(noLength.dhcp), ['dhcp.option_truncated']);
  assert.deepEqual(treeLines(noLength.dhcp.fields).slice(-1), ['Incomplete option: 0c']);
  assert.equal(noLength.p.summary.info, 'DHCP Discover - Transaction ID 0x3d1d[Malformed Packet]');

  const pastEnd = decode(message({}, type(DISCOVER) + '0cc8' + ascii('host!')));
  assert.deepEqual(problemCodes(pastEnd.dhcp), ['dhcp.option_past_end']);
  const hostName = pastEnd.dhcp.fields.at(-1)!;
  // The option claims 202 bytes; its field ends with the frame, and the bytes that are there stay visible.
  assert.deepEqual([hostName.showname, hostName.offset, hostName.length], ['Option: (12) Host Name', 285, 7]);
  assert.deepEqual(treeLines(hostName.children), ['Length: 200', 'Incomplete option: 686f737421']);
  assert.equal(hostName.children[1].problems![0].code, 'dhcp.option_past_end');
  assert.equal(pastEnd.p.summary.info, 'DHCP Discover - Transaction ID 0x3d1d[Malformed Packet]');

  const noEnd = decode(message({}, type(DISCOVER) + requested));
  assert.deepEqual(problemCodes(noEnd.dhcp), ['dhcp.end_missing']);
  assert.equal(noEnd.p.summary.info, 'DHCP Discover - Transaction ID 0x3d1d');
  for (const { p } of [noLength, pastEnd, noEnd]) assert.deepEqual(invariantViolations(p), []);
});

test('a wrong magic cookie makes the message plain BOOTP, its 64-byte vendor area shown as bytes', () => {
  const vendor = '63825364' + '350101ff'.padEnd(120, '0');
  const { p, dhcp } = decode(message({}, '', vendor));
  assert.deepEqual(problemCodes(dhcp), ['dhcp.bad_cookie']);
  const area = field(dhcp, 'dhcp.vendor_specific_options');
  assert.deepEqual([area.offset, area.length], [278, 64]);
  assert.deepEqual([p.summary.protocol, p.summary.info], ['BOOTP', 'Boot Request from 02:00:00:00:00:0a (02:00:00:00:00:0a)']);
  // A vendor area shorter than RFC 951's 64 bytes is malformed.
  const short = decode(message({}, '', '63825364ff'));
  assert.deepEqual(problemCodes(short.dhcp), ['dhcp.bad_cookie', 'dhcp.vendor_area_short']);
  assert.equal(short.p.summary.info, 'Boot Request from 02:00:00:00:00:0a (02:00:00:00:00:0a)[Malformed Packet]');
});

test('options of the wrong length are problems, and their bytes are shown as they are', () => {
  const { p, dhcp } = decode(message({}, type(DISCOVER) + option(1, 'ffffff') + option(3, 'c00002fe01') + option(54) + END));
  assert.deepEqual(problemCodes(dhcp), ['dhcp.bad_length', 'dhcp.bad_list_length', 'dhcp.bad_length']);
  assert.deepEqual(optionLines(dhcp, 1), ['Option: (1) Subnet Mask', '  Length: 3', '  Value: ffffff']);
  // The whole value, so the byte after the last whole address is shown too.
  assert.deepEqual(optionLines(dhcp, 3), ['Option: (3) Router', '  Length: 5', '  Value: c00002fe01', '  Router: 192.0.2.254']);
  assert.deepEqual(optionLines(dhcp, 54), ['Option: (54) DHCP Server Identifier', '  Length: 0', '  Value: <MISSING>']);
  assert.deepEqual(invariantViolations(p), []);
});

test('pads, text up to its first NUL, empty options and options without a layout are shown as tshark shows them', () => {
  const { p, dhcp } = decode(message({}, type(DISCOVER) + '000000' + option(12) + option(15, ascii('lab') + '00' + ascii('x')) + option(224, '010203') + option(180) + END));
  assert.deepEqual(problemCodes(dhcp), []);
  // A run of pads is one Pad option: its line covers the first pad (as tshark's), its padding the run.
  const pads = dhcp.fields.filter((f) => f.offset >= 285 && f.offset < 288);
  assert.deepEqual(pads.map((f) => [f.showname, f.offset, f.length]), [['Option: (0) Padding', 285, 1], ['Padding: 000000', 285, 3]]);
  assert.deepEqual(optionLines(dhcp, 12), ['Option: (12) Host Name', '  Length: 0', '  Value: <MISSING>', '  Host Name: ']);
  assert.deepEqual(optionLines(dhcp, 15), ['Option: (15) Domain Name', '  Length: 5', '  Domain Name: lab']);
  assert.deepEqual(invariantViolations(p), []);
  assert.deepEqual(optionLines(dhcp, 224), ['Option: (224) Private', '  Length: 3', '  Value: 010203']);
  assert.deepEqual(optionLines(dhcp, 180), ['Option: (180) Unassigned', '  Length: 0', '  Value: <MISSING>']);
});

test('a message that ends inside the BOOTP header keeps the bytes it has, with a problem', () => {
  const { p, dhcp } = decode(message({}, '').slice(0, 200));
  assert.deepEqual(problemCodes(dhcp), ['dhcp.header_short']);
  const rest = field(dhcp, 'dhcp.header_rest');
  assert.deepEqual([rest.offset, rest.length], [86, 56]);
  assert.deepEqual([p.summary.protocol, p.summary.info], ['BOOTP', 'Boot Request from 02:00:00:00:00:0a (02:00:00:00:00:0a)[Malformed Packet]']);
  assert.deepEqual(invariantViolations(p), []);
});

test('a hardware address length of 0 (InfiniBand) is noted, and the client is named by its identifier', () => {
  const duid = 'ff' + '00000001' + '00010020' + '2b3c4d5e' + '000102030405060708090a0b0c0d0e0f10111213';
  const { dhcp } = decode(message({ htype: 32, hlen: 0, chaddr: '' }, type(DISCOVER) + option(61, duid) + END));
  assert.deepEqual(dhcp.problems.map((p) => [p.code, p.severity]), [['dhcp.address_not_given', 'note']]);
  assert.equal(field(dhcp, 'dhcp.hw.addr_not_given').showname, 'Client address not given');
  assert.match(dhcp.narrative!, /^DHCP Discover: client 000102030405060708090a0b0c0d0e0f10111213 broadcasts/);
});

test('a message cut anywhere by the snap length keeps every byte in a field and says which field was cut', () => {
  const full = udpFrame({ sport: 68, dport: 67, payload: [...Buffer.from(DISCOVER_MESSAGE, 'hex')] }).length;
  for (let cut = 42; cut < full; cut++) {
    const { p } = decode(DISCOVER_MESSAGE, cut);
    assert.deepEqual(invariantViolations(p), [], `cut at ${cut}`);
    const problems = allProblems(p).filter((x) => x.field !== 'frame.cap_len');
    assert.ok(problems.some((x) => x.code === 'packet.cut_by_snaplen' && x.offset <= cut), `cut at ${cut}: ${JSON.stringify(problems)}`);
    assert.ok(problems.every((x) => x.severity !== 'error'), `a cut is not an error (cut at ${cut}): ${JSON.stringify(problems)}`);
  }
  assert.equal(decode(DISCOVER_MESSAGE, 320).p.summary.info, 'DHCP Discover - Transaction ID 0x3d1d[Packet size limited during capture]');
});

test('the largest messages cost time and output in proportion to their size, whatever their options', () => {
  const room = 65535 - 20 - 8 - 236 - 4;
  const fill = (pattern: string) => pattern.repeat(Math.ceil((room * 2) / pattern.length)).slice(0, room * 2);
  const worst = {
    'empty options': fill('0100'),
    'parameter request lists': fill('37ff' + '01'.repeat(255)),
    'pads': fill('00'),
    'address lists': fill('06fc' + 'c0000201'.repeat(63)),
    'text options': fill('0cff' + '61'.repeat(255)),
  };
  for (const [name, options] of Object.entries(worst)) {
    const frame = udpFrame({ sport: 68, dport: 67, payload: [...Buffer.from(message({}, options), 'hex')] });
    // Listed (summary mode) and shown (detail), in processor time: the machine may be shared, so
    // a slow run is timed again before it counts.
    let milliseconds = Infinity;
    let p: DissectedPacket | undefined;
    for (let run = 0; run < 3 && milliseconds >= 1000; run++) {
      const started = process.cpuUsage();
      dissect(frame, new DissectState(), 1, false);
      p = dissect(frame, new DissectState());
      const used = process.cpuUsage(started);
      milliseconds = Math.min(milliseconds, (used.user + used.system) / 1000);
    }
    assert.ok(milliseconds < 1000, `${name}: ${milliseconds.toFixed(0)} ms`);
    const dhcp = layer(p!, 'dhcp');
    // At most three fields (option, length, value) for the two bytes of the smallest option.
    const fields = treeLines(dhcp.fields).length;
    assert.ok(fields <= 1.5 * dhcp.length, `${name}: ${fields} fields for ${dhcp.length} bytes`);
    assert.ok(p!.summary.info.length < 100, name);
  }
});
