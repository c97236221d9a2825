// Each protocol declares its fields once, in a typed table, the way Wireshark's hf_register_info
// does: filter name, label, type, display base, bit mask, value names, unit, reference and a
// sentence for learners. Decoders only say where a field is; how it is read and shown follows
// from its spec (field-format.ts), and the display filter compares values by these types.

import { declareText } from '../text/catalog.js';

/** The value types of fields, as Wireshark's FT_* types (the filter engine compares by these). */
export type FieldType =
  | 'uint8' | 'uint16' | 'uint24' | 'uint32'
  | 'int8' | 'int16' | 'int32'
  /** A whole number too wide for a uint32, or computed (lengths, counts); shown in decimal. */
  | 'uint64'
  | 'boolean'
  | 'ipv4' | 'ipv6' | 'ether'
  | 'bytes' | 'string'
  | 'absolute_time' | 'relative_time'
  | 'framenum'
  | 'double'
  /** A label without a value of its own (a subtree heading, a text line). */
  | 'none';

/**
 * How a number is written: decimal, hex, or both (first one, then the other in brackets);
 * 'none' shows a named value by its name alone ("Checksum Status: Good").
 */
export type DisplayBase = 'dec' | 'hex' | 'dec_hex' | 'hex_dec' | 'none';

/** A unit shown after the number, singular and plural ("byte", "bytes"). */
export type Unit = readonly [singular: string, plural: string];

export const BYTES: Unit = ['byte', 'bytes'];
export const SECONDS: Unit = ['second', 'seconds'];

export interface FieldSpec {
  /** Wireshark display-filter name (`udp.srcport`), or a `protocol.something` name of our own. */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** Bytes a fixed-width number occupies (from the type; 0 for variable-length types). */
  readonly size: number;
  readonly base?: DisplayBase;
  /** Bit mask for sub-byte fields, relative to the field's bytes read big-endian. */
  readonly mask?: number;
  /**
   * Width in bits of the word the bit pattern is drawn over ("... .... ..1. = Syn: Set" is 12),
   * when it differs from the field's bytes; `displayMask` is then the mask within that word.
   */
  readonly bits?: number;
  readonly displayMask?: number;
  /** How far the masked bits are shifted down (from `mask`; 0 without one). */
  readonly shift?: number;
  /** The value is the bits times this (a header length counted in 4-byte words is 4). */
  readonly multiplier?: number;
  /** Names of values (Wireshark's value_string): "Type: IPv4 (0x0800)". */
  readonly values?: Readonly<Record<number, string>>;
  /** Names of value ranges (range_string), tried after `values`. */
  readonly ranges?: ReadonlyArray<readonly [low: number, high: number, name: string]>;
  /** Texts for a boolean's true and false (true_false_string); default "Set"/"Not set" for bits. */
  readonly tfs?: readonly [whenTrue: string, whenFalse: string];
  readonly unit?: Unit;
  /** Computed by Layerscope rather than read from the bytes (Wireshark brackets these). */
  readonly generated?: boolean;
  /**
   * The value's text after "Label: " when the default rules do not give Wireshark's (a
   * field shown as "20 bytes (5)"); also the `show` when `show` is absent.
   */
  readonly format?: (value: number | string) => string;
  /** The whole line, when it is not "Label: value" at all (a comment shown as its text). */
  readonly line?: (value: number | string) => string;
  /** The `show` text when it differs from the default for the type. */
  readonly show?: (value: number | string) => string;
  /** The specification that defines the field. */
  readonly rfc?: string;
  /** One plain-language sentence for learners. */
  readonly description: string;
  /**
   * A name only filters use, standing for any of these fields (Wireshark's hidden `ip.addr` is
   * `ip.src` or `ip.dst`); never added to the tree.
   */
  readonly anyOf?: readonly string[];
  /**
   * Whether the packet list notes that a packet has this field as it lists it (the decoder calls
   * DissectContext.note where it adds it), so that the app answers a display filter testing for it
   * (`http.request`) without decoding the packet again. For a few fields filters often test.
   */
  readonly noted?: boolean;
  /**
   * This spec's own number among those the field tables made (from 0), so that what is decided
   * per field (DissectOptions.fields) is found by index rather than by name on every packet.
   */
  readonly serial?: number;
}

