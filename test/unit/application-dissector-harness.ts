// Runs one application-layer decoder on a payload placed at a non-zero offset, as it would sit
// behind Ethernet, IP and UDP/TCP headers, so offsets are checked as frame offsets; and prints a
// layer's tree the way Wireshark's details pane shows it, to compare with an expected tree.
import type { ProtocolModule } from '../../electron/dissect/dissector.js';
import type { Field, Layer, PacketSummary } from '../../electron/dissect/field-model.js';
import { LayerBuilder } from '../../electron/dissect/layer-builder.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { PacketColumns } from '../../electron/dissect/column-text.js';
import { hexBytes } from './dissection-invariants.js';

export const PAYLOAD_OFFSET = 42;

export interface PayloadOptions {
  /** Build the field tree (default) or only the packet list's columns. */
  detail?: boolean;
  /**
   * Bytes of payload that were on the wire, when the capture kept fewer (the snap length cut
   * the packet inside the payload).
   */
  onTheWire?: number;
  /** For messages decoded as one capture: the capture's state, this packet's number and time. */
  state?: DissectState;
  number?: number;
  nanos?: number;
  /** The transport conversation the payload travels in (-1: unknown, as without TCP or UDP). */
  stream?: number;
}

export function decodePayload(dissector: ProtocolModule, payload: Uint8Array | string, options: PayloadOptions | boolean = {}): { layer: Layer; summary: PacketSummary } {
  const { detail = true, onTheWire, state = new DissectState(), number = 1, nanos = 0, stream = -1 } = typeof options === 'boolean' ? { detail: options } : options;
  const body = typeof payload === 'string' ? hexBytes(payload) : payload;
  const bytes = new Uint8Array(PAYLOAD_OFFSET + body.length);
  bytes.set(body, PAYLOAD_OFFSET);
  const frame = { bytes, reportedLength: PAYLOAD_OFFSET + (onTheWire ?? body.length) };
  const columns = new PacketColumns();
  const b = new LayerBuilder(frame, dissector.place, PAYLOAD_OFFSET, detail);
  dissector.dissect(b, { frame, detail, number, seconds: 0, nanos, stream, lowPort: -1, highPort: -1, columns, state, nested: () => [], addSource: () => 0, note: () => {} }, bytes.length);
  return { layer: b.finish(dissector.name), summary: columns.toSummary() };
}

/** Every field of the tree, depth first. */
export function allFields(fields: Field[]): Field[] {
  return fields.flatMap((f) => [f, ...allFields(f.children)]);
}

export function fieldNamed(layer: Layer, name: string): Field {
  const found = allFields(layer.fields).find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name} in ${layer.protocol}`);
  return found;
}

/**
 * The layer's tree as lines: each field's line indented two spaces per level, computed fields in
 * brackets, as Wireshark's details pane shows them.
 */
export function treeLines(layer: Layer): string[] {
  const lines: string[] = [];
  const add = (fields: readonly Field[], depth: number) => {
    for (const f of fields) {
      lines.push('  '.repeat(depth) + (f.generated ? `[${f.showname}]` : f.showname));
      add(f.children, depth + 1);
    }
  };
  add(layer.fields, 0);
  return lines;
}
