// The one bounds-checked cursor every protocol decoder reads through. One call checks that a
// field's bytes were captured, reads them, adds the field with its byte range and value and moves
// the header's end; the field's texts come from its spec (field-format.ts). It knows the captured
// length (bytes we have) and the reported length (bytes that were on the wire), so running off
// the end is told apart as "cut short by the capture's snap length" or "malformed".
//
// It runs in two modes: `detail` builds the full field tree; summary mode (used to list a million
// packets) only reads values and builds no text. Decoders are written once for both and never
// test the mode themselves: the methods here do.

import type { Field, FieldValue, Layer, Problem } from './field-model.js';
import type { FieldSpec } from './field-spec.js';
import type { DispatchTable, LayerPlace, NextLayer, ReassembledBytes } from './dissector.js';
import type { ProblemSpec } from './problem-spec.js';
import { problemCode } from './problem-spec.js';
import { fieldDescription, formatShow, formatShowname } from './field-format.js';
import { ipv4Address, ipv6Address, macAddress, plainHex } from './display-format.js';
import { formatMessage, type MessageParams } from '../text/message-format.js';
import { currentLanguage, textOf } from '../text/catalog.js';
import { decodeText, formatText } from './byte-text.js';
import { PACKET_FIELDS, PACKET_PROBLEMS } from './packet-problems.js';
import { UnkeptField, type FieldSelection } from './field-selection.js';

/** The bytes of one frame as captured, and what the capture says was on the wire. */
export interface FrameBytes {
  readonly bytes: Uint8Array;
  /** Original length on the wire (may exceed bytes.length when the snap length cut the frame). */
  readonly reportedLength: number;
}

/**
 * Computes what only the tree shows (a value, a line) from the arguments given with it. Decoders
 * on the packet list's path pass a function declared once and its arguments rather than a closure
 * over them, so that no packet allocates a closure that summary mode never calls.
 */
export type Lazy<T, X, Y, Z> = (x: X, y: Y, z: Z) => T;

/**
 * The bit fields of a word a decoder has read, each as [spec, offset from the position given,
 * length of the bytes its mask applies to].
 */
export type BitFields = ReadonlyArray<readonly [spec: FieldSpec, offset: number, length: number]>;

/** Stands for every field in summary mode: decoders may attach children to it and nothing is kept. */
const DISCARDED: Field = Object.freeze({
  name: '',
  label: '',
  offset: 0,
  length: 0,
  value: null,
  show: '',
  showname: '',
  description: '',
  children: Object.freeze([]) as unknown as Field[],
}) as Field;

export class LayerBuilder {
  readonly fields: Field[] = [];
  readonly problems: Problem[] = [];
  title: string;
  /** End of this layer's header; every field added moves it forward. */
  end: number;
  /** The field added last (in summary mode a stand-in that keeps nothing). */
  last: Field = DISCARDED;
  private data: Uint8Array;
  private readonly following: NextLayer = { table: 'link', key: -1, otherKey: -1, offset: 0, end: 0, source: undefined, frameEnd: undefined };

  constructor(
    /** (Decoders only read these four; `reset` changes them when a summary pass reuses the builder.) */
    public frame: FrameBytes,
    public place: LayerPlace,
    /** Where this layer starts, from the start of the frame. */
    public start: number,
    /** Whether to build the field tree (false when only the packet list's summary is needed). */
    readonly detail: boolean,
    /** With the tree, whether to format each field's show and showname (a display filter reads values only). */
    readonly texts = true,
    /** With the tree, the only fields built (a display filter's); the others are read and left out. */
    private readonly selection?: FieldSelection,
  ) {
    this.title = place.protocol;
    this.end = start;
    // Reads are plain byte arithmetic: a DataView per layer cost more than all of a layer's reads
    // in summary mode.
    this.data = frame.bytes;
  }

