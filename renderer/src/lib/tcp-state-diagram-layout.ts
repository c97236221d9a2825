// RFC 9293's TCP connection state diagram (its Figure 5) as data: the states on a grid as the RFC
// draws them, the transitions with the event and action that cause each, and, for one segment, which
// states its two ends are in and which transition it made each take. Geometry only; the component
// draws it. The grid follows the RFC's picture: open at the top, the active closer down the left,
// the passive closer down the right, so students can set it beside the figure in the RFC.

import { line, scaleLinear } from 'd3';

export const TCP_STATES = [
  'CLOSED',
  'LISTEN',
  'SYN-SENT',
  'SYN-RECEIVED',
  'ESTABLISHED',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'CLOSING',
  'LAST-ACK',
  'TIME-WAIT',
] as const;
export type TcpStateName = (typeof TCP_STATES)[number];

/** A box of the diagram. CLOSED is drawn twice, as in the RFC: where a connection starts and where it ends. */
export interface StateNode {
  id: string;
  state: TcpStateName;
  column: number;
  row: number;
}

export const STATE_NODES: readonly StateNode[] = [
  { id: 'closed', state: 'CLOSED', column: 2, row: 0 },
  { id: 'listen', state: 'LISTEN', column: 2, row: 1 },
  { id: 'syn-received', state: 'SYN-RECEIVED', column: 0, row: 2 },
  { id: 'syn-sent', state: 'SYN-SENT', column: 4, row: 2 },
  { id: 'established', state: 'ESTABLISHED', column: 2, row: 3 },
  { id: 'fin-wait-1', state: 'FIN-WAIT-1', column: 0, row: 4 },
  { id: 'close-wait', state: 'CLOSE-WAIT', column: 4, row: 4 },
  { id: 'fin-wait-2', state: 'FIN-WAIT-2', column: 0, row: 5 },
  { id: 'closing', state: 'CLOSING', column: 2, row: 5 },
  { id: 'last-ack', state: 'LAST-ACK', column: 4, row: 5 },
  { id: 'time-wait', state: 'TIME-WAIT', column: 1, row: 6 },
  { id: 'closed-end', state: 'CLOSED', column: 4, row: 6 },
];

/** A transition of RFC 9293's Figure 5: what happens (event) and what TCP does (action). */
export interface StateEdge {
  from: string;
  to: string;
  event: string;
  action: string;
}

// The RFC's own abbreviations ("rcv SYN", "snd SYN,ACK"): protocol notation, kept as the RFC writes it.
export const STATE_EDGES: readonly StateEdge[] = [
  { from: 'closed', to: 'listen', event: 'passive OPEN', action: 'create TCB' },
  { from: 'closed', to: 'syn-sent', event: 'active OPEN', action: 'snd SYN' },
  { from: 'listen', to: 'syn-received', event: 'rcv SYN', action: 'snd SYN,ACK' },
  { from: 'listen', to: 'syn-sent', event: 'SEND', action: 'snd SYN' },
  { from: 'listen', to: 'closed', event: 'CLOSE', action: 'delete TCB' },
  { from: 'syn-sent', to: 'syn-received', event: 'rcv SYN', action: 'snd SYN,ACK' },
  { from: 'syn-sent', to: 'established', event: 'rcv SYN,ACK', action: 'snd ACK' },
  { from: 'syn-sent', to: 'closed', event: 'CLOSE', action: 'delete TCB' },
  { from: 'syn-received', to: 'listen', event: 'rcv RST', action: '' },
  { from: 'syn-received', to: 'established', event: 'rcv ACK of SYN', action: '' },
  { from: 'syn-received', to: 'fin-wait-1', event: 'CLOSE', action: 'snd FIN' },
  { from: 'established', to: 'fin-wait-1', event: 'CLOSE', action: 'snd FIN' },
  { from: 'established', to: 'close-wait', event: 'rcv FIN', action: 'snd ACK' },
  { from: 'fin-wait-1', to: 'fin-wait-2', event: 'rcv ACK of FIN', action: '' },
  { from: 'fin-wait-1', to: 'closing', event: 'rcv FIN', action: 'snd ACK' },
  { from: 'fin-wait-2', to: 'time-wait', event: 'rcv FIN', action: 'snd ACK' },
  { from: 'closing', to: 'time-wait', event: 'rcv ACK of FIN', action: '' },
  { from: 'close-wait', to: 'last-ack', event: 'CLOSE', action: 'snd FIN' },
  { from: 'last-ack', to: 'closed-end', event: 'rcv ACK of FIN', action: '' },
  { from: 'time-wait', to: 'closed-end', event: 'Timeout=2MSL', action: 'delete TCB' },
];

