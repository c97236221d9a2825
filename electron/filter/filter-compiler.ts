// Turns a parsed filter into a test of one packet, checking it on the way: every name must be a
// field or protocol, every literal must read as the type of what it is compared with, and every
// operator must suit that type. Comparisons follow Wireshark 4: a field that occurs several times
// (or an alias such as ip.addr) matches `==` when any occurrence does, and `a != b` is `!(a == b)`.

import type { FieldSpec, FieldType } from '../dissect/field-spec.js';
import type { CompareOp, Expr, Operand, SetElement, SliceRange, Span } from './filter-syntax.js';
import { FILTER_ERRORS, FilterError } from './filter-error.js';
import { resolveName, suggestName, type FilterName } from './filter-names.js';
import { kindOf, kindText, literalBytes, parseLiteral, valueNames, type Literal, type Value, type ValueKind } from './filter-values.js';
import type { FilterSubject } from './filter-subject.js';
import { say } from '../text/catalog.js';
import { asciiText } from '../dissect/byte-text.js';
import { joinBytes } from '../dissect/join-bytes.js';

export type PacketTest = (view: FilterSubject) => boolean;

/** How names are looked up: the filter bar's way, or a colouring rule's (unknown names are absent). */
export type NameResolver = (name: string) => FilterName | 'absent' | undefined;

/** Something that gives values for a packet: a field, a protocol's bytes, a slice or a function. */
interface Source {
  readonly kind: ValueKind;
  /** The type errors name (the field's, or what a slice or function gives). */
  readonly type: FieldType | 'protocol';
  /** The spec literals compared with it are read by. */
  readonly spec: FieldSpec;
  /** For errors: the text naming it. */
  readonly name: string;
  readonly span: Span;
  values(view: FilterSubject): Value[];
  /** Whether it is there at all (a protocol or a label has no value to compare, but can be present). */
  present(view: FilterSubject): boolean;
  /** A name a colouring rule uses that Layerscope does not decode: never present. */
  readonly absent?: boolean;
}

function absentSource(name: string, span: Span): Source {
  return { kind: 'none', type: 'none', spec: BYTES_SPEC, name, span, values: () => [], present: () => false, absent: true };
}

/** Specs for what slices and functions give, so literals beside them are read right. */
const BYTES_SPEC: FieldSpec = { name: 'bytes', label: 'bytes', type: 'bytes', size: 0, description: '' };
const NUMBER_SPEC: FieldSpec = { name: 'number', label: 'number', type: 'uint64', size: 0, description: '' };
const STRING_SPEC: FieldSpec = { name: 'string', label: 'string', type: 'string', size: 0, description: '' };

const FUNCTIONS = ['len', 'count', 'lower', 'upper', 'string'];

export function compileExpr(e: Expr, resolve: NameResolver = resolveName): PacketTest {
  switch (e.kind) {
    case 'and': {
      const [l, r] = [compileExpr(e.left, resolve), compileExpr(e.right, resolve)];
      return (v) => l(v) && r(v);
    }
    case 'or': {
      const [l, r] = [compileExpr(e.left, resolve), compileExpr(e.right, resolve)];
      return (v) => l(v) || r(v);
    }
    case 'xor': {
      const [l, r] = [compileExpr(e.left, resolve), compileExpr(e.right, resolve)];
      return (v) => l(v) !== r(v);
    }
    case 'not': {
      const inner = compileExpr(e.operand, resolve);
      return (v) => !inner(v);
    }
    case 'test': {
      const source = sourceOf(e.operand, resolve);
      if (!source) throw literalAlone(e.operand);
      return (v) => source.present(v);
    }
    case 'compare':
      return compileComparison(e.op, e.left, e.right, e.span, resolve);
    case 'in':
      return compileMembership(e.left, e.elements, resolve);
  }
}

function literalAlone(o: Operand): FilterError {
  const text = o.kind === 'string' ? o.value : o.kind === 'word' ? o.text : o.name;
  // A word of letters alone is a misspelt name more likely than a value.
  if (o.kind === 'word' && /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i.test(o.text) && !/^[0-9a-f]{1,2}$/i.test(o.text)) return notAField(o.text, o.span);
  return new FilterError(FILTER_ERRORS.literal_alone, { text }, o.span.at, o.span.length);
}

function notAField(name: string, span: Span): FilterError {
  return new FilterError(FILTER_ERRORS.not_a_field, { name, suggestion: suggestName(name) ?? 'none' }, span.at, span.length);
}

