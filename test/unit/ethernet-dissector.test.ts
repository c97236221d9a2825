// Ethernet decoded from hex frames, each tree as tshark shows the same bytes: Ethernet II and
// IEEE 802.3 headers, the padding, trailer and frame check sequence after the payload, and
// frames too short or malformed to read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dissect, hexBytes } from './dissection-invariants.js';
import { layer } from './tcp-frame-builder.js';
import { treeLines } from './field-tree-lines.js';

const frame = (hex: string, originalLength?: number) => dissect(1, hexBytes(hex), originalLength);
const zeros = (n: number) => '00'.repeat(n);

const MACS = '02000000000b' + '02000000000a';
const IPV4_ECHO = '45000024123400004001e4a1c0000201c000020208006668000100016162636465666768';
const ARP_REQUEST = '0001080006040001' + '001122334455' + '0a000001' + zeros(6) + '0a000002';

test('an Ethernet II header: addresses with their LG and IG bits, the type by name, padding to 60 bytes', () => {
  const p = frame('ffffffffffff' + '001122334455' + '0806' + ARP_REQUEST + zeros(18));
  const eth = layer(p, 'eth');
  assert.deepEqual([eth.name, eth.title, eth.offset, eth.length, eth.osi, eth.tcpip], ['Ethernet', 'Ethernet II, Src: 00:11:22:33:44:55, Dst: ff:ff:ff:ff:ff:ff', 0, 14, 2, 'link']);
  assert.deepEqual(treeLines(eth.fields), [
    'Destination: ff:ff:ff:ff:ff:ff',
    '  Address: ff:ff:ff:ff:ff:ff',
    '  .... ..1. .... .... .... .... = LG bit: Locally administered address (this is NOT the factory default)',
    '  .... ...1 .... .... .... .... = IG bit: Group address (multicast/broadcast)',
    'Source: 00:11:22:33:44:55',
    '  Address: 00:11:22:33:44:55',
    '  .... ..0. .... .... .... .... = LG bit: Globally unique address (factory default)',
    '  .... ...0 .... .... .... .... = IG bit: Individual address (unicast)',
    'Type: ARP (0x0806)',
    'Padding: 000000000000000000000000000000000000',
  ]);
  assert.deepEqual(eth.fields.map((f) => [f.name, f.offset, f.length]).at(-1), ['eth.padding', 42, 18]);
  assert.equal(eth.narrative, 'Ethernet frame from 00:11:22:33:44:55 to everyone on the link (broadcast); type 0x0806 says ARP comes next; 18 bytes of padding bring it up to Ethernet\'s minimum size');
});

test('after the padding, a trailer and the frame check sequence (the last 4 bytes), as Wireshark splits them', () => {
  const eth = layer(frame(MACS + '0800' + IPV4_ECHO + zeros(10) + 'abcd' + 'deadbeef'), 'eth');
  assert.deepEqual(treeLines(eth.fields).slice(-4), ['Padding: 00000000000000000000', 'Trailer: abcd', 'Frame check sequence: 0xdeadbeef [unverified]', 'FCS Status: Unverified']);
  assert.deepEqual(eth.fields.slice(-4).map((f) => [f.name, f.offset, f.length]), [['eth.padding', 50, 10], ['eth.trailer', 60, 2], ['eth.fcs', 62, 4], ['eth.fcs.status', 62, 0]]);
  assert.equal(eth.fields.at(-1)!.generated, true);
  assert.match(eth.narrative!, /its last 4 bytes are the frame check sequence/);
  // A frame shorter than the minimum was never padded: what follows the payload is a trailer.
  const short = layer(frame(MACS + '0800' + IPV4_ECHO + 'aabbcc'), 'eth');
  assert.deepEqual(treeLines(short.fields).at(-1), 'Trailer: aabbcc');
  // Bytes the snap length cut off are not the end of the frame: no checksum is guessed there.
  const cut = layer(frame(MACS + '0800' + IPV4_ECHO + zeros(10) + 'abcd' + 'deadbeef', 80), 'eth');
  assert.deepEqual(treeLines(cut.fields).slice(-2), ['Padding: 00000000000000000000', 'Trailer: abcddeadbeef']);
});

