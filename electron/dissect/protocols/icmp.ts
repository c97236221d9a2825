// ICMP (RFC 792): IPv4's control messages: echo (ping), errors that quote the start of the
// datagram that caused them, redirects and timestamps. The checksum covers the whole message.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { hexNumber } from '../display-format.js';
import { defineMessages, sayMessage, type Message } from '../../text/catalog.js';
import { CHECKSUM_STATUS } from './checksum-status.js';
import { addIcmpChecksum, attachQuotedDatagram } from './icmp-common.js';
import { matchEcho } from './echo-request-tracker.js';

const F = defineFields('icmp', {
  type: { label: 'Type', type: 'uint8', format: (v) => `${v} (${TYPE_NAMES[Number(v)] ?? 'Unknown ICMP (obsolete or malformed?)'})`, description: 'What kind of message this is: 8 echo request (ping), 0 echo reply, 3 destination unreachable, 11 time exceeded…', rfc: 'RFC 792' },
  code: { label: 'Code', type: 'uint8', description: 'Refines the type, e.g. for "destination unreachable" 3 means the port was closed.', rfc: 'RFC 792' },
  checksum: { label: 'Checksum', type: 'uint16', base: 'hex', description: 'A checksum over the whole ICMP message, so the receiver can tell it arrived intact.', rfc: 'RFC 792' },
  'checksum.status': { label: 'Checksum Status', type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, description: 'Whether the stored checksum matches the message.' },
  ident: { label: 'Identifier (BE)', type: 'uint16', base: 'dec_hex', description: 'Chosen by the pinging program so it can match replies to itself (read big-endian, as the RFC says).', rfc: 'RFC 792' },
  ident_le: { label: 'Identifier (LE)', type: 'uint16', base: 'dec_hex', description: 'The same identifier read little-endian, as some systems (Windows) write it.' },
  seq: { label: 'Sequence Number (BE)', type: 'uint16', base: 'dec_hex', description: 'Counts the pings sent, so replies can be matched to requests and losses spotted.', rfc: 'RFC 792' },
  seq_le: { label: 'Sequence Number (LE)', type: 'uint16', base: 'dec_hex', description: 'The same sequence number read little-endian, as some systems write it.' },
  unused: { label: 'Unused', type: 'bytes', description: 'Bytes the message type does not use; they should be zero.', rfc: 'RFC 792' },
  mtu: { label: 'MTU of next hop', type: 'uint16', description: 'The largest datagram the next link can carry; the sender should send smaller packets (path-MTU discovery).', rfc: 'RFC 1191 §4' },
  redir_gw: { label: 'Gateway Address', type: 'ipv4', description: 'The router the sender should use instead for this destination.', rfc: 'RFC 792' },
  pointer: { label: 'Pointer', type: 'uint8', description: 'Which byte of the quoted header the problem was found in.', rfc: 'RFC 792' },
  originate_timestamp: { label: 'Originate timestamp', type: 'uint32', description: 'When the request was sent, in milliseconds since midnight UTC.', rfc: 'RFC 792' },
  receive_timestamp: { label: 'Receive timestamp', type: 'uint32', description: 'When the replier received the request, in milliseconds since midnight UTC.', rfc: 'RFC 792' },
  transmit_timestamp: { label: 'Transmit timestamp', type: 'uint32', description: 'When the replier sent the reply, in milliseconds since midnight UTC.', rfc: 'RFC 792' },
});

const N = defineMessages('icmp.narrative', {
  message: 'ICMP {meaning}',
  sequence: 'sequence {seq}',
  echo_reply: 'echo reply (answer to a ping)',
  unreachable: 'destination unreachable',
  redirect: 'redirect',
  echo_request: 'echo request (a ping)',
  time_exceeded: 'time exceeded (TTL ran out)',
  other: 'type {type}',
});

const TYPE_NAMES: Readonly<Record<number, string>> = {
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

const MEANINGS: Readonly<Record<number, { id: string }>> = { 0: N.echo_reply, 3: N.unreachable, 5: N.redirect, 8: N.echo_request, 11: N.time_exceeded };

export const icmp: ProtocolModule = {
  place: { protocol: 'icmp', osi: 3, tcpip: 'internet' },
  name: 'ICMP',
  fields: F,
  registrations: [{ table: 'ip.proto', keys: [1] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    b.title = 'Internet Control Message Protocol';
    ctx.columns.protocol = 'ICMP';
    const type = b.uint(null, F.type, at);
    if (type < 0) return undefined;
    const code = b.uint(null, F.code, at + 1);
    if (code < 0) return undefined;
    const typeName = TYPE_NAMES[type] ?? `Unknown ICMP (obsolete or malformed?)`;
    const codeName = CODE_NAMES[type]?.[code];
    if (codeName) b.annotate(b.last, ` (${codeName})`);
    ctx.columns.info.set(codeName ? `${typeName.padEnd(20)} (${codeName})` : typeName);
    if (!addIcmpChecksum(b, ctx, end, F, 'ICMP')) return undefined;

    const rest = at + 4;
    if (type === 0 || type === 8 || type === 13 || type === 14 || type === 15 || type === 16 || type === 17 || type === 18) {
      const id = b.uint(null, F.ident, rest);
      if (id < 0) return undefined;
      b.add(null, F.ident_le, rest, 2, ((id & 0xff) << 8) | (id >> 8));
      const seq = b.uint(null, F.seq, rest + 2);
      if (seq < 0) return undefined;
      const swapped = ((seq & 0xff) << 8) | (seq >> 8);
      b.add(null, F.seq_le, rest + 2, 2, swapped);
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
        for (let i = 0; i < 3; i++) if (b.uint(null, names[i], rest + 4 + 4 * i) < 0) return undefined;
      }
      // Echo data follows as a data layer, as in Wireshark.
      return undefined;
    }
    if (type === 3 && code === 4) {
      if (!b.hex(null, F.unused, rest, 2)) return undefined;
      if (b.uint(null, F.mtu, rest + 2) < 0) return undefined;
    } else if (type === 5) {
      if (!b.address(null, F.redir_gw, rest)) return undefined;
    } else if (type === 12) {
      if (b.uint(null, F.pointer, rest) < 0) return undefined;
      if (!b.hex(null, F.unused, rest + 1, 3)) return undefined;
    } else if (QUOTES_DATAGRAM.has(type)) {
      if (!b.hex(null, F.unused, rest, 4)) return undefined;
    } else {
      return undefined;
    }
    attachQuotedDatagram(b, ctx, 0x0800, rest + 4, end,
      'The start of the original datagram that caused this error, quoted so its sender can tell which packet it was.');
    return undefined;
  },
  narrative(r) {
    const type = r.number(F.type);
    const meaning: Message = type === undefined ? { id: N.other.id, params: { type: '?' } } : MEANINGS[type] ?? { id: N.other.id, params: { type } };
    const parts: Message[] = [{ id: N.message.id, params: { meaning: sayMessage(meaning) } }];
    const seq = r.show(F.seq);
    if (seq !== undefined) parts.push({ id: N.sequence.id, params: { seq } });
    return parts;
  },
};
