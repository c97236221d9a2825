// Find Packet (Ctrl+F), as Wireshark searches: by display filter, a string in the packet list's
// text, in the packet details' text or in the bytes, or a hex byte sequence in the bytes; from the selected packet
// onwards or backwards, wrapping around once. A search over a big capture runs in slices so the
// service keeps answering, and a newer search supersedes one still running.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Field } from '../dissect/field-model.js';
import type { FindParams, FindResult } from './contract.js';
import type { CaptureSession } from './capture-session.js';
import { compileDisplayFilter, type DisplayFilter } from '../filter/display-filter.js';
import { PacketMatcher } from './packet-matcher.js';
import { FilterError } from '../filter/filter-error.js';

/** How long one search slice may keep the event loop (ms). */
const SLICE_MS = 20;

/** The query as bytes to look for, or a message saying why it is not one. */
export function queryBytes(query: string, kind: FindParams['kind']): Uint8Array {
  if (kind === 'string') return Buffer.from(query, 'utf8');
  const hex = query.replace(/[\s:.-]/g, '');
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new Error(`"${query}" is not a hex byte sequence: write bytes as pairs of hex digits, like 47 45 54 or 47:45:54`);
  return Buffer.from(hex, 'hex');
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, caseSensitive: boolean): number {
  const fold = (b: number) => (!caseSensitive && b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
  const first = fold(needle[0]);
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (fold(haystack[i]) !== first) continue;
    for (let j = 1; j < needle.length; j++) if (fold(haystack[i + j]) !== fold(needle[j])) continue outer;
    return i;
  }
  return -1;
}

/** The first field (depth first, as the tree lists them) whose tree line contains `needle` (value names included, as in Wireshark). */
function findInFields(fields: readonly Field[], prefix: string, has: (text: string) => boolean): { id: string; field: Field } | undefined {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const id = `${prefix}.${i}`;
    if (has(f.showname)) return { id, field: f };
    const inner = findInFields(f.children, id, has);
    if (inner) return inner;
  }
  return undefined;
}

/** Find by display filter: the filter compiled, or the error with its place. */
function compiledFilter(text: string): DisplayFilter {
  try {
    return compileDisplayFilter(text);
  } catch (err) {
    if (err instanceof FilterError) throw new Error(`${err.message} (at position ${err.position})`);
    throw err;
  }
}

export class PacketSearch {
  private generation = 0;

  /** Stops a search still running (the capture it looks through is closing). */
  cancel(): void {
    this.generation++;
  }

  /** Looks through `session` from `params.from` on; resolves with the first match (or none). */
  async find(session: CaptureSession, params: FindParams): Promise<FindResult> {
    const generation = ++this.generation;
    const total = session.index.size;
    const caseSensitive = params.caseSensitive ?? false;
    const wanted = params.kind === 'string' && !caseSensitive ? params.query.toLowerCase() : params.query;
    const has = (text: string) => (caseSensitive ? text : text.toLowerCase()).includes(wanted);
    const filter = params.kind === 'filter' ? new PacketMatcher(session, compiledFilter(params.query)) : undefined;
    const needle = params.scope === 'bytes' && !filter ? queryBytes(params.query, params.kind) : undefined;
    if (params.kind === 'hex' && params.scope !== 'bytes') throw new Error('packets.find: a hex byte sequence is looked for in the bytes: choose "Packet bytes"');
    if (total === 0) return { number: null, wrapped: false };

    const step = params.direction === 'previous' ? -1 : 1;
    const start = Math.min(Math.max(params.from, 0), total);
    let until = performance.now() + SLICE_MS;
    for (let n = 1; n <= total; n++) {
      // Packet numbers from the one after `from`, wrapping around past the end (or the start).
      const offset = start + step * n;
      const number = ((((offset - 1) % total) + total) % total) + 1;
      const wrapped = step > 0 ? number <= start : number >= start;
      const match = filter ? (filter.matches(number) ? {} : undefined) : this.matchIn(session, number, params.scope, has, needle, caseSensitive);
      if (match) return { number, wrapped, ...match };
      if (performance.now() > until) {
        await yieldToEventLoop();
        if (generation !== this.generation) return { number: null, wrapped: false, superseded: true };
        until = performance.now() + SLICE_MS;
      }
    }
    return { number: null, wrapped: false };
  }

  private matchIn(
    session: CaptureSession,
    number: number,
    scope: FindParams['scope'],
    has: (text: string) => boolean,
    needle: Uint8Array | undefined,
    caseSensitive: boolean,
  ): Omit<FindResult, 'number' | 'wrapped'> | undefined {
    if (scope === 'list') {
      const [row] = session.index.rows(number - 1, 1);
      const text = `${row.number} ${row.time.toFixed(6)} ${row.source} ${row.destination} ${row.protocol} ${row.length} ${row.info}`;
      return has(text) ? {} : undefined;
    }
    if (scope === 'details') {
      const { packet } = session.packet(number);
      for (let li = 0; li < packet.layers.length; li++) {
        const layer = packet.layers[li];
        // The tree's order: a layer's title line, then its fields.
        if (has(layer.title)) return { fieldId: String(li), offset: layer.offset, length: layer.length };
        const inField = findInFields(layer.fields, String(li), has);
        if (inField) return { fieldId: inField.id, offset: inField.field.offset, length: inField.field.length };
      }
      return undefined;
    }
    const at = indexOfBytes(session.bytes(number), needle!, caseSensitive);
    return at >= 0 ? { offset: at, length: needle!.length } : undefined;
  }
}
