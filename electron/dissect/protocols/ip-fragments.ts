// IP fragment reassembly, for IPv4 and for IPv6's Fragment header, as tshark (Wireshark 4.0) does
// it: fragments are keyed by source, destination, identification (and, for IPv4, protocol); the
// fragment that completes the datagram decodes the whole of it from the reassembled bytes and lists
// its fragments (`ip.fragments`); the earlier ones say where it was reassembled (`ip.reassembled_in`).
// Fragments are sorted by offset (equal offsets in arrival order) and the first bytes placed win; a
// fragment overlapping bytes already placed is marked, a conflict when its bytes differ. Once a
// datagram is complete its key is free again, so a duplicate arriving later starts a new one.
//
// Order is decided at first sight and replayed: the packet list decodes the capture in order first,
// and any packet may be decoded again later in any order. Memory stays bounded: fragments of
// incomplete datagrams are held up to MAX_HELD bytes (the oldest datagram is dropped, with a
// note, to make room), and the bytes of completed datagrams are kept for later trees up to
// MAX_KEPT, after which they are read back from the fragments' frames (DissectState.frameBytes).

import { CompletedPayloads } from '../completed-payloads.js';
import type { DissectContext, LayerReading, NetworkAddresses, ReassembledBytes } from '../dissector.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { plainHex } from '../display-format.js';

/** Bytes of fragments held for datagrams not yet complete, at most. */
export const MAX_HELD = 16 * 1024 * 1024;
/** Bytes of completed datagrams kept for their packets' trees, at most. */
export const MAX_KEPT = 16 * 1024 * 1024;
/** A datagram's payload may not run past this (IPv4's total length and IPv6's payload length are 16 bits). */
export const MAX_DATAGRAM = 65535;
/** Fragments of one datagram, at most: a 64 KiB datagram in 8-byte pieces has 8,192. */
export const MAX_FRAGMENTS = 8192;

/** The fields one IP version lists its fragments with (`ip.*` or `ipv6.*`). */
export function fragmentFields(prefix: 'ip' | 'ipv6', version: 'IPv4' | 'IPv6') {
  return defineFields(prefix, {
    // tshark gives IPv4's list the reassembled bytes as its value, IPv6's none.
    fragments: { label: `${version} Fragments`, type: version === 'IPv4' ? 'bytes' : 'none', description: `The fragments this ${version} datagram was split into, in the order of their place in it; the datagram is decoded from all of them put together.`, rfc: version === 'IPv4' ? 'RFC 791 §2.3' : 'RFC 8200 §4.5' },
    fragment: { label: `${version} Fragment`, type: 'framenum', description: 'One fragment: the packet that carried it and which bytes of the datagram it held.' },
    'fragment.error': { label: 'Defragmentation error', type: 'framenum', description: 'A fragment whose bytes disagree with those an earlier fragment already gave for the same place: tshark lists it as an error (the earlier bytes are used).' },
    'fragment.overlap': { label: 'Fragment overlap', type: 'boolean', generated: true, description: 'This fragment repeats bytes an earlier one already gave (a retransmission, or a crafted overlap).' },
    'fragment.overlap.conflict': { label: 'Conflicting data in fragment overlap', type: 'boolean', generated: true, description: 'The repeated bytes differ from those given first, which are the ones used: a sign of an attack or a broken sender.' },
    'fragment.count': { label: 'Fragment count', type: 'uint32', generated: true, description: 'How many fragments the datagram was put together from.' },
    'reassembled.length': { label: `Reassembled ${version} length`, type: 'uint32', generated: true, description: 'How many bytes the datagram\'s payload has once put together.' },
    'reassembled.data': { label: `Reassembled ${version} data`, type: 'bytes', generated: true, description: 'The datagram\'s payload as put together from its fragments (the Reassembled tab of the bytes pane).' },
    reassembled_in: { name: version === 'IPv4' ? 'ip.reassembled_in' : 'ipv6.reassembled.in', label: `Reassembled ${version} in frame`, type: 'framenum', generated: true, description: 'The packet whose fragment completed this datagram: the whole datagram is decoded there.' },
    fragment_payload: { label: 'Fragment payload', type: 'bytes', description: 'This fragment\'s share of the datagram\'s payload; the datagram is decoded from all of its fragments put together.' },
  });
}

