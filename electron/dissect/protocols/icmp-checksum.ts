// The checksum check ICMP and ICMPv6 share: over the whole message (ICMPv6 also over the IPv6
// pseudo-header), recorded as `*.checksum.status` (1 good, 0 bad, 2 not verified) with the value it
// should have been when it is wrong.

import type { Field } from '../field-model.js';
import type { DissectContext } from '../dissector.js';
import type { FieldSpec } from '../field-table.js';
import type { LayerBuilder } from '../layer-builder.js';
import { hexNumber } from '../display-format.js';
import { onesComplementSum, verifiable } from './internet-checksum.js';

/**
 * Verifies the checksum stored at `at + 2` of the message [at, end). `initialSum` is the
 * pseudo-header sum (0 for ICMP over IPv4), or undefined when there is none to use. Detail mode
 * only: `checksumField` is the real checksum field the problem is attached to.
 */
export function addIcmpChecksumStatus(
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
    const typeAndCode = bytes[at] * 256 + bytes[at + 1];
    const should = ~onesComplementSum(bytes, at + 4, end - at - 4, initialSum + typeAndCode) & 0xffff;
    const stored = b.u16(at + 2);
    b.problem('error', `${protocolName} checksum ${hexNumber(stored, 4)} is wrong (should be ${hexNumber(should, 4)})`, at + 2, checksumField.name, checksumField);
  }
}
