// IEEE 802.1Q VLAN tags (EtherType 0x8100) and 802.1ad provider tags (0x88a8, "Q-in-Q"): four
// bytes between the MAC addresses and the real EtherType that say which virtual LAN a frame
// belongs to and its priority. Tags may be stacked; each is its own layer, as in Wireshark.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { ETHERTYPE_NAMES, announceEtherType } from './ethertype-names.js';
import { ETHERNET_TRAILER_FIELDS, addEthernetTrailer } from './ethernet-trailer.js';

/** The traffic classes of IEEE 802.1Q-2005 Table 8-2 for eight queues, as Wireshark names them. */
const PRIORITY_NAMES: Readonly<Record<number, string>> = {
  0: 'Best Effort (default)',
  1: 'Background',
  2: 'Excellent Effort',
  3: 'Critical Applications',
  4: 'Video, < 100ms latency and jitter',
  5: 'Voice, < 10ms latency and jitter',
  6: 'Internetwork Control',
  7: 'Network Control',
};

const Q = defineFields('vlan', {
  priority: { label: 'Priority', type: 'uint16', mask: 0xe000, values: PRIORITY_NAMES, description: 'The frame\'s priority class (0–7) for switches that queue traffic by importance (IEEE 802.1p).', rfc: 'IEEE 802.1Q §6.9.3' },
  dei: { label: 'DEI', type: 'boolean', bits: 16, mask: 0x1000, tfs: ['Eligible', 'Ineligible'], description: 'Drop Eligible Indicator: when set, switches may drop this frame first under congestion.', rfc: 'IEEE 802.1Q §6.9.3' },
  id: { label: 'ID', type: 'uint16', mask: 0x0fff, description: 'The VLAN number (1–4094): frames are only delivered to ports in the same VLAN.', rfc: 'IEEE 802.1Q §6.9.3' },
  etype: { label: 'Type', type: 'uint16', base: 'hex', values: ETHERTYPE_NAMES, description: 'The EtherType of what follows the tag (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP).', rfc: 'IEEE 802.1Q §9.5' },
  trailer: { label: 'Trailer', type: 'bytes', description: 'Bytes after the payload and Ethernet\'s padding that no protocol claims (often the 4 bytes a switch added to keep the tagged frame at the minimum size).', rfc: 'IEEE 802.1Q §6.9.2' },
});

// Wireshark reads the provider tag's priority and DEI as one-byte fields drawn over the 16-bit word.
const AD = defineFields('ieee8021ad', {
  priority: { label: 'Priority', type: 'uint16', mask: 0xe000, description: 'The frame\'s priority class (0–7) in the provider\'s network.', rfc: 'IEEE 802.1ad §9.7' },
  dei: { label: 'DEI', type: 'uint16', mask: 0x1000, description: 'Drop Eligible Indicator: when 1, the provider may drop this frame first under congestion.', rfc: 'IEEE 802.1ad §9.7' },
  id: { label: 'ID', type: 'uint16', mask: 0x0fff, description: 'The service VLAN the provider carries this customer\'s frames in; the customer\'s own tag usually follows.', rfc: 'IEEE 802.1ad §9.7' },
  etype: { name: 'ieee8021ah.etype', label: 'Type', type: 'uint16', base: 'hex', values: ETHERTYPE_NAMES, description: 'The EtherType of what follows this tag, often 0x8100 for the customer\'s own VLAN tag.', rfc: 'IEEE 802.1ad §9.7' },
  trailer: { name: 'ieee8021ah.trailer', label: 'Trailer', type: 'bytes', description: 'Bytes after the payload and Ethernet\'s padding that no protocol claims.', rfc: 'IEEE 802.1ad' },
});

const N = defineMessages('vlan.narrative', {
  tag: 'an 802.1Q tag puts the frame in VLAN {id} with priority {priority}',
  drop_eligible: 'switches may drop it first under congestion (DEI)',
  provider_tag: 'an 802.1ad provider tag carries the frame in the provider\'s service VLAN {id}',
});

export const vlan: ProtocolModule = {
  place: { protocol: 'vlan', osi: 2, tcpip: 'link' },
  name: '802.1Q VLAN',
  fields: { ...Q, padding: ETHERNET_TRAILER_FIELDS.padding },
  registrations: [{ table: 'ethertype', keys: [0x8100, 0x9100] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = '802.1Q Virtual LAN';
    ctx.columns.protocol = 'VLAN';
    const priority = b.bits(null, Q.priority, at);
    if (priority < 0) return undefined;
    const dei = b.bits(null, Q.dei, at, 2);
    const id = b.bits(null, Q.id, at);
    if (b.detail) b.title = `802.1Q Virtual LAN, PRI: ${priority}, DEI: ${dei}, ID: ${id}`;
    ctx.columns.info.clear().text('PRI: ').uint(priority).text('  DEI: ').uint(dei).text('  ID: ').uint(id);
    const type = b.uint(null, Q.etype, at + 2);
    if (type < 0) return undefined;
    if (at + 4 < end) announceEtherType(ctx.columns, type);
    return b.next('ethertype', at + 4, end, type);
  },
  trailer(b, start, end) {
    addEthernetTrailer(b, start, end, Q.trailer, false);
  },
  narrative(r) {
    const parts: Message[] = [{ id: N.tag.id, params: { id: r.show(Q.id) ?? '?', priority: r.show(Q.priority) ?? '?' } }];
    if (r.isSet(Q.dei)) parts.push({ id: N.drop_eligible.id });
    return parts;
  },
};

export const providerBridge: ProtocolModule = {
  place: { protocol: 'ieee8021ad', osi: 2, tcpip: 'link' },
  name: '802.1ad Provider Bridge',
  fields: { ...AD, padding: ETHERNET_TRAILER_FIELDS.padding },
  registrations: [{ table: 'ethertype', keys: [0x88a8] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'IEEE 802.1ad';
    ctx.columns.protocol = '802.1ad';
    if (!b.need(AD.id, at, 2)) return undefined;
    const tci = b.u16(at);
    const priority = (tci & 0xe000) >>> 13;
    const dei = (tci & 0x1000) >>> 12;
    b.add(null, AD.priority, at, 1, priority);
    b.add(null, AD.dei, at, 1, dei);
    const id = b.bits(null, AD.id, at);
    if (b.detail) b.title = `IEEE 802.1ad, ID: ${id}`;
    ctx.columns.info.clear().text('PRI: ').uint(priority).text('  DROP: ').uint(dei).text(' ID: ').uint(id);
    const type = b.uint(null, AD.etype, at + 2);
    if (type < 0) return undefined;
    if (at + 4 < end) announceEtherType(ctx.columns, type);
    return b.next('ethertype', at + 4, end, type);
  },
  trailer(b, start, end) {
    addEthernetTrailer(b, start, end, AD.trailer, false);
  },
  narrative(r) {
    return [{ id: N.provider_tag.id, params: { id: r.show(AD.id) ?? '?' } }];
  },
};
