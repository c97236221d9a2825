// Which of several decoders a frame goes to when one capture is decoded by several threads at once
// (`layerscope list` on a big file), so that each decoder prints exactly what one decoder seeing
// everything would. All state kept across packets is keyed by a packet's innermost pair of IP
// addresses or finer (TCP and UDP streams, sequence analysis, reassembly, fragments, DNS and ICMP
// matching, TLS sessions), or belongs to a tunnel's outer headers.
//
// - A plain frame (TCP, UDP or ICMP straight inside one unfragmented IPv4 or IPv6 header, not to a
//   port a tunnel is registered on) has one pair of addresses, read at fixed offsets without
//   decoding: it goes to the share of that pair, and only that decoder decodes it.
// - Every other frame (a tunnel, IP fragments, IPv6 extension headers, not IP at all, a header cut
//   short) is decoded by every decoder, so each has the whole of the outer state; the share of its
//   innermost addresses, as decoding finds them, prints it: the decoder that also sees the plain
//   frames of the same conversation.
//
// Limits on bytes held for reassembly apply to each decoder: a capture that reaches them may drop
// other incomplete messages than one decoder would.

import type { FrameSummary } from './frame-dissector.js';
import type { NetworkAddresses } from './dissector.js';
import { lookupDissector } from './registry.js';

/** Decoded by every decoder, printed by the share of its innermost addresses (FrameSharing.decodedShare). */
export const EVERY_SHARE = -1;

const ETHERNET = 1, RAW_IP_12 = 12, RAW_IP_14 = 14, RAW_IP = 101, IPV4 = 228, IPV6 = 229;
const NULL_LOOPBACK = 0, OPENBSD_LOOP = 108, LINUX_SLL = 113, LINUX_SLL2 = 276;
const ETHERTYPE_IPV4 = 0x0800, ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = [0x8100, 0x88a8, 0x9100];
/** BSD address families in a Null/Loopback header: IPv4, and IPv6 as different systems number it. */
const AF_INET = 2, AF_INET6 = [10, 24, 28, 30];
const ICMP = 1, TCP = 6, UDP = 17, ICMPV6 = 58;
/** Bits of FrameSharing.tunnelPorts. */
const TCP_TUNNEL = 1, UDP_TUNNEL = 2;

export class FrameSharing {
  /** Ports a protocol below the transport layer is registered on (VXLAN, Geneve, MPLS over UDP): they carry other packets. */
  private readonly tunnelPorts = new Uint8Array(65536);

  constructor(readonly shares: number) {
    for (let port = 0; port < 65536; port++) {
      if ((lookupDissector('tcp.port', port)?.place.osi ?? 7) <= 3) this.tunnelPorts[port] |= TCP_TUNNEL;
      if ((lookupDissector('udp.port', port)?.place.osi ?? 7) <= 3) this.tunnelPorts[port] |= UDP_TUNNEL;
    }
  }

  /** The share of a plain frame, read from its bytes on this link type; EVERY_SHARE for any other. */
  frameShare(linkType: number, data: Uint8Array): number {
    const start = networkStart(linkType, data);
    if (start < 0) return EVERY_SHARE;
    const at = start >> 3;
    if ((start & 7) === 4) {
      if (at + 20 > data.length || data[at] >> 4 !== 4 || (data[at] & 15) < 5) return EVERY_SHARE;
      const protocol = data[at + 9];
      if (protocol !== ICMP) {
        if (protocol !== TCP && protocol !== UDP) return EVERY_SHARE;
        // A fragment after the first has no ports to tell a tunnel by.
        if ((be16(data, at + 6) & 0x3fff) !== 0) return EVERY_SHARE;
        if (this.tunnelled(protocol, data, at + (data[at] & 15) * 4)) return EVERY_SHARE;
      }
      return this.shareOf(data, at + 12, at + 16, 4);
    }
    if (at + 40 > data.length || data[at] >> 4 !== 6) return EVERY_SHARE;
    // (Extension headers come before any transport: such a frame is not plain.)
    const next = data[at + 6];
    if (next !== ICMPV6) {
      if (next !== TCP && next !== UDP) return EVERY_SHARE;
      if (this.tunnelled(next, data, at + 40)) return EVERY_SHARE;
    }
    return this.shareOf(data, at + 8, at + 24, 6);
  }

  /** The share that prints a frame every decoder decoded: that of its innermost addresses (0 without any). */
  decodedShare(summary: FrameSummary): number {
    const network: NetworkAddresses | undefined = summary.network;
    return network ? this.shareOf(summary.networkBytes, network.src, network.dst, network.family) : 0;
  }

  /** Whether the TCP or UDP header at `at` goes to or from a tunnel's port (or is cut short of its ports). */
  private tunnelled(protocol: number, data: Uint8Array, at: number): boolean {
    if (at + 4 > data.length) return true;
    const bit = protocol === TCP ? TCP_TUNNEL : UDP_TUNNEL;
    return ((this.tunnelPorts[be16(data, at)] | this.tunnelPorts[be16(data, at + 2)]) & bit) !== 0;
  }

  /** The share of the unordered pair of addresses at `src` and `dst` (4 or 16 bytes each). */
  private shareOf(data: Uint8Array, src: number, dst: number, family: 4 | 6): number {
    if (this.shares <= 1) return 0;
    if (dst + (family === 4 ? 4 : 16) > data.length) return 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < (family === 4 ? 4 : 16); i += 4) {
      a = mix(a ^ be32(data, src + i));
      b = mix(b ^ be32(data, dst + i));
    }
    // Summed, so that both directions of a conversation come out alike.
    return ((a + b) >>> 1) % this.shares;
  }
}

/** Where the IP header starts, times 8, plus the IP version the link announces (4 or 6); -1 when not IP. */
function networkStart(linkType: number, data: Uint8Array): number {
  switch (linkType) {
    case ETHERNET: {
      let at = 12;
      let type = be16(data, at);
      while (VLAN_TAGS.includes(type)) {
        at += 4;
        type = be16(data, at);
      }
      return byEtherType(type, at + 2);
    }
    case LINUX_SLL:
      return byEtherType(be16(data, 14), 16);
    case LINUX_SLL2:
      return byEtherType(be16(data, 0), 20);
    case NULL_LOOPBACK:
    case OPENBSD_LOOP: {
      if (data.length < 4) return -1;
      // The family is in host order (Null) or network order (OpenBSD loop): one end byte holds it.
      const family = data[0] !== 0 ? data[0] : data[3];
      return family === AF_INET ? 4 * 8 + 4 : AF_INET6.includes(family) ? 4 * 8 + 6 : -1;
    }
    case RAW_IP:
    case RAW_IP_12:
    case RAW_IP_14: {
      const version = data.length > 0 ? data[0] >> 4 : 0;
      return version === 4 ? 4 : version === 6 ? 6 : -1;
    }
    case IPV4:
      return 4;
    case IPV6:
      return 6;
    default:
      return -1;
  }
}

function byEtherType(type: number, at: number): number {
  return type === ETHERTYPE_IPV4 ? at * 8 + 4 : type === ETHERTYPE_IPV6 ? at * 8 + 6 : -1;
}

/** Spreads the bits of a 32-bit number (a multiply-xorshift finalizer); an unsigned result. */
function mix(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

function be16(data: Uint8Array, at: number): number {
  return at + 2 <= data.length ? (data[at] << 8) | data[at + 1] : -1;
}

function be32(data: Uint8Array, at: number): number {
  return ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
}
