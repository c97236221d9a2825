// TCP options (RFC 9293 §3.2): a list of kind/length/value entries after the fixed header. Each
// option becomes a field with its kind, length and values as children; what the packet list's info
// text needs (MSS=1460 SACK_PERM TSval=… WS=128 SLE=… SRE=…) is collected on the way.

import type { Field } from '../field-model.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import type { ColumnText } from '../column-text.js';

/** Wireshark's names of option kinds (tcp_option_kind_vs). */
const OPTION_KINDS: Readonly<Record<number, string>> = {
  0: 'End of Option List', 1: 'No-Operation', 2: 'Maximum Segment Size', 3: 'Window Scale',
  4: 'SACK Permitted', 5: 'SACK', 6: 'Echo', 7: 'Echo Reply', 8: 'Time Stamp Option',
  9: 'Partial Order Connection Permitted', 10: 'Partial Order Service Profile', 11: 'CC', 12: 'CC.NEW',
  13: 'CC.ECHO', 14: 'TCP Alternate Checksum Request', 15: 'TCP Alternate Checksum Data', 16: 'Skeeter',
  17: 'Bubba', 18: 'Trailer Checksum Option', 19: 'MD5 Signature Option', 20: 'SCPS Capabilities',
  21: 'Selective Negative Acknowledgements', 22: 'Record Boundaries', 23: 'Corruption experienced',
  24: 'SNAP', 25: 'Unassigned', 26: 'TCP Compression Filter', 27: 'Quick-Start Response',
  28: 'User Timeout Option', 29: 'TCP Authentication Option', 30: 'Multipath TCP', 34: 'TCP Fast Open Cookie',
  69: 'Encryption Negotiation', 253: 'RFC3692-style Experiment 1', 254: 'RFC3692-style Experiment 2',
};

