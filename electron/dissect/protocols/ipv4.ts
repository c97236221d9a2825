// IPv4 (RFC 791): addresses, lengths, fragmentation and time to live, with the header checksum
// verified the way Wireshark does when its "validate checksum" preference is on.

import type { ProtocolModule } from '../dissector.js';
import type { BitFields } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber } from '../display-format.js';
import { checksumSkipping } from './internet-checksum.js';
import { IP_PROTOCOL_NAMES, ipProtocolName, protocolInfo } from './ip-protocol-names.js';
import { dissectIpv4Options } from './ipv4-options.js';
import { CHECKSUM_STATUS } from './checksum-status.js';
import { DSCP_NAMES, ECN_NAMES, dsSummary } from './ds-field.js';
import { fragmentFields, fragmentNarrative, reassembleFragment } from './ip-fragments.js';
import { onesComplementSum } from './internet-checksum.js';
import { ipv4Address } from '../display-format.js';

const F = defineFields('ip', {
  version: { label: 'Version', type: 'uint8', mask: 0xf0, description: 'Which version of the Internet Protocol this header follows: 4 here.', rfc: 'RFC 791 §3.1' },
  hdr_len: { label: 'Header Length', type: 'uint8', mask: 0x0f, multiplier: 4, format: (v) => `${v} bytes (${Number(v) / 4})`, description: 'How long this header is (counted in 4-byte words on the wire, shown in bytes): 20 unless options follow the addresses.', rfc: 'RFC 791 §3.1' },
  dsfield: { label: 'Differentiated Services Field', type: 'uint8', base: 'hex', description: 'Asks routers for a class of service (DSCP) and carries congestion signals (ECN).', rfc: 'RFC 2474 §3' },
  'dsfield.dscp': { label: 'Differentiated Services Codepoint', type: 'uint8', mask: 0xfc, values: DSCP_NAMES, description: 'The class of service requested, e.g. 46 (Expedited Forwarding) for voice; 0 is ordinary best effort.', rfc: 'RFC 2474 §3' },
  'dsfield.ecn': { label: 'Explicit Congestion Notification', type: 'uint8', mask: 0x03, values: ECN_NAMES, description: 'Lets a congested router mark the packet instead of dropping it, if both ends support it.', rfc: 'RFC 3168 §5' },
  len: { label: 'Total Length', type: 'uint16', description: 'Bytes in the whole datagram, header plus payload; anything after that in the frame is link-layer padding.', rfc: 'RFC 791 §3.1' },
  id: { label: 'Identification', type: 'uint16', base: 'hex_dec', description: 'A number the sender gives each datagram so the receiver can put its fragments back together.', rfc: 'RFC 791 §3.1' },
  flags: { label: 'Flags', type: 'uint8', base: 'hex', mask: 0xe0, description: 'Three control bits about fragmentation: reserved, Don\'t Fragment and More Fragments.', rfc: 'RFC 791 §3.1' },
  'flags.rb': { label: 'Reserved bit', type: 'boolean', bits: 8, mask: 0x80, description: 'Must be zero; it has no use.', rfc: 'RFC 791 §3.1' },
  'flags.df': { label: "Don't fragment", type: 'boolean', bits: 8, mask: 0x40, description: 'When set, routers must drop the datagram rather than split it; path-MTU discovery relies on this.', rfc: 'RFC 791 §3.1' },
  'flags.mf': { label: 'More fragments', type: 'boolean', bits: 8, mask: 0x20, description: 'Set on every fragment except the last one of a split datagram.', rfc: 'RFC 791 §3.1' },
  frag_offset: { label: 'Fragment Offset', type: 'uint16', mask: 0x1fff, format: (v) => String(Number(v) * 8), show: (v) => String(v), description: 'Where this fragment\'s data belongs in the original datagram, in units of 8 bytes; 0 for the first fragment or an unfragmented datagram.', rfc: 'RFC 791 §3.1' },
  ttl: { label: 'Time to Live', type: 'uint8', description: 'How many more routers may forward the datagram; each one subtracts 1 and drops it at 0, so packets cannot loop forever (traceroute uses this).', rfc: 'RFC 791 §3.1' },
  proto: { label: 'Protocol', type: 'uint8', values: IP_PROTOCOL_NAMES, description: 'Which protocol the payload carries (1 ICMP, 6 TCP, 17 UDP), so the receiver knows who to hand it to.', rfc: 'RFC 791 §3.1' },
  checksum: { label: 'Header Checksum', type: 'uint16', base: 'hex', description: 'A checksum over this header only; every router recomputes it because the TTL changes at each hop.', rfc: 'RFC 791 §3.1' },
  'checksum.status': { label: 'Header checksum status', type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, description: 'Whether the stored checksum matches the header.' },
  checksum_calculated: { label: 'Calculated Checksum', type: 'uint16', base: 'hex', generated: true, description: 'The checksum this header should carry, as computed by Layerscope from its bytes.' },
  src: { label: 'Source Address', type: 'ipv4', description: 'The IP address of the host that sent the datagram.', rfc: 'RFC 791 §3.1' },
  dst: { label: 'Destination Address', type: 'ipv4', description: 'The IP address of the host the datagram is for; routers forward it hop by hop towards this address.', rfc: 'RFC 791 §3.1' },
  addr: { label: 'Source or Destination Address', type: 'ipv4', anyOf: ['ip.src', 'ip.dst'], description: 'Either address of the datagram: the filter ip.addr == 10.0.0.1 finds traffic from or to that host.', rfc: 'RFC 791 §3.1' },
  options: { label: 'Options', type: 'none', description: 'Optional extra header fields between the addresses and the payload; rare today.', rfc: 'RFC 791 §3.1' },
});

