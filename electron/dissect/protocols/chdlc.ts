// Cisco HDLC (link type 104): the framing Cisco routers use on serial lines. An address byte
// (unicast or multicast), a control byte, then an EtherType saying what the frame carries: IPv4,
// IPv6, or SLARP, Cisco's keepalive and address protocol for the line.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { ETHERTYPE_NAMES } from './ethertype-names.js';
import { NO_ADDRESS } from './ppp.js';

/** Wireshark's names of the protocols Cisco HDLC carries (its own for a few). */
const CHDLC_TYPE_NAMES: Readonly<Record<number, string>> = {
  ...ETHERTYPE_NAMES,
  0x0800: 'IP',
  0x8035: 'SLARP',
  0x2000: 'CDP',
  0x0200: 'PUP',
  0x6003: 'DECnet',
  0x809b: 'Appletalk',
  0x8137: 'Netware IPX/SPX',
  0x4242: 'Spanning Tree Protocol',
  0xfefe: 'OSI',
  0x8847: 'MPLS unicast',
  0x8848: 'MPLS multicast',
};

const F = defineFields('chdlc', {
  address: { label: 'Address', type: 'uint8', base: 'hex', values: { 0x0f: 'Unicast', 0x8f: 'Multicast' }, description: 'Whether the frame is for one station (0x0f) or all of them (0x8f, keepalives).', rfc: 'Cisco HDLC' },
  control: { label: 'Control', type: 'uint8', base: 'hex', description: 'The HDLC control byte: 0x00 on Cisco HDLC.', rfc: 'Cisco HDLC' },
  protocol: { label: 'Protocol', type: 'uint16', base: 'hex', values: CHDLC_TYPE_NAMES, description: 'What the frame carries, as an EtherType: 0x0800 IPv4, 0x86dd IPv6, 0x8035 SLARP.', rfc: 'Cisco HDLC' },
  trailer: { label: 'Trailer', type: 'bytes', description: 'Bytes captured after the end of the packet as its own header gives it; no protocol claims them.' },
});

const S = defineFields('slarp', {
  ptype: { label: 'Packet type', type: 'uint32', values: { 0: 'Request', 1: 'Reply', 2: 'Line keepalive' }, description: 'A request for the other end\'s address, the reply with it, or a keepalive.', rfc: 'Cisco SLARP' },
  address: { label: 'Address', type: 'ipv4', description: 'The sender\'s IPv4 address on the serial line.', rfc: 'Cisco SLARP' },
  netmask: { label: 'Netmask', type: 'ipv4', description: 'The mask of the line\'s subnet, from which the other end derives its own address.', rfc: 'Cisco SLARP' },
  mysequence: { label: 'Outgoing sequence number', type: 'uint32', description: 'The sender\'s keepalive counter, one more in each keepalive.', rfc: 'Cisco SLARP' },
  yoursequence: { label: 'Returned sequence number', type: 'uint32', description: 'The last sequence number the sender received from the other end: the line works both ways while these keep up.', rfc: 'Cisco SLARP' },
  reliability: { label: 'Reliability', type: 'uint16', base: 'hex', description: 'Sent as 0xffff.', rfc: 'Cisco SLARP' },
});

const N = defineMessages('chdlc.narrative', {
  carries: 'Cisco HDLC frame on a serial line carrying {next}',
  type: 'Cisco HDLC frame on a serial line with protocol {protocol}',
  request: 'SLARP request: asks the router at the other end of the line for its address',
  reply: 'SLARP reply: the router\'s address {address} and mask {netmask} on the line',
  keepalive: 'SLARP keepalive {mine} (last heard {yours}): each end checks that the line still works in both directions',
});

export const chdlc: ProtocolModule = {
  place: { protocol: 'chdlc', osi: 2, tcpip: 'link' },
  name: 'Cisco HDLC',
  fields: F,
  registrations: [{ table: 'link', keys: [104] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Cisco HDLC';
    ctx.columns.protocol = 'CHDLC';
    ctx.columns.source.set(NO_ADDRESS);
    ctx.columns.destination.set(NO_ADDRESS);
    if (b.uint(null, F.address, at) < 0) return undefined;
    if (b.uint(null, F.control, at + 1) < 0) return undefined;
    const type = b.uint(null, F.protocol, at + 2);
    if (type < 0) return undefined;
    ctx.columns.info.set(CHDLC_TYPE_NAMES[type] ?? 'Cisco HDLC');
    return b.next('ethertype', at + 4, end, type);
  },
  trailer(b, start, end) {
    b.hex(null, F.trailer, start, end - start);
  },
  narrative(r): Message[] {
    const next = r.next;
    return [next && next.protocol !== 'data' ? { id: N.carries.id, params: { next: next.name } } : { id: N.type.id, params: { protocol: r.show(F.protocol) ?? '?' } }];
  },
};

export const slarp: ProtocolModule = {
  place: { protocol: 'slarp', osi: 2, tcpip: 'link' },
  name: 'SLARP',
  fields: S,
  registrations: [{ table: 'ethertype', keys: [0x8035] }],
  dissect(b, ctx) {
    const at = b.start;
    b.title = 'Cisco SLARP';
    ctx.columns.protocol = 'SLARP';
    const type = b.uint(null, S.ptype, at);
    if (type < 0) return undefined;
    if (type === 0 || type === 1) {
      if (!b.address(null, S.address, at + 4) || !b.address(null, S.netmask, at + 8)) return undefined;
      const bytes = b.frame.bytes;
      ctx.columns.info.set(`${type === 0 ? 'Request' : 'Reply'}, from ${bytes.subarray(at + 4, at + 8).join('.')}, mask ${bytes.subarray(at + 8, at + 12).join('.')}`);
    } else if (type === 2) {
      const mine = b.uint(null, S.mysequence, at + 4);
      const yours = b.uint(null, S.yoursequence, at + 8);
      if (mine < 0 || yours < 0) return undefined;
      if (b.uint(null, S.reliability, at + 12) < 0) return undefined;
      ctx.columns.info.set(`Line keepalive, outgoing sequence ${mine}, returned sequence ${yours}`);
    }
    return undefined;
  },
  narrative(r) {
    const type = r.number(S.ptype);
    const parts: Message[] = [];
    if (type === 0) parts.push({ id: N.request.id });
    else if (type === 1) parts.push({ id: N.reply.id, params: { address: r.show(S.address) ?? '?', netmask: r.show(S.netmask) ?? '?' } });
    else if (type === 2) parts.push({ id: N.keepalive.id, params: { mine: r.show(S.mysequence) ?? '?', yours: r.show(S.yoursequence) ?? '?' } });
    return parts;
  },
};