export const OPTION_FIELDS = defineFields('tcp', {
  options: {
    label: 'Options',
    type: 'bytes',
    description: 'Optional settings after the fixed 20-byte header, such as the largest segment each side accepts or timestamps.',
    rfc: 'RFC 9293 §3.2',
  },
  option_kind: {
    label: 'Kind',
    type: 'uint8',
    values: OPTION_KINDS,
    description: 'Which option this is (2 MSS, 3 window scale, 4 SACK permitted, 5 SACK, 8 timestamps, 1 no-operation, 0 end of list).',
    rfc: 'RFC 9293 §3.2',
  },
  option_len: {
    label: 'Length',
    type: 'uint8',
    description: 'How many bytes this option takes, counting its kind and length bytes.',
    rfc: 'RFC 9293 §3.2',
  },
  eol: {
    name: 'tcp.options.eol',
    label: 'TCP Option - End of Option List (EOL)',
    type: 'bytes',
    line: () => 'TCP Option - End of Option List (EOL)',
    description: 'Marks the end of the options; any bytes after it are padding.',
    rfc: 'RFC 9293 §3.2',
  },
  nop: {
    name: 'tcp.options.nop',
    label: 'TCP Option - No-Operation (NOP)',
    type: 'bytes',
    line: () => 'TCP Option - No-Operation (NOP)',
    description: 'A one-byte filler used to line the next option up on a 4-byte boundary.',
    rfc: 'RFC 9293 §3.2',
  },
  mss: {
    name: 'tcp.options.mss',
    label: 'TCP Option - Maximum segment size',
    type: 'bytes',
    line: () => 'TCP Option - Maximum segment size',
    description: 'Sent in a SYN: the largest amount of data this side is willing to receive in one segment.',
    rfc: 'RFC 9293 §3.7.1',
  },
  mss_val: {
    name: 'tcp.options.mss_val',
    label: 'MSS Value',
    type: 'uint16',
    description: 'The maximum segment size in bytes, usually the link MTU minus the IP and TCP headers (1500 − 40 = 1460).',
    rfc: 'RFC 9293 §3.7.1',
  },
  wscale: {
    name: 'tcp.options.wscale',
    label: 'TCP Option - Window scale',
    type: 'bytes',
    line: () => 'TCP Option - Window scale',
    description: 'Sent in a SYN: lets windows grow beyond 65,535 bytes by shifting the window field left.',
    rfc: 'RFC 7323 §2',
  },
  wscale_shift: {
    name: 'tcp.options.wscale.shift',
    label: 'Shift count',
    type: 'uint8',
    description: 'How many bits the sender\'s window field is shifted left once the connection is open.',
    rfc: 'RFC 7323 §2.2',
  },
  wscale_multiplier: {
    name: 'tcp.options.wscale.multiplier',
    label: 'Multiplier',
    type: 'uint16',
    generated: true,
    description: 'The shift count as a factor: the window field is multiplied by this.',
    rfc: 'RFC 7323 §2.2',
  },
  sack_perm: {
    name: 'tcp.options.sack_perm',
    label: 'TCP Option - SACK permitted',
    type: 'bytes',
    line: () => 'TCP Option - SACK permitted',
    description: 'Sent in a SYN: this side understands selective acknowledgments.',
    rfc: 'RFC 2018 §2',
  },
  sack: {
    name: 'tcp.options.sack',
    label: 'TCP Option - SACK',
    type: 'bytes',
    line: () => 'TCP Option - SACK',
    description: 'Selective acknowledgment: blocks of data received beyond a gap, so only the missing part is resent.',
    rfc: 'RFC 2018 §3',
  },
  sack_le: {
    name: 'tcp.options.sack_le',
    label: 'left edge',
    type: 'uint32',
    line: (v) => `left edge = ${v} (relative)`,
    description: 'First sequence number of a block received out of order (relative).',
    rfc: 'RFC 2018 §3',
  },
  sack_re: {
    name: 'tcp.options.sack_re',
    label: 'right edge',
    type: 'uint32',
    line: (v) => `right edge = ${v} (relative)`,
    description: 'Sequence number just after the end of that block (relative).',
    rfc: 'RFC 2018 §3',
  },
  dsack_le: {
    name: 'tcp.options.sack.dsack_le',
    label: 'D-SACK Left Edge',
    type: 'uint32',
    line: (v) => `D-SACK Left Edge = ${v} (relative)`,
    description: 'First sequence number of data the receiver got twice (a duplicate SACK, relative).',
    rfc: 'RFC 2883 §4',
  },
  dsack_re: {
    name: 'tcp.options.sack.dsack_re',
    label: 'D-SACK Right Edge',
    type: 'uint32',
    line: (v) => `D-SACK Right Edge = ${v} (relative)`,
    description: 'Sequence number just after the data the receiver got twice (relative).',
    rfc: 'RFC 2883 §4',
  },
  sack_count: {
    name: 'tcp.options.sack.count',
    label: 'TCP SACK Count',
    type: 'uint8',
    generated: true,
    description: 'How many received blocks this option lists.',
  },
  timestamp: {
    name: 'tcp.options.timestamp',
    label: 'TCP Option - Timestamps',
    type: 'bytes',
    line: () => 'TCP Option - Timestamps',
    description: 'Two clock values used to measure round-trip time and to tell old segments from new ones.',
    rfc: 'RFC 7323 §3',
  },
  tsval: {
    name: 'tcp.options.timestamp.tsval',
    label: 'Timestamp value',
    type: 'uint32',
    description: 'The sender\'s clock when it sent this segment.',
    rfc: 'RFC 7323 §3.2',
  },
  tsecr: {
    name: 'tcp.options.timestamp.tsecr',
    label: 'Timestamp echo reply',
    type: 'uint32',
    description: 'The latest timestamp value received from the other side, echoed back so it can time the round trip.',
    rfc: 'RFC 7323 §3.2',
  },
  unknown_payload: {
    name: 'tcp.options.unknown.payload',
    label: 'Payload',
    type: 'bytes',
    description: 'The value of an option Layerscope does not decode, as raw bytes.',
    rfc: 'RFC 9293 §3.2',
  },
  padding: {
    name: 'tcp.options.padding',
    label: 'Padding after End of Option List',
    type: 'bytes',
    description: 'Bytes after the End of Option List up to the end of the header; they should all be zero.',
    rfc: 'RFC 9293 §3.2',
  },
  undecoded: {
    name: 'tcp.options.undecoded',
    label: 'Undecoded option bytes',
    type: 'bytes',
    description: 'Bytes of an option that could not be decoded, because the option was cut off by the snap length or its length is wrong.',
  },
  unknown: {
    name: 'tcp.options.unknown',
    label: 'TCP Option - Unknown',
    type: 'bytes',
    line: () => 'TCP Option - Unknown',
    description: 'An option Layerscope does not decode; its kind and length still say how to skip it.',
    rfc: 'RFC 9293 §3.2',
  },
});

const F = OPTION_FIELDS;

const P = defineProblems('tcp', {
  padding_not_zero: ['error', 'The TCP option padding after End of Option List (offset {offset}) is not all zero'],
  option_no_length: ['error', 'TCP option of kind {kind} at offset {offset} has no room for its length byte before the header ends at offset {end}'],
  option_len_short: ['error', 'TCP option of kind {kind} at offset {offset} has length {length}, below the minimum of 2; the remaining options cannot be read'],
  option_len_long: ['error', 'TCP option of kind {kind} at offset {offset} says it is {length} bytes long but only {room} bytes of options remain'],
  option_len_wrong: ['error', 'TCP option of kind {kind} at offset {offset} has length {length}; it must be {expected}'],
  wscale_too_big: ['warning', 'Window scale shift {shift} at offset {offset} exceeds the maximum of 14; 14 is used'],
  dsack: ['note', 'D-SACK at offset {offset}: the receiver reports data it received twice (RFC 2883), usually after a needless retransmission'],
  sack_len_wrong: ['error', 'SACK option at offset {offset} has length {length}; it must be 2 plus a multiple of 8'],
});

