// One decoded packet as a filter reads it: its fields by name (indexed on first use, and only the
// names the filters asking use, since a filter names a few fields and a packet has hundreds) and
// its protocols with their bytes.

import type { DissectedPacket, Field } from '../dissect/field-model.js';
import type { FieldSpec } from '../dissect/field-spec.js';
import type { FilterSubject } from './filter-subject.js';
import { fieldValue, type Value } from './filter-values.js';

const NONE: readonly Field[] = [];

export class PacketView implements FilterSubject {
  private index: Map<string, Field[]> | undefined;

  constructor(
    readonly packet: DissectedPacket,
    /** The frame's captured bytes (slices and `contains` on protocols read them). */
    readonly bytes: Uint8Array,
    /** The only field names fields() is asked for (the filters' own); every name when absent. */
    private readonly wanted?: ReadonlySet<string>,
  ) {}

  /** Every field called `name`, in tree order. */
  fields(name: string): readonly Field[] {
    if (!this.index) this.index = indexFields(this.packet, this.wanted);
    return this.index.get(name) ?? NONE;
  }

  fieldValues(name: string, spec: FieldSpec): Value[] {
    const out: Value[] = [];
    for (const f of this.fields(name)) {
      const value = fieldValue(f, spec);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  hasField(name: string): boolean {
    return this.fields(name).length > 0;
  }

  /** Whether the packet has the protocol: as a layer, or inside another (the UDP header an ICMP error quotes). */
  hasProtocol(protocol: string): boolean {
    if (this.packet.layers.some((l) => l.protocol === protocol)) return true;
    const prefix = `${protocol}.`;
    if (this.index && !this.wanted) {
      for (const name of this.index.keys()) if (name.startsWith(prefix)) return true;
      return false;
    }
    // Without an index yet, a walk that builds none (most packets lack most protocols).
    const has = (fields: readonly Field[]): boolean => fields.some((f) => f.name.startsWith(prefix) || (f.children.length > 0 && has(f.children)));
    return this.packet.layers.some((l) => has(l.fields));
  }

  /**
   * The bytes of each layer of `protocol`: from its first byte to the end of the frame, as
   * Wireshark's protocol fields hold them (`tcp contains "GET"` finds the request in the payload).
   */
  protocolBytes(protocol: string): Uint8Array[] {
    if (protocol === 'frame') return [this.bytes];
    return this.packet.layers.filter((l) => l.protocol === protocol).map((l) => this.sourceBytes(l.source ?? 0).subarray(l.offset));
  }

  /** The bytes of data source `source`: the frame's (0), or reassembled ones (a layer decoded from them lies in them). */
  private sourceBytes(source: number): Uint8Array {
    const hex = source > 0 ? this.packet.sources?.[source - 1]?.bytesHex : undefined;
    if (hex === undefined) return this.bytes;
    const out = new Uint8Array(hex.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }
}

function indexFields(packet: DissectedPacket, wanted: ReadonlySet<string> | undefined): Map<string, Field[]> {
  const index = new Map<string, Field[]>();
  const walk = (fields: readonly Field[]) => {
    for (const f of fields) {
      if (!wanted || wanted.has(f.name)) {
        let list = index.get(f.name);
        if (!list) index.set(f.name, (list = []));
        list.push(f);
      }
      if (f.children.length > 0) walk(f.children);
    }
  };
  for (const layer of packet.layers) walk(layer.fields);
  return index;
}
