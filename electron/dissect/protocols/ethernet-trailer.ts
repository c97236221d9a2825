// What an Ethernet frame carries after its payload: padding up to the 60-byte minimum frame, then
// whatever else the capture kept, of which the last 4 bytes are taken for the frame check
// sequence, as Wireshark does. A VLAN tag claims these bytes with its own trailer field (the
// padding stays `eth.padding`), as in Wireshark.

import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { CHECKSUM_STATUS } from './checksum-status.js';

export const ETHERNET_TRAILER_FIELDS = defineFields('eth', {
  padding: { label: 'Padding', type: 'bytes', description: 'Filler bytes after the payload: Ethernet frames must be at least 60 bytes long (64 with the checksum), so short packets are padded.', rfc: 'IEEE 802.3 §3.2.8' },
  trailer: { label: 'Trailer', type: 'bytes', description: 'Bytes after the payload (and its padding) that no protocol claims; some network cards and switches add them.', rfc: 'IEEE 802.3 §3.2' },
  fcs: { label: 'Frame check sequence', type: 'uint32', base: 'hex', description: 'A CRC-32 over the whole frame that the receiving card checks to detect corruption; most cards remove it before the capture sees the frame.', rfc: 'IEEE 802.3 §3.2.9' },
  'fcs.status': { label: 'FCS Status', type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, description: 'Whether Layerscope checked the frame check sequence (it does not, as Wireshark by default does not).' },
});

const F = ETHERNET_TRAILER_FIELDS;

/** The shortest Ethernet frame without its 4-byte frame check sequence (IEEE 802.3 §4.2.3.3). */
const MIN_FRAME = 60;
const FCS_LENGTH = 4;
const UNVERIFIED = 2;

/**
 * Adds the bytes [start, end) after the payload to `b`: padding up to the minimum frame size, then
 * `trailer`, whose last 4 bytes are the frame check sequence when `withFcs` and the whole frame
 * was captured. A frame shorter than the minimum has no padding: all of it is `trailer`.
 */
export function addEthernetTrailer(b: LayerBuilder, start: number, end: number, trailer: FieldSpec, withFcs: boolean): void {
  if (b.frame.reportedLength < MIN_FRAME) {
    b.hex(null, trailer, start, end - start);
    return;
  }
  const paddingEnd = Math.min(Math.max(start, MIN_FRAME), end);
  if (paddingEnd > start) b.hex(null, F.padding, start, paddingEnd - start);
  const fcsAt = withFcs && end - paddingEnd >= FCS_LENGTH && end === b.frame.reportedLength ? end - FCS_LENGTH : end;
  if (fcsAt > paddingEnd) b.hex(null, trailer, paddingEnd, fcsAt - paddingEnd);
  if (fcsAt === end) return;
  b.uint(null, F.fcs, fcsAt);
  b.annotate(b.last, ' [unverified]');
  b.add(null, F['fcs.status'], fcsAt, 0, UNVERIFIED);
}
