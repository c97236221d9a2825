// Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113): the 16-byte header libpcap writes when
// capturing on `any`: packet direction, device type, sender address and protocol.

import type { ProtocolModule } from '../dissector.js';
import { SLL_FIELDS as F, addSllAddress, addSllProtocol, addSllTrailer, packetTypeInfo, sllNarrative, sllPayload } from './sll-fields.js';

export const sll: ProtocolModule = {
  place: { protocol: 'sll', osi: 2, tcpip: 'link' },
  name: 'Linux cooked capture',
  fields: F,
  registrations: [{ table: 'link', keys: [113] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Linux cooked capture v1';
    ctx.columns.protocol = 'SLL';
    const pkttype = b.uint(null, F.pkttype, at);
    if (pkttype < 0) return undefined;
    packetTypeInfo(ctx, pkttype);
    const hatype = b.uint(null, F.hatype, at + 2);
    if (hatype < 0) return undefined;
    const halen = b.uint(null, F.halen, at + 4);
    if (halen < 0) return undefined;
    if (!addSllAddress(b, ctx, at + 6, halen)) return undefined;
    const protocol = addSllProtocol(b, at + 14, hatype);
    if (protocol < 0) return undefined;
    return sllPayload(b, ctx, protocol, hatype, at + 16, end);
  },
  trailer: addSllTrailer,
  narrative: sllNarrative,
};
