// Domain names as DNS writes them (RFC 1035 §4.1.4): length-prefixed labels, possibly ending in a
// compression pointer to a name elsewhere in the message. Names over RFC 1035's 255 bytes,
// pointer loops and names running off the message are told apart, and no name costs more than a
// bounded amount of work, however its pointers jump. Names are shown as Wireshark shows them:
// control characters escaped, bytes beyond ASCII read as UTF-8.

import type { LayerBuilder } from '../layer-builder.js';
import { formatText } from '../byte-text.js';

/** What is wrong with a name, if anything (the DNS module turns these into its problem codes). */
export type NameTrouble =
  | 'runs_off'
  | 'pointer_cut'
  | 'label_type'
  | 'label_cut'
  | 'loop'
  | 'too_many_pointers'
  | 'too_long';

export interface DnsName {
  /** The name as shown ("example.com", "<Root>", "<Name too long>"). */
  text: string;
  /** Bytes the name takes where it is written (a pointer ends it). */
  length: number;
  /** Wireshark's "Name Length": bytes of the labels joined with dots. */
  textLength: number;
  /** Wireshark's "Label Count". */
  labels: number;
  trouble?: NameTrouble;
  /** Where the trouble is (a label or pointer offset), from the start of the frame. */
  troubleAt?: number;
  /** The name's own bytes ran past the end of the message (not a pointer's target). */
  runsOff?: boolean;
}

/** RFC 1035 §2.3.4: a name is at most 255 bytes in wire form, its length bytes and final zero included. */
export const MAX_NAME_OCTETS = 255;
/**
 * Pointers followed for one name before it is given up: a name of 255 bytes has at most 127 labels,
 * so a name that needs more pointers than that is a loop or a trick. With the 255-byte limit this
 * bounds the work per name, so a message costs at most a constant per byte however its pointers
 * jump (forward, backward, in circles).
 */
export const MAX_POINTERS = 128;
/** What tshark shows for a name over 255 bytes, and for one that goes round in circles. */
const TOO_LONG = '<Name too long>';
const LOOPS = '<Name contains a pointer that loops>';
const ROOT = '<Root>';

/**
 * One DNS message, as its names are read: where it starts and ends, and (made when a name first
 * overruns a limit) what is known of where each position's labels and pointers lead, so telling a
 * loop from a long name costs each byte of the message once, however many names lead there.
 */
export class MessageNames {
  fate: Uint8Array | null = null;
  /**
   * The last name read that was labels only, read up to the message's end, and where it is: a
   * name that is just a pointer to it (an answer naming the question's name) is the same name.
   */
  plainAt = -1;
  plain: DnsName | null = null;
  constructor(
    readonly base: number,
    readonly end: number,
  ) {}
}

const UNKNOWN = 0;
const ON_THIS_WALK = 1;
const ENDS = 2;
const LOOPS_ROUND = 3;

/** Whether the labels and pointers from `pos` on come back to where they have been, rather than end. */
function loopsFrom(b: LayerBuilder, m: MessageNames, pos: number): boolean {
  const fate = (m.fate ??= new Uint8Array(m.end - m.base));
  const walked: number[] = [];
  let result = ENDS;
  while (pos >= m.base && pos < m.end && b.has(pos, 1)) {
    const known = fate[pos - m.base];
    if (known === ON_THIS_WALK) {
      result = LOOPS_ROUND;
      break;
    }
    if (known !== UNKNOWN) {
      result = known;
      break;
    }
    fate[pos - m.base] = ON_THIS_WALK;
    walked.push(pos);
    const n = b.u8(pos);
    if (n === 0 || (n & 0xc0) === 0x40 || (n & 0xc0) === 0x80) break;
    if ((n & 0xc0) === 0xc0) {
      if (pos + 2 > m.end || !b.has(pos, 2)) break;
      pos = m.base + (b.u16(pos) & 0x3fff);
    } else {
      pos += 1 + n;
    }
  }
  for (const p of walked) fate[p - m.base] = result;
  return result === LOOPS_ROUND;
}

/**
 * Reads the possibly compressed name at `at`. Its own bytes must end by `ownEnd` (the end of the
 * record data it is in, or of the message); names a pointer leads to, by the message's end.
 */
