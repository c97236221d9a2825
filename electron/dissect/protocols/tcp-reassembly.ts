// TCP stream reassembly, as tshark (Wireshark 4.0) does it with tcp.desegment_tcp_streams on: an
// application decoder registered for a port says how long the PDU starting in a segment is (or
// that its headers go on past it); when it goes past the segment, the segments of that direction
// of the connection whose sequence numbers fall in the PDU are put together by their place in it
// (so one arriving out of order still finds its place; a retransmission adds nothing), and the
// segment that completes it decodes the PDU from the "Reassembled TCP" bytes. The earlier segments
// say where it was reassembled (`tcp.reassembled_in`) and "[TCP segment of a reassembled PDU]".
//
// Order is decided at first sight and replayed, as for IP fragments (ip-fragments.ts). Memory
// stays bounded: bytes of incomplete PDUs are held up to MAX_HELD (the oldest PDU is dropped, with
// a note), a PDU longer than that is not reassembled, and completed PDUs' bytes are kept for later
// trees up to MAX_KEPT, then read back from their segments' frames (DissectState.frameBytes).

import { CompletedPayloads } from '../completed-payloads.js';
import type { DissectContext, ReassembledBytes } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import type { ColumnText } from '../column-text.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { plainHex } from '../display-format.js';

/** Bytes of segments held for PDUs not yet complete, at most. */
export const MAX_HELD = 16 * 1024 * 1024;
/** Bytes of completed PDUs kept for their packets' trees, at most. */
export const MAX_KEPT = 16 * 1024 * 1024;
/** Bytes a PDU whose length is not known yet (headers not ended) is waited for, at most. */
export const MAX_HEADERS = 64 * 1024;
/** Segments of one PDU, at most. */
export const MAX_SEGMENTS = 65536;

/** PDU length when the headers are not complete yet: wait for one more segment (tshark's DESEGMENT_ONE_MORE_SEGMENT). */
export const ONE_MORE_SEGMENT = -1;
/** PDU length when its headers have ended but its chunked body has not: wait for one more segment. */
export const MORE_CHUNKS = -3;
/** PDU length when it runs to the end of the connection: complete at the sender's FIN (tshark's DESEGMENT_UNTIL_FIN). */
export const UNTIL_FIN = -2;
/** PDU length when the bytes do not start a PDU that needs reassembly. */
export const NO_PDU = 0;

/**
 * How long the PDU starting at `at` is (bytes [at, end) of `bytes` are known so far): its length,
 * ONE_MORE_SEGMENT while that cannot be told yet, or NO_PDU.
 */
export type PduLength = (bytes: Uint8Array, at: number, end: number) => number;

const lengths = new Map<number, PduLength>();

/** Registers the application decoder's PDU length for a TCP port (what it tells TCP about reassembly). */
export function registerPduLength(ports: readonly number[], fn: PduLength): void {
  for (const p of ports) lengths.set(p, fn);
}

export const REASSEMBLY_FIELDS = defineFields('tcp', {
  segment_data: { label: 'TCP segment data', type: 'bytes', line: (v) => `TCP segment data (${String(v).length / 2} byte${String(v).length === 2 ? '' : 's'})`, description: 'This segment\'s share of an application message (PDU) that spans several segments; the message is decoded in the segment that completes it.' },
  retransmitted_data: { name: 'tcp.segment_data', label: 'Retransmitted TCP segment data', type: 'bytes', line: (v) => `Retransmitted TCP segment data (${String(v).length / 2} byte${String(v).length === 2 ? '' : 's'})`, description: 'Data this segment sends again, already given by an earlier segment: it is not added to the message being put together.' },
  reassembled_in: { label: 'Reassembled PDU in frame', type: 'framenum', generated: true, description: 'The packet whose segment completed the application message this segment carries part of: the message is decoded there.' },
  segments: { label: 'Reassembled TCP Segments', type: 'none', description: 'The segments an application message was put together from, in the order of their place in it.' },
  segment: { label: 'TCP Segment', type: 'framenum', description: 'One segment of the message: the packet that carried it and which bytes of the message it held.' },
  'segment.count': { label: 'Segment count', type: 'uint32', generated: true, description: 'How many segments the message was put together from.' },
  'reassembled.length': { label: 'Reassembled TCP length', type: 'uint32', generated: true, description: 'How many bytes the message has once put together.' },
  'reassembled.data': { label: 'Reassembled TCP Data', type: 'bytes', generated: true, description: 'The message as put together from its segments (the Reassembled TCP tab of the bytes pane).' },
});
const R = REASSEMBLY_FIELDS;

