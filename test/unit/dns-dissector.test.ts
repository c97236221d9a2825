import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dns } from '../../electron/dissect/protocols/dns.js';
import { dissectFrame } from '../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { findField, type DissectedPacket } from '../../electron/dissect/field-model.js';
import { allFields, decodePayload, fieldNamed, PAYLOAD_OFFSET, treeLines } from './application-dissector-harness.js';
import { hexBytes } from './dissection-invariants.js';

const QUERY = '2b7e01000001000000000000076578616d706c6503636f6d0000010001';
const RESPONSE =
  '123481800001000200000000076578616d706c6503636f6d0000010001' +
  'c00c00010001 0000012c 0004 5db8d822'.replace(/ /g, '') +
  'c00c001c0001 0000012c 0010 26062800022000010000000000000001'.replace(/ /g, '');
/** An authoritative answer through an alias, its names compressed, with EDNS (DNSSEC wanted). */
const ALIAS_RESPONSE =
  '2b7e85800001000200000001' +
  '03777777076578616d706c6503636f6d0000010001' +
  'c00c0005000100000e100002c010' +
  'c01000010001000151800004c0000222' +
  '00002904d0000080000000';

const codes = (layer: { problems: { code: string }[] }) => layer.problems.map((p) => p.code);

test('a DNS query is an application-layer message asking for a name', () => {
  const { layer, summary } = decodePayload(dns, QUERY);
  assert.equal(layer.osi, 7);
  assert.equal(layer.tcpip, 'application');
  assert.equal(layer.title, 'Domain Name System (query)');
  assert.equal(summary.info, 'Standard query 0x2b7e A example.com');
  const name = fieldNamed(layer, 'dns.qry.name');
  assert.deepEqual([name.offset, name.length, name.show], [PAYLOAD_OFFSET + 12, 13, 'example.com']);
  assert.equal(fieldNamed(layer, 'dns.flags').showname, 'Flags: 0x0100 Standard query');
  assert.equal(fieldNamed(layer, 'dns.flags.recdesired').showname, '.... ...1 .... .... = Recursion desired: Do query recursively');
  assert.equal(fieldNamed(layer, 'dns.flags.recdesired').mask, 0x0100);
  assert.deepEqual(codes(layer), []);
});

test('a response shows Wireshark\'s tree: flags as named bits, sections, records with their data', () => {
  const { layer, summary } = decodePayload(dns, ALIAS_RESPONSE);
  assert.equal(summary.info, 'Standard query response 0x2b7e A www.example.com CNAME example.com A 192.0.2.34 OPT');
  assert.deepEqual(treeLines(layer), [
    'Transaction ID: 0x2b7e',
    'Flags: 0x8580 Standard query response, No error',
    '  1... .... .... .... = Response: Message is a response',
    '  .000 0... .... .... = Opcode: Standard query (0)',
    '  .... .1.. .... .... = Authoritative: Server is an authority for domain',
    '  .... ..0. .... .... = Truncated: Message is not truncated',
    '  .... ...1 .... .... = Recursion desired: Do query recursively',
    '  .... .... 1... .... = Recursion available: Server can do recursive queries',
    '  .... .... .0.. .... = Z: reserved (0)',
    '  .... .... ..0. .... = Answer authenticated: Answer/authority portion was not authenticated by the server',
    '  .... .... ...0 .... = Non-authenticated data: Unacceptable',
    '  .... .... .... 0000 = Reply code: No error (0)',
    'Questions: 1',
    'Answer RRs: 2',
    'Authority RRs: 0',
    'Additional RRs: 1',
    'Queries',
    '  www.example.com: type A, class IN',
    '    Name: www.example.com',
    '    [Name Length: 15]',
    '    [Label Count: 3]',
    '    Type: A (Host Address) (1)',
    '    Class: IN (0x0001)',
    'Answers',
    '  www.example.com: type CNAME, class IN, cname example.com',
    '    Name: www.example.com',
    '    Type: CNAME (Canonical NAME for an alias) (5)',
    '    Class: IN (0x0001)',
    '    Time to live: 3600 (1 hour)',
    '    Data length: 2',
    '    CNAME: example.com',
    '  example.com: type A, class IN, addr 192.0.2.34',
    '    Name: example.com',
    '    Type: A (Host Address) (1)',
    '    Class: IN (0x0001)',
    '    Time to live: 86400 (1 day)',
    '    Data length: 4',
    '    Address: 192.0.2.34',
    'Additional records',
    '  <Root>: type OPT',
    '    Name: <Root>',
    '    Type: OPT (41)',
    '    UDP payload size: 1232',
    '    Higher bits in extended RCODE: 0x00',
    '    EDNS0 version: 0',
    '    Z: 0x8000',
    '      1... .... .... .... = DO bit: Accepts DNSSEC security RRs',
    '      .000 0000 0000 0000 = Reserved: 0x0000',
    '    Data length: 0',
  ]);
  // Every byte of the message belongs to a field of DNS.
  assert.deepEqual([layer.offset, layer.length], [PAYLOAD_OFFSET, ALIAS_RESPONSE.length / 2]);
});

