// The RFC-style header diagram of one layer, as data: rows of boxes, each field a box exactly as
// wide as its bits. Binary headers are 32-bit rows worked out at bit level, so flags and 4-bit
// lengths get their own boxes (Wireshark's diagram drops them) and options are drawn field by
// field, wrapping across rows like the RFC figures. A text protocol (HTTP) is drawn as its
// lines instead, one row per line. What is drawn is what is on the wire: generated fields are
// left out, and of two fields on the same bytes the one holding the wire value wins.

import type { Field, Layer } from '../../../electron/dissect/field-model.js';
import { fieldBitRange } from './field-index.js';
import { isTextLine, visibleText } from './text-line.js';
import { currentLanguage, textOf } from '../../../electron/text/catalog.js';

/**
 * A field's name as a box (or the note of fields outside the header) writes it: the label in the
 * current language, without the Wireshark English the translation keeps beside it ("Port
 * źródłowy", not "Port źródłowy (Source Port)"): a box is narrow, and its tooltip has the tree's
 * whole line.
 */
export function boxLabel(field: Pick<Field, 'name' | 'label'>): string {
  if (currentLanguage() === 'en') return field.label;
  const local = textOf(`field.${field.name}.label`, field.label);
  const english = ` (${field.label})`;
  return local.endsWith(english) && local.length > english.length ? local.slice(0, -english.length) : local;
}

export const BITS_PER_ROW = 32;
/** A text protocol's rows are as wide as its longest line, within these bounds (bytes). */
export const TEXT_ROW_MIN_BYTES = 16;
export const TEXT_ROW_MAX_BYTES = 64;
/** A field taking more rows than this (a payload, a long body) is drawn as its first two rows, one row standing for the middle, and its last row. */
export const LONG_FIELD_ROWS = 16;

/**
 * What a box stands for: a field's own bits; bits of a field that none of its sub-fields names
 * (a flags word's undecoded bits, the spaces and line end of a text line); or bits no field claims.
 */
export type BoxKind = 'field' | 'rest' | 'unclaimed';

export interface DiagramBox {
  /** 0-based row of the diagram. */
  row: number;
  /** First bit of the box within its row. */
  bitStart: number;
  bitWidth: number;
  kind: BoxKind;
  /** The field drawn (for 'rest', the field whose unnamed bits these are); null when unclaimed. */
  field: Field | null;
  /** Id of that field in the packet's field index, when known. */
  fieldId: string | null;
  /** The field's label; empty for unnamed bits and unclaimed ones. */
  label: string;
  /**
   * What to write in the box: the field's value; for unnamed bits their bit pattern; in a text
   * protocol the characters on the wire (CR and LF made visible); "…" where a box continues one
   * from the row above.
   */
  value: string;
  /** The value written is the number on the wire where the tree shows another (IPv4's header length 5, shown as 20 bytes). */
  valueIsWireNumber: boolean;
  /** The box continues a field from the row above / onto the row below. */
  continuesFromAbove: boolean;
  continuesBelow: boolean;
  /** Bytes of a long field this one row stands for without drawing them; 0 for an ordinary box. */
  elidedBytes: number;
}

export interface HeaderDiagram {
  /** 'bits': a binary header in 32-bit rows; 'lines': a text protocol, one row per line. */
  form: 'bits' | 'lines';
  /** Width of every row in bits. */
  rowBits: number;
  rows: number;
  boxes: DiagramBox[];
  /** Fields of the layer lying outside its header range (Ethernet padding, a payload), listed separately. */
  outside: Field[];
}

interface Piece {
  start: number;
  width: number;
  kind: BoxKind;
  field: Field | null;
  id: string | null;
  /** The rest of a field whose sub-fields are bit fields: written as its bit pattern. */
  bitLevel: boolean;
  /** Starts one of the layer's top-level fields: in a text protocol, a new line. */
  startsLine: boolean;
}

type Range = { start: number; width: number };

