// Runs one application-layer decoder on a payload placed at a non-zero offset, as it would sit
// behind Ethernet, IP and UDP/TCP headers, so offsets are checked as frame offsets.
import type { ProtocolModule } from '../../electron/dissect/dissector.js';
import type { Field, Layer, PacketSummary } from '../../electron/dissect/field-model.js';
import { LayerBuilder } from '../../electron/dissect/layer-builder.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { PacketColumns } from '../../electron/dissect/column-text.js';
import { hexBytes } from './dissection-invariants.js';

export const PAYLOAD_OFFSET = 42;

export function decodePayload(dissector: ProtocolModule, payload: Uint8Array | string, detail = true): { layer: Layer; summary: PacketSummary } {
  const body = typeof payload === 'string' ? hexBytes(payload) : payload;
  const bytes = new Uint8Array(PAYLOAD_OFFSET + body.length);
  bytes.set(body, PAYLOAD_OFFSET);
  const frame = { bytes, reportedLength: bytes.length };
  const columns = new PacketColumns();
  const b = new LayerBuilder(frame, dissector.place, PAYLOAD_OFFSET, detail);
  dissector.dissect(b, { frame, detail, number: 1, columns, state: new DissectState(), nested: () => [] }, bytes.length);
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