export type FragmentFields = ReturnType<typeof fragmentFields>;

const P = defineProblems('ip.reassembly', {
  dropped: ['warning', 'Fragments of {count, plural, one {# incomplete datagram were} other {# incomplete datagrams were}} dropped to keep the bytes held for reassembly under {limit} bytes; they will not be reassembled'],
  too_long: ['error', 'This fragment (bytes {from} to {to} of its datagram) would make the datagram longer than {max} bytes: it is not reassembled'],
  too_many: ['error', 'The datagram has more than {max} fragments: it is dropped and not reassembled'],
  not_held: ['note', 'The datagram\'s reassembled bytes are no longer held, so its payload is not decoded here'],
});

const N = defineMessages('ip.reassembly.narrative', {
  completes: 'this fragment completes a datagram split into {count} fragments: the layers above are decoded from all of them put together ({length} bytes, the Reassembled tab of the bytes pane)',
  reassembled_in: 'this is one fragment of a larger datagram, put back together in packet {frame}, where the layers above are decoded',
});

/** What a narrative says of a layer's fragment: that it completed its datagram, or where it was completed. */
export function fragmentNarrative(r: LayerReading, F: FragmentFields): Message | undefined {
  const count = r.number(F['fragment.count']);
  if (count !== undefined) return { id: N.completes.id, params: { count, length: r.number(F['reassembled.length']) ?? 0 } };
  const frame = r.number(F.reassembled_in);
  if (frame !== undefined) return { id: N.reassembled_in.id, params: { frame } };
  return undefined;
}

/** One fragment as it was added. */
interface Piece {
  frame: number;
  /** Where its bytes belong in the datagram, and how many. */
  offset: number;
  length: number;
  /** Where its bytes are in its frame (to read them back). */
  at: number;
  /** Its bytes while the datagram is incomplete. */
  bytes: Uint8Array | null;
  overlap: boolean;
  conflict: boolean;
}

interface Datagram {
  key: string;
  pieces: Piece[];
  /** The payload's length once the last fragment was seen, else -1. */
  total: number;
  /** Which 8-byte units of the payload some fragment covers, and how many of those below `total`. */
  units: Uint8Array | null;
  coveredBelow: number;
  held: number;
  /** The frame that completed it (0 while incomplete). */
  completedIn: number;
  /** Its reassembled payload while kept. */
  bytes: Uint8Array | null;
}

interface RefusedFragment {
  problem: typeof P.too_long;
  params: Record<string, number>;
}

class FragmentTable {
  /** Incomplete datagrams by key, oldest first. */
  readonly pending = new Map<string, Datagram>();
  held = 0;
  /**
   * Every fragment added: frame → its datagram (a list in the rare frame with several, an IP-in-IP
   * packet fragmented inside and out). Keyed by number, so a capture of many fragments keeps a
   * few words per fragment.
   */
  readonly byFrame = new Map<number, Datagram | Datagram[]>();

  /** The datagram frame `frame` added a fragment of under `key`, if any. */
  datagramAt(frame: number, key: string): Datagram | undefined {
    const at = this.byFrame.get(frame);
    if (at === undefined) return undefined;
    if (!Array.isArray(at)) return at.key === key ? at : undefined;
    return at.find((d) => d.key === key);
  }

