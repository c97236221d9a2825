// Endpoint keys (address and port) and an index by pairs of them, used by TCP and UDP conversation
// tracking once per packet.

import type { NetworkAddresses } from '../dissector.js';

/** An endpoint (address and port): a number for IPv4 (address × 65536 + port), a string for IPv6. */
export type EndpointKey = number | string;

/** Key of the endpoint whose address is at `addressOffset` (of the IP version of `net`) with `port`. */
export function endpointKeyOf(bytes: Uint8Array, net: NetworkAddresses, addressOffset: number, port: number): EndpointKey {
  return net.family === 4 ? endpointKeyV4(bytes, addressOffset, port) : endpointKeyV6(bytes, addressOffset, port);
}

/** Key of an IPv4 endpoint: the address and the port, as one exact number. */
function endpointKeyV4(bytes: Uint8Array, addressOffset: number, port: number): number {
  const address = ((bytes[addressOffset] << 24) | (bytes[addressOffset + 1] << 16) | (bytes[addressOffset + 2] << 8) | bytes[addressOffset + 3]) >>> 0;
  return address * 65536 + port;
}

/** Key of an IPv6 endpoint: its address bytes and port, as a short string. */
function endpointKeyV6(bytes: Uint8Array, addressOffset: number, port: number): string {
  let s = '';
  for (let i = 0; i < 16; i += 2) s += ((bytes[addressOffset + i] << 8) | bytes[addressOffset + i + 1]).toString(16) + '.';
  return s + ':' + port;
}

/** Small numbers (conversation indexes) by a pair of endpoints, the lower key first. */
export class EndpointPairIndex {
  private readonly v4 = new EndpointPairTable();
  private readonly v6 = new Map<string, number>();

  /** The index stored for (lo, hi), or -1. */
  get(lo: EndpointKey, hi: EndpointKey): number {
    if (typeof lo === 'number') return this.v4.get(lo, hi as number);
    return this.v6.get(lo + '|' + hi) ?? -1;
  }

  /** Stores `index` for (lo, hi), replacing what was there. */
  set(lo: EndpointKey, hi: EndpointKey, index: number): void {
    if (typeof lo === 'number') this.v4.set(lo, hi as number, index);
    else this.v6.set(lo + '|' + hi, index);
  }
}

/**
 * Numbers (connection indexes) by a pair of IPv4 endpoint numbers (each below 2^48), in an open-addressing
 * hash table over typed arrays: a Map keyed by such numbers boxes every key, and listing a million
 * segments looks one up per segment.
 */
class EndpointPairTable {
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
