// Which decoder handles what: one line per protocol. Adding a protocol means adding its file under
// protocols/ and one line here.

import type { DispatchTable, Dissector } from './dissector.js';
import { ethernetDissector } from './protocols/ethernet-dissector.js';
import { sllDissector } from './protocols/sll-dissector.js';
import { sll2Dissector } from './protocols/sll2-dissector.js';
import { nullLoopbackDissector, openBsdLoopDissector } from './protocols/null-loopback-dissector.js';
import { rawIpDissector, rawIpv4Dissector, rawIpv6Dissector } from './protocols/raw-ip-dissector.js';
import { providerBridgeDissector, vlanDissector } from './protocols/vlan-dissector.js';
import { arpDissector } from './protocols/arp-dissector.js';
import { ipv4Dissector } from './protocols/ipv4-dissector.js';
import { ipv6Dissector } from './protocols/ipv6-dissector.js';
import { icmpDissector } from './protocols/icmp-dissector.js';
import { icmpv6Dissector } from './protocols/icmpv6-dissector.js';
import { dnsDissector } from './protocols/dns-dissector.js';
import { httpDissector } from './protocols/http-dissector.js';
import { tcpDissector } from './protocols/tcp-dissector.js';
import { udpDissector } from './protocols/udp-dissector.js';

const registrations: ReadonlyArray<readonly [DispatchTable, readonly number[], Dissector]> = [
  ['link', [1], ethernetDissector],
  ['link', [113], sllDissector],
  ['link', [276], sll2Dissector],
  ['link', [0], nullLoopbackDissector],
  ['link', [108], openBsdLoopDissector],
  ['link', [101], rawIpDissector],
  ['link', [228], rawIpv4Dissector],
  ['link', [229], rawIpv6Dissector],
  ['ethertype', [0x8100, 0x9100], vlanDissector],
  ['ethertype', [0x88a8], providerBridgeDissector],
  ['ethertype', [0x0806], arpDissector],
  ['ethertype', [0x0800], ipv4Dissector],
  ['ethertype', [0x86dd], ipv6Dissector],
  ['ip.proto', [1], icmpDissector],
  ['ip.proto', [58], icmpv6Dissector],
  ['udp.port', [53, 5353], dnsDissector],
  ['tcp.port', [80, 8080], httpDissector],
  ['ip.proto', [6], tcpDissector],
  ['ip.proto', [17], udpDissector],
];

// Plain arrays indexed by key, one per table: these are looked up for every layer of every packet,
// and an array index costs less than hashing a Map key.
const link = newTable(1024);
const ethertype = newTable(65536);
const ipProto = newTable(256);
const tcpPort = newTable(65536);
const udpPort = newTable(65536);

function newTable(size: number): (Dissector | undefined)[] {
  // Filled up front: assigning a few far-apart indexes to an empty array makes it a slow dictionary.
  return new Array<Dissector | undefined>(size).fill(undefined);
}

function tableOf(table: DispatchTable): (Dissector | undefined)[] {
  switch (table) {
    case 'link': return link;
    case 'ethertype': return ethertype;
    case 'ip.proto': return ipProto;
    case 'tcp.port': return tcpPort;
    case 'udp.port': return udpPort;
  }
}

for (const [table, keys, dissector] of registrations) {
  const dissectors = tableOf(table);
  for (const key of keys) {
    if (!(key >= 0 && key < dissectors.length)) throw new RangeError(`${dissector.place.protocol}: key ${key} does not fit the ${table} table`);
    dissectors[key] = dissector;
  }
}

/** Every registration: which table, under which keys, which decoder (for tests that cover them all). */
export function registeredDissectors(): { table: DispatchTable; keys: readonly number[]; dissector: Dissector }[] {
  return registrations.map(([table, keys, dissector]) => ({ table, keys, dissector }));
}

/** The decoder registered for `key` in `table`, if any. */
export function lookupDissector(table: DispatchTable, key: number): Dissector | undefined {
  const dissectors = tableOf(table);
  return key >= 0 && key < dissectors.length ? dissectors[key] : undefined;
}