  /** Records that frame `frame` added a fragment of `d`. */
  addedAt(frame: number, d: Datagram): void {
    const at = this.byFrame.get(frame);
    if (at === undefined) this.byFrame.set(frame, d);
    else if (Array.isArray(at)) at.push(d);
    else this.byFrame.set(frame, [at, d]);
  }
  /** Fragments refused (too long, one too many), by frame and key, with the problem shown. */
  readonly refused = new Map<string, RefusedFragment>();
  /** Frames at which incomplete datagrams were dropped, with how many. */
  readonly drops = new Map<number, number>();
  /** Completed datagrams, their bytes kept up to MAX_KEPT. */
  readonly completed = new CompletedPayloads<Datagram>(MAX_KEPT);
  /** The payload of the datagram the fragment being decoded just completed, until it is used. */
  fresh: Uint8Array | null = null;
}

function newTable(): FragmentTable {
  return new FragmentTable();
}

/** What the IP decoder knows of a fragment. */
export interface FragmentInput {
  /** Source, destination, identification (and protocol), as one string. */
  key: string;
  /** Where its payload belongs in the datagram, in bytes, and whether more follow. */
  offset: number;
  more: boolean;
  /** Its payload in the frame: [at, end) as the header gives it. */
  at: number;
  end: number;
  /** Where `reassembled_in` is put (tshark: the IPv4 header; IPv6's Fragment header). */
  reassembledInAt: number;
  /** Whether it may be added: its payload all captured, its header checksum not wrong (as tshark). */
  usable: boolean;
  /** The header bytes to copy before the reassembled payload: [from, from + length), and the addresses in that copy. */
  prefixFrom: number;
  prefixLength: number;
  network: (payloadEnd: number) => NetworkAddresses;
  /** The data source's name ("Reassembled IPv4"). */
  sourceName: string;
  /** Patches the copied header (an IPv6 routing header's final destination), if needed. */
  patch?: (prefix: Uint8Array) => void;
}

/**
 * Adds a fragment (at first sight) and adds its fields to the IP layer: where it was reassembled,
 * or, in the frame that completed the datagram, its payload and the list of fragments. Returns the
 * reassembled bytes when this frame completes the datagram (the rest of the packet is decoded
 * from them), else undefined (the payload is shown as data).
 */
export function reassembleFragment(b: LayerBuilder, ctx: DissectContext, F: FragmentFields, input: FragmentInput): ReassembledBytes | undefined {
  if (!input.usable) return undefined;
  const table = ctx.state.slot('ip.fragments', newTable);
  const frame = ctx.number;
  let d = table.datagramAt(frame, input.key);
  const frameKey = `${frame} ${input.key}`;
  const refused = table.refused.size === 0 ? undefined : table.refused.get(frameKey);
  if (refused !== undefined) {
    b.problem(refused.problem, b.start, refused.params);
    return undefined;
  }
  if (d === undefined) {
    const added = add(b, table, frame, frameKey, input, ctx.state.treesLater);
    if (added === undefined) return undefined;
    d = added;
  }
  const dropped = table.drops.get(frame);
  if (dropped !== undefined) b.problem(P.dropped, b.start, { count: dropped, limit: MAX_HELD });
  if (d.completedIn === 0) return undefined;
  if (d.completedIn !== frame) {
    b.add(null, F.reassembled_in, input.reassembledInAt, 0, d.completedIn);
    return undefined;
  }
  const payload = table.fresh ?? d.bytes ?? readBack(d, ctx);
  table.fresh = null;
  if (payload === null) {
    // Its payload is shown as data, as an earlier fragment's is.
    b.problem(P.not_held, b.start);
    return undefined;
  }
  // This frame's own share of the payload stays visible in the frame, as a field of the header
  // that carried it though it lies after it (the header's length stays the header's, as tshark's).
  const headerEnd = b.end;
  b.hex(null, F.fragment_payload, input.at, Math.max(0, Math.min(input.end, b.captured) - input.at));
  b.end = headerEnd;
  const prefix = input.prefixLength;
  const bytes = new Uint8Array(prefix + payload.length);
  bytes.set(b.bytes(input.prefixFrom, prefix), 0);
  input.patch?.(bytes);
  bytes.set(payload, prefix);
  const source: ReassembledBytes = { name: input.sourceName, bytes, prefix, network: input.network(prefix + payload.length), index: 0 };
  if (b.detail) listFragments(b, ctx.addSource(source), F, d, payload);
  return source;
}

