// Names of the IP protocol numbers (IPv4 Protocol, IPv6 Next Header) a learner meets, as Wireshark
// writes them in titles and info text.

/** Wireshark's names of IP protocol numbers, for the Protocol / Next Header fields and info text. */
export const IP_PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  0: 'IPv6 Hop-by-Hop Option',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  43: 'IPv6 Routing',
  44: 'IPv6 Fragment',
  47: 'Generic Routing Encapsulation',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'IPv6 No Next Header',
  60: 'IPv6 Destination Options',
  89: 'OSPF',
  103: 'PIM',
  112: 'VRRP',
  132: 'SCTP',
};

/** "UDP" for 17; "Unknown" for numbers without a name. */
export function ipProtocolName(protocol: number): string {
  return IP_PROTOCOL_NAMES[protocol] ?? 'Unknown';
}

/** "UDP (17)": cached, because listing a million packets would otherwise build it a million times. */
const INFO_CACHE: string[] = [];
export function protocolInfo(proto: number): string {
  return (INFO_CACHE[proto] ??= `${ipProtocolName(proto)} (${proto})`);
}
