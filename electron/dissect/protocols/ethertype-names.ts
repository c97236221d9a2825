// Names of the EtherTypes a learner meets, for titles and info text.

import { hexNumber } from '../display-format.js';

/** Wireshark's names of EtherTypes (its etype_vals), for the Type field, titles and info text. */
export const ETHERTYPE_NAMES: Readonly<Record<number, string>> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x8100: '802.1Q Virtual LAN',
  0x88a8: '802.1ad Provider Bridge (Q-in-Q)',
  0x86dd: 'IPv6',
  0x8035: 'RARP',
  0x88cc: 'LLDP',
  0x8847: 'MPLS unicast',
  0x8863: 'PPPoE Discovery',
  0x8864: 'PPPoE Session',
};

export function etherTypeName(type: number): string {
  return ETHERTYPE_NAMES[type] ?? hexNumber(type, 4);
}
