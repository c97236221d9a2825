// The protocols every packet a filter matches has a layer of: `dns` needs DNS, `tcp.port == 80 &&
// frame.len > 1000` needs TCP, `dns || http` needs neither for sure. A packet whose layers (as the
// packet list's summary lists them) lack one cannot match, so its fields need not be decoded.

import type { Expr, Operand } from './filter-syntax.js';
import type { NameResolver } from './filter-compiler.js';
import { protocolsHolding, QUOTING_PROTOCOLS } from './filter-names.js';

const NONE: ReadonlySet<string> = new Set();

/**
 * Protocols of the engine's own (the frame, undecoded data): any decoder may add their fields
 * (HTTP's body is data.data), so a layer of theirs is never required.
 */
const ENGINE_PROTOCOLS: ReadonlySet<string> = new Set(['frame', 'data']);

export function requiredProtocols(e: Expr, resolve: NameResolver): ReadonlySet<string> {
  switch (e.kind) {
    case 'and':
      return union(requiredProtocols(e.left, resolve), requiredProtocols(e.right, resolve));
    case 'or':
    case 'xor':
      // True when either side is: only what both sides need is needed.
      return intersection(requiredProtocols(e.left, resolve), requiredProtocols(e.right, resolve));
    case 'not':
      return NONE;
    case 'test':
      return operandNeeds(e.operand, resolve);
    case 'compare':
      // Every operator needs a value of each field it compares (`!=` too, as tshark 4.0 has it).
      return union(operandNeeds(e.left, resolve), operandNeeds(e.right, resolve));
    case 'in':
      return operandNeeds(e.left, resolve);
  }
}

/** The protocol a field or protocol named alone needs (with a slice, the same); none for a literal or a function. */
function operandNeeds(o: Operand, resolve: NameResolver): ReadonlySet<string> {
  // count() and len() can hold of a packet without the field.
  if (o.kind !== 'word') return NONE;
  const name = resolve(o.text);
  if (name === undefined || name === 'absent') return NONE;
  if (name.kind === 'protocol') return ENGINE_PROTOCOLS.has(name.protocol) ? NONE : new Set([name.protocol]);
  // A field is in a layer of a protocol that holds it: needed when there is just one such protocol.
  let only: string | undefined;
  for (const field of name.fields) {
    const holders = protocolsHolding(field);
    if (!holders || holders.size !== 1) return NONE;
    const [holder] = holders;
    if (only !== undefined && only !== holder) return NONE;
    only = holder;
  }
  return only === undefined || ENGINE_PROTOCOLS.has(only) ? NONE : new Set([only]);
}

/**
 * Whether a packet with layers of `protocols` may match a filter that needs `required`: false
 * only when one is missing and no layer quotes another datagram.
 */
export function mayMatch(required: ReadonlySet<string>, protocols: readonly string[]): boolean {
  if (required.size === 0) return true;
  for (const p of protocols) if (QUOTING_PROTOCOLS.has(p)) return true;
  for (const r of required) if (!protocols.includes(r)) return false;
  return true;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  return new Set([...a, ...b]);
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a.size === 0 || b.size === 0) return NONE;
  return new Set([...a].filter((p) => b.has(p)));
}
