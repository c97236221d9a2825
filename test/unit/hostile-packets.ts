// Worst-case packets for the cost tests: for every decoder the registry knows, its payload wrapped
// in the headers that lead to it, filled up to the largest frame a capture holds with patterns that
// make decoders loop (repeated small items, forward DNS compression pointers, ICMP errors quoting
// ICMP errors, chained IPv6 extension headers, endless HTTP header lines).

import { protocolModules } from '../../electron/dissect/registry.js';
import type { DispatchTable } from '../../electron/dissect/dissector.js';

/** The largest IP datagram: the 16-bit total length's limit. */
export const MAX_DATAGRAM = 65535;

export interface HostileFrame {
  /** What the frame is, for failure messages. */
  name: string;
  linkType: number;
  data: Uint8Array;
}

const be16 = (v: number) => [(v >>> 8) & 0xff, v & 0xff];
const ETHERNET = (type: number) => [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, ...be16(type)];
/** The three addresses of an 802.11 management frame (receiver, transmitter, BSSID). */
const WLAN_ADDRESSES = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1];
/** The most bytes an IEEE 802.3 length field counts. */
const MAX_LLC = 1500;

function ipv4(proto: number, payload: ArrayLike<number>): number[] {
  return [0x45, 0, ...be16(20 + payload.length), 0, 1, 0, 0, 64, proto, 0, 0, 127, 0, 0, 1, 127, 0, 0, 2, ...Array.from(payload)];
}

function ipv6(next: number, payload: ArrayLike<number>): number[] {
  const address = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  return [0x60, 0, 0, 0, ...be16(payload.length), next, 64, ...address, ...address, ...Array.from(payload)];
}

/** `pattern` repeated to exactly `size` bytes. */
export function repeated(pattern: readonly number[], size: number): number[] {
  const out = new Array<number>(size);
  for (let i = 0; i < size; i++) out[i] = pattern[i % pattern.length];
  return out;
}

/** Room for a payload behind the headers that lead to `table`, within one IPv4 datagram. */
function payloadRoom(table: DispatchTable): number {
  switch (table) {
    case 'link': return MAX_DATAGRAM;
    case 'ethertype': return MAX_DATAGRAM;
    case 'ip.proto': return MAX_DATAGRAM - 20;
    case 'udp.port': return MAX_DATAGRAM - 28;
    case 'tcp.port': return MAX_DATAGRAM - 40;
    case 'radiotap.wlan': return MAX_DATAGRAM;
    case 'wlan.mgt': return MAX_DATAGRAM - 24;
    // An IEEE 802.3 length field counts at most 1500 bytes of LLC.
    case 'llc': return MAX_LLC;
    case 'llc.dsap': return MAX_LLC - 3;
    case 'llc.cisco_pid': return MAX_LLC - 8;
    case 'ppp.protocol': return MAX_DATAGRAM - 2;
    case 'ppp': return MAX_DATAGRAM - 6;
    default: throw new Error(`the hostile-packet tests do not know how to reach the ${table} table yet`);
  }
}

/** `payload` behind the headers that make the engine hand it to the decoder under `key` in `table`. */
function wrap(table: DispatchTable, key: number, payload: number[]): { linkType: number; data: number[] } {
  switch (table) {
    case 'link': return { linkType: key, data: payload };
    case 'ethertype': return { linkType: 1, data: [...ETHERNET(key), ...payload] };
    case 'ip.proto': return { linkType: 1, data: [...ETHERNET(0x0800), ...ipv4(key, payload)] };
    case 'udp.port': return { linkType: 1, data: [...ETHERNET(0x0800), ...ipv4(17, [...be16(40000), ...be16(key), ...be16(8 + payload.length), 0, 0, ...payload])] };
    case 'tcp.port': return { linkType: 1, data: [...ETHERNET(0x0800), ...ipv4(6, [...be16(40000), ...be16(key), 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0, ...payload])] };
    // Radiotap with only its Flags field: the frame check sequence at the end (key bit 0), header padding (bit 1).
    case 'radiotap.wlan': return { linkType: 127, data: [0, 0, 9, 0, 2, 0, 0, 0, (key & 1 ? 0x10 : 0) | (key & 2 ? 0x20 : 0), ...payload] };
    case 'wlan.mgt': return { linkType: 105, data: [key << 4, 0, 0, 0, ...WLAN_ADDRESSES, 0, 0, ...payload] };
    case 'llc': return { linkType: 1, data: [...ETHERNET(payload.length), ...payload] };
    case 'llc.dsap': return { linkType: 1, data: [...ETHERNET(payload.length + 3), key, key, 3, ...payload] };
    case 'llc.cisco_pid': return { linkType: 1, data: [...ETHERNET(payload.length + 8), 0xaa, 0xaa, 3, 0, 0, 0x0c, ...be16(key), ...payload] };
    // PPP (link type 9) with its protocol number; a PPPoE session header.
    case 'ppp.protocol': return { linkType: 9, data: [...be16(key), ...payload] };
    case 'ppp': return { linkType: 1, data: [...ETHERNET(0x8864), 0x11, 0, 0, 1, ...be16(payload.length), ...payload] };
    default: throw new Error(`the hostile-packet tests do not know how to reach the ${table} table yet`);
  }
}

