// The sender's and receiver's reading of the stack: one numbered sentence per OSI layer, built
// from this packet's own fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNarrative } from '../../renderer/src/lib/layer-narrative.js';
import { FRAMES, dissectHex } from './renderer-fixtures/crafted-frames.js';

test('a TCP SYN, receiver\'s view: physical first, the transport sentence says what the SYN asks', () => {
  const steps = buildNarrative(dissectHex(FRAMES.tcpSyn).layers, 'receiver');
  assert.deepEqual(steps.map((s) => `${s.step}:${s.osi}`), ['1:1', '2:2', '3:3', '4:4', '5:5', '6:6', '7:7']);
  const transport = steps.find((s) => s.osi === 4)!.sentence;
  assert.match(transport, /^Transport: TCP from port 40000 to port 80; SYN asks to open a connection; the client proposes MSS 1460/);
  assert.match(transport, /window scale ×128/);
  assert.match(steps.find((s) => s.osi === 3)!.sentence, /^Network: IPv4 from 10\.0\.0\.1 to 10\.0\.0\.2; TTL 64 .*it carries TCP; Don't Fragment is set/);
  assert.match(steps.find((s) => s.osi === 2)!.sentence, /^Data link: Ethernet frame from 02:00:00:00:00:01 to 02:00:00:00:00:02; type 0x0800 says IPv4 comes next/);
  assert.match(steps.find((s) => s.osi === 1)!.sentence, /^Physical: 74 bytes \(592 bits\)/);
  const presentation = steps.find((s) => s.osi === 6)!;
  assert.equal(presentation.empty, true);
  assert.match(presentation.sentence, /^Presentation: nothing in this packet/);
});

test('the sender\'s view reads the same layers top-down', () => {
  const layers = dissectHex(FRAMES.tcpSyn).layers;
  const sender = buildNarrative(layers, 'sender');
  const receiver = buildNarrative(layers, 'receiver');
  assert.deepEqual(sender.map((s) => s.osi), [7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(sender.map((s) => s.sentence), [...receiver].reverse().map((s) => s.sentence));
  assert.equal(sender[0].step, 1);
});

test('ARP: the broadcast and the question it asks; no transport layer', () => {
  const steps = buildNarrative(dissectHex(FRAMES.arpRequest).layers, 'receiver');
  const link = steps.find((s) => s.osi === 2)!.sentence;
  assert.match(link, /to everyone on the link \(broadcast\)/);
  assert.match(link, /ARP request: who has 10\.0\.0\.2\? Tell 10\.0\.0\.1/);
  assert.match(steps.find((s) => s.osi === 4)!.sentence, /^Transport: nothing in this packet/);
});

test('UDP and its payload; ping', () => {
  const udp = buildNarrative(dissectHex(FRAMES.udp).layers, 'receiver');
  assert.match(udp.find((s) => s.osi === 4)!.sentence, /^Transport: UDP from port 1234 to port 4321; 5 bytes of payload/);
  assert.match(udp.find((s) => s.osi === 7)!.sentence, /^Application: 5 bytes of application data/);
  const ping = buildNarrative(dissectHex(FRAMES.icmpEcho).layers, 'receiver');
  assert.match(ping.find((s) => s.osi === 3)!.sentence, /; then ICMP echo request \(a ping\); sequence 1/);
});
