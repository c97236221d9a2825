// The fields a display filter reads, for a decoding that builds only those (DissectOptions.fields):
// a filter names a few fields, a packet has hundreds, and building the rest (objects, hex strings
// of payloads) was most of a filter's time on a big capture.

import type { Field, FieldValue, Problem } from './field-model.js';
import { fieldSpecsMade, type FieldSpec } from './field-spec.js';

export class FieldSelection {
  /** Per field name: null when the field is built, else the stand-in handed out for it. */
  private readonly standIns = new Map<string, UnkeptField | null>();
  /** The same, by the spec's serial number (most specs have one): an index is cheaper than a name. */
  // (Filled from the start: an array written at scattered indices becomes a slow dictionary.)
  private readonly bySerial: (UnkeptField | null | undefined)[] = new Array(fieldSpecsMade()).fill(undefined);

  constructor(
    /** Fields kept by name (ip.src and ip.dst for ip.addr). */
    private readonly names: ReadonlySet<string>,
    /**
     * Protocols whose fields are kept wherever they appear: a filter that names a protocol finds
     * it inside another layer by its fields (the `data.data` an HTTP body holds).
     */
    private readonly protocols: readonly string[] = [],
  ) {}

  keeps(name: string): boolean {
    return this.names.has(name) || this.protocols.some((p) => name.startsWith(p) && name.charCodeAt(p.length) === 0x2e);
  }

  /**
   * Null when the field `spec` describes is built; else its stand-in, filled in with where it is
   * and its value. One per field name, reused: building one per field left out made more garbage
   * than the fields that were saved.
   */
  standIn(spec: FieldSpec, offset: number, length: number, value: FieldValue): UnkeptField | null {
    const serial = spec.serial;
    let f = serial === undefined ? undefined : this.bySerial[serial];
    if (f === undefined) {
      f = this.standIns.get(spec.name);
      if (f === undefined) {
        f = this.keeps(spec.name) ? null : new UnkeptField(spec.name);
        this.standIns.set(spec.name, f);
      }
      if (serial !== undefined && serial < this.bySerial.length) this.bySerial[serial] = f;
    }
    if (f === null) return null;
    f.label = spec.label;
    f.offset = offset;
    f.length = length;
    f.value = value;
    if (f.children.length !== 0) f.children.length = 0;
    if (f.problems !== undefined) f.problems = undefined;
    if (f.source !== undefined) f.source = undefined;
    return f;
  }
}

/**
 * Stands for a field a selection leaves out: a decoder may read where its bytes are, change it or
 * attach to it as to any field, and nothing it is given is kept (a field built under it goes to the
 * top of its layer: a filter finds fields by name).
 */
export class UnkeptField implements Field {
  label = '';
  offset = 0;
  length = 0;
  value: FieldValue = null;
  show = '';
  showname = '';
  description = '';
  children: Field[] = [];
  problems?: Problem[] = undefined;
  source?: number = undefined;

  constructor(public name: string) {}
}
