// What Linux "cooked" capture headers (SLL v1 and v2) share: their fields, the sender's address,
// the protocol field with its three meanings, and the narrative. Capturing on the `any`
// pseudo-interface cannot keep each device's own link header, so libpcap writes this one instead.

import type { DissectContext, LayerReading, NextLayer } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
import { macAddress } from '../display-format.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { ETHERTYPE_NAMES, announceEtherType } from './ethertype-names.js';
import { HARDWARE_TYPE_NAMES } from './hardware-type-names.js';

const PACKET_TYPES: Readonly<Record<number, string>> = {
  0: 'Unicast to us',
  1: 'Broadcast',
  2: 'Multicast',
  3: 'Unicast to another host',
  4: 'Sent by us',
};

/** Linux's own protocol numbers (ETH_P_*), used in the protocol field for values up to 1536. */
const LINUX_PROTOCOLS: Readonly<Record<number, string>> = {
  0x0001: 'Raw 802.3',
  0x0003: 'Ethernet',
  0x0004: '802.2 LLC',
  0x0007: 'PPP (HDLC)',
  0x000c: 'CAN',
  0x000d: 'CAN FD',
  0x0017: 'IrDA LAP',
  0x00f5: 'ISI',
  0x00f6: 'IEEE 802.15.4',
};

/** GRE's names of the protocols it carries, for a GRE tunnel device (Wireshark's gre_typevals). */
const GRE_PROTOCOLS: Readonly<Record<number, string>> = {
  0x0800: 'IP',
  0x0806: 'ARP',
  0x2000: 'CDP (Cisco)',
  0x2001: 'NHRP',
  0x22eb: 'ERSPAN III',
  0x6400: 'MIKROTIK EoIP',
  0x6558: 'Transparent Ethernet bridging',
  0x6559: 'Frame Relay',
  0x86dd: 'IPv6',
  0x880b: 'PPP',
  0x8137: 'IPX',
  0x883e: 'WCCP',
  0x8847: 'MPLS label switched packet',
  0x8881: 'CDMA2000 A10 Unstructured byte stream',
  0x88be: 'ERSPAN',
  0x88d2: 'CDMA2000 A10 3GPP2 Packet',
  0x8909: 'CiscoMetaData',
  0x894f: 'Network Service Header',
  0x9000: 'ARUBA WLAN',
  0xb7ea: 'Huawei GRE bonding',
  0xfeae: 'AIROHIVE AP AP',
  // Aruba's tunnels use 0x8200 to 0x8370 in steps of 0x10.
  ...Object.fromEntries(Array.from({ length: 24 }, (_, i) => [0x8200 + 0x10 * i, 'ARUBA WLAN'])),
};

const SLL = 'pcap-linktype(7) LINKTYPE_LINUX_SLL';
const SLL2 = 'pcap-linktype(7) LINKTYPE_LINUX_SLL2';

export const SLL_FIELDS = defineFields('sll', {
  pkttype: { label: 'Packet type', type: 'uint16', values: PACKET_TYPES, description: 'Which way the packet went: sent to us, broadcast, multicast, to another host (seen in promiscuous mode) or sent by us.', rfc: SLL },
  hatype: { label: 'Link-layer address type', type: 'uint16', values: HARDWARE_TYPE_NAMES, description: 'The kind of device the packet crossed, as a Linux ARPHRD_ number: 1 Ethernet, 772 loopback.', rfc: SLL },
  halen: { label: 'Link-layer address length', type: 'uint16', description: 'How many bytes of the 8-byte address slot are the sender\'s link-layer address.', rfc: SLL },
  'src.eth': { label: 'Source', type: 'ether', description: 'The link-layer (MAC) address of the sender.', rfc: SLL },
  'src.ipv4': { label: 'Source', type: 'ipv4', description: 'The sender\'s address on a tunnel device, whose link-layer addresses are IPv4 addresses.', rfc: SLL },
  'src.other': { label: 'Source', type: 'bytes', description: 'The link-layer address of the sender, in a format other than a MAC or IPv4 address (at most 8 bytes are kept).', rfc: SLL },
  unused: { label: 'Unused', type: 'bytes', description: 'The rest of the 8-byte address slot, not used by this address.', rfc: SLL },
  etype: { label: 'Protocol', type: 'uint16', base: 'hex', values: ETHERTYPE_NAMES, description: 'The EtherType of the payload (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP).', rfc: SLL },
  ltype: { label: 'Protocol', type: 'uint16', base: 'hex', values: LINUX_PROTOCOLS, description: 'A Linux protocol number (values up to 1536 are not EtherTypes): what the payload is, e.g. 0x0004 for 802.2 LLC.', rfc: SLL },
  gretype: { label: 'Protocol', type: 'uint16', base: 'hex', values: GRE_PROTOCOLS, description: 'On a GRE tunnel device: the protocol the tunnel carries, as GRE numbers it.', rfc: SLL },
  ifindex: { label: 'Interface index', type: 'uint32', description: 'The number Linux gives the network interface the packet was seen on (see `ip link`).', rfc: SLL2 },
  reserved: { label: 'Reserved', type: 'uint16', base: 'hex', description: 'Two bytes kept for future use; zero. (Wireshark does not show them.)', rfc: SLL2 },
  trailer: { label: 'Trailer', type: 'bytes', description: 'Bytes captured after the end of the packet as its own header gives it; no protocol claims them.', rfc: SLL },
});

