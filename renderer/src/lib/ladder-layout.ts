// Where the ladder diagram's marks go: one vertical timeline per endpoint, one sloped arrow per
// packet from its sender to its receiver (time flows down, one row per packet, so the order of the
// arrows is the order of the packets), the arrow's labels between the timelines, each side's TCP
// state written beside its timeline where it changes, and the handshake and teardown bracketed.
// Only the rows in view are placed (a conversation of 10,000 packets places about 30): the
// caller scrolls a spacer `contentHeight` tall and passes `scrollTop`. d3 maps stream positions to
// pixels; Svelte draws.

import { scaleLinear } from 'd3';
import type { LadderPacket } from '../../../electron/service/contract.js';
import { say } from '../../../electron/text/catalog.js';
import { LADDER_TEXT } from './ladder-text.js';

/** Height of one packet's row, px: its flags line, the sloped arrow, its numbers line. */
export const ROW_HEIGHT = 44;
/** The band at the top naming the endpoints over their timelines. */
export const HEADER_HEIGHT = 40;
/** Room under the last row. */
const FOOTER = 16;
/** The left margin: the group brackets, then each row's packet number and time. */
const GUTTER = 78;
/** Beside each timeline, outside the arrows: where its states are written. */
const STATE_ROOM = 100;
const MIN_WIDTH = 440;
/** Where, within a row, the arrow leaves the sender and reaches the receiver (it takes time to arrive). */
const ARROW_START = 15;
const ARROW_END = 29;
const HEAD_LENGTH = 8;
const HEAD_HALF_WIDTH = 4;
/** Average advance of a 10px label character, for the state labels' boxes. */
const STATE_CHAR_PX = 6.4;

export interface LadderRowInput {
  /** Position of the packet in its conversation (0-based). */
  index: number;
  packet: LadderPacket;
}

export interface PhaseRange {
  first: number;
  last: number;
}

export interface LadderLayoutInput {
  /** The packets of the rows to place, in stream order (a row not yet fetched is left out). */
  rows: readonly LadderRowInput[];
  /** Each side's state after the packet before `rows[0]`, when known. */
  before?: { a?: string; b?: string };
  /** Packets in the conversation. */
  total: number;
  width: number;
  /** The view's height: a group's name is centred on the part of it in view. */
  height: number;
  scrollTop: number;
  handshake?: PhaseRange;
  teardown?: PhaseRange;
}

export interface PlacedArrow {
  number: number;
  index: number;
  direction: 'AtoB' | 'BtoA';
  /** Row band (for the selection highlight and hit area). */
  rowY: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The arrowhead's three corners, "x,y x,y x,y". */
  head: string;
  labelX: number;
  flagsY: number;
  detailY: number;
  /** "SYN, ACK" (TCP), or the payload length (UDP). */
  flags: string;
  /** "Seq=0 Ack=1 Len=0". */
  detail: string;
  /** The analysis marks, as named to the user ("Retransmission", "Dup ACK"). */
  marks: string[];
  /** Left margin: the packet number and its time since the conversation began. */
  numberText: string;
  timeText: string;
}

export interface PlacedState {
  side: 'a' | 'b';
  index: number;
  text: string;
  /** The label's box: beside the timeline, outside the arrows. */
  x: number;
  y: number;
  width: number;
  height: number;
  textX: number;
  textY: number;
}

export interface PlacedGroup {
  kind: 'handshake' | 'teardown';
  name: string;
  /** The rows' band, from the top of the first row to the bottom of the last (clipped to the view). */
  y1: number;
  y2: number;
  /** Where the bracket is drawn, and the name's centre along it. */
  bracketX: number;
  labelX: number;
  labelY: number;
}

export interface LadderLayout {
  width: number;
  /** Height of the whole conversation drawn out (the scroll spacer's). */
  contentHeight: number;
  laneA: number;
  laneB: number;
  arrows: PlacedArrow[];
  states: PlacedState[];
  groups: PlacedGroup[];
}

/** The y of row `index`'s top, scrolled by `scrollTop`. */
export function rowScale(scrollTop: number) {
  return scaleLinear().domain([0, 1]).range([HEADER_HEIGHT - scrollTop, HEADER_HEIGHT - scrollTop + ROW_HEIGHT]);
}

/** Stream positions [first, last] with a row at least partly in a view `height` tall, plus `overscan` rows each way. */
export function visibleRows(scrollTop: number, height: number, total: number, overscan = 2): { first: number; last: number } {
  const first = Math.max(0, Math.floor((scrollTop - HEADER_HEIGHT) / ROW_HEIGHT) - overscan);
  const last = Math.min(total - 1, Math.ceil((scrollTop + height - HEADER_HEIGHT) / ROW_HEIGHT) + overscan);
  return { first, last };
}

/** The scrollTop that shows row `index` with a little room above it, only when it is out of view. */
export function scrollToShow(index: number, scrollTop: number, height: number): number {
  const top = HEADER_HEIGHT + index * ROW_HEIGHT;
  // The header covers the top of the view.
  if (top - HEADER_HEIGHT < scrollTop) return Math.max(0, top - HEADER_HEIGHT - ROW_HEIGHT);
  if (top + ROW_HEIGHT > scrollTop + height) return top + 2 * ROW_HEIGHT - height;
  return scrollTop;
}

export function contentHeight(total: number): number {
  return HEADER_HEIGHT + total * ROW_HEIGHT + FOOTER;
}

