// The kernel's own table of TCP and UDP sockets, as `ss` and `netstat` show it, read from Linux's
// /proc/net/{tcp,tcp6,udp,udp6}. The Socket Lab shows it after every call, so a student sees what
// the kernel holds that no program does: a connection waiting in the accept queue, a TIME-WAIT
// left behind after close().

import { readFileSync } from 'node:fs';
import type { LabKernelSocketView } from '../service/contract.js';

/** RFC 9293's names for the kernel's TCP states (UNCONNECTED and BOUND for UDP, as `ss` says). */
export type KernelSocketState =
  | 'ESTABLISHED'
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'TIME-WAIT'
  | 'CLOSED'
  | 'CLOSE-WAIT'
  | 'LAST-ACK'
  | 'LISTEN'
  | 'CLOSING'
  | 'UNCONNECTED'
  | 'CONNECTED';

/** One socket of the kernel's table: the contract's view of it, before the lab knows who holds it. */
export type KernelSocket = Omit<LabKernelSocketView, 'owner' | 'state'> & {
  state: KernelSocketState;
  /** The socket's inode: 0 when no program holds it (TIME-WAIT, a connection not yet accepted). */
  inode: number;
};

// include/net/tcp_states.h, in order from 1.
const TCP_STATES: readonly KernelSocketState[] = [
  'ESTABLISHED', 'SYN-SENT', 'SYN-RECEIVED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED', 'CLOSE-WAIT', 'LAST-ACK', 'LISTEN', 'CLOSING', 'SYN-RECEIVED',
];
/** /proc/net reports timers in clock ticks: USER_HZ, 100 on every Linux architecture that matters. */
const CLOCK_TICKS_PER_SECOND = 100;
const TIME_WAIT_TIMER = 3;

/** An address as /proc/net prints it: 32-bit words in the host's byte order (little-endian here). */
function parseAddress(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  if (bytes.length === 4) return [...bytes].join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(bytes.readUInt16BE(i).toString(16));
  return compressIpv6(words);
}

function compressIpv6(words: string[]): string {
  if (words.slice(0, 5).every((w) => w === '0') && words[5] === 'ffff') {
    const v4 = words.slice(6).map((w) => parseInt(w, 16));
    return `::ffff:${v4[0] >> 8}.${v4[0] & 255}.${v4[1] >> 8}.${v4[1] & 255}`;
  }
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLength).join(':')}`;
}

function parseEndpoint(field: string): [string, number] {
  const [address, port] = field.split(':');
  return [parseAddress(address), parseInt(port, 16)];
}

/** Parses one /proc/net/tcp* or udp* table; lines it cannot read are left out. */
export function parseKernelSocketTable(text: string, protocol: 'tcp' | 'udp'): KernelSocket[] {
  const sockets: KernelSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [localAddress, localPort] = parseEndpoint(f[1]);
    const [remoteAddress, remotePort] = parseEndpoint(f[2]);
    const code = parseInt(f[3], 16);
    const [tx, rx] = f[4].split(':').map((h) => parseInt(h, 16));
    const [timer, when] = f[5].split(':').map((h) => parseInt(h, 16));
    const state: KernelSocketState =
      protocol === 'tcp' ? (TCP_STATES[code - 1] ?? 'CLOSED') : code === 1 ? 'CONNECTED' : 'UNCONNECTED';
    const socket: KernelSocket = { protocol, state, localAddress, localPort, remoteAddress, remotePort, recvQ: rx, sendQ: tx, inode: Number(f[9]) };
    if (protocol === 'tcp' && timer === TIME_WAIT_TIMER) socket.timeWaitSeconds = when / CLOCK_TICKS_PER_SECOND;
    sockets.push(socket);
  }
  return sockets;
}

/** Whether this system has the tables (Linux); elsewhere the lab shows no kernel state and says so. */
export function kernelSocketTablesAvailable(): boolean {
  try {
    readFileSync('/proc/net/tcp');
    return true;
  } catch {
    return false;
  }
}

/** Every TCP and UDP socket of the kernel that has one of `ports` as its local or remote port. */
export function readKernelSockets(ports: ReadonlySet<number>): KernelSocket[] {
  const found: KernelSocket[] = [];
  for (const [file, protocol] of [['tcp', 'tcp'], ['tcp6', 'tcp'], ['udp', 'udp'], ['udp6', 'udp']] as const) {
    let text: string;
    try {
      text = readFileSync(`/proc/net/${file}`, 'latin1');
    } catch {
      continue; // No IPv6 here, or no /proc.
    }
    for (const s of parseKernelSocketTable(text, protocol)) {
      if (ports.has(s.localPort) || ports.has(s.remotePort)) found.push(s);
    }
  }
  return found;
}
