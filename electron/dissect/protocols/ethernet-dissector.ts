// Ethernet II (IEEE 802.3 with an EtherType): destination and source MAC, then the type of payload.

import type { Dissector } from '../dissector.js';
import { defineFields } from '../field-table.js';
import { hexNumber, macAddress } from '../display-format.js';
import { etherTypeName } from './ethertype-names.js';

const F = defineFields('eth', {
  dst: {
    label: 'Destination',
    description: 'The hardware (MAC) address of the network card this frame is for; ff:ff:ff:ff:ff:ff means every card on the link.',
    rfc: 'IEEE 802.3 §3.2.4',
  },
  src: {
    label: 'Source',
    description: 'The hardware (MAC) address of the network card that sent this frame onto the link.',
    rfc: 'IEEE 802.3 §3.2.5',
  },
  type: {
    label: 'Type',
    description: 'Says which protocol the payload carries (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP), so the receiver knows who to hand it to.',
    rfc: 'IEEE 802.3 §3.2.6',
  },
  padding: {
    label: 'Padding',
    description: 'Filler bytes after the payload: Ethernet frames must be at least 60 bytes long, so short packets are padded.',
    rfc: 'IEEE 802.3 §3.2.7',
  },
});

export const ethernetDissector: Dissector = {
  place: { protocol: 'eth', osi: 2, tcpip: 'link' },
  trailer: F.padding,
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    if (!b.need(F.dst, at, 6)) return undefined;
    if (!b.detail) {
      b.end = at + 6;
      if (!b.need(F.src, at + 6, 6)) return undefined;
      // The columns usually get IP addresses instead: format the MACs only if they end up shown.
      b.end = at + 12;
      ctx.columns.source.clear();
      ctx.columns.destination.clear();
      ctx.deferredMacs = at;
    } else {
      const dst = macAddress(bytes, at);
      b.add(null, F.dst, at, 6, dst, dst);
      if (!b.need(F.src, at + 6, 6)) return undefined;
      const src = macAddress(bytes, at + 6);
      b.add(null, F.src, at + 6, 6, src, src);
      b.title = `Ethernet II, Src: ${src}, Dst: ${dst}`;
      ctx.columns.source.set(src);
      ctx.columns.destination.set(dst);
    }
    ctx.columns.protocol = 'Ethernet';
    if (!b.need(F.type, at + 12, 2)) return undefined;
    const type = b.u16(at + 12);
    const typeField = b.add(null, F.type, at + 12, 2, type, b.detail ? hexNumber(type, 4) : '');
    if (type < 0x0600) {
      b.problem('warning', `Type/length value ${type} is an 802.3 length, not an EtherType; LLC frames are not decoded`, at + 12, F.type.name, typeField);
      return undefined;
    }
    if (ctx.columns.info.length === 0) ctx.columns.info.set((TYPE_INFO[type] ??= `Ethernet II, type ${etherTypeName(type)}`));
    return b.next('ethertype', at + 14, end, type);
  },
};

/** The info text per EtherType, built once: the IP layer usually replaces it straight away. */
// Filled up front: EtherTypes are large indexes, which would make an empty array a slow dictionary.
const TYPE_INFO = new Array<string | undefined>(65536).fill(undefined);
