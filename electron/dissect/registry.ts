// Which protocols Layerscope decodes: one line per protocol module. A module says itself where it
// registers (which dispatch tables, under which keys); adding a protocol is its file plus a line here.

import type { DispatchTable, ProtocolModule } from './dissector.js';
import { ethernet } from './protocols/ethernet.js';
import { sll } from './protocols/sll.js';
import { sll2 } from './protocols/sll2.js';
import { nullLoopback, openBsdLoop } from './protocols/null-loopback.js';
import { rawIp, rawIpv4, rawIpv6 } from './protocols/raw-ip.js';
import { providerBridge, vlan } from './protocols/vlan.js';
import { arp } from './protocols/arp.js';
import { ipv4 } from './protocols/ipv4.js';
import { ipv6 } from './protocols/ipv6.js';
import { icmp } from './protocols/icmp.js';
import { icmpv6 } from './protocols/icmpv6.js';
import { tcp } from './protocols/tcp.js';
import { udp } from './protocols/udp.js';
import { dns } from './protocols/dns.js';
import { http } from './protocols/http.js';
import { tls } from './protocols/tls.js';
import { dhcp } from './protocols/dhcp.js';
import { radiotap } from './protocols/radiotap.js';
import { ieee80211, ieee80211AfterRadiotap } from './protocols/ieee80211.js';
import { ieee80211Management } from './protocols/ieee80211-management.js';
import { llc } from './protocols/llc.js';
import { eapol } from './protocols/eapol.js';
import { stp } from './protocols/stp.js';
import { cdp } from './protocols/cdp.js';
import { ipcp, lcp, ppp, pppLink } from './protocols/ppp.js';
import { pppoeDiscovery, pppoeSession } from './protocols/pppoe.js';
import { chdlc, slarp } from './protocols/chdlc.js';
import { gre } from './protocols/gre.js';
import { erspan } from './protocols/erspan.js';
import { vxlan } from './protocols/vxlan.js';
import { geneve } from './protocols/geneve.js';
import { mpls } from './protocols/mpls.js';

const modules: ProtocolModule[] = [];

/** Dispatch tables by name, each an array indexed by key. */
const tables = new Map<DispatchTable, (ProtocolModule | undefined)[]>();

/** Keys of every table fit 16 bits (link types, EtherTypes, IP protocols, ports). */
const TABLE_SIZE = 65536;

/** Makes `module` available: listed, and found under each of its registrations' keys. */
export function registerProtocol(module: ProtocolModule): void {
  for (const { table, keys } of module.registrations) {
    let entries = tables.get(table);
    // Filled up front: assigning a few far-apart indexes to an empty array makes it a slow
    // dictionary, and these are looked up for every layer of every packet.
    if (!entries) tables.set(table, (entries = new Array<ProtocolModule | undefined>(TABLE_SIZE).fill(undefined)));
    for (const key of keys) {
      if (!(Number.isInteger(key) && key >= 0 && key < TABLE_SIZE)) throw new RangeError(`${module.place.protocol}: key ${key} does not fit the ${table} table`);
      entries[key] = module;
    }
  }
  modules.push(module);
}

/** Takes a module out again (for tests that register one of their own). */
export function unregisterProtocol(module: ProtocolModule): void {
  const i = modules.indexOf(module);
  if (i >= 0) modules.splice(i, 1);
  for (const entries of tables.values()) {
    for (let k = 0; k < entries.length; k++) if (entries[k] === module) entries[k] = undefined;
  }
  // A key the module had taken over goes back to the module registered there before it.
  for (const other of modules) {
    for (const { table, keys } of other.registrations) {
      const entries = tables.get(table);
      if (entries) for (const key of keys) entries[key] ??= other;
    }
  }
}

/** Every registered protocol module, in registration order. */
export function protocolModules(): readonly ProtocolModule[] {
  return modules;
}

/** The module registered for `key` in `table`, if any. */
export function lookupDissector(table: DispatchTable, key: number): ProtocolModule | undefined {
  const entries = tables.get(table);
  return entries !== undefined && key >= 0 && key < TABLE_SIZE ? entries[key] : undefined;
}

registerProtocol(ethernet);
registerProtocol(sll);
registerProtocol(sll2);
registerProtocol(nullLoopback);
registerProtocol(openBsdLoop);
registerProtocol(rawIp);
registerProtocol(rawIpv4);
registerProtocol(rawIpv6);
registerProtocol(vlan);
registerProtocol(providerBridge);
registerProtocol(arp);
registerProtocol(ipv4);
registerProtocol(ipv6);
registerProtocol(icmp);
registerProtocol(icmpv6);
registerProtocol(tcp);
registerProtocol(udp);
registerProtocol(dns);
registerProtocol(http);
registerProtocol(tls);
registerProtocol(dhcp);
registerProtocol(radiotap);
registerProtocol(ieee80211);
for (const module of ieee80211AfterRadiotap) registerProtocol(module);
for (const module of ieee80211Management) registerProtocol(module);
registerProtocol(llc);
registerProtocol(eapol);
registerProtocol(stp);
registerProtocol(cdp);
registerProtocol(ppp);
registerProtocol(pppLink);
registerProtocol(lcp);
registerProtocol(ipcp);
registerProtocol(pppoeDiscovery);
registerProtocol(pppoeSession);
registerProtocol(chdlc);
registerProtocol(slarp);
registerProtocol(gre);
registerProtocol(erspan);
registerProtocol(vxlan);
registerProtocol(geneve);
registerProtocol(mpls);
