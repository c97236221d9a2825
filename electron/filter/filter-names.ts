// The names a filter may use: every field a protocol module declares (with its type, from the
// field table), every protocol by Wireshark's short name, and suggestions for a name that is
// neither ("tcp.prot": did you mean tcp.port?).

import type { FieldSpec } from '../dissect/field-spec.js';
import { declaredFieldCount, declaredFields, fieldSpecNamed } from '../dissect/field-spec.js';
import { protocolModules } from '../dissect/registry.js';
import type { ProtocolModule } from '../dissect/dissector.js';
// The frame's own fields (frame.number, frame.len…) are declared by the frame layer.
import '../dissect/protocols/frame-layer.js';

export type FilterName =
  /** A field: the names of the tree fields it stands for (itself, or those an alias covers). */
  | { readonly kind: 'field'; readonly spec: FieldSpec; readonly fields: readonly string[] }
  | { readonly kind: 'protocol'; readonly protocol: string };

/** Protocol names the engine itself gives layers (not from a module). */
const ENGINE_PROTOCOLS = ['frame', 'data'];

interface KnownNames {
  readonly modules: readonly ProtocolModule[];
  readonly fieldCount: number;
  readonly protocols: ReadonlySet<string>;
  /** For each field a module's table declares, the protocols whose layers hold it. */
  readonly fieldProtocols: ReadonlyMap<string, ReadonlySet<string>>;
  /** For each protocol, the other protocols whose layers hold fields named for it (VLAN's eth.type). */
  readonly guestHosts: ReadonlyMap<string, ReadonlySet<string>>;
  /** Protocols and fields, sorted. */
  readonly all: readonly string[];
}

let known: KnownNames | undefined;

/**
 * The names as the registry and the field tables stand now: made once and kept while neither
 * changes (asked for on every keystroke in the filter bar, and for every misspelt name).
 */
function knownNames(): KnownNames {
  const modules = protocolModules();
  const fieldCount = declaredFieldCount();
  if (known && known.fieldCount === fieldCount && known.modules.length === modules.length && known.modules.every((m, i) => m === modules[i])) return known;
  const protocols = new Set([...ENGINE_PROTOCOLS, ...modules.map((m) => m.place.protocol)]);
  const all = [...new Set([...protocols, ...[...declaredFields()].map((f) => f.name)])].sort();
  const fieldProtocols = new Map<string, Set<string>>();
  for (const m of modules) {
    for (const spec of Object.values(m.fields)) {
      let holders = fieldProtocols.get(spec.name);
      if (!holders) fieldProtocols.set(spec.name, (holders = new Set()));
      holders.add(m.place.protocol);
    }
  }
  const guestHosts = new Map<string, Set<string>>();
  for (const m of modules) {
    for (const spec of Object.values(m.fields)) {
      const dot = spec.name.indexOf('.');
      const owner = dot < 0 ? spec.name : spec.name.slice(0, dot);
      if (owner === m.place.protocol) continue;
      let hosts = guestHosts.get(owner);
      if (!hosts) guestHosts.set(owner, (hosts = new Set()));
      hosts.add(m.place.protocol);
    }
  }
  known = { modules: [...modules], fieldCount, protocols, fieldProtocols, guestHosts, all };
  return known;
}

export function resolveName(name: string): FilterName | undefined {
  // A protocol's name is the protocol, even where a module also names a field so (its tree item).
  if (knownNames().protocols.has(name)) return { kind: 'protocol', protocol: name };
  const spec = fieldSpecNamed(name);
  if (spec) return { kind: 'field', spec, fields: spec.anyOf ?? [spec.name] };
  return undefined;
}

/**
 * The protocols whose layers can hold field `name`: those whose modules declare it (the frame's
 * own fields are the frame layer's); undefined when no module's table has it.
 */
export function protocolsHolding(name: string): ReadonlySet<string> | undefined {
  const holders = knownNames().fieldProtocols.get(name);
  if (holders) return holders;
  return name.startsWith('frame.') ? FRAME_ONLY : undefined;
}

const FRAME_ONLY: ReadonlySet<string> = new Set(['frame']);

/** Protocols whose layers quote another datagram as fields (ICMP's errors): any protocol's fields may be inside. */
export const QUOTING_PROTOCOLS: ReadonlySet<string> = new Set(['icmp', 'icmpv6']);

/**
 * Whether a layer of protocol `layer` may hold fields of `protocol` (so a packet can have them
 * without a layer of its own): an ICMP error quoting a UDP header, VLAN's eth.type.
 */
export function mayHoldFieldsOf(layer: string, protocol: string): boolean {
  return QUOTING_PROTOCOLS.has(layer) || protocolsHostingFieldsOf(protocol).has(layer);
}

/** The other protocols whose field tables declare fields named for `protocol` (VLAN for eth). */
export function protocolsHostingFieldsOf(protocol: string): ReadonlySet<string> {
  return knownNames().guestHosts.get(protocol) ?? NO_PROTOCOLS;
}

const NO_PROTOCOLS: ReadonlySet<string> = new Set();

/**
 * Protocols of the engine's own whose fields any decoder may add to its layer (HTTP's body is
 * data.data): a filter naming them needs every layer decoded.
 */
export const FIELDS_ANYWHERE: ReadonlySet<string> = new Set(['data']);

/** Every name a filter can use, sorted (for completion as the user types). */
export function filterNames(): readonly string[] {
  return knownNames().all;
}

/** The known name closest to `name` (a typo, a missing part), if one is close enough to suggest. */
export function suggestName(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of filterNames()) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = editDistance(name, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Edit distance counting a swap of two neighbours as one edit ("tpc" is one from "tcp"), giving
 * up (returning `limit`) once it cannot be below `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
      smallest = Math.min(smallest, row[j]);
    }
    if (smallest >= limit) return limit;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}