const P = defineProblems('tcp.reassembly', {
  dropped: ['warning', 'Segments of {count, plural, one {# incomplete message were} other {# incomplete messages were}} dropped to keep the bytes held for reassembly under {limit} bytes; they will not be reassembled'],
  too_long: ['note', 'The message starting here is {length} bytes long, more than the {limit} bytes held for reassembly: it is not reassembled'],
  not_held: ['note', 'The message\'s reassembled bytes are no longer held, so it is not decoded here'],
});

interface Piece {
  frame: number;
  /** Where its bytes belong in the PDU, and how many. */
  offset: number;
  length: number;
  /** Where its bytes are in its frame (to read them back). */
  at: number;
}

interface Pdu {
  /** The raw sequence number of its first byte. */
  start: number;
  /** Its length once known, else ONE_MORE_SEGMENT. */
  length: number;
  pieces: Piece[];
  /** How many bytes from its start are covered without a gap. */
  contiguous: number;
  /** Pieces beyond a gap, waiting for it to fill. */
  ahead: Piece[];
  /**
   * Its bytes as the segments give them (the first placed win), one buffer grown as they arrive:
   * each segment's bytes are copied once. Dropped once the PDU is complete and no longer kept.
   */
  bytes: Uint8Array | null;
  completedIn: number;
  key: number;
  /** Its headers have ended, its chunked body not yet (its length still unknown). */
  waitingForChunks?: boolean;
}

let tailFrame = 0;
let tailBytes: Uint8Array | null = null;
let tailAt = -1;

/**
 * Where, in the segment being decoded, a message starts that is reassembled in a later segment
 * (after whole messages decoded here), or -1: its decoder writes no more than tshark's does there
 * (the first line in the info column).
 */
export function reassembledTailAt(ctx: DissectContext): number {
  return tailFrame === ctx.number && tailBytes === ctx.frame.bytes ? tailAt : -1;
}

/** A segment whose first messages are whole and whose last one goes on in later segments: that one starts at `at`. */
interface Tail {
  pdu: Pdu;
  at: number;
}

/**
 * A segment that completes a PDU and goes on past its end: from `restAt` it holds messages of
 * its own (decoded from the frame), the last perhaps going on in later segments (`next`).
 */
interface Completion {
  done: Pdu;
  restAt: number;
  next: Tail | undefined;
}

/** A PDU put together, decoded in the segment that completed it; frame bytes from `restAt` (when given) begin messages of their own. */
export interface ReassembledPdu extends ReassembledBytes {
  readonly restAt?: number;
}

type SegmentRecord = Pdu | number | Tail | Completion;

class Table {
  /** The PDU being put together in each direction of each stream (key: stream * 2 + direction). */
  readonly open = new Map<number, Pdu>();
  /** Bytes allocated for the open PDUs. */
  held = 0;
  /** What each frame's segment did, for its later decodes: the PDU it added to, or the length of one refused. */
  readonly byFrame = new Map<number, SegmentRecord>();
  readonly drops = new Map<number, number>();
  /** Completed PDUs, their bytes kept up to MAX_KEPT. */
  readonly completed = new CompletedPayloads<Pdu>(MAX_KEPT);
  /** The frame added last and what it did. */
  lastFrame = 0;
  lastRecord: SegmentRecord | undefined = undefined;
}

