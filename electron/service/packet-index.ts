// The compact index of an open capture: one slot per packet in growable typed arrays (where the
// packet is in the file, when it arrived, how long it was) plus its packet-list columns. Repeated
// strings (addresses, protocol names) are stored once and referenced by number; info texts are
// packed as UTF-8 into one buffer per block of packets. So a million-packet capture costs tens of
// megabytes here (about 100 MB for a million TCP packets), not a million row objects. The columns
// arrive as the decoders' UTF-8 bytes and are turned into strings only when rows are asked for.

import type { OsiLayer } from '../dissect/field-model.js';
import type { ColumnText } from '../dissect/column-text.js';
import type { PacketRow } from './contract.js';

const INFO_BLOCK = 1024;
const INFO_SEPARATOR = '\n';
const PROBLEM_CODES = [undefined, 'note', 'warning', 'error'] as const;

export interface IndexEntry {
  fileOffset: number;
  /** Seconds since the capture's first packet. */
  time: number;
  /** Length on the wire. */
  length: number;
  interfaceId: number;
  source: ColumnText;
  destination: ColumnText;
  protocol: string;
  info: ColumnText;
  colorKey: string;
  topOsi: OsiLayer;
  problem?: 'note' | 'warning' | 'error';
  /** Whether the file gives the packet a comment. */
  fileComment?: boolean;
  /** The protocol of each layer, in order (without the frame's), as its summary lists them. */
  layers: readonly string[];
  /** The fields it has that the packet list notes (FieldSpec.noted), as its summary lists them. */
  noted: readonly string[];
}

/** Strings stored once, referred to by number; column texts are matched on their bytes. */
class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];
  /** Ids of column texts by a hash of their bytes (several when hashes collide). */
  private readonly byHash = new Map<number, number[]>();
  private readonly bytesOf: Uint8Array[] = [];

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.bytesOf.push(utf8.encode(value));
      this.ids.set(value, id);
    }
    return id;
  }

  /** The id of a column's text, found from its bytes: no string is made for a text seen before. */
  idOfText(text: ColumnText): number {
    const bytes = text.bytes;
    const n = text.length;
    // FNV-1a over the bytes.
    let hash = 0x811c9dc5;
    for (let i = 0; i < n; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const candidates = this.byHash.get(hash);
    if (candidates) {
      for (const id of candidates) if (sameBytes(this.bytesOf[id], bytes, n)) return id;
    }
    const id = this.id(text.toString());
    if (candidates) candidates.push(id);
    else this.byHash.set(hash, [id]);
    return id;
  }

  value(id: number): string {
    return this.values[id] ?? '';
  }
}

/**
 * Lists of names that packets have (their layers, their noted fields), each stored once: a capture
 * has few (Ethernet, IPv4, TCP for most packets), so a packet's costs one number.
 */
class NameLists {
  private readonly ids = new Map<string, number>();
  private readonly lists: (readonly string[])[] = [];
  private last: readonly string[] = [];
  private lastId = -1;

  id(layers: readonly string[]): number {
    // Packets in a row mostly have the same layers: compared before any key is made.
    if (this.lastId >= 0 && sameList(this.last, layers)) return this.lastId;
    const key = layers.join('/');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.lists.length;
      this.lists.push(Object.freeze([...layers]));
      this.ids.set(key, id);
    }
    this.last = this.lists[id];
    this.lastId = id;
    return id;
  }

  list(id: number): readonly string[] {
    return this.lists[id];
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameBytes(stored: Uint8Array, bytes: Uint8Array, n: number): boolean {
  if (stored.length !== n) return false;
  for (let i = 0; i < n; i++) if (stored[i] !== bytes[i]) return false;
  return true;
}

/** The UTF-8 info texts of the block being filled, separated by INFO_SEPARATOR. */
class OpenInfoBlock {
  private bytes = new Uint8Array(64 * 1024);
  length = 0;
  rows = 0;
  /** The block split into strings, as of `splitAtRows` rows (rows.get reads neighbouring rows together). */
  private split: string[] = [];
  private splitAtRows = -1;

  add(text: ColumnText): void {
    const n = text.length;
    if (this.length + n + 1 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n + 1));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    const src = text.bytes;
    const d = this.bytes;
    let p = this.length;
    if (this.rows > 0) d[p++] = SEPARATOR_BYTE;
    // A line break inside an info text would split its row in two: it is shown as a space.
    for (let i = 0; i < n; i++) d[p++] = src[i] === SEPARATOR_BYTE ? 0x20 : src[i];
    this.length = p;
    this.rows++;
  }

  /** The block's bytes, to keep once it is full; the block then starts empty again. */
  seal(): Buffer {
    const sealed = Buffer.from(this.bytes.subarray(0, this.length));
    this.length = 0;
    this.rows = 0;
    this.splitAtRows = -1;
    return sealed;
  }

  text(row: number): string {
    if (this.splitAtRows !== this.rows) {
      this.split = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length).toString('utf8').split(INFO_SEPARATOR);
      this.splitAtRows = this.rows;
    }
    return this.split[row] ?? '';
  }
}

const SEPARATOR_BYTE = INFO_SEPARATOR.charCodeAt(0);
const utf8 = new TextEncoder();