/** Adds the fragment to its datagram; undefined when it cannot be (a problem says why). */
function add(b: LayerBuilder, table: FragmentTable, frame: number, frameKey: string, input: FragmentInput, keepBytes: boolean): Datagram | undefined {
  const length = input.end - input.at;
  if (length <= 0) return undefined;
  const from = input.offset;
  const to = from + length;
  if (to > MAX_DATAGRAM) return refuse(b, table, frameKey, P.too_long, { from, to: to - 1, max: MAX_DATAGRAM });
  let d = table.pending.get(input.key);
  if (d === undefined) {
    d = { key: input.key, pieces: [], total: -1, units: new Uint8Array(0), coveredBelow: 0, held: 0, completedIn: 0, bytes: null };
    table.pending.set(input.key, d);
  }
  if (d.pieces.length >= MAX_FRAGMENTS) {
    drop(table, d);
    return refuse(b, table, frameKey, P.too_many, { max: MAX_FRAGMENTS });
  }
  d.pieces.push({ frame, offset: from, length, at: input.at, bytes: b.bytes(input.at, length).slice(), overlap: false, conflict: false });
  d.held += length;
  table.held += length;
  table.addedAt(frame, d);
  // Units the fragment fills whole; the last fragment also fills its final, partial unit.
  const last = input.more ? to >> 3 : (to + 7) >> 3;
  let units = d.units!;
  if (units.length < last) {
    // Grown as fragments reach further (a datagram's map is at most 8 KiB), and counted as held.
    const grown = new Uint8Array(Math.min((MAX_DATAGRAM >> 3) + 1, Math.max(last, units.length * 2)));
    grown.set(units);
    d.held += grown.length - units.length;
    table.held += grown.length - units.length;
    d.units = units = grown;
  }
  if (!input.more && d.total < 0) {
    d.total = to;
    d.coveredBelow = 0;
    const totalUnits = (to + 7) >> 3;
    for (let u = 0; u < Math.min(totalUnits, units.length); u++) d.coveredBelow += units[u];
  }
  const totalUnits = d.total < 0 ? 0 : (d.total + 7) >> 3;
  for (let u = (from + 7) >> 3; u < last; u++) {
    if (units[u] === 0) {
      units[u] = 1;
      if (u < totalUnits) d.coveredBelow++;
    }
  }
  if (d.total >= 0 && d.coveredBelow === totalUnits) complete(table, d, frame, keepBytes);
  else makeRoom(table, frame, d);
  return d;
}

/** Shows why a fragment is not added, and remembers it for the packet's later decodes. */
function refuse(b: LayerBuilder, table: FragmentTable, frameKey: string, problem: typeof P.too_long, params: Record<string, number>): undefined {
  table.refused.set(frameKey, { problem, params });
  b.problem(problem, b.start, params);
  return undefined;
}

/** Puts the datagram together: its bytes (the first placed win) and each fragment's overlap marks. */
function complete(table: FragmentTable, d: Datagram, frame: number, keepBytes: boolean): void {
  const payload = assemble(d, (p) => p.bytes, true)!;
  table.pending.delete(d.key);
  table.held -= d.held;
  d.held = 0;
  d.units = null;
  d.completedIn = frame;
  for (const p of d.pieces) p.bytes = null;
  table.fresh = payload;
  d.bytes = payload;
  table.completed.add(d, keepBytes);
}

/**
 * The datagram's payload from its fragments' bytes (`bytesOf`), sorted by offset, the bytes placed
 * first winning; with `mark`, records which fragments overlap and conflict. Null when a fragment's
 * bytes are missing.
 */