export function readName(b: LayerBuilder, m: MessageNames, at: number, ownEnd: number): DnsName {
  // Read again, it would give the same labels: the packet list reads every answer's name.
  const plain = m.plain;
  if (plain !== null && at + 2 <= ownEnd && b.has(at, 2) && (b.u8(at) & 0xc0) === 0xc0 && m.base + (b.u16(at) & 0x3fff) === m.plainAt) {
    return { text: plain.text, length: 2, textLength: plain.textLength, labels: plain.labels };
  }
  const parts: string[] = [];
  let pos = at;
  let limit = ownEnd;
  /** Bytes the name takes where it is written, once a pointer has ended them (-1 before). */
  let length = -1;
  let octets = 1;
  let pointers = 0;
  let tooLong = false;
  let textLength = 0;
  let labels = 0;
  const stop = (trouble: NameTrouble, troubleAt: number, ownBytes: number, runsOff = false): DnsName => ({
    text: tooLong ? TOO_LONG : parts.join('.'),
    length: length < 0 ? ownBytes : length,
    textLength,
    labels,
    trouble,
    troubleAt,
    runsOff: runsOff && length < 0,
  });
  for (;;) {
    if (pos >= limit || !b.has(pos, 1)) return stop('runs_off', pos, pos - at, true);
    const n = b.u8(pos);
    if (n === 0) {
      if (length < 0) length = pos + 1 - at;
      if (tooLong) return tooLongName(length);
      const name =
        labels === 0
          ? { text: ROOT, length, textLength: ROOT.length, labels: 1 }
          : // Wireshark 4.0 counts a one-character name as having no length and no labels.
            textLength === 1
            ? { text: parts[0], length, textLength: 0, labels: 0 }
            : { text: parts.join('.'), length, textLength, labels };
      if (pointers === 0 && ownEnd === m.end) {
        m.plainAt = at;
        m.plain = name;
      }
      return name;
    }
    if ((n & 0xc0) === 0xc0) {
      if (pos + 2 > limit || !b.has(pos, 2)) return stop('pointer_cut', pos, limit - at, true);
      if (length < 0) length = pos + 2 - at;
      limit = m.end;
      // Once too long, the name's own bytes were still read, to know where it ends.
      if (tooLong) return overrun(b, m, length, pos, false);
      if (++pointers > MAX_POINTERS) return overrun(b, m, length, pos, true);
      pos = m.base + (b.u16(pos) & 0x3fff);
      continue;
    }
    if ((n & 0xc0) !== 0) return stop('label_type', pos, pos + 1 - at);
    if (pos + 1 + n > limit || !b.has(pos + 1, n)) return stop('label_cut', pos, limit - at, true);
    octets += 1 + n;
    if (octets > MAX_NAME_OCTETS) {
      tooLong = true;
      // Pointed-to bytes are not this name's own: it ends where its first pointer is.
      if (length >= 0) return overrun(b, m, length, pos, false);
    }
    if (!tooLong) {
      parts.push(labelText(b.frame.bytes, pos + 1, n));
      textLength += (labels > 0 ? 1 : 0) + n;
      labels += countDots(b.frame.bytes, pos + 1, n) + 1;
    }
    pos += 1 + n;
  }
}

/**
 * A name that overran a limit at `pos` (255 bytes, or `MAX_POINTERS` pointers): shown as tshark
 * shows it, as a loop when going on from `pos` would come round again, else as too long.
 */
function overrun(b: LayerBuilder, m: MessageNames, length: number, pos: number, tooManyPointers: boolean): DnsName {
  if (loopsFrom(b, m, pos)) return { text: LOOPS, length, textLength: LOOPS.length, labels: 1, trouble: 'loop', troubleAt: pos };
  if (tooManyPointers) return { text: TOO_LONG, length, textLength: TOO_LONG.length, labels: 1, trouble: 'too_many_pointers', troubleAt: pos };
  return tooLongName(length);
}

function tooLongName(length: number): DnsName {
  return { text: TOO_LONG, length, textLength: TOO_LONG.length, labels: 1, trouble: 'too_long' };
}

/** Dots inside a label count as label separators in Wireshark's label count. */
function countDots(bytes: Uint8Array, at: number, n: number): number {
  let dots = 0;
  for (let i = at; i < at + n; i++) if (bytes[i] === 0x2e) dots++;
  return dots;
}

/** A label's bytes as Wireshark shows them (see format-text.ts). */
export function labelText(bytes: Uint8Array, at: number, n: number): string {
  return formatText(bytes, at, at + n);
}
