// The conversation a report draws: one TCP or UDP stream of an indexed capture, every packet of it
// as the app's ladder decodes it (flags, relative numbers, analysis marks, each side's state), and
// its statistics: the Conversations table's row (as `tshark -z conv` counts it), the iRTT, how many
// of each analysis mark, and the state each side was left in.

import { findField } from '../dissect/field-model.js';
import { conversationRow, LADDER_MARKS, ladderView } from '../service/conversation-ladder.js';
import type { CaptureSession } from '../service/capture-session.js';
import type { ConversationProtocol, ConversationRow, LadderView } from '../service/contract.js';
import { MAX_REPORT_PACKETS } from './capture-report.js';
import { REPORT_TEXT } from './report-text.js';
import { say } from '../text/catalog.js';

/** A ladder longer than this is drawn to here (a report is printed): its statistics still count every packet. */
export const MAX_LADDER_ARROWS = MAX_REPORT_PACKETS;

/** The capture has no conversation of that protocol and index. */
export class ConversationNotFoundError extends Error {
  readonly code = 'ENOCONVERSATION';
  constructor(message: string) {
    super(message);
    this.name = 'ConversationNotFoundError';
  }
}

export interface ReportConversation {
  /** The conversation's packets from its first, at most MAX_LADDER_ARROWS (`ladder.total` counts them all). */
  ladder: LadderView;
  /** The Conversations table's row, with its protocol and stream. */
  statistics: ConversationRow & { type: ConversationProtocol; stream: number };
  /** Seconds from the SYN to the ACK that completed the handshake (tcp.analysis.initial_rtt), when seen. */
  irtt?: number;
  /** How many arrows carry each analysis mark, in the ladder's order of marks; marks none carries are left out. */
  marks: { mark: string; count: number }[];
  /** TCP: the last state each side was seen in. */
  finalStates: { a?: string; b?: string };
}

export function reportConversation(session: CaptureSession, protocol: ConversationProtocol, stream: number): ReportConversation {
  const index = session.conversations;
  const whole = index.window(protocol, stream, 0, 0);
  if (!whole) {
    throw new ConversationNotFoundError(say(REPORT_TEXT.no_conversation, { protocol: protocol.toUpperCase(), stream, count: index.size(protocol) }));
  }
  const ladder = ladderView(session, index, protocol, stream, 0, MAX_LADDER_ARROWS);
  const statistics = { ...conversationRow(whole.totals), type: protocol, stream };
  const counts = new Map<string, number>();
  const finalStates: { a?: string; b?: string } = {};
  for (const p of ladder.packets) {
    for (const mark of p.marks) counts.set(mark, (counts.get(mark) ?? 0) + 1);
    const fromA = p.direction === 'AtoB';
    const a = fromA ? p.senderState : p.receiverState;
    const b = fromA ? p.receiverState : p.senderState;
    if (a !== undefined) finalStates.a = a;
    if (b !== undefined) finalStates.b = b;
  }
  const marks = [...(LADDER_MARKS as readonly string[]), ...[...counts.keys()].filter((m) => !(LADDER_MARKS as readonly string[]).includes(m))]
    .filter((mark) => counts.has(mark))
    .map((mark) => ({ mark, count: counts.get(mark)! }));
  const conversation: ReportConversation = { ladder, statistics, marks, finalStates };
  const irtt = protocol === 'tcp' ? initialRtt(session, ladder) : undefined;
  if (irtt !== undefined) conversation.irtt = irtt;
  return conversation;
}

/** The iRTT the analysis gives every segment after the handshake: read from the last one drawn. */
function initialRtt(session: CaptureSession, ladder: LadderView): number | undefined {
  const last = ladder.packets.at(-1);
  if (!last) return undefined;
  const { packet } = session.decoded(last.number, false, new Set(['tcp']));
  for (let i = packet.layers.length - 1; i >= 0; i--) {
    if (packet.layers[i].protocol !== 'tcp') continue;
    const value = findField(packet.layers[i].fields, 'tcp.analysis.initial_rtt')?.value;
    return typeof value === 'number' && value > 0 ? value : undefined;
  }
  return undefined;
}
