// What a compiled display filter reads of a packet: its fields' values by name, whether a field or
// protocol is there, and a protocol's bytes. A decoded packet answers all of it (PacketView); the
// facts a listing learnt answer the common part without decoding (PacketFactsView).

import type { FieldSpec } from '../dissect/field-spec.js';
import type { Value } from './filter-values.js';

export interface FilterSubject {
  /** The value of every field called `name`, in tree order, read as `spec`'s type says. */
  fieldValues(name: string, spec: FieldSpec): Value[];
  /** Whether the packet has a field called `name` (a label without a value counts). */
  hasField(name: string): boolean;
  /** Whether the packet has the protocol: as a layer, or inside another (the UDP header an ICMP error quotes). */
  hasProtocol(protocol: string): boolean;
  /** The bytes of each layer of `protocol`, from its first byte to the end of the frame. */
  protocolBytes(protocol: string): Uint8Array[];
}