  /**
   * Makes a summary-mode builder ready for another layer, so that listing a million packets does
   * not build a million builders. (Detail builders are never reset: their fields are handed out.)
   */
  reset(frame: FrameBytes, place: LayerPlace, start: number): void {
    this.frame = frame;
    this.data = frame.bytes;
    this.place = place;
    this.start = start;
    this.end = start;
    this.title = place.protocol;
    if (this.problems.length !== 0) this.problems.length = 0;
  }

  get captured(): number {
    return this.frame.bytes.length;
  }

  /** True when the snap length kept fewer bytes than were on the wire. */
  get truncated(): boolean {
    return this.frame.bytes.length < this.frame.reportedLength;
  }

  /** True when `length` bytes at `offset` were captured. */
  has(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.data.length;
  }

  /**
   * Checks that a field's bytes were captured; when they were not, records why (snap length or
   * malformed), naming the field and offset, and returns false so the decoder can stop there.
   */
  need(spec: FieldSpec, offset: number, length: number): boolean {
    // Kept tiny (the rare case is a call of its own) so that V8 inlines it into every decoder.
    if (offset >= 0 && length >= 0 && offset + length <= this.data.length) return true;
    return this.missing(spec, offset, length);
  }

  /**
   * Records that `length` bytes of `spec` at `offset` are not all there: cut by the snap length
   * when they were on the wire, else the packet is malformed. Always false.
   */
  missing(spec: FieldSpec, offset: number, length: number, on?: Field): false {
    const wire = offset + length <= this.frame.reportedLength;
    const params = { field: this.detail ? textOf(`field.${spec.name}.label`, spec.label) : spec.label, length: Math.max(0, length), offset, captured: this.captured, reported: this.frame.reportedLength };
    this.problem(wire ? PACKET_PROBLEMS.cut_by_snaplen : PACKET_PROBLEMS.past_end, offset, params, on ?? spec);
    // The header went on past what is there: its bytes that are there are still this layer's
    // (a TCP header cut by the snap length is TCP's, not application data), as tshark sizes it.
    const reach = Math.min(offset + Math.max(0, length), this.data.length);
    const from = Math.max(this.end, this.start);
    if (offset >= this.start && reach > from) {
      if (this.detail && this.builds(PACKET_FIELDS.header_rest, from, reach - from)) this.newField(null, PACKET_FIELDS.header_rest, from, reach - from, plainHex(this.bytes(from, reach - from)));
      this.end = reach;
    }
    return false;
  }

  u8(offset: number): number {
    return this.data[offset];
  }

  u16(offset: number): number {
    const d = this.data;
    return (d[offset] << 8) | d[offset + 1];
  }

  u24(offset: number): number {
    const d = this.data;
    return (d[offset] << 16) | (d[offset + 1] << 8) | d[offset + 2];
  }

  u32(offset: number): number {
    const d = this.data;
    return ((d[offset] << 24) | (d[offset + 1] << 16) | (d[offset + 2] << 8) | d[offset + 3]) >>> 0;
  }

  u32le(offset: number): number {
    const d = this.data;
    return (d[offset] | (d[offset + 1] << 8) | (d[offset + 2] << 16) | (d[offset + 3] << 24)) >>> 0;
  }

  bytes(offset: number, length: number): Uint8Array {
    return this.frame.bytes.subarray(offset, offset + length);
  }

  /** Reads the big-endian number of `length` (1 to 4) bytes at `offset`. */
  private read(offset: number, length: number): number {
    return length === 1 ? this.data[offset] : length === 2 ? this.u16(offset) : length === 4 ? this.u32(offset) : this.u24(offset);
  }

  /**
   * Reads the number `spec` describes at `offset` (its width from its type), adds it under
   * `parent` (or at the top of the layer) and returns it; -1 when its bytes were not captured
   * (the problem is recorded).
   */
  uint(parent: Field | null, spec: FieldSpec, offset: number): number {
    const length = spec.size;
    if (offset < 0 || offset + length > this.data.length) {
      this.missing(spec, offset, length);
      return -1;
    }
    let v = this.read(offset, length);
    if (spec.type === 'int8') v = (v << 24) >> 24;
    else if (spec.type === 'int16') v = (v << 16) >> 16;
    else if (spec.type === 'int32') v = v | 0;
    if (offset + length > this.end) this.end = offset + length;
    if (this.detail) this.addField(parent, spec, offset, length, v);
    return v;
  }

