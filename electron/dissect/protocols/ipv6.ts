// IPv6 (RFC 8200): a fixed 40-byte header (no checksum, no options) followed by a chain of
// optional extension headers, then the payload named by the last Next Header.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber, ipv6Address } from '../display-format.js';
import { IP_PROTOCOL_NAMES, protocolInfo } from './ip-protocol-names.js';
import { DSCP_NAMES, ECN_NAMES, dsSummary } from './ds-field.js';
import { dissectExtensionHeader, isExtensionHeader } from './ipv6-extension-headers.js';
import { fragmentFields, fragmentNarrative, reassembleFragment } from './ip-fragments.js';

/** The fields of reassembly (`ipv6.fragments`, `ipv6.reassembled_in`...). */
const FR = fragmentFields('ipv6', 'IPv6');

const F = defineFields('ipv6', {
  version: { label: 'Version', type: 'uint8', mask: 0xf0, description: 'Which version of the Internet Protocol this header follows: 6 here.', rfc: 'RFC 8200 §3' },
  tclass: { label: 'Traffic Class', type: 'uint32', base: 'hex', mask: 0x0ff00000, description: 'Asks for a class of service (DSCP) and carries congestion signals (ECN), like IPv4\'s DS field.', rfc: 'RFC 8200 §7' },
  'tclass.dscp': { label: 'Differentiated Services Codepoint', type: 'uint32', mask: 0x0fc00000, values: DSCP_NAMES, description: 'The class of service requested; 0 is ordinary best effort.', rfc: 'RFC 2474 §3' },
  'tclass.ecn': { label: 'Explicit Congestion Notification', type: 'uint32', mask: 0x00300000, values: ECN_NAMES, description: 'Lets a congested router mark the packet instead of dropping it.', rfc: 'RFC 3168 §5' },
  flow: { label: 'Flow Label', type: 'uint24', base: 'hex', mask: 0x0fffff, description: 'A number the sender gives all packets of one flow so routers can keep them on the same path.', rfc: 'RFC 6437' },
  plen: { label: 'Payload Length', type: 'uint16', description: 'Bytes after this 40-byte header, extension headers included.', rfc: 'RFC 8200 §3' },
  nxt: { label: 'Next Header', type: 'uint8', values: IP_PROTOCOL_NAMES, description: 'What follows this header: an extension header or the payload\'s protocol (6 TCP, 17 UDP, 58 ICMPv6).', rfc: 'RFC 8200 §3' },
  hlim: { label: 'Hop Limit', type: 'uint8', description: 'How many more routers may forward the packet; each subtracts 1 and drops it at 0 (IPv4\'s TTL).', rfc: 'RFC 8200 §3' },
  src: { label: 'Source Address', type: 'ipv6', description: 'The IPv6 address of the host that sent the packet.', rfc: 'RFC 8200 §3' },
  dst: { label: 'Destination Address', type: 'ipv6', description: 'The IPv6 address of the host the packet is for.', rfc: 'RFC 8200 §3' },
  addr: { label: 'Source or Destination Address', type: 'ipv6', anyOf: ['ipv6.src', 'ipv6.dst'], description: 'Either address of the packet: the filter ipv6.addr == ::1 finds traffic from or to that host.', rfc: 'RFC 8200 §3' },
});

const P = defineProblems('ipv6', {
  bad_version: ['error', 'IP version {version} in a header sent as IPv6 (expected 6)'],
  plen_past_frame: ['error', 'IPv6 payload length {length} is more than the {available} bytes left in the frame after the header'],
});

const N = defineMessages('ipv6.narrative', {
  addresses: 'IPv6 from {src} to {dst}',
  hop_limit: 'hop limit {hlim}',
  carries: 'it carries {next}',
  carries_data: 'it carries application data',
  tunnel: 'it carries a whole {next} packet inside this one (an IP-in-IP tunnel): this outer header takes it between the tunnel\'s endpoints, the inner one is the packet as its own sender made it',
});