test('a response follows compression pointers and shows each answer with its address', () => {
  const { layer, summary } = decodePayload(dns, RESPONSE);
  assert.equal(summary.info, 'Standard query response 0x1234 A example.com A 93.184.216.34 AAAA 2606:2800:220:1::1');
  const names = allFields(layer.fields).filter((f) => f.name === 'dns.resp.name');
  // A pointer takes two bytes where it is written, whatever name it points at.
  assert.deepEqual(names.map((f) => [f.show, f.length]), [['example.com', 2], ['example.com', 2]]);
  assert.equal(fieldNamed(layer, 'dns.aaaa').offset, PAYLOAD_OFFSET + 12 + 17 + 16 + 12);
  assert.deepEqual(codes(layer), []);
});

test('the narrative asks the question in words, and says what the answer was', () => {
  const query = dissectUdp([{ dns: QUERY, fromServer: false }])[0];
  assert.equal(query.layers.at(-1)!.narrative, 'DNS query: what is the IPv4 address (A) of example.com?; the client asks the server to find the answer for it (recursion desired)');
  const [, answered] = dissectUdp([
    { dns: '123401000001000000000000076578616d706c6503636f6d0000010001', fromServer: false },
    { dns: RESPONSE, fromServer: true, afterNanos: 18_823_000 },
  ]);
  assert.equal(answered.layers.at(-1)!.narrative, 'DNS response: example.com is 93.184.216.34, 2606:2800:220:1::1 (2 answers); the server answers from elsewhere or its cache (not authoritative); answers the query in packet 1 after 18.823 ms');
});

test('a response names the query it answers and how long the answer took; repeats are retransmissions', () => {
  const ask = '777701000001000000000000076578616d706c6503636f6d0000010001';
  const answer = '777781800001000100000000076578616d706c6503636f6d0000010001c00c000100010000012c00045db8d822';
  const packets = dissectUdp([
    { dns: ask, fromServer: false },
    { dns: ask, fromServer: false, afterNanos: 200_000_000 },
    { dns: answer, fromServer: true, afterNanos: 250_000_000 },
    { dns: answer, fromServer: true, afterNanos: 1_000 },
  ]);
  const line = (p: DissectedPacket, name: string) => findField(p.layers.at(-1)!.fields, name)?.showname;
  assert.equal(line(packets[1], 'dns.retransmit_request_in'), 'Retransmitted request. Original request in: 1');
  assert.deepEqual(codes(packets[1].layers.at(-1)!), ['dns.retransmitted_query']);
  assert.equal(line(packets[2], 'dns.response_to'), 'Request In: 1');
  // From the first query, exactly: 0.2 s + 0.25 s.
  assert.equal(line(packets[2], 'dns.time'), 'Time: 0.450000000 seconds');
  assert.equal(line(packets[3], 'dns.retransmit_response_in'), 'Retransmitted response. Original response in: 3');
  assert.deepEqual(codes(packets[3].layers.at(-1)!), ['dns.retransmitted_response']);
  // An answer to nothing asked.
  const lone = dissectUdp([{ dns: answer, fromServer: true }])[0];
  assert.equal(line(lone, 'dns.unsolicited'), 'Unsolicited: True');
});

test('decoding the packets again (the list first, then one packet\'s details) keeps the same matches', () => {
  const ask = '777701000001000000000000076578616d706c6503636f6d0000010001';
  const answer = '777781800001000100000000076578616d706c6503636f6d0000010001c00c000100010000012c00045db8d822';
  const state = new DissectState();
  dissectUdp([{ dns: ask, fromServer: false }, { dns: answer, fromServer: true, afterNanos: 5_000_000 }], state);
  const [query, response] = dissectUdp([{ dns: ask, fromServer: false }, { dns: answer, fromServer: true, afterNanos: 5_000_000 }], state);
  // The second pass knows the answer that came later, as Wireshark's second pass does.
  assert.equal(findField(query.layers.at(-1)!.fields, 'dns.response_in')?.showname, 'Response In: 2');
  assert.equal(findField(response.layers.at(-1)!.fields, 'dns.response_to')?.showname, 'Request In: 1');
  assert.equal(findField(response.layers.at(-1)!.fields, 'dns.retransmit_response_in'), undefined);
});

test('an error reply says so in the info column and the narrative', () => {
  const { summary } = decodePayload(dns, '222281830001000000000000046e6f7065076578616d706c650000010001');
  assert.equal(summary.info, 'Standard query response 0x2222 No such name A nope.example');
  const [packet] = dissectUdp([{ dns: '222281830001000000000000046e6f7065076578616d706c650000010001', fromServer: true }]);
  assert.match(packet.layers.at(-1)!.narrative!, /^DNS response: nope\.example does not exist \(No such name\)/);
});

