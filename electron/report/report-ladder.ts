// The report's ladder diagram of a whole conversation, placed by the app's own layout
// (renderer/src/lib/ladder-layout.ts) and drawn as inline SVG: a timeline per endpoint, one arrow
// per packet with the app's labels (flags, relative seq/ack, length, analysis marks), each side's
// TCP state where it changes, the handshake and teardown bracketed.
// Printed, a long ladder runs over pages: it is a table whose rows are slices of one drawing (a
// packet's row, or a whole handshake or teardown), so a page breaks between arrows and never
// through one, and the endpoints' header is repeated at the top of each page.

import { contentHeight, HEADER_HEIGHT, layoutLadder, ROW_HEIGHT, type LadderLayout } from '../../renderer/src/lib/ladder-layout.js';
import { LADDER_TEXT } from '../../renderer/src/lib/ladder-text.js';
import type { LadderView } from '../service/contract.js';
import { say } from '../text/catalog.js';
import { esc } from './html-escape.js';

/** The drawing's width, px: A4's and Letter's printable width with room to spare. */
export const LADDER_WIDTH = 680;
/** A handshake or teardown this many rows long or shorter is kept on one page. */
const MAX_KEPT_GROUP = 8;

/** Rows [first, last] (stream positions) drawn as one slice, which a page never breaks. */
interface Slice {
  first: number;
  last: number;
}

/** The ladder of `view`'s packets (from its first), as an HTML table of SVG slices with a repeated header. */
export function ladderFigure(view: LadderView): string {
  const total = view.packets.length;
  const layout = layoutLadder({
    rows: view.packets.map((packet, index) => ({ index, packet })),
    total,
    width: LADDER_WIDTH,
    height: contentHeight(total),
    scrollTop: 0,
    handshake: clip(view.handshake, total),
    teardown: clip(view.teardown, total),
  });
  const rows = slices(total, [view.handshake, view.teardown]).map((slice) => `<tr class="ladder-slice"><td>${sliceSvg(layout, slice)}</td></tr>`);
  return `<table class="ladder" data-arrows="${total}"><thead><tr><td>${headerSvg(layout, view)}</td></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A phase that reaches past the packets drawn ends at the last one drawn. */
function clip(range: { first: number; last: number } | undefined, total: number): { first: number; last: number } | undefined {
  if (!range || range.first >= total) return undefined;
  return { first: range.first, last: Math.min(range.last, total - 1) };
}

/** One slice per row, but a short handshake or teardown is one slice: its bracket and name stay together. */
function slices(total: number, groups: readonly ({ first: number; last: number } | undefined)[]): Slice[] {
  const kept = groups.filter((g): g is Slice => g !== undefined && g.first < total && g.last - g.first < MAX_KEPT_GROUP);
  const out: Slice[] = [];
  for (let i = 0; i < total; ) {
    const group = kept.find((g) => g.first === i);
    const last = group ? Math.min(group.last, total - 1) : i;
    out.push({ first: i, last });
    i = last + 1;
  }
  return out;
}

function svg(width: number, top: number, height: number, body: string, attributes = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 ${top} ${width} ${height}" width="${width}" height="${height}"${attributes}>${body}</svg>`;
}

function headerSvg(layout: LadderLayout, view: LadderView): string {
  const parts = [
    `<rect class="header" x="0" y="0" width="${layout.width}" height="${HEADER_HEIGHT}"/>`,
    `<text class="endpoint-name" x="${layout.laneA}" y="15" text-anchor="middle">${esc(say(LADDER_TEXT.endpoint_a))}</text>`,
    `<text class="endpoint" x="${layout.laneA}" y="30" text-anchor="middle">${esc(view.a)}</text>`,
    `<text class="endpoint-name" x="${layout.laneB}" y="15" text-anchor="middle">${esc(say(LADDER_TEXT.endpoint_b))}</text>`,
    `<text class="endpoint" x="${layout.laneB}" y="30" text-anchor="middle">${esc(view.b)}</text>`,
    `<line class="header-rule" x1="0" x2="${layout.width}" y1="${HEADER_HEIGHT - 0.5}" y2="${HEADER_HEIGHT - 0.5}"/>`,
  ];
  return svg(layout.width, 0, HEADER_HEIGHT, parts.join(''), ' class="ladder-header"');
}