/** The source an operand names, or undefined for a literal. */
function sourceOf(o: Operand, resolve: NameResolver): Source | undefined {
  if (o.kind === 'string') return undefined;
  if (o.kind === 'call') return callSource(o, resolve);
  const resolved = resolve(o.text);
  if (!resolved) return undefined;
  if (resolved === 'absent') return absentSource(o.text, o.span);
  let source: Source;
  if (resolved.kind === 'protocol') {
    const protocol = resolved.protocol;
    source = {
      kind: 'bytes',
      type: 'protocol',
      spec: BYTES_SPEC,
      name: protocol,
      span: o.span,
      values: (v) => v.protocolBytes(protocol),
      present: (v) => v.hasProtocol(protocol),
    };
  } else {
    const { spec, fields } = resolved;
    source = {
      kind: kindOf(spec.type),
      type: spec.type,
      spec,
      name: spec.name,
      span: o.span,
      values:
        fields.length === 1
          ? (v) => v.fieldValues(fields[0], spec)
          : (v) => {
              const out: Value[] = [];
              for (const name of fields) out.push(...v.fieldValues(name, spec));
              return out;
            },
      present: (v) => fields.some((name) => v.hasField(name)),
    };
  }
  return o.slice ? sliced(source, o.slice, o.sliceSpan!) : source;
}

const utf8 = new TextEncoder();

/** Bytes as a regular expression reads them: one character per byte, as Wireshark's matches does. */
function byteChars(bytes: Uint8Array): string {
  return asciiText(bytes, 0, bytes.length);
}

/** Bytes of any value that has them: addresses, byte strings, text (UTF-8), protocols. */
function bytesOf(value: Value, kind: ValueKind): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (kind === 'ipv4' && typeof value === 'number') return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  if (typeof value === 'string') return utf8.encode(value);
  return undefined;
}

function sliced(source: Source, ranges: readonly SliceRange[], span: Span): Source {
  if (source.kind === 'number' || source.kind === 'none') {
    throw new FilterError(FILTER_ERRORS.not_sliceable, { field: source.name, kind: say(kindText(source.type)) }, span.at, span.length);
  }
  const take = (bytes: Uint8Array): Uint8Array | undefined => {
    const parts: Uint8Array[] = [];
    for (const r of ranges) {
      const start = r.start < 0 ? bytes.length + r.start : r.start;
      const end = r.length === undefined ? bytes.length : start + r.length;
      // A range past the value's end gives no value (the comparison is false), as in Wireshark.
      if (start < 0 || end > bytes.length || end < start) return undefined;
      parts.push(bytes.subarray(start, end));
    }
    return parts.length === 1 ? parts[0] : joinBytes(parts);
  };
  const values = (v: FilterSubject): Value[] => {
    const out: Value[] = [];
    for (const value of source.values(v)) {
      const bytes = bytesOf(value, source.kind);
      const part = bytes && take(bytes);
      if (part) out.push(part);
    }
    return out;
  };
  return { kind: 'bytes', type: 'bytes', spec: BYTES_SPEC, name: source.name, span: { at: source.span.at, length: span.at + span.length - source.span.at }, values, present: (v) => values(v).length > 0 };
}

function callSource(o: Extract<Operand, { kind: 'call' }>, resolve: NameResolver): Source {
  if (!FUNCTIONS.includes(o.name)) throw new FilterError(FILTER_ERRORS.unknown_function, { name: o.name, functions: FUNCTIONS.join(', ') }, o.span.at, o.span.length);
  const arg = o.args.length === 1 ? sourceOf(o.args[0], resolve) : undefined;
  if (!arg) throw new FilterError(FILTER_ERRORS.bad_argument, { name: o.name, expected: 'one field or protocol' }, o.span.at, o.span.length);
  const result = (kind: ValueKind, spec: FieldSpec, values: (v: FilterSubject) => Value[]): Source => ({
    kind, type: spec.type, spec, name: `${o.name}(${arg.name})`, span: o.span, values, present: (v) => values(v).length > 0,
  });
  switch (o.name) {
    case 'count':
      return result('number', NUMBER_SPEC, (v) => [arg.values(v).length || (arg.present(v) ? 1 : 0)]);
    case 'len':
      if (arg.kind === 'number' || arg.kind === 'none') throw new FilterError(FILTER_ERRORS.bad_argument, { name: o.name, expected: 'a field with bytes or text, or a protocol' }, o.span.at, o.span.length);
      return result('number', NUMBER_SPEC, (v) => arg.values(v).map((x) => bytesOf(x, arg.kind)!.length));
    case 'string':
      return result('string', STRING_SPEC, (v) => arg.values(v).map((x) => valueText(x, arg.kind)));
    default: {
      if (arg.kind !== 'string') throw new FilterError(FILTER_ERRORS.bad_argument, { name: o.name, expected: 'a text field' }, o.span.at, o.span.length);
      const upper = o.name === 'upper';
      return result('string', STRING_SPEC, (v) => arg.values(v).map((x) => (upper ? String(x).toUpperCase() : String(x).toLowerCase())));
    }
  }
}