export const NODE_WIDTH = 118;
export const NODE_HEIGHT = 30;
const COLUMNS = 5;
const ROWS = 7;

export interface DiagramGeometry {
  width: number;
  height: number;
  nodes: (StateNode & { x: number; y: number })[];
  edges: (StateEdge & { path: string; labelX: number; labelY: number; anchor: 'start' | 'middle' | 'end' })[];
}

/** Where the border of a node's box meets the line from its centre towards (tx, ty). */
function borderPoint(x: number, y: number, tx: number, ty: number): [number, number] {
  const dx = tx - x;
  const dy = ty - y;
  if (dx === 0 && dy === 0) return [x, y];
  const scale = Math.min(dx === 0 ? Infinity : NODE_WIDTH / 2 / Math.abs(dx), dy === 0 ? Infinity : NODE_HEIGHT / 2 / Math.abs(dy));
  return [x + dx * scale, y + dy * scale];
}

export function layoutStateDiagram(width: number, height: number): DiagramGeometry {
  const x = scaleLinear()
    .domain([0, COLUMNS - 1])
    .range([NODE_WIDTH / 2 + 4, width - NODE_WIDTH / 2 - 4]);
  const y = scaleLinear()
    .domain([0, ROWS - 1])
    .range([NODE_HEIGHT / 2 + 4, height - NODE_HEIGHT / 2 - 4]);
  const nodes = STATE_NODES.map((n) => ({ ...n, x: x(n.column), y: y(n.row) }));
  const at = new Map(nodes.map((n) => [n.id, n]));
  const path = line();
  const edges = STATE_EDGES.map((e) => {
    const a = at.get(e.from)!;
    const b = at.get(e.to)!;
    // Two transitions between the same pair (LISTEN ⇄ CLOSED, SYN-RECEIVED ⇄ LISTEN) are drawn
    // side by side: each is moved a little to its own right.
    const reverse = STATE_EDGES.some((o) => o.from === e.to && o.to === e.from);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const shift = reverse ? 6 : 0;
    const ox = (-(b.y - a.y) / len) * shift;
    const oy = ((b.x - a.x) / len) * shift;
    const start = borderPoint(a.x + ox, a.y + oy, b.x + ox, b.y + oy);
    const end = borderPoint(b.x + ox, b.y + oy, a.x + ox, a.y + oy);
    // A pair's labels stand off to their own sides, clear of each other.
    const anchor: 'start' | 'middle' | 'end' = !reverse || Math.abs(ox) < 1 ? 'middle' : ox > 0 ? 'start' : 'end';
    return { ...e, path: path([start, end]) ?? '', labelX: (start[0] + end[0]) / 2 + ox * (reverse ? 2 : 0), labelY: (start[1] + end[1]) / 2 + oy * (reverse ? 3 : 0), anchor };
  });
  return { width, height, nodes, edges };
}

/** One end of a segment: the state it was in before (when the segment changed it) and after. */
export interface EndState {
  before: TcpStateName | null;
  after: TcpStateName | null;
}

function isState(value: unknown): value is TcpStateName {
  return typeof value === 'string' && (TCP_STATES as readonly string[]).includes(value);
}

export function endState(after: unknown, before: unknown): EndState {
  return { after: isState(after) ? after : null, before: isState(before) ? before : null };
}

/**
 * The node an end's state is drawn at: CLOSED at the bottom once a connection has ended there
 * (from LAST-ACK, TIME-WAIT, or reset out of a later state), at the top otherwise.
 */
export function nodeOf(end: EndState): string | null {
  if (end.after === null) return null;
  if (end.after === 'CLOSED') return end.before !== null && !['CLOSED', 'LISTEN', 'SYN-SENT'].includes(end.before) ? 'closed-end' : 'closed';
  return STATE_NODES.find((n) => n.state === end.after)!.id;
}

/**
 * The transition an end took with this segment: the RFC's edge from its state before to its
 * state after, or null when it stayed, the segment skipped a step the RFC draws (a reset), or
 * nothing is known.
 */
export function transitionOf(end: EndState): StateEdge | null {
  if (end.before === null || end.after === null || end.before === end.after) return null;
  const from = STATE_NODES.filter((n) => n.state === end.before).map((n) => n.id);
  const to = nodeOf(end);
  return STATE_EDGES.find((e) => from.includes(e.from) && e.to === to) ?? null;
}
