// Golden layouts of the RFC-style header diagram, on frames decoded by the real dissector: each
// field a box exactly as wide as its bits, in 32-bit rows, bit fields and options included.
// Expected boxes are written from the RFC figures with Wireshark's field names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutHeaderDiagram, BITS_PER_ROW, type HeaderDiagram } from '../../renderer/src/lib/header-diagram-layout.js';
import type { Layer } from '../../electron/dissect/field-model.js';
import { FRAMES, dissectHex } from './renderer-fixtures/crafted-frames.js';

function diagramOf(hex: string, protocol: string): { layer: Layer; diagram: HeaderDiagram; index: number } {
  const layers = dissectHex(hex).layers;
  const index = layers.findIndex((l) => l.protocol === protocol);
  assert.ok(index >= 0, `the frame has a ${protocol} layer (has ${layers.map((l) => l.protocol).join(', ')})`);
  return { layer: layers[index], diagram: layoutHeaderDiagram(layers[index], index), index };
}

/** "row:bitStart+bitWidth name" per box, the way the golden tables below are written. */
function boxes(d: HeaderDiagram, rows?: [number, number]): string[] {
  return d.boxes
    .filter((b) => !rows || (b.row >= rows[0] && b.row <= rows[1]))
    .map((b) => `${b.row}:${b.bitStart}+${b.bitWidth} ${b.field?.name ?? '(unclaimed)'}`);
}

/** Every row is exactly 32 bits, boxes tile it without overlap, and ids point at their fields. */
function assertWellFormed(d: HeaderDiagram, layer: Layer): void {
  const byRow = new Map<number, number[]>();
  for (const b of d.boxes) {
    assert.ok(b.bitStart >= 0 && b.bitWidth > 0 && b.bitStart + b.bitWidth <= BITS_PER_ROW, `box inside its row: ${JSON.stringify(b)}`);
    (byRow.get(b.row) ?? byRow.set(b.row, []).get(b.row)!).push(b.bitStart, b.bitWidth);
  }
  const totalBits = d.boxes.reduce((s, b) => s + b.bitWidth, 0);
  assert.equal(totalBits, layer.length * 8, 'the boxes cover the header bit for bit');
  for (const [row, parts] of byRow) {
    let at = 0;
    for (let i = 0; i < parts.length; i += 2) {
      assert.equal(parts[i], at, `row ${row}: boxes follow each other without gap or overlap`);
      at += parts[i + 1];
    }
    if (row < d.rows - 1) assert.equal(at, BITS_PER_ROW, `row ${row} is full`);
  }
}

test('Ethernet: 48-bit addresses wrap across rows, the 16-bit type ends the header half-way along row 3', () => {
  const { layer, diagram } = diagramOf(FRAMES.tcpSyn, 'eth');
  assert.deepEqual(boxes(diagram), ['0:0+32 eth.dst', '1:0+16 eth.dst', '1:16+16 eth.src', '2:0+32 eth.src', '3:0+16 eth.type']);
  assert.equal(diagram.rows, 4);
  const dst = diagram.boxes.filter((b) => b.field?.name === 'eth.dst');
  assert.deepEqual(
    dst.map((b) => [b.continuesFromAbove, b.continuesBelow]),
    [
      [false, true],
      [true, false],
    ],
    'a box split over two rows says which part continues',
  );
  assertWellFormed(diagram, layer);
});

test('IPv4 with options: 4-bit version and header length, DSCP/ECN, three flag bits, 13-bit fragment offset, options bit by bit', () => {
  const { layer, diagram } = diagramOf(FRAMES.ipv4Options, 'ip');
  assert.deepEqual(boxes(diagram, [0, 4]), [
    '0:0+4 ip.version',
    '0:4+4 ip.hdr_len',
    '0:8+6 ip.dsfield.dscp',
    '0:14+2 ip.dsfield.ecn',
    '0:16+16 ip.len',
    '1:0+16 ip.id',
    '1:16+1 ip.flags.rb',
    '1:17+1 ip.flags.df',
    '1:18+1 ip.flags.mf',
    '1:19+13 ip.frag_offset',
    '2:0+8 ip.ttl',
    '2:8+8 ip.proto',
    '2:16+16 ip.checksum',
    '3:0+32 ip.src',
    '4:0+32 ip.dst',
  ]);
  // Record Route: type octet (copy, class, number bits), length, pointer, two empty route slots;
  // then End of Options List pads the header to 24 bytes.
  assert.equal(diagram.rows, 8, '12 bytes of options take three more rows');
  const options = boxes(diagram, [5, 7]);
  assert.deepEqual(options.slice(0, 5), ['5:0+1 ip.opt.type.copy', '5:1+2 ip.opt.type.class', '5:3+5 ip.opt.type.number', '5:8+8 ip.opt.len', '5:16+8 ip.opt.ptr']);
  assert.deepEqual(options.slice(-3), ['7:24+1 ip.opt.type.copy', '7:25+2 ip.opt.type.class', '7:27+5 ip.opt.type.number'], 'the EOL octet ends the header');
  assertWellFormed(diagram, layer);
});

