// Wireshark's display filters: `compileDisplayFilter("tcp.port == 80 && http")` checks the text
// against the protocols' field tables and gives a test of decoded packets, or a FilterError that
// says what is wrong and where. The CLI (`-Y`), the service and the filter bar all use this.

import type { DissectedPacket } from '../dissect/field-model.js';
import { compileExpr, type NameResolver } from './filter-compiler.js';
import { FIELDS_ANYWHERE, protocolsHolding, protocolsHostingFieldsOf, resolveName } from './filter-names.js';
import { FilterError } from './filter-error.js';
import { parseFilter } from './filter-parser.js';
import { PacketView } from './packet-view.js';
import type { FilterSubject } from './filter-subject.js';
import { FieldSelection } from '../dissect/field-selection.js';
import { requiredProtocols } from './required-protocols.js';

export interface DisplayFilter {
  readonly text: string;
  /** The tree field names the filter reads (what a PacketView for it indexes). */
  readonly fieldNames: ReadonlySet<string>;
  /**
   * The protocols whose layers hold those fields: decoding only their fields is enough to test
   * the filter (DissectOptions.protocols). Undefined when a field's protocol is not known by its name.
   */
  readonly protocols: ReadonlySet<string> | undefined;
  /** The fields the filter reads: a decoding for it builds only these (DissectOptions.fields). */
  readonly fields: FieldSelection;
  /** Protocols every packet it matches has a layer of (see required-protocols.ts). */
  readonly requires: ReadonlySet<string>;
  /** Whether the decoded packet (with its captured bytes) matches. */
  matches(packet: DissectedPacket, bytes: Uint8Array): boolean;
  /** Whether the packet a view shows matches: the view may serve several filters, or be the index's. */
  matchesView(view: FilterSubject): boolean;
}

function compileWith(text: string, resolve: NameResolver): DisplayFilter {
  const fieldNames = new Set<string>();
  const protocolNames = new Set<string>();
  const expr = parseFilter(text);
  const test = compileExpr(expr, (name) => {
    const resolved = resolve(name);
    if (resolved && resolved !== 'absent' && resolved.kind === 'field') for (const field of resolved.fields) fieldNames.add(field);
    if (resolved && resolved !== 'absent' && resolved.kind === 'protocol') protocolNames.add(resolved.protocol);
    return resolved;
  });
  // A protocol is also there when its fields are inside another layer (PacketView.hasProtocol).
  const fields = new FieldSelection(fieldNames, [...protocolNames]);
  return { text, fieldNames, protocols: protocolsOf(fieldNames, protocolNames), fields, requires: requiredProtocols(expr, resolve), matches: (packet, bytes) => test(new PacketView(packet, bytes, fieldNames)), matchesView: test };
}

/**
 * The protocols whose layers must be decoded with fields to test a filter reading `fieldNames`
 * and naming `protocolNames`: those holding the fields ("tcp" for tcp.port, "lcp" for ppp.code),
 * and those that can hold a named protocol's fields (VLAN holds eth.type). Undefined when every
 * layer must be: a field's protocol is not known by its name, or any layer may hold it (data).
 */
export function protocolsOf(fieldNames: ReadonlySet<string>, protocolNames: ReadonlySet<string> = new Set()): ReadonlySet<string> | undefined {
  const protocols = new Set<string>();
  for (const name of fieldNames) {
    const holders = protocolsHolding(name);
    if (!holders) return undefined;
    for (const p of holders) {
      if (FIELDS_ANYWHERE.has(p)) return undefined;
      protocols.add(p);
    }
  }
  // A protocol's own layer is there with or without its fields; another layer holding its fields
  // must have them built.
  for (const p of protocolNames) {
    if (FIELDS_ANYWHERE.has(p)) return undefined;
    for (const host of protocolsHostingFieldsOf(p)) protocols.add(host);
  }
  return protocols;
}

/** The filter `text` compiled; throws FilterError when it is not a valid filter. */
export function compileDisplayFilter(text: string): DisplayFilter {
  return compileWith(text, resolveName);
}

/**
 * A colouring rule's filter: as a display filter, except that a name Layerscope does not decode
 * (Wireshark's rules name OSPF, SCTP, SMB…) is simply never present instead of an error.
 */
export function compileColouringFilter(text: string): DisplayFilter {
  const looksLikeName = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i;
  return compileWith(text, (name) => resolveName(name) ?? (looksLikeName.test(name) ? 'absent' : undefined));
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