function newTable(): Table {
  return new Table();
}

/** The segment as TCP knows it. */
export interface SegmentInput {
  stream: number;
  /** 0 or 1: the direction within the stream. */
  direction: number;
  seq: number;
  /** The payload in the frame: [at, end). */
  at: number;
  end: number;
  sport: number;
  dport: number;
  /** Whether the segment's data is new and in order (not resent, not a keep-alive). */
  inOrder: boolean;
  /** Whether it arrived out of order (it may still find its place in an open PDU). */
  outOfOrder: boolean;
  /** Whether it carries FIN (the end of a message that runs to the end of the connection). */
  fin: boolean;
  /** Whether the capture's snap length cut its payload (it is then not reassembled). */
  cut: boolean;
  info: ColumnText;
}

/** What reassembly decided for a segment: decode the payload as it is. */
export const PASS = 0;
/** The segment is part of a PDU completed later (or never): nothing more is decoded. */
export const PART = 1;

/**
 * Reassembly for one segment with payload. Returns PASS (decode the payload as it is), PART (a
 * piece of a PDU put together elsewhere; its fields and info added here), or the reassembled bytes
 * of the PDU this segment completes.
 */
export function reassembleSegment(b: LayerBuilder, ctx: DissectContext, s: SegmentInput): typeof PASS | typeof PART | ReassembledPdu {
  const table = ctx.state.slot('tcp.reassembly', newTable);
  const frame = ctx.number;
  let rec = table.lastFrame === frame ? table.lastRecord : table.byFrame.size === 0 ? undefined : table.byFrame.get(frame);
  if (rec === undefined && table.lastFrame !== frame) {
    const fn = lengths.get(Math.min(s.sport, s.dport)) ?? lengths.get(Math.max(s.sport, s.dport));
    if (fn === undefined || s.cut || s.end > b.captured || (s.end === s.at && table.open.size === 0)) return PASS;
    rec = add(b, table, frame, s, fn, ctx.state.treesLater);
    // (A packet decoded again at once, as the packet list does when a decoder failed, replays it.)
    table.lastFrame = frame;
    table.lastRecord = rec;
    if (rec === undefined) return PASS;
    // Only trees decoded later need each frame's part remembered.
    if (ctx.state.treesLater) table.byFrame.set(frame, rec);
  }
  if (rec === undefined) return PASS;
  const dropped = table.drops.get(frame);
  if (dropped !== undefined) b.problem(P.dropped, b.start, { count: dropped, limit: MAX_HELD });
  if (typeof rec === 'number') {
    b.problem(P.too_long, s.at, { length: rec, limit: MAX_HELD });
    return PASS;
  }
  if ('pdu' in rec) {
    // The whole messages are decoded here as they are; the last one's start is segment data.
    startsPdu(b, frame, rec, s.end);
    return PASS;
  }
  const d = 'done' in rec ? rec.done : rec;
  if (d.completedIn !== frame) {
    if (s.end === s.at) return PASS;
    if (d.completedIn !== 0) b.add(null, R.reassembled_in, b.start, 0, d.completedIn);
    segmentData(b, s.at, s.end);
    s.info.text(' [TCP segment of a reassembled PDU]');
    return PART;
  }
  // The segment's share of the PDU; after it, perhaps whole messages, perhaps the start of another.
  const restAt = 'done' in rec ? rec.restAt : s.end;
  if (restAt > s.at) segmentData(b, s.at, restAt);
  const next = 'done' in rec ? rec.next : undefined;
  if (next) startsPdu(b, frame, next, s.end);
  const payload = d.bytes ?? readBack(d, ctx);
  if (payload === null) {
    b.problem(P.not_held, b.start);
    return PASS;
  }
  const wholeAfter = restAt < (next ? next.at : s.end);
  const source: ReassembledPdu = { name: 'Reassembled TCP', bytes: payload, prefix: 0, index: 0, restAt: wholeAfter ? restAt : undefined };
  if (b.detail) listSegments(b, ctx.addSource(source), d, payload);
  return source;
}

