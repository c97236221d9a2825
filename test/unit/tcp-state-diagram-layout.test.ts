// RFC 9293's state diagram as the ladder's neighbour draws it: every state of the RFC has its box,
// every transition of its Figure 5 joins two boxes, and a segment lights the box each end is in and
// the transition it made that end take (CLOSED at the top before a connection, at the bottom after).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endState, layoutStateDiagram, nodeOf, STATE_EDGES, STATE_NODES, TCP_STATES, transitionOf } from '../../renderer/src/lib/tcp-state-diagram-layout.js';

test('every RFC 9293 state has a box, every transition joins two boxes, and no boxes overlap', () => {
  assert.deepEqual(new Set(STATE_NODES.map((n) => n.state)), new Set(TCP_STATES));
  const ids = new Set(STATE_NODES.map((n) => n.id));
  for (const e of STATE_EDGES) assert.ok(ids.has(e.from) && ids.has(e.to), `${e.from} → ${e.to}`);
  const g = layoutStateDiagram(640, 420);
  for (const a of g.nodes) {
    for (const b of g.nodes) {
      if (a !== b) assert.ok(Math.abs(a.x - b.x) >= 118 || Math.abs(a.y - b.y) >= 30, `${a.id} and ${b.id} overlap`);
    }
    assert.ok(a.x - 59 >= 0 && a.x + 59 <= 640 && a.y - 15 >= 0 && a.y + 15 <= 420, `${a.id} inside`);
  }
  assert.equal(g.edges.length, 20);
  assert.ok(g.edges.every((e) => /^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/.test(e.path)));
});

test('a segment lights each end\'s state and the transition it caused', () => {
  // The client's SYN-ACK arrival: SYN-SENT → ESTABLISHED, "rcv SYN,ACK / snd ACK".
  const client = endState('ESTABLISHED', 'SYN-SENT');
  assert.equal(nodeOf(client), 'established');
  assert.deepEqual(transitionOf(client), { from: 'syn-sent', to: 'established', event: 'rcv SYN,ACK', action: 'snd ACK' });
  // The passive closer's last ACK: LAST-ACK → CLOSED at the bottom.
  const server = endState('CLOSED', 'LAST-ACK');
  assert.equal(nodeOf(server), 'closed-end');
  assert.equal(transitionOf(server)?.event, 'rcv ACK of FIN');
  // An end whose state did not change lights its box and no transition.
  assert.deepEqual([nodeOf(endState('ESTABLISHED', undefined)), transitionOf(endState('ESTABLISHED', undefined))], ['established', null]);
  // Before a connection CLOSED is the top box; a reset from ESTABLISHED ends at the bottom with no RFC edge.
  assert.equal(nodeOf(endState('CLOSED', undefined)), 'closed');
  assert.deepEqual([nodeOf(endState('CLOSED', 'ESTABLISHED')), transitionOf(endState('CLOSED', 'ESTABLISHED'))], ['closed-end', null]);
  // UNKNOWN (a capture joined mid-connection) lights nothing.
  assert.equal(nodeOf(endState('UNKNOWN', undefined)), null);
});