test('a frame too short for Ethernet is an Ethernet layer that says which field is missing', () => {
  const malformed = frame('ffffffffffff0011');
  const eth = layer(malformed, 'eth');
  assert.deepEqual([eth.name, eth.title, eth.offset], ['Ethernet', 'Ethernet II', 0]);
  // The two bytes of the source address that are there are still Ethernet's.
  assert.deepEqual(eth.fields.map((f) => [f.name, f.offset, f.length]), [['eth.dst', 0, 6], ['packet.header_rest', 6, 2]]);
  assert.equal(eth.length, 8);
  assert.equal(malformed.layers.at(-1), eth);
  assert.deepEqual(eth.problems.map((x) => [x.code, x.field, x.offset, x.severity]), [['packet.past_end', 'eth.src', 6, 'error']]);
  assert.deepEqual([malformed.summary.protocol, malformed.summary.destination], ['Ethernet', 'ff:ff:ff:ff:ff:ff']);
  // The same bytes from a 60-byte frame the snap length cut: not malformed, only cut.
  const cut = layer(frame('ffffffffffff0011', 60), 'eth');
  assert.deepEqual(cut.problems.map((x) => [x.code, x.field, x.severity]), [['packet.cut_by_snaplen', 'eth.src', 'warning']]);
  const noType = layer(frame(MACS + '08'), 'eth');
  assert.deepEqual(noType.problems.map((x) => [x.code, x.field, x.offset]), [['packet.past_end', 'eth.type', 12]]);
});

test('a value up to 1500 is an IEEE 802.3 length: it bounds the LLC payload, the rest is padding', () => {
  const p = frame(MACS + '0003' + 'aaaa03' + zeros(43));
  const eth = layer(p, 'eth');
  assert.equal(eth.title, 'IEEE 802.3 Ethernet');
  assert.deepEqual(treeLines(eth.fields).filter((l) => !l.startsWith(' ')), [
    'Destination: 02:00:00:00:00:0b',
    'Source: 02:00:00:00:00:0a',
    'Length: 3',
    'Padding: 000000000000000000000000000000000000000000000000000000000000000000000000…',
  ]);
  // The three bytes are an LLC header announcing SNAP, whose own header the length leaves no room for.
  assert.deepEqual(p.layers.map((l) => [l.protocol, l.offset, l.length]).slice(1), [['eth', 0, 14], ['llc', 14, 3]]);
  assert.deepEqual(layer(p, 'llc').problems.map((x) => x.code), ['llc.snap_short']);
  assert.match(eth.narrative!, /an IEEE 802\.3 length field says 3 bytes of LLC data follow/);
  const long = layer(frame(MACS + '0040' + 'aabb'), 'eth');
  assert.deepEqual(long.problems.map((x) => [x.code, x.field, x.severity]), [['eth.len_past_end', 'eth.len', 'error']]);
});

test('a length/type between 1501 and 1535 is neither: the header says so and stops', () => {
  const p = frame(MACS + '05ff' + zeros(46));
  const eth = layer(p, 'eth');
  assert.equal(eth.title, 'Ethernet Unknown, Src: 02:00:00:00:00:0a, Dst: 02:00:00:00:00:0b');
  assert.equal(treeLines(eth.fields).at(-1), 'Invalid length/type: 0x05ff (1535)');
  assert.deepEqual(eth.problems.map((x) => [x.code, x.field]), [['eth.invalid_lentype', 'eth.invalid_lentype']]);
  assert.equal(p.summary.info, 'Ethernet Unknown: Invalid length/type: 0x05ff (1535)');
});

test('a group address as the source is flagged: a frame is always sent by one card', () => {
  const eth = layer(frame('02000000000b' + '03000000000a' + '0800' + IPV4_ECHO), 'eth');
  assert.deepEqual(eth.problems.map((x) => [x.code, x.field, x.offset, x.severity]), [['eth.src_is_group', 'eth.src', 6, 'warning']]);
});

test('payload no decoder claims stays a data layer, and the packet list names its EtherType as tshark does', () => {
  const p = frame(MACS + '88b5' + 'cafe');
  assert.deepEqual(p.layers.map((l) => [l.protocol, l.offset, l.length]).slice(1), [['eth', 0, 14], ['data', 14, 2]]);
  assert.equal(treeLines(layer(p, 'eth').fields).at(-1), 'Type: Local Experimental Ethertype 1 (0x88b5)');
  assert.deepEqual(p.summary, { source: '02:00:00:00:00:0a', destination: '02:00:00:00:00:0b', protocol: '0x88b5', info: 'Local Experimental Ethertype 1' });
  assert.match(layer(p, 'eth').narrative!, /type 0x88b5 names a protocol Layerscope does not decode/);
  const unnamed = frame(MACS + '1234' + 'cafe');
  assert.equal(treeLines(layer(unnamed, 'eth').fields).at(-1), 'Type: Unknown (0x1234)');
  assert.deepEqual([unnamed.summary.protocol, unnamed.summary.info], ['0x1234', 'Ethernet II']);
});
