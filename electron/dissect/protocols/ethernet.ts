// Ethernet II (IEEE 802.3 with an EtherType): destination and source MAC, then the type of payload.

import type { Field } from '../field-model.js';
import type { LayerReading, ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { colonHex } from '../display-format.js';
import { ETHERTYPE_NAMES, etherTypeName } from './ethertype-names.js';

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
  padding: { label: 'Padding', type: 'bytes', description: 'Filler bytes after the payload: Ethernet frames must be at least 60 bytes long, so short packets are padded.', rfc: 'IEEE 802.3 §3.2.7' },
});

const P = defineProblems('eth', {
  length_not_type: ['warning', 'Type/length value {value} is an 802.3 length, not an EtherType; LLC frames are not decoded'],
});

const N = defineMessages('eth.narrative', {
  frame: 'Ethernet frame from {src} to {dst}',
  broadcast: 'Ethernet frame from {src} to everyone on the link (broadcast)',
  type: 'type {type} says {next} comes next',
  type_unknown: 'type {type} names a protocol Layerscope does not decode',
  padding: '{length, plural, one {# byte} other {# bytes}} of padding bring it up to Ethernet\'s minimum size',
});

/** One address with its parts, as Wireshark shows it: the OUI and the LG and IG bits. */
function addAddress(b: LayerBuilder, spec: FieldSpec, lg: FieldSpec, ig: FieldSpec, offset: number): boolean {
  if (!b.address(null, spec, offset)) return false;
  const field: Field = b.last;
  b.address(field, F.addr, offset);
  b.bits(field, lg, offset, 3);
  b.bits(field, ig, offset, 3);
  return true;
}

export const ethernet: ProtocolModule = {
  place: { protocol: 'eth', osi: 2, tcpip: 'link' },
  name: 'Ethernet',
  fields: F,
  registrations: [{ table: 'link', keys: [1] }],
  trailer: F.padding,
  dissect(b, ctx, end) {
    const at = b.start;
    if (!addAddress(b, F.dst, F['dst.lg'], F['dst.ig'], at)) return undefined;
    if (!addAddress(b, F.src, F['src.lg'], F['src.ig'], at + 6)) return undefined;
    if (b.detail) {
      const bytes = b.frame.bytes;
      const dst = colonHex(bytes.subarray(at, at + 6));
      const src = colonHex(bytes.subarray(at + 6, at + 12));
      b.title = `Ethernet II, Src: ${src}, Dst: ${dst}`;
      ctx.columns.source.set(src);
      ctx.columns.destination.set(dst);
    } else {
      // The columns usually get IP addresses instead: format the MACs only if they end up shown.
      ctx.columns.source.clear();
      ctx.columns.destination.clear();
      ctx.deferredMacs = at;
    }
    ctx.columns.protocol = 'Ethernet';
    const type = b.uint(null, F.type, at + 12);
    if (type < 0) return undefined;
    if (type < 0x0600) {
      b.problem(P.length_not_type, at + 12, { value: type }, b.last);
      return undefined;
    }
    if (ctx.columns.info.length === 0) ctx.columns.info.set((TYPE_INFO[type] ??= `Ethernet II, type ${etherTypeName(type)}`));
    return b.next('ethertype', at + 14, end, type);
  },
  narrative(r: LayerReading) {
    const dst = r.show(F.dst) ?? '?';
    const src = r.show(F.src) ?? '?';
    const parts: Message[] = [dst === 'ff:ff:ff:ff:ff:ff' ? { id: N.broadcast.id, params: { src } } : { id: N.frame.id, params: { src, dst } }];
    const type = r.show(F.type);
    if (type) parts.push(r.next ? { id: N.type.id, params: { type, next: r.next.name } } : { id: N.type_unknown.id, params: { type } });
    const padding = r.field(F.padding);
    if (padding) parts.push({ id: N.padding.id, params: { length: padding.length } });
    return parts;
  },
};

/** The info text per EtherType, built once: the IP layer usually replaces it straight away. */
// Filled up front: EtherTypes are large indexes, which would make an empty array a slow dictionary.
const TYPE_INFO = new Array<string | undefined>(65536).fill(undefined);