  /**
   * Reads the bits `spec.mask` selects in the `length` bytes at `offset` (default: the spec's
   * size), shifted down (and times the spec's multiplier), adds the field and returns the value;
   * -1 when not captured.
   */
  bits(parent: Field | null, spec: FieldSpec, offset: number, length = spec.size || 1): number {
    if (offset < 0 || offset + length > this.data.length) {
      this.missing(spec, offset, length);
      return -1;
    }
    const mask = spec.mask ?? 0xffffffff;
    const bits = ((this.read(offset, length) & mask) >>> 0) >>> (spec.shift ?? 0);
    const v = spec.multiplier === undefined ? bits : bits * spec.multiplier;
    if (offset + length > this.end) this.end = offset + length;
    if (this.detail) this.addField(parent, spec, offset, length, v);
    return v;
  }

  /**
   * Adds under `parent` the bit fields of bytes already read (the parent's), each at `at` plus its
   * offset, as Wireshark's proto_tree_add_bitmask does. Only the tree shows them, so summary mode
   * reads none: TCP's ten flags read one by one cost 4% of listing 1M packets.
   */
  bitmask(parent: Field, fields: BitFields, at: number): void {
    if (!this.detail) return;
    for (const [spec, offset, length] of fields) this.bits(parent, spec, at + offset, length);
  }

  /**
   * Calls `add(this, parent, x, y, z)` to add the parts of `parent` (null: of the layer) when the
   * tree is built: fields that lie inside bytes already added and have no problems of their own
   * (the method, URI and version of a request line; the pairs of a cookie; computed fields), which
   * the packet list need not look for.
   */
  parts<P extends Field | null, X, Y, Z>(parent: P, add: (b: LayerBuilder, parent: P, x: X, y: Y, z: Z) => void, x: X, y: Y, z: Z): void {
    if (this.detail) add(this, parent, x, y, z);
  }

  /**
   * Whether the tree gets the field `spec` describes, or `other`: work only they need (verifying a
   * checksum sums every payload byte) is skipped when the tree is not built, or when a display
   * filter reads neither (a filter reads fields, never the problems such work may find).
   */
  shows(spec: FieldSpec, other?: FieldSpec): boolean {
    if (!this.detail) return false;
    const s = this.selection;
    return s === undefined || s.keeps(spec.name) || (other !== undefined && s.keeps(other.name));
  }

  /**
   * Moves the fields added at the top of the layer since it held `from` under `parent`, a field
   * added before them (when the selection left `parent` out, they stay at the top).
   */
  moveUnder(parent: Field, from: number): void {
    if (!this.detail || parent === DISCARDED || parent instanceof UnkeptField) return;
    for (const f of this.fields.splice(from)) parent.children.push(f);
  }

  /** Adds the address `spec` describes (IPv4, IPv6 or MAC) at `offset`; false when not captured. */
  address(parent: Field | null, spec: FieldSpec, offset: number): boolean {
    const length = spec.size;
    if (offset < 0 || offset + length > this.data.length) return this.missing(spec, offset, length);
    if (offset + length > this.end) this.end = offset + length;
    if (this.detail && this.builds(spec, offset, length)) {
      const bytes = this.data;
      const text = spec.type === 'ipv4' ? ipv4Address(bytes, offset) : spec.type === 'ipv6' ? ipv6Address(bytes, offset) : macAddress(bytes, offset);
      this.newField(parent, spec, offset, length, text);
    }
    return true;
  }

