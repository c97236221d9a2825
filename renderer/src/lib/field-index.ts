// Gives every layer and field of one dissected packet a stable id ("2" is the third layer,
// "2.0.3" the fourth child of its first field), so the tree, the stack, the bytes and the
// diagram can all say "this one" with the same word.

import type { Field, Layer } from '../../../electron/dissect/field-model.js';

export interface FieldNode {
  /** `${layerIndex}.${i}.${j}...` */
  id: string;
  field: Field;
  layerIndex: number;
  depth: number;
  parentId: string | null;
  /** The data source the field's offsets are in: 0 the frame, else the packet's reassembled bytes. */
  source: number;
}

export interface FieldIndex {
  layers: readonly Layer[];
  /** Every field, depth-first in tree order. */
  nodes: readonly FieldNode[];
  byId: ReadonlyMap<string, FieldNode>;
}

export function buildFieldIndex(layers: readonly Layer[]): FieldIndex {
  const nodes: FieldNode[] = [];
  const byId = new Map<string, FieldNode>();
  const walk = (fields: readonly Field[], layerIndex: number, parentId: string, depth: number, parent: string | null, inherited: number) => {
    fields.forEach((field, i) => {
      const id = `${parentId}.${i}`;
      const source = field.source ?? inherited;
      const node: FieldNode = { id, field, layerIndex, depth, parentId: parent, source };
      nodes.push(node);
      byId.set(id, node);
      walk(field.children, layerIndex, id, depth + 1, id, source);
    });
  };
  layers.forEach((layer, li) => walk(layer.fields, li, String(li), 0, null, layer.source ?? 0));
  return { layers, nodes, byId };
}

/** The data source a layer or field id lies in (0: the frame). */
export function sourceOfId(index: FieldIndex, id: string): number {
  if (id.includes('.')) return index.byId.get(id)?.source ?? 0;
  return index.layers[Number(id)]?.source ?? 0;
}

/** The layer index an id ("3" or "3.1.0") belongs to. */
export function layerIndexOfId(id: string): number {
  return Number(id.split('.')[0]);
}

/** Ids of a node and all its ancestors, outermost first (the layer id first). */
export function ancestorIds(id: string): string[] {
  const parts = id.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The bit range a field owns, from the start of the frame: masked fields own only their bits. */
export function fieldBitRange(field: Field): { start: number; width: number } {
  const bits = field.length * 8;
  if (field.mask === undefined || field.mask === 0 || bits === 0 || bits > 32) {
    return { start: field.offset * 8, width: bits };
  }
  const mask = field.mask >>> 0;
  let low = 0;
  while (((mask >>> low) & 1) === 0) low++;
  let high = 31;
  while (((mask >>> high) & 1) === 0) high--;
  // Bit `high` of the big-endian value is (bits - 1 - high) bits from the field's first bit.
  return { start: field.offset * 8 + (bits - 1 - high), width: high - low + 1 };
}
