// The ladder diagram's geometry on data: arrows go down the page in stream order and point from
// sender to receiver; a side's state is written only where it changes (on the sender's timeline
// where the arrow leaves, on the receiver's where it arrives); handshake and teardown are
// bracketed over their rows; only rows in view are placed. And the handshake and teardown found
// from the flags the conversation index keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEADER_HEIGHT, ROW_HEIGHT, contentHeight, layoutLadder, scrollToShow, visibleRows, type LadderRowInput } from '../../renderer/src/lib/ladder-layout.js';
import { connectionPhases } from '../../electron/analysis/conversation-index.js';
import type { LadderPacket } from '../../electron/service/contract.js';

/** A textbook connection: handshake, one request and its answer, A closes first. */
function packet(number: number, direction: 'AtoB' | 'BtoA', flags: string, seq: number, ack: number | undefined, len: number, sender?: string, receiver?: string, marks: string[] = []): LadderPacket {
  const p: LadderPacket = { number, time: (number - 1) / 100, direction, flags, seq, len, marks };
  if (ack !== undefined) p.ack = ack;
  if (sender) p.senderState = sender;
  if (receiver) p.receiverState = receiver;
  return p;
}

const CONNECTION: LadderPacket[] = [
  packet(1, 'AtoB', 'SYN', 0, undefined, 0, 'SYN-SENT', 'LISTEN'),
  packet(2, 'BtoA', 'SYN, ACK', 0, 1, 0, 'SYN-RECEIVED', 'SYN-SENT'),
  packet(3, 'AtoB', 'ACK', 1, 1, 0, 'ESTABLISHED', 'ESTABLISHED'),
  packet(4, 'AtoB', 'PSH, ACK', 1, 1, 87, 'ESTABLISHED', 'ESTABLISHED'),
  packet(5, 'BtoA', 'PSH, ACK', 1, 88, 158, 'ESTABLISHED', 'ESTABLISHED', ['retransmission']),
  packet(6, 'AtoB', 'FIN, ACK', 88, 159, 0, 'FIN-WAIT-1', 'CLOSE-WAIT'),
  packet(7, 'BtoA', 'FIN, ACK', 159, 89, 0, 'LAST-ACK', 'TIME-WAIT'),
  packet(8, 'AtoB', 'ACK', 89, 160, 0, 'TIME-WAIT', 'CLOSED'),
];

const rowsOf = (packets: LadderPacket[], from = 0): LadderRowInput[] => packets.map((p, i) => ({ index: from + i, packet: p }));

const base = { total: CONNECTION.length, width: 600, height: 500, scrollTop: 0, handshake: { first: 0, last: 2 }, teardown: { first: 5, last: 7 } };

test('arrows go down in stream order, one row each, from the sender\'s timeline to the receiver\'s', () => {
  const layout = layoutLadder({ ...base, rows: rowsOf(CONNECTION) });
  assert.equal(layout.arrows.length, 8);
  assert.ok(layout.laneA < layout.laneB);
  layout.arrows.forEach((arrow, i) => {
    assert.equal(arrow.number, i + 1);
    assert.equal(arrow.rowY, HEADER_HEIGHT + i * ROW_HEIGHT, `row ${i} starts below the header, one row per packet`);
    // It takes time to arrive: the arrow slopes down to its receiver.
    assert.ok(arrow.y2 > arrow.y1);
    assert.ok(arrow.y1 >= arrow.rowY && arrow.y2 <= arrow.rowY + ROW_HEIGHT);
    const fromA = CONNECTION[i].direction === 'AtoB';
    assert.deepEqual([arrow.x1, arrow.x2], fromA ? [layout.laneA, layout.laneB] : [layout.laneB, layout.laneA]);
    // The head is at the receiver's end.
    assert.ok(arrow.head.startsWith(`${arrow.x2},${arrow.y2} `), arrow.head);
  });
  assert.equal(layout.arrows[0].flags, 'SYN');
  assert.equal(layout.arrows[0].detail, 'Seq=0 Len=0');
  assert.equal(layout.arrows[1].detail, 'Seq=0 Ack=1 Len=0');
  assert.equal(layout.arrows[4].detail, 'Seq=1 Ack=88 Len=158');
  assert.deepEqual(layout.arrows[4].marks, ['Retransmission']);
  assert.deepEqual(layout.arrows[3].marks, []);
  assert.equal(layout.contentHeight, contentHeight(8));
});

test('a side\'s state is written only where it changes, where the arrow leaves the sender or reaches the receiver', () => {
  const layout = layoutLadder({ ...base, rows: rowsOf(CONNECTION) });
  const written = layout.states.map((s) => `${s.index} ${s.side} ${s.text}`);
  assert.deepEqual(written, [
    '0 a SYN-SENT',
    '0 b LISTEN',
    '1 b SYN-RECEIVED',
    '2 a ESTABLISHED',
    '2 b ESTABLISHED',
    '5 a FIN-WAIT-1',
    '5 b CLOSE-WAIT',
    '6 a TIME-WAIT',
    '6 b LAST-ACK',
    '7 b CLOSED',
  ]);
  const arrow = (i: number) => layout.arrows[i];
  for (const s of layout.states) {
    const a = arrow(s.index);
    const sender = (s.side === 'a') === (a.direction === 'AtoB');
    const at = sender ? a.y1 : a.y2;
    assert.ok(Math.abs(s.y + s.height / 2 - at) < 0.01, `${s.text} is centred where the arrow ${sender ? 'leaves' : 'arrives'}`);
    // Beside its own timeline, outside the arrows.
    if (s.side === 'a') assert.ok(s.x + s.width <= layout.laneA);
    else assert.ok(s.x >= layout.laneB);
  }
});

