// How the Conversations and Endpoints tables sort: by any column either way, totals and bits per
// second computed as shown, addresses by their parts (10.0.0.9 before 10.0.0.10), ports as
// numbers, equal rows kept in the order tshark lists them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bitsPerSecond, sortConversations, sortEndpoints } from '../../electron/service/table-sorting.js';
import type { ConversationRow, EndpointRow } from '../../electron/service/contract.js';

const row = (a: string, framesAtoB: number, bytesAtoB: number, framesBtoA: number, bytesBtoA: number, start: number, duration: number): ConversationRow => ({
  type: 'ip', a, b: '192.0.2.1', framesAtoB, bytesAtoB, framesBtoA, bytesBtoA, start, duration,
});
const ROWS = [row('10.0.0.10', 5, 500, 1, 60, 0.5, 2), row('10.0.0.9', 2, 900, 2, 100, 0.1, 0), row('10.0.0.200', 1, 60, 9, 9000, 0.3, 1), row('10.0.1.1', 5, 500, 0, 0, 0.2, 4)];
const order = (rows: ConversationRow[]) => rows.map((r) => r.a);

test('conversations sort by address as its numbers read, either way', () => {
  assert.deepEqual(order(sortConversations(ROWS, 'a', false)), ['10.0.0.9', '10.0.0.10', '10.0.0.200', '10.0.1.1']);
  assert.deepEqual(order(sortConversations(ROWS, 'a', true)), ['10.0.1.1', '10.0.0.200', '10.0.0.10', '10.0.0.9']);
});

test('conversations sort by packets and bytes one way and both ways together', () => {
  assert.deepEqual(order(sortConversations(ROWS, 'bytesAtoB', true)), ['10.0.0.9', '10.0.0.10', '10.0.1.1', '10.0.0.200']);
  assert.deepEqual(order(sortConversations(ROWS, 'bytes', true)), ['10.0.0.200', '10.0.0.9', '10.0.0.10', '10.0.1.1']);
  // 6, 4, 10, 5 packets in all.
  assert.deepEqual(order(sortConversations(ROWS, 'frames', false)), ['10.0.0.9', '10.0.1.1', '10.0.0.10', '10.0.0.200']);
});

test('equal values keep the order the rows came in (tshark\'s)', () => {
  // 10.0.0.10 and 10.0.1.1 both sent 5 packets: the first listed stays first, either way round.
  assert.deepEqual(order(sortConversations(ROWS, 'framesAtoB', true)).slice(0, 2), ['10.0.0.10', '10.0.1.1']);
  assert.deepEqual(order(sortConversations(ROWS, 'framesAtoB', false)).slice(2), ['10.0.0.10', '10.0.1.1']);
});

test('bits per second: bytes × 8 over the duration; a conversation of no duration has none and sorts lowest', () => {
  assert.equal(bitsPerSecond(500, 2), 2000);
  assert.equal(bitsPerSecond(900, 0), null);
  // 10.0.0.10: 2000, 10.0.0.9: none, 10.0.0.200: 480, 10.0.1.1: 1000 bits/s A → B.
  assert.deepEqual(order(sortConversations(ROWS, 'bpsAtoB', true)), ['10.0.0.10', '10.0.1.1', '10.0.0.200', '10.0.0.9']);
  assert.deepEqual(order(sortConversations(ROWS, 'start', false)), ['10.0.0.9', '10.0.1.1', '10.0.0.200', '10.0.0.10']);
});

test('endpoints sort by address, by port as a number, and by packets sent and received together', () => {
  const e = (address: string, port: string, tx: number, rx: number): EndpointRow => ({ type: 'tcp', address, port, txPackets: tx, txBytes: tx * 100, rxPackets: rx, rxBytes: rx * 10 });
  const rows = [e('2001:db8::2', '443', 1, 1), e('2001:db8::10', '80', 3, 0), e('2001:db8::1', '8080', 0, 2)];
  assert.deepEqual(sortEndpoints(rows, 'address', false).map((r) => r.address), ['2001:db8::1', '2001:db8::2', '2001:db8::10']);
  assert.deepEqual(sortEndpoints(rows, 'port', false).map((r) => r.port), ['80', '443', '8080']);
  assert.deepEqual(sortEndpoints(rows, 'packets', true).map((r) => r.port), ['80', '443', '8080']);
  assert.deepEqual(sortEndpoints(rows, 'rxBytes', true).map((r) => r.port), ['8080', '443', '80']);
});
