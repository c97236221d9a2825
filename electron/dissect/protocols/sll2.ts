// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276): the 20-byte header newer libpcap writes
// when capturing on `any`; unlike v1 it also names the interface (by index) each packet crossed.

import type { ProtocolModule } from '../dissector.js';
import { SLL_FIELDS as F, addSllAddress, addSllProtocol, addSllTrailer, packetTypeInfo, sllNarrative, sllPayload } from './sll-fields.js';

export const sll2: ProtocolModule = {
  place: { protocol: 'sll', osi: 2, tcpip: 'link' },
  name: 'Linux cooked capture v2',
  fields: F,
  registrations: [{ table: 'link', keys: [276] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Linux cooked capture v2';
    ctx.columns.protocol = 'SLL';
    // The protocol comes first, but what its value means depends on the device type at offset 8.
    const hatype = b.has(at + 8, 2) ? b.u16(at + 8) : -1;
    const protocol = addSllProtocol(b, at, hatype);
    if (protocol < 0) return undefined;
    if (b.uint(null, F.reserved, at + 2) < 0) return undefined;
    if (b.uint(null, F.ifindex, at + 4) < 0) return undefined;
    if (b.uint(null, F.hatype, at + 8) < 0) return undefined;
    // Packet type and address length are single bytes here (two in v1): the same fields, one byte wide.
    if (!b.need(F.pkttype, at + 10, 1)) return undefined;
    const pkttype = b.u8(at + 10);
    b.add(null, F.pkttype, at + 10, 1, pkttype);
    packetTypeInfo(ctx, pkttype);
    if (!b.need(F.halen, at + 11, 1)) return undefined;
    const halen = b.u8(at + 11);
    b.add(null, F.halen, at + 11, 1, halen);
    if (!addSllAddress(b, ctx, at + 12, halen)) return undefined;
    return sllPayload(b, ctx, protocol, hatype, at + 20, end);
  },
  trailer: addSllTrailer,
  narrative: sllNarrative,
};