/**
 * Lays out `layer` (the `layerIndex`-th of its packet, so boxes carry field-index ids). The
 * packet's `bytes` say what is on the wire: without them the boxes show the tree's values, and
 * neither text lines nor the bits of unnamed flags can be told.
 */
export function layoutHeaderDiagram(layer: Layer, layerIndex = 0, bytes: Uint8Array = new Uint8Array()): HeaderDiagram {
  const headerStart = layer.offset * 8;
  const headerEnd = (layer.offset + layer.length) * 8;
  const outside: Field[] = [];
  const pieces: Piece[] = [];

  // The boxes: the deepest drawn fields, plus whatever part of a parent its children leave uncovered.
  const visit = (field: Field, id: string, range: Range, startsLine: boolean): void => {
    const kids = drawnChildren(field, range, bytes).map(([c, i]) => [c, `${id}.${i}`] as const);
    if (kids.length === 0) {
      pieces.push({ ...range, kind: 'field', field, id, bitLevel: false, startsLine });
      return;
    }
    const bitLevel = kids.some(([c]) => isBitField(c));
    const covered: Array<[number, number]> = [];
    kids.forEach(([c, cid]) => {
      const r = fieldBitRange(c);
      visit(c, cid, r, startsLine && r.start === range.start);
      covered.push([r.start, r.start + r.width]);
    });
    for (const [s, e] of gaps(range.start, range.start + range.width, covered)) {
      pieces.push({ start: s, width: e - s, kind: 'rest', field, id, bitLevel, startsLine: startsLine && s === range.start });
    }
  };
  const top: Array<[Field, number]> = [];
  for (const [f, i] of onWire(layer.fields.map((f, i) => [f, i] as [Field, number]), bytes)) {
    const r = fieldBitRange(f);
    if (r.start >= headerEnd || r.start + r.width <= headerStart) outside.push(f);
    else top.push([f, i]);
  }
  for (const [f, i] of top) visit(f, `${layerIndex}.${i}`, fieldBitRange(f), true);

  const lines = isTextProtocol(layer, top.map(([f]) => f), bytes);
  const rowBits = lines ? 8 * clamp(Math.max(...top.map(([f]) => f.length)), TEXT_ROW_MIN_BYTES, TEXT_ROW_MAX_BYTES) : BITS_PER_ROW;
  const kept = tile(pieces, headerStart, headerEnd);
  const boxes = rowsOf(kept, rowBits, lines, bytes);
  return { form: lines ? 'lines' : 'bits', rowBits, rows: boxes.length ? boxes[boxes.length - 1].row + 1 : 0, boxes, outside };
}

/** Fields that are on the wire: neither computed nor empty. */
function drawn(field: Field): boolean {
  // A field in another data source (a datagram's fragments, listed in the IP header of the frame
  // that completed it) is not part of this header's bytes.
  return !field.generated && field.length > 0 && field.source === undefined;
}

function isBitField(field: Field): boolean {
  return field.mask !== undefined && field.mask !== 0;
}

/**
 * The children of `field` (with their indexes) that get boxes of their own: drawn ones inside
 * its bits, without those that only repeat the parent under another name (eth.addr), and
 * without bit fields lying in the bytes of a whole value another child draws: those comment on
 * that value (the LG and IG bits of a MAC address), where a flags word's bit fields are its parts.
 */
function drawnChildren(field: Field, range: Range, bytes: Uint8Array): Array<[Field, number]> {
  const inside = field.children.map((c, i) => [c, i] as [Field, number]).filter(([c]) => drawn(c) && within(fieldBitRange(c), range));
  const wholeValues = inside.filter(([c]) => !isBitField(c)).map(([c]) => ({ start: c.offset * 8, width: c.length * 8 }));
  const kids = inside.filter(([c]) => {
    const r = fieldBitRange(c);
    if (sameRange(r, range) && !c.children.some(drawn)) return false;
    return !isBitField(c) || !wholeValues.some((v) => within(r, v));
  });
  return onWire(kids, bytes);
}

