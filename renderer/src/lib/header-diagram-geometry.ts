// Where the header diagram's boxes go on screen: d3's scale maps bits to pixels, rows get taller
// where narrow boxes write their names upwards (as RFC 793 writes URG, ACK, PSH), and every label
// and value is shortened to fit its box (the full text is in the box's tooltip). Svelte draws.

import { scaleLinear } from 'd3';
import type { DiagramBox, HeaderDiagram } from './header-diagram-layout.js';

export const RULER_HEIGHT = 20;
const MARGIN = 8;
const MIN_WIDTH = 320;
const ROW_HEIGHT = 36;
const MAX_ROW_HEIGHT = 150;
/** Average advance of a label character (10.5px sans) and of a value character (monospace). */
const LABEL_CHAR_PX = 6.2;
const VALUE_CHAR_PX = 6.3;
/** Space left free around text inside a box, both sides together. */
const TEXT_PADDING = 4;
/** Room above and below a label written upwards: the value line under it and some padding. */
const VERTICAL_PADDING = 34;
/** Gap between a narrow box and the text it writes after itself. */
const OUTSIDE_GAP = 4;
/** A box narrower than this whose name does not fit across writes it upwards. */
const VERTICAL_BELOW_PX = 48;

export interface PlacedBox {
  box: DiagramBox;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where the box's text is anchored: its middle, or (at the end of a short text line) its left edge or just after it. */
  textX: number;
  textAnchor: 'middle' | 'start';
  /** The label as it fits (abbreviated with "…" where it does not). */
  label: string;
  /** The label runs upwards, for one- and few-bit boxes. */
  labelVertical: boolean;
  value: string;
}

export interface RulerTick {
  x: number;
  /** Middle of the bit (or byte) the tick starts, where its number is written. */
  labelX: number;
  /** Bit number (or byte number, for a text protocol) written above the tick, if any. */
  label: string | null;
  major: boolean;
}

export interface DiagramGeometry {
  width: number;
  height: number;
  boxes: PlacedBox[];
  ticks: RulerTick[];
}

/** Fits `text` in `px` pixels of characters `charPx` wide, ending it with "…" when cut. */
export function fitText(text: string, px: number, charPx: number): string {
  const chars = Math.floor((px - TEXT_PADDING) / charPx);
  if (chars <= 0) return '';
  return text.length <= chars ? text : chars === 1 ? text[0] : text.slice(0, chars - 1) + '…';
}

/** The text a box shows as its value, before fitting. */
function valueText(box: DiagramBox): string {
  if (box.elidedBytes > 0) return `⋯ ${box.elidedBytes} bytes ⋯`;
  return box.value;
}

function labelText(box: DiagramBox): string {
  return box.kind === 'unclaimed' ? 'unclaimed' : box.label;
}

/** Lays `diagram` out `width` pixels wide (at least MIN_WIDTH). */
export function placeDiagram(diagram: HeaderDiagram, width: number): DiagramGeometry {
  const w = Math.max(MIN_WIDTH, width);
  const x = scaleLinear().domain([0, diagram.rowBits]).range([MARGIN, w - MARGIN]);
  const rowEnds = new Map<number, number>();
  for (const b of diagram.boxes) rowEnds.set(b.row, Math.max(rowEnds.get(b.row) ?? 0, b.bitStart + b.bitWidth));
  const fits = (text: string, px: number, charPx: number) => text.length * charPx <= px - TEXT_PADDING;
  // Where a box's text goes: centred in the box; but a text line shorter than the row leaves
  // room on its right, into which its last box writes what does not fit inside (after the box
  // when the box is narrow, like the two bytes of a line end).
  const textRoom = (b: DiagramBox): { x: number; anchor: 'middle' | 'start'; px: number } => {
    const bx = x(b.bitStart);
    const bw = x(b.bitStart + b.bitWidth) - bx;
    const free = diagram.form === 'lines' && rowEnds.get(b.row) === b.bitStart + b.bitWidth ? x(diagram.rowBits) - (bx + bw) : 0;
    if (free > 0 && !(fits(labelText(b), bw, LABEL_CHAR_PX) && fits(valueText(b), bw, VALUE_CHAR_PX))) {
      return bw < VERTICAL_BELOW_PX ? { x: bx + bw + OUTSIDE_GAP, anchor: 'start', px: free - OUTSIDE_GAP } : { x: bx + TEXT_PADDING / 2, anchor: 'start', px: bw + free };
    }
    return { x: bx + bw / 2, anchor: 'middle', px: bw };
  };
  const room = (b: DiagramBox) => textRoom(b).px;
  const fitsAcross = (b: DiagramBox) => fits(labelText(b), room(b), LABEL_CHAR_PX);

  // Rows grow where a narrow box must write its name upwards; in a grown row, any box whose name
  // does not fit across writes it upwards too when that shows more of it.
  const heights: number[] = Array.from({ length: diagram.rows }, () => ROW_HEIGHT);
  for (const b of diagram.boxes) {
    if (fitsAcross(b) || room(b) >= VERTICAL_BELOW_PX) continue;
    const wanted = VERTICAL_PADDING + (labelText(b).length + 1) * LABEL_CHAR_PX;
    heights[b.row] = Math.max(heights[b.row], Math.min(MAX_ROW_HEIGHT, Math.ceil(wanted)));
  }
  const vertical = (b: DiagramBox) => !fitsAcross(b) && heights[b.row] - VERTICAL_PADDING > room(b);
  const tops: number[] = [];
  let y = RULER_HEIGHT;
  for (const h of heights) {
    tops.push(y);
    y += h;
  }

  const boxes = diagram.boxes.map((box): PlacedBox => {
    const bx = x(box.bitStart);
    const bw = x(box.bitStart + box.bitWidth) - bx;
    const text = textRoom(box);
    const px = text.px;
    const height = heights[box.row];
    const labelVertical = vertical(box);
    return {
      box,
      x: bx,
      y: tops[box.row],
      width: bw,
      height,
      textX: text.x,
      textAnchor: text.anchor,
      label: labelVertical ? fitText(labelText(box), height - VERTICAL_PADDING + TEXT_PADDING, LABEL_CHAR_PX) : fitText(labelText(box), px, LABEL_CHAR_PX),
      labelVertical,
      value: fitText(valueText(box), px, VALUE_CHAR_PX),
    };
  });
  return { width: w, height: y + 4, boxes, ticks: ruler(diagram, x) };
}

/** Bit numbers over a binary header (0, 8, 16, 24, 31); byte numbers every 8 over a text protocol's rows. */
function ruler(diagram: HeaderDiagram, x: (bit: number) => number): RulerTick[] {
  const ticks: RulerTick[] = [];
  if (diagram.form === 'bits') {
    for (let b = 0; b < diagram.rowBits; b++) {
      const labelled = b % 8 === 0 || b === diagram.rowBits - 1;
      ticks.push({ x: x(b), labelX: x(b + 0.5), label: labelled ? String(b) : null, major: b % 8 === 0 });
    }
  } else {
    for (let byte = 0; byte < diagram.rowBits / 8; byte++) {
      ticks.push({ x: x(byte * 8), labelX: x(byte * 8 + 4), label: byte % 8 === 0 ? String(byte) : null, major: byte % 8 === 0 });
    }
  }
  return ticks;
}
