// BSD loopback encapsulation: a 4-byte address family before the IP packet. LINKTYPE_NULL (0)
// writes it in the capturing host's byte order; LINKTYPE_LOOP (108, OpenBSD) in network order.

import type { Dissector, ProtocolModule } from '../dissector.js';
import { LINK_TRAILER_ENTRY, defineFields } from '../field-spec.js';

const F = defineFields('null', {
  family: {
    label: 'Family',
    description: 'The socket address family of the payload: 2 is IPv4; 24, 28 or 30 is IPv6 (the number differs between BSD systems).',
    rfc: 'pcap-linktype(7) LINKTYPE_NULL',
  },
  trailer: LINK_TRAILER_ENTRY,
});

const IPV6_FAMILIES = new Set([10, 24, 28, 30]);

function familyName(family: number): string {
  return family === 2 ? 'IPv4' : IPV6_FAMILIES.has(family) ? 'IPv6' : `family ${family}`;
}

function loopbackDissector(networkOrder: boolean): Dissector {
  return {
    place: { protocol: 'null', osi: 2, tcpip: 'link' },
    trailer: F.trailer,
    dissect(b, ctx, end) {
      const at = b.start;
      b.title = 'Null/Loopback';
      ctx.columns.protocol = 'NULL';
      if (!b.need(F.family, at, 4)) return undefined;
      let family = networkOrder ? b.u32(at) : b.u32le(at);
      // The file does not say which byte order the writing host had: a family is a small number,
      // so a value with high bits set was written the other way round.
      if (!networkOrder && family > 0xffff) family = b.u32(at);
      const field = b.add(null, F.family, at, 4, family, b.detail ? String(family) : '');
      ctx.columns.info.set(`Loopback, ${familyName(family)}`);
      const type = family === 2 ? 0x0800 : IPV6_FAMILIES.has(family) ? 0x86dd : undefined;
      if (type === undefined) {
        b.problem('note', `Address family ${family} is not IPv4 or IPv6; the payload is not decoded`, at, F.family.name, field);
        return undefined;
      }
      return b.next('ethertype', at + 4, end, type);
    },
  };
}

export const nullLoopbackDissector = loopbackDissector(false);
export const openBsdLoopDissector = loopbackDissector(true);

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const nullLoopback = { ...nullLoopbackDissector, name: 'Null/Loopback', fields: {}, registrations: [{ table: 'link', keys: [0] }] } as unknown as ProtocolModule;
export const openBsdLoop = { ...openBsdLoopDissector, name: 'OpenBSD loopback', fields: {}, registrations: [{ table: 'link', keys: [108] }] } as unknown as ProtocolModule;