/** The fields of reassembly (`ip.fragments`, `ip.reassembled_in`...). */
const FR = fragmentFields('ip', 'IPv4');

const P = defineProblems('ip', {
  bad_version: ['error', 'IP version {version} in a header sent as IPv4 (expected 4)'],
  hdr_len_short: ['error', 'IPv4 header length {length} bytes is below the minimum of 20'],
  len_below_header: ['error', 'IPv4 total length {length} is less than the header length {header}'],
  len_past_frame: ['error', 'IPv4 total length {length} is more than the {available} bytes left in the frame'],
  bad_checksum: ['error', 'IPv4 header checksum {checksum} is wrong (should be {expected})'],
});

const N = defineMessages('ip.narrative', {
  addresses: 'IPv4 from {src} to {dst}',
  ttl: 'TTL {ttl} limits how many routers it may cross',
  carries: 'it carries {next}',
  carries_data: 'it carries application data',
  tunnel: 'it carries a whole {next} packet inside this one (an IP-in-IP tunnel): this outer header takes it between the tunnel\'s endpoints, the inner one is the packet as its own sender made it',
  dont_fragment: "Don't Fragment is set",
  fragment: 'this is a fragment of a larger datagram',
  options: '{length, plural, one {# byte} other {# bytes}} of options',
});

/** The bits of the DS field and of the flags, by their byte in the header. */
const DS_BITS: BitFields = [[F['dsfield.dscp'], 1, 1], [F['dsfield.ecn'], 1, 1]];
const FLAG_BITS: BitFields = [[F['flags.rb'], 6, 1], [F['flags.df'], 6, 1], [F['flags.mf'], 6, 1]];

