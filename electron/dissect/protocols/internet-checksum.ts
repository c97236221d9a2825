// The Internet checksum (RFC 1071): the one's-complement sum of 16-bit big-endian words, shared by
// IPv4, ICMP, ICMPv6, TCP and UDP. A header whose stored checksum is right sums to 0xffff.

import type { NetworkAddresses } from '../dissector.js';

/**
 * Adds the bytes [offset, offset + length) to `initial` as 16-bit big-endian words (an odd last
 * byte is padded with a zero) and returns the folded 16-bit one's-complement sum (not inverted).
 */
export function onesComplementSum(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  let sum = initial;
  const end = offset + length;
  let i = offset;
  for (; i + 1 < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (i < end) sum += bytes[i] << 8;
  // Fold carries; a few folds suffice for any realistic length, the loop handles the rest.
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum to store: the inverted sum. Zero means the data (with its checksum) is valid when summing over it. */
export function internetChecksum(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  return ~onesComplementSum(bytes, offset, length, initial) & 0xffff;
}

/**
 * The checksum the message [at, end) should carry in its 16-bit field at `checksumAt`: the
 * inverted sum of every other byte, starting from `initial` (a pseudo-header sum, or 0).
 */
export function checksumSkipping(bytes: Uint8Array, at: number, end: number, checksumAt: number, initial: number): number {
  const sum = onesComplementSum(bytes, at, checksumAt - at, initial);
  return ~onesComplementSum(bytes, checksumAt + 2, end - checksumAt - 2, sum) & 0xffff;
}

/** Sum of the pseudo-header of the IP version `net` belongs to, for upper-layer protocol `proto`. */
export function pseudoHeaderSum(bytes: Uint8Array, net: NetworkAddresses, proto: number, length: number): number {
  return net.family === 4 ? pseudoHeaderSumV4(bytes, net.src, net.dst, proto, length) : pseudoHeaderSumV6(bytes, net.src, net.dst, proto, length);
}

/** Sum of the IPv4 pseudo-header (RFC 9293 §3.1): source, destination, zero + protocol, length. */
export function pseudoHeaderSumV4(bytes: Uint8Array, srcOffset: number, dstOffset: number, protocol: number, length: number): number {
  let sum = onesComplementSum(bytes, srcOffset, 4);
  sum += onesComplementSum(bytes, dstOffset, 4);
  sum += protocol + (length >>> 16) + (length & 0xffff);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** Sum of the IPv6 pseudo-header (RFC 8200 §8.1): source, destination, upper-layer length, next header. */
export function pseudoHeaderSumV6(bytes: Uint8Array, srcOffset: number, dstOffset: number, nextHeader: number, length: number): number {
  let sum = onesComplementSum(bytes, srcOffset, 16);
  sum += onesComplementSum(bytes, dstOffset, 16);
  sum += nextHeader + (length >>> 16) + (length & 0xffff);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/**
 * Whether a checksum over the message [.., end) can be verified, as Wireshark decides: every byte
 * the IP header claims (or, when it claims more than the frame had, every byte on the wire) was
 * captured. A quoted datagram that was cut short by the quoting error message cannot be verified.
 */
export function verifiable(quoted: boolean, claimedEnd: number, end: number, reportedLength: number, captured: number): boolean {
  if (quoted && claimedEnd > end) return false;
  return end <= captured && Math.min(claimedEnd, reportedLength) <= captured;
}
