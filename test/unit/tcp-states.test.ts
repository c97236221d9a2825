// Each endpoint's TCP state (RFC 9293 §3.3.2) as inferred from the segments of a capture: every
// transition of the state diagram, simultaneous open and close, resets, a handshake that never
// completes, retransmitted SYNs and FINs, and a capture that starts mid-connection.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statesBeforeTcpSegment, stepTcpStates, TCP_STATE_NAMES, TcpEndpoint } from '../../electron/analysis/tcp-states.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import type { Field, Layer } from '../../electron/dissect/field-model.js';
import { dissect, layer, tcpFrame } from './tcp-frame-builder.js';

const SYN = 0x002, ACK = 0x010, PSH = 0x008, FIN = 0x001, RST = 0x004;

/** The show of the layer's field `name`, undefined when it has none. */
function show(l: Layer, name: string): string | undefined {
  const find = (fields: Field[]): Field | undefined => {
    for (const f of fields) {
      if (f.name === name) return f;
      const inner = find(f.children);
      if (inner) return inner;
    }
    return undefined;
  };
  return find(l.fields)?.show;
}

type Side = 'c' | 's';
/** A segment: who sends it, flags, seq, ack, payload length. */
type Seg = [Side, number, number, number, number?];

/** Feeds the segments to a client and a server; per segment "sender state / receiver state". */
function run(segments: Seg[]): string[] {
  const c = new TcpEndpoint();
  const s = new TcpEndpoint();
  return segments.map(([from, flags, seq, ack, length]) => {
    const [src, dst] = from === 'c' ? [c, s] : [s, c];
    statesBeforeTcpSegment(src, dst, flags);
    stepTcpStates(src, dst, seq, ack, flags, length ?? 0);
    return `${TCP_STATE_NAMES[src.state]} / ${TCP_STATE_NAMES[dst.state]}`;
  });
}

const HANDSHAKE: Seg[] = [
  ['c', SYN, 100, 0],
  ['s', SYN | ACK, 500, 101],
  ['c', ACK, 101, 501],
];

test('three-way handshake: SYN-SENT and SYN-RECEIVED, then ESTABLISHED on each side as its SYN is acknowledged', () => {
  assert.deepEqual(run(HANDSHAKE), ['SYN-SENT / SYN-RECEIVED', 'SYN-RECEIVED / ESTABLISHED', 'ESTABLISHED / ESTABLISHED']);
});

test('before a SYN, the client is CLOSED and the server in LISTEN', () => {
  const c = new TcpEndpoint();
  const s = new TcpEndpoint();
  statesBeforeTcpSegment(c, s, SYN);
  assert.deepEqual([TCP_STATE_NAMES[c.state], TCP_STATE_NAMES[s.state]], ['CLOSED', 'LISTEN']);
});

test('a retransmitted SYN leaves the client in SYN-SENT', () => {
  assert.deepEqual(run([['c', SYN, 100, 0], ['c', SYN, 100, 0]]), ['SYN-SENT / SYN-RECEIVED', 'SYN-SENT / SYN-RECEIVED']);
});

test('a handshake that never completes: the server stays in SYN-RECEIVED without the last ACK', () => {
  assert.deepEqual(run(HANDSHAKE.slice(0, 2)), ['SYN-SENT / SYN-RECEIVED', 'SYN-RECEIVED / ESTABLISHED']);
  // An ACK that does not acknowledge the server's SYN changes nothing.
  assert.deepEqual(run([...HANDSHAKE.slice(0, 2), ['c', ACK, 101, 500]]).at(-1), 'ESTABLISHED / SYN-RECEIVED');
});

test('a SYN answered by RST (nothing listening): both CLOSED', () => {
  assert.deepEqual(run([['c', SYN, 100, 0], ['s', RST | ACK, 0, 101]]), ['SYN-SENT / SYN-RECEIVED', 'CLOSED / CLOSED']);
});

test('simultaneous open: both SYNs cross, both sides pass through SYN-RECEIVED to ESTABLISHED', () => {
  assert.deepEqual(run([
    ['c', SYN, 100, 0],
    ['s', SYN, 500, 0],
    ['c', SYN | ACK, 100, 501],
    ['s', SYN | ACK, 500, 101],
  ]), ['SYN-SENT / SYN-RECEIVED', 'SYN-RECEIVED / SYN-RECEIVED', 'SYN-RECEIVED / ESTABLISHED', 'ESTABLISHED / ESTABLISHED']);
});

test('a SYN-ACK to a SYN the capture missed: the client is ESTABLISHED', () => {
  assert.deepEqual(run([['s', SYN | ACK, 500, 101]]), ['SYN-RECEIVED / ESTABLISHED']);
});

test('the client closes first: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; the server CLOSE-WAIT, LAST-ACK, CLOSED', () => {
  assert.deepEqual(run([
    ...HANDSHAKE,
    ['c', FIN | ACK, 101, 501],
    ['s', ACK, 501, 102],
    ['s', PSH | ACK, 501, 102, 10],
    ['s', FIN | ACK, 511, 102],
    ['c', ACK, 102, 512],
  ]).slice(3), [
    'FIN-WAIT-1 / CLOSE-WAIT',
    'CLOSE-WAIT / FIN-WAIT-2',
    'CLOSE-WAIT / FIN-WAIT-2',
    'LAST-ACK / TIME-WAIT',
    'TIME-WAIT / CLOSED',
  ]);
});

