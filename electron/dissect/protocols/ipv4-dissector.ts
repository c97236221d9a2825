// IPv4 (RFC 791): addresses, lengths, fragmentation and time to live, with the header checksum
// verified the way Wireshark does when its "validate checksum" preference is on.

import type { Dissector } from '../dissector.js';
import { defineFields } from '../field-table.js';
import { hexNumber, ipv4Address } from '../display-format.js';
import { checksumSkipping } from './internet-checksum.js';
import { ipProtocolName, protocolInfo } from './ip-protocol-names.js';
import { dissectIpv4Options } from './ipv4-options.js';

const F = defineFields('ip', {
  version: {
    label: 'Version',
    mask: 0xf0,
    description: 'Which version of the Internet Protocol this header follows: 4 here.',
    rfc: 'RFC 791 §3.1',
  },
  hdr_len: {
    label: 'Header Length',
    mask: 0x0f,
    description: 'How long this header is (counted in 4-byte words on the wire, shown in bytes): 20 unless options follow the addresses.',
    rfc: 'RFC 791 §3.1',
  },
  dsfield: {
    label: 'Differentiated Services Field',
    description: 'Asks routers for a class of service (DSCP) and carries congestion signals (ECN).',
    rfc: 'RFC 2474 §3',
  },
  'dsfield.dscp': {
    label: 'Differentiated Services Codepoint',
    mask: 0xfc,
    description: 'The class of service requested, e.g. 46 (Expedited Forwarding) for voice; 0 is ordinary best effort.',
    rfc: 'RFC 2474 §3',
  },
  'dsfield.ecn': {
    label: 'Explicit Congestion Notification',
    mask: 0x03,
    description: 'Lets a congested router mark the packet instead of dropping it, if both ends support it.',
    rfc: 'RFC 3168 §5',
  },
  len: {
    label: 'Total Length',
    description: 'Bytes in the whole datagram, header plus payload; anything after that in the frame is link-layer padding.',
    rfc: 'RFC 791 §3.1',
  },
  id: {
    label: 'Identification',
    description: 'A number the sender gives each datagram so the receiver can put its fragments back together.',
    rfc: 'RFC 791 §3.1',
  },
  flags: {
    label: 'Flags',
    mask: 0xe0,
    description: 'Three control bits about fragmentation: reserved, Don\'t Fragment and More Fragments.',
    rfc: 'RFC 791 §3.1',
  },
  'flags.rb': {
    label: 'Reserved bit',
    mask: 0x80,
    description: 'Must be zero; it has no use.',
    rfc: 'RFC 791 §3.1',
  },
  'flags.df': {
    label: "Don't fragment",
    mask: 0x40,
    description: 'When set, routers must drop the datagram rather than split it; path-MTU discovery relies on this.',
    rfc: 'RFC 791 §3.1',
  },
  'flags.mf': {
    label: 'More fragments',
    mask: 0x20,
    description: 'Set on every fragment except the last one of a split datagram.',
    rfc: 'RFC 791 §3.1',
  },
  frag_offset: {
    label: 'Fragment Offset',
    mask: 0x1fff,
    description: 'Where this fragment\'s data belongs in the original datagram, in units of 8 bytes; 0 for the first fragment or an unfragmented datagram.',
    rfc: 'RFC 791 §3.1',
  },
  ttl: {
    label: 'Time to Live',
    description: 'How many more routers may forward the datagram; each one subtracts 1 and drops it at 0, so packets cannot loop forever (traceroute uses this).',
    rfc: 'RFC 791 §3.1',
  },
  proto: {
    label: 'Protocol',
    description: 'Which protocol the payload carries (1 ICMP, 6 TCP, 17 UDP), so the receiver knows who to hand it to.',
    rfc: 'RFC 791 §3.1',
  },
  checksum: {
    label: 'Header Checksum',
    description: 'A checksum over this header only; every router recomputes it because the TTL changes at each hop.',
    rfc: 'RFC 791 §3.1',
  },
  'checksum.status': {
    label: 'Header checksum status',
    description: 'Whether the stored checksum matches the header: 1 good, 0 bad, 2 not verified.',
  },
  checksum_calculated: {
    label: 'Calculated Checksum',
    description: 'The checksum this header should carry, as computed by Layerscope from its bytes.',
  },
  src: {
    label: 'Source Address',
    description: 'The IP address of the host that sent the datagram.',
    rfc: 'RFC 791 §3.1',
  },
  dst: {
    label: 'Destination Address',
    description: 'The IP address of the host the datagram is for; routers forward it hop by hop towards this address.',
    rfc: 'RFC 791 §3.1',
  },
  options: {
    label: 'Options',
    description: 'Optional extra header fields between the addresses and the payload; rare today.',
    rfc: 'RFC 791 §3.1',
  },
});

