// ICMPv6 (RFC 4443): IPv6's control messages: echo, errors quoting the packet that caused them,
// neighbour and router discovery (RFC 4861, IPv6's ARP and DHCP-lite) and multicast listener
// reports (RFC 3810). The checksum covers the message and the IPv6 pseudo-header.

import type { ProtocolModule } from '../dissector.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, sayMessage, type Message } from '../../text/catalog.js';
import { CHECKSUM_STATUS } from './checksum-status.js';
import type { Field } from '../field-model.js';
import { defineFields } from '../field-spec.js';
import type { LayerBuilder } from '../layer-builder.js';
import { colonHex, hexNumber, ipv6Address, macAddress } from '../display-format.js';
import { addIcmpChecksum, attachQuotedDatagram } from './icmp-common.js';
import { matchEcho } from './echo-request-tracker.js';

const F = defineFields('icmpv6', {
  type: { type: 'uint8', format: (v) => `${TYPE_NAMES[Number(v)] ?? 'Unknown'} (${v})`, label: 'Type', description: 'What kind of message this is: 128/129 echo, 1–4 errors, 133–137 neighbour and router discovery, 143 multicast listener report.', rfc: 'RFC 4443 §2.1' },
  code: { type: 'uint8', label: 'Code', description: 'Refines the type, e.g. for "destination unreachable" 4 means the port was closed.', rfc: 'RFC 4443 §2.1' },
  checksum: { type: 'uint16', base: 'hex', label: 'Checksum', description: 'A checksum over the message and the IPv6 addresses (pseudo-header), so a misdelivered or damaged message is caught.', rfc: 'RFC 4443 §2.3' },
  'checksum.status': { type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, label: 'Checksum Status', description: 'Whether the stored checksum matches the message: 1 good, 0 bad, 2 not verified.' },
  reserved: { type: 'bytes', label: 'Reserved', description: 'Unused bytes; zero.', rfc: 'RFC 4443' },
  mtu: { type: 'uint32', label: 'MTU', description: 'The largest packet the next link can carry; the sender must send smaller packets.', rfc: 'RFC 4443 §3.2' },
  pointer: { type: 'uint32', label: 'Pointer', description: 'Which byte of the quoted packet the problem was found in.', rfc: 'RFC 4443 §3.4' },
  'echo.identifier': { type: 'uint16', base: 'hex', label: 'Identifier', description: 'Chosen by the pinging program so it can match replies to itself.', rfc: 'RFC 4443 §4.1' },
  'echo.sequence_number': { type: 'uint16', label: 'Sequence', description: 'Counts the pings sent, so replies can be matched to requests and losses spotted.', rfc: 'RFC 4443 §4.1' },
  'nd.ns.target_address': { type: 'ipv6', label: 'Target Address', description: 'The IPv6 address whose link-layer (MAC) address the sender wants to learn.', rfc: 'RFC 4861 §4.3' },
  'nd.na.flag': { type: 'uint32', base: 'hex', label: 'Flags', description: 'Router, Solicited and Override flags of this advertisement.', rfc: 'RFC 4861 §4.4' },
  'nd.na.flag.r': { type: 'boolean', bits: 32, label: 'Router', mask: 0x80000000, description: 'Set when the sender is a router.', rfc: 'RFC 4861 §4.4' },
  'nd.na.flag.s': { type: 'boolean', bits: 32, label: 'Solicited', mask: 0x40000000, description: 'Set when this answers a Neighbor Solicitation.', rfc: 'RFC 4861 §4.4' },
  'nd.na.flag.o': { type: 'boolean', bits: 32, label: 'Override', mask: 0x20000000, description: 'Set when the receiver should replace the link-layer address it had cached.', rfc: 'RFC 4861 §4.4' },
  'nd.na.flag.rsv': { type: 'uint32', label: 'Reserved', mask: 0x1fffffff, description: 'Unused bits; zero.', rfc: 'RFC 4861 §4.4' },
  'nd.na.target_address': { type: 'ipv6', label: 'Target Address', description: 'The IPv6 address this advertisement is about.', rfc: 'RFC 4861 §4.4' },
  'nd.ra.cur_hop_limit': { type: 'uint8', label: 'Cur hop limit', description: 'The hop limit hosts on this link should put in the packets they send; 0 means unspecified.', rfc: 'RFC 4861 §4.2' },
  'nd.ra.flag': { type: 'uint8', base: 'hex', label: 'Flags', description: 'Tell hosts how to configure addresses (Managed: use DHCPv6; Other: DHCPv6 for other settings) and the router\'s preference.', rfc: 'RFC 4861 §4.2' },
  'nd.ra.flag.m': { type: 'boolean', bits: 8, label: 'Managed address configuration', mask: 0x80, description: 'Set when hosts should get their addresses from DHCPv6.', rfc: 'RFC 4861 §4.2' },
  'nd.ra.flag.o': { type: 'boolean', bits: 8, label: 'Other configuration', mask: 0x40, description: 'Set when hosts should get other settings (such as DNS servers) from DHCPv6.', rfc: 'RFC 4861 §4.2' },
  'nd.ra.flag.h': { type: 'boolean', bits: 8, label: 'Home Agent', mask: 0x20, description: 'Set when the router is a Mobile IPv6 home agent.', rfc: 'RFC 6275 §7.1' },
  'nd.ra.flag.prf': { type: 'uint8', label: 'Prf (Default Router Preference)', mask: 0x18, description: 'How much hosts should prefer this router: 1 high, 0 medium, 3 low.', rfc: 'RFC 4191 §2.2' },
  'nd.ra.flag.p': { type: 'boolean', bits: 8, label: 'ND Proxy', mask: 0x04, description: 'Set by a neighbour-discovery proxy.', rfc: 'RFC 4389 §4.1.3.3' },
  'nd.ra.flag.rsv': { type: 'uint8', label: 'Reserved', mask: 0x03, description: 'Unused bits; zero.', rfc: 'RFC 4861 §4.2' },
  'nd.ra.router_lifetime': { type: 'uint16', label: 'Router lifetime (s)', description: 'How many seconds hosts may use this router as their default gateway; 0 means not at all.', rfc: 'RFC 4861 §4.2' },
  'nd.ra.reachable_time': { type: 'uint32', label: 'Reachable time (ms)', description: 'How long hosts may assume a neighbour is reachable after confirming it; 0 means unspecified.', rfc: 'RFC 4861 §4.2' },
  'nd.ra.retrans_timer': { type: 'uint32', label: 'Retrans timer (ms)', description: 'How long hosts wait between Neighbor Solicitations; 0 means unspecified.', rfc: 'RFC 4861 §4.2' },
  'nd.rd.target_address': { type: 'ipv6', label: 'Target Address', description: 'The better first hop for the destination.', rfc: 'RFC 4861 §4.5' },
  'nd.rd.destination_address': { type: 'ipv6', label: 'Destination Address', description: 'The destination being redirected.', rfc: 'RFC 4861 §4.5' },
  opt: { type: 'none', label: 'ICMPv6 Option', description: 'One option of a neighbour or router discovery message.', rfc: 'RFC 4861 §4.6' },
  'opt.type': { type: 'uint8', label: 'Type', description: 'Which option: 1 source link-layer address, 2 target link-layer address, 3 prefix information, 5 MTU.', rfc: 'RFC 4861 §4.6' },
  'opt.length': { type: 'uint8', label: 'Length', description: 'The option\'s length in units of 8 bytes.', rfc: 'RFC 4861 §4.6' },
  'opt.linkaddr': { type: 'ether', label: 'Link-layer address', description: 'A MAC address: the sender\'s (source option) or the target\'s (target option); this is how IPv6 learns MAC addresses.', rfc: 'RFC 4861 §4.6.1' },
  'opt.reserved': { type: 'bytes', label: 'Reserved', description: 'Unused bytes; zero.', rfc: 'RFC 4861 §4.6' },
  'opt.mtu': { type: 'uint32', label: 'MTU', description: 'The link MTU hosts on this link should use.', rfc: 'RFC 4861 §4.6.4' },
  'opt.prefix.length': { type: 'uint8', label: 'Prefix Length', description: 'How many leading bits of the prefix identify the network (usually 64).', rfc: 'RFC 4861 §4.6.2' },
  'opt.prefix.flag': { type: 'uint8', base: 'hex', label: 'Flag', description: 'On-link and Autonomous flags: whether the prefix is on this link and hosts may build their own addresses from it (SLAAC).', rfc: 'RFC 4861 §4.6.2' },
  'opt.prefix.flag.l': { type: 'boolean', bits: 8, label: 'On-link flag(L)', mask: 0x80, description: 'Set when addresses with this prefix are reachable directly on this link.', rfc: 'RFC 4861 §4.6.2' },
  'opt.prefix.flag.a': { type: 'boolean', bits: 8, label: 'Autonomous address-configuration flag(A)', mask: 0x40, description: 'Set when hosts may form their own address from this prefix (SLAAC).', rfc: 'RFC 4861 §4.6.2' },
  'opt.prefix.flag.r': { type: 'boolean', bits: 8, label: 'Router address flag(R)', mask: 0x20, description: 'Set when the prefix field holds the router\'s full address.', rfc: 'RFC 6275 §7.2' },
  'opt.prefix.flag.reserved': { type: 'uint8', label: 'Reserved', mask: 0x1f, description: 'Unused bits; zero.', rfc: 'RFC 4861 §4.6.2' },
  'opt.prefix.valid_lifetime': { type: 'uint32', label: 'Valid Lifetime', description: 'Seconds the prefix stays valid for addresses built from it.', rfc: 'RFC 4861 §4.6.2' },
  'opt.prefix.preferred_lifetime': { type: 'uint32', label: 'Preferred Lifetime', description: 'Seconds addresses built from the prefix stay preferred for new connections.', rfc: 'RFC 4861 §4.6.2' },
  'opt.prefix': { type: 'ipv6', label: 'Prefix', description: 'The network prefix being advertised.', rfc: 'RFC 4861 §4.6.2' },
  'opt.data': { type: 'bytes', label: 'Data', description: 'The option\'s contents, not decoded by Layerscope.' },
  'mld.max_response_delay': { type: 'uint16', label: 'Maximum Response Delay [ms]', description: 'How long listeners may wait before answering this query.', rfc: 'RFC 2710 §3.4' },
  'mld.multicast_address': { type: 'ipv6', label: 'Multicast Address', description: 'The multicast group this message is about.', rfc: 'RFC 2710 §3.6' },
  'mldr.nb_mcast_records': { type: 'uint16', label: 'Number of Multicast Address Records', description: 'How many group records this report carries.', rfc: 'RFC 3810 §5.2' },
  'mldr.mar': { type: 'none', label: 'Multicast Address Record', description: 'One multicast group this host joins, leaves or listens to, with its source filter.', rfc: 'RFC 3810 §5.2.4' },
  'mldr.mar.record_type': { type: 'uint8', label: 'Record Type', description: 'What the record says: 1–2 current state (include/exclude), 3–4 change to include/exclude (4 with no sources = join), 5–6 allow/block sources.', rfc: 'RFC 3810 §5.2.12' },
  'mldr.mar.aux_data_len': { type: 'uint8', label: 'Aux Data Len', description: 'Length of auxiliary data at the end of the record, in 4-byte words; normally 0.', rfc: 'RFC 3810 §5.2.6' },
  'mldr.mar.nb_sources': { type: 'uint16', label: 'Number of Sources', description: 'How many source addresses the record lists.', rfc: 'RFC 3810 §5.2.7' },
  'mldr.mar.multicast_address': { type: 'ipv6', label: 'Multicast Address', description: 'The multicast group the record is about.', rfc: 'RFC 3810 §5.2.8' },
  'mldr.mar.source_address': { type: 'ipv6', label: 'Source Address', description: 'A sender whose traffic to the group the host wants (include) or not (exclude).', rfc: 'RFC 3810 §5.2.9' },
  'mldr.mar.aux_data': { type: 'bytes', label: 'Aux Data', description: 'Auxiliary data of the record.', rfc: 'RFC 3810 §5.2.10' },
});

