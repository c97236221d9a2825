// IPv6 (RFC 8200): a fixed 40-byte header (no checksum, no options) followed by a chain of
// optional extension headers, then the payload named by the last Next Header.

import type { Dissector } from '../dissector.js';
import { defineFields } from '../field-table.js';
import { hexNumber, ipv6Address } from '../display-format.js';
import { protocolInfo } from './ip-protocol-names.js';
import { dissectExtensionHeader, isExtensionHeader } from './ipv6-extension-headers.js';

const F = defineFields('ipv6', {
  version: { label: 'Version', mask: 0xf0, description: 'Which version of the Internet Protocol this header follows: 6 here.', rfc: 'RFC 8200 §3' },
  tclass: { label: 'Traffic Class', mask: 0x0ff00000, description: 'Asks for a class of service (DSCP) and carries congestion signals (ECN), like IPv4\'s DS field.', rfc: 'RFC 8200 §7' },
  'tclass.dscp': { label: 'Differentiated Services Codepoint', mask: 0x0fc00000, description: 'The class of service requested; 0 is ordinary best effort.', rfc: 'RFC 2474 §3' },
  'tclass.ecn': { label: 'Explicit Congestion Notification', mask: 0x00300000, description: 'Lets a congested router mark the packet instead of dropping it.', rfc: 'RFC 3168 §5' },
  flow: { label: 'Flow Label', mask: 0x000fffff, description: 'A number the sender gives all packets of one flow so routers can keep them on the same path.', rfc: 'RFC 6437' },
  plen: { label: 'Payload Length', description: 'Bytes after this 40-byte header, extension headers included.', rfc: 'RFC 8200 §3' },
  nxt: { label: 'Next Header', description: 'What follows this header: an extension header or the payload\'s protocol (6 TCP, 17 UDP, 58 ICMPv6).', rfc: 'RFC 8200 §3' },
  hlim: { label: 'Hop Limit', description: 'How many more routers may forward the packet; each subtracts 1 and drops it at 0 (IPv4\'s TTL).', rfc: 'RFC 8200 §3' },
  src: { label: 'Source Address', description: 'The IPv6 address of the host that sent the packet.', rfc: 'RFC 8200 §3' },
  dst: { label: 'Destination Address', description: 'The IPv6 address of the host the packet is for.', rfc: 'RFC 8200 §3' },
});

export const ipv6Dissector: Dissector = {
  place: { protocol: 'ipv6', osi: 3, tcpip: 'internet' },
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    const detail = ctx.detail;
    b.title = 'Internet Protocol Version 6';
    ctx.columns.protocol = 'IPv6';
    if (!b.need(F.version, at, 1)) return undefined;
    const version = b.u8(at) >> 4;
    const versionField = b.add(null, F.version, at, 1, version, detail ? String(version) : '');
    if (version !== 6) {
      b.problem('error', `IP version ${version} in a header sent as IPv6 (expected 6)`, at, F.version.name, versionField);
      return undefined;
    }
    if (!b.need(F.tclass, at, 4)) return undefined;
    if (detail) {
      const word = b.u32(at);
      const tclass = (word >>> 20) & 0xff;
      const tc = b.add(null, F.tclass, at, 4, tclass, hexNumber(tclass, 8));
      b.bits(tc, F['tclass.dscp'], at, 4);
      b.bits(tc, F['tclass.ecn'], at, 4);
      const flow = word & 0xfffff;
      b.add(null, F.flow, at + 1, 3, flow, hexNumber(flow, 6));
    } else b.end = at + 4;
    if (!b.need(F.plen, at + 4, 2)) return undefined;
    const plen = b.u16(at + 4);
    const plenField = b.add(null, F.plen, at + 4, 2, plen, detail ? String(plen) : '');
    const available = (end >= b.captured ? b.frame.reportedLength : end) - at - 40;
    if (plen > available && !ctx.quoted) {
      b.problem('error', `IPv6 payload length ${plen} is more than the ${Math.max(0, available)} bytes left in the frame after the header`, at + 4, F.plen.name, plenField);
    }
    if (!b.need(F.nxt, at + 6, 1)) return undefined;
    let next = b.u8(at + 6);
    b.add(null, F.nxt, at + 6, 1, next, detail ? String(next) : '');
    if (!b.need(F.hlim, at + 7, 1)) return undefined;
    const hlim = b.u8(at + 7);
    b.add(null, F.hlim, at + 7, 1, hlim, detail ? String(hlim) : '');
    if (!b.need(F.src, at + 8, 16)) return undefined;
    const src = ipv6Address(bytes, at + 8);
    b.add(null, F.src, at + 8, 16, src, src);
    ctx.columns.source.set(src);
    if (!b.need(F.dst, at + 24, 16)) return undefined;
    const dst = ipv6Address(bytes, at + 24);
    b.add(null, F.dst, at + 24, 16, dst, dst);
    ctx.columns.destination.set(dst);
    if (detail) b.title = `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`;

    // A zero payload length with a Hop-by-Hop header is a jumbogram: it runs to the frame's end.
    const payloadEnd = plen === 0 && next === 0 ? end : Math.min(at + 40 + plen, end);
    // Where the payload ends as the header says, even past the bytes the snap length kept.
    const claimedEnd = plen === 0 && next === 0 ? end : at + 40 + plen;
    ctx.network = { family: 6, src: at + 8, dst: at + 24, payloadEnd: claimedEnd };
    let o = at + 40;
    let fragment: { offset: number; more: boolean; ident: number } | undefined;
    for (let count = 0; isExtensionHeader(next) && count < 16; count++) {
      const r = dissectExtensionHeader(b, next, o, ctx.quoted ? Math.max(claimedEnd, payloadEnd) : claimedEnd);
      if (!r.ok) return undefined;
      next = r.next;
      o = r.end;
      if (r.fragment) fragment = r.fragment;
      if (r.finalDestination !== undefined) {
        // As in tshark, the Destination column names where the packet is finally going.
        ctx.network = { ...ctx.network!, dst: r.finalDestination };
        ctx.columns.destination.set(ipv6Address(bytes, r.finalDestination));
      }
    }
    if (fragment && (fragment.offset > 0 || fragment.more)) {
      ctx.columns.info.set(`IPv6 fragment (off=${fragment.offset * 8} more=${fragment.more ? 'y' : 'n'} ident=${hexNumber(fragment.ident, 8)} nxt=${next})`);
      // Only the first fragment starts with the next protocol's header.
      if (fragment.offset > 0) return b.next('ip.proto', o, Math.max(o, payloadEnd));
    } else {
      ctx.columns.info.set(next === 59 ? 'IPv6 no next header' : protocolInfo(next));
    }
    return b.next('ip.proto', o, Math.max(o, payloadEnd), next === 59 ? -1 : next);
  },
};
