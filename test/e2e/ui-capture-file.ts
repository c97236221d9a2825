// A small capture written for the UI tests: ARP, a TCP handshake with an HTTP request, a ping,
// then enough UDP datagrams that the list needs scrolling.
import { writeFileSync } from 'node:fs';
import { internetChecksum } from '../../electron/dissect/protocols/internet-checksum.js';
import { pcapFile } from '../fixtures/files/capture-bytes.js';

// Crafted with scapy: ARP request; SYN (MSS 1460, SACK permitted, timestamps, NOP, window scale 7);
// SYN-ACK; ACK; "GET / HTTP/1.1"; ICMP echo request.
const FRAMES = [
  'ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002',
  '02000000000202000000000108004500003c00014000400626b90a0000010a0000029c400050000003e800000000a002faf0685b0000020405b40402080a000030390000000001030307',
  '02000000000102000000000208004500003c00014000400626b90a0000020a00000100509c4000001388000003e9a012fe884d430000020405b40402080a000003e70000303901030307',
  '02000000000202000000000108004500002800014000400626cd0a0000010a0000029c400050000003e900001389501001f6e5d90000',
  '02000000000202000000000108004500004a00014000400626ab0a0000010a0000029c400050000003e900001389501801f6483e0000474554202f20485454502f312e310d0a486f73743a2031302e302e302e320d0a0d0a',
  '02000000000202000000000108004500002400014000400126d60a0000010a000002080040640007000170696e6764617461',
];

export const SYN_NUMBER = 2;
const UDP_COUNT = 34;

function udpFrame(i: number): Uint8Array {
  const payload = 10 + i;
  const ipLen = 20 + 8 + payload;
  const b = new Uint8Array(14 + ipLen);
  b.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]);
  b.set([0x45, 0, ipLen >> 8, ipLen & 0xff, 0, 1, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2], 14);
  const csum = internetChecksum(b, 14, 20);
  b[24] = csum >> 8;
  b[25] = csum & 0xff;
  const sport = 50000 + i;
  // UDP checksum 0: "not computed", valid for IPv4.
  b.set([sport >> 8, sport & 0xff, 0x23, 0x28, (8 + payload) >> 8, (8 + payload) & 0xff, 0, 0], 34);
  b.fill(0x78, 42);
  return b;
}

/** Writes the capture as classic pcap (microseconds, Ethernet) and returns how many packets. */
export function writeUiCapture(path: string): number {
  const frames = [...FRAMES.map((h) => Uint8Array.from(Buffer.from(h, 'hex'))), ...Array.from({ length: UDP_COUNT }, (_, i) => udpFrame(i))];
  const packets = frames.map((data, i) => ({ seconds: 1_763_769_600 + Math.floor(i / 10), fraction: (i % 10) * 100_000, data }));
  writeFileSync(path, pcapFile({ snapLength: 262144 }, packets));
  return frames.length;
}
