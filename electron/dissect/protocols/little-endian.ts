// Reading little-endian fields (radiotap, IEEE 802.11: everything but addresses is sent least
// significant byte first) through the bounds-checked builder, whose own readers are big-endian.

import type { Field } from '../field-model.js';
import type { FieldEntry, FieldSpec } from '../field-spec.js';
import type { LayerBuilder } from '../layer-builder.js';

/** The little-endian number of `length` (1 to 6) bytes at `offset`; the caller checked they were captured. */
export function readLe(b: LayerBuilder, offset: number, length: number): number {
  let v = 0;
  for (let i = length - 1; i >= 0; i--) v = v * 256 + b.u8(offset + i);
  return v;
}

/** The little-endian 64-bit number at `offset` as decimal text (exact past 2^53, where numbers are not). */
export function readLe64Text(b: LayerBuilder, offset: number): string {
  return String((BigInt(readLe(b, offset + 4, 4)) << 32n) | BigInt(readLe(b, offset, 4)));
}

/**
 * Reads the little-endian number of `length` bytes (default: the spec's size) at `offset`, signed
 * for int8/int16 specs, adds it under `parent` and returns it; -1 when not captured (the problem
 * is recorded).
 */
export function leUint(b: LayerBuilder, parent: Field | null, spec: FieldSpec, offset: number, length = spec.size): number {
  if (!b.need(spec, offset, length)) return -1;
  let v = readLe(b, offset, length);
  if (spec.type === 'int8') v = (v << 24) >> 24;
  else if (spec.type === 'int16') v = (v << 16) >> 16;
  b.add(parent, spec, offset, length, v);
  return v;
}

/**
 * A bit field of a little-endian number of `bytes` bytes, its `mask` given on the number's value:
 * the spec's `mask` becomes the same bits within the bytes as they lie in the frame (what selects
 * them in the bytes pane), and its `displayMask` the mask on the value (what its bit pattern and
 * `maskedBits` use).
 */
export function le<T extends FieldEntry>(bytes: number, entry: T): T {
  const mask = entry.mask ?? 0;
  let swapped = 0;
  for (let i = 0; i < bytes; i++) swapped += ((mask >>> (8 * i)) & 0xff) * 2 ** (8 * (bytes - 1 - i));
  return { ...entry, mask: swapped, displayMask: mask };
}

/** The bits the spec selects in the value `word`, shifted down. */
export function maskedBits(spec: FieldSpec, word: number): number {
  const mask = spec.displayMask ?? spec.mask ?? 0xffffffff;
  let shift = 0;
  while (shift < 31 && ((mask >>> shift) & 1) === 0) shift++;
  return ((word & mask) >>> 0) >>> shift;
}

/** Adds each of `specs` as the bits its mask selects in `word`, read from the `length` bytes at `offset`. */
export function addBitsOf(b: LayerBuilder, parent: Field, specs: readonly FieldSpec[], offset: number, length: number, word: number): void {
  if (!b.detail) return;
  for (const spec of specs) b.add(parent, spec, offset, length, maskedBits(spec, word));
}