function assemble(d: Datagram, bytesOf: (p: Piece) => Uint8Array | null | undefined, mark: boolean): Uint8Array | null {
  const payload = new Uint8Array(d.total);
  const sorted = d.pieces.slice().sort((x, y) => x.offset - y.offset);
  let filled = 0;
  for (const p of sorted) {
    const bytes = bytesOf(p);
    if (!bytes || bytes.length < p.length) return null;
    const end = Math.min(p.offset + p.length, d.total);
    if (mark && p.offset < filled) {
      p.overlap = true;
      for (let i = p.offset; i < Math.min(filled, end); i++) {
        if (payload[i] !== bytes[i - p.offset]) {
          p.conflict = true;
          break;
        }
      }
    }
    if (end > filled) {
      const start = Math.max(filled, p.offset);
      payload.set(bytes.subarray(start - p.offset, end - p.offset), start);
      filled = end;
    }
  }
  return payload;
}

/** Reads a completed datagram's fragments back from their frames, when the capture allows. */
function readBack(d: Datagram, ctx: DissectContext): Uint8Array | null {
  const read = ctx.state.frameBytes;
  if (read === undefined) return null;
  return assemble(d, (p) => (p.frame === ctx.number ? ctx.frame.bytes : read(p.frame))?.subarray(p.at, p.at + p.length), false);
}

/** Drops an incomplete datagram and what it holds. */
function drop(table: FragmentTable, d: Datagram): void {
  table.pending.delete(d.key);
  table.held -= d.held;
  d.held = 0;
  d.units = null;
  for (const p of d.pieces) p.bytes = null;
}

/** Drops the oldest incomplete datagrams (never `current`) until the bytes held fit. */
function makeRoom(table: FragmentTable, frame: number, current: Datagram): void {
  let count = 0;
  for (const d of table.pending.values()) {
    if (table.held <= MAX_HELD) break;
    if (d === current) continue;
    drop(table, d);
    count++;
  }
  if (count > 0) table.drops.set(frame, (table.drops.get(frame) ?? 0) + count);
}

/** The fragments subtree, in the reassembled bytes (data source `source`). */
function listFragments(b: LayerBuilder, source: number, F: FragmentFields, d: Datagram, payload: Uint8Array): void {
  const sorted = d.pieces.slice().sort((x, y) => x.offset - y.offset);
  const hex = plainHex(payload);
  // Its offsets are in another source: the layer's header still ends where it did in the frame.
  const headerEnd = b.end;
  const list = b.add(null, F.fragments, 0, payload.length, F.fragments.type === 'bytes' ? hex : null);
  list.source = source;
  const version = F.fragments.label.slice(0, 4);
  b.rewrite(list, fragmentsLine, sorted, payload.length, version);
  for (const p of sorted) {
    const start = Math.min(p.offset, payload.length);
    const length = Math.max(0, Math.min(p.offset + p.length, payload.length) - start);
    // A fragment whose bytes conflict with those already placed is listed as an error, as tshark does.
    const f = b.add(list, p.conflict ? F['fragment.error'] : F.fragment, start, length, p.frame);
    b.rewrite(f, pieceLine, p, undefined, undefined);
    if (p.overlap) b.add(f, F['fragment.overlap'], start, 0, true);
    if (p.conflict) b.add(f, F['fragment.overlap.conflict'], start, 0, true);
  }
  b.add(list, F['fragment.count'], 0, 0, d.pieces.length);
  b.add(list, F['reassembled.length'], 0, 0, payload.length);
  b.add(list, F['reassembled.data'], 0, payload.length, hex);
  b.end = headerEnd;
}

function fragmentsLine(sorted: Piece[], length: number, version: string): string {
  return `${sorted.length} ${version} Fragment${sorted.length === 1 ? '' : 's'} (${length} byte${length === 1 ? '' : 's'}): ${sorted.map((p) => `#${p.frame}(${p.length})`).join(', ')}`;
}

function pieceLine(p: Piece): string {
  return `Frame: ${p.frame}, payload: ${p.offset}-${p.offset + p.length - 1} (${p.length} byte${p.length === 1 ? '' : 's'})`;
}
