// Golden layouts of the RFC-style header diagram, on frames decoded by the real dissector: each
// field a box exactly as wide as its bits, in 32-bit rows, bit fields and options included; a
// text protocol line by line; always what is on the wire. Expected boxes are written from the
// RFC figures with Wireshark's field names; the last tests check how the boxes fit on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutHeaderDiagram, BITS_PER_ROW, type DiagramBox, type HeaderDiagram } from '../../renderer/src/lib/header-diagram-layout.js';
import type { Field, Layer } from '../../electron/dissect/field-model.js';
import { FRAMES, dissectHex } from './renderer-fixtures/crafted-frames.js';
import { hexBytes } from './dissection-invariants.js';
import { placeDiagram } from '../../renderer/src/lib/header-diagram-geometry.js';

// Frames for the cases below, crafted with scapy like renderer-fixtures/crafted-frames.ts and
// decoded by the real dissector. E = Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02').
const DIAGRAM_FRAMES = {
  // E/IP(src='10.0.0.1',dst='10.0.0.2',id=1)/UDP(sport=53000,dport=53)/DNS(id=0x1a2b,rd=1,qd=DNSQR(qname='example.com',qtype='A'))
  dnsQuery:
    '02000000000202000000000108004500003900010000401166b10a0000010a000002cf080035002532cb1a2b01000001000000000000076578616d706c6503636f6d0000010001',
  // E/IP(src='10.0.0.2',dst='10.0.0.1',id=2)/UDP(sport=53,dport=53000)/DNS(id=0x1a2b,qr=1,rd=1,ra=1,qd=DNSQR(qname='example.com',qtype='A'),
  //   an=DNSRR(rrname='example.com',type='A',ttl=300,rdata='93.184.216.34'))
  dnsResponse:
    '02000000000202000000000108004500005400020000401166950a0000020a0000010035cf0800400e3a1a2b81800001000100000000076578616d706c6503636f6d0000010001076578616d706c6503636f6d00000100010000012c00045db8d822',
  // E/IP(src='10.0.0.1',dst='10.0.0.2',id=3)/TCP(sport=40000,dport=80,flags='PA',seq=1001,ack=5001,window=502)/
  //   b'GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n'
  httpRequest:
    '02000000000202000000000108004500007a00030000400666790a0000010a0000029c400050000003e900001389501801f6a7db0000474554202f696e6465782e68746d6c20485454502f312e310d0a486f73743a206578616d706c652e636f6d0d0a557365722d4167656e743a206375726c2f382e300d0a4163636570743a202a2f2a0d0a0d0a',
  // E/IP(src='10.0.0.2',dst='10.0.0.1',id=4)/TCP(sport=80,dport=40000,flags='PA',seq=5001,ack=1229,window=502)/
  //   b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<p>Hello</p>\n'
  httpResponse:
    '020000000002020000000001080045000075000400004006667d0a0000020a00000100509c4000001389000004cd501801f6a62b0000485454502f312e3120323030204f4b0d0a436f6e74656e742d547970653a20746578742f68746d6c0d0a436f6e74656e742d4c656e6774683a2031330d0a0d0a3c703e48656c6c6f3c2f703e0a',
  // E/IP(src='10.0.0.1',dst='10.0.0.2',id=5)/TCP(sport=40000,dport=80,flags='A',seq=1229,ack=5100,window=502,
  //   options=[('NOP',None),('NOP',None),('Timestamp',(123456,654321)),('SAck',(5100,5200,5300,5400,5500,5600))]): 40 bytes of options
  tcpLongOptions:
    '02000000000202000000000108004500005000050000400666a10a0000010a0000029c400050000004cd000013ecf01001f6daa300000101080a0001e2400009fbf1051a000013ec00001450000014b4000015180000157c000015e00000',
  // E/IPv6(src='fe80::1',dst='ff02::1')/IPv6ExtHdrHopByHop(options=[RouterAlert()])/IPv6ExtHdrDestOpt(options=[PadN(optdata=b'\x00'*4)])/
  //   IPv6ExtHdrFragment(id=0x1234,m=0)/UDP(sport=40001,dport=9999)/b'abcd'
  ipv6ExtensionHeaders:
    '02000000000202000000000186dd6000000000240040fe800000000000000000000000000001ff0200000000000000000000000000013c000502000001002c0001040000000011000000000012349c41270f000c7a3961626364',
  // E/IP(src='10.0.0.1',dst='10.0.0.2')/UDP(sport=1234,dport=4321)/(b'x'*1200)
  udpLongPayload: '0200000000020200000000010800450004cc000100004011621e0a0000010a00000204d210e104b8726e' + '78'.repeat(1200),
} as const;

