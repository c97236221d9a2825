// The ladder diagram's data: a window of one conversation's packets, each decoded again for what
// its arrow says (flags, relative seq/ack, length, tcp.analysis marks, each side's TCP state).
// Only the window asked for is decoded; which packets belong to the stream, and their directions,
// come from the conversation index built while the capture was read.

import type { Field, FieldValue, Layer } from '../dissect/field-model.js';
import type { ConversationProtocol, ConversationRow, LadderPacket, LadderView } from './contract.js';
import type { ConversationIndex, StreamTotals } from '../analysis/conversation-index.js';
import type { CaptureSession } from './capture-session.js';

/** The tcp.analysis flags a ladder marks, by the last part of their field names, as tshark names them. */
export const LADDER_MARKS = [
  'retransmission', 'fast_retransmission', 'spurious_retransmission', 'duplicate_ack', 'lost_segment', 'ack_lost_segment',
  'out_of_order', 'zero_window', 'window_full', 'window_update', 'keep_alive', 'keep_alive_ack', 'zero_window_probe',
  'zero_window_probe_ack', 'reused_ports',
] as const;

const MARK_FIELDS: ReadonlyMap<string, string> = new Map(LADDER_MARKS.map((m) => [`tcp.analysis.${m}`, m]));

/** Flag bits and their names in the order Wireshark writes them ("FIN, ACK"). */
const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x001, 'FIN'], [0x002, 'SYN'], [0x004, 'RST'], [0x008, 'PSH'], [0x010, 'ACK'], [0x020, 'URG'], [0x040, 'ECE'], [0x080, 'CWR'], [0x100, 'AE'],
];

export function flagsText(flags: number): string {
  const names = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  return names.length ? names.join(', ') : '<None>';
}

/** A conversation's totals as a Conversations table row. */
export function conversationRow(t: StreamTotals): ConversationRow {
  return { type: t.protocol, stream: t.stream, a: t.a, b: t.b, framesAtoB: t.framesAtoB, bytesAtoB: t.bytesAtoB, framesBtoA: t.framesBtoA, bytesBtoA: t.bytesBtoA, start: t.start, duration: t.end - t.start };
}

/** Packets [from, from + count) of a stream, decoded for the ladder; an error when there is no such stream. */
export function ladderView(session: CaptureSession, index: ConversationIndex, protocol: ConversationProtocol, stream: number, from: number, count: number): LadderView {
  const window = index.window(protocol, stream, from, count);
  if (!window) throw new Error(`There is no ${protocol.toUpperCase()} conversation ${stream}: the capture has ${index.size(protocol)}`);
  const { totals } = window;
  const packets = window.numbers.map((number, i) => ladderPacket(session, number, protocol, window.fromB[i], totals.start));
  const view: LadderView = { protocol, stream, a: totals.a, b: totals.b, start: totals.start, total: window.count, from: Math.min(from, window.count), packets };
  if (window.handshake) view.handshake = window.handshake;
  if (window.teardown) view.teardown = window.teardown;
  if (protocol === 'tcp' && from > 0 && packets.length > 0) {
    // The states the window starts from: those the packet before it left.
    const previous = index.window(protocol, stream, from - 1, 1)!;
    const p = ladderPacket(session, previous.numbers[0], protocol, previous.fromB[0], totals.start);
    const before = p.direction === 'AtoB' ? { a: p.senderState, b: p.receiverState } : { a: p.receiverState, b: p.senderState };
    if (before.a !== undefined || before.b !== undefined) view.before = before;
  }
  return view;
}

function ladderPacket(session: CaptureSession, number: number, protocol: ConversationProtocol, fromB: boolean, start: number): LadderPacket {
  // Values are all the ladder reads: the fields' texts are not made.
  const { packet } = session.decoded(number, false);
  return { number, time: packet.time - start, direction: fromB ? 'BtoA' : 'AtoB', ...ladderArrow(packet.layers, protocol) };
}

/** What a packet's arrow says (flags, relative seq/ack, length, marks, each side's TCP state), from its decoded layers. */
export function ladderArrow(layers: readonly Layer[], protocol: ConversationProtocol): Omit<LadderPacket, 'number' | 'time' | 'direction'> {
  const layer = innermost(layers, protocol);
  const values = new Map<string, FieldValue>();
  const marks: string[] = [];
  if (layer) collect(layer.fields, values, marks);
  // tshark flags a fast or spurious retransmission as a retransmission too: the arrow names the kind once.
  if (marks.includes('retransmission') && (marks.includes('fast_retransmission') || marks.includes('spurious_retransmission'))) marks.splice(marks.indexOf('retransmission'), 1);
  const arrow: Omit<LadderPacket, 'number' | 'time' | 'direction'> = { flags: '', len: 0, marks };
  if (protocol === 'udp') {
    const length = values.get('udp.length');
    arrow.len = typeof length === 'number' ? Math.max(0, length - 8) : 0;
    return arrow;
  }
  const flags = Number(values.get('tcp.flags') ?? 0);
  arrow.flags = flagsText(flags);
  const seq = values.get('tcp.seq');
  if (typeof seq === 'number') arrow.seq = seq;
  const ack = values.get('tcp.ack');
  if ((flags & 0x010) !== 0 && typeof ack === 'number') arrow.ack = ack;
  const len = values.get('tcp.len');
  arrow.len = typeof len === 'number' ? len : 0;
  // Each side's state, once the engine gives them (tcp.state.src / tcp.state.dst).
  const sender = values.get('tcp.state.src');
  const receiver = values.get('tcp.state.dst');
  if (typeof sender === 'string' && sender) arrow.senderState = sender;
  if (typeof receiver === 'string' && receiver) arrow.receiverState = receiver;
  return arrow;
}

/** The packet's innermost layer of the conversation's protocol (a tunnel's inner TCP). */
function innermost(layers: readonly Layer[], protocol: string): Layer | undefined {
  for (let i = layers.length - 1; i >= 0; i--) if (layers[i].protocol === protocol) return layers[i];
  return undefined;
}

function collect(fields: readonly Field[], values: Map<string, FieldValue>, marks: string[]): void {
  for (const field of fields) {
    if (!values.has(field.name)) values.set(field.name, field.value);
    const mark = MARK_FIELDS.get(field.name);
    if (mark !== undefined && field.value !== false && !marks.includes(mark)) marks.push(mark);
    if (field.children.length) collect(field.children, values, marks);
  }
}
