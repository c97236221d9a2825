// Parses a display filter into its syntax tree, by Wireshark's grammar and precedence: `not` binds
// tightest, then `and`, then `xor`, then `or`; each operator has its symbol and word forms.

import type { CompareOp, Expr, Operand, SetElement, SliceRange, Span } from './filter-syntax.js';
import { tokenize, type Token } from './filter-lexer.js';
import { FILTER_ERRORS, FILTER_EXPECTED, FilterError } from './filter-error.js';
import { say, type MessageSpec } from '../text/catalog.js';

/** Longer filters are refused before parsing (the filter bar keeps history; nobody types more). */
export const MAX_FILTER_LENGTH = 65536;
/** Parentheses and `not`s nest at most this deep, so a hostile filter cannot exhaust the stack. */
export const MAX_FILTER_DEPTH = 256;

const COMPARE_WORDS: Readonly<Record<string, CompareOp>> = {
  eq: 'any_eq', any_eq: 'any_eq', all_eq: 'all_eq', ne: 'all_ne', all_ne: 'all_ne', any_ne: 'any_ne',
  gt: 'gt', ge: 'ge', lt: 'lt', le: 'le', contains: 'contains', matches: 'matches', bitand: 'bitand',
};
const COMPARE_SYMBOLS: Readonly<Record<string, CompareOp>> = {
  '==': 'any_eq', '===': 'all_eq', '!=': 'all_ne', '!==': 'any_ne', '~=': 'any_ne',
  '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le', '~': 'matches', '&': 'bitand',
};