const P = defineProblems('icmpv6', {
  option_length_zero: ['error', 'ICMPv6 option at offset {offset} has length 0, which is invalid (it would never end)'],
  option_past_end: ['error', 'ICMPv6 option at offset {offset} is {length} bytes long, past the end of the message at offset {end}'],
});

const N = defineMessages('icmpv6.narrative', {
  message: 'ICMPv6 {meaning}',
  sequence: 'sequence {seq}',
  unreachable: 'destination unreachable',
  time_exceeded: 'time exceeded',
  echo_request: 'echo request (a ping)',
  echo_reply: 'echo reply (answer to a ping)',
  router_solicitation: 'router solicitation',
  router_advertisement: 'router advertisement',
  neighbour_solicitation: 'neighbour solicitation (who has this address?)',
  neighbour_advertisement: 'neighbour advertisement (this address is here)',
  listener_report: 'multicast listener report',
  other: 'type {type}',
});

const MEANINGS: Readonly<Record<number, { id: string }>> = {
  1: N.unreachable, 3: N.time_exceeded, 128: N.echo_request, 129: N.echo_reply, 133: N.router_solicitation,
  134: N.router_advertisement, 135: N.neighbour_solicitation, 136: N.neighbour_advertisement, 143: N.listener_report,
};

const TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem',
  128: 'Echo (ping) request', 129: 'Echo (ping) reply', 130: 'Multicast Listener Query',
  131: 'Multicast Listener Report', 132: 'Multicast Listener Done', 133: 'Router Solicitation',
  134: 'Router Advertisement', 135: 'Neighbor Solicitation', 136: 'Neighbor Advertisement', 137: 'Redirect',
  143: 'Multicast Listener Report Message v2',
};
const CODE_NAMES: Record<number, readonly string[]> = {
  1: ['No route to destination', 'Administratively prohibited', 'Beyond scope of source address', 'Address unreachable', 'Port unreachable', 'Source address failed ingress/egress policy', 'Reject route to destination'],
  3: ['Hop limit exceeded in transit', 'Fragment reassembly time exceeded'],
  4: ['Erroneous header field encountered', 'Unrecognized Next Header type encountered', 'Unrecognized IPv6 option encountered'],
};