/**
 * Keeps one field of each group of siblings on the same bits: the one whose value is the
 * number on the wire (TCP's raw sequence number rather than the relative one the tree shows),
 * on a tie the one Wireshark names `_raw`, else the first.
 */
function onWire(fields: Array<[Field, number]>, bytes: Uint8Array): Array<[Field, number]> {
  const drawnFields = fields.filter(([f]) => drawn(f));
  const best = new Map<string, [Field, number]>();
  const score = (f: Field) => (holdsWireValue(f, bytes) ? 2 : 0) + (f.name.endsWith('_raw') ? 1 : 0);
  for (const entry of drawnFields) {
    const r = fieldBitRange(entry[0]);
    const key = `${r.start}+${r.width}`;
    const held = best.get(key);
    if (!held || score(entry[0]) > score(held[0])) best.set(key, entry);
  }
  return drawnFields.filter((entry) => {
    const r = fieldBitRange(entry[0]);
    return best.get(`${r.start}+${r.width}`) === entry;
  });
}

/** Whether the field's value is the number its bytes hold. */
function holdsWireValue(field: Field, bytes: Uint8Array): boolean {
  const wire = wireNumber(field, bytes);
  return wire !== undefined && wire === numericValue(field);
}

function numericValue(field: Field): number | undefined {
  const v = field.value;
  return typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : undefined;
}

/** The unsigned big-endian number the field's bytes (under its mask) hold, for numeric fields of up to 6 bytes. */
function wireNumber(field: Field, bytes: Uint8Array): number | undefined {
  if (numericValue(field) === undefined || field.length > 6 || field.offset + field.length > bytes.length) return undefined;
  let wire = 0;
  for (let i = 0; i < field.length; i++) wire = wire * 256 + bytes[field.offset + i];
  if (isBitField(field) && field.length <= 4) {
    const mask = field.mask! >>> 0;
    wire = (wire & mask) >>> 0;
    let low = 0;
    while (((mask >>> low) & 1) === 0) low++;
    wire = Math.floor(wire / 2 ** low);
  }
  return wire;
}

/**
 * The number on the wire where the tree shows a different one: a length counted in words shown
 * in bytes (IPv4's header length 5 shown as 20), a relative number without a raw sibling. Not
 * for numbers written as text (HTTP's status code "200"), nor for signed values.
 */
function wireNumberShownOtherwise(field: Field, bytes: Uint8Array): number | undefined {
  const value = numericValue(field);
  const wire = wireNumber(field, bytes);
  if (value === undefined || wire === undefined || wire === value || value < 0) return undefined;
  if (!isBitField(field) && isPrintable(bytes, field.offset, field.offset + field.length)) return undefined;
  return wire;
}

function isPrintable(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] < 0x20 || bytes[i] > 0x7e) return false;
  return true;
}

/**
 * A text protocol's layer starts with a line of text (printable characters ending in CR LF) that
 * one of its fields covers exactly: HTTP's request or status line.
 */
function isTextProtocol(layer: Layer, top: readonly Field[], bytes: Uint8Array): boolean {
  const first = top.reduce<Field | null>((a, f) => (a === null || f.offset < a.offset ? f : a), null);
  return first !== null && first.offset === layer.offset && isTextLine(bytes, first.offset, first.offset + first.length);
}

/**
 * Keeps each bit once (a field repeated under another name keeps its first box), clipped to the
 * header, and fills what nobody claims with unclaimed pieces so the rows add up.
 */
function tile(pieces: Piece[], headerStart: number, headerEnd: number): Piece[] {
  pieces.sort((a, b) => a.start - b.start || b.width - a.width);
  const kept: Piece[] = [];
  let cursor = headerStart;
  const unclaimed = (start: number, width: number): Piece => ({ start, width, kind: 'unclaimed', field: null, id: null, bitLevel: false, startsLine: false });
  for (const p of pieces) {
    const s = Math.max(p.start, cursor);
    const e = Math.min(p.start + p.width, headerEnd);
    if (e <= s) continue;
    if (s > cursor) kept.push(unclaimed(cursor, s - cursor));
    kept.push({ ...p, start: s, width: e - s, startsLine: p.startsLine && s === p.start });
    cursor = e;
  }
  if (cursor < headerEnd) kept.push(unclaimed(cursor, headerEnd - cursor));
  return kept;
}

