// Colouring rules: a display filter and the colours of the rows it matches, the first matching
// rule winning, as in Wireshark's View ▸ Colouring Rules. The defaults are Wireshark's, with two
// differences said where they are; a user's own rules come first.

import type { DissectedPacket } from '../dissect/field-model.js';
import { compileColouringFilter, type DisplayFilter } from './display-filter.js';
import { PacketView } from './packet-view.js';

export interface ColouringRule {
  readonly name: string;
  readonly filter: string;
  /** Text and background as #rrggbb. */
  readonly foreground: string;
  readonly background: string;
}

/** Wireshark's colours are 16-bit RGB triples; these are the same colours as #rrggbb. */
function rgb(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((c) => Math.round(c / 257).toString(16).padStart(2, '0')).join('');
}

const DARK = rgb(4626, 10023, 11822);

/** Wireshark's default colouring rules (its `colorfilters` file), in its order. */
export const WIRESHARK_COLOURING_RULES: readonly ColouringRule[] = [
  { name: 'Bad TCP', filter: 'tcp.analysis.flags && !tcp.analysis.window_update && !tcp.analysis.keep_alive && !tcp.analysis.keep_alive_ack', foreground: DARK, background: rgb(63479, 34695, 34695) },
  { name: 'HSRP State Change', filter: 'hsrp.state != 8 && hsrp.state != 16', foreground: DARK, background: rgb(65535, 64764, 40092) },
  { name: 'Spanning Tree Topology  Change', filter: 'stp.type == 0x80', foreground: DARK, background: rgb(65535, 64764, 40092) },
  { name: 'OSPF State Change', filter: 'ospf.msg != 1', foreground: DARK, background: rgb(65535, 64764, 40092) },
  { name: 'ICMP errors', filter: 'icmp.type in {3..5, 11} || icmpv6.type in {1..4}', foreground: DARK, background: rgb(47031, 63479, 29812) },
  { name: 'ARP', filter: 'arp', foreground: DARK, background: rgb(64250, 61680, 55255) },
  { name: 'ICMP', filter: 'icmp || icmpv6', foreground: DARK, background: rgb(64764, 57568, 65535) },
  { name: 'TCP RST', filter: 'tcp.flags.reset eq 1', foreground: rgb(37008, 0, 0), background: rgb(65535, 64764, 40092) },
  { name: 'SCTP ABORT', filter: 'sctp.chunk_type eq ABORT', foreground: rgb(37008, 0, 0), background: rgb(65535, 64764, 40092) },
  { name: 'TTL low or unexpected', filter: '( ! ip.dst == 224.0.0.0/4 && ip.ttl < 5 && !pim && !ospf) || (ip.dst == 224.0.0.0/24 && ip.dst != 224.0.0.251 && ip.ttl != 1 && !(vrrp || carp))', foreground: rgb(42148, 0, 0), background: rgb(60652, 61680, 60395) },
  // Wireshark checks no checksum unless asked, so its rule never fires on the checksums a sending
  // machine leaves to its network card (every TCP and UDP packet captured on lo): Layerscope checks
  // them all, so the rule keeps the headers whose checksum no card computes.
  { name: 'Checksum Errors', filter: 'eth.fcs.status == "Bad" || ip.checksum.status == "Bad" || sctp.checksum.status == "Bad" || wlan.fcs.status == "Bad"', foreground: DARK, background: rgb(63479, 34695, 34695) },
  { name: 'SMB', filter: 'smb || nbss || nbns || netbios', foreground: DARK, background: rgb(65278, 65535, 53456) },
  { name: 'HTTP', filter: 'http || tcp.port == 80 || http2', foreground: DARK, background: rgb(58596, 65535, 51143) },
  { name: 'DCERPC', filter: 'dcerpc', foreground: DARK, background: rgb(51143, 38807, 65535) },
  { name: 'Routing', filter: 'hsrp || eigrp || ospf || bgp || cdp || vrrp || carp || gvrp || igmp || ismp', foreground: DARK, background: rgb(65535, 62451, 54998) },
  { name: 'TCP SYN/FIN', filter: 'tcp.flags & 0x02 || tcp.flags.fin == 1', foreground: rgb(41120, 41120, 41120), background: rgb(8224, 8224, 8224) },
  { name: 'TCP', filter: 'tcp', foreground: DARK, background: rgb(59367, 59110, 65535) },
  { name: 'UDP', filter: 'udp', foreground: DARK, background: rgb(56026, 59110, 65535) },
  { name: 'Broadcast', filter: 'eth[0] & 1', foreground: DARK, background: rgb(65535, 65535, 65535) },
  { name: 'System Event', filter: 'systemd_journal || sysdig', foreground: DARK, background: rgb(59110, 59110, 59110) },
];

/** The colours a packet's row gets: the first rule it matches. */
export interface RowColour {
  readonly rule: string;
  readonly foreground: string;
  readonly background: string;
}

export class ColouringRules {
  private readonly compiled: { rule: ColouringRule; filter: DisplayFilter }[] = [];
  /** Names of the rules whose filter does not compile. */
  readonly disabled: string[] = [];

  /** Every field name some rule reads: one view of a packet serves all the rules. */
  private readonly fieldNames = new Set<string>();

  /** `rules` in order; one whose filter does not compile is left out (as Wireshark disables it) and named in `disabled`. */
  constructor(rules: readonly ColouringRule[]) {
    for (const rule of rules) {
      try {
        const filter = compileColouringFilter(rule.filter);
        this.compiled.push({ rule, filter });
        for (const name of filter.fieldNames) this.fieldNames.add(name);
      } catch {
        this.disabled.push(rule.name);
      }
    }
  }

  colourOf(packet: DissectedPacket, bytes: Uint8Array): RowColour | undefined {
    const view = new PacketView(packet, bytes, this.fieldNames);
    for (const { rule, filter } of this.compiled) {
      if (filter.matchesView(view)) return { rule: rule.name, foreground: rule.foreground, background: rule.background };
    }
    return undefined;
  }
}