test('IPv6: version, traffic class split into DSCP and ECN, 20-bit flow label, 128-bit addresses over four rows each', () => {
  const { layer, diagram } = diagramOf(FRAMES.ipv6Udp, 'ipv6');
  assert.deepEqual(boxes(diagram, [0, 2]), [
    '0:0+4 ipv6.version',
    '0:4+6 ipv6.tclass.dscp',
    '0:10+2 ipv6.tclass.ecn',
    '0:12+20 ipv6.flow',
    '1:0+16 ipv6.plen',
    '1:16+8 ipv6.nxt',
    '1:24+8 ipv6.hlim',
    '2:0+32 ipv6.src',
  ]);
  assert.equal(diagram.rows, 10);
  assert.deepEqual(
    diagram.boxes.filter((b) => b.field?.name === 'ipv6.src').map((b) => `${b.row}:${b.bitWidth}`),
    ['2:32', '3:32', '4:32', '5:32'],
  );
  assert.deepEqual(
    diagram.boxes.filter((b) => b.field?.name === 'ipv6.dst').map((b) => `${b.row}:${b.bitWidth}`),
    ['6:32', '7:32', '8:32', '9:32'],
  );
  assertWellFormed(diagram, layer);
});

test('TCP with options: data offset and every flag bit get their own box, options drawn field by field', () => {
  const { layer, diagram } = diagramOf(FRAMES.tcpSyn, 'tcp');
  assert.deepEqual(boxes(diagram, [0, 4]), [
    '0:0+16 tcp.srcport',
    '0:16+16 tcp.dstport',
    '1:0+32 tcp.seq',
    '2:0+32 tcp.ack',
    '3:0+4 tcp.hdr_len',
    '3:4+3 tcp.flags.res',
    '3:7+1 tcp.flags.ae',
    '3:8+1 tcp.flags.cwr',
    '3:9+1 tcp.flags.ece',
    '3:10+1 tcp.flags.urg',
    '3:11+1 tcp.flags.ack',
    '3:12+1 tcp.flags.push',
    '3:13+1 tcp.flags.reset',
    '3:14+1 tcp.flags.syn',
    '3:15+1 tcp.flags.fin',
    '3:16+16 tcp.window_size_value',
    '4:0+16 tcp.checksum',
    '4:16+16 tcp.urgent_pointer',
  ]);
  assert.deepEqual(boxes(diagram, [5, 9]), [
    '5:0+8 tcp.option_kind',
    '5:8+8 tcp.option_len',
    '5:16+16 tcp.options.mss_val',
    '6:0+8 tcp.option_kind',
    '6:8+8 tcp.option_len',
    '6:16+8 tcp.option_kind',
    '6:24+8 tcp.option_len',
    '7:0+32 tcp.options.timestamp.tsval',
    '8:0+32 tcp.options.timestamp.tsecr',
    '9:0+8 tcp.options.nop',
    '9:8+8 tcp.option_kind',
    '9:16+8 tcp.option_len',
    '9:24+8 tcp.options.wscale.shift',
  ]);
  assert.equal(diagram.rows, 10, 'a 40-byte header is ten rows');
  assertWellFormed(diagram, layer);
});

test('UDP: four 16-bit fields in two rows', () => {
  const { layer, diagram } = diagramOf(FRAMES.udp, 'udp');
  assert.deepEqual(boxes(diagram), ['0:0+16 udp.srcport', '0:16+16 udp.dstport', '1:0+16 udp.length', '1:16+16 udp.checksum']);
  assertWellFormed(diagram, layer);
});

test('ICMP echo: type, code, checksum, then identifier and sequence number', () => {
  const { layer, diagram } = diagramOf(FRAMES.icmpEcho, 'icmp');
  assert.deepEqual(boxes(diagram, [0, 1]), ['0:0+8 icmp.type', '0:8+8 icmp.code', '0:16+16 icmp.checksum', '1:0+16 icmp.ident', '1:16+16 icmp.seq']);
  assertWellFormed(diagram, layer);
});

test('ARP: hardware and protocol addresses of uneven widths wrap across rows exactly', () => {
  const { layer, diagram } = diagramOf(FRAMES.arpRequest, 'arp');
  assert.deepEqual(boxes(diagram), [
    '0:0+16 arp.hw.type',
    '0:16+16 arp.proto.type',
    '1:0+8 arp.hw.size',
    '1:8+8 arp.proto.size',
    '1:16+16 arp.opcode',
    '2:0+32 arp.src.hw_mac',
    '3:0+16 arp.src.hw_mac',
    '3:16+16 arp.src.proto_ipv4',
    '4:0+16 arp.src.proto_ipv4',
    '4:16+16 arp.dst.hw_mac',
    '5:0+32 arp.dst.hw_mac',
    '6:0+32 arp.dst.proto_ipv4',
  ]);
  assertWellFormed(diagram, layer);
});

test('a long payload is cut at maxRows and says how many bytes were left out', () => {
  const { layer, index } = diagramOf(FRAMES.tcpSyn, 'eth');
  const payload = dissectHex(FRAMES.tcpSyn).layers.at(-1)!;
  const d = layoutHeaderDiagram(payload, index + 1, 2);
  assert.equal(d.rows, 2);
  assert.equal(d.omittedBytes, payload.length - 8);
  assert.ok(layer.length > 0);
});

test('box ids name the field in the packet\'s field index, so clicking a box selects that field', () => {
  const packet = dissectHex(FRAMES.tcpSyn);
  const li = packet.layers.findIndex((l) => l.protocol === 'eth');
  const d = layoutHeaderDiagram(packet.layers[li], li);
  const type = d.boxes.find((b) => b.field?.name === 'eth.type')!;
  const [layerPart, ...path] = type.fieldId!.split('.').map(Number);
  assert.equal(layerPart, li);
  let field = packet.layers[li].fields[path[0]];
  for (const i of path.slice(1)) field = field.children[i];
  assert.equal(field.name, 'eth.type');
});
