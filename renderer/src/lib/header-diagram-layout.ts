// The RFC-style header diagram of one layer: 32-bit rows, each field a box exactly as wide as its
// bits. Works at bit level so flags and 4-bit lengths get their own boxes (Wireshark's diagram
// drops them), and options are drawn field by field, wrapping across rows like the RFC figures.

import type { Field, Layer } from '../../../electron/dissect/field-model.js';
import { fieldBitRange } from './field-index.js';

export const BITS_PER_ROW = 32;

export interface DiagramBox {
  /** 0-based row of 32 bits, counted from the layer's first byte. */
  row: number;
  /** First bit of the box within its row (0-31). */
  bitStart: number;
  bitWidth: number;
  /** The field drawn, or null for bits no field claims. */
  field: Field | null;
  /** Id of the field in the packet's field index, when known. */
  fieldId: string | null;
  /** The box continues a field from the row above / onto the row below. */
  continuesFromAbove: boolean;
  continuesBelow: boolean;
}

export interface HeaderDiagram {
  rows: number;
  boxes: DiagramBox[];
  /** Bytes of the header left out because of `maxRows` (large payloads). */
  omittedBytes: number;
  /** Fields of the layer lying outside its header range (Ethernet padding, a payload), listed separately. */
  outside: Field[];
}

interface Piece {
  start: number;
  width: number;
  field: Field | null;
  id: string | null;
}

/**
 * Lays out `layer` (the `layerIndex`-th of its packet, so boxes carry field-index ids).
 * `maxRows` caps very long layers such as a 1400-byte payload.
 */
export function layoutHeaderDiagram(layer: Layer, layerIndex = 0, maxRows = 24): HeaderDiagram {
  const headerStart = layer.offset * 8;
  const headerEnd = (layer.offset + layer.length) * 8;
  const outside: Field[] = [];
  const pieces: Piece[] = [];

  // Collect the boxes: the deepest fields that own bits, plus whatever part of a parent its
  // children leave uncovered.
  const visit = (field: Field, id: string): Array<[number, number]> => {
    const range = fieldBitRange(field);
    if (range.width === 0) return [];
    const kids = field.children
      .map((c, i) => [c, `${id}.${i}`] as const)
      .filter(([c]) => c.length > 0 && within(fieldBitRange(c), range));
    // One child naming exactly the parent's bits (an option's kind for a one-byte NOP) adds
    // nothing: draw the parent, whose label says more.
    const sameAsParent = kids.length === 1 && sameRange(fieldBitRange(kids[0][0]), range) && kids[0][0].children.length === 0;
    if (kids.length === 0 || sameAsParent) {
      pieces.push({ ...range, field, id });
      return [[range.start, range.start + range.width]];
    }
    const covered: Array<[number, number]> = [];
    for (const [c, cid] of kids) covered.push(...visit(c, cid));
    for (const [s, e] of gaps(range.start, range.start + range.width, covered)) pieces.push({ start: s, width: e - s, field, id });
    return [[range.start, range.start + range.width]];
  };
  layer.fields.forEach((f, i) => {
    const r = fieldBitRange(f);
    if (r.width === 0) return;
    if (r.start >= headerEnd || r.start + r.width <= headerStart) {
      outside.push(f);
      return;
    }
    visit(f, `${layerIndex}.${i}`);
  });

  // Keep each bit once (a field repeated under another name keeps its first box), clipped to
  // the header, and fill what nobody claims with unnamed boxes so the rows add up to 32 bits.
  pieces.sort((a, b) => a.start - b.start || b.width - a.width);
  const kept: Piece[] = [];
  let cursor = headerStart;
  for (const p of pieces) {
    const s = Math.max(p.start, cursor, headerStart);
    const e = Math.min(p.start + p.width, headerEnd);
    if (e <= s) continue;
    if (s > cursor) kept.push({ start: cursor, width: s - cursor, field: null, id: null });
    kept.push({ start: s, width: e - s, field: p.field, id: p.id });
    cursor = e;
  }
  if (cursor < headerEnd) kept.push({ start: cursor, width: headerEnd - cursor, field: null, id: null });

  const limit = headerStart + maxRows * BITS_PER_ROW;
  const boxes: DiagramBox[] = [];
  for (const p of kept) {
    let s = p.start;
    const e = Math.min(p.start + p.width, limit);
    while (s < e) {
      const rel = s - headerStart;
      const row = Math.floor(rel / BITS_PER_ROW);
      const bitStart = rel % BITS_PER_ROW;
      const w = Math.min(e - s, BITS_PER_ROW - bitStart);
      boxes.push({
        row,
        bitStart,
        bitWidth: w,
        field: p.field,
        fieldId: p.id,
        continuesFromAbove: s > p.start,
        continuesBelow: s + w < p.start + p.width,
      });
      s += w;
    }
  }
  const shownBits = Math.min(headerEnd, limit) - headerStart;
  return {
    rows: Math.ceil(shownBits / BITS_PER_ROW),
    boxes,
    omittedBytes: Math.max(0, (headerEnd - limit) / 8),
    outside,
  };
}

function within(inner: { start: number; width: number }, outer: { start: number; width: number }): boolean {
  return inner.start >= outer.start && inner.start + inner.width <= outer.start + outer.width;
}

function sameRange(a: { start: number; width: number }, b: { start: number; width: number }): boolean {
  return a.start === b.start && a.width === b.width;
}

/** The parts of [start, end) not covered by any of `covered`. */
function gaps(start: number, end: number, covered: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...covered].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let at = start;
  for (const [s, e] of sorted) {
    if (s > at) out.push([at, Math.min(s, end)]);
    at = Math.max(at, e);
  }
  if (at < end) out.push([at, end]);
  return out.filter(([s, e]) => e > s);
}
