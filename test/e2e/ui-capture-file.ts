// A small capture written for the UI tests: ARP, a TCP handshake with an HTTP request, a ping,
// then enough UDP datagrams that the list needs scrolling.
import { writeFileSync } from 'node:fs';

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
export const UDP_COUNT = 34;

function udpFrame(i: number): Uint8Array {
  const payload = 10 + i;
  const ipLen = 20 + 8 + payload;
  const b = new Uint8Array(14 + ipLen);
  b.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]);
  b.set([0x45, 0, ipLen >> 8, ipLen & 0xff, 0, 1, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2], 14);
  let sum = 0;
  for (let k = 14; k < 34; k += 2) sum += (b[k] << 8) | b[k + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  const csum = ~sum & 0xffff;
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
  const parts: Buffer[] = [];
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  parts.push(header);
  frames.forEach((f, i) => {
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(1_763_769_600 + Math.floor(i / 10), 0);
    rec.writeUInt32LE((i % 10) * 100_000, 4);
    rec.writeUInt32LE(f.length, 8);
    rec.writeUInt32LE(f.length, 12);
    parts.push(rec, Buffer.from(f));
  });
  writeFileSync(path, Buffer.concat(parts));
  return frames.length;
}
