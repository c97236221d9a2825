// The report's section on the chosen conversation: its statistics (endpoints, packets, bytes and
// bits/s each way as the Conversations table and `tshark -z conv` give them, start, duration, iRTT,
// the analysis marks counted, each side's final state), then its ladder diagram.

import { bitsPerSecond } from '../analysis/conversations.js';
import { markName } from '../../renderer/src/lib/ladder-layout.js';
import type { ReportConversation } from './report-conversation.js';
import { ladderFigure } from './report-ladder.js';
import { REPORT_TEXT } from './report-text.js';
import { esc } from './html-escape.js';
import { say } from '../text/catalog.js';
import { readableCount, readableDecimal, readableInteger } from '../text/locale-format.js';

export const CONVERSATION_SECTION_ID = 'conversation';

export function conversationHeading(c: ReportConversation): string {
  const s = c.statistics;
  return say(REPORT_TEXT.conversation_heading, { protocol: s.type.toUpperCase(), stream: s.stream, a: s.a, b: s.b });
}

export function conversationSection(c: ReportConversation): string {
  const s = c.statistics;
  const rate = (bytes: number) => {
    const bps = bitsPerSecond(bytes, s.duration);
    return bps === null ? say(REPORT_TEXT.no_rate) : readableInteger(Math.round(bps));
  };
  const facts: [string, string, string?][] = [
    [say(REPORT_TEXT.endpoint_a), s.a, 'endpoint-a'],
    [say(REPORT_TEXT.endpoint_b), s.b, 'endpoint-b'],
    [say(REPORT_TEXT.start), say(REPORT_TEXT.seconds, { seconds: readableDecimal(s.start, 6) }), 'start'],
    [say(REPORT_TEXT.duration), say(REPORT_TEXT.seconds, { seconds: readableDecimal(s.duration, 4) }), 'duration'],
  ];
  if (c.irtt !== undefined) facts.push([say(REPORT_TEXT.irtt), say(REPORT_TEXT.milliseconds, { ms: readableDecimal(c.irtt * 1000, 3) }), 'irtt']);
  const marks = c.marks.length
    ? c.marks.map((m) => `<li data-mark="${esc(m.mark)}">${esc(say(REPORT_TEXT.mark_count, { mark: markName(m.mark), count: readableCount(m.count) }))}</li>`).join('')
    : `<li>${esc(say(REPORT_TEXT.no_marks))}</li>`;
  if (s.type === 'tcp') facts.push([say(REPORT_TEXT.analysis_marks), '', 'marks']);
  const states = s.type === 'tcp' && (c.finalStates.a || c.finalStates.b)
    ? `<tr><th>${esc(say(REPORT_TEXT.final_state))}</th><td data-stat="final-states"><span data-side="a">A: ${esc(c.finalStates.a ?? '?')}</span> · <span data-side="b">B: ${esc(c.finalStates.b ?? '?')}</span>${timeWaitNote(c)}</td></tr>`
    : '';
  const factRows = facts
    .map(([k, v, stat]) => `<tr><th>${esc(k)}</th><td data-stat="${stat}">${stat === 'marks' ? `<ul class="marks">${marks}</ul>` : esc(v)}</td></tr>`)
    .join('');
  const directions = `<table class="directions"><thead><tr><th></th><th>${esc(say(REPORT_TEXT.packets))}</th><th>${esc(say(REPORT_TEXT.bytes_count))}</th><th>${esc(say(REPORT_TEXT.bits_per_second))}</th></tr></thead><tbody>`
    + `<tr data-direction="AtoB"><th>${esc(say(REPORT_TEXT.direction_ab))}</th><td>${readableCount(s.framesAtoB)}</td><td>${readableCount(s.bytesAtoB)}</td><td>${rate(s.bytesAtoB)}</td></tr>`
    + `<tr data-direction="BtoA"><th>${esc(say(REPORT_TEXT.direction_ba))}</th><td>${readableCount(s.framesBtoA)}</td><td>${readableCount(s.bytesBtoA)}</td><td>${rate(s.bytesBtoA)}</td></tr>`
    + '</tbody></table>';
  const drawn = c.ladder.packets.length;
  const truncated = drawn < c.ladder.total ? `<p class="note">${esc(say(REPORT_TEXT.ladder_truncated, { shown: readableCount(drawn), total: readableCount(c.ladder.total) }))}</p>` : '';
  return `<section class="conversation" id="${CONVERSATION_SECTION_ID}" data-protocol="${s.type}" data-stream="${s.stream}">
<h2>${esc(conversationHeading(c))}</h2>
<h3>${esc(say(REPORT_TEXT.statistics))}</h3>
<div class="statistics"><table class="facts">${factRows}${states}</table>${directions}</div>
${truncated}
<figure class="ladder-figure">${ladderFigure(c.ladder)}<figcaption>${esc(s.type === 'udp' ? say(REPORT_TEXT.ladder_caption_udp, { stream: s.stream }) : say(REPORT_TEXT.ladder_caption, { protocol: s.type.toUpperCase(), stream: s.stream }))}</figcaption></figure>
</section>`;
}

/** Who waits in TIME-WAIT at the end: the side that closed first. */
function timeWaitNote(c: ReportConversation): string {
  const sides = (['a', 'b'] as const).filter((side) => c.finalStates[side] === 'TIME-WAIT');
  return sides.map((side) => `<div class="note">${esc(say(REPORT_TEXT.time_wait_note, { side: side.toUpperCase() }))}</div>`).join('');
}

export const CONVERSATION_STYLE = `
.conversation { break-before: page; }
.statistics { display: flex; gap: 16pt; align-items: flex-start; flex-wrap: wrap; font-size: 9.5pt; break-inside: avoid; }
.statistics th { vertical-align: top; }
.statistics td { font-family: 'DejaVu Sans Mono', monospace; }
.statistics .marks { margin: 0; padding-left: 12pt; font-family: 'DejaVu Sans', sans-serif; }
.directions th, .directions td { padding: 1pt 6pt; text-align: right; }
.directions thead th { color: #5b6577; font-weight: normal; }
.conversation .note { color: #5b6577; font-size: 8.5pt; font-family: 'DejaVu Sans', sans-serif; }
figure.ladder-figure { break-inside: auto; }
`;
