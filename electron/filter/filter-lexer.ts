// Cuts a display filter into tokens. As in Wireshark, a run of name-and-value characters is one
// "word" (tcp.port, 80, 10.0.0.0/8, 02:00:00, fe80::1, GET); what it means is decided later, by the
// field it is compared with. Strings are quoted with C escapes.

import { FILTER_ERRORS, FILTER_EXPECTED, FilterError } from './filter-error.js';
import { say } from '../text/catalog.js';

export type TokenType = 'word' | 'string' | 'op' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | 'end';

export interface Token {
  readonly type: TokenType;
  /** The word, the operator, or the string's value (escapes resolved). */
  readonly text: string;
  readonly at: number;
  readonly length: number;
}

/** Operators, longest first so that `===` is not read as `==` then `=`. */
const OPERATORS = ['===', '!==', '==', '!=', '~=', '<=', '>=', '&&', '||', '^^', '<', '>', '!', '~', '&'];

function isWordChar(c: string): boolean {
  return /[A-Za-z0-9_.:\-/]/.test(c);
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ('()[]{},'.includes(c)) {
      tokens.push({ type: c as TokenType, text: c, at: i, length: 1 });
      i++;
      continue;
    }
    if (c === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError(FILTER_ERRORS.unterminated_string, { position: start }, start, text.length - start);
        const d = text[i];
        if (d === '"') break;
        if (d !== '\\') {
          value += d;
          i++;
          continue;
        }
        const e = text[i + 1] ?? '';
        const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(i + 1, i + 4));
        const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
        if (hex) {
          value += String.fromCharCode(parseInt(hex[1], 16));
          i += 1 + hex[0].length;
        } else if (octal && octal[0] !== '0') {
          value += String.fromCharCode(parseInt(octal[0], 8));
          i += 1 + octal[0].length;
        } else if (e in ESCAPES) {
          value += ESCAPES[e];
          i += 2;
        } else {
          throw new FilterError(FILTER_ERRORS.bad_escape, { text: `\\${e}`, position: i }, i, 2);
        }
      }
      tokens.push({ type: 'string', text: value, at: start, length: i + 1 - start });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', text: op, at: i, length: op.length });
      i += op.length;
      continue;
    }
    if (isWordChar(c)) {
      const start = i;
      while (i < text.length && isWordChar(text[i])) i++;
      tokens.push({ type: 'word', text: text.slice(start, i), at: start, length: i - start });
      continue;
    }
    throw new FilterError(FILTER_ERRORS.unexpected, { text: c, position: i, expected: say(FILTER_EXPECTED.token) }, i, 1);
  }
  tokens.push({ type: 'end', text: '', at: text.length, length: 0 });
  return tokens;
}
