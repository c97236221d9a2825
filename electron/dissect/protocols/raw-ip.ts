// Raw IP link types: the frame is an IP packet with no link header at all. LINKTYPE_RAW (101)
// says which IP version by the packet's first nibble; LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229)
// say it outright. The layer owns no bytes; it is there so the tree says why no link header shows.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages } from '../../text/catalog.js';

const F = defineFields('raw', {
  // Read to choose the decoder, not shown: the nibble is the IP header's version field.
  version: { label: 'IP version', type: 'uint8', mask: 0xf0, description: 'The first four bits of an IP packet say its version: 4 or 6.', rfc: 'pcap-linktype(7) LINKTYPE_RAW' },
  trailer: { label: 'Trailer', type: 'bytes', description: 'Bytes captured after the end of the packet as its own header gives it; no protocol claims them.' },
});

const P = defineProblems('raw', {
  bad_version: ['error', 'A raw IP packet must start with IP version 4 or 6, not {version}'],
});

const N = defineMessages('raw.narrative', {
  raw: 'no link-layer header: the capture holds the IP packet alone (as tunnels and some capture tools record it)',
});

const VERSION_ETHERTYPES: Readonly<Record<number, number>> = { 4: 0x0800, 6: 0x86dd };

function rawIpModule(name: string, linkType: number, fixed: 0x0800 | 0x86dd | undefined): ProtocolModule {
  return {
    place: { protocol: 'raw', osi: 2, tcpip: 'link' },
    name,
    fields: F,
    registrations: [{ table: 'link', keys: [linkType] }],
    dissect(b, ctx, end) {
      const at = b.start;
      b.title = 'Raw packet data';
      ctx.columns.protocol = 'Raw IP';
      ctx.columns.info.set('Raw packet data');
      if (fixed !== undefined) return b.next('ethertype', at, end, fixed);
      if (!b.need(F.version, at, 1)) return undefined;
      const version = b.u8(at) >> 4;
      const type = VERSION_ETHERTYPES[version];
      if (type === undefined) {
        b.problem(P.bad_version, at, { version });
        return undefined;
      }
      return b.next('ethertype', at, end, type);
    },
    trailer(b, start, end) {
      b.hex(null, F.trailer, start, end - start);
    },
    narrative() {
      return [{ id: N.raw.id }];
    },
  };
}

export const rawIp = rawIpModule('Raw IP', 101, undefined);
export const rawIpv4 = rawIpModule('Raw IPv4', 228, 0x0800);
export const rawIpv6 = rawIpModule('Raw IPv6', 229, 0x86dd);