/**
 * Cuts the pieces into rows of `rowBits`: one after the other, a text protocol starting each of
 * its lines on a new row. A piece longer than LONG_FIELD_ROWS rows keeps its first two rows and
 * its last; one row in between stands for the rest.
 */
function rowsOf(pieces: Piece[], rowBits: number, lines: boolean, bytes: Uint8Array): DiagramBox[] {
  const boxes: DiagramBox[] = [];
  let row = 0;
  let col = 0;
  for (const p of pieces) {
    if (lines && p.startsLine && col > 0) {
      row++;
      col = 0;
    }
    const segments: Array<{ start: number; width: number; elided: number }> = [];
    for (let s = p.start, c = col; s < p.start + p.width; ) {
      const w = Math.min(p.start + p.width - s, rowBits - c);
      segments.push({ start: s, width: w, elided: 0 });
      s += w;
      c = 0;
    }
    if (segments.length > LONG_FIELD_ROWS) {
      const middle = segments.slice(2, -1);
      const bits = middle.reduce((sum, m) => sum + m.width, 0);
      segments.splice(2, middle.length, { start: middle[0].start, width: rowBits, elided: bits / 8 });
    }
    for (const seg of segments) {
      const first = seg.start === p.start;
      boxes.push({
        row,
        bitStart: col,
        bitWidth: seg.width,
        kind: p.kind,
        field: p.field,
        fieldId: p.id,
        label: p.kind === 'field' && p.field ? boxLabel(p.field) : p.kind === 'rest' && !p.bitLevel && !lines && p.field ? boxLabel(p.field) : '',
        value: seg.elided ? '' : boxValue(p, seg, first, lines, bytes),
        valueIsWireNumber: !seg.elided && first && !lines && p.kind === 'field' && p.field !== null && wireNumberShownOtherwise(p.field, bytes) !== undefined,
        continuesFromAbove: !first,
        continuesBelow: seg.start + (seg.elided ? seg.elided * 8 : seg.width) < p.start + p.width,
        elidedBytes: seg.elided,
      });
      col += seg.width;
      if (col >= rowBits) {
        row++;
        col = 0;
      }
    }
  }
  return boxes;
}

function boxValue(p: Piece, seg: { start: number; width: number }, first: boolean, lines: boolean, bytes: Uint8Array): string {
  if (p.kind === 'unclaimed') return '';
  if (lines && seg.start % 8 === 0 && seg.width % 8 === 0) return visibleText(bytes, seg.start / 8, (seg.start + seg.width) / 8);
  if (p.kind === 'rest' && (p.bitLevel || seg.start % 8 !== 0 || seg.width % 8 !== 0)) return bitPattern(bytes, seg.start, seg.width);
  if (!first) return '…';
  if (p.kind !== 'field' || !p.field) return '';
  const wire = wireNumberShownOtherwise(p.field, bytes);
  return wire === undefined ? p.field.show : String(wire);
}

/** The bits [start, start + width) of `bytes` as 0s and 1s (at most 32 of them); empty when the bytes are not there. */
function bitPattern(bytes: Uint8Array, start: number, width: number): string {
  if ((start + width + 7) >> 3 > bytes.length) return '';
  let out = '';
  for (let b = start; b < start + Math.min(width, 32); b++) out += (bytes[b >> 3] >> (7 - (b & 7))) & 1;
  return width > 32 ? out + '…' : out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function within(inner: Range, outer: Range): boolean {
  return inner.start >= outer.start && inner.start + inner.width <= outer.start + outer.width;
}

function sameRange(a: Range, b: Range): boolean {
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