/**
 * A PDU starting at `tail.at` in this segment goes on in later ones: its decoder stops there
 * (reassembledTailAt), and its bytes are shown as segment data.
 */
function startsPdu(b: LayerBuilder, frame: number, tail: Tail, end: number): void {
  tailFrame = frame;
  tailBytes = b.frame.bytes;
  tailAt = tail.at;
  if (tail.pdu.completedIn !== 0) b.add(null, R.reassembled_in, b.start, 0, tail.pdu.completedIn);
  segmentData(b, tail.at, end);
}

/**
 * A retransmission's payload on a port whose messages are reassembled: shown as resent, added to
 * nothing and decoded by nothing (as tshark). False when the port's messages are not reassembled.
 */
export function retransmittedData(b: LayerBuilder, s: SegmentInput, shown: boolean): boolean {
  if (!(lengths.has(s.sport) || lengths.has(s.dport))) return false;
  // (tshark shows a spurious retransmission's data as nothing at all.)
  if (!b.detail || !shown || s.end <= s.at) return true;
  const headerEnd = b.end;
  b.hex(null, R.retransmitted_data, s.at, Math.min(s.end, b.captured) - s.at);
  b.end = headerEnd;
  return true;
}

function segmentData(b: LayerBuilder, from: number, to: number): void {
  if (!b.detail) return;
  const headerEnd = b.end;
  b.hex(null, R.segment_data, from, to - from);
  b.end = headerEnd;
}

/** Adds the segment at first sight; undefined when it is not reassembled. */
function add(b: LayerBuilder, table: Table, frame: number, s: SegmentInput, fn: PduLength, keep: boolean): SegmentRecord | undefined {
  const key = s.stream * 2 + s.direction;
  const length = s.end - s.at;
  let d = table.open.get(key);
  if (d !== undefined) {
    const offset = (s.seq - d.start) >>> 0;
    const within = d.length < 0 ? offset === d.contiguous : offset < d.length;
    if (length === 0) {
      // A FIN without data completes a message that runs to the end of the connection.
      if (d.length !== UNTIL_FIN || !within || !s.fin) return undefined;
      // Listed among its segments with no data, as tshark lists it.
      d.pieces.push({ frame, offset, length: 0, at: s.at });
      d.length = d.contiguous;
      complete(table, d, frame, keep);
      return d;
    }
    if (within && (s.inOrder || s.outOfOrder)) {
      if (d.pieces.length >= MAX_SEGMENTS) {
        drop(table, d);
        return undefined;
      }
      const piece: Piece = { frame, offset, length, at: s.at };
      d.pieces.push(piece);
      place(table, d, b.frame.bytes, piece);
      if (offset <= d.contiguous) {
        d.contiguous = Math.max(d.contiguous, offset + length);
        if (d.ahead.length > 0) absorb(d);
      } else d.ahead.push(piece);
      if (d.length === ONE_MORE_SEGMENT) {
        // Headers that never end are not waited for past MAX_HEADERS, chunks past MAX_HELD (each
        // wait reads them again: a packet costs at most linear time in the bytes held).
        if (d.contiguous > (d.waitingForChunks ? MAX_HELD : MAX_HEADERS)) {
          drop(table, d);
          return d;
        }
        const n = fn(d.bytes!, 0, d.contiguous);
        if (n === ONE_MORE_SEGMENT) return d;
        if (n === MORE_CHUNKS) {
          d.waitingForChunks = true;
          return d;
        }
        d.length = n === NO_PDU ? d.contiguous : n;
        if (d.length > MAX_HELD) {
          drop(table, d);
          return d.length;
        }
      }
      if (d.length === UNTIL_FIN) {
        if (s.fin) d.length = d.contiguous;
        else if (d.contiguous > MAX_HELD) {
          drop(table, d);
          return d.contiguous;
        } else {
          makeRoom(table, frame, d);
          return d;
        }
      }
      if (d.contiguous < d.length) {
        makeRoom(table, frame, d);
        return d;
      }
      complete(table, d, frame, keep);
      // Bytes past the PDU's end begin messages of their own, as a segment's first bytes would.
      const restAt = s.at + (d.length - offset);
      if (offset < d.length && restAt < s.end) {
        const next = startPdus(b, table, frame, s, fn, key, restAt);
        return { done: d, restAt, next: typeof next === 'object' ? next : undefined };
      }
      return d;
    }
    // A new message starting past an unfinished one: the unfinished one is given up.
    if (s.inOrder && offset >= (d.length < 0 ? d.contiguous : d.length) && offset < 0x80000000) drop(table, d);
    else return undefined;
  }
  if (!s.inOrder || length === 0) return undefined;
  const started = startPdus(b, table, frame, s, fn, key, s.at);
  return started !== undefined && typeof started === 'object' && started.at === s.at ? started.pdu : started;
}