/**
 * Decodes the options in [start, end) under a `tcp.options` field; what the info column shows of
 * them (" MSS=1460 SACK_PERM ...") is appended to `info`. An option cut by the snap length is
 * decoded as far as its bytes go and recorded as cut; options that run past the header end, or
 * carry an impossible length, become problems and stop the walk. Every captured byte of the
 * options area ends up in a leaf field, whatever the input. `ackBase` makes SACK edges relative.
 * `claimed` is the options' length the header length gives (its line says it, as tshark's does,
 * even when the segment is shorter). In summary mode only the info text is produced.
 */
export function dissectTcpOptions(b: LayerBuilder, start: number, end: number, ackBase: number, ack: number, info: ColumnText, claimed = end - start): void {
  const bytes = b.frame.bytes;
  const captured = Math.min(end, b.captured);
  b.hex(null, F.options, start, captured - start);
  const all = b.last;
  let at = start;
  while (at < end) {
    if (at >= captured) {
      // Not even the next option's kind byte was captured: which option is missing is unknown.
      b.missing(F.options, at, end - at, all);
      break;
    }
    const kind = bytes[at];
    if (kind === 0 || kind === 1) {
      b.hex(all, kind === 0 ? F.eol : F.nop, at, 1);
      b.uint(b.last, F.option_kind, at);
      at++;
      if (kind === 0 && !allZero(bytes, at, captured)) {
        // After the end of the list only zero padding may follow (tshark shows each zero as another EOL).
        b.hex(all, F.padding, at, captured - at);
        b.problem(P.padding_not_zero, at, { offset: at }, all);
        break;
      }
      continue;
    }
    const spec = kind === 2 ? F.mss : kind === 3 ? F.wscale : kind === 4 ? F.sack_perm : kind === 5 ? F.sack : kind === 8 ? F.timestamp : F.unknown;
    if (at + 1 >= end) {
      b.hex(all, spec, at, 1);
      b.uint(b.last, F.option_kind, at);
      b.problem(P.option_no_length, at, { kind, offset: at, end }, all);
      break;
    }
    if (at + 1 >= captured) {
      // The kind was captured, its length byte was not.
      b.hex(all, spec, at, 1);
      b.uint(b.last, F.option_kind, at);
      b.missing(spec, at, 2, all);
      break;
    }
    const len = bytes[at + 1];
    const cut = len >= 2 && at + len <= end && at + len > captured;
    // The option's bytes as far as they were captured and lie inside the options area.
    const stop = len < 2 ? at + 2 : Math.min(at + len, captured);
    b.hex(all, spec, at, stop - at);
    const opt = b.last;
    b.uint(opt, F.option_kind, at);
    b.uint(opt, F.option_len, at + 1);
    if (len < 2) {
      b.problem(P.option_len_short, at + 1, { kind, offset: at, length: len }, opt);
      addUndecoded(b, all, at + 2, captured);
      break;
    }
    if (at + len > end) {
      b.problem(P.option_len_long, at + 1, { kind, offset: at, length: len, room: end - at }, opt);
      addUndecoded(b, opt, at + 2, stop);
      break;
    }
    if (cut) b.missing(spec, at, len, opt);
    const expected = EXPECTED_LENGTH[kind];
    if (expected !== undefined && len !== expected) {
      b.problem(P.option_len_wrong, at + 1, { kind, offset: at, length: len, expected }, opt);
      addUndecoded(b, opt, at + 2, stop);
      at += len;
      continue;
    }
    // Values are shown only when all their bytes were captured; the info text only for whole options.
    let decoded = at + 2;
    switch (kind) {
      case 2: {
        if (at + 4 > stop) break;
        const mss = b.uint(opt, F.mss_val, at + 2);
        b.annotate(opt, mssText, mss);
        info.text(' MSS=').uint(mss);
        decoded = at + 4;
        break;
      }
      case 3: {
        if (at + 3 > stop) break;
        const shift = b.uint(opt, F.wscale_shift, at + 2);
        const multiplier = 1 << Math.min(shift, 14);
        b.add(opt, F.wscale_multiplier, at + 2, 1, multiplier);
        b.annotate(opt, windowScaleText, shift, multiplier);
        if (shift > 14) b.problem(P.wscale_too_big, at + 2, { shift, offset: at + 2 }, opt);
        info.text(' WS=').uint(multiplier);
        decoded = at + 3;
        break;
      }
      case 4:
        info.text(' SACK_PERM');
        break;
      case 5: {
        if ((len - 2) % 8 !== 0) b.problem(P.sack_len_wrong, at + 1, { offset: at, length: len }, opt);
        let count = 0;
        // The blocks are shown only when the option was captured whole.
        const before = info.length;
        for (let p = at + 2; p + 8 <= stop; p += 8) {
          const le = (b.u32(p) - ackBase) >>> 0;
          const re = (b.u32(p + 4) - ackBase) >>> 0;
          b.add(opt, F.sack_le, p, 4, le);
          b.add(opt, F.sack_re, p + 4, 4, re);
          b.annotate(opt, sackBlockText, le, re);
          info.text(' SLE=').uint(le).text(' SRE=').uint(re);
          count++;
          decoded = p + 8;
        }
        b.add(opt, F.sack_count, at, 0, count);
        if (count > 0 && isDsack(b, at + 2, count, ack)) {
          const le = (b.u32(at + 2) - ackBase) >>> 0;
          b.add(opt, F.dsack_le, at + 2, 4, le);
          b.add(opt, F.dsack_re, at + 6, 4, (b.u32(at + 6) - ackBase) >>> 0);
          b.problem(P.dsack, at + 2, { offset: at + 2 }, opt);
        }
        if (cut) info.truncate(before);
        break;
      }
      case 8: {
        if (at + 6 > stop) break;
        const tsval = b.uint(opt, F.tsval, at + 2);
        decoded = at + 6;
        if (at + 10 > stop) break;
        const tsecr = b.uint(opt, F.tsecr, at + 6);
        b.annotate(opt, timestampsText, tsval, tsecr);
        info.text(' TSval=').uint(tsval).text(' TSecr=').uint(tsecr);
        decoded = at + 10;
        break;
      }
      default:
        if (stop > at + 2) b.hex(opt, F.unknown_payload, at + 2, stop - at - 2);
        decoded = stop;
    }
    addUndecoded(b, opt, decoded, stop);
    if (cut) break;
    at += len;
  }
  // "Options: (20 bytes), Maximum segment size, SACK permitted, ...", as tshark writes it.
  b.rewrite(all, optionsLine, all, claimed);
}

