// IEEE 802.1Q VLAN tags (EtherType 0x8100) and 802.1ad provider tags (0x88a8, "Q-in-Q"): four
// bytes between the MAC addresses and the real EtherType that say which virtual LAN a frame
// belongs to and its priority. Tags may be stacked; each is its own layer, as in Wireshark.

import type { Dissector, ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { hexNumber } from '../display-format.js';
import { etherTypeName } from './ethertype-names.js';

const Q = defineFields('vlan', {
  priority: { label: 'Priority', mask: 0xe000, description: 'The frame\'s priority class (0–7) for switches that queue traffic by importance (IEEE 802.1p).', rfc: 'IEEE 802.1Q §9.6' },
  dei: { label: 'DEI', mask: 0x1000, description: 'Drop Eligible Indicator: when set, switches may drop this frame first under congestion.', rfc: 'IEEE 802.1Q §9.6' },
  id: { label: 'ID', mask: 0x0fff, description: 'The VLAN number (1–4094): frames are only delivered to ports in the same VLAN.', rfc: 'IEEE 802.1Q §9.6' },
  etype: { label: 'Type', description: 'The EtherType of what follows the tag (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP).', rfc: 'IEEE 802.1Q §9.5' },
});

const AD = defineFields('ieee8021ad', {
  priority: { label: 'Priority', mask: 0xe0, description: 'The frame\'s priority class (0–7) in the provider\'s network.', rfc: 'IEEE 802.1ad' },
  dei: { label: 'DEI', mask: 0x10, description: 'Drop Eligible Indicator: when set, the provider may drop this frame first under congestion.', rfc: 'IEEE 802.1ad' },
  id: { label: 'ID', mask: 0x0fff, description: 'The service VLAN the provider carries this customer\'s frames in; the customer\'s own tag usually follows.', rfc: 'IEEE 802.1ad' },
  etype: { name: 'ieee8021ah.etype', label: 'Type', description: 'The EtherType of what follows this tag, often 0x8100 for the customer\'s own VLAN tag.', rfc: 'IEEE 802.1ad' },
});

export const vlanDissector: Dissector = {
  place: { protocol: 'vlan', osi: 2, tcpip: 'link' },
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = '802.1Q Virtual LAN';
    if (!b.need(Q.id, at, 2)) return undefined;
    const tci = b.u16(at);
    const pri = tci >> 13;
    const dei = (tci >> 12) & 1;
    const id = tci & 0x0fff;
    if (ctx.detail) {
      b.bits(null, Q.priority, at, 2);
      b.bits(null, Q.dei, at, 2);
      b.bits(null, Q.id, at, 2);
      b.title = `802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei}, ID: ${id}`;
    } else b.end = at + 2;
    if (!b.need(Q.etype, at + 2, 2)) return undefined;
    const type = b.u16(at + 2);
    b.add(null, Q.etype, at + 2, 2, type, b.detail ? hexNumber(type, 4) : '');
    if (ctx.columns.info.length === 0 || ctx.columns.info.startsWith('Ethernet II')) ctx.columns.info.set(`VLAN ${id}, type ${etherTypeName(type)}`);
    return b.next('ethertype', at + 4, end, type);
  },
};

export const providerBridgeDissector: Dissector = {
  place: { protocol: 'ieee8021ad', osi: 2, tcpip: 'link' },
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'IEEE 802.1ad';
    if (!b.need(AD.id, at, 2)) return undefined;
    const id = b.u16(at) & 0x0fff;
    if (ctx.detail) {
      b.bits(null, AD.priority, at, 1);
      b.bits(null, AD.dei, at, 1);
      b.bits(null, AD.id, at, 2);
      b.title = `IEEE 802.1ad, ID: ${id}`;
    } else b.end = at + 2;
    if (!b.need(AD.etype, at + 2, 2)) return undefined;
    const type = b.u16(at + 2);
    b.add(null, AD.etype, at + 2, 2, type, b.detail ? hexNumber(type, 4) : '');
    if (ctx.columns.info.length === 0 || ctx.columns.info.startsWith('Ethernet II')) ctx.columns.info.set(`802.1ad ${id}, type ${etherTypeName(type)}`);
    return b.next('ethertype', at + 4, end, type);
  },
};

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const vlan = { ...vlanDissector, name: '802.1Q VLAN', fields: {}, registrations: [{ table: 'ethertype', keys: [0x8100, 0x9100] }] } as unknown as ProtocolModule;
export const providerBridge = { ...providerBridgeDissector, name: '802.1ad Provider Bridge', fields: {}, registrations: [{ table: 'ethertype', keys: [0x88a8] }] } as unknown as ProtocolModule;