  /** Adds the `length` bytes at `offset` as a byte field (value plain hex); false when not all captured. */
  hex(parent: Field | null, spec: FieldSpec, offset: number, length: number): boolean {
    if (offset < 0 || length < 0 || offset + length > this.data.length) return this.missing(spec, offset, length);
    if (offset + length > this.end && length > 0) this.end = offset + length;
    if (this.detail && this.builds(spec, offset, length)) this.newField(parent, spec, offset, length, plainHex(this.bytes(offset, length)));
    return true;
  }

  /** `hex`, returning the field added (for children); the caller has checked the bytes were captured. */
  hexField(parent: Field | null, spec: FieldSpec, offset: number, length: number): Field {
    return this.hex(parent, spec, offset, length) ? this.last : DISCARDED;
  }

  /**
   * Adds a field whose value the decoder already has (computed, generated, or text it decoded):
   * its texts come from the spec. Extends the header's end over its bytes.
   */
  add(parent: Field | null, spec: FieldSpec, offset: number, length: number, value: FieldValue): Field {
    if (offset + length > this.end && length > 0) this.end = offset + length;
    return this.detail ? this.addField(parent, spec, offset, length, value) : DISCARDED;
  }

  /**
   * Adds a field whose value `value(x, y, z)` computes only when the tree is built (text that
   * would cost a string per packet in the packet list).
   */
  addLazy<T extends FieldValue, X = undefined, Y = undefined, Z = undefined>(parent: Field | null, spec: FieldSpec, offset: number, length: number, value: Lazy<T, X, Y, Z>, x?: X, y?: Y, z?: Z): Field {
    if (offset + length > this.end && length > 0) this.end = offset + length;
    if (!this.detail) return DISCARDED;
    return this.builds(spec, offset, length) ? this.newField(parent, spec, offset, length, value(x as X, y as Y, z as Z)) : this.last;
  }

  /**
   * Adds a text field covering [offset, offset + length) whose value is the text of the bytes
   * [from, to) (default: the same bytes), decoded only when the tree is built.
   */
  text(parent: Field | null, spec: FieldSpec, offset: number, length: number, from = offset, to = offset + length): Field {
    if (offset + length > this.end && length > 0) this.end = offset + length;
    if (!this.detail) return DISCARDED;
    return this.builds(spec, offset, length) ? this.newField(parent, spec, offset, length, decodeText(this.data, from, to)) : this.last;
  }

  /** `text`, with control characters escaped as Wireshark's tree shows a line ("\r\n"). */
  escapedText(parent: Field | null, spec: FieldSpec, offset: number, length: number): Field {
    if (offset + length > this.end && length > 0) this.end = offset + length;
    if (!this.detail) return DISCARDED;
    return this.builds(spec, offset, length) ? this.newField(parent, spec, offset, length, formatText(this.data, offset, offset + length)) : this.last;
  }

  /** Makes a field's line the bytes [from, to) as Wireshark shows text (a header line as sent). */
  lineOf(field: Field, from: number, to: number): void {
    if (field !== DISCARDED && this.texts) field.showname = formatText(this.data, from, to);
  }

  /**
   * Whether the tree gets the field `spec` describes (every field, unless a selection says);
   * when not, `last` becomes a stand-in for it.
   */
  private builds(spec: FieldSpec, offset: number, length: number, value: FieldValue = null): boolean {
    if (this.selection === undefined) return true;
    const standIn = this.selection.standIn(spec, offset, length, value);
    if (standIn === null) return true;
    this.last = standIn;
    return false;
  }

  private addField(parent: Field | null, spec: FieldSpec, offset: number, length: number, value: FieldValue): Field {
    return this.builds(spec, offset, length, value) ? this.newField(parent, spec, offset, length, value) : this.last;
  }

