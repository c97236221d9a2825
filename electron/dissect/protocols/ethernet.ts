// Ethernet (IEEE 802.3): destination and source MAC, then a type (Ethernet II: which protocol the
// payload carries) or, for values up to 1500, the length of an IEEE 802.3 frame's LLC payload.

import type { Field, Layer } from '../field-model.js';
import type { LayerReading, ProtocolModule } from '../dissector.js';
import type { BitFields, LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { colonHex, hexNumber } from '../display-format.js';
import { ETHERTYPE_NAMES, announceEtherType, etherTypeName } from './ethertype-names.js';
import { ETHERNET_TRAILER_FIELDS as T, addEthernetTrailer } from './ethernet-trailer.js';

const LG = ['Locally administered address (this is NOT the factory default)', 'Globally unique address (factory default)'] as const;
const IG = ['Group address (multicast/broadcast)', 'Individual address (unicast)'] as const;

const F = defineFields('eth', {
  dst: { label: 'Destination', type: 'ether', description: 'The hardware (MAC) address of the network card this frame is for; ff:ff:ff:ff:ff:ff means every card on the link.', rfc: 'IEEE 802.3 §3.2.4' },
  src: { label: 'Source', type: 'ether', description: 'The hardware (MAC) address of the network card that sent this frame onto the link.', rfc: 'IEEE 802.3 §3.2.5' },
  addr: { label: 'Address', type: 'ether', description: 'Either address of the frame: the filter eth.addr matches the source or the destination.' },
  'dst.lg': { label: 'LG bit', type: 'boolean', bits: 24, mask: 0x020000, tfs: LG, description: 'Set when the address was assigned locally (by software) rather than burnt in by the maker.', rfc: 'IEEE 802 §8.2' },
  'dst.ig': { label: 'IG bit', type: 'boolean', bits: 24, mask: 0x010000, tfs: IG, description: 'Set for a group address (multicast or broadcast), clear for one card (unicast).', rfc: 'IEEE 802 §8.2' },
  'src.lg': { label: 'LG bit', type: 'boolean', bits: 24, mask: 0x020000, tfs: LG, description: 'Set when the address was assigned locally (by software) rather than burnt in by the maker.', rfc: 'IEEE 802 §8.2' },
  'src.ig': { label: 'IG bit', type: 'boolean', bits: 24, mask: 0x010000, tfs: IG, description: 'Set for a group address (multicast or broadcast); a sender\'s address never should be.', rfc: 'IEEE 802 §8.2' },
  type: { label: 'Type', type: 'uint16', base: 'hex', values: ETHERTYPE_NAMES, description: 'Says which protocol the payload carries (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP), so the receiver knows who to hand it to.', rfc: 'IEEE 802.3 §3.2.6' },
  len: { label: 'Length', type: 'uint16', description: 'In an IEEE 802.3 frame (a value up to 1500 instead of a type): how many bytes of LLC data follow the header.', rfc: 'IEEE 802.3 §3.2.6' },
  invalid_lentype: { label: 'Invalid length/type', type: 'uint16', base: 'hex_dec', description: 'A value between 1501 and 1535 is neither a length (at most 1500) nor a type (from 1536, 0x0600): the frame cannot be read further.', rfc: 'IEEE 802.3 §3.2.6' },
});

const P = defineProblems('eth', {
  src_is_group: ['warning', 'Source address {src} is a group (multicast) address: a frame is always sent by one card, so its source must be an individual address (IEEE 802.3 §3.2.3)'],
  invalid_lentype: ['warning', 'Length/type {value} at offset {offset} is neither a length (at most 1500) nor an EtherType (at least 0x0600)'],
  len_past_end: ['error', 'IEEE 802.3 length {length} at offset {offset} is more than the {available} bytes that follow the header'],
});

const N = defineMessages('eth.narrative', {
  frame: 'Ethernet frame from {src} to {dst}',
  broadcast: 'Ethernet frame from {src} to everyone on the link (broadcast)',
  type: 'type {type} says {next} comes next',
  type_unknown: 'type {type} names a protocol Layerscope does not decode',
  type_empty: 'type {type} announces {name}, but the frame ends with the header',
  length: 'an IEEE 802.3 length field says {length, plural, one {# byte} other {# bytes}} of LLC data follow',
  invalid: 'its length/type field {value} is neither a length nor a type, so the rest cannot be read',
  padding: '{length, plural, one {# byte} other {# bytes}} of padding bring it up to Ethernet\'s minimum size',
  fcs: 'its last 4 bytes are the frame check sequence the receiving card checks',
});

/** Values up to this are an IEEE 802.3 length; from ETHERTYPE_MIN on, an EtherType (IEEE 802.3 §3.2.6). */
const MAX_LENGTH = 1500;
const ETHERTYPE_MIN = 0x0600;
const HEADER = 14;

/** What the type field says comes next, and whether it does. */
function typeNarrative(type: number, shown: string, next: Layer | undefined): Message {
  if (!next) return { id: N.type_empty.id, params: { type: shown, name: etherTypeName(type) } };
  if (next.protocol === 'data') return { id: N.type_unknown.id, params: { type: shown } };
  return { id: N.type.id, params: { type: shown, next: next.name } };
}

/**
 * One address with its parts, as Wireshark shows it: the address again (eth.addr) and the LG and
 * IG bits. Returns the address's field, or undefined when it was not captured.
 */
function addAddress(b: LayerBuilder, spec: FieldSpec, bits: BitFields, offset: number): Field | undefined {
  if (!b.address(null, spec, offset)) return undefined;
  const field = b.last;
  b.address(field, F.addr, offset);
  b.bitmask(field, bits, offset);
  return field;
}

/** The LG and IG bits of each address, read from its first three bytes. */
const DST_BITS: BitFields = [[F['dst.lg'], 0, 3], [F['dst.ig'], 0, 3]];
const SRC_BITS: BitFields = [[F['src.lg'], 0, 3], [F['src.ig'], 0, 3]];

export const ethernet: ProtocolModule = {
  place: { protocol: 'eth', osi: 2, tcpip: 'link' },
  name: 'Ethernet',
  fields: { ...F, ...T },
  // 0x6558, Transparent Ethernet Bridging: a whole Ethernet frame inside a tunnel (GRE, VXLAN, Geneve).
  registrations: [{ table: 'link', keys: [1] }, { table: 'ethertype', keys: [0x6558] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    // Titled before anything is read: a frame too short for the addresses is still an Ethernet frame.
    b.title = 'Ethernet II';
    ctx.columns.protocol = 'Ethernet';
    if (!addAddress(b, F.dst, DST_BITS, at)) return undefined;
    const source = addAddress(b, F.src, SRC_BITS, at + 6);
    if (!source) {
      ctx.columns.destination.set(colonHex(bytes.subarray(at, at + 6)));
      return undefined;
    }
    if (bytes[at + 6] & 1) b.problem(P.src_is_group, at + 6, { src: colonHex(bytes.subarray(at + 6, at + 12)) }, source);
    if (b.detail) {
      const dst = colonHex(bytes.subarray(at, at + 6));
      const src = colonHex(bytes.subarray(at + 6, at + 12));
      ctx.columns.source.set(src);
      ctx.columns.destination.set(dst);
    } else {
      // The columns usually get IP addresses instead: format the MACs only if they end up shown.
      ctx.columns.source.clear();
      ctx.columns.destination.clear();
      ctx.deferredMacs = at;
    }
    ctx.columns.info.set('Ethernet II');
    if (!b.need(F.type, at + 12, 2)) return undefined;
    const typeOrLength = b.u16(at + 12);
    if (typeOrLength >= ETHERTYPE_MIN) {
      b.uint(null, F.type, at + 12);
      if (b.detail) b.title = `Ethernet II, Src: ${ctx.columns.source.toString()}, Dst: ${ctx.columns.destination.toString()}`;
      // The columns name the type for when no decoder takes the payload (one that does writes its own).
      if (at + HEADER < end) announceEtherType(ctx.columns, typeOrLength);
      return b.next('ethertype', at + HEADER, end, typeOrLength);
    }
    if (typeOrLength > MAX_LENGTH) {
      b.uint(null, F.invalid_lentype, at + 12);
      b.problem(P.invalid_lentype, at + 12, { value: hexNumber(typeOrLength, 4), offset: at + 12 }, b.last);
      if (b.detail) b.title = `Ethernet Unknown, Src: ${ctx.columns.source.toString()}, Dst: ${ctx.columns.destination.toString()}`;
      ctx.columns.info.set(`Ethernet Unknown: Invalid length/type: ${hexNumber(typeOrLength, 4)} (${typeOrLength})`);
      return undefined;
    }
    // IEEE 802.3: the length bounds the LLC payload, which Layerscope shows as data; what follows
    // it is padding.
    b.uint(null, F.len, at + 12);
    b.title = 'IEEE 802.3 Ethernet';
    ctx.columns.info.set('IEEE 802.3 Ethernet');
    const available = Math.max(0, b.frame.reportedLength - at - HEADER);
    if (typeOrLength > available) b.problem(P.len_past_end, at + 12, { length: typeOrLength, offset: at + 12, available }, b.last);
    return b.next('llc', at + HEADER, Math.min(end, at + HEADER + typeOrLength), 0);
  },
  trailer(b, start, end) {
    addEthernetTrailer(b, start, end, T.trailer, true);
  },
  narrative(r: LayerReading) {
    const dst = r.show(F.dst) ?? '?';
    const src = r.show(F.src) ?? '?';
    const parts: Message[] = [dst === 'ff:ff:ff:ff:ff:ff' ? { id: N.broadcast.id, params: { src } } : { id: N.frame.id, params: { src, dst } }];
    const type = r.number(F.type);
    if (type !== undefined) parts.push(typeNarrative(type, r.show(F.type)!, r.next));
    const length = r.number(F.len);
    if (length !== undefined) parts.push({ id: N.length.id, params: { length } });
    const invalid = r.show(F.invalid_lentype);
    if (invalid) parts.push({ id: N.invalid.id, params: { value: invalid } });
    const padding = r.field(T.padding);
    if (padding) parts.push({ id: N.padding.id, params: { length: padding.length } });
    if (r.field(T.fcs)) parts.push({ id: N.fcs.id });
    return parts;
  },
};