export const icmpv6: ProtocolModule = {
  place: { protocol: 'icmpv6', osi: 3, tcpip: 'internet' },
  name: 'ICMPv6',
  fields: F,
  registrations: [{ table: 'ip.proto', keys: [58] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    const detail = ctx.detail;
    b.title = 'Internet Control Message Protocol v6';
    ctx.columns.protocol = 'ICMPv6';
    if (!b.need(F.type, at, 1)) return undefined;
    const type = b.u8(at);
    b.add(null, F.type, at, 1, type);
    if (!b.need(F.code, at + 1, 1)) return undefined;
    const code = b.u8(at + 1);
    b.add(null, F.code, at + 1, 1, code);
    const typeName = TYPE_NAMES[type] ?? `Unknown (${type})`;
    const codeName = CODE_NAMES[type]?.[code];
    ctx.columns.info.set(codeName ? `${typeName} (${codeName})` : typeName);
    if (!addIcmpChecksum(b, ctx, end, F, 'ICMPv6')) return undefined;
    const net = ctx.network;
    const body = at + 4;
    // Options run to the message's end as the IPv6 header says, so a cut inside them is reported.
    const messageEnd = ctx.quoted ? end : Math.max(end, Math.min(net?.payloadEnd ?? end, b.frame.reportedLength));
    switch (type) {
      case 128:
      case 129: {
        if (!b.need(F['echo.identifier'], body, 2)) return undefined;
        const id = b.u16(body);
        b.add(null, F['echo.identifier'], body, 2, id);
        if (!b.need(F['echo.sequence_number'], body + 2, 2)) return undefined;
        const seq = b.u16(body + 2);
        b.add(null, F['echo.sequence_number'], body + 2, 2, seq);
        const request = matchEcho(ctx, 'icmpv6', type === 128, id, seq);
        ctx.columns.info.set(`${typeName} id=${hexNumber(id, 4)}, seq=${seq}${net?.family === 6 ? `, hop limit=${bytes[net.src - 1]}` : ''}${request !== undefined ? ` (request in ${request})` : ''}`);
        return undefined;
      }
      case 1:
      case 3:
      case 2:
      case 4: {
        if (type === 2) {
          if (!b.need(F.mtu, body, 4)) return undefined;
          b.add(null, F.mtu, body, 4, b.u32(body));
        } else if (type === 4) {
          if (!b.need(F.pointer, body, 4)) return undefined;
          b.add(null, F.pointer, body, 4, b.u32(body));
        } else {
          if (!b.need(F.reserved, body, 4)) return undefined;
          b.hexField(null, F.reserved, body, 4);
        }
        attachQuotedDatagram(b, ctx, 0x86dd, body + 4, end,
          'The start of the original packet that caused this error, quoted so its sender can tell which packet it was.');
        return undefined;
      }
      case 130:
      case 131:
      case 132: {
        if (!b.need(F['mld.max_response_delay'], body, 2)) return undefined;
        b.add(null, F['mld.max_response_delay'], body, 2, b.u16(body));
        if (!b.need(F.reserved, body + 2, 2)) return undefined;
        b.hexField(null, F.reserved, body + 2, 2);
        if (!b.need(F['mld.multicast_address'], body + 4, 16)) return undefined;
        const group = ipv6Address(bytes, body + 4);
        b.add(null, F['mld.multicast_address'], body + 4, 16, group);
        break;
      }
      case 133: {
        if (!b.need(F.reserved, body, 4)) return undefined;
        b.hexField(null, F.reserved, body, 4);
        const mac = dissectOptions(b, body + 4, messageEnd);
        if (mac) ctx.columns.info.set(`${typeName} from ${mac}`);
        return undefined;
      }
      case 134: {
        if (!b.need(F['nd.ra.retrans_timer'], body, 12)) return undefined;
        b.add(null, F['nd.ra.cur_hop_limit'], body, 1, bytes[body]);
        const flags = b.add(null, F['nd.ra.flag'], body + 1, 1, bytes[body + 1]);
        for (const k of ['nd.ra.flag.m', 'nd.ra.flag.o', 'nd.ra.flag.h', 'nd.ra.flag.prf', 'nd.ra.flag.p', 'nd.ra.flag.rsv'] as const) b.bits(flags, F[k], body + 1, 1);
        b.add(null, F['nd.ra.router_lifetime'], body + 2, 2, b.u16(body + 2));
        b.add(null, F['nd.ra.reachable_time'], body + 4, 4, b.u32(body + 4));
        b.add(null, F['nd.ra.retrans_timer'], body + 8, 4, b.u32(body + 8));
        const mac = dissectOptions(b, body + 12, messageEnd);
        if (mac) ctx.columns.info.set(`${typeName} from ${mac}`);
        return undefined;
      }
      case 135: {
        if (!b.need(F['nd.ns.target_address'], body, 20)) return undefined;
        b.hexField(null, F.reserved, body, 4);
        const target = ipv6Address(bytes, body + 4);
        b.add(null, F['nd.ns.target_address'], body + 4, 16, target);
        const mac = dissectOptions(b, body + 20, messageEnd);
        ctx.columns.info.set(`${typeName} for ${target}${mac ? ` from ${mac}` : ''}`);
        return undefined;
      }
      case 136: {
        if (!b.need(F['nd.na.target_address'], body, 20)) return undefined;
        const word = b.u32(body);
        const flags = b.add(null, F['nd.na.flag'], body, 4, word);
        for (const k of ['nd.na.flag.r', 'nd.na.flag.s', 'nd.na.flag.o', 'nd.na.flag.rsv'] as const) b.bits(flags, F[k], body, 4);
        const target = ipv6Address(bytes, body + 4);
        b.add(null, F['nd.na.target_address'], body + 4, 16, target);
        const mac = dissectOptions(b, body + 20, messageEnd);
        const names = [word & 0x80000000 ? 'rtr' : '', word & 0x40000000 ? 'sol' : '', word & 0x20000000 ? 'ovr' : ''].filter(Boolean);
        ctx.columns.info.set(`${typeName} ${target}${names.length ? ` (${names.join(', ')})` : ''}${mac ? ` is at ${mac}` : ''}`);
        return undefined;
      }
      case 137: {
        if (!b.need(F['nd.rd.destination_address'], body, 36)) return undefined;
        b.hexField(null, F.reserved, body, 4);
        const target = ipv6Address(bytes, body + 4);
        b.add(null, F['nd.rd.target_address'], body + 4, 16, target);
        const dest = ipv6Address(bytes, body + 20);
        b.add(null, F['nd.rd.destination_address'], body + 20, 16, dest);
        dissectOptions(b, body + 36, messageEnd);
        return undefined;
      }
      case 143: {
        if (!b.need(F.reserved, body, 2)) return undefined;
        b.hexField(null, F.reserved, body, 2);
        if (!b.need(F['mldr.nb_mcast_records'], body + 2, 2)) return undefined;
        const count = b.u16(body + 2);
        b.add(null, F['mldr.nb_mcast_records'], body + 2, 2, count);
        let o = body + 4;
        for (let i = 0; i < count; i++) {
          if (!b.need(F['mldr.mar'], o, 20)) return undefined;
          const aux = bytes[o + 1] * 4;
          const sources = b.u16(o + 2);
          const length = 20 + 16 * sources + aux;
          if (!b.need(F['mldr.mar'], o, length)) return undefined;
          const rec = b.add(null, F['mldr.mar'], o, length, null);
          b.add(rec, F['mldr.mar.record_type'], o, 1, bytes[o]);
          b.add(rec, F['mldr.mar.aux_data_len'], o + 1, 1, bytes[o + 1]);
          b.add(rec, F['mldr.mar.nb_sources'], o + 2, 2, sources);
          if (detail) {
            const group = ipv6Address(bytes, o + 4);
            b.add(rec, F['mldr.mar.multicast_address'], o + 4, 16, group);
            for (let s = 0; s < sources; s++) {
              const a = ipv6Address(bytes, o + 20 + 16 * s);
              b.add(rec, F['mldr.mar.source_address'], o + 20 + 16 * s, 16, a);
            }
            if (aux) b.hexField(rec, F['mldr.mar.aux_data'], o + 20 + 16 * sources, aux);
          }
          o += length;
        }
        return undefined;
      }
      default:
        return undefined;
    }
    return undefined;
  },
  narrative(r) {
    const type = r.number(F.type);
    const meaning: Message = type === undefined ? { id: N.other.id, params: { type: '?' } } : MEANINGS[type] ?? { id: N.other.id, params: { type } };
    const parts: Message[] = [{ id: N.message.id, params: { meaning: sayMessage(meaning) } }];
    // The echo sequence number by its typed spec (the old name-string lookup missed it).
    const seq = r.show(F['echo.sequence_number']);
    if (seq !== undefined) parts.push({ id: N.sequence.id, params: { seq } });
    return parts;
  },
};

/**
 * Decodes neighbour-discovery options in [at, end). Returns the MAC address of a source (or
 * target) link-layer address option, which the info column shows.
 */
function dissectOptions(b: LayerBuilder, at: number, end: number): string {
  const bytes = b.frame.bytes;
  // Undecodable rest is shown only as far as it was captured.
  const shown = Math.min(end, b.captured);
  let mac = '';
  let o = at;
  while (o < end) {
    if (!b.need(F['opt.length'], o, 2)) return mac;
    const type = bytes[o];
    const units = bytes[o + 1];
    const length = units * 8;
    if (length === 0) {
      b.problem(P.option_length_zero, o + 1, { offset: o }, F['opt.length']);
      if (shown > o) b.hexField(null, F['opt.data'], o, shown - o);
      return mac;
    }
    if (o + length > end) {
      b.problem(P.option_past_end, o + 1, { offset: o, length, end }, F['opt.length']);
      if (shown > o) b.hexField(null, F['opt.data'], o, shown - o);
      return mac;
    }
    if (!b.need(F.opt, o, length)) return mac;
    const opt: Field = b.add(null, F.opt, o, length, null);
    b.add(opt, F['opt.type'], o, 1, type);
    b.add(opt, F['opt.length'], o + 1, 1, units);
    if ((type === 1 || type === 2) && length === 8) {
      const addr = macAddress(bytes, o + 2);
      b.add(opt, F['opt.linkaddr'], o + 2, 6, addr);
      if (!mac) mac = addr;
    } else if (type === 5 && length === 8) {
      b.add(opt, F['opt.reserved'], o + 2, 2, null);
      b.add(opt, F['opt.mtu'], o + 4, 4, b.u32(o + 4));
    } else if (type === 3 && length === 32) {
      b.add(opt, F['opt.prefix.length'], o + 2, 1, bytes[o + 2]);
      const flag = b.add(opt, F['opt.prefix.flag'], o + 3, 1, bytes[o + 3]);
      for (const k of ['opt.prefix.flag.l', 'opt.prefix.flag.a', 'opt.prefix.flag.r', 'opt.prefix.flag.reserved'] as const) b.bits(flag, F[k], o + 3, 1);
      b.add(opt, F['opt.prefix.valid_lifetime'], o + 4, 4, b.u32(o + 4));
      b.add(opt, F['opt.prefix.preferred_lifetime'], o + 8, 4, b.u32(o + 8));
      b.add(opt, F['opt.reserved'], o + 12, 4, null);
      const prefix = ipv6Address(bytes, o + 16);
      b.add(opt, F['opt.prefix'], o + 16, 16, prefix);
    } else {
      b.hexField(opt, F['opt.data'], o + 2, length - 2);
    }
    o += length;
  }
  return mac;
}

