// The interfaces a user can capture on, with their addresses, up/down and loopback flags, and the
// one Layerscope suggests: the interface carrying the default route, else `lo`. Sources, merged:
// libpcap's device list through cap (when the addon loads in this process), os.networkInterfaces()
// for addresses, and on Linux /sys/class/net (flags, operstate) and /proc/net/route (default route).
// libpcap's pseudo-devices other than `any` (nflog, dbus-*, bluetooth-monitor...) carry no network
// traffic a student would look for, so they are left out.

import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { networkInterfaces } from 'node:os';
import type { NetworkInterface } from '../service/contract.js';

const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
const RTF_UP = 0x1;

interface CapDevice {
  name: string;
  description?: string;
  addresses: { addr?: string }[];
  flags?: string;
}

function capDevices(): CapDevice[] {
  try {
    const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    const cap = require('cap') as { Cap: { deviceList(): CapDevice[] } };
    return cap.Cap.deviceList();
  } catch {
    return []; // e.g. the addon is built for another runtime: the other sources suffice
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function sysInterfaces(): string[] {
  try {
    return readdirSync('/sys/class/net').sort();
  } catch {
    return [];
  }
}

/** The interface of the default route in /proc/net/route (lowest metric), if any. */
export function defaultRouteInterface(routeTable = readText('/proc/net/route')): string | undefined {
  if (!routeTable) return undefined;
  let best: { name: string; metric: number } | undefined;
  for (const line of routeTable.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8) continue;
    const [name, destination, , flags, , , metric, mask] = cols;
    if (destination !== '00000000' || mask !== '00000000' || !(parseInt(flags, 16) & RTF_UP)) continue;
    const m = Number(metric);
    if (!best || m < best.metric) best = { name, metric: m };
  }
  return best?.name;
}

export function listInterfaces(): NetworkInterface[] {
  const osAddresses = networkInterfaces();
  const devices = capDevices();
  const sysNames = sysInterfaces();
  const names = new Set<string>(sysNames.length ? sysNames : devices.map((d) => d.name));
  for (const name of Object.keys(osAddresses)) names.add(name);
  const onLinux = process.platform === 'linux';
  if (onLinux || devices.some((d) => d.name === 'any')) names.add('any');

  const defaultName = defaultRouteInterface();
  const list: NetworkInterface[] = [];
  for (const name of names) {
    const device = devices.find((d) => d.name === name);
    if (name === 'any') {
      list.push({
        name,
        description: device?.description ?? 'All interfaces at once (Linux cooked capture)',
        addresses: [],
        up: true,
        loopback: false,
        isDefault: false,
      });
      continue;
    }
    const flagsText = readText(`/sys/class/net/${name}/flags`);
    const flags = flagsText ? parseInt(flagsText, 16) : undefined;
    const operstate = readText(`/sys/class/net/${name}/operstate`);
    const os = osAddresses[name] ?? [];
    const loopback = flags !== undefined
      ? (flags & IFF_LOOPBACK) !== 0
      : device?.flags === 'PCAP_IF_LOOPBACK' || os.some((a) => a.internal);
    // operstate is "unknown" for lo and some virtual devices that are nevertheless up.
    const up = flags !== undefined ? (flags & IFF_UP) !== 0 && operstate !== 'down' : os.length > 0;
    const addresses = os.length
      ? os.map((a) => a.cidr ?? a.address)
      : (device?.addresses ?? []).map((a) => a.addr).filter((a): a is string => Boolean(a));
    list.push({ name, description: device?.description, addresses, up, loopback, isDefault: false });
  }

  const chosen = list.find((i) => i.name === defaultName && i.up)
    ?? list.find((i) => i.name === 'lo')
    ?? list.find((i) => i.loopback);
  if (chosen) chosen.isDefault = true;
  // The suggestion first, then interfaces that are up, then `any`, then the rest.
  const rank = (i: NetworkInterface) => (i.isDefault ? 0 : i.name === 'any' ? 2 : i.up ? 1 : 3);
  return list.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
