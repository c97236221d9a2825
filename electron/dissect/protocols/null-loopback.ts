// BSD loopback encapsulation: a 4-byte address family before the packet. LINKTYPE_NULL (0) writes
// it in the capturing host's byte order; LINKTYPE_LOOP (108, OpenBSD) in network order. Some old
// captures hold an EtherType there instead, which Wireshark recognises as a value above 1500.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { ETHERTYPE_NAMES, announceEtherType } from './ethertype-names.js';

/** BSD socket address families, as Wireshark names them (IPv6 differs between the BSDs). */
const FAMILY_NAMES: Readonly<Record<number, string>> = {
  2: 'IP',
  7: 'OSI',
  16: 'Appletalk',
  23: 'Netware IPX/SPX',
  24: 'IPv6',
  28: 'IPv6',
  30: 'IPv6',
};

const F = defineFields('null', {
  family: { label: 'Family', type: 'uint32', values: FAMILY_NAMES, description: 'The socket address family of the payload: 2 is IPv4; 24, 28 or 30 is IPv6 (NetBSD/OpenBSD, FreeBSD, macOS).', rfc: 'pcap-linktype(7) LINKTYPE_NULL' },
  type: { label: 'Type', type: 'uint16', base: 'hex', values: ETHERTYPE_NAMES, description: 'An EtherType where the family should be: some old captures wrote one, so a value above 1500 is read as the type of the payload.', rfc: 'pcap-linktype(7) LINKTYPE_NULL' },
  trailer: { label: 'Trailer', type: 'bytes', description: 'Bytes captured after the end of the packet as its own header gives it; no protocol claims them.' },
});

const N = defineMessages('null.narrative', {
  family: 'BSD loopback header: family {family} says {next} comes next (the packet never left the host)',
  family_unknown: 'BSD loopback header: family {family} names a protocol Layerscope does not decode',
  type: 'BSD loopback header holding an EtherType: type {type} says {next} comes next',
  type_unknown: 'BSD loopback header holding an EtherType: type {type} names a protocol Layerscope does not decode',
});

/** The IP version each family that has one selects, as an EtherType. */
const FAMILY_ETHERTYPES: Readonly<Record<number, number>> = { 2: 0x0800, 24: 0x86dd, 28: 0x86dd, 30: 0x86dd };
/** Values above this are an EtherType, not a family (an 802.3 length is at most 1500). */
const MAX_FAMILY = 1500;

function loopback(networkOrder: boolean, linkType: number): ProtocolModule {
  return {
    place: { protocol: 'null', osi: 2, tcpip: 'link' },
    name: networkOrder ? 'OpenBSD loopback' : 'Null/Loopback',
    fields: F,
    registrations: [{ table: 'link', keys: [linkType] }],
    dissect(b, ctx, end) {
      const at = b.start;
      b.title = 'Null/Loopback';
      ctx.columns.protocol = 'NULL';
      ctx.columns.info.set('Null/Loopback');
      if (!b.need(F.family, at, 4)) return undefined;
      let value = networkOrder ? b.u32(at) : b.u32le(at);
      // The file does not say which byte order the writing host had: a family (or type) fits 16
      // bits, so a value with high bits set was written the other way round.
      if (!networkOrder && value > 0xffff) value = b.u32(at);
      if (!networkOrder && value > MAX_FAMILY && value <= 0xffff) {
        b.add(null, F.type, at, 4, value);
        if (at + 4 < end) announceEtherType(ctx.columns, value);
        return b.next('ethertype', at + 4, end, value);
      }
      b.add(null, F.family, at, 4, value);
      const type = FAMILY_ETHERTYPES[value];
      return type !== undefined ? b.next('ethertype', at + 4, end, type) : b.next('null.family', at + 4, end, value);
    },
    trailer(b, start, end) {
      b.hex(null, F.trailer, start, end - start);
    },
    narrative(r): Message[] {
      const family = r.field(F.family);
      const known = r.next !== undefined && r.next.protocol !== 'data';
      const next = r.next?.name ?? '';
      if (family) return [known ? { id: N.family.id, params: { family: family.show, next } } : { id: N.family_unknown.id, params: { family: family.show } }];
      const type = r.show(F.type) ?? '?';
      return [known ? { id: N.type.id, params: { type, next } } : { id: N.type_unknown.id, params: { type } }];
    },
  };
}

export const nullLoopback = loopback(false, 0);
export const openBsdLoop = loopback(true, 108);
