// UDP (RFC 768): ports, length and a checksum over a pseudo-header of IP addresses. The payload goes
// to the next decoder by port ('udp.port' table: DNS on 53, DHCP on 67/68, ...).

import type { NetworkAddresses, ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber } from '../display-format.js';
import { checksumSkipping, pseudoHeaderSum } from './internet-checksum.js';
import { EndpointPairIndex, endpointKeyOf, type EndpointKey } from './endpoint-pair-table.js';
import { CHECKSUM_STATUS } from './checksum-status.js';

const F = defineFields('udp', {
  srcport: { label: 'Source Port', type: 'uint16', description: 'The port of the program that sent the datagram (where replies go); 0 when no reply is wanted.', rfc: 'RFC 768' },
  dstport: { label: 'Destination Port', type: 'uint16', description: 'The port of the program the datagram is for (53 DNS, 67 DHCP, 123 NTP...).', rfc: 'RFC 768' },
  port: { label: 'Source or Destination Port', type: 'uint16', anyOf: ['udp.srcport', 'udp.dstport'], description: 'Either port of the datagram: the filter udp.port == 53 finds DNS questions and answers.', rfc: 'RFC 768' },
  length: { label: 'Length', type: 'uint16', description: 'Length of the UDP header (8 bytes) plus its data, in bytes.', rfc: 'RFC 768' },
  checksum: { label: 'Checksum', type: 'uint16', base: 'hex', description: 'Detects corrupted datagrams: the one\'s-complement sum over header, data and a pseudo-header of IP addresses; 0 over IPv4 means "not computed".', rfc: 'RFC 768' },
  checksum_status: { name: 'udp.checksum.status', label: 'Checksum Status', type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, description: 'Whether Layerscope recomputed the checksum and it matched.' },
  checksum_calculated: { label: 'Calculated Checksum', type: 'uint16', base: 'hex', generated: true, description: 'The checksum Layerscope computed over the received bytes; it should equal the one sent.' },
  stream: { label: 'Stream index', type: 'uint32', generated: true, description: 'Layerscope\'s number for this pair of endpoints (addresses and ports) within the capture, counting from 0.' },
});

const P = defineProblems('udp', {
  length_short: ['error', 'UDP length {length} at offset {offset} is below the 8 bytes of the UDP header'],
  length_long: ['error', 'UDP length {length} at offset {offset} is more than the {room} bytes the IP header leaves for it'],
  zero_checksum_ipv6: ['error', 'UDP checksum 0 is not allowed over IPv6: the checksum is mandatory there'],
  bad_checksum: ['error', 'Bad UDP checksum {checksum}: it should be {expected} (the datagram was corrupted, or the sender\'s network card fills it in after capture: "checksum offload")'],
});

