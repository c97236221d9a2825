// The fields Linux "cooked" capture headers (SLL v1 and v2) share. Capturing on the `any`
// pseudo-interface cannot keep each device's own link header, so libpcap writes this one instead.

import { LINK_TRAILER_ENTRY, defineFields } from '../field-spec.js';
import type { Field } from '../field-model.js';
import type { NextLayer } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { hexNumber, macAddress } from '../display-format.js';

export const SLL_FIELDS = defineFields('sll', {
  pkttype: { label: 'Packet type', description: 'How the packet reached the interface: 0 sent to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us.', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL' },
  hatype: { label: 'Link-layer address type', description: 'The kind of device the packet crossed, as a Linux ARPHRD_ number: 1 Ethernet, 772 loopback.', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL' },
  halen: { label: 'Link-layer address length', description: 'How many bytes of the next field are the sender\'s link-layer address.', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL' },
  'src.eth': { label: 'Source', description: 'The link-layer (MAC) address of the sender, when the device has one.', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL' },
  'src.other': { label: 'Source', description: 'The link-layer address of the sender, in a format other than Ethernet\'s.', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL' },
  unused: { label: 'Unused', description: 'The rest of the 8-byte address slot, not used by this address.', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL' },
  etype: { label: 'Protocol', description: 'The EtherType of the payload (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP).', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL' },
  reserved: { label: 'Reserved', description: 'Two bytes kept for future use; zero.', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL2' },
  trailer: LINK_TRAILER_ENTRY,
  ifindex: { label: 'Interface index', description: 'The number Linux gives the network interface the packet was seen on (see `ip link`).', rfc: 'pcap-linktype(7) LINKTYPE_LINUX_SLL2' },
});

const PACKET_TYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];

export function packetTypeName(type: number): string {
  return PACKET_TYPES[type] ?? `Packet type ${type}`;
}

/**
 * Adds the 8-byte address slot at `at`: the address (`halen` bytes, at most 8) and the unused
 * rest. Returns the address as text when it is a MAC address, else ''.
 */
export function addSllAddress(b: LayerBuilder, at: number, hatype: number, halen: number): string {
  const F = SLL_FIELDS;
  const len = Math.min(halen, 8);
  let mac = '';
  if (len > 0) {
    if (len === 6 && (hatype === 1 || hatype === 772 || hatype === 6)) {
      mac = macAddress(b.frame.bytes, at);
      b.add(null, F['src.eth'], at, 6, mac, mac);
    } else {
      b.addHex(null, F['src.other'], at, len);
    }
  }
  if (len < 8) b.addHex(null, F.unused, at + len, 8 - len);
  return mac;
}

/**
 * Hands the payload at `payloadAt` on by the EtherType `type` (whose field is at `typeAt`); a
 * value below 0x0600 is a Linux-specific protocol code instead, whose payload is not decoded.
 */
export function sllPayload(b: LayerBuilder, type: number, typeAt: number, typeField: Field, payloadAt: number, end: number): NextLayer | undefined {
  if (type < 0x0600) {
    b.problem('note', `Protocol ${hexNumber(type, 4)} is a Linux-specific code (not an EtherType); its payload is not decoded`, typeAt, SLL_FIELDS.etype.name, typeField);
    return undefined;
  }
  return b.next('ethertype', payloadAt, end, type);
}
