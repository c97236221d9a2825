import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsDissector } from '../../electron/dissect/protocols/dns.js';
import { allFields, decodePayload, fieldNamed, PAYLOAD_OFFSET } from './application-dissector-harness.js';

const QUERY = '123401000001000000000000076578616d706c6503636f6d0000010001';
const RESPONSE =
  '123481800001000200000000076578616d706c6503636f6d0000010001' +
  'c00c00010001 0000012c 0004 5db8d822'.replace(/ /g, '') +
  'c00c001c0001 0000012c 0010 26062800022000010000000000000001'.replace(/ /g, '');

test('a DNS query is an application-layer message asking for a name', () => {
  const { layer, summary } = decodePayload(dnsDissector, QUERY);
  assert.equal(layer.osi, 7);
  assert.equal(layer.tcpip, 'application');
  assert.equal(layer.title, 'Domain Name System (query)');
  assert.equal(summary.info, 'Standard query 0x1234 A example.com');
  const name = fieldNamed(layer, 'dns.qry.name');
  assert.deepEqual([name.offset, name.length, name.show], [PAYLOAD_OFFSET + 12, 13, 'example.com']);
  assert.equal(fieldNamed(layer, 'dns.flags.recdesired').value, 1);
  assert.equal(fieldNamed(layer, 'dns.flags.recdesired').mask, 0x0100);
});

test('a response follows compression pointers and shows each answer with its address', () => {
  const { layer, summary } = decodePayload(dnsDissector, RESPONSE);
  assert.equal(summary.info, 'Standard query response 0x1234 A example.com A 93.184.216.34 AAAA 2606:2800:220:1::1');
  const names = allFields(layer.fields).filter((f) => f.name === 'dns.resp.name');
  // A pointer takes two bytes where it is written, whatever name it points at.
  assert.deepEqual(names.map((f) => [f.show, f.length]), [['example.com', 2], ['example.com', 2]]);
  assert.equal(fieldNamed(layer, 'dns.aaaa').offset, PAYLOAD_OFFSET + 12 + 17 + 16 + 12);
  assert.equal(layer.problems.length, 0);
});

test('an error reply says so in the info column', () => {
  const { summary } = decodePayload(dnsDissector, '222281830001000000000000046e6f7065076578616d706c650000010001');
  assert.equal(summary.info, 'Standard query response 0x2222 No such name A nope.example');
});

test('a compression loop is reported on the name, not followed forever', () => {
  const { layer, summary } = decodePayload(dnsDissector, '123481800001000100000000' + 'c00c00010001' + 'c00c000100010000012c00045db8d822');
  assert.match(layer.problems.map((p) => p.message).join('\n'), /compression loop/);
  // As tshark shows it.
  assert.equal(summary.info, 'Standard query response 0x1234 A <Name contains a pointer that loops> A 93.184.216.34');
});

test('a record whose data length runs off the end is flagged on that length', () => {
  const { layer } = decodePayload(dnsDissector, RESPONSE.slice(0, RESPONSE.length - 8));
  const lengths = allFields(layer.fields).filter((f) => f.name === 'dns.resp.len');
  assert.match(lengths.at(-1)!.problems![0].message, /Record data length 16 .* runs past the end/);
});

test('a message shorter than a DNS header is one clear problem', () => {
  const { layer } = decodePayload(dnsDissector, '1234');
  assert.match(layer.problems[0].message, /needs 12 bytes but only 2/);
});
