// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276): the 20-byte header newer libpcap writes
// when capturing on `any`; unlike v1 it also names the interface (by index) each packet crossed.

import type { Dissector, ProtocolModule } from '../dissector.js';
import { hexNumber } from '../display-format.js';
import { SLL_FIELDS as F, addSllAddress, packetTypeName, sllPayload } from './sll-fields.js';

export const sll2Dissector: Dissector = {
  place: { protocol: 'sll', osi: 2, tcpip: 'link' },
  trailer: F.trailer,
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Linux cooked capture v2';
    ctx.columns.protocol = 'SLL';
    if (!b.need(F.etype, at, 2)) return undefined;
    const type = b.u16(at);
    const typeField = b.add(null, F.etype, at, 2, type, b.detail ? hexNumber(type, 4) : '');
    if (!b.need(F.reserved, at + 2, 2)) return undefined;
    const reserved = b.u16(at + 2);
    b.add(null, F.reserved, at + 2, 2, reserved, b.detail ? hexNumber(reserved, 4) : '');
    if (!b.need(F.ifindex, at + 4, 4)) return undefined;
    const ifindex = b.u32(at + 4);
    b.add(null, F.ifindex, at + 4, 4, ifindex, b.detail ? String(ifindex) : '');
    if (!b.need(F.hatype, at + 8, 2)) return undefined;
    const hatype = b.u16(at + 8);
    b.add(null, F.hatype, at + 8, 2, hatype, b.detail ? String(hatype) : '');
    if (!b.need(F.pkttype, at + 10, 1)) return undefined;
    const pkttype = b.u8(at + 10);
    b.add(null, F.pkttype, at + 10, 1, pkttype, b.detail ? String(pkttype) : '');
    if (!b.need(F.halen, at + 11, 1)) return undefined;
    const halen = b.u8(at + 11);
    b.add(null, F.halen, at + 11, 1, halen, b.detail ? String(halen) : '');
    if (!b.need(F['src.eth'], at + 12, 8)) return undefined;
    ctx.columns.source.set(addSllAddress(b, at + 12, hatype, halen));
    ctx.columns.info.set(`Linux cooked capture v2, interface ${ifindex}, ${packetTypeName(pkttype)}`);
    return sllPayload(b, type, at, typeField, at + 20, end);
  },
};

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const sll2 = { ...sll2Dissector, name: 'Linux cooked capture v2', fields: {}, registrations: [{ table: 'link', keys: [276] }] } as unknown as ProtocolModule;
