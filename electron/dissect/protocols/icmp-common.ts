// What ICMP and ICMPv6 share: the checksum over the whole message (ICMPv6 also over the IPv6
// pseudo-header), recorded as `*.checksum.status` (1 good, 0 bad, 2 not verified) with the value it
// should have been when it is wrong; and the quoted datagram their error messages carry.

import type { Field } from '../field-model.js';
import type { DissectContext } from '../dissector.js';
import type { FieldSpec } from '../field-spec.js';
import type { LayerBuilder } from '../layer-builder.js';
import { hexNumber } from '../display-format.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { checksumSkipping, onesComplementSum, pseudoHeaderSumV6, verifiable } from './internet-checksum.js';

const P = defineProblems('icmp', {
  bad_checksum: ['error', '{protocol} checksum {checksum} is wrong (should be {expected})'],
  quote_too_deep: ['note', 'The datagram quoted at offset {offset} is inside {max} other quoted datagrams; it is shown as bytes, not decoded'],
});

/** The quoted datagram's parts (its layers become fields named by their protocol). */
const QUOTED = defineFields('quoted', {
  ip: { name: 'ip', label: 'Quoted original datagram', type: 'none', description: 'The start of the original datagram that caused this error.' },
  ipv6: { name: 'ipv6', label: 'Quoted original datagram', type: 'none', description: 'The start of the original datagram that caused this error.' },
  icmp_rest: { name: 'icmp.quote_rest', label: 'Rest of the quoted datagram', type: 'bytes', description: 'Quoted bytes beyond the end the quoted headers give; no protocol claims them.' },
  icmpv6_rest: { name: 'icmpv6.quote_rest', label: 'Rest of the quoted datagram', type: 'bytes', description: 'Quoted bytes beyond the end the quoted headers give; no protocol claims them.' },
});

/** The field a quoted layer becomes (its name, line and children are the layer's). */
const QUOTED_LAYER = defineFields('quoted', { layer: { label: 'Quoted layer', type: 'none', description: 'A header of the datagram quoted inside this error message.' } }).layer;

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
  if (b.uint(null, F.checksum, at + 2) < 0) return false;
  const checksumField = b.last;
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
    b.annotate(checksumField, ' [unverified]');
    b.add(null, status, at + 2, 0, 2);
    return;
  }
  const good = onesComplementSum(bytes, at, end - at, initialSum) === 0xffff;
  const should = checksumSkipping(bytes, at, end, at + 2, initialSum);
  b.annotate(checksumField, good ? ' [correct]' : ` incorrect, should be ${hexNumber(should, 4)}`);
  b.add(null, status, at + 2, 0, good ? 1 : 0);
  if (!good) b.problem(P.bad_checksum, at + 2, { protocol: protocolName, checksum: hexNumber(b.u16(at + 2), 4), expected: hexNumber(should, 4) }, checksumField);
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
    if ((ctx.network?.payloadEnd ?? end) > at) b.missing(key === 0x86dd ? QUOTED.ipv6 : QUOTED.ip, at, 1);
    return;
  }
  if (!ctx.detail) {
    // The quote is this message's bytes; the tree decodes it, the packet list does not need it.
    b.end = Math.max(b.end, end);
    return;
  }
  let covered = at;
  const tooDeep = (ctx.quoteDepth ?? 0) >= MAX_QUOTE_DEPTH;
  if (tooDeep) b.problem(P.quote_too_deep, at, { offset: at, max: MAX_QUOTE_DEPTH });
  for (const layer of tooDeep ? [] : ctx.nested('ethertype', key, at, end)) {
    const f = b.add(null, QUOTED_LAYER, layer.offset, layer.length, layer.title);
    f.name = layer.protocol;
    f.description = description;
    f.showname = layer.title;
    f.children = layer.fields;
    if (layer.problems.length) f.problems = layer.problems;
    covered = Math.max(covered, layer.offset + layer.length);
  }
  // Bytes past what the quoted headers claim (a quoted length smaller than the quote) stay visible.
  const stop = Math.min(end, b.captured);
  if (covered < stop) {
    b.hex(null, b.place.protocol === 'icmpv6' ? QUOTED.icmpv6_rest : QUOTED.icmp_rest, covered, stop - covered);
  }
  b.end = Math.max(b.end, end);
}
