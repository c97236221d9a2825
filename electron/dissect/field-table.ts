// Each protocol declares its fields once, in a table, the way Wireshark's hf_register_info does:
// the decoding code only says where a field is and what value it has; label, filter name,
// explanation and reference live here and are shared by the tree, the diagram and exports.

export interface FieldSpec {
  /** Wireshark display-filter name (`udp.srcport`), or a `protocol.something` name of our own. */
  readonly name: string;
  readonly label: string;
  /** One plain-language sentence for learners. */
  readonly description: string;
  /** Bit mask for sub-byte fields, relative to the field's bytes read big-endian. */
  readonly mask?: number;
  /** The specification that defines the field. */
  readonly rfc?: string;
}

/** The trailer entry link layers share (the filter name stays per protocol: `sll.trailer`, `null.trailer`). */
export const LINK_TRAILER_ENTRY = {
  label: 'Trailer',
  description: 'Bytes captured after the end of the packet as its own header gives it; no protocol claims them (usually padding).',
} as const;

export type FieldTable<K extends string> = { readonly [P in K]: FieldSpec };

/**
 * Declares a protocol's field table. `prefix` is prepended to each key to form the filter name
 * unless the entry gives its own `name` (for names that do not follow the key, like `ip.flags.df`).
 */
export function defineFields<K extends string>(
  prefix: string,
  entries: { readonly [P in K]: Omit<FieldSpec, 'name'> & { name?: string } },
): FieldTable<K> {
  // Built in one go: adding a few dozen properties one by one leaves V8 with a slow dictionary
  // object, and decoders read these tables on every packet.
  return Object.fromEntries(
    (Object.keys(entries) as K[]).map((key) => {
      const entry = entries[key];
      return [key, { ...entry, name: entry.name ?? `${prefix}.${key}` }];
    }),
  ) as FieldTable<K>;
}
