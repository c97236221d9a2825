// ICMP (RFC 792): IPv4's control messages: echo (ping), errors that quote the start of the
// datagram that caused them, redirects and timestamps. The checksum covers the whole message.

import type { Dissector, ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { colonHex, hexNumber, ipv4Address } from '../display-format.js';
import { addIcmpChecksum, attachQuotedDatagram } from './icmp-common.js';
import { matchEcho } from './echo-request-tracker.js';

const F = defineFields('icmp', {
  type: { label: 'Type', description: 'What kind of message this is: 8 echo request (ping), 0 echo reply, 3 destination unreachable, 11 time exceeded…', rfc: 'RFC 792' },
  code: { label: 'Code', description: 'Refines the type, e.g. for "destination unreachable" 3 means the port was closed.', rfc: 'RFC 792' },
  checksum: { label: 'Checksum', description: 'A checksum over the whole ICMP message, so the receiver can tell it arrived intact.', rfc: 'RFC 792' },
  'checksum.status': { label: 'Checksum Status', description: 'Whether the stored checksum matches the message: 1 good, 0 bad, 2 not verified.' },
  ident: { label: 'Identifier', description: 'Chosen by the pinging program so it can match replies to itself.', rfc: 'RFC 792' },
  seq: { label: 'Sequence Number', description: 'Counts the pings sent, so replies can be matched to requests and losses spotted.', rfc: 'RFC 792' },
  unused: { label: 'Unused', description: 'Bytes the message type does not use; they should be zero.', rfc: 'RFC 792' },
  mtu: { label: 'MTU of next hop', description: 'The largest datagram the next link can carry; the sender should send smaller packets (path-MTU discovery).', rfc: 'RFC 1191 §4' },
  redir_gw: { label: 'Gateway Address', description: 'The router the sender should use instead for this destination.', rfc: 'RFC 792' },
  pointer: { label: 'Pointer', description: 'Which byte of the quoted header the problem was found in.', rfc: 'RFC 792' },
  originate_timestamp: { label: 'Originate timestamp', description: 'When the request was sent, in milliseconds since midnight UTC.', rfc: 'RFC 792' },
  receive_timestamp: { label: 'Receive timestamp', description: 'When the replier received the request, in milliseconds since midnight UTC.', rfc: 'RFC 792' },
  transmit_timestamp: { label: 'Transmit timestamp', description: 'When the replier sent the reply, in milliseconds since midnight UTC.', rfc: 'RFC 792' },
});

const TYPE_NAMES: Record<number, string> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  4: 'Source quench (flow control)',
  5: 'Redirect',
  8: 'Echo (ping) request',
  9: 'Router advertisement',
  10: 'Router solicitation',
  11: 'Time-to-live exceeded',
  12: 'Parameter problem',
  13: 'Timestamp request',
  14: 'Timestamp reply',
  15: 'Information request',
  16: 'Information reply',
  17: 'Address mask request',
  18: 'Address mask reply',
};

const CODE_NAMES: Record<number, readonly string[]> = {
  3: [
    'Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable', 'Fragmentation needed',
    'Source route failed', 'Destination network unknown', 'Destination host unknown', 'Source host isolated',
    'Network administratively prohibited', 'Host administratively prohibited', 'Network unreachable for TOS',
    'Host unreachable for TOS', 'Communication administratively filtered', 'Host precedence violation',
    'Precedence cutoff in effect',
  ],
  5: ['Redirect for network', 'Redirect for host', 'Redirect for TOS and network', 'Redirect for TOS and host'],
  11: ['Time to live exceeded in transit', 'Fragment reassembly time exceeded'],
  12: ['Pointer indicates the error', 'Required option missing', 'Bad length'],
};

/** Types whose body quotes the start of the datagram that caused them. */
const QUOTES_DATAGRAM = new Set([3, 4, 5, 11, 12]);

