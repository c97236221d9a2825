// Raw IP link types: the frame is an IP packet with no link header at all. LINKTYPE_RAW (101)
// says which IP version by the packet's first nibble; LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229)
// say it outright. The layer owns no bytes; it is there so the tree says why no link header shows.

import type { Dissector, ProtocolModule } from '../dissector.js';
import { LINK_TRAILER_ENTRY, defineFields } from '../field-spec.js';

const F = defineFields('raw', {
  version: { label: 'IP version', mask: 0xf0, description: 'The first four bits of an IP packet say its version: 4 or 6.', rfc: 'pcap-linktype(7) LINKTYPE_RAW' },
  trailer: LINK_TRAILER_ENTRY,
});

function rawDissector(fixed: 0x0800 | 0x86dd | undefined): Dissector {
  return {
    place: { protocol: 'raw', osi: 2, tcpip: 'link' },
    trailer: F.trailer,
    dissect(b, ctx, end) {
      const at = b.start;
      b.title = 'Raw packet data';
      ctx.columns.protocol = 'Raw IP';
      ctx.columns.info.set('Raw packet data');
      let type = fixed;
      if (type === undefined) {
        if (!b.has(at, 1)) {
          b.need(F.version, at, 1);
          return undefined;
        }
        const version = b.u8(at) >> 4;
        type = version === 4 ? 0x0800 : version === 6 ? 0x86dd : undefined;
        if (type === undefined) {
          b.problem('error', `A raw IP packet must start with version 4 or 6, not ${version}`, at, F.version.name);
          return undefined;
        }
      }
      return b.next('ethertype', at, end, type);
    },
  };
}

export const rawIpDissector = rawDissector(undefined);
export const rawIpv4Dissector = rawDissector(0x0800);
export const rawIpv6Dissector = rawDissector(0x86dd);

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const rawIp = { ...rawIpDissector, name: 'Raw IP', fields: {}, registrations: [{ table: 'link', keys: [101] }] } as unknown as ProtocolModule;
export const rawIpv4 = { ...rawIpv4Dissector, name: 'Raw IPv4', fields: {}, registrations: [{ table: 'link', keys: [228] }] } as unknown as ProtocolModule;
export const rawIpv6 = { ...rawIpv6Dissector, name: 'Raw IPv6', fields: {}, registrations: [{ table: 'link', keys: [229] }] } as unknown as ProtocolModule;
