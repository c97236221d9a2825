// Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113): the 16-byte header libpcap writes when
// capturing on `any`: packet direction, device type, sender address and EtherType.

import type { Dissector, ProtocolModule } from '../dissector.js';
import { hexNumber } from '../display-format.js';
import { SLL_FIELDS as F, addSllAddress, packetTypeName, sllPayload } from './sll-fields.js';

export const sllDissector: Dissector = {
  place: { protocol: 'sll', osi: 2, tcpip: 'link' },
  trailer: F.trailer,
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Linux cooked capture v1';
    ctx.columns.protocol = 'SLL';
    if (!b.need(F.pkttype, at, 2)) return undefined;
    const pkttype = b.u16(at);
    b.add(null, F.pkttype, at, 2, pkttype, b.detail ? String(pkttype) : '');
    if (!b.need(F.hatype, at + 2, 2)) return undefined;
    const hatype = b.u16(at + 2);
    b.add(null, F.hatype, at + 2, 2, hatype, b.detail ? String(hatype) : '');
    if (!b.need(F.halen, at + 4, 2)) return undefined;
    const halen = b.u16(at + 4);
    b.add(null, F.halen, at + 4, 2, halen, b.detail ? String(halen) : '');
    if (!b.need(F['src.eth'], at + 6, 8)) return undefined;
    const mac = addSllAddress(b, at + 6, hatype, halen);
    ctx.columns.source.set(mac);
    if (!b.need(F.etype, at + 14, 2)) return undefined;
    const type = b.u16(at + 14);
    const typeField = b.add(null, F.etype, at + 14, 2, type, b.detail ? hexNumber(type, 4) : '');
    ctx.columns.info.set(`Linux cooked capture, ${packetTypeName(pkttype)}`);
    return sllPayload(b, type, at + 14, typeField, at + 16, end);
  },
};

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const sll = { ...sllDissector, name: 'Linux cooked capture', fields: {}, registrations: [{ table: 'link', keys: [113] }] } as unknown as ProtocolModule;
