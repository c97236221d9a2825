// UDP (RFC 768): ports, length and a checksum over a pseudo-header of IP addresses. The payload goes
// to the next decoder by port ('udp.port' table: DNS on 53, ...).

import type { Dissector, NetworkAddresses } from '../dissector.js';
import { defineFields } from '../field-table.js';
import { hexNumber } from '../display-format.js';
import { checksumSkipping, pseudoHeaderSum } from './internet-checksum.js';
import { EndpointPairIndex, endpointKeyOf, type EndpointKey } from './endpoint-pair-table.js';

const F = defineFields('udp', {
  srcport: { label: 'Source Port', description: 'The port of the program that sent the datagram (where replies go); 0 when no reply is wanted.', rfc: 'RFC 768' },
  dstport: { label: 'Destination Port', description: 'The port of the program the datagram is for (53 DNS, 67 DHCP, 123 NTP...).', rfc: 'RFC 768' },
  length: { label: 'Length', description: 'Length of the UDP header (8 bytes) plus its data, in bytes.', rfc: 'RFC 768' },
  checksum: { label: 'Checksum', description: 'Detects corrupted datagrams: the one\'s-complement sum over header, data and a pseudo-header of IP addresses; 0 over IPv4 means "not computed".', rfc: 'RFC 768' },
  checksum_status: { name: 'udp.checksum.status', label: 'Checksum Status', description: 'Whether Layerscope recomputed the checksum and it matched (1 good, 0 bad, 2 not verified, 3 not present).' },
  checksum_calculated: { label: 'Calculated Checksum', description: 'The checksum Layerscope computed over the received bytes; it should equal the one sent.' },
  stream: { label: 'Stream index', description: 'Layerscope\'s number for this pair of endpoints (addresses and ports) within the capture, counting from 0.' },
});

/** UDP "conversations": one index per pair of endpoints, in order of first appearance. */
class UdpConversations {
  private readonly pairs = new EndpointPairIndex();
  private count = 0;
  index(a: EndpointKey, b: EndpointKey): number {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    let i = this.pairs.get(lo, hi);
    if (i < 0) this.pairs.set(lo, hi, (i = this.count++));
    return i;
  }
}

export const udpDissector: Dissector = {
  place: { protocol: 'udp', osi: 4, tcpip: 'transport' },
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    if (!b.need(F.srcport, at, 2)) return undefined;
    const sport = b.u16(at);
    b.add(null, F.srcport, at, 2, sport, b.detail ? String(sport) : '');
    if (!b.need(F.dstport, at + 2, 2)) return undefined;
    const dport = b.u16(at + 2);
    b.add(null, F.dstport, at + 2, 2, dport, b.detail ? String(dport) : '');
    if (b.detail) b.title = `User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`;
    ctx.columns.protocol = 'UDP';
    const info = ctx.columns.info.clear().uint(sport).arrow().uint(dport);
    if (!b.need(F.length, at + 4, 2)) return undefined;
    const length = b.u16(at + 4);
    const lengthField = b.add(null, F.length, at + 4, 2, length, b.detail ? String(length) : '');
    const net = ctx.network;
    // The datagram's room as the IP header gives it (the bytes may have been cut by the snap length).
    const ipEnd = net !== undefined && net.payloadEnd >= end ? net.payloadEnd : end;
    let datagramEnd = at + length;
    let lengthOk = true;
    if (length < 8) {
      // Nothing after the length can be trusted; stop here as tshark does.
      b.problem('error', `UDP length ${length} at offset ${at + 4} is below the 8 bytes of the UDP header`, at + 4, F.length.name, lengthField);
      info.text(' [BAD UDP LENGTH ').uint(length).text(' < 8]');
      return undefined;
    } else if (datagramEnd > ipEnd && !ctx.quoted) {
      b.problem('error', `UDP length ${length} at offset ${at + 4} is more than the ${ipEnd - at} bytes the IP header leaves for it`, at + 4, F.length.name, lengthField);
      datagramEnd = ipEnd;
      lengthOk = false;
    }
    const payloadLength = Math.max(0, datagramEnd - at - 8);

    if (!b.need(F.checksum, at + 6, 2)) return undefined;
    const checksum = b.u16(at + 6);
    const checksumField = b.add(null, F.checksum, at + 6, 2, checksum, b.detail ? hexNumber(checksum, 4) : '');
    if (checksum === 0) {
      // 3: not present (allowed over IPv4); 4: illegal (IPv6 requires it).
      b.add(checksumField, F.checksum_status, at + 6, 2, net?.family === 6 ? 4 : 3, net?.family === 6 ? '4' : '3');
      if (net?.family === 6) {
        b.problem('error', 'UDP checksum 0 is not allowed over IPv6: the checksum is mandatory there', at + 6, F.checksum.name, checksumField);
      }
    } else if (b.detail && lengthOk && net && datagramEnd <= b.captured) {
      // Verifying sums every payload byte; the packet list (summary mode) skips it.
      const expected = expectedChecksum(bytes, net, at, datagramEnd);
      b.add(checksumField, F.checksum_calculated, at + 6, 2, expected, hexNumber(expected, 4));
      if (expected === checksum) {
        b.add(null, F.checksum_status, at + 6, 0, 1, '1');
      } else {
        b.add(null, F.checksum_status, at + 6, 0, 0, '0');
        b.problem('error', `Bad UDP checksum ${hexNumber(checksum, 4)}: it should be ${hexNumber(expected, 4)} (the datagram was corrupted, or the sender's network card fills it in after capture: "checksum offload")`, at + 6, F.checksum.name, checksumField);
      }
    } else {
      b.add(null, F.checksum_status, at + 6, 0, 2, '2');
    }

    if (net && !ctx.quoted) {
      const conversations = ctx.state.slot('udp', newConversations);
      const stream = conversations.index(endpointKeyOf(bytes, net, net.src, sport), endpointKeyOf(bytes, net, net.dst, dport));
      b.add(null, F.stream, at + 8, 0, stream, b.detail ? String(stream) : '');
    }

    // The info text flags bad lengths and checksums the way tshark's does.
    if (!lengthOk) info.text(' [BAD UDP LENGTH ').uint(length).text(' > IP PAYLOAD LENGTH] Len=').uint(length - 8);
    else {
      info.text(' Len=').uint(payloadLength);
      if (checksum === 0 && net?.family === 6) info.text(' [ILLEGAL CHECKSUM (0)]');
    }
    const payloadEnd = Math.min(datagramEnd, end);
    // A payload cut off entirely by the snap length still goes to its decoder, to say what was lost.
    if (at + 8 > payloadEnd || (at + 8 === payloadEnd && (datagramEnd <= payloadEnd || b.captured >= b.frame.reportedLength))) return undefined;
    return b.next('udp.port', at + 8, payloadEnd, Math.min(sport, dport), Math.max(sport, dport));
  },
};

/** The checksum the datagram [at, end) should carry, given its IP addresses (0 is sent as 0xffff). */
function expectedChecksum(bytes: Uint8Array, net: NetworkAddresses, at: number, end: number): number {
  const c = checksumSkipping(bytes, at, end, at + 6, pseudoHeaderSum(bytes, net, 17, end - at));
  return c === 0 ? 0xffff : c;
}

// A named function rather than an arrow at the call: nothing is allocated per datagram.
function newConversations(): UdpConversations {
  return new UdpConversations();
}