/** Places the rows in view. */
export function layoutLadder(input: LadderLayoutInput): LadderLayout {
  const width = Math.max(MIN_WIDTH, input.width);
  const laneA = GUTTER + STATE_ROOM;
  const laneB = width - STATE_ROOM;
  const y = rowScale(input.scrollTop);
  const arrows: PlacedArrow[] = [];
  const states: PlacedState[] = [];
  let stateA = input.before?.a;
  let stateB = input.before?.b;
  for (const { index, packet } of input.rows) {
    const top = y(index);
    const fromA = packet.direction === 'AtoB';
    const x1 = fromA ? laneA : laneB;
    const x2 = fromA ? laneB : laneA;
    const y1 = top + ARROW_START;
    const y2 = top + ARROW_END;
    arrows.push({
      number: packet.number,
      index,
      direction: packet.direction,
      rowY: top,
      x1,
      y1,
      x2,
      y2,
      head: arrowhead(x1, y1, x2, y2),
      labelX: (laneA + laneB) / 2,
      flagsY: top + 14,
      detailY: top + 40,
      flags: packet.flags || say(LADDER_TEXT.len, { len: packet.len }),
      detail: detailText(packet),
      marks: packet.marks.map(markName),
      numberText: String(packet.number),
      timeText: packet.time.toFixed(6),
    });
    // Each side's state after this packet: the sender's after sending, the receiver's after receiving.
    const afterA = fromA ? packet.senderState : packet.receiverState;
    const afterB = fromA ? packet.receiverState : packet.senderState;
    if (afterA !== undefined && afterA !== stateA) states.push(stateLabel('a', index, afterA, laneA, fromA ? y1 : y2));
    if (afterB !== undefined && afterB !== stateB) states.push(stateLabel('b', index, afterB, laneB, fromA ? y2 : y1));
    if (afterA !== undefined) stateA = afterA;
    if (afterB !== undefined) stateB = afterB;
  }
  const groups: PlacedGroup[] = [];
  for (const [kind, range] of [['handshake', input.handshake], ['teardown', input.teardown]] as const) {
    if (!range) continue;
    const y1 = y(range.first) + 3;
    const y2 = y(range.last + 1) - 3;
    // A group wholly above or below what is placed is left out.
    if (y2 < HEADER_HEIGHT || y1 > input.height) continue;
    const name = say(kind === 'handshake' ? LADDER_TEXT.handshake : LADDER_TEXT.teardown);
    const labelY = (Math.max(y1, HEADER_HEIGHT) + Math.min(y2, input.height)) / 2;
    groups.push({ kind, name, y1, y2, bracketX: 7, labelX: 16, labelY });
  }
  return { width, contentHeight: contentHeight(input.total), laneA, laneB, arrows, states, groups };
}

function detailText(p: LadderPacket): string {
  if (p.seq === undefined) return '';
  if (p.ack === undefined) return say(LADDER_TEXT.seq_len, { seq: p.seq, len: p.len });
  return say(LADDER_TEXT.seq_ack_len, { seq: p.seq, ack: p.ack, len: p.len });
}

const MARK_NAMES: Record<string, typeof LADDER_TEXT.mark_retransmission> = {
  retransmission: LADDER_TEXT.mark_retransmission,
  fast_retransmission: LADDER_TEXT.mark_fast_retransmission,
  spurious_retransmission: LADDER_TEXT.mark_spurious_retransmission,
  duplicate_ack: LADDER_TEXT.mark_duplicate_ack,
  lost_segment: LADDER_TEXT.mark_lost_segment,
  ack_lost_segment: LADDER_TEXT.mark_ack_lost_segment,
  out_of_order: LADDER_TEXT.mark_out_of_order,
  zero_window: LADDER_TEXT.mark_zero_window,
  window_full: LADDER_TEXT.mark_window_full,
  window_update: LADDER_TEXT.mark_window_update,
  keep_alive: LADDER_TEXT.mark_keep_alive,
  keep_alive_ack: LADDER_TEXT.mark_keep_alive_ack,
  zero_window_probe: LADDER_TEXT.mark_zero_window_probe,
  zero_window_probe_ack: LADDER_TEXT.mark_zero_window_probe_ack,
  reused_ports: LADDER_TEXT.mark_reused_ports,
};

/** An analysis mark as the user reads it; an unknown one by its field name. */
export function markName(mark: string): string {
  const spec = MARK_NAMES[mark];
  return spec ? say(spec) : mark.replace(/_/g, ' ');
}

/** The arrowhead at (x2, y2), pointing along the arrow. */
function arrowhead(x1: number, y1: number, x2: number, y2: number): string {
  const length = Math.hypot(x2 - x1, y2 - y1) || 1;
  const ux = (x2 - x1) / length;
  const uy = (y2 - y1) / length;
  const bx = x2 - ux * HEAD_LENGTH;
  const by = y2 - uy * HEAD_LENGTH;
  const corner = (sign: number) => `${round(bx - uy * HEAD_HALF_WIDTH * sign)},${round(by + ux * HEAD_HALF_WIDTH * sign)}`;
  return `${round(x2)},${round(y2)} ${corner(1)} ${corner(-1)}`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** A state's label beside its timeline (left of A's, right of B's), centred on where the arrow touches it. */
function stateLabel(side: 'a' | 'b', index: number, text: string, lane: number, at: number): PlacedState {
  const width = Math.ceil(text.length * STATE_CHAR_PX) + 10;
  const height = 15;
  const x = side === 'a' ? lane - 5 - width : lane + 5;
  return { side, index, text, x, y: at - height / 2, width, height, textX: x + width / 2, textY: at + 3.5 };
}