test('a FIN that also acknowledges the other FIN takes FIN-WAIT-1 straight to TIME-WAIT', () => {
  assert.deepEqual(run([...HANDSHAKE, ['c', FIN | ACK, 101, 501], ['s', FIN | ACK, 501, 102], ['c', ACK, 102, 502]]).slice(3), [
    'FIN-WAIT-1 / CLOSE-WAIT',
    'LAST-ACK / TIME-WAIT',
    'TIME-WAIT / CLOSED',
  ]);
});

test('a FIN whose sender skipped the handshake\'s last ACK: the server goes from SYN-RECEIVED to ESTABLISHED (the FIN acknowledges its SYN) and on to CLOSE-WAIT', () => {
  assert.deepEqual(run([...HANDSHAKE.slice(0, 2), ['c', FIN | ACK, 101, 501]]).at(-1), 'FIN-WAIT-1 / CLOSE-WAIT');
  // Without an acknowledgment, straight from SYN-RECEIVED.
  assert.deepEqual(run([...HANDSHAKE.slice(0, 2), ['c', FIN, 101, 0]]).at(-1), 'FIN-WAIT-1 / CLOSE-WAIT');
});

test('a retransmitted FIN changes neither side', () => {
  assert.deepEqual(run([...HANDSHAKE, ['c', FIN | ACK, 101, 501], ['c', FIN | ACK, 101, 501]]).slice(3), ['FIN-WAIT-1 / CLOSE-WAIT', 'FIN-WAIT-1 / CLOSE-WAIT']);
  assert.deepEqual(run([...HANDSHAKE, ['c', FIN | ACK, 101, 501], ['s', FIN | ACK, 501, 102], ['s', FIN | ACK, 501, 102]]).slice(3), [
    'FIN-WAIT-1 / CLOSE-WAIT',
    'LAST-ACK / TIME-WAIT',
    'LAST-ACK / TIME-WAIT',
  ]);
});

test('simultaneous close: both FINs cross, both sides go through CLOSING to TIME-WAIT', () => {
  assert.deepEqual(run([
    ...HANDSHAKE,
    ['c', FIN | ACK, 101, 501],
    // The server's FIN does not acknowledge the client's: it was sent before that arrived.
    ['s', FIN | ACK, 501, 101],
    ['c', ACK, 102, 502],
    ['s', ACK, 502, 102],
  ]).slice(3), ['FIN-WAIT-1 / CLOSE-WAIT', 'CLOSING / CLOSING', 'CLOSING / TIME-WAIT', 'TIME-WAIT / TIME-WAIT']);
});

test('a reset in an established connection closes both sides', () => {
  assert.deepEqual(run([...HANDSHAKE, ['s', RST, 501, 0]]).at(-1), 'CLOSED / CLOSED');
  assert.deepEqual(run([...HANDSHAKE, ['c', FIN | ACK, 101, 501], ['c', RST | ACK, 102, 501]]).at(-1), 'CLOSED / CLOSED');
});

test('a capture that starts mid-connection: UNKNOWN until segments both ways show it ESTABLISHED', () => {
  assert.deepEqual(run([
    ['c', PSH | ACK, 1000, 2000, 50],
    ['c', PSH | ACK, 1050, 2000, 50],
    ['s', ACK, 2000, 1100],
  ]), ['UNKNOWN / UNKNOWN', 'UNKNOWN / UNKNOWN', 'ESTABLISHED / ESTABLISHED']);
});

test('a capture that starts mid-connection and sees only a close learns the states from the FINs', () => {
  assert.deepEqual(run([
    ['s', FIN | ACK, 2000, 1000],
    ['c', ACK, 1000, 2001],
    ['c', FIN | ACK, 1000, 2001],
    ['s', ACK, 2001, 1001],
  ]), ['FIN-WAIT-1 / CLOSE-WAIT', 'CLOSE-WAIT / FIN-WAIT-2', 'LAST-ACK / TIME-WAIT', 'TIME-WAIT / CLOSED']);
});

test('the states are fields of every TCP packet, with the state before when a segment changed it, and survive a second decoding', () => {
  const state = new DissectState();
  const C = { src: '192.0.2.1', dst: '198.51.100.2', sport: 40000, dport: 80 };
  const S = { src: '198.51.100.2', dst: '192.0.2.1', sport: 80, dport: 40000 };
  const frames = [
    tcpFrame({ ...C, flags: SYN, seq: 100 }),
    tcpFrame({ ...S, flags: SYN | ACK, seq: 500, ack: 101 }),
    tcpFrame({ ...C, flags: ACK, seq: 101, ack: 501 }),
    tcpFrame({ ...C, flags: FIN | ACK, seq: 101, ack: 501 }),
  ];
  const states = (n: number, detail: boolean) => {
    const tcp = layer(dissect(frames[n - 1], state, n, detail), 'tcp');
    return [show(tcp, 'tcp.state.src'), show(tcp, 'tcp.state.src_previous'), show(tcp, 'tcp.state.dst'), show(tcp, 'tcp.state.dst_previous')];
  };
  // The service first lists the whole capture (summary mode: no fields)...
  for (const n of [1, 2, 3, 4]) dissect(frames[n - 1], state, n, false);
  const first = [
    ['SYN-SENT', 'CLOSED', 'SYN-RECEIVED', 'LISTEN'],
    ['SYN-RECEIVED', undefined, 'ESTABLISHED', 'SYN-SENT'],
    ['ESTABLISHED', undefined, 'ESTABLISHED', 'SYN-RECEIVED'],
    ['FIN-WAIT-1', 'ESTABLISHED', 'CLOSE-WAIT', 'ESTABLISHED'],
  ];
  for (const n of [4, 1, 3, 2]) assert.deepEqual(states(n, true), first[n - 1], `packet ${n}`);
});
