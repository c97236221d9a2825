// What ICMP and ICMPv6 share: the checksum over the whole message (ICMPv6 also over the IPv6
// pseudo-header), recorded as `*.checksum.status` (1 good, 0 bad, 2 not verified) with the value it
// should have been when it is wrong; and the quoted datagram their error messages carry.

import type { Field } from '../field-model.js';
import type { DissectContext } from '../dissector.js';
import type { FieldSpec } from '../field-spec.js';
import type { LayerBuilder } from '../layer-builder.js';
import { colonHex, hexNumber } from '../display-format.js';
import { checksumSkipping, onesComplementSum, pseudoHeaderSumV6, verifiable } from './internet-checksum.js';

/** The checksum fields of an ICMP or ICMPv6 field table. */
interface ChecksumFields {
  readonly checksum: FieldSpec;
  readonly 'checksum.status': FieldSpec;
}

/**
 * Adds the checksum field at `at + 2` of the message [at, end) and, in detail mode, its status.
 * Returns false when the field was not captured. ICMPv6 sums the IPv6 pseudo-header in, so it
 * cannot be verified without an IPv6 header around it.
 */
export function addIcmpChecksum(b: LayerBuilder, ctx: DissectContext, end: number, F: ChecksumFields, protocolName: 'ICMP' | 'ICMPv6'): boolean {
  const at = b.start;
  if (!b.need(F.checksum, at + 2, 2)) return false;
  const checksum = b.u16(at + 2);
  const checksumField = b.add(null, F.checksum, at + 2, 2, checksum, b.detail ? hexNumber(checksum, 4) : '');
  if (b.detail) {
    const net = ctx.network;
    const initialSum = protocolName === 'ICMP' ? 0 : net?.family === 6 ? pseudoHeaderSumV6(b.frame.bytes, net.src, net.dst, 58, end - at) : undefined;
    addChecksumStatus(b, ctx, end, F['checksum.status'], checksumField, protocolName, initialSum);
  }
  return true;
}

/**
 * Verifies the checksum stored at `at + 2` of the message [at, end). `initialSum` is the
 * pseudo-header sum (0 for ICMP over IPv4), or undefined when there is none to use.
 */
function addChecksumStatus(
  b: LayerBuilder,
  ctx: DissectContext,
  end: number,
  status: FieldSpec,
  checksumField: Field,
  protocolName: string,
  initialSum: number | undefined,
): void {
  const at = b.start;
  const bytes = b.frame.bytes;
  // Verifiable only when the whole message, as the IP header says it is, was captured.
  const claimedEnd = ctx.network?.payloadEnd ?? end;
  if (initialSum === undefined || !verifiable(ctx.quoted === true, claimedEnd, end, b.frame.reportedLength, b.captured)) {
    b.add(null, status, at + 2, 0, 2, '2');
    return;
  }
  const good = onesComplementSum(bytes, at, end - at, initialSum) === 0xffff;
  b.add(null, status, at + 2, 0, good ? 1 : 0, good ? '1' : '0');
  if (!good) {
    const should = checksumSkipping(bytes, at, end, at + 2, initialSum);
    const stored = b.u16(at + 2);
    b.problem('error', `${protocolName} checksum ${hexNumber(stored, 4)} is wrong (should be ${hexNumber(should, 4)})`, at + 2, checksumField.name, checksumField);
  }
}

/**
 * Quoted datagrams decoded inside one another, at most: an ICMP error is never sent about an ICMP
 * error (RFC 1122 §3.2.2), so deeper nesting is crafted, and decoding each level again would make a
 * packet's cost grow with the square of its size (each level re-reads all that it quotes).
 */
export const MAX_QUOTE_DEPTH = 4;

/**
 * Attaches the layers of a quoted datagram (decoded by `ctx.nested` from EtherType `key`) under
 * this layer, one field per quoted protocol, so the tree shows them inside the error message that
 * carries them.
 */
export function attachQuotedDatagram(b: LayerBuilder, ctx: DissectContext, key: number, at: number, end: number, description: string): void {
  if (at >= end) {
    // Nothing of the quote was captured although the IP header says the message goes on.
    if ((ctx.network?.payloadEnd ?? end) > at) b.need({ name: key === 0x86dd ? 'ipv6' : 'ip', label: 'Quoted original datagram', description }, at, 1);
    return;
  }
  if (!ctx.detail) {
    b.end = Math.max(b.end, end);
    return;
  }
  let covered = at;
  const tooDeep = (ctx.quoteDepth ?? 0) >= MAX_QUOTE_DEPTH;
  if (tooDeep) b.problem('note', `The datagram quoted at offset ${at} is inside ${MAX_QUOTE_DEPTH} other quoted datagrams; it is shown as bytes, not decoded`, at);
  for (const layer of tooDeep ? [] : ctx.nested('ethertype', key, at, end)) {
    const spec: FieldSpec = { name: layer.protocol, label: layer.title, description };
    const f = b.add(null, spec, layer.offset, layer.length, null, layer.title);
    f.children = layer.fields;
    if (layer.problems.length) f.problems = layer.problems;
    covered = Math.max(covered, layer.offset + layer.length);
  }
  // Bytes past what the quoted headers claim (a quoted length smaller than the quote) stay visible.
  const stop = Math.min(end, b.captured);
  if (covered < stop) {
    const rest = b.bytes(covered, stop - covered);
    b.add(null, { name: `${b.place.protocol}.quote_rest`, label: 'Rest of the quoted datagram', description: 'Quoted bytes beyond the end the quoted headers give; no protocol claims them.' }, covered, stop - covered, null, colonHex(rest));
  }
  b.end = Math.max(b.end, end);
}