export class PacketIndex {
  private capacity = 0;
  private count = 0;
  private fileOffsets = new Float64Array(0);
  private times = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private interfaceIds = new Uint16Array(0);
  private sources = new Uint32Array(0);
  private destinations = new Uint32Array(0);
  private protocols = new Uint32Array(0);
  private colorKeys = new Uint32Array(0);
  private osi = new Uint8Array(0);
  private problems = new Uint8Array(0);
  private fileComments = new Uint8Array(0);
  private layerIds = new Uint32Array(0);
  private notedIds = new Uint32Array(0);
  private readonly strings = new StringTable();
  private readonly layerLists = new NameLists();
  private readonly notedLists = new NameLists();
  /**
   * Info texts of full blocks, each block joined and stored as UTF-8: the texts contain "→", which
   * would make a JS string two bytes per character.
   */
  private readonly infoBlocks: Buffer[] = [];
  /** Info texts of the block being filled. */
  private readonly openBlock = new OpenInfoBlock();
  /** The last few blocks split back into rows (rows.get reads neighbouring rows together). */
  private readonly splitCache = new Map<number, string[]>();

  get size(): number {
    return this.count;
  }

  add(e: IndexEntry): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.fileOffsets[i] = e.fileOffset;
    this.times[i] = e.time;
    this.lengths[i] = e.length;
    this.interfaceIds[i] = e.interfaceId;
    this.sources[i] = this.strings.idOfText(e.source);
    this.destinations[i] = this.strings.idOfText(e.destination);
    this.protocols[i] = this.strings.id(e.protocol);
    this.colorKeys[i] = this.strings.id(e.colorKey);
    this.osi[i] = e.topOsi;
    this.problems[i] = e.problem ? PROBLEM_CODES.indexOf(e.problem) : 0;
    this.fileComments[i] = e.fileComment ? 1 : 0;
    this.layerIds[i] = this.layerLists.id(e.layers);
    this.notedIds[i] = this.notedLists.id(e.noted);
    this.openBlock.add(e.info);
    if (this.openBlock.rows === INFO_BLOCK) {
      this.infoBlocks.push(this.openBlock.seal());
    }
  }

  /** File offset of packet `number` (1-based). */
  fileOffset(number: number): number {
    this.check(number);
    return this.fileOffsets[number - 1];
  }

  interfaceId(number: number): number {
    this.check(number);
    return this.interfaceIds[number - 1];
  }

  time(number: number): number {
    this.check(number);
    return this.times[number - 1];
  }

  /** Length on the wire of packet `number`. */
  length(number: number): number {
    this.check(number);
    return this.lengths[number - 1];
  }

  /** The protocols of packet `number`'s layers, in order (without the frame's). */
  layers(number: number): readonly string[] {
    this.check(number);
    return this.layerLists.list(this.layerIds[number - 1]);
  }

  /** The fields packet `number` has that the packet list notes (FieldSpec.noted). */
  noted(number: number): readonly string[] {
    this.check(number);
    return this.notedLists.list(this.notedIds[number - 1]);
  }

  /** Rows [start, start + count) (0-based start), clipped to what exists. */
  rows(start: number, count: number): PacketRow[] {
    const end = Math.min(this.count, start + count);
    const rows: PacketRow[] = [];
    for (let i = start; i < end; i++) {
      const problem = PROBLEM_CODES[this.problems[i]];
      const row: PacketRow = {
        number: i + 1,
        time: this.times[i],
        delta: i === 0 ? 0 : this.times[i] - this.times[i - 1],
        source: this.strings.value(this.sources[i]),
        destination: this.strings.value(this.destinations[i]),
        protocol: this.strings.value(this.protocols[i]),
        length: this.lengths[i],
        info: this.info(i),
        colorKey: this.strings.value(this.colorKeys[i]),
        topOsi: this.osi[i] as OsiLayer,
      };
      if (problem) row.problem = problem;
      if (this.fileComments[i]) row.commented = true;
      rows.push(row);
    }
    return rows;
  }

  private info(i: number): string {
    const block = Math.floor(i / INFO_BLOCK);
    if (block === this.infoBlocks.length) return this.openBlock.text(i % INFO_BLOCK);
    let texts = this.splitCache.get(block);
    if (!texts) {
      texts = this.infoBlocks[block].toString('utf8').split(INFO_SEPARATOR);
      if (this.splitCache.size >= 8) this.splitCache.delete(this.splitCache.keys().next().value!);
      this.splitCache.set(block, texts);
    }
    return texts[i % INFO_BLOCK];
  }

  private check(number: number): void {
    if (!Number.isInteger(number) || number < 1 || number > this.count) {
      throw new RangeError(`There is no packet ${number}: the capture has ${this.count} packet${this.count === 1 ? '' : 's'}`);
    }
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    const grown = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const a = make(capacity);
      a.set(old);
      return a;
    };
    this.fileOffsets = grown(this.fileOffsets, (n) => new Float64Array(n));
    this.times = grown(this.times, (n) => new Float64Array(n));
    this.lengths = grown(this.lengths, (n) => new Uint32Array(n));
    this.interfaceIds = grown(this.interfaceIds, (n) => new Uint16Array(n));
    this.sources = grown(this.sources, (n) => new Uint32Array(n));
    this.destinations = grown(this.destinations, (n) => new Uint32Array(n));
    this.protocols = grown(this.protocols, (n) => new Uint32Array(n));
    this.colorKeys = grown(this.colorKeys, (n) => new Uint32Array(n));
    this.osi = grown(this.osi, (n) => new Uint8Array(n));
    this.problems = grown(this.problems, (n) => new Uint8Array(n));
    this.fileComments = grown(this.fileComments, (n) => new Uint8Array(n));
    this.layerIds = grown(this.layerIds, (n) => new Uint32Array(n));
    this.notedIds = grown(this.notedIds, (n) => new Uint32Array(n));
    this.capacity = capacity;
  }
}
