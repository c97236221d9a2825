// A hash table from a pair of IPv4 endpoints (address × 65536 + port) to a small number, used by TCP
// and UDP conversation tracking once per packet.

/**
 * Numbers (connection indexes) by a pair of IPv4 endpoint numbers (each below 2^48), in an open-addressing
 * hash table over typed arrays: a Map keyed by such numbers boxes every key, and listing a million
 * segments looks one up per segment.
 */
export class EndpointPairTable {
  private lo = new Float64Array(1024);
  private hi = new Float64Array(1024);
  /** Connection index + 1; 0 marks an empty slot. */
  private value = new Int32Array(1024);
  private size = 0;

  /** The index stored for (lo, hi), or -1. */
  get(lo: number, hi: number): number {
    const mask = this.value.length - 1;
    for (let i = slotOf(lo, hi) & mask; ; i = (i + 1) & mask) {
      const v = this.value[i];
      if (v === 0) return -1;
      if (this.lo[i] === lo && this.hi[i] === hi) return v - 1;
    }
  }

  /** Stores `index` for (lo, hi), replacing what was there (for TCP: a connection that reused the ports). */
  set(lo: number, hi: number, index: number): void {
    if ((this.size + 1) * 2 > this.value.length) this.grow();
    const mask = this.value.length - 1;
    let i = slotOf(lo, hi) & mask;
    while (this.value[i] !== 0 && !(this.lo[i] === lo && this.hi[i] === hi)) i = (i + 1) & mask;
    if (this.value[i] === 0) this.size++;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.value[i] = index + 1;
  }

  private grow(): void {
    const { lo, hi, value } = this;
    const capacity = value.length * 2;
    this.lo = new Float64Array(capacity);
    this.hi = new Float64Array(capacity);
    this.value = new Int32Array(capacity);
    this.size = 0;
    for (let i = 0; i < value.length; i++) if (value[i] !== 0) this.set(lo[i], hi[i], value[i] - 1);
  }
}

/** A well-mixed 32-bit hash of two endpoint numbers (address × 65536 + port). */
function slotOf(lo: number, hi: number): number {
  // The low 32 bits hold the port and the address's low half; the high 16 bits the rest.
  let h = Math.imul((lo | 0) ^ ((lo / 4294967296) | 0), 0x9e3779b1);
  h = Math.imul(h ^ (hi | 0) ^ ((hi / 4294967296) | 0), 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}