const N = defineMessages('udp.narrative', {
  ports: 'UDP from port {src} to port {dst}',
  payload: '{length, plural, one {# byte} other {# bytes}} of payload, no connection and no delivery guarantee',
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

export const udp: ProtocolModule = {
  place: { protocol: 'udp', osi: 4, tcpip: 'transport' },
  name: 'UDP',
  fields: F,
  registrations: [{ table: 'ip.proto', keys: [17] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    const sport = b.uint(null, F.srcport, at);
    if (sport < 0) return undefined;
    const dport = b.uint(null, F.dstport, at + 2);
    if (dport < 0) return undefined;
    if (b.detail) b.title = `User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`;
    ctx.columns.protocol = 'UDP';
    const info = ctx.columns.info.clear().uint(sport).arrow().uint(dport);
    const length = b.uint(null, F.length, at + 4);
    if (length < 0) return undefined;
    const lengthField = b.last;
    const net = ctx.network;
    // The datagram's room as the IP header gives it (the bytes may have been cut by the snap length).
    const ipEnd = net !== undefined && net.payloadEnd >= end ? net.payloadEnd : end;
    let datagramEnd = at + length;
    let lengthOk = true;
    if (length < 8) {
      // Nothing after the length can be trusted; stop here as tshark does.
      b.annotate(lengthField, ' (bogus, must be >= 8)');
      b.problem(P.length_short, at + 4, { length, offset: at + 4 }, lengthField);
      info.text(' [BAD UDP LENGTH ').uint(length).text(' < 8]');
      return undefined;
    } else if (datagramEnd > ipEnd && !ctx.quoted) {
      b.annotate(lengthField, ` (bogus, payload length ${ipEnd - at})`);
      b.problem(P.length_long, at + 4, { length, offset: at + 4, room: ipEnd - at }, lengthField);
      datagramEnd = ipEnd;
      lengthOk = false;
    }
    const payloadLength = Math.max(0, datagramEnd - at - 8);

    const checksum = b.uint(null, F.checksum, at + 6);
    if (checksum < 0) return undefined;
    const checksumField = b.last;
    if (checksum === 0) {
      b.annotate(checksumField, net?.family === 6 ? ' [zero-value illegal]' : ' [zero-value ignored]');
      // 3: not present (allowed over IPv4); 4: illegal (IPv6 requires it).
      b.add(checksumField, F.checksum_status, at + 6, 2, net?.family === 6 ? 4 : 3);
      if (net?.family === 6) b.problem(P.zero_checksum_ipv6, at + 6, undefined, checksumField);
    } else if (b.shows(F.checksum_status, F.checksum_calculated) && lengthOk && net && datagramEnd <= b.captured) {
      // Verifying sums every payload byte; the packet list (summary mode) skips it.
      const expected = expectedChecksum(bytes, net, at, datagramEnd);
      b.add(checksumField, F.checksum_calculated, at + 6, 2, expected);
      if (expected === checksum) {
        b.annotate(checksumField, ' [correct]');
        b.add(null, F.checksum_status, at + 6, 0, 1);
      } else {
        b.annotate(checksumField, ` incorrect, should be ${hexNumber(expected, 4)} (maybe caused by "UDP checksum offload"?)`);
        b.add(null, F.checksum_status, at + 6, 0, 0);
        b.problem(P.bad_checksum, at + 6, { checksum: hexNumber(checksum, 4), expected: hexNumber(expected, 4) }, checksumField);
      }
    } else {
      b.annotate(checksumField, ' [unverified]');
      b.add(null, F.checksum_status, at + 6, 0, 2);
    }

    ctx.lowPort = Math.min(sport, dport);
    ctx.highPort = Math.max(sport, dport);
    if (net && !ctx.quoted) {
      const conversations = ctx.state.slot('udp', newConversations);
      const stream = conversations.index(endpointKeyOf(bytes, net, net.src, sport), endpointKeyOf(bytes, net, net.dst, dport));
      b.add(null, F.stream, at + 8, 0, stream);
      ctx.stream = stream;
    }

    // The info text flags bad lengths and checksums the way tshark's does.
    if (!lengthOk) info.text(' [BAD UDP LENGTH ').uint(length).text(' > IP PAYLOAD LENGTH] Len=').uint(length - 8);
    else {
      info.text(' Len=').uint(payloadLength);
      if (checksum === 0 && net?.family === 6) info.text(' [ILLEGAL CHECKSUM (0)]');
    }
    const payloadEnd = Math.min(datagramEnd, end);
    // A payload cut off entirely by the snap length still goes to its decoder, to say what was lost.
    if (at + 8 > payloadEnd || (at + 8 === payloadEnd && (datagramEnd <= payloadEnd || !b.truncated))) return undefined;
    return b.next('udp.port', at + 8, payloadEnd, Math.min(sport, dport), Math.max(sport, dport));
  },
  narrative(r) {
    const parts: Message[] = [{ id: N.ports.id, params: { src: r.show(F.srcport) ?? '?', dst: r.show(F.dstport) ?? '?' } }];
    const length = r.number(F.length);
    if (length !== undefined) parts.push({ id: N.payload.id, params: { length: Math.max(0, length - 8) } });
    return parts;
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
