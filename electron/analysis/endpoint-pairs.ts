// The endpoints a packet carries between, for each kind of address Wireshark's statistics count
// (Ethernet, IPv4, IPv6, TCP, UDP): one pair per header of that kind, source first, as tshark
// counts them (a tunnelled packet has an outer and an inner pair). Conversations and endpoint
// tables both read packets through this.

import type { DissectedPacket, Field, Layer } from '../dissect/field-model.js';

export const ADDRESS_TYPES = ['eth', 'ip', 'ipv6', 'tcp', 'udp'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

export interface Endpoint {
  address: string;
  /** The port, for TCP and UDP endpoints. */
  port?: string;
}

/** How tshark writes an endpoint in one column: "192.0.2.1:80", or the address alone. */
export function endpointText(e: Endpoint): string {
  return e.port === undefined ? e.address : `${e.address}:${e.port}`;
}

function showOf(layer: Layer, name: string): string | undefined {
  return layer.fields.find((f: Field) => f.name === name)?.show;
}

/** An IPv6 header with a Fragment header whose packet was not put together in this frame. */
function unreassembledFragment(layer: Layer): boolean {
  const header = layer.fields.find((f) => f.name === 'ipv6.fraghdr');
  if (!header) return false;
  const offset = header.children.find((f) => f.name === 'ipv6.fraghdr.offset')?.value;
  const more = header.children.find((f) => f.name === 'ipv6.fraghdr.more')?.value;
  const fragment = (typeof offset === 'number' && offset > 0) || more === true || more === 1;
  return fragment && !layer.fields.some((f) => f.name === 'ipv6.fragments');
}

export function endpointPairsOf(packet: DissectedPacket, type: AddressType): [Endpoint, Endpoint][] {
  const found: [Endpoint, Endpoint][] = [];
  packet.layers.forEach((l, i) => {
    if (l.protocol !== type) return;
    if (type === 'eth' || type === 'ip' || type === 'ipv6') {
      // tshark counts an IPv6 fragment only in the frame that completed its packet (IPv4's
      // fragments each count, at their own header).
      if (type === 'ipv6' && unreassembledFragment(l)) return;
      const src = showOf(l, `${type}.src`);
      const dst = showOf(l, `${type}.dst`);
      if (src !== undefined && dst !== undefined) found.push([{ address: src }, { address: dst }]);
      return;
    }
    // The network header that carries this transport header: the last IPv4 or IPv6 one before it.
    const net = packet.layers.slice(0, i).reverse().find((n) => n.protocol === 'ip' || n.protocol === 'ipv6');
    if (!net) return;
    const src = showOf(net, `${net.protocol}.src`);
    const dst = showOf(net, `${net.protocol}.dst`);
    const sport = showOf(l, `${type}.srcport`);
    const dport = showOf(l, `${type}.dstport`);
    if (src !== undefined && dst !== undefined && sport !== undefined && dport !== undefined) {
      found.push([{ address: src, port: sport }, { address: dst, port: dport }]);
    }
  });
  return found;
}

/** The table titles tshark prints ("IPv4 Conversations", "TCP Endpoints"). */
export const TYPE_TITLES: Readonly<Record<AddressType, string>> = { eth: 'Ethernet', ip: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', udp: 'UDP' };
