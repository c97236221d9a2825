// The one bounds-checked cursor every protocol decoder reads through. It knows the captured
// length (bytes we have) and the reported length (bytes that were on the wire), so running off
// the end is told apart as "cut short by the capture's snap length" or "malformed".
//
// It also runs in two modes: `detail` builds the full field tree; summary mode (used to list a
// million packets) only reads values, so decoders are written once and serve both.

import type { Field, FieldValue, Layer, OsiLayer, Problem, Severity, TcpIpLayer } from './field-model.js';
import type { FieldSpec } from './field-table.js';
import type { DispatchTable, NextLayer } from './dissector.js';
import { colonHex } from './display-format.js';

/** The bytes of one frame as captured, and what the capture says was on the wire. */
export interface FrameBytes {
  readonly bytes: Uint8Array;
  /** Original length on the wire (may exceed bytes.length when the snap length cut the frame). */
  readonly reportedLength: number;
}

/** Returned by `add` in summary mode: decoders may attach children to it and nothing is kept. */
const DISCARDED: Field = Object.freeze({
  name: '',
  label: '',
  offset: 0,
  length: 0,
  value: null,
  show: '',
  description: '',
  children: Object.freeze([]) as unknown as Field[],
}) as Field;

export interface LayerPlace {
  protocol: string;
  osi: OsiLayer;
  tcpip: TcpIpLayer;
}

export class LayerBuilder {
  readonly fields: Field[] = [];
  readonly problems: Problem[] = [];
  title: string;
  /** End of this layer's header; decoders move it forward as they read. */
  end: number;
  private data: Uint8Array;
  private readonly following: NextLayer = { table: 'link', key: -1, otherKey: -1, offset: 0, end: 0 };

  constructor(
    /** (Decoders only read these four; `reset` changes them when a summary pass reuses the builder.) */
    public frame: FrameBytes,
    public place: LayerPlace,
    /** Where this layer starts, from the start of the frame. */
    public start: number,
    /** Whether to build the field tree (false when only the packet list's summary is needed). */
    readonly detail: boolean,
  ) {
    this.title = place.protocol;
    this.end = start;
    // Reads are plain byte arithmetic: a DataView per layer cost more than all of a layer's reads
    // in summary mode. Decoders check `need`/`has` before reading.
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

  /** True when `length` bytes at `offset` were captured. */
  has(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.data.length;
  }

  /**
   * Checks that a field's bytes were captured; when they were not, records why (snap length or
   * malformed), naming the field and offset, and returns false so the decoder can stop there.
   */
  need(spec: FieldSpec, offset: number, length: number): boolean {
    // Kept tiny (the rare case is a call of its own) so that V8 inlines it into every decoder:
    // a decoder calls `need` and `add` for each field, and its inlining budget is small.
    if (offset >= 0 && length >= 0 && offset + length <= this.data.length) return true;
    return this.missing(spec, offset, length);
  }

  /** "only 60 of 1514 bytes were captured", for problems about bytes cut by the snap length. */
  capturedText(): string {
    return `only ${this.captured} of ${this.frame.reportedLength} bytes were captured`;
  }

  /** `need`'s rare case: records why the field's bytes are missing. */
  private missing(spec: FieldSpec, offset: number, length: number): false {
    const wire = offset + length <= this.frame.reportedLength;
    const message = wire
      ? `${spec.label} (${length} byte${length === 1 ? '' : 's'} at offset ${offset}) was cut off by the capture's snap length (${this.capturedText()})`
      : `${spec.label} (${length} byte${length === 1 ? '' : 's'} at offset ${offset}) lies past the end of the frame (${this.frame.reportedLength} bytes): the packet is malformed`;
    this.problem(wire ? 'warning' : 'error', message, offset, spec.name);
    return false;
  }

  u8(offset: number): number {
    return this.data[offset];
  }

  u16(offset: number): number {
    const d = this.data;
    return (d[offset] << 8) | d[offset + 1];
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

  /**
   * Adds a field at `offset`/`length` under `parent` (or at the top of the layer) and extends the
   * layer's header end to cover it. Returns the field so children can be added under it.
   */
  add(
    parent: Field | null,
    spec: FieldSpec,
    offset: number,
    length: number,
    value: FieldValue,
    show: string,
  ): Field {
    if (offset + length > this.end && length > 0) this.end = offset + length;
    // The field itself is built in a call of its own, so that summary mode's `add` stays small
    // enough for V8 to inline into the decoders.
    return this.detail ? this.addField(parent, spec, offset, length, value, show) : DISCARDED;
  }

  private addField(parent: Field | null, spec: FieldSpec, offset: number, length: number, value: FieldValue, show: string): Field {
    const field: Field = {
      name: spec.name,
      label: spec.label,
      offset,
      length,
      value,
      show,
      description: spec.description,
      children: [],
    };
    if (spec.mask !== undefined) field.mask = spec.mask;
    if (spec.rfc !== undefined) field.rfc = spec.rfc;
    (parent ? parent.children : this.fields).push(field);
    return field;
  }

  /** Adds a field whose value and show are both its bytes in colon hex ("0a:1b"), formatted once. */
  addHex(parent: Field | null, spec: FieldSpec, offset: number, length: number): Field {
    const hex = this.detail ? colonHex(this.bytes(offset, length)) : '';
    return this.add(parent, spec, offset, length, hex, hex);
  }

  /**
   * Adds a sub-byte field whose bits are `spec.mask` within the big-endian value of the
   * `length` bytes at `offset`; its value is the masked bits shifted down. Returns that value.
   */
  bits(parent: Field | null, spec: FieldSpec, offset: number, length: number, show?: (v: number) => string): number {
    const mask = spec.mask ?? 0;
    const raw = length === 1 ? this.u8(offset) : length === 2 ? this.u16(offset) : this.u32(offset);
    const v = (raw & mask) >>> shiftOf(mask);
    this.add(parent, spec, offset, length, v, !this.detail ? '' : show ? show(v) : String(v));
    return v;
  }

  /** Records a problem on the layer and, when given, on the field concerned. */
  problem(severity: Severity, message: string, offset: number, fieldName?: string, field?: Field): void {
    const p: Problem = { severity, message, offset };
    if (fieldName) p.field = fieldName;
    this.problems.push(p);
    if (field && field !== DISCARDED) (field.problems ??= []).push(p);
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
    return n;
  }

  finish(): Layer {
    // A problem that names a field but was not attached to it (e.g. truncation found before the
    // field could be added) stays on the layer, where the tree shows it.
    return {
      protocol: this.place.protocol,
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

function shiftOf(mask: number): number {
  if (mask === 0) return 0;
  let s = 0;
  while (((mask >>> s) & 1) === 0) s++;
  return s;
}
