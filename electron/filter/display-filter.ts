// Wireshark's display filters: `compileDisplayFilter("tcp.port == 80 && http")` checks the text
// against the protocols' field tables and gives a test of decoded packets, or a FilterError that
// says what is wrong and where. The CLI (`-Y`), the service and the filter bar all use this.

import type { DissectedPacket } from '../dissect/field-model.js';
import { compileExpr } from './filter-compiler.js';
import { resolveName } from './filter-names.js';
import { FilterError } from './filter-error.js';
import { parseFilter } from './filter-parser.js';
import { PacketView } from './packet-view.js';

export interface DisplayFilter {
  readonly text: string;
  /** Whether the decoded packet (with its captured bytes) matches. */
  matches(packet: DissectedPacket, bytes: Uint8Array): boolean;
}

/** The filter `text` compiled; throws FilterError when it is not a valid filter. */
export function compileDisplayFilter(text: string): DisplayFilter {
  const test = compileExpr(parseFilter(text));
  return { text, matches: (packet, bytes) => test(new PacketView(packet, bytes)) };
}

/**
 * A colouring rule's filter: as a display filter, except that a name Layerscope does not decode
 * (Wireshark's rules name OSPF, SCTP, SMB…) is simply never present instead of an error.
 */
export function compileColouringFilter(text: string): DisplayFilter {
  const looksLikeName = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i;
  const test = compileExpr(parseFilter(text), (name) => resolveName(name) ?? (looksLikeName.test(name) ? 'absent' : undefined));
  return { text, matches: (packet, bytes) => test(new PacketView(packet, bytes)) };
}

/** What the filter bar shows as the user types: valid, or the error with its place. */
export type FilterCheck = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string; readonly position: number; readonly length: number };

export function checkDisplayFilter(text: string): FilterCheck {
  try {
    compileDisplayFilter(text);
    return { ok: true };
  } catch (err) {
    if (err instanceof FilterError) return { ok: false, code: err.code, message: err.message, position: err.position, length: err.length };
    throw err;
  }
}