export const ipv6: ProtocolModule = {
  place: { protocol: 'ipv6', osi: 3, tcpip: 'internet' },
  name: 'IPv6',
  fields: { ...F, ...FR },
  // Also inside another IP packet (6in4 and IPv6-in-IPv6, protocol 41) and in a PPP frame (0x0057).
  registrations: [{ table: 'ethertype', keys: [0x86dd] }, { table: 'ip.proto', keys: [41] }, { table: 'ppp.protocol', keys: [0x0057] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    b.title = 'Internet Protocol Version 6';
    ctx.columns.protocol = 'IPv6';
    const version = b.bits(null, F.version, at);
    if (version < 0) return undefined;
    if (version !== 6) {
      b.problem(P.bad_version, at, { version }, b.last);
      return undefined;
    }
    const tclass = b.bits(null, F.tclass, at);
    if (tclass < 0) return undefined;
    const tc = b.last;
    b.annotate(tc, dsSummary, tclass);
    b.bits(tc, F['tclass.dscp'], at);
    b.bits(tc, F['tclass.ecn'], at);
    b.bits(null, F.flow, at + 1);
    const plen = b.uint(null, F.plen, at + 4);
    if (plen < 0) return undefined;
    const available = (end >= b.captured ? b.frame.reportedLength : end) - at - 40;
    if (plen > available && !ctx.quoted) b.problem(P.plen_past_frame, at + 4, { length: plen, available: Math.max(0, available) }, b.last);
    let next = b.uint(null, F.nxt, at + 6);
    if (next < 0) return undefined;
    if (b.uint(null, F.hlim, at + 7) < 0) return undefined;
    if (!b.address(null, F.src, at + 8)) return undefined;
    if (!b.address(null, F.dst, at + 24)) return undefined;
    // The columns get the addresses in their shortest form, as the tree does.
    const src = ipv6Address(bytes, at + 8);
    const dst = ipv6Address(bytes, at + 24);
    ctx.columns.source.set(src);
    ctx.columns.destination.set(dst);
    if (b.detail) b.title = `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`;

    // A zero payload length with a Hop-by-Hop header is a jumbogram: it runs to the frame's end.
    const payloadEnd = plen === 0 && next === 0 ? end : Math.min(at + 40 + plen, end);
    // Where the payload ends as the header says, even past the bytes the snap length kept.
    const claimedEnd = plen === 0 && next === 0 ? end : at + 40 + plen;
    ctx.network = { family: 6, src: at + 8, dst: at + 24, payloadEnd: claimedEnd };
    let o = at + 40;
    let fragment: { offset: number; more: boolean; ident: number } | undefined;
    let fragmentAt = 0;
    for (let count = 0; isExtensionHeader(next) && count < 16; count++) {
      // What follows a fragment's Fragment header is a piece of the datagram, not headers.
      if (fragment && (fragment.offset > 0 || fragment.more) && !ctx.quoted) break;
      const r = dissectExtensionHeader(b, next, o, ctx.quoted ? Math.max(claimedEnd, payloadEnd) : claimedEnd);
      if (!r.ok) return undefined;
      next = r.next;
      o = r.end;
      if (r.fragment) {
        fragment = r.fragment;
        fragmentAt = r.end - 8;
      }
      if (r.finalDestination !== undefined) {
        // As in tshark, the Destination column names where the packet is finally going.
        ctx.network = { ...ctx.network!, dst: r.finalDestination };
        ctx.columns.destination.set(ipv6Address(bytes, r.finalDestination));
      }
    }
    if (fragment && (fragment.offset > 0 || fragment.more)) {
      ctx.columns.info.set(`IPv6 fragment (off=${fragment.offset * 8} more=${fragment.more ? 'y' : 'n'} ident=${hexNumber(fragment.ident, 8)} nxt=${next})`);
      if (!ctx.quoted) {
        const finalDestination = ctx.network!.dst;
        const source = reassembleFragment(b, ctx, FR, {
          key: `6 ${src} ${ipv6Address(bytes, finalDestination)} ${fragment.ident}`,
          offset: fragment.offset * 8,
          more: fragment.more,
          at: o,
          end: Math.max(o, payloadEnd),
          // As tshark: only a fragment whose payload was all captured.
          usable: claimedEnd > o && b.has(o, claimedEnd - o),
          reassembledInAt: fragmentAt,
          prefixFrom: at,
          prefixLength: 40,
          network: (end) => ({ family: 6, src: 8, dst: 24, payloadEnd: end }),
          sourceName: 'Reassembled IPv6',
          // The checksum's pseudo-header names the final destination (RFC 8200 §8.1).
          patch: (prefix) => prefix.set(bytes.subarray(finalDestination, finalDestination + 16), 24),
        });
        if (source) {
          ctx.columns.info.set(next === 59 ? 'IPv6 no next header' : protocolInfo(next));
          return b.nextIn(source, Math.max(o, payloadEnd), 'ip.proto', next === 59 ? -1 : next);
        }
        return b.next('ip.proto', o, Math.max(o, payloadEnd));
      }
      // Only the first fragment starts with the next protocol's header.
      if (fragment.offset > 0) return b.next('ip.proto', o, Math.max(o, payloadEnd));
    } else {
      ctx.columns.info.set(next === 59 ? 'IPv6 no next header' : protocolInfo(next));
    }
    return b.next('ip.proto', o, Math.max(o, payloadEnd), next === 59 ? -1 : next);
  },
  narrative(r) {
    const parts: Message[] = [{ id: N.addresses.id, params: { src: r.show(F.src) ?? '?', dst: r.show(F.dst) ?? '?' } }];
    const hlim = r.number(F.hlim);
    if (hlim !== undefined) parts.push({ id: N.hop_limit.id, params: { hlim } });
    if (r.next) parts.push(r.next.protocol === 'data' ? { id: N.carries_data.id } : { id: (r.next.encapsulation ?? 0) > (r.layer.encapsulation ?? 0) ? N.tunnel.id : N.carries.id, params: { next: r.next.name } });
    const fragment = fragmentNarrative(r, FR);
    if (fragment) parts.push(fragment);
    return parts;
  },
};