/** A value as text, for string(). */
function valueText(value: Value, kind: ValueKind): string {
  if (kind === 'ipv4' && typeof value === 'number') return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
  if (value instanceof Uint8Array) return [...value].map((b) => b.toString(16).padStart(2, '0')).join(':');
  return String(value);
}

/** The literal `o` read for `source` (a field's type, bytes beside a slice…). */
function literalFor(o: Operand, source: Source, op: CompareOp): Literal {
  if (o.kind === 'call') throw literalAlone(o);
  const text = o.kind === 'string' ? o.value : o.text;
  const quoted = o.kind === 'string';
  if (o.kind === 'word' && o.slice) throw notAField(o.text, o.span);
  // `contains` looks for bytes (or text) inside the value, whatever the field's own type.
  const literal = op === 'contains' && source.kind === 'bytes' ? literalBytes(text, quoted) : op === 'matches' ? { value: text } : parseLiteral(text, quoted, source.spec);
  if (literal) return literal;
  // A word that looks like a field name is more likely a misspelt field than a bad value.
  if (o.kind === 'word' && /^[a-z][a-z0-9_-]*\.[a-z0-9_.-]+$/i.test(text) && !/^[\d.]+$/.test(text) && source.kind !== 'ipv6') throw notAField(text, o.span);
  if (source.spec.values && source.kind === 'number') {
    const names = valueNames(source.spec);
    throw new FilterError(FILTER_ERRORS.bad_value_name, { text, field: source.name, names: names.length > 0 ? names.join(', ') : 'none' }, o.span.at, o.span.length);
  }
  throw new FilterError(FILTER_ERRORS.bad_value, { text, field: source.name, kind: say(kindText(source.type)) }, o.span.at, o.span.length);
}

const MIRRORED: Partial<Record<CompareOp, CompareOp>> = { gt: 'lt', lt: 'gt', ge: 'le', le: 'ge' };

const OPERATOR_TEXT: Readonly<Record<CompareOp, string>> = {
  any_eq: '==', all_eq: '===', all_ne: '!=', any_ne: '~=', gt: '>', ge: '>=', lt: '<', le: '<=', contains: 'contains', matches: 'matches', bitand: '&',
};

function checkOperator(op: CompareOp, source: Source, span: Span): void {
  const fits =
    source.kind === 'none' ? false
    : op === 'contains' ? source.kind === 'bytes' || source.kind === 'string'
    : op === 'matches' ? source.kind === 'bytes' || source.kind === 'string'
    : op === 'bitand' ? source.kind === 'number' || source.kind === 'bytes'
    : true;
  if (source.kind === 'none') throw new FilterError(FILTER_ERRORS.no_value, { field: source.name }, source.span.at, source.span.length);
  if (!fits) throw new FilterError(FILTER_ERRORS.not_comparable, { field: source.name, kind: say(kindText(source.type)), operator: OPERATOR_TEXT[op] }, span.at, span.length);
}

function compileComparison(op: CompareOp, leftOperand: Operand, rightOperand: Operand, span: Span, resolve: NameResolver): PacketTest {
  let left = sourceOf(leftOperand, resolve);
  // A name Layerscope does not decode is never in a packet: nothing to compare (a colouring rule).
  if (left?.absent) return () => false;
  let right = sourceOf(rightOperand, resolve);
  if (right?.absent) return () => false;
  let l = leftOperand;
  let r = rightOperand;
  if (!left && right) {
    // `80 == tcp.port`: the field goes first, the operator turned round.
    if (op === 'contains' || op === 'matches') throw literalAlone(leftOperand);
    [left, right, l, r] = [right, left, r, l];
    op = MIRRORED[op] ?? op;
  }
  if (!left) throw literalAlone(l);
  checkOperator(op, left, span);
  const source = left;
  if (right) {
    const other = right;
    // A regular expression is a string written in the filter, never another field's value.
    if (op === 'matches') throw new FilterError(FILTER_ERRORS.regex_not_written, { text: other.name }, other.span.at, other.span.length);
    if (other.kind !== source.kind && op !== 'contains') {
      throw new FilterError(FILTER_ERRORS.bad_value, { text: other.name, field: source.name, kind: say(kindText(source.type)) }, other.span.at, other.span.length);
    }
    return (v) => {
      const rightValues = other.values(v);
      return quantify(op, source.values(v), (value) => rightValues.some((x) => holds(op, value, { value: x }, source.kind)));
    };
  }
  const literal = literalFor(r, source, op);
  if (op === 'matches') {
    const regex = compileRegex(String(literal.value), r.span);
    return (v) => source.values(v).some((value) => regex.test(typeof value === 'string' ? value : byteChars(bytesOf(value, source.kind)!)));
  }
  // (Made once, not once a packet.)
  const kind = source.kind;
  const test = (value: Value) => holds(op, value, literal, kind);
  return (v) => quantify(op, source.values(v), test);
}

