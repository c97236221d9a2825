// The parsed form of a display filter, as Wireshark's display filter reference defines the
// language: tests joined by and/or/xor/not, each a field or protocol alone (present?), a comparison,
// or membership in a set. Every node keeps where it stands in the text, for errors.

/** Where a piece of the filter is: its first character (0-based) and its length. */
export interface Span {
  readonly at: number;
  readonly length: number;
}

/**
 * Comparison operators, named as Wireshark's long forms: `==` is any_eq, `!=` all_ne (the same as
 * `!(a == b)`), `~=` any_ne, `===` all_eq; `&` is bitand.
 */
export type CompareOp = 'any_eq' | 'all_eq' | 'all_ne' | 'any_ne' | 'gt' | 'ge' | 'lt' | 'le' | 'contains' | 'matches' | 'bitand';

/** One byte range of a slice: `[start:length]`, `[start-end]`, `[start]`, `[start:]` (negative counts from the end). */
export interface SliceRange {
  readonly start: number;
  /** Bytes taken; undefined: to the end. */
  readonly length?: number;
}

export type Operand =
  /** A word: a field or protocol name, or a literal (80, 10.0.0.1, 02:00:00, GET) by context. */
  | { readonly kind: 'word'; readonly text: string; readonly span: Span; readonly slice?: readonly SliceRange[]; readonly sliceSpan?: Span }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Operand[]; readonly span: Span };

export interface SetElement {
  readonly low: Operand;
  /** For a range `low..high`. */
  readonly high?: Operand;
}

export type Expr =
  | { readonly kind: 'and' | 'or' | 'xor'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr; readonly span: Span }
  | { readonly kind: 'test'; readonly operand: Operand }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand; readonly span: Span }
  | { readonly kind: 'in'; readonly left: Operand; readonly elements: readonly SetElement[]; readonly span: Span };