function diagramOf(hex: string, protocol: string): { layer: Layer; diagram: HeaderDiagram; index: number } {
  const layers = dissectHex(hex).layers;
  const index = layers.findIndex((l) => l.protocol === protocol);
  assert.ok(index >= 0, `the frame has a ${protocol} layer (has ${layers.map((l) => l.protocol).join(', ')})`);
  return { layer: layers[index], diagram: layoutHeaderDiagram(layers[index], index, hexBytes(hex)), index };
}

/** "row:bitStart+bitWidth name" per box, the way the golden tables below are written; bits of a field no sub-field names are "name (rest)". */
function boxes(d: HeaderDiagram, rows?: [number, number]): string[] {
  return d.boxes
    .filter((b) => !rows || (b.row >= rows[0] && b.row <= rows[1]))
    .map((b) => `${b.row}:${b.bitStart}+${b.bitWidth} ${b.kind === 'unclaimed' ? '(unclaimed)' : b.kind === 'rest' ? `${b.field!.name} (rest)` : b.field!.name}`);
}

/** Every row but the last is `rowBits` wide (a text line may end short), boxes follow each other without overlap, and together they stand for the header bit for bit. */
function assertWellFormed(d: HeaderDiagram, layer: Layer): void {
  const byRow = new Map<number, number[]>();
  for (const b of d.boxes) {
    assert.ok(b.bitStart >= 0 && b.bitWidth > 0 && b.bitStart + b.bitWidth <= d.rowBits, `box inside its row: ${JSON.stringify({ ...b, field: b.field?.name })}`);
    (byRow.get(b.row) ?? byRow.set(b.row, []).get(b.row)!).push(b.bitStart, b.bitWidth);
  }
  const totalBits = d.boxes.reduce((s, b) => s + (b.elidedBytes > 0 ? b.elidedBytes * 8 : b.bitWidth), 0);
  assert.equal(totalBits, layer.length * 8, 'the boxes stand for the header bit for bit');
  assert.deepEqual([...byRow.keys()], Array.from({ length: d.rows }, (_, i) => i), 'rows are numbered without gaps');
  for (const [row, parts] of byRow) {
    let at = 0;
    for (let i = 0; i < parts.length; i += 2) {
      assert.equal(parts[i], at, `row ${row}: boxes follow each other without gap or overlap`);
      at += parts[i + 1];
    }
    if (d.form === 'bits' && row < d.rows - 1) assert.equal(at, d.rowBits, `row ${row} is full`);
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
    '1:0+32 tcp.seq_raw',
    '2:0+32 tcp.ack_raw',
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

test('box ids name the field in the packet\'s field index, so clicking a box selects that field', () => {
  const packet = dissectHex(FRAMES.tcpSyn);
  const li = packet.layers.findIndex((l) => l.protocol === 'eth');
  const d = layoutHeaderDiagram(packet.layers[li], li, hexBytes(FRAMES.tcpSyn));
  const type = d.boxes.find((b) => b.field?.name === 'eth.type')!;
  const [layerPart, ...path] = type.fieldId!.split('.').map(Number);
  assert.equal(layerPart, li);
  let field = packet.layers[li].fields[path[0]];
  for (const i of path.slice(1)) field = field.children[i];
  assert.equal(field.name, 'eth.type');
});

/** Text-protocol rows as "row:byteStart+byteLength text", the characters the boxes show. */
function textRows(d: HeaderDiagram): string[] {
  return d.boxes.map((b) => `${b.row}:${b.bitStart / 8}+${b.bitWidth / 8} ${b.value}`);
}

/** The box drawing `name` (the first one, where a field spans rows). */
function boxOf(d: HeaderDiagram, name: string): DiagramBox {
  const box = d.boxes.find((b) => b.kind === 'field' && b.field?.name === name);
  assert.ok(box, `a box draws ${name}: ${boxes(d).join(', ')}`);
  return box;
}

const DNS_FLAG_BITS: Array<[string, number, number]> = [
  ['dns.flags.response', 16, 1],
  ['dns.flags.opcode', 17, 4],
  ['dns.flags.authoritative', 21, 1],
  ['dns.flags.truncated', 22, 1],
  ['dns.flags.recdesired', 23, 1],
  ['dns.flags.recavail', 24, 1],
  ['dns.flags.z', 25, 1],
  ['dns.flags.authenticated', 26, 1],
  ['dns.flags.checkdisable', 27, 1],
  ['dns.flags.rcode', 28, 4],
];

test('DNS response: the 16-bit flags word is drawn as its ten bit fields at their RFC 1035 places, each labelled with its own name', () => {
  const { layer, diagram } = diagramOf(DIAGRAM_FRAMES.dnsResponse, 'dns');
  assert.deepEqual(boxes(diagram, [0, 2]), [
    '0:0+16 dns.id',
    ...DNS_FLAG_BITS.map(([name, start, width]) => `0:${start}+${width} ${name}`),
    '1:0+16 dns.count.queries',
    '1:16+16 dns.count.answers',
    '2:0+16 dns.count.auth_rr',
    '2:16+16 dns.count.add_rr',
  ]);
  for (const box of diagram.boxes.filter((b) => b.row === 0 && b.bitStart >= 16)) {
    assert.equal(box.label, box.field!.label, `${box.field!.name} is labelled by its own name, not the word's`);
    assert.notEqual(box.label, '');
  }
  assert.equal(boxOf(diagram, 'dns.flags.response').value, '1', 'QR is set in a response');
  assert.equal(boxOf(diagram, 'dns.flags.recavail').value, '1');
  assertWellFormed(diagram, layer);
});

test('DNS query: the flags a query leaves unnamed are bit boxes of their own showing their bits, never a box named "Flags"; the question wraps across rows', () => {
  const { layer, diagram } = diagramOf(DIAGRAM_FRAMES.dnsQuery, 'dns');
  const flagBoxes = diagram.boxes.filter((b) => b.row === 0 && b.bitStart >= 16);
  assert.deepEqual(
    flagBoxes.map((b) => `${b.bitStart}+${b.bitWidth}`),
    DNS_FLAG_BITS.map(([, start, width]) => `${start}+${width}`),
    'the word is cut exactly where RFC 1035 puts its fields',
  );
  for (const [name, start, width] of DNS_FLAG_BITS) {
    const box = flagBoxes.find((b) => b.bitStart === start)!;
    assert.equal(box.bitWidth, width);
    if (box.kind === 'field') assert.equal(box.field!.name, name);
    else {
      // Wireshark names AA, RA, AD and RCODE only in responses: what is on the wire shows anyway.
      assert.equal(box.kind, 'rest');
      assert.equal(box.field!.name, 'dns.flags');
      assert.equal(box.label, '', 'no "Flags" label on the leftover bits');
      assert.equal(box.value, '0'.repeat(width), `the bits of ${name} as they are in the query`);
    }
  }
  for (const name of ['dns.flags.response', 'dns.flags.opcode', 'dns.flags.truncated', 'dns.flags.recdesired', 'dns.flags.z', 'dns.flags.checkdisable']) {
    assert.equal(boxOf(diagram, name).kind, 'field', `${name} is drawn`);
  }
  assert.equal(boxOf(diagram, 'dns.flags.recdesired').value, '1', 'RD is set in the query');
  assert.ok(!diagram.boxes.some((b) => b.kind === 'field' && b.field?.name === 'dns.flags'), 'the word itself is not a box');
  // The question: 13 bytes of name (7 example 3 com 0), type A, class IN, from byte 12 on.
  assert.deepEqual(boxes(diagram, [3, 7]), [
    '3:0+32 dns.qry.name',
    '4:0+32 dns.qry.name',
    '5:0+32 dns.qry.name',
    '6:0+8 dns.qry.name',
    '6:8+16 dns.qry.type',
    '6:24+8 dns.qry.class',
    '7:0+8 dns.qry.class',
  ]);
  assert.equal(diagram.form, 'bits');
  assertWellFormed(diagram, layer);
});

test('HTTP request: drawn as its lines, one row each: the request line cut into method, URI and version, each header line, the blank line', () => {
  const { layer, diagram } = diagramOf(DIAGRAM_FRAMES.httpRequest, 'http');
  assert.equal(diagram.form, 'lines');
  assert.equal(diagram.rowBits, 26 * 8, 'rows are as wide as the longest line, the 26-byte request line');
  assert.deepEqual(textRows(diagram), [
    '0:0+3 GET',
    '0:3+1 SP',
    '0:4+11 /index.html',
    '0:15+1 SP',
    '0:16+8 HTTP/1.1',
    '0:24+2 \\r\\n',
    '1:0+19 Host: example.com\\r\\n',
    '2:0+22 User-Agent: curl/8.0\\r\\n',
    '3:0+13 Accept: */*\\r\\n',
    '4:0+2 \\r\\n',
  ]);
  assert.deepEqual(
    [0, 2, 4, 6, 7, 8].map((i) => diagram.boxes[i].field?.name),
    ['http.request.method', 'http.request.uri', 'http.request.version', 'http.host', 'http.user_agent', 'http.accept'],
  );
  for (const b of diagram.boxes.filter((b) => b.kind === 'field')) assert.equal(b.label, b.field!.label);
  assertWellFormed(diagram, layer);
});

test('HTTP response: status line, header lines, blank line, then the body on a row of its own', () => {
  const { layer, diagram } = diagramOf(DIAGRAM_FRAMES.httpResponse, 'http');
  assert.equal(diagram.form, 'lines');
  assert.deepEqual(textRows(diagram), [
    '0:0+8 HTTP/1.1',
    '0:8+1 SP',
    '0:9+3 200',
    '0:12+1 SP',
    '0:13+2 OK',
    '0:15+2 \\r\\n',
    '1:0+25 Content-Type: text/html\\r\\n',
    '2:0+20 Content-Length: 13\\r\\n',
    '3:0+2 \\r\\n',
    '4:0+13 <p>Hello</p>\\n',
  ]);
  assert.deepEqual(
    [0, 2, 4, 6, 7, 9].map((i) => diagram.boxes[i].field?.name),
    ['http.response.version', 'http.response.code', 'http.response.phrase', 'http.content_type', 'http.content_length_header', 'http.file_data'],
  );
  assertWellFormed(diagram, layer);
});

test('only a layer that starts with a line of text is drawn as lines: DNS and a short UDP payload stay in 32-bit rows', () => {
  assert.equal(diagramOf(DIAGRAM_FRAMES.dnsQuery, 'dns').diagram.form, 'bits');
  const hello = diagramOf(FRAMES.udp, 'data');
  assert.equal(hello.diagram.form, 'bits', '"hello" has no line end');
  assert.equal(hello.diagram.rowBits, BITS_PER_ROW);
});

test('TCP sequence and acknowledgment numbers: the diagram draws the raw numbers on the wire, not the relative ones the tree shows', () => {
  const { layer, diagram } = diagramOf(DIAGRAM_FRAMES.httpRequest, 'tcp');
  // The premise: the tree shows 1 for both, relative to each side's first sequence number.
  assert.deepEqual(
    layer.fields.filter((f) => f.name === 'tcp.seq' || f.name === 'tcp.ack').map((f) => [f.name, f.value, f.offset, f.length]),
    [
      ['tcp.seq', 1, 38, 4],
      ['tcp.ack', 1, 42, 4],
    ],
  );
  const seq = diagram.boxes.find((b) => b.row === 1)!;
  const ack = diagram.boxes.find((b) => b.row === 2)!;
  assert.deepEqual([seq.field!.name, seq.value, seq.bitWidth], ['tcp.seq_raw', '1001', 32]);
  assert.deepEqual([ack.field!.name, ack.value, ack.bitWidth], ['tcp.ack_raw', '5001', 32]);
  assert.match(seq.label, /raw/i, 'labelled as the raw number');
  assert.ok(!diagram.boxes.some((b) => b.field?.name === 'tcp.seq' || b.field?.name === 'tcp.ack'));
});

test('without the packet\'s bytes (a caller with only the tree) every field is still drawn, with the tree\'s values, and the raw numbers still win', () => {
  const packet = dissectHex(DIAGRAM_FRAMES.httpRequest);
  const tcpIndex = packet.layers.findIndex((l) => l.protocol === 'tcp');
  const tcp = layoutHeaderDiagram(packet.layers[tcpIndex], tcpIndex);
  assert.deepEqual(boxes(tcp, [1, 2]), ['1:0+32 tcp.seq_raw', '2:0+32 tcp.ack_raw']);
  assert.equal(boxOf(tcp, 'tcp.hdr_len').value, '20', 'the tree\'s value, the wire\'s being unknown');
  const httpIndex = packet.layers.findIndex((l) => l.protocol === 'http');
  const http = layoutHeaderDiagram(packet.layers[httpIndex], httpIndex);
  assert.equal(http.form, 'bits', 'lines of text cannot be told without their bytes');
  assertWellFormed(http, packet.layers[httpIndex]);
});

test('a length counted in words is drawn as the number on the wire (IPv4 and TCP header length 5), not the byte count the tree shows', () => {
  const ip = boxOf(diagramOf(DIAGRAM_FRAMES.httpRequest, 'ip').diagram, 'ip.hdr_len');
  assert.equal(ip.field!.value, 20, 'the tree says 20 bytes');
  assert.deepEqual([ip.value, ip.valueIsWireNumber, ip.bitWidth], ['5', true, 4]);
  const tcp = boxOf(diagramOf(DIAGRAM_FRAMES.httpRequest, 'tcp').diagram, 'tcp.hdr_len');
  assert.deepEqual([tcp.value, tcp.valueIsWireNumber], ['5', true]);
  const ttl = boxOf(diagramOf(DIAGRAM_FRAMES.httpRequest, 'ip').diagram, 'ip.ttl');
  assert.deepEqual([ttl.value, ttl.valueIsWireNumber], ['64', false], 'a value the tree shows as sent stays as the tree writes it');
});

test('generated fields and fields of no bytes never get a box', () => {
  const all = [...Object.values(FRAMES), ...Object.values(DIAGRAM_FRAMES)];
  let generatedSeen = 0;
  for (const hex of all) {
    const packet = dissectHex(hex);
    packet.layers.forEach((layer, i) => {
      const walk = (fs: readonly Field[]) => fs.forEach((f) => ((generatedSeen += f.generated ? 1 : 0), walk(f.children)));
      walk(layer.fields);
      for (const b of layoutHeaderDiagram(layer, i, hexBytes(hex)).boxes) {
        assert.ok(!b.field?.generated, `${b.field?.name} is generated: not on the wire`);
        assert.ok(b.field === null || b.field.length > 0, `${b.field?.name} has no bytes`);
      }
    });
  }
  assert.ok(generatedSeen > 0, 'the frames do have generated fields (IPv4\'s calculated checksum)');
  // Whatever order the tree lists them in, the checksum drawn is the one on the wire, not the
  // calculated one at the same bytes (equal here, since the checksum is correct).
  const { layer, index } = diagramOf(FRAMES.tcpSyn, 'ip');
  const calculated = layer.fields.find((f) => f.name === 'ip.checksum_calculated')!;
  assert.equal(calculated.generated, true);
  const calculatedFirst: Layer = { ...layer, fields: [calculated, ...layer.fields.filter((f) => f !== calculated)] };
  const ip = layoutHeaderDiagram(calculatedFirst, index, hexBytes(FRAMES.tcpSyn));
  assert.deepEqual(
    ip.boxes.filter((b) => b.row === 2 && b.bitStart === 16).map((b) => b.field?.name),
    ['ip.checksum'],
  );
});

test('options are drawn in full: a TCP header with 40 bytes of options is 15 rows, IPv6 extension headers are drawn field by field', () => {
  const tcp = diagramOf(DIAGRAM_FRAMES.tcpLongOptions, 'tcp');
  assert.equal(tcp.layer.length, 60);
  assert.equal(tcp.diagram.rows, 15);
  assert.ok(tcp.diagram.boxes.every((b) => b.elidedBytes === 0), 'nothing of a header is left out');
  assertWellFormed(tcp.diagram, tcp.layer);

  const { layer, diagram } = diagramOf(DIAGRAM_FRAMES.ipv6ExtensionHeaders, 'ipv6');
  assert.equal(diagram.rows, 16, '40 bytes of fixed header and 24 of extension headers');
  assert.deepEqual(boxes(diagram, [10, 15]), [
    '10:0+8 ipv6.hopopts.nxt',
    '10:8+8 ipv6.hopopts.len',
    '10:16+2 ipv6.opt.type.action',
    '10:18+1 ipv6.opt.type.change',
    '10:19+5 ipv6.opt.type.rest',
    '10:24+8 ipv6.opt.length',
    '11:0+16 ipv6.opt.router_alert',
    '11:16+2 ipv6.opt.type.action',
    '11:18+1 ipv6.opt.type.change',
    '11:19+5 ipv6.opt.type.rest',
    '11:24+8 ipv6.opt.length',
    '12:0+8 ipv6.dstopts.nxt',
    '12:8+8 ipv6.dstopts.len',
    '12:16+2 ipv6.opt.type.action',
    '12:18+1 ipv6.opt.type.change',
    '12:19+5 ipv6.opt.type.rest',
    '12:24+8 ipv6.opt.length',
    '13:0+32 ipv6.opt.padn',
    '14:0+8 ipv6.fraghdr.nxt',
    '14:8+8 ipv6.fraghdr.reserved_octet',
    '14:16+13 ipv6.fraghdr.offset',
    '14:29+2 ipv6.fraghdr.reserved_bits',
    '14:31+1 ipv6.fraghdr.more',
    '15:0+32 ipv6.fraghdr.ident',
  ]);
  assertWellFormed(diagram, layer);
});

test('a field longer than 16 rows (a 1200-byte payload) is drawn as its first two rows, one row standing for the middle, and its last row', () => {
  const { layer, diagram } = diagramOf(DIAGRAM_FRAMES.udpLongPayload, 'data');
  assert.equal(layer.length, 1200);
  assert.deepEqual(boxes(diagram), ['0:0+32 data.data', '1:0+32 data.data', '2:0+32 data.data', '3:0+32 data.data']);
  assert.deepEqual(
    diagram.boxes.map((b) => [b.elidedBytes, b.continuesFromAbove, b.continuesBelow]),
    [
      [0, false, true],
      [0, true, true],
      [1188, true, true],
      [0, true, false],
    ],
  );
  assertWellFormed(diagram, layer);
});

test('on screen (520 px): each one-bit flag writes its own name upwards in a taller row, abbreviated only when it is long, never to one letter', () => {
  const { diagram } = diagramOf(DIAGRAM_FRAMES.dnsResponse, 'dns');
  const placed = placeDiagram(diagram, 520);
  const flags = placed.boxes.filter((p) => p.box.row === 0 && p.box.bitWidth === 1);
  assert.equal(flags.length, 8);
  for (const p of flags) {
    const full = p.box.label;
    assert.ok(p.labelVertical || (full.length === 1 && p.label === full), `${full} runs upwards (unless it is one letter, like Z)`);
    assert.ok(p.label === full || (p.label.endsWith('…') && full.startsWith(p.label.slice(0, -1)) && p.label.length >= 12), `${full} shown as "${p.label}"`);
    assert.equal(p.value, p.box.value, 'the bit itself is shown');
  }
  const rd = flags.find((p) => p.box.field!.name === 'dns.flags.recdesired')!;
  assert.equal(rd.label, rd.box.label, 'a name like "Recursion desired" is written whole');
  const plainRow = placed.boxes.find((p) => p.box.row === 1)!;
  assert.ok(flags[0].height > plainRow.height, 'the flags row is taller than a row of 16-bit fields');
  const id = placed.boxes.find((p) => p.box.field?.name === 'dns.id')!;
  assert.deepEqual([id.labelVertical, id.label], [false, id.box.label], 'a wide box writes across');
  assert.ok(placed.height > 0 && placed.width === 520);
});

test('on screen: a text line\'s characters fit their boxes, and the two-byte blank line writes its name and CR LF after itself, in the room the short line leaves', () => {
  const { diagram } = diagramOf(DIAGRAM_FRAMES.httpRequest, 'http');
  const placed = placeDiagram(diagram, 520);
  const requestLine = placed.boxes.filter((p) => p.box.row === 0);
  assert.deepEqual(
    requestLine.map((p) => p.value),
    requestLine.map((p) => p.box.value),
    'GET, the URI, the version, the spaces and the CR LF are shown whole',
  );
  const host = placed.boxes.find((p) => p.box.field?.name === 'http.host')!;
  assert.deepEqual([host.label, host.value, host.textAnchor], ['Host', 'Host: example.com\\r\\n', 'middle'], 'a header line is written inside its box');
  const blank = placed.boxes.find((p) => p.box.row === 4)!;
  assert.ok(blank.width < 48, 'the blank line is a narrow box');
  assert.deepEqual([blank.value, blank.textAnchor, blank.textX > blank.x + blank.width, blank.labelVertical], ['\\r\\n', 'start', true, false]);
  if (blank.box.label) assert.equal(blank.label, blank.box.label, 'its name written whole after it');
});

test("in the student's language each box names its field in that language, without the English the tree keeps beside it", async () => {
  const { installTranslation, useLanguage } = await import('../../electron/text/catalog.js');
  const { readTranslation } = await import('../../electron/text/translation-files.js');
  const polish = readTranslation('pl');
  installTranslation('pl', polish);
  useLanguage('pl');
  try {
    const { diagram } = diagramOf(DIAGRAM_FRAMES.httpRequest, 'tcp');
    const srcport = diagram.boxes.find((b) => b.field?.name === 'tcp.srcport');
    const tree = polish.get('field.tcp.srcport.label') ?? '';
    assert.match(tree, / \(Source Port\)$/, 'the Polish tree keeps Wireshark\'s English beside its label');
    assert.equal(srcport?.label, tree.replace(' (Source Port)', ''));
    assert.notEqual(srcport?.label, 'Source Port');
  } finally {
    useLanguage('en');
  }
  assert.equal(diagramOf(DIAGRAM_FRAMES.httpRequest, 'tcp').diagram.boxes.find((b) => b.field?.name === 'tcp.srcport')?.label, 'Source Port');
});