export const ipv4Dissector: Dissector = {
  place: { protocol: 'ip', osi: 3, tcpip: 'internet' },
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    const detail = ctx.detail;
    b.title = 'Internet Protocol Version 4';
    ctx.columns.protocol = 'IPv4';
    if (!b.need(F.version, at, 1)) return undefined;
    const first = b.u8(at);
    const version = first >> 4;
    const versionField = b.add(null, F.version, at, 1, version, detail ? String(version) : '');
    if (version !== 4) {
      b.problem('error', `IP version ${version} in a header sent as IPv4 (expected 4)`, at, F.version.name, versionField);
      ctx.columns.info.set(`Bogus IPv4 version (${version}, must be 4)`);
      return undefined;
    }
    const hlen = (first & 0x0f) * 4;
    const hlenField = b.add(null, F.hdr_len, at, 1, hlen, detail ? String(hlen) : '');
    if (hlen < 20) {
      b.problem('error', `IPv4 header length ${hlen} bytes is below the minimum of 20`, at, F.hdr_len.name, hlenField);
      ctx.columns.info.set(`Bogus IP header length (${hlen}, must be at least 20)`);
      return undefined;
    }
    if (!b.need(F.dsfield, at + 1, 1)) return undefined;
    if (detail) {
      const ds = b.u8(at + 1);
      const dsField = b.add(null, F.dsfield, at + 1, 1, ds, hexNumber(ds, 2));
      b.bits(dsField, F['dsfield.dscp'], at + 1, 1);
      b.bits(dsField, F['dsfield.ecn'], at + 1, 1);
    } else b.end = at + 2;
    if (!b.need(F.len, at + 2, 2)) return undefined;
    const totalLength = b.u16(at + 2);
    const lenField = b.add(null, F.len, at + 2, 2, totalLength, detail ? String(totalLength) : '');
    if (totalLength < hlen) {
      b.problem('error', `IPv4 total length ${totalLength} is less than the header length ${hlen}`, at + 2, F.len.name, lenField);
      ctx.columns.info.set(`Bogus IP length (${totalLength}, less than header length ${hlen})`);
      return undefined;
    }
    // Bytes cut by the snap length still count: they were on the wire.
    const available = end >= b.captured ? b.frame.reportedLength - at : end - at;
    if (totalLength > available && !ctx.quoted) {
      b.problem('error', `IPv4 total length ${totalLength} is more than the ${available} bytes left in the frame`, at + 2, F.len.name, lenField);
    }
    if (!b.need(F.id, at + 4, 2)) return undefined;
    const id = b.u16(at + 4);
    b.add(null, F.id, at + 4, 2, id, detail ? hexNumber(id, 4) : '');
    if (!b.need(F.flags, at + 6, 2)) return undefined;
    const flagsWord = b.u16(at + 6);
    const fragOffset = flagsWord & 0x1fff;
    const moreFragments = (flagsWord & 0x2000) !== 0;
    if (detail) {
      const flags = flagsWord >> 13;
      const flagsField = b.add(null, F.flags, at + 6, 1, flags, hexNumber(flags, 2));
      b.bits(flagsField, F['flags.rb'], at + 6, 1);
      b.bits(flagsField, F['flags.df'], at + 6, 1);
      b.bits(flagsField, F['flags.mf'], at + 6, 1);
      b.add(null, F.frag_offset, at + 6, 2, fragOffset, String(fragOffset));
    } else b.end = at + 8;
    if (!b.need(F.ttl, at + 8, 1)) return undefined;
    const ttl = b.u8(at + 8);
    b.add(null, F.ttl, at + 8, 1, ttl, detail ? String(ttl) : '');
    if (!b.need(F.proto, at + 9, 1)) return undefined;
    const proto = b.u8(at + 9);
    b.add(null, F.proto, at + 9, 1, proto, detail ? String(proto) : '');
    if (!b.need(F.checksum, at + 10, 2)) return undefined;
    const checksum = b.u16(at + 10);
    const checksumField = b.add(null, F.checksum, at + 10, 2, checksum, detail ? hexNumber(checksum, 4) : '');
    const headerCaptured = b.has(at, hlen);
    if (detail) {
      if (headerCaptured) {
        // The sum over the header with the checksum field taken as zero gives what it should hold.
        const calculated = checksumSkipping(bytes, at, at + hlen, at + 10, 0);
        const good = calculated === checksum;
        b.add(null, F['checksum.status'], at + 10, 0, good ? 1 : 0, good ? '1' : '0');
        b.add(null, F.checksum_calculated, at + 10, 2, calculated, hexNumber(calculated, 4));
        if (!good) {
          b.problem('error', `IPv4 header checksum ${hexNumber(checksum, 4)} is wrong (should be ${hexNumber(calculated, 4)})`, at + 10, F.checksum.name, checksumField);
        }
      } else {
        b.add(null, F['checksum.status'], at + 10, 0, 2, '2');
      }
    }
    if (!b.need(F.src, at + 12, 4)) return undefined;
    // The columns get the addresses as bytes; only the field tree needs them as strings.
    const src = detail ? ipv4Address(bytes, at + 12) : '';
    b.add(null, F.src, at + 12, 4, src, src);
    ctx.columns.source.clear().ipv4(bytes, at + 12);
    if (!b.need(F.dst, at + 16, 4)) return undefined;
    const dst = detail ? ipv4Address(bytes, at + 16) : '';
    b.add(null, F.dst, at + 16, 4, dst, dst);
    ctx.columns.destination.clear().ipv4(bytes, at + 16);
    ctx.network = { family: 4, src: at + 12, dst: at + 16, payloadEnd: at + (totalLength === 0 ? end - at : totalLength) };
    if (detail) b.title = `Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`;
    if (hlen > 20) {
      if (!b.need(F.options, at + 20, hlen - 20)) return undefined;
      if (detail) dissectIpv4Options(b, F.options, at + 20, hlen - 20);
      else b.end = at + hlen;
    }

    // A zero total length is what TCP segmentation offload leaves: the datagram runs to the frame's end.
    const payloadEnd = totalLength === 0 ? end : Math.min(at + totalLength, end);
    if (fragOffset > 0 || (moreFragments && !ctx.quoted)) {
      ctx.columns.info.set(`Fragmented IP protocol (proto=${ipProtocolName(proto)} ${proto}, off=${fragOffset * 8}, ID=${id.toString(16).padStart(4, '0')})`);
      // Only the first fragment starts with the next protocol's header.
      if (fragOffset > 0) return b.next('ip.proto', at + hlen, payloadEnd);
    } else {
      ctx.columns.info.set(protocolInfo(proto));
    }
    return b.next('ip.proto', at + hlen, payloadEnd, proto);
  },
};