test('names show control bytes escaped and other bytes as UTF-8, as tshark does', () => {
  const { layer, summary } = decodePayload(dns, 'a00201000001000000000000' + '03612062' + '03782e79' + '0441420166' + '0201ff' + '00' + '00010001');
  assert.equal(fieldNamed(layer, 'dns.qry.name').show, 'a b.x.y.AB\\001f.\\001\ufffd');
  assert.equal(fieldNamed(layer, 'dns.qry.name.len').show, '15');
  assert.equal(fieldNamed(layer, 'dns.count.labels').show, '5');
  assert.equal(summary.info, 'Standard query 0xa002 A a b.x.y.AB\\001f.\\001\ufffd');
});

test('a compression loop is reported on the name, not followed forever', () => {
  const { layer, summary } = decodePayload(dns, '123481800001000100000000' + 'c00c00010001' + 'c00c000100010000012c00045db8d822');
  assert.ok(fieldNamed(layer, 'dns.qry.name').problems!.some((p) => p.code === 'dns.name_loop'));
  // As tshark shows it.
  assert.equal(summary.info, 'Standard query response 0x1234 A <Name contains a pointer that loops> A 93.184.216.34');
});

test('a record whose data length runs off the end is flagged on that length, and its bytes stay DNS\'s', () => {
  const cut = RESPONSE.slice(0, RESPONSE.length - 8);
  const { layer } = decodePayload(dns, cut);
  const lengths = allFields(layer.fields).filter((f) => f.name === 'dns.resp.len');
  assert.deepEqual(lengths.at(-1)!.problems!.map((p) => p.code), ['dns.rdata_past_end']);
  assert.equal(layer.length, cut.length / 2);
});

test('a message shorter than a DNS header is one clear problem', () => {
  const { layer } = decodePayload(dns, '1234');
  assert.deepEqual(codes(layer), ['dns.header_short']);
  assert.deepEqual(layer.problems[0].params, { length: 2, offset: PAYLOAD_OFFSET });
});

test('a message cut by the snap length says which part was lost, and keeps what was captured as DNS', () => {
  // The capture kept the question and 3 bytes of the answer's name.
  const captured = RESPONSE.slice(0, (12 + 17 + 3) * 2);
  const { layer } = decodePayload(dns, captured, { onTheWire: RESPONSE.length / 2 });
  assert.equal(layer.length, captured.length / 2);
  assert.deepEqual(codes(layer), ['packet.cut_by_snaplen']);
  assert.equal(layer.problems[0].field, 'dns.answer');
  // Cut inside the header: the first field missing is named.
  const header = decodePayload(dns, QUERY.slice(0, 10), { onTheWire: QUERY.length / 2 }).layer;
  assert.deepEqual(header.problems.map((p) => [p.code, p.field]), [['packet.cut_by_snaplen', 'dns.count.queries']]);
});

test('bytes after the last record stay DNS\'s, shown as extraneous data', () => {
  const { layer } = decodePayload(dns, 'a00981800000000100000000016100000100010000003c000401020304dead');
  assert.equal(fieldNamed(layer, 'dns.extraneous.data').showname, 'Extraneous Data Bytes: dead');
  assert.deepEqual(codes(layer), ['dns.extraneous']);
});

interface UdpMessage {
  dns: string;
  fromServer: boolean;
  /** Time since the message before. */
  afterNanos?: number;
}

/** Decodes DNS messages between 192.0.2.10:40000 and 198.51.100.53:53 as one capture, in detail. */
function dissectUdp(messages: UdpMessage[], state = new DissectState()): DissectedPacket[] {
  let nanos = 0;
  return messages.map((m, i) => {
    nanos += m.afterNanos ?? 0;
    const body = hexBytes(m.dns);
    const client = [192, 0, 2, 10];
    const server = [198, 51, 100, 53];
    const [src, dst, sport, dport] = m.fromServer ? [server, client, 53, 40000] : [client, server, 40000, 53];
    const ipLength = 20 + 8 + body.length;
    const data = Uint8Array.from([
      2, 0, 0, 0, 0, 0x0b, 2, 0, 0, 0, 0, 0x0a, 0x08, 0x00,
      0x45, 0, ipLength >> 8, ipLength & 0xff, 0, 1, 0, 0, 64, 17, 0, 0, ...src, ...dst,
      sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, (8 + body.length) >> 8, (8 + body.length) & 0xff, 0, 0,
      ...body,
    ]);
    const seconds = 1_700_000_000 + Math.floor(nanos / 1e9);
    return dissectFrame({ number: i + 1, linkType: 1, data, originalLength: data.length, seconds, nanos: nanos % 1e9, relativeTime: nanos / 1e9, interfaceId: 0 }, { detail: true, state });
  });
}