  /** Builds the field (the selection, if any, has already said it is wanted). */
  private newField(parent: Field | null, spec: FieldSpec, offset: number, length: number, value: FieldValue): Field {
    const field: Field = {
      name: spec.name,
      label: spec.label,
      offset,
      length,
      value,
      show: this.texts ? formatShow(spec, value) : '',
      showname: this.texts ? formatShowname(spec, value) : '',
      description: this.texts ? fieldDescription(spec) : spec.description,
      children: [],
    };
    if (spec.mask !== undefined) field.mask = spec.mask;
    if (spec.rfc !== undefined) field.rfc = spec.rfc;
    if (spec.generated) field.generated = true;
    // A kept field under one left out is kept at the top: a filter finds fields by name.
    (parent && parent !== DISCARDED && !(parent instanceof UnkeptField) ? parent.children : this.fields).push(field);
    this.last = field;
    return field;
  }

  /**
   * Adds text to a field's line (", Don't fragment", " [correct]"), or what `text(x, y, z)`
   * writes; nothing in summary mode.
   */
  annotate<X = undefined, Y = undefined, Z = undefined>(field: Field, text: string | Lazy<string, X, Y, Z>, x?: X, y?: Y, z?: Z): void {
    if (field !== DISCARDED && this.texts) field.showname += typeof text === 'string' ? text : text(x as X, y as Y, z as Z);
  }

  /** Replaces a field's line with the text `line(x, y, z)` builds (a summary of its children). */
  rewrite<X = undefined, Y = undefined, Z = undefined>(field: Field, line: Lazy<string, X, Y, Z>, x?: X, y?: Y, z?: Z): void {
    if (field !== DISCARDED && this.texts) field.showname = line(x as X, y as Y, z as Z);
  }

  /**
   * Records a problem on the layer and on the field it concerns (a field added, or the spec of
   * one that could not be). The message is formatted only when the tree is built.
   */
  problem(spec: ProblemSpec, offset: number, params?: MessageParams, on?: Field | FieldSpec): void {
    const p: Problem = {
      code: problemCode(spec),
      severity: spec.severity,
      message: this.detail ? formatMessage(textOf(spec.id, spec.en), params, currentLanguage()) : '',
      offset,
    };
    if (params) p.params = params as Record<string, string | number>;
    if (on && on !== DISCARDED) p.field = on.name;
    this.problems.push(p);
    if (on && on !== DISCARDED && 'children' in on) (on.problems ??= []).push(p);
  }

  /**
   * What comes after this header: the payload [offset, end) goes to the decoder registered in
   * `table` under `key`, else under `otherKey` (-1: none). The object is reused by the builder:
   * the engine reads it before the builder decodes another layer.
   */
  next(table: DispatchTable, offset: number, end: number, key = -1, otherKey = -1): NextLayer {
    const n = this.following;
    n.table = table;
    n.key = key;
    n.otherKey = otherKey;
    n.offset = offset;
    n.end = end;
    n.source = undefined;
    n.frameEnd = undefined;
    n.rest = undefined;
    return n;
  }

  /**
   * What comes after this header is decoded from the reassembled bytes `source` (past its
   * prefix), not from the frame: by `key` (else `otherKey`) of `table`. This layer's payload in
   * the frame ends at `frameEnd`. Frame bytes [restAt, frameEnd) that begin messages of their own
   * are decoded after them, by the same keys (-1: none).
   */
  nextIn(source: ReassembledBytes, frameEnd: number, table: DispatchTable, key = -1, otherKey = -1, restAt = -1): NextLayer {
    const n = this.next(table, source.prefix, source.bytes.length, key, otherKey);
    n.source = source;
    n.frameEnd = frameEnd;
    if (restAt >= 0 && restAt < frameEnd) n.rest = { offset: restAt, end: frameEnd };
    return n;
  }

  finish(name: string): Layer {
    // A problem that names a field but was not attached to it (e.g. truncation found before the
    // field could be added) stays on the layer, where the tree shows it.
    return {
      protocol: this.place.protocol,
      name,
      title: this.title,
      osi: this.place.osi,
      tcpip: this.place.tcpip,
      offset: this.start,
      length: Math.max(0, Math.min(this.end, this.captured) - this.start),
      fields: this.fields,
      problems: this.problems,
    };
  }
}

