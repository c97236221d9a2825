// Columns of numbers that grow as rows are added: what a protocol remembers per message across a
// capture (DNS transactions, HTTP exchanges) kept as typed arrays instead of an object per row,
// so the packet list of a million packets keeps a few bytes a row and nothing for the collector.
// A column grows by chunks rather than by copying into one twice as large: a copy keeps both
// arrays alive at once, and the allocator hands out the larger one touched in full (listing the
// 1M-packet benchmark peaked 12 MB higher with doubling columns).

const CHUNK_BITS = 14;
/** Rows a chunk holds (64 KB of 32-bit numbers). */
const CHUNK_ROWS = 1 << CHUNK_BITS;
const ROW_MASK = CHUNK_ROWS - 1;

type Chunk = Int32Array | Float64Array;

/**
 * A column of numbers, 32-bit integers (frames, indexes) or doubles (whole seconds since 1970 do
 * not fit 32 bits) as `kind` says; rows never set read as 0.
 */
export class NumberColumn {
  private readonly chunks: Chunk[] = [];

  constructor(private readonly kind: new (rows: number) => Chunk) {}

  at(i: number): number {
    const chunk = this.chunks[i >>> CHUNK_BITS];
    return chunk === undefined ? 0 : chunk[i & ROW_MASK];
  }

  set(i: number, v: number): void {
    const k = i >>> CHUNK_BITS;
    while (this.chunks.length <= k) this.chunks.push(new this.kind(CHUNK_ROWS));
    this.chunks[k][i & ROW_MASK] = v;
  }
}