export function parseFilter(text: string): Expr {
  if (text.length > MAX_FILTER_LENGTH) throw new FilterError(FILTER_ERRORS.too_long, { max: MAX_FILTER_LENGTH }, MAX_FILTER_LENGTH, text.length - MAX_FILTER_LENGTH);
  return new Parser(tokenize(text)).parseAll();
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expr {
    const e = this.or();
    if (this.peek().type !== 'end') this.fail(FILTER_EXPECTED.logical);
    return e;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    return this.tokens[Math.min(this.i++, this.tokens.length - 1)];
  }

  /** The current token is a word equal (case-insensitively) to one of `words`, or an operator in `ops`. */
  private isLogical(words: readonly string[], ops: readonly string[]): boolean {
    const t = this.peek();
    return (t.type === 'word' && words.includes(t.text.toLowerCase())) || (t.type === 'op' && ops.includes(t.text));
  }

  private fail(expected: MessageSpec, t: Token = this.peek()): never {
    if (t.type === 'end') throw new FilterError(FILTER_ERRORS.unexpected_end, { expected: say(expected) }, t.at, 0);
    throw new FilterError(FILTER_ERRORS.unexpected, { text: t.type === 'string' ? `"${t.text}"` : t.text, position: t.at, expected: say(expected) }, t.at, t.length);
  }

  private or(): Expr {
    let left = this.xor();
    while (this.isLogical(['or'], ['||'])) {
      this.next();
      left = { kind: 'or', left, right: this.xor() };
    }
    return left;
  }

  private xor(): Expr {
    let left = this.and();
    while (this.isLogical(['xor'], ['^^'])) {
      this.next();
      left = { kind: 'xor', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isLogical(['and'], ['&&'])) {
      this.next();
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (this.isLogical(['not'], ['!'])) {
      const t = this.next();
      return this.nested(t, () => ({ kind: 'not', operand: this.not(), span: { at: t.at, length: t.length } }));
    }
    return this.primary();
  }

  private nested<T>(t: Token, parse: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) throw new FilterError(FILTER_ERRORS.too_deep, { max: MAX_FILTER_DEPTH }, t.at, t.length);
    const result = parse();
    this.depth--;
    return result;
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.type === '(') {
      this.next();
      const e = this.nested(t, () => this.or());
      if (this.peek().type !== ')') this.fail(FILTER_EXPECTED.close_paren);
      this.next();
      return e;
    }
    if (t.type !== 'word' && t.type !== 'string') this.fail(FILTER_EXPECTED.test);
    const left = this.operand();
    const op = this.peek();
    if (op.type === 'op' && op.text in COMPARE_SYMBOLS) {
      this.next();
      return this.comparison(COMPARE_SYMBOLS[op.text], left, op);
    }
    if (op.type === 'word') {
      const word = op.text.toLowerCase();
      if (word in COMPARE_WORDS) {
        this.next();
        return this.comparison(COMPARE_WORDS[word], left, op);
      }
      if (word === 'in') {
        this.next();
        return this.membership(left, op);
      }
      if (word === 'not' && this.peek(1).type === 'word' && this.peek(1).text.toLowerCase() === 'in') {
        this.next();
        const inToken = this.next();
        return { kind: 'not', operand: this.membership(left, inToken), span: { at: op.at, length: op.length } };
      }
    }
    return { kind: 'test', operand: left };
  }

  private comparison(op: CompareOp, left: Operand, t: Token): Expr {
    const right = this.operand();
    return { kind: 'compare', op, left, right, span: { at: t.at, length: t.length } };
  }

  private membership(left: Operand, t: Token): Expr {
    if (this.peek().type !== '{') this.fail(FILTER_EXPECTED.open_brace);
    this.next();
    const elements: SetElement[] = [];
    while (this.peek().type !== '}') {
      elements.push(...this.setElement());
      // Elements are separated by commas, as Wireshark 4 requires.
      if (this.peek().type === ',' && this.peek(1).type !== '}') this.next();
      else if (this.peek().type !== '}') this.fail(FILTER_EXPECTED.close_brace);
    }
    const close = this.next();
    if (elements.length === 0) throw new FilterError(FILTER_ERRORS.empty_set, { example: 'tcp.port in {80, 443}' }, t.at, close.at + 1 - t.at);
    return { kind: 'in', left, elements, span: { at: t.at, length: t.length } };
  }

  /** One set element; a word "80..90" (lexed whole) is a range, as is "80 .. 90". */
  private setElement(): SetElement[] {
    const t = this.peek();
    if (t.type === 'word' && t.text.includes('..') && !t.text.startsWith('..') && !t.text.endsWith('..')) {
      this.next();
      const cut = t.text.indexOf('..');
      const low: Operand = { kind: 'word', text: t.text.slice(0, cut), span: { at: t.at, length: cut } };
      const high: Operand = { kind: 'word', text: t.text.slice(cut + 2), span: { at: t.at + cut + 2, length: t.length - cut - 2 } };
      return [{ low, high }];
    }
    const low = this.operand();
    if (this.peek().type === 'word' && this.peek().text === '..') {
      this.next();
      return [{ low, high: this.operand() }];
    }
    return [{ low }];
  }

  private operand(): Operand {
    const t = this.peek();
    if (t.type === 'string') {
      this.next();
      return { kind: 'string', value: t.text, span: { at: t.at, length: t.length } };
    }
    if (t.type !== 'word') this.fail(FILTER_EXPECTED.operand);
    this.next();
    if (this.peek().type === '(' && /^[a-z_]+$/i.test(t.text)) return this.call(t);
    const span = { at: t.at, length: t.length };
    if (this.peek().type !== '[') return { kind: 'word', text: t.text, span };
    const { slice, sliceSpan } = this.slice();
    return { kind: 'word', text: t.text, span, slice, sliceSpan };
  }

  private call(name: Token): Operand {
    this.next();
    const args: Operand[] = [];
    while (this.peek().type !== ')') {
      if (this.peek().type !== 'word' && this.peek().type !== 'string') this.fail(FILTER_EXPECTED.argument);
      args.push(this.operand());
      if (this.peek().type === ',') this.next();
    }
    const close = this.next();
    return { kind: 'call', name: name.text.toLowerCase(), args, span: { at: name.at, length: close.at + 1 - name.at } };
  }

  /** `[0:3]`, `[1-2]`, `[-1]`, `[2:]`, `[:4]`, and several separated by commas. */
  private slice(): { slice: SliceRange[]; sliceSpan: Span } {
    const open = this.next();
    const ranges: SliceRange[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type !== 'word') this.fail(FILTER_EXPECTED.close_bracket);
      this.next();
      const range = sliceRange(t.text);
      if (!range) throw new FilterError(FILTER_ERRORS.bad_slice, { text: t.text }, t.at, t.length);
      ranges.push(range);
      if (this.peek().type === ',') {
        this.next();
        continue;
      }
      if (this.peek().type !== ']') this.fail(FILTER_EXPECTED.close_bracket);
      const close = this.next();
      return { slice: ranges, sliceSpan: { at: open.at, length: close.at + 1 - open.at } };
    }
  }
}

/** One range's text as start and length (Wireshark's forms; bounds checked against each value later). */
function sliceRange(text: string): SliceRange | undefined {
  let m = /^(-?\d+):(\d+)?$/.exec(text);
  if (m) return { start: Number(m[1]), length: m[2] === undefined ? undefined : Number(m[2]) };
  m = /^:(\d+)$/.exec(text);
  if (m) return { start: 0, length: Number(m[1]) };
  m = /^(-?\d+)-(-?\d+)$/.exec(text);
  if (m) {
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (start >= 0 && end >= start) return { start, length: end - start + 1 };
    return undefined;
  }
  m = /^(-?\d+)$/.exec(text);
  if (m) return { start: Number(m[1]), length: 1 };
  return undefined;
}
