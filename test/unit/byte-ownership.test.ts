// Hovering or clicking a byte selects the deepest field that owns it; a selection lights up the
// right bytes. Checked on real decoded frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFieldIndex, fieldBitRange, ancestorIds } from '../../renderer/src/lib/field-index.js';
import { buildByteOwnership } from '../../renderer/src/lib/byte-ownership.js';
import { FRAMES, dissectHex } from './renderer-fixtures/crafted-frames.js';

function ownerNames(hex: string) {
  const p = dissectHex(hex);
  const index = buildFieldIndex(p.layers);
  const own = buildByteOwnership(index, p.caplen);
  return {
    p,
    index,
    own,
    field: (offset: number) => index.byId.get(own.fieldIds[offset]!)?.field.name,
    layer: (offset: number) => p.layers[own.layerIndexes[offset]]?.protocol,
  };
}

test('each byte of a TCP SYN belongs to the smallest field covering it, and to that field\'s layer', () => {
  const o = ownerNames(FRAMES.tcpSyn);
  assert.equal(o.field(0), 'eth.dst');
  assert.equal(o.field(12), 'eth.type');
  assert.equal(o.layer(12), 'eth');
  assert.equal(o.field(22), 'ip.ttl');
  assert.equal(o.layer(22), 'ip');
  assert.equal(o.field(34), 'tcp.srcport');
  assert.equal(o.layer(34), 'tcp');
  // Byte 46 holds the data offset (4 bits) and reserved flag bits: the one-byte data offset field
  // is smaller than the two-byte flags.
  assert.equal(o.field(46), 'tcp.hdr_len');
  // Byte 47 holds CWR..FIN, one bit each: no flag owns the byte more than another, so the flags
  // word stands for it (and the bit strip then shows every flag).
  assert.equal(o.field(47), 'tcp.flags');
  // Byte 20 of the frame: IPv4's three flag bits and the top of the fragment offset.
  assert.equal(o.field(20), 'ip.flags');
  // Inside the MSS option: the value, not the option around it.
  assert.equal(o.field(56), 'tcp.options.mss_val');
  assert.equal(o.field(54), 'tcp.option_kind');
  // Every captured byte has an owner.
  assert.ok(o.own.fieldIds.every((id) => id !== null));
});

test('Ethernet padding is owned by eth.padding, in the link layer, though it lies after the payload', () => {
  const o = ownerNames(FRAMES.arpRequest + '00'.repeat(18));
  assert.equal(o.field(50), 'eth.padding');
  assert.equal(o.layer(50), 'eth');
  assert.equal(o.field(14), 'arp.hw.type');
});

test('a flag\'s bit range: tcp.flags.syn is bit 14 of the 16-bit word at byte 46, one bit wide', () => {
  const o = ownerNames(FRAMES.tcpSyn);
  const syn = o.index.nodes.find((n) => n.field.name === 'tcp.flags.syn')!;
  const r = fieldBitRange(syn.field);
  assert.equal(r.width, 1);
  assert.equal(r.start, 46 * 8 + 14);
  const hdr = o.index.nodes.find((n) => n.field.name === 'tcp.hdr_len')!;
  assert.deepEqual(fieldBitRange(hdr.field), { start: 46 * 8, width: 4 });
  // Its ancestors are the flags word and the TCP layer: the tree opens them to show it.
  const names = ancestorIds(syn.id)
    .slice(1, -1)
    .map((id) => o.index.byId.get(id)!.field.name);
  assert.deepEqual(names, ['tcp.flags']);
  assert.equal(o.p.layers[Number(ancestorIds(syn.id)[0])].protocol, 'tcp');
});

test('a reassembled datagram: each source\'s bytes belong to the fields decoded from it, the fragment list only where none is', async () => {
  const { decodeFile } = await import('../oracle/pdml-oracle.js');
  const path = new URL('../fixtures/packets/ipv4-fragments.pcap', import.meta.url).pathname;
  const p = decodeFile(path, { twoPass: true })[1].packet;
  const index = buildFieldIndex(p.layers);
  const frame = buildByteOwnership(index, p.caplen, 0);
  const reassembled = buildByteOwnership(index, p.sources![0].bytesHex.length / 2, 1);
  const name = (o: typeof frame, at: number) => index.byId.get(o.fieldIds[at]!)?.field.name;
  assert.equal(name(frame, 22), 'ip.ttl');
  assert.equal(name(frame, 40), 'ip.fragment_payload', 'the frame\'s own share of the payload');
  assert.equal(name(reassembled, 2), 'udp.dstport');
  assert.equal(name(reassembled, 20), 'data.data', 'not the fragment the byte came in');
  assert.equal(p.layers[reassembled.layerIndexes[20]].protocol, 'data');
  assert.equal(p.layers[frame.layerIndexes[40]].protocol, 'ip');
});