/**
 * The operator's quantifier over a field's occurrences: `===` needs every one to hold, `!=` none
 * to be equal, the rest any one.
 */
function quantify(op: CompareOp, values: Value[], test: (value: Value) => boolean): boolean {
  // (As tshark 4.0 does, `!=` is false for a packet without the field at all.)
  if (op === 'all_ne') return values.length > 0 && !values.some(test);
  if (op === 'all_eq') return values.length > 0 && values.every(test);
  return values.some(test);
}

/** Whether one value stands in the operator's relation to the literal (for `!=`: equals it, see quantify). */
function holds(op: CompareOp, value: Value, literal: Literal, kind: ValueKind): boolean {
  switch (op) {
    case 'any_eq':
    case 'all_eq':
    case 'all_ne':
      return equal(value, literal, kind);
    case 'any_ne':
      return !equal(value, literal, kind);
    case 'contains':
      return contains(value, literal.value, kind);
    case 'bitand':
      return bitsInCommon(value, literal.value);
    default: {
      const c = order(value, literal.value);
      if (c === undefined) return false;
      return op === 'gt' ? c > 0 : op === 'ge' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
    }
  }
}

/** `a & b` is not zero: numbers as integers, byte strings byte by byte over their common length. */
function bitsInCommon(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return (BigInt(Math.trunc(a)) & BigInt(Math.trunc(b))) !== 0n;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if ((a[i] & b[i]) !== 0) return true;
  }
  return false;
}

function equal(value: Value, literal: Literal, kind: ValueKind): boolean {
  const other = literal.value;
  if (kind === 'ipv4' && typeof value === 'number' && typeof other === 'number') {
    const prefix = literal.prefix ?? 32;
    if (prefix === 0) return true;
    const shift = 32 - prefix;
    return Math.floor(value / 2 ** shift) === Math.floor(other / 2 ** shift);
  }
  if (value instanceof Uint8Array && other instanceof Uint8Array) {
    const prefix = kind === 'ipv6' ? literal.prefix ?? 128 : other.length * 8;
    if (kind !== 'ipv6' && value.length !== other.length) return false;
    for (let bit = 0; bit < prefix; bit += 8) {
      const i = bit >> 3;
      const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
      if ((value[i] & mask) !== (other[i] & mask)) return false;
    }
    return true;
  }
  return value === other;
}

function order(a: Value, b: Value): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }
  return undefined;
}

function contains(value: Value, needle: Value, kind: ValueKind): boolean {
  if (typeof value === 'string' && typeof needle === 'string') return value.includes(needle);
  const hay = bytesOf(value, kind);
  const want = bytesOf(needle, 'bytes');
  if (!hay || !want) return false;
  if (want.length === 0) return true;
  // Linear in practice: a first-byte search, then a compare at each candidate.
  for (let i = hay.indexOf(want[0]); i >= 0 && i + want.length <= hay.length; i = hay.indexOf(want[0], i + 1)) {
    let j = 1;
    while (j < want.length && hay[i + j] === want[j]) j++;
    if (j === want.length) return true;
  }
  return false;
}

/** A PCRE-style pattern as a JavaScript one: a leading (?i) makes it case-insensitive. */
function compileRegex(pattern: string, span: Span): RegExp {
  let flags = 's';
  let body = pattern;
  const m = /^\(\?([ims]+)\)/.exec(pattern);
  if (m) {
    flags += m[1].replace('s', '');
    body = pattern.slice(m[0].length);
  }
  try {
    return new RegExp(body, flags);
  } catch (err) {
    throw new FilterError(FILTER_ERRORS.bad_regex, { text: pattern, reason: err instanceof Error ? err.message : String(err) }, span.at, span.length);
  }
}

function compileMembership(leftOperand: Operand, elements: readonly SetElement[], resolve: NameResolver): PacketTest {
  const source = sourceOf(leftOperand, resolve);
  if (!source) throw literalAlone(leftOperand);
  if (source.absent) return () => false;
  checkOperator('any_eq', source, source.span);
  const tests = elements.map((e): ((value: Value) => boolean) => {
    const low = literalFor(e.low, source, 'any_eq');
    if (!e.high) return (value) => equal(value, low, source.kind);
    const high = literalFor(e.high, source, 'any_eq');
    return (value) => (order(value, low.value) ?? -1) >= 0 && (order(value, high.value) ?? 1) <= 0;
  });
  return (v) => source.values(v).some((value) => tests.some((t) => t(value)));
}