export const icmpDissector: Dissector = {
  place: { protocol: 'icmp', osi: 3, tcpip: 'internet' },
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    const detail = ctx.detail;
    b.title = 'Internet Control Message Protocol';
    ctx.columns.protocol = 'ICMP';
    if (!b.need(F.type, at, 1)) return undefined;
    const type = b.u8(at);
    b.add(null, F.type, at, 1, type, detail ? String(type) : '');
    if (!b.need(F.code, at + 1, 1)) return undefined;
    const code = b.u8(at + 1);
    b.add(null, F.code, at + 1, 1, code, detail ? String(code) : '');
    const typeName = TYPE_NAMES[type] ?? `Unknown ICMP (obsolete or malformed?)`;
    const codeName = CODE_NAMES[type]?.[code];
    ctx.columns.info.set(codeName ? `${typeName.padEnd(20)} (${codeName})` : typeName);
    if (!addIcmpChecksum(b, ctx, end, F, 'ICMP')) return undefined;

    const rest = at + 4;
    if (type === 0 || type === 8 || type === 13 || type === 14 || type === 15 || type === 16 || type === 17 || type === 18) {
      if (!b.need(F.ident, rest, 2)) return undefined;
      const id = b.u16(rest);
      b.add(null, F.ident, rest, 2, id, detail ? String(id) : '');
      if (!b.need(F.seq, rest + 2, 2)) return undefined;
      const seq = b.u16(rest + 2);
      b.add(null, F.seq, rest + 2, 2, seq, detail ? String(seq) : '');
      const swapped = ((seq & 0xff) << 8) | (seq >> 8);
      let info = `${typeName.padEnd(20)} id=${hexNumber(id, 4)}, seq=${seq}/${swapped}`;
      const net = ctx.network;
      if (net?.family === 4) info += `, ttl=${bytes[net.src - 4]}`;
      if (type === 0 || type === 8) {
        const request = matchEcho(ctx, 'icmp', type === 8, id, seq);
        if (request !== undefined) info += ` (request in ${request})`;
      }
      ctx.columns.info.set(info);
      if (type === 13 || type === 14) {
        const names = [F.originate_timestamp, F.receive_timestamp, F.transmit_timestamp];
        for (let i = 0; i < 3; i++) {
          const o = rest + 4 + 4 * i;
          if (!b.need(names[i], o, 4)) return undefined;
          const t = b.u32(o);
          b.add(null, names[i], o, 4, t, detail ? String(t) : '');
        }
      }
      // Echo data follows as a data layer, as in Wireshark.
      return undefined;
    }
    if (type === 3 && code === 4) {
      if (!b.need(F.unused, rest, 2)) return undefined;
      b.add(null, F.unused, rest, 2, null, detail ? colonHex(bytes.subarray(rest, rest + 2)) : '');
      if (!b.need(F.mtu, rest + 2, 2)) return undefined;
      const mtu = b.u16(rest + 2);
      b.add(null, F.mtu, rest + 2, 2, mtu, detail ? String(mtu) : '');
    } else if (type === 5) {
      if (!b.need(F.redir_gw, rest, 4)) return undefined;
      const gw = ipv4Address(bytes, rest);
      b.add(null, F.redir_gw, rest, 4, gw, gw);
    } else if (type === 12) {
      if (!b.need(F.pointer, rest, 1)) return undefined;
      const ptr = b.u8(rest);
      b.add(null, F.pointer, rest, 1, ptr, detail ? String(ptr) : '');
      if (!b.need(F.unused, rest + 1, 3)) return undefined;
      b.add(null, F.unused, rest + 1, 3, null, detail ? colonHex(bytes.subarray(rest + 1, rest + 4)) : '');
    } else if (QUOTES_DATAGRAM.has(type)) {
      if (!b.need(F.unused, rest, 4)) return undefined;
      b.add(null, F.unused, rest, 4, null, detail ? colonHex(bytes.subarray(rest, rest + 4)) : '');
    } else {
      return undefined;
    }
    attachQuotedDatagram(b, ctx, 0x0800, rest + 4, end,
      'The start of the original datagram that caused this error, quoted so its sender can tell which packet it was.');
    return undefined;
  },
};

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const icmp = { ...icmpDissector, name: 'ICMP', fields: {}, registrations: [{ table: 'ip.proto', keys: [1] }] } as unknown as ProtocolModule;