/** Byte patterns that every decoder meets: each repeated over the whole payload. */
const GENERIC_PATTERNS: ReadonlyArray<readonly number[]> = [
  [0x00], [0xff], [0x01], [0x45], [0xc0, 0x0c], [0x0d, 0x0a], [0x3a, 0x20], [0x81, 0x00], [0x00, 0x01], [0x3f, 0x61],
];

/** For each registered decoder and generic pattern, a frame of the largest size filled with it. */
export function genericHostileFrames(): HostileFrame[] {
  const frames: HostileFrame[] = [];
  for (const dissector of protocolModules()) for (const { table, keys } of dissector.registrations) {
    for (const pattern of GENERIC_PATTERNS) {
      const { linkType, data } = wrap(table, keys[0], repeated(pattern, payloadRoom(table)));
      frames.push({ name: `${dissector.place.protocol} (${table} ${keys[0]}) filled with ${pattern.map((b) => b.toString(16).padStart(2, '0')).join('')}`, linkType, data: Uint8Array.from(data) });
    }
  }
  return frames;
}

/**
 * A DNS response whose first answer carries, as opaque data, a chain of labels each followed by a
 * pointer forward to the next, and whose every other question and answer names that chain and
 * points its CNAME at it: each name walks the whole chain again. With 63-byte labels the chain
 * spells a name far over 255 bytes; with 1-byte labels it is 127 pointers long and just fits.
 * `looping`: the chain is 16 KB of 63-byte labels whose last pointer leads back to its start, so a
 * name never ends and a reader without a length bound walks megabytes for each.
 */
export function dnsForwardPointerMessage(size: number, shape: { shortLabels?: boolean; questions?: number; looping?: boolean } = {}): number[] {
  const questions = shape.questions ?? 0;
  const chainAt = 12 + 6 * questions + 11;
  const labelLength = shape.shortLabels ? 1 : 63;
  const links = shape.shortLabels ? 127 : 64;
  const chain: number[] = [];
  if (shape.looping) {
    while (chainAt + chain.length + 64 + 2 < 0x4000) chain.push(63, ...repeated([0x61], 63));
    chain.push(...be16(0xc000 | chainAt));
  } else {
    for (let i = 0; i < links; i++) {
      chain.push(labelLength, ...repeated([0x61], labelLength));
      if (i < links - 1) chain.push(...be16(0xc000 | (chainAt + chain.length + 2)));
      else chain.push(0);
    }
  }
  const pointer = [0xc0 | (chainAt >> 8), chainAt & 0xff];
  const body: number[] = [];
  for (let i = 0; i < questions; i++) body.push(...pointer, 0, 1, 0, 1);
  body.push(0, 0xff, 0, 0, 1, 0, 0, 0, 60, ...be16(chain.length), ...chain);
  let answers = 1;
  const answer = [...pointer, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, ...pointer];
  while (12 + body.length + answer.length <= size) {
    body.push(...answer);
    answers++;
  }
  return [0x12, 0x34, 0x81, 0x80, ...be16(questions), ...be16(answers), 0, 0, 0, 0, ...body];
}

