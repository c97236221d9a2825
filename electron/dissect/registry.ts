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

/** Keys of every table fit 16 bits (link types, EtherTypes, IP protocols, ports). */
const TABLE_SIZE = 65536;

/**
 * One dispatch table: for each 16-bit key, the place of its module in `modules`, whose place 0
 * stands for none. A byte per key rather than a 65,536-slot array of references: a dozen tables cost 64 KB each, not
 * 512 KB of heap that every full garbage collection walks. Filled up front, so lookups stay a plain
 * indexed read.
 */
class DispatchEntries {
  readonly index = new Uint8Array(TABLE_SIZE);
  readonly modules: (ProtocolModule | undefined)[] = [undefined];

  set(key: number, module: ProtocolModule): void {
    let at = this.modules.indexOf(module);
    if (at < 0) at = this.modules.indexOf(undefined, 1);
    if (at < 0) {
      if (this.modules.length > 255) throw new RangeError(`${module.place.protocol}: a dispatch table holds at most 255 protocols`);
      at = this.modules.push(undefined) - 1;
    }
    this.modules[at] = module;
    this.index[key] = at;
  }

  /** Takes `module` out of every key it holds, freeing its place for another. */
  remove(module: ProtocolModule): void {
    const at = this.modules.indexOf(module);
    if (at < 1) return;
    this.modules[at] = undefined;
    for (let k = 0; k < TABLE_SIZE; k++) if (this.index[k] === at) this.index[k] = 0;
  }

  get(key: number): ProtocolModule | undefined {
    return this.modules[this.index[key]];
  }
}

/** Dispatch tables by name. */
const tables = new Map<DispatchTable, DispatchEntries>();

/** Makes `module` available: listed, and found under each of its registrations' keys. */
export function registerProtocol(module: ProtocolModule): void {
  for (const { table, keys } of module.registrations) {
    let entries = tables.get(table);
    if (!entries) tables.set(table, (entries = new DispatchEntries()));
    for (const key of keys) {
      if (!(Number.isInteger(key) && key >= 0 && key < TABLE_SIZE)) throw new RangeError(`${module.place.protocol}: key ${key} does not fit the ${table} table`);
      entries.set(key, module);
    }
  }
  modules.push(module);
}

/** Takes a module out again (for tests that register one of their own). */
export function unregisterProtocol(module: ProtocolModule): void {
  const i = modules.indexOf(module);
  if (i >= 0) modules.splice(i, 1);
  for (const entries of tables.values()) entries.remove(module);
  // A key the module had taken over goes back to the module registered there before it.
  for (const other of modules) {
    for (const { table, keys } of other.registrations) {
      const entries = tables.get(table);
      if (entries) for (const key of keys) if (entries.get(key) === undefined) entries.set(key, other);
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
  return entries !== undefined && key >= 0 && key < TABLE_SIZE ? entries.get(key) : undefined;
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
