// Which field owns each captured byte, so hovering or clicking a byte selects "the deepest field
// that owns it": the smallest field covering the byte, the deepest in the tree when sizes tie.

import type { Field, Layer } from '../../../electron/dissect/field-model.js';
import type { FieldIndex, FieldNode } from './field-index.js';

export interface ByteOwnership {
  /** For each captured byte, the id of its owning field, or null when only a layer covers it. */
  fieldIds: (string | null)[];
  /** For each captured byte, the index of the innermost layer whose range covers it, or -1. */
  layerIndexes: number[];
}

/**
 * Owners of the bytes of data source `source` (0: the frame; else reassembled bytes), `caplen`
 * of them: only fields and layers that lie in that source count.
 */
export function buildByteOwnership(index: FieldIndex, caplen: number, source = 0): ByteOwnership {
  // Per byte: the best candidate so far and how it ranks. Smaller fields win; among fields of the
  // same size the one owning more of the byte's bits wins (byte 46 of a TCP segment is the data
  // offset's, not the reserved bit's); when several fields split a byte evenly (the one-bit TCP
  // flags), their common parent (the flags word) stands for the byte.
  const best: Array<FieldNode | null> = new Array(caplen).fill(null);
  const bits: number[] = new Array(caplen).fill(0);
  const tied: boolean[] = new Array(caplen).fill(false);
  // A field lying in another source than its layer (a datagram's list of fragments, in the IP
  // layer of the frame that completed it) comments on those bytes: the layers decoded from them
  // own them first, and it only the bytes none of them covers.
  const layerSource = (node: FieldNode) => index.layers[node.layerIndex]?.source ?? 0;
  const inSource = index.nodes.filter((n) => n.source === source && n.field.length > 0);
  const own = inSource.filter((n) => n.source === layerSource(n));
  const commenting = inSource.filter((n) => n.source !== layerSource(n));
  for (const node of [...own, ...commenting]) {
    const comments = node.source !== layerSource(node);
    const { offset, length } = node.field;
    const end = Math.min(caplen, offset + length);
    for (let i = Math.max(0, offset); i < end; i++) {
      const b = bitsInByte(node.field, i);
      if (b === 0) continue;
      const cur = best[i];
      if (comments && cur !== null && layerSource(cur) === source) continue;
      if (!cur || length < cur.field.length || (length === cur.field.length && b > bits[i])) {
        best[i] = node;
        bits[i] = b;
        tied[i] = false;
      } else if (length === cur.field.length && b === bits[i]) {
        // Same size, same share: a child naming the same bytes more precisely wins; siblings tie.
        if (node.parentId === cur.id) best[i] = node;
        else if (node.parentId === cur.parentId && b < 8) tied[i] = true;
      }
    }
  }
  const fieldIds = best.map((node, i) => {
    if (!node) return null;
    if (tied[i] && node.parentId) {
      const parent = index.byId.get(node.parentId)!.field;
      if (i >= parent.offset && i < parent.offset + parent.length) return node.parentId;
    }
    return node.id;
  });
  const layerIndexes = new Array(caplen).fill(-1);
  index.layers.forEach((layer: Layer, li) => {
    if ((layer.source ?? 0) !== source) return;
    // The frame layer spans the whole frame; every later layer is inside it, so later wins.
    const end = Math.min(caplen, layer.offset + layer.length);
    for (let i = Math.max(0, layer.offset); i < end; i++) layerIndexes[i] = li;
  });
  // A field's byte belongs to the field's layer even outside the layer's header range (Ethernet
  // padding after the payload is the link layer's).
  for (let i = 0; i < caplen; i++) {
    const id = fieldIds[i];
    if (id !== null) layerIndexes[i] = index.byId.get(id)!.layerIndex;
  }
  return { fieldIds, layerIndexes };
}

/** The byte offsets a selection lights up in the bytes pane. */
export interface ByteHighlight {
  start: number;
  end: number;
  /** The data source the offsets are in (absent: the frame). */
  source?: number;
}

/** How many bits of byte `at` the field owns (all 8 unless it has a mask). */
function bitsInByte(field: Field, at: number): number {
  const k = at - field.offset;
  if (k < 0 || k >= field.length) return 0;
  if (field.mask === undefined || field.length > 4) return 8;
  let m = (field.mask >>> ((field.length - 1 - k) * 8)) & 0xff;
  let n = 0;
  while (m) {
    n += m & 1;
    m >>>= 1;
  }
  return n;
}