// The texts the tree adds to option lines (functions, not closures: see the builder's Lazy).
function optionsLine(all: Field, claimed: number): string {
  let line = `Options: (${claimed} bytes)`;
  for (const c of all.children) if (c.label.startsWith(OPTION_PREFIX)) line += ', ' + c.label.slice(OPTION_PREFIX.length);
  return line;
}

function mssText(mss: number): string {
  return `: ${mss} bytes`;
}

function windowScaleText(shift: number, multiplier: number): string {
  return `: ${shift} (multiply by ${multiplier})`;
}

function sackBlockText(le: number, re: number): string {
  return ` ${le}-${re}`;
}

function timestampsText(tsval: number, tsecr: number): string {
  return `: TSval ${tsval}, TSecr ${tsecr}`;
}

const OPTION_PREFIX = 'TCP Option - ';

/**
 * Whether the first SACK block at `p` reports duplicate data (RFC 2883 §4): it lies below the
 * acknowledgment number, or inside the second block.
 */
function isDsack(b: LayerBuilder, p: number, count: number, ack: number): boolean {
  const le = b.u32(p);
  const re = b.u32(p + 4);
  if (((le - ack) | 0) < 0) return true;
  if (count < 2) return false;
  const le2 = b.u32(p + 8);
  const re2 = b.u32(p + 12);
  return ((le - le2) | 0) >= 0 && ((re2 - re) | 0) >= 0;
}

/** A leaf for bytes [from, to) of the options that no decoded value owns (a cut or malformed option's rest). */
function addUndecoded(b: LayerBuilder, parent: Field, from: number, to: number): void {
  if (from < to) b.hex(parent, F.undecoded, from, to - from);
}

function allZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

const EXPECTED_LENGTH: Record<number, number | undefined> = { 2: 4, 3: 3, 4: 2, 8: 10 };

/**
 * The window scale shift in the options [start, end) (all captured), or -1 when there is none.
 * Conversation tracking needs it before the options are decoded in full.
 */
export function findWindowShift(bytes: Uint8Array, start: number, end: number): number {
  let at = start;
  while (at < end) {
    const kind = bytes[at];
    if (kind === 0) return -1;
    if (kind === 1) {
      at++;
      continue;
    }
    if (at + 1 >= end) return -1;
    const len = bytes[at + 1];
    if (len < 2 || at + len > end) return -1;
    if (kind === 3 && len === 3) return Math.min(bytes[at + 2], 14);
    at += len;
  }
  return -1;
}