/** What a protocol module writes for a field; the name defaults to `prefix.key`, the size to the type's. */
export type FieldEntry = Omit<FieldSpec, 'name' | 'size' | 'shift' | 'serial'> & { name?: string };

export type FieldTable<K extends string> = { readonly [P in K]: FieldSpec };

const TYPE_SIZE: Readonly<Record<FieldType, number>> = {
  uint8: 1, uint16: 2, uint24: 3, uint32: 4, int8: 1, int16: 2, int32: 4, uint64: 0,
  boolean: 0, ipv4: 4, ipv6: 16, ether: 6, bytes: 0, string: 0,
  absolute_time: 0, relative_time: 0, framenum: 0, double: 0, none: 0,
};

/**
 * The spec of `entry`, with every property present in one order: decoders read specs of every
 * protocol at the same call sites, and objects of one shape keep those reads monomorphic (specs
 * spread from entries with different optional keys made them megamorphic: measured 40% slower
 * listing).
 */
function specOf(entry: FieldEntry, name: string): FieldSpec {
  const mask = entry.mask;
  let shift = 0;
  if (mask !== undefined && mask !== 0) while (((mask >>> shift) & 1) === 0) shift++;
  return {
    name,
    label: entry.label,
    type: entry.type,
    size: TYPE_SIZE[entry.type],
    base: entry.base,
    mask,
    shift,
    bits: entry.bits,
    displayMask: entry.displayMask,
    multiplier: entry.multiplier,
    values: entry.values,
    ranges: entry.ranges,
    tfs: entry.tfs,
    unit: entry.unit,
    generated: entry.generated,
    format: entry.format,
    line: entry.line,
    show: entry.show,
    rfc: entry.rfc,
    description: entry.description,
    anyOf: entry.anyOf,
    noted: entry.noted,
    serial: specsMade++,
  };
}

let specsMade = 0;

/** How many specs the field tables have made so far (their serial numbers are below it). */
export function fieldSpecsMade(): number {
  return specsMade;
}

/** Every field declared by any module, by filter name (for the filter engine and catalog checks). */
const declared = new Map<string, FieldSpec>();

/**
 * Declares a protocol's field table. `prefix` is prepended to each key to form the filter name
 * unless the entry gives its own `name` (for names that do not follow the key, like `ip.flags.df`).
 * Each spec's texts are registered in the catalog under `field.<name>.…`.
 */
export function defineFields<K extends string>(prefix: string, entries: { readonly [P in K]: FieldEntry }): FieldTable<K> {
  // Built in one go: adding a few dozen properties one by one leaves V8 with a slow dictionary
  // object, and decoders read these tables on every packet.
  return Object.fromEntries(
    (Object.keys(entries) as K[]).map((key) => {
      const entry = entries[key];
      const spec = specOf(entry, entry.name ?? `${prefix}.${key}`);
      declareField(spec);
      return [key, spec];
    }),
  ) as FieldTable<K>;
}

function declareField(spec: FieldSpec): void {
  const known = declared.get(spec.name);
  // Two modules may show the same Wireshark field (tcp.options.* in several option kinds) as
  // long as they agree on its type.
  if (known && known.type !== spec.type) throw new Error(`field ${spec.name} is declared as ${known.type} and as ${spec.type}`);
  if (known) return;
  declared.set(spec.name, spec);
  const id = `field.${spec.name}`;
  declareText(`${id}.label`, spec.label);
  declareText(`${id}.description`, spec.description);
  if (spec.values) for (const [v, name] of Object.entries(spec.values)) declareText(`${id}.value.${v}`, name);
  if (spec.ranges) for (const [lo, hi, name] of spec.ranges) declareText(`${id}.range.${lo}-${hi}`, name);
  if (spec.tfs) {
    declareText(`${id}.true`, spec.tfs[0]);
    declareText(`${id}.false`, spec.tfs[1]);
  }
}

/** The spec of a declared field, by filter name. */
export function fieldSpecNamed(name: string): FieldSpec | undefined {
  return declared.get(name);
}

/** Every declared field spec. */
export function declaredFields(): Iterable<FieldSpec> {
  return declared.values();
}

/** How many field specs are declared (fields are only ever added, so a change of count is a change). */
export function declaredFieldCount(): number {
  return declared.size;
}