/**
 * The messages of a segment from `from`: whole ones first (decoded in this segment), then
 * perhaps one that goes on past it, opened here. Undefined when none does; the length of one
 * too long to hold when it starts at `from`.
 */
function startPdus(b: LayerBuilder, table: Table, frame: number, s: SegmentInput, fn: PduLength, key: number, from: number): Tail | number | undefined {
  let at = from;
  let n = fn(b.frame.bytes, at, s.end);
  while (n > 0 && n < s.end - at) {
    at += n;
    n = fn(b.frame.bytes, at, s.end);
  }
  const chunks = n === MORE_CHUNKS;
  if (chunks) n = ONE_MORE_SEGMENT;
  if (n === NO_PDU || (n >= 0 && n <= s.end - at) || (n === UNTIL_FIN && s.fin)) return undefined;
  if (n > MAX_HELD) return at === from ? n : undefined;
  const rest = s.end - at;
  const d: Pdu = { start: (s.seq + (at - s.at)) >>> 0, length: n, pieces: [], contiguous: 0, ahead: [], bytes: null, completedIn: 0, key, waitingForChunks: chunks };
  const piece: Piece = { frame, offset: 0, length: rest, at };
  d.pieces.push(piece);
  place(table, d, b.frame.bytes, piece);
  d.contiguous = rest;
  table.open.set(key, d);
  makeRoom(table, frame, d);
  return { pdu: d, at };
}

/**
 * Copies a piece's bytes into the PDU's buffer (grown as needed, counted as held). Bytes already
 * placed stay: where the piece follows the contiguous run only what is new is copied.
 */
function place(table: Table, d: Pdu, frameBytes: Uint8Array, p: Piece): void {
  const end = d.length < 0 ? p.offset + p.length : Math.min(p.offset + p.length, d.length);
  let buffer = d.bytes;
  const size = buffer === null ? 0 : buffer.length;
  if (end > size) {
    // A message of known length gets its whole buffer at once (it is at most MAX_HELD).
    const wanted = d.length < 0 ? Math.max(end, size * 2) : d.length;
    const grown = new Uint8Array(wanted);
    if (buffer !== null) grown.set(buffer);
    table.held += wanted - size;
    d.bytes = buffer = grown;
  }
  const from = p.offset < d.contiguous && d.ahead.length === 0 ? d.contiguous : p.offset;
  if (end > from) buffer!.set(frameBytes.subarray(p.at + (from - p.offset), p.at + (end - p.offset)), from);
}

/** Moves pieces that waited beyond a gap into the contiguous run, as far as they now reach. */
function absorb(d: Pdu): void {
  for (let moved = true; moved && d.ahead.length > 0; ) {
    moved = false;
    for (let i = 0; i < d.ahead.length; i++) {
      const p = d.ahead[i];
      if (p.offset <= d.contiguous) {
        d.contiguous = Math.max(d.contiguous, p.offset + p.length);
        d.ahead.splice(i--, 1);
        moved = true;
      }
    }
  }
}

