// Builds Ethernet + IPv4/IPv6 + TCP/UDP frames for the transport tests, with correct checksums
// unless a test asks for a wrong one, so each test states only what it is about.

import { internetChecksum, onesComplementSum, pseudoHeaderSumV4, pseudoHeaderSumV6 } from '../../electron/dissect/protocols/internet-checksum.js';
import { dissectFrame } from '../../electron/dissect/frame-dissector.js';
import type { DissectState } from '../../electron/dissect/dissect-state.js';
import type { DissectedPacket, Field, Layer } from '../../electron/dissect/field-model.js';

export interface TcpFrame {
  src?: string;
  dst?: string;
  sport: number;
  dport: number;
  seq?: number;
  ack?: number;
  /** Flag bits (0x002 SYN, 0x010 ACK...), up to 12 bits. */
  flags: number;
  window?: number;
  urgent?: number;
  /** Raw option bytes (padded by the caller to a multiple of 4 unless testing bad lengths). */
  options?: number[];
  payload?: number[];
  /** Data offset in 4-byte words, when a test wants a wrong one. */
  dataOffset?: number;
  /** Stored checksum, when a test wants a wrong one. */
  checksum?: number;
}

const ETHERNET = [2, 0, 0, 0, 0, 0x0b, 2, 0, 0, 0, 0, 0x0a];

function ipv4Bytes(s: string): number[] {
  return s.split('.').map(Number);
}

function ipv6Bytes(s: string): number[] {
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

/** Wraps a transport segment in Ethernet and IPv4 or IPv6 (by the address form), fixing its checksum at `checksumAt`. */
export function ipFrame(src: string, dst: string, proto: number, segment: number[], checksumAt: number, storedChecksum?: number, zeroMeansNone = false): Uint8Array {
  const v6 = src.includes(':');
  const seg = Uint8Array.from(segment);
  const a = Uint8Array.from(v6 ? [...ipv6Bytes(src), ...ipv6Bytes(dst)] : [...ipv4Bytes(src), ...ipv4Bytes(dst)]);
  const pseudo = v6 ? pseudoHeaderSumV6(a, 0, 16, proto, seg.length) : pseudoHeaderSumV4(a, 0, 4, proto, seg.length);
  let c = ~onesComplementSum(seg, 0, seg.length, pseudo) & 0xffff;
  if (zeroMeansNone && c === 0) c = 0xffff;
  if (storedChecksum !== undefined) c = storedChecksum;
  seg[checksumAt] = c >> 8;
  seg[checksumAt + 1] = c & 0xff;
  let ip: number[];
  if (v6) {
    ip = [0x60, 0, 0, 0, seg.length >> 8, seg.length & 0xff, proto, 64, ...a];
  } else {
    const total = 20 + seg.length;
    ip = [0x45, 0, total >> 8, total & 0xff, 0, 1, 0x40, 0, 64, proto, 0, 0, ...a];
    const sum = internetChecksum(Uint8Array.from(ip), 0, 20);
    ip[10] = sum >> 8;
    ip[11] = sum & 0xff;
  }
  return Uint8Array.from([...ETHERNET, ...(v6 ? [0x86, 0xdd] : [0x08, 0x00]), ...ip, ...seg]);
}

export function tcpFrame(f: TcpFrame): Uint8Array {
  const options = f.options ?? [];
  const words = f.dataOffset ?? 5 + Math.ceil(options.length / 4);
  const seq = f.seq ?? 0;
  const ack = f.ack ?? 0;
  const window = f.window ?? 1000;
  const urgent = f.urgent ?? 0;
  const header = [
    f.sport >> 8, f.sport & 0xff, f.dport >> 8, f.dport & 0xff,
    (seq >>> 24) & 0xff, (seq >>> 16) & 0xff, (seq >>> 8) & 0xff, seq & 0xff,
    (ack >>> 24) & 0xff, (ack >>> 16) & 0xff, (ack >>> 8) & 0xff, ack & 0xff,
    (words << 4) | ((f.flags >> 8) & 0x0f), f.flags & 0xff,
    window >> 8, window & 0xff, 0, 0, urgent >> 8, urgent & 0xff,
  ];
  return ipFrame(f.src ?? '192.0.2.1', f.dst ?? '198.51.100.2', 6, [...header, ...options, ...(f.payload ?? [])], 16, f.checksum);
}

export interface UdpFrame {
  src?: string;
  dst?: string;
  sport: number;
  dport: number;
  payload?: number[];
  /** Stored length, when a test wants a wrong one. */
  length?: number;
  checksum?: number;
}

export function udpFrame(f: UdpFrame): Uint8Array {
  const payload = f.payload ?? [];
  const length = f.length ?? 8 + payload.length;
  const seg = [f.sport >> 8, f.sport & 0xff, f.dport >> 8, f.dport & 0xff, length >> 8, length & 0xff, 0, 0, ...payload];
  return ipFrame(f.src ?? '192.0.2.1', f.dst ?? '198.51.100.2', 17, seg, 6, f.checksum, true);
}

/** Dissects `data` as packet `number` of a capture whose state is `state`. */
export function dissect(data: Uint8Array, state: DissectState, number = 1, detail = true, originalLength?: number): DissectedPacket {
  return dissectFrame(
    { number, linkType: 1, data, originalLength: originalLength ?? data.length, seconds: 0, nanos: 0, relativeTime: 0, interfaceId: 0 },
    { detail, state },
  );
}

export function layer(p: DissectedPacket, protocol: string): Layer {
  const l = p.layers.find((x) => x.protocol === protocol);
  if (!l) throw new Error(`no ${protocol} layer in packet ${p.number}: ${p.layers.map((x) => x.protocol).join(', ')}`);
  return l;
}

/** The first field named `name` anywhere in the layer's tree. */
export function field(l: Layer, name: string): Field {
  const stack = [...l.fields];
  while (stack.length) {
    const f = stack.shift()!;
    if (f.name === name) return f;
    stack.unshift(...f.children);
  }
  throw new Error(`no field ${name} in the ${l.protocol} layer`);
}

export function show(l: Layer, name: string): string {
  return field(l, name).show;
}