/** The part of the drawing that rows [first, last] occupy (the rest is clipped by the view box). */
function sliceSvg(layout: LadderLayout, slice: Slice): string {
  const top = HEADER_HEIGHT + slice.first * ROW_HEIGHT;
  const height = (slice.last - slice.first + 1) * ROW_HEIGHT;
  const parts: string[] = [];
  for (const group of layout.groups) {
    if (group.y2 < top || group.y1 > top + height) continue;
    parts.push(
      `<g class="group ${group.kind}" data-kind="${group.kind}">`
        + `<rect class="band" x="${group.bracketX + 12}" y="${group.y1}" width="${layout.width - group.bracketX - 16}" height="${Math.max(0, group.y2 - group.y1)}" rx="4"/>`
        + `<path class="bracket" d="M ${group.bracketX + 5} ${group.y1} h -5 V ${group.y2} h 5"/>`
        + `<text class="group-name" x="${group.labelX}" y="${group.labelY}" transform="rotate(-90 ${group.labelX} ${group.labelY})" text-anchor="middle">${esc(group.name)}</text>`
        + '</g>',
    );
  }
  parts.push(`<line class="lane" x1="${layout.laneA}" x2="${layout.laneA}" y1="${top}" y2="${top + height}"/>`);
  parts.push(`<line class="lane" x1="${layout.laneB}" x2="${layout.laneB}" y1="${top}" y2="${top + height}"/>`);
  for (const arrow of layout.arrows) {
    if (arrow.index < slice.first || arrow.index > slice.last) continue;
    const marks = arrow.marks.map((mark) => `<tspan class="mark" dx="5">[${esc(mark)}]</tspan>`).join('');
    parts.push(
      `<g class="arrow ${arrow.direction}${arrow.marks.length ? ' marked' : ''}" data-number="${arrow.number}" data-direction="${arrow.direction}">`
        + `<text class="number" x="24" y="${arrow.y1 - 1}">${esc(arrow.numberText)}</text>`
        + `<text class="time" x="24" y="${arrow.y1 + 11}">${esc(arrow.timeText)}</text>`
        + `<line class="shaft" x1="${arrow.x1}" y1="${arrow.y1}" x2="${arrow.x2}" y2="${arrow.y2}"/>`
        + `<polygon class="head" points="${arrow.head}"/>`
        + `<text class="flags" x="${arrow.labelX}" y="${arrow.flagsY}" text-anchor="middle">${esc(arrow.flags)}${marks}</text>`
        + (arrow.detail ? `<text class="detail" x="${arrow.labelX}" y="${arrow.detailY}" text-anchor="middle">${esc(arrow.detail)}</text>` : '')
        + '</g>',
    );
  }
  for (const state of layout.states) {
    if (state.index < slice.first || state.index > slice.last) continue;
    parts.push(
      `<g class="state side-${state.side}${state.text === 'UNKNOWN' ? ' unknown' : ''}" data-side="${state.side}" data-index="${state.index}">`
        + `<rect x="${state.x}" y="${state.y}" width="${state.width}" height="${state.height}" rx="7"/>`
        + `<text x="${state.textX}" y="${state.textY}" text-anchor="middle">${esc(state.text)}</text>`
        + '</g>',
    );
  }
  return svg(layout.width, top, height, parts.join(''), ` role="img"`);
}

/** The ladder's print colours: the app's light theme. */
export const LADDER_STYLE = `
table.ladder { border-collapse: collapse; margin: 0; }
table.ladder td { padding: 0; }
table.ladder svg { display: block; }
table.ladder thead { display: table-header-group; }
tr.ladder-slice { break-inside: avoid; }
.ladder .header { fill: #eef0f4; }
.ladder .header-rule { stroke: #d5d9e0; }
.ladder .endpoint-name { fill: #5b6577; font-weight: 700; font-size: 10px; }
.ladder .endpoint { font-family: 'DejaVu Sans Mono', monospace; font-size: 11px; }
.ladder .lane { stroke: #5b6577; stroke-width: 2; }
.ladder .band { fill: #3f9a451a; stroke: #3f9a4573; stroke-dasharray: 4 3; }
.ladder .teardown .band { fill: #d94f4f17; stroke: #d94f4f73; }
.ladder .bracket { fill: none; stroke: #3f9a45; stroke-width: 2; }
.ladder .teardown .bracket { stroke: #d94f4f; }
.ladder .group-name { font-size: 10px; font-weight: 600; }
.ladder .shaft { stroke: #2f6fde; stroke-width: 1.5; }
.ladder .head { fill: #2f6fde; }
.ladder .BtoA .shaft { stroke: #3f9a45; }
.ladder .BtoA .head { fill: #3f9a45; }
.ladder .marked .shaft { stroke: #c62828; stroke-dasharray: 5 3; }
.ladder .marked .head { fill: #c62828; }
.ladder .flags { font-weight: 600; }
.ladder .mark { fill: #c62828; font-weight: 700; }
.ladder .detail { fill: #5b6577; font-family: 'DejaVu Sans Mono', monospace; font-size: 10px; }
.ladder .number { font-size: 10px; font-weight: 600; }
.ladder .time { fill: #5b6577; font-family: 'DejaVu Sans Mono', monospace; font-size: 9.5px; }
.ladder .state rect { fill: #eef0f4; stroke: #3f9a45; stroke-width: 1.2; }
.ladder .state.unknown rect { stroke: #5b6577; stroke-dasharray: 3 2; }
.ladder .state text { font-size: 10px; font-weight: 700; }
`;