test('no state is written without states, and a window starts from the states before it', () => {
  const bare = CONNECTION.map(({ senderState: _s, receiverState: _r, ...rest }) => rest);
  assert.equal(layoutLadder({ ...base, rows: rowsOf(bare) }).states.length, 0);
  // Rows 3-4 (both ESTABLISHED) after a window whose last packet left both ESTABLISHED: nothing changes.
  const window = layoutLadder({ ...base, rows: rowsOf(CONNECTION.slice(3, 5), 3), before: { a: 'ESTABLISHED', b: 'ESTABLISHED' } });
  assert.deepEqual(window.states, []);
  // Without what came before, the first row in view says its states.
  const unknown = layoutLadder({ ...base, rows: rowsOf(CONNECTION.slice(3, 5), 3) });
  assert.deepEqual(unknown.states.map((s) => `${s.index} ${s.side} ${s.text}`), ['3 a ESTABLISHED', '3 b ESTABLISHED']);
});

test('the handshake and the teardown are bracketed over their rows and named', () => {
  const layout = layoutLadder({ ...base, rows: rowsOf(CONNECTION) });
  assert.deepEqual(layout.groups.map((g) => [g.kind, g.name]), [
    ['handshake', 'Three-way handshake'],
    ['teardown', 'Connection teardown'],
  ]);
  const [handshake, teardown] = layout.groups;
  const rows = layout.arrows;
  assert.ok(handshake.y1 >= rows[0].rowY && handshake.y1 < rows[0].y1, 'the handshake starts at the SYN');
  assert.ok(handshake.y2 > rows[2].y2 && handshake.y2 <= rows[3].rowY, 'and ends after the ACK, before the data');
  assert.ok(teardown.y1 >= rows[5].rowY && teardown.y1 < rows[5].y1, 'the teardown starts at the first FIN');
  assert.ok(teardown.y2 > rows[7].y2, 'and runs to the end');
  assert.ok(handshake.labelY > handshake.y1 && handshake.labelY < handshake.y2);
  // Without them (a UDP conversation, a capture started mid-connection) nothing is bracketed.
  assert.deepEqual(layoutLadder({ ...base, handshake: undefined, teardown: undefined, rows: rowsOf(CONNECTION) }).groups, []);
});

test('only the rows in view are placed, scrolled by scrollTop; a selected row is scrolled into view only when out of it', () => {
  const total = 10_000;
  const height = 440;
  const scrollTop = 5000 * ROW_HEIGHT;
  const range = visibleRows(scrollTop, height, total);
  assert.ok(range.first <= 4999 && range.first >= 4995, `first ${range.first}`);
  assert.ok(range.last - range.first < 20, `about a screenful: ${range.first}-${range.last}`);
  const rows = rowsOf(Array.from({ length: range.last - range.first + 1 }, (_, i) => packet(range.first + i + 1, i % 2 ? 'BtoA' : 'AtoB', 'ACK', i, i, 0)), range.first);
  const layout = layoutLadder({ total, width: 600, height, scrollTop, rows });
  const shown = layout.arrows.filter((a) => a.rowY + ROW_HEIGHT > HEADER_HEIGHT && a.rowY < height);
  assert.ok(shown.length >= 8 && shown.length <= 11, `${shown.length} rows in view`);
  assert.equal(layout.arrows.find((a) => a.index === 5000)!.rowY, HEADER_HEIGHT, 'row 5000 is at the top, under the header');
  assert.deepEqual(visibleRows(0, height, 3), { first: 0, last: 2 });
  // Already in view: no scrolling; above or below: brought in.
  assert.equal(scrollToShow(5002, scrollTop, height), scrollTop);
  assert.ok(scrollToShow(10, scrollTop, height) <= 10 * ROW_HEIGHT);
  const down = scrollToShow(9000, scrollTop, height);
  assert.ok(HEADER_HEIGHT + 9000 * ROW_HEIGHT + ROW_HEIGHT <= down + height && HEADER_HEIGHT + 9000 * ROW_HEIGHT >= down + HEADER_HEIGHT);
});

test('the handshake and teardown are found from the flags: SYN, SYN-ACK, ACK; first FIN or RST to the end', () => {
  const SYN = 0x02, ACK = 0x10, FIN = 0x01, RST = 0x04, PSH = 0x08;
  const a = false, b = true;
  // The textbook connection.
  assert.deepEqual(connectionPhases([SYN, SYN | ACK, ACK, PSH | ACK, ACK, FIN | ACK, FIN | ACK, ACK], [a, b, a, a, b, a, b, a], 8), {
    handshake: { first: 0, last: 2 },
    teardown: { first: 5, last: 7 },
  });
  // A retransmitted SYN before the answer is part of the handshake.
  assert.deepEqual(connectionPhases([SYN, SYN, SYN | ACK, ACK], [a, a, b, a], 4).handshake, { first: 0, last: 3 });
  // Refused: SYN, then RST. The handshake is the SYN alone; the teardown is the RST.
  assert.deepEqual(connectionPhases([SYN, RST | ACK], [a, b], 2), { handshake: { first: 0, last: 0 }, teardown: { first: 1, last: 1 } });
  // A capture that starts mid-connection has no handshake.
  assert.deepEqual(connectionPhases([ACK, PSH | ACK, FIN | ACK], [a, b, a], 3), { teardown: { first: 2, last: 2 } });
  // Only the packets counted are read (a stream's arrays are larger than its count).
  assert.deepEqual(connectionPhases([SYN, SYN | ACK, ACK, FIN], [a, b, a, a], 3), { handshake: { first: 0, last: 2 } });
});