/** The PDU's bytes from its pieces' bytes (`bytesOf`), the bytes placed first winning. */
function assemble(d: Pdu, bytesOf: (p: Piece) => Uint8Array | null | undefined): Uint8Array | null {
  const out = new Uint8Array(d.length);
  let placedTo = 0;
  for (const p of d.pieces) {
    const bytes = bytesOf(p);
    if (!bytes || bytes.length < p.length) return null;
    const from = Math.max(p.offset, placedTo);
    const to = Math.min(p.offset + p.length, d.length);
    if (to > from) {
      out.set(bytes.subarray(from - p.offset, to - p.offset), from);
      placedTo = to;
    }
  }
  return out;
}

function complete(table: Table, d: Pdu, frame: number, keep: boolean): void {
  table.open.delete(d.key);
  const allocated = d.bytes!.length;
  table.held -= allocated;
  const payload = allocated === d.length ? d.bytes! : d.bytes!.subarray(0, d.length);
  d.ahead = [];
  // Pieces in the order of their place; a piece reaching past the PDU's end is cut to it.
  if (d.pieces.length > 1) d.pieces.sort(byOffset);
  for (const p of d.pieces) if (p.offset + p.length > d.length) p.length = d.length - p.offset;
  d.completedIn = frame;
  d.bytes = payload;
  table.completed.add(d, keep);
}

function byOffset(x: Piece, y: Piece): number {
  return x.offset - y.offset;
}

function readBack(d: Pdu, ctx: DissectContext): Uint8Array | null {
  const read = ctx.state.frameBytes;
  if (read === undefined) return null;
  return assemble(d, (p) => (p.frame === ctx.number ? ctx.frame.bytes : read(p.frame))?.subarray(p.at, p.at + p.length));
}

function drop(table: Table, d: Pdu): void {
  table.open.delete(d.key);
  table.held -= d.bytes?.length ?? 0;
  d.bytes = null;
  d.ahead = [];
}

function makeRoom(table: Table, frame: number, current: Pdu): void {
  let count = 0;
  for (const d of table.open.values()) {
    if (table.held <= MAX_HELD) break;
    if (d === current) continue;
    drop(table, d);
    count++;
  }
  if (count > 0) table.drops.set(frame, (table.drops.get(frame) ?? 0) + count);
}

/** The segments subtree, in the reassembled bytes (data source `source`). */
function listSegments(b: LayerBuilder, source: number, d: Pdu, payload: Uint8Array): void {
  const headerEnd = b.end;
  const list = b.add(null, R.segments, 0, payload.length, null);
  list.source = source;
  b.rewrite(list, segmentsLine, d.pieces, payload.length, undefined);
  for (const p of d.pieces) {
    const f = b.add(list, R.segment, p.offset, p.length, p.frame);
    b.rewrite(f, pieceLine, p, undefined, undefined);
  }
  b.add(list, R['segment.count'], 0, 0, d.pieces.length);
  b.add(list, R['reassembled.length'], 0, 0, payload.length);
  b.addLazy(list, R['reassembled.data'], 0, payload.length, plainHex, payload);
  b.end = headerEnd;
}

function segmentsLine(pieces: Piece[], length: number): string {
  return `${pieces.length} Reassembled TCP Segment${pieces.length === 1 ? '' : 's'} (${length} byte${length === 1 ? '' : 's'}): ${pieces.map((p) => `#${p.frame}(${p.length})`).join(', ')}`;
}

function pieceLine(p: Piece): string {
  if (p.length === 0) return `Frame: ${p.frame} (no data)`;
  return `Frame: ${p.frame}, payload: ${p.offset}-${p.offset + p.length - 1} (${p.length} byte${p.length === 1 ? '' : 's'})`;
}