export const ipv4: ProtocolModule = {
  place: { protocol: 'ip', osi: 3, tcpip: 'internet' },
  name: 'IPv4',
  fields: { ...F, ...FR },
  // Also inside another IP packet (IP-in-IP, protocol 4) and in a PPP frame (protocol 0x0021).
  registrations: [{ table: 'ethertype', keys: [0x0800] }, { table: 'ip.proto', keys: [4] }, { table: 'ppp.protocol', keys: [0x0021] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Internet Protocol Version 4';
    ctx.columns.protocol = 'IPv4';
    const version = b.bits(null, F.version, at);
    if (version < 0) return undefined;
    if (version !== 4) {
      b.problem(P.bad_version, at, { version }, b.last);
      ctx.columns.info.set(`Bogus IPv4 version (${version}, must be 4)`);
      return undefined;
    }
    const hlen = b.bits(null, F.hdr_len, at);
    if (hlen < 20) {
      b.problem(P.hdr_len_short, at, { length: hlen }, b.last);
      ctx.columns.info.set(`Bogus IP header length (${hlen}, must be at least 20)`);
      return undefined;
    }
    const ds = b.uint(null, F.dsfield, at + 1);
    if (ds < 0) return undefined;
    const dsField = b.last;
    b.annotate(dsField, dsSummary, ds);
    b.bitmask(dsField, DS_BITS, at);
    const totalLength = b.uint(null, F.len, at + 2);
    if (totalLength < 0) return undefined;
    const lenField = b.last;
    if (totalLength < hlen) {
      b.problem(P.len_below_header, at + 2, { length: totalLength, header: hlen }, lenField);
      ctx.columns.info.set(`Bogus IP length (${totalLength}, less than header length ${hlen})`);
      return undefined;
    }
    // Bytes cut by the snap length still count: they were on the wire.
    const available = end >= b.captured ? b.frame.reportedLength - at : end - at;
    if (totalLength > available && !ctx.quoted) b.problem(P.len_past_frame, at + 2, { length: totalLength, available }, lenField);
    const id = b.uint(null, F.id, at + 4);
    if (id < 0) return undefined;
    const flags = b.bits(null, F.flags, at + 6);
    if (flags < 0) return undefined;
    const flagsField = b.last;
    if (flags & 2) b.annotate(flagsField, ", Don't fragment");
    if (flags & 1) b.annotate(flagsField, ', More fragments');
    b.bitmask(flagsField, FLAG_BITS, at);
    const fragOffset = b.bits(null, F.frag_offset, at + 6);
    if (fragOffset < 0) return undefined;
    const moreFragments = (flags & 1) !== 0;
    if (b.uint(null, F.ttl, at + 8) < 0) return undefined;
    const proto = b.uint(null, F.proto, at + 9);
    if (proto < 0) return undefined;
    const checksum = b.uint(null, F.checksum, at + 10);
    if (checksum < 0) return undefined;
    const checksumField = b.last;
    if (b.shows(F['checksum.status'], F.checksum_calculated)) {
      if (b.has(at, hlen)) {
        // The sum over the header with the checksum field taken as zero gives what it should hold.
        const calculated = checksumSkipping(b.frame.bytes, at, at + hlen, at + 10, 0);
        const good = calculated === checksum;
        b.annotate(checksumField, good ? ' [correct]' : ` incorrect, should be ${hexNumber(calculated, 4)}(may be caused by "IP checksum offload"?)`);
        b.add(null, F['checksum.status'], at + 10, 0, good ? 1 : 0);
        b.add(null, F.checksum_calculated, at + 10, 2, calculated);
        if (!good) b.problem(P.bad_checksum, at + 10, { checksum: hexNumber(checksum, 4), expected: hexNumber(calculated, 4) }, checksumField);
      } else {
        b.add(null, F['checksum.status'], at + 10, 0, 2);
      }
    }
    if (!b.address(null, F.src, at + 12)) return undefined;
    // The columns get the addresses as bytes; only the field tree needs them as strings.
    ctx.columns.source.clear().ipv4(b.frame.bytes, at + 12);
    if (!b.address(null, F.dst, at + 16)) return undefined;
    ctx.columns.destination.clear().ipv4(b.frame.bytes, at + 16);
    ctx.network = { family: 4, src: at + 12, dst: at + 16, payloadEnd: at + (totalLength === 0 ? end - at : totalLength) };
    if (b.detail) b.title = `Internet Protocol Version 4, Src: ${ctx.columns.source.toString()}, Dst: ${ctx.columns.destination.toString()}`;
    if (hlen > 20) {
      if (!b.need(F.options, at + 20, hlen - 20)) return undefined;
      dissectIpv4Options(b, F.options, at + 20, hlen - 20);
    }

    // A zero total length is what TCP segmentation offload leaves: the datagram runs to the frame's end.
    const payloadEnd = totalLength === 0 ? end : Math.min(at + totalLength, end);
    if (fragOffset > 0 || (moreFragments && !ctx.quoted)) {
      ctx.columns.info.set(`Fragmented IP protocol (proto=${ipProtocolName(proto)} ${proto}, off=${fragOffset * 8}, ID=${id.toString(16).padStart(4, '0')})`);
      if (!ctx.quoted) {
        const bytes = b.frame.bytes;
        // As tshark: only a fragment whose payload was all captured and whose header checksum is right.
        const usable = totalLength > hlen && b.has(at + hlen, totalLength - hlen) && b.has(at, hlen) && onesComplementSum(bytes, at, hlen) === 0xffff;
        const source = reassembleFragment(b, ctx, FR, {
          key: `4 ${ipv4Address(bytes, at + 12)} ${ipv4Address(bytes, at + 16)} ${id} ${proto}`,
          offset: fragOffset * 8,
          more: moreFragments,
          at: at + hlen,
          end: payloadEnd,
          usable,
          reassembledInAt: at,
          prefixFrom: at,
          prefixLength: hlen,
          network: (end) => ({ family: 4, src: 12, dst: 16, payloadEnd: end }),
          sourceName: 'Reassembled IPv4',
        });
        // The fragment that completes the datagram decodes all of it; the others show their payload as data.
        if (source) {
          ctx.columns.info.set(protocolInfo(proto));
          return b.nextIn(source, payloadEnd, 'ip.proto', proto);
        }
        return b.next('ip.proto', at + hlen, payloadEnd);
      }
      // Only the first fragment starts with the next protocol's header.
      if (fragOffset > 0) return b.next('ip.proto', at + hlen, payloadEnd);
    } else {
      ctx.columns.info.set(protocolInfo(proto));
    }
    return b.next('ip.proto', at + hlen, payloadEnd, proto);
  },
  narrative(r) {
    const parts: Message[] = [{ id: N.addresses.id, params: { src: r.show(F.src) ?? '?', dst: r.show(F.dst) ?? '?' } }];
    const ttl = r.number(F.ttl);
    if (ttl !== undefined) parts.push({ id: N.ttl.id, params: { ttl } });
    if (r.next) parts.push(r.next.protocol === 'data' ? { id: N.carries_data.id } : { id: (r.next.encapsulation ?? 0) > (r.layer.encapsulation ?? 0) ? N.tunnel.id : N.carries.id, params: { next: r.next.name } });
    if (r.isSet(F['flags.df'])) parts.push({ id: N.dont_fragment.id });
    if (r.isSet(F['flags.mf']) || (r.number(F.frag_offset) ?? 0) > 0) parts.push(fragmentNarrative(r, FR) ?? { id: N.fragment.id });
    const header = r.number(F.hdr_len) ?? 20;
    if (header > 20) parts.push({ id: N.options.id, params: { length: header - 20 } });
    return parts;
  },
};
