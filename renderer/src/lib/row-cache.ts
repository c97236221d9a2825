// Packet-list rows fetched in fixed-size chunks, only for what is on screen, and kept in a small
// least-recently-used cache: a million-row capture costs the renderer a few hundred rows.

import type { PacketRow } from '../../../electron/service/contract.js';

export type RowFetcher = (start: number, count: number) => Promise<{ total: number; rows: PacketRow[] }>;

export class RowCache {
  private readonly chunks = new Map<number, PacketRow[]>();
  private readonly pending = new Map<number, Promise<void>>();
  /** Bumped on every clear, so answers to requests made before it are dropped. */
  private generation = 0;

  constructor(
    private readonly fetch: RowFetcher,
    /** Called when rows arrive, with the total the service reported. */
    private readonly onRows: (total: number) => void,
    readonly chunkSize = 100,
    readonly maxChunks = 12,
  ) {}

  /** Number of rows held (for tests and the bench: stays small whatever the capture size). */
  get size(): number {
    let n = 0;
    for (const c of this.chunks.values()) n += c.length;
    return n;
  }

  /** The row at 0-based `index`, if fetched. */
  get(index: number): PacketRow | undefined {
    const chunk = this.chunks.get(Math.floor(index / this.chunkSize));
    return chunk?.[index % this.chunkSize];
  }

  /** Makes sure rows [start, end) are fetched or on their way. */
  ensure(start: number, end: number): Promise<void> {
    const waits: Promise<void>[] = [];
    for (let c = Math.floor(start / this.chunkSize); c * this.chunkSize < end; c++) {
      const have = this.chunks.get(c);
      // A partly filled chunk (the end of a live capture) stays until refreshTail() drops it.
      if (have) {
        // Touch it: most recently used.
        this.chunks.delete(c);
        this.chunks.set(c, have);
        continue;
      }
      waits.push(this.load(c));
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** Forgets partly filled chunks so rows that arrived since (live capture) are fetched again. */
  refreshTail(): void {
    for (const [c, rows] of this.chunks) if (rows.length < this.chunkSize) this.chunks.delete(c);
  }

  /** The cached row of packet `number` (wherever a display filter put it), if fetched. */
  byNumber(number: number): PacketRow | undefined {
    for (const rows of this.chunks.values()) {
      const row = rows.find((r) => r.number === number);
      if (row) return row;
    }
    return undefined;
  }

  /** Forgets the rows around packet `number`, so they are fetched again (a comment or mark changed). */
  forget(number: number): void {
    for (const [c, rows] of this.chunks) if (rows.some((r) => r.number === number)) this.chunks.delete(c);
  }

  clear(): void {
    this.chunks.clear();
    this.pending.clear();
    this.generation++;
  }

  private load(chunk: number): Promise<void> {
    const existing = this.pending.get(chunk);
    if (existing) return existing;
    const generation = this.generation;
    const p = this.fetch(chunk * this.chunkSize, this.chunkSize)
      .then(({ total, rows }) => {
        if (generation !== this.generation) return;
        this.chunks.set(chunk, rows);
        while (this.chunks.size > this.maxChunks) this.chunks.delete(this.chunks.keys().next().value!);
        this.onRows(total);
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.pending.get(chunk) === p) this.pending.delete(chunk);
      });
    this.pending.set(chunk, p);
    return p;
  }
}