/** An ICMP (or ICMPv6) destination-unreachable error quoting one that quotes another, as deep as fits. */
function nestedIcmpErrors(v6: boolean, room: number): number[] {
  const level = (v6 ? 40 : 20) + 8;
  const innermost = level;
  const levels = Math.floor((room - innermost) / level);
  const out: number[] = [];
  // Outermost first: each level is an IP header and an ICMP error header around the next.
  for (let i = levels; i >= 0; i--) {
    const length = innermost + i * level;
    const icmp = i === 0 ? [0, 53, 0, 53, 0, 8, 0, 0] : [v6 ? 1 : 3, 0, 0, 0, 0, 0, 0, 0];
    const proto = i === 0 ? 17 : v6 ? 58 : 1;
    const header = v6 ? ipv6(proto, []) : ipv4(proto, []);
    // The length field says the whole of what follows, not just this header.
    if (v6) header.splice(4, 2, ...be16(length - 40));
    else header.splice(2, 2, ...be16(length));
    for (const x of header) out.push(x);
    for (const x of icmp) out.push(x);
  }
  return out;
}

/** IPv6 with hop-by-hop headers chained as long as they fit, each 8 bytes of PadN or Pad1 options. */
function chainedIpv6ExtensionHeaders(room: number, pad1: boolean): number[] {
  const headers: number[] = [];
  while (headers.length + 8 + 40 + 8 <= room) headers.push(0, 0, ...(pad1 ? [0, 0, 0, 0, 0, 0] : [1, 4, 0, 0, 0, 0]));
  // The last one says no next header.
  headers[headers.length - 8] = 59;
  return ipv6(0, headers);
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

/** `payload` (cut to the largest that fits) behind the headers that lead to `key` in `table`. */
export function hostileFrame(name: string, table: DispatchTable, key: number, payload: number[]): HostileFrame {
  const { linkType, data } = wrap(table, key, payload.slice(0, payloadRoom(table)));
  return { name, linkType, data: Uint8Array.from(data) };
}

/** The constructions aimed at one protocol each: the worst its format allows. */
export function targetedHostileFrames(): HostileFrame[] {
  const frame = hostileFrame;
  const http = payloadRoom('tcp.port');
  return [
    frame('DNS answers whose names follow forward pointers past 255 bytes', 'udp.port', 53, dnsForwardPointerMessage(payloadRoom('udp.port'))),
    frame('DNS answers whose names follow 127 forward pointers', 'udp.port', 53, dnsForwardPointerMessage(payloadRoom('udp.port'), { shortLabels: true })),
    frame('DNS answers whose names loop through 16 KB of labels', 'udp.port', 53, dnsForwardPointerMessage(payloadRoom('udp.port'), { looping: true })),
    frame('DNS questions and answers whose names follow forward pointers', 'udp.port', 53, dnsForwardPointerMessage(payloadRoom('udp.port'), { questions: 2000 })),
    frame('mDNS answers whose names follow 127 forward pointers', 'udp.port', 5353, dnsForwardPointerMessage(payloadRoom('udp.port'), { shortLabels: true })),
    frame('ICMP errors quoting ICMP errors', 'ethertype', 0x0800, nestedIcmpErrors(false, MAX_DATAGRAM)),
    frame('ICMPv6 errors quoting ICMPv6 errors', 'ethertype', 0x86dd, nestedIcmpErrors(true, MAX_DATAGRAM)),
    frame('ICMPv6 neighbour solicitation with 8-byte options to the end', 'ethertype', 0x86dd, ipv6(58, [135, 0, 0, 0, 0, 0, 0, 0, ...repeated([0xfe, 0x80], 16), ...repeated([1, 1, 2, 0, 0, 0, 0, 1], MAX_DATAGRAM - 40 - 24 - 40)])),
    frame('IPv6 hop-by-hop headers chained with PadN', 'ethertype', 0x86dd, chainedIpv6ExtensionHeaders(MAX_DATAGRAM, false)),
    frame('IPv6 hop-by-hop headers chained with Pad1', 'ethertype', 0x86dd, chainedIpv6ExtensionHeaders(MAX_DATAGRAM, true)),
    frame('IPv6 one hop-by-hop header of 2 KB of Pad1', 'ethertype', 0x86dd, ipv6(0, [59, 255, ...repeated([0], 255 * 8 + 6), ...repeated([0x41], MAX_DATAGRAM - 40 - 2048)])),
    frame('VLAN tags stacked to the end', 'link', 1, [...ETHERNET(0x8100), ...repeated([0, 1, 0x81, 0x00], MAX_DATAGRAM)]),
    frame('HTTP request with one header line after another', 'tcp.port', 80, [...ascii('GET / HTTP/1.1\r\n'), ...repeated(ascii('a:\r\n'), http)]),
    frame('HTTP request line that never ends', 'tcp.port', 80, [...ascii('GET /'), ...repeated([0x61], http)]),
    frame('HTTP response with header lines ended by bare CR', 'tcp.port', 80, [...ascii('HTTP/1.1 200 OK\r\n'), ...repeated(ascii('X: y\r'), http)]),
    frame('HTTP response with colons only', 'tcp.port', 80, [...ascii('HTTP/1.1 200 OK\r\n'), ...repeated(ascii(':'), http)]),
    frame('TLS records of no content, one after another', 'tcp.port', 443, repeated([0x17, 3, 3, 0, 0], http)),
    frame('TLS Certificate message of empty certificates to the end', 'tcp.port', 443, tlsHandshake(11, tlsVector(3, repeated([0, 0, 0], http)))),
    frame('TLS Certificate message of one certificate of nested SEQUENCEs', 'tcp.port', 443, tlsHandshake(11, tlsVector(3, nestedDerSequences(16_000)))),
    frame('TLS Client Hello with one empty extension after another', 'tcp.port', 443, tlsHandshake(1, [...CLIENT_HELLO_HEAD, ...tlsVector(2, repeated([0xff, 0x01, 0, 0], http), CLIENT_HELLO_HEAD.length)])),
    // A beacon's fixed parameters, then one element many fields wide (11 octets of extended
    // capabilities, WMM parameters) over and over.
    frame('802.11 beacon of extended capabilities to the end', 'wlan.mgt', 8, [...repeated([0], 12), ...repeated([127, 11, ...repeated([0xff], 11)], MAX_DATAGRAM)]),
    frame('802.11 beacon of WMM parameter elements to the end', 'wlan.mgt', 8, [...repeated([0], 12), ...repeated([221, 24, 0x00, 0x50, 0xf2, 2, 1, 1, 0x81, 0, ...repeated([0x03, 0xa4, 0, 0], 16)], MAX_DATAGRAM)]),
  ];
}

/** A TLS handshake record holding one message of `type` with `body`. */
function tlsHandshake(type: number, body: number[]): number[] {
  const message = [type, ...u24(body.length), ...body];
  return [0x16, 3, 3, ...u16(message.length), ...message];
}

/** `items` cut to fit one TLS record (16 KB) with room for `head`, as a vector with a `lengthBytes`-byte length. */
function tlsVector(lengthBytes: 2 | 3, items: number[], head = 0): number[] {
  const room = Math.min(items.length, 16_384 - 4 - head - lengthBytes);
  return [...(lengthBytes === 3 ? u24(room) : u16(room)), ...items.slice(0, room)];
}

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

function u24(n: number): number[] {
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** A Client Hello up to its extensions: version, random, no session id, one cipher suite, no compression. */
const CLIENT_HELLO_HEAD = [3, 3, ...repeated([0], 32), 0, 0, 2, 0x13, 0x01, 1, 0];

/** One certificate (its 3-byte length first) that is SEQUENCE inside SEQUENCE, `size` bytes in all. */
function nestedDerSequences(size: number): number[] {
  // Built from the inside out: each level a SEQUENCE with a two-byte long-form length.
  let inner: number[] = [];
  while (inner.length + 4 <= size - 3) inner = [0x30, 0x82, ...u16(inner.length), ...inner];
  return [...u24(inner.length), ...inner];
}

/** A benign frame of the same size: a UDP datagram of zeros to an undecoded port. */
export function benignLargestFrame(): HostileFrame {
  const { linkType, data } = wrap('udp.port', 9, repeated([0], payloadRoom('udp.port')));
  return { name: 'UDP datagram of zeros', linkType, data: Uint8Array.from(data) };
}

/**
 * The DNS forward-pointer frame and the looping one as a classic pcap file (Ethernet link type),
 * for the end-to-end tests.
 */
export function hostileDnsPcap(): Uint8Array {
  const frames = [dnsForwardPointerMessage(payloadRoom('udp.port')), dnsForwardPointerMessage(payloadRoom('udp.port'), { looping: true })].map((m) => wrap('udp.port', 53, m).data);
  const file: number[] = [];
  const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  file.push(...le32(0xa1b2c3d4), 2, 0, 4, 0, ...le32(0), ...le32(0), ...le32(262144), ...le32(1));
  for (const [i, data] of frames.entries()) {
    file.push(...le32(i), ...le32(0), ...le32(data.length), ...le32(data.length));
    for (const x of data) file.push(x);
  }
  return Uint8Array.from(file);
}