const F = SLL_FIELDS;

/** The Linux device type of GRE tunnels (ARPHRD_IPGRE), whose protocol field holds GRE's numbers. */
const ARPHRD_IPGRE = 778;
/** Protocol values up to this are Linux's own numbers, not EtherTypes. */
const MAX_LINUX_PROTOCOL = 1536;
/** Bytes of the address slot. */
const ADDRESS_SLOT = 8;

/** The packet list's info, as Wireshark writes it: the packet type's name. */
export function packetTypeInfo(ctx: DissectContext, pkttype: number): void {
  const name = PACKET_TYPES[pkttype];
  if (name !== undefined) ctx.columns.info.set(name);
  else ctx.columns.info.clear().text('Unknown (').uint(pkttype).text(')');
}

/**
 * Adds the 8-byte address slot at `at`: the sender's address (`halen` bytes, at most 8; a MAC
 * address when 6, an IPv4 address when 4, as Wireshark reads them) and the unused rest. The
 * source column gets a MAC or IPv4 address.
 */
export function addSllAddress(b: LayerBuilder, ctx: DissectContext, at: number, halen: number): boolean {
  const length = Math.min(halen, ADDRESS_SLOT);
  if (halen === 6) {
    if (!b.address(null, F['src.eth'], at)) return false;
    ctx.columns.source.set(macAddress(b.frame.bytes, at));
  } else if (halen === 4) {
    if (!b.address(null, F['src.ipv4'], at)) return false;
    ctx.columns.source.clear().ipv4(b.frame.bytes, at);
  } else if (length > 0 && !b.hex(null, F['src.other'], at, length)) {
    return false;
  }
  return length === ADDRESS_SLOT || b.hex(null, F.unused, at + length, ADDRESS_SLOT - length);
}

/**
 * Adds the protocol field at `typeAt` as its value and the device type make it: a Linux protocol
 * number (values up to 1536), GRE's number on a GRE tunnel, else an EtherType. Returns the value,
 * or -1 when it was not captured.
 */
export function addSllProtocol(b: LayerBuilder, typeAt: number, hatype: number): number {
  if (!b.need(F.etype, typeAt, 2)) return -1;
  const protocol = b.u16(typeAt);
  return b.uint(null, protocol <= MAX_LINUX_PROTOCOL ? F.ltype : hatype === ARPHRD_IPGRE ? F.gretype : F.etype, typeAt);
}

/**
 * Hands the payload at `payloadAt` on by the protocol field's value: Linux's own numbers go to a
 * table of their own (no decoder here takes them, so the payload shows as data), the others are
 * EtherTypes.
 */
export function sllPayload(b: LayerBuilder, ctx: DissectContext, protocol: number, hatype: number, payloadAt: number, end: number): NextLayer {
  if (protocol <= MAX_LINUX_PROTOCOL) return b.next('sll.ltype', payloadAt, end, protocol);
  // GRE numbers its protocols by EtherType; only the names differ.
  if (hatype !== ARPHRD_IPGRE && payloadAt < end) announceEtherType(ctx.columns, protocol);
  return b.next('ethertype', payloadAt, end, protocol);
}

/** Bytes after the packet: the trailer, as Wireshark shows it for cooked captures. */
export function addSllTrailer(b: LayerBuilder, start: number, end: number): void {
  b.hex(null, F.trailer, start, end - start);
}

const N = defineMessages('sll.narrative', {
  to_us: 'Linux cooked capture: the packet was sent to this host',
  broadcast: 'Linux cooked capture: the packet was broadcast to every host on the link',
  multicast: 'Linux cooked capture: the packet was sent to a multicast group',
  other_host: 'Linux cooked capture: the packet was sent to another host (seen because the interface listens to everything)',
  sent_by_us: 'Linux cooked capture: the packet was sent by this host',
  unknown: 'Linux cooked capture: packet type {type} does not say which way the packet went',
  interface: 'it crossed interface {ifindex}',
  header: 'capturing on "any" keeps no real link header, so libpcap wrote this one instead',
  protocol: 'protocol {type} says {next} comes next',
  protocol_unknown: 'protocol {type} names a protocol Layerscope does not decode',
});

const DIRECTIONS = [N.to_us, N.broadcast, N.multicast, N.other_host, N.sent_by_us];

/** The sentence for a cooked-capture layer: which way the packet went, where, and what it carries. */
export function sllNarrative(r: LayerReading): Message[] {
  const type = r.number(F.pkttype);
  const direction = type !== undefined ? DIRECTIONS[type] : undefined;
  const parts: Message[] = [direction ? { id: direction.id } : { id: N.unknown.id, params: { type: type ?? '?' } }];
  const ifindex = r.number(F.ifindex);
  if (ifindex !== undefined) parts.push({ id: N.interface.id, params: { ifindex } });
  parts.push({ id: N.header.id });
  const protocol = r.show(F.etype) ?? r.show(F.gretype) ?? r.show(F.ltype);
  if (protocol) parts.push(r.next && r.next.protocol !== 'data' ? { id: N.protocol.id, params: { type: protocol, next: r.next.name } } : { id: N.protocol_unknown.id, params: { type: protocol } });
  return parts;
}
