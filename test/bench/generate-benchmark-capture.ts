// Writes the benchmark capture: about 1,000,000 packets (about 377 MB) of realistic web traffic,
// streamed to disk through Layerscope's pcap writer, never held in memory.
//
// The traffic: tens of thousands of HTTP connections between many clients and a few servers,
// several open at once and interleaved, each with a three-way handshake (MSS, SACK, timestamps,
// window scale), requests and multi-segment responses of varied sizes, delayed ACKs, the odd
// retransmission, and a FIN close; plus DNS lookups over UDP before many of them. Deterministic: the
// same seed gives the same file.
//
// Run on its own: node --import tsx test/bench/generate-benchmark-capture.ts OUT.pcap [PACKETS]

import { createCaptureFileWriter } from '../../electron/files/capture-file-writer.js';
import type { PacketRecord } from '../../electron/files/packet-record.js';
import { internetChecksum, onesComplementSum, pseudoHeaderSumV4 } from '../../electron/dissect/protocols/internet-checksum.js';

export const BENCHMARK_PACKETS = 1_000_000;

/** A small deterministic PRNG (xorshift32), so the benchmark file is the same on every machine. */
class Random {
  constructor(private state: number) {}
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

interface Endpoint {
  ip: number;
  port: number;
  mac: number;
}

/** What one generated packet is, before it is encoded. */
interface TcpSpec {
  kind: 'tcp';
  from: Endpoint;
  to: Endpoint;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  syn?: boolean;
  payload: number;
  /** Byte to fill the payload with after its text head (varies per segment). */
  text?: string;
}

interface UdpSpec {
  kind: 'dns';
  from: Endpoint;
  to: Endpoint;
  id: number;
  response: boolean;
  name: string;
}

type Spec = TcpSpec | UdpSpec;

const FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10;
const MSS = 1448;
const SITES = ['example.com', 'www.example.org', 'cdn.example.net', 'api.example.com', 'static.example.org', 'img.example.net'];

const BODY_SMALL = 0.7;
const BODY_MAX_SEGMENTS = 5;
const ACK_EVERY = 2;

/** An HTTP response head; its length does not depend on the number (padded to 6 digits). */
function responseHead(contentLength: number): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${String(contentLength).padStart(6, ' ')}\r\n\r\n`;
}

/** One connection's packets, in order (a client fetching 1-3 resources over HTTP). */
function* connection(rnd: Random, client: Endpoint, server: Endpoint): Generator<Spec> {
  const site = SITES[rnd.int(0, SITES.length - 1)];
  if (rnd.next() < 0.5) {
    const dns: Endpoint = { ip: 0x0a000035, port: 53, mac: 0x0200000000aa };
    const c: Endpoint = { ip: client.ip, port: rnd.int(32768, 60999), mac: client.mac };
    const id = rnd.int(0, 0xffff);
    yield { kind: 'dns', from: c, to: dns, id, response: false, name: site };
    yield { kind: 'dns', from: dns, to: c, id, response: true, name: site };
  }
  let cseq = rnd.int(0, 0xffffffff);
  let sseq = rnd.int(0, 0xffffffff);
  yield { kind: 'tcp', from: client, to: server, seq: cseq, ack: 0, flags: SYN, window: 64240, syn: true, payload: 0 };
  yield { kind: 'tcp', from: server, to: client, seq: sseq, ack: cseq + 1, flags: SYN | ACK, window: 65160, syn: true, payload: 0 };
  cseq++;
  sseq++;
  yield { kind: 'tcp', from: client, to: server, seq: cseq, ack: sseq, flags: ACK, window: 502, payload: 0 };
  const requests = rnd.int(1, 3);
  for (let r = 0; r < requests; r++) {
    const head = `GET /${r === 0 ? 'index' : 'asset' + r}.html HTTP/1.1\r\nHost: ${site}\r\nUser-Agent: layerscope-bench/1.0\r\nAccept: */*\r\nCookie: `;
    const reqLen = head.length + rnd.int(20, 500) + 4;
    const request = head + 'x'.repeat(reqLen - head.length - 4) + '\r\n\r\n';
    yield { kind: 'tcp', from: client, to: server, seq: cseq, ack: sseq, flags: PSH | ACK, window: 502, payload: reqLen, text: request };
    cseq += reqLen;
    // Response: 1 to 12 segments, the last one partial; the client ACKs every second segment.
    const body = rnd.next() < BODY_SMALL ? rnd.int(200, 1200) : rnd.int(1500, BODY_MAX_SEGMENTS * MSS);
    const contentLength = body - responseHead(body).length;
    let left = body;
    let segments = 0;
    let first = true;
    while (left > 0) {
      const len = Math.min(MSS, left);
      const last = len === left;
      const spec: TcpSpec = { kind: 'tcp', from: server, to: client, seq: sseq, ack: cseq, flags: last ? PSH | ACK : ACK, window: 509, payload: len, text: first ? responseHead(contentLength) : undefined };
      yield spec;
      // About one segment in a hundred is lost on the way and sent again.
      if (rnd.next() < 0.01) yield { ...spec };
      first = false;
      sseq += len;
      left -= len;
      segments++;
      if (segments % ACK_EVERY === 0 || last) yield { kind: 'tcp', from: client, to: server, seq: cseq, ack: sseq, flags: ACK, window: 502 + rnd.int(0, 40), payload: 0 };
    }
  }
  yield { kind: 'tcp', from: client, to: server, seq: cseq, ack: sseq, flags: FIN | ACK, window: 502, payload: 0 };
  yield { kind: 'tcp', from: server, to: client, seq: sseq, ack: cseq + 1, flags: FIN | ACK, window: 509, payload: 0 };
  yield { kind: 'tcp', from: client, to: server, seq: cseq + 1, ack: sseq + 1, flags: ACK, window: 502, payload: 0 };
}

/** Encodes packets into one reusable frame buffer (Ethernet + IPv4 + TCP/UDP), with correct checksums. */
class FrameEncoder {
  readonly bytes = new Uint8Array(1514);
  private readonly view = new DataView(this.bytes.buffer);
  private ipId = 1;
  private readonly filler = new TextEncoder().encode(
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. '.repeat(16),
  );
  private readonly encoder = new TextEncoder();

  encode(spec: Spec, clock: number): number {
    return spec.kind === 'tcp' ? this.tcp(spec, clock) : this.dns(spec);
  }

  private ethernetAndIp(from: Endpoint, to: Endpoint, proto: number, l4Length: number): void {
    const v = this.view;
    v.setUint16(0, Math.floor(to.mac / 0x100000000));
    v.setUint32(2, to.mac >>> 0);
    v.setUint16(6, Math.floor(from.mac / 0x100000000));
    v.setUint32(8, from.mac >>> 0);
    v.setUint16(12, 0x0800);
    v.setUint8(14, 0x45);
    v.setUint8(15, 0);
    v.setUint16(16, 20 + l4Length);
    v.setUint16(18, this.ipId++ & 0xffff);
    v.setUint16(20, 0x4000);
    v.setUint8(22, 64);
    v.setUint8(23, proto);
    v.setUint16(24, 0);
    v.setUint32(26, from.ip);
    v.setUint32(30, to.ip);
    v.setUint16(24, internetChecksum(this.bytes, 14, 20));
  }

  private tcp(s: TcpSpec, clock: number): number {
    const optLen = s.syn ? 20 : 12;
    const hdr = 20 + optLen;
    const l4 = hdr + s.payload;
    this.ethernetAndIp(s.from, s.to, 6, l4);
    const v = this.view;
    const t = 34;
    v.setUint16(t, s.from.port);
    v.setUint16(t + 2, s.to.port);
    v.setUint32(t + 4, s.seq >>> 0);
    v.setUint32(t + 8, s.ack >>> 0);
    v.setUint16(t + 12, ((hdr / 4) << 12) | s.flags);
    v.setUint16(t + 14, s.window);
    v.setUint16(t + 16, 0);
    v.setUint16(t + 18, 0);
    const tsval = Math.floor(clock * 1000) >>> 0;
    const o = t + 20;
    if (s.syn) {
      // MSS 1460, SACK permitted, timestamps, NOP, window scale 7: what Linux sends.
      this.bytes.set([2, 4, 0x05, 0xb4, 4, 2, 8, 10], o);
      v.setUint32(o + 8, tsval);
      v.setUint32(o + 12, s.flags & ACK ? tsval - 7 : 0);
      this.bytes.set([1, 3, 3, 7], o + 16);
    } else {
      this.bytes.set([1, 1, 8, 10], o);
      v.setUint32(o + 4, tsval);
      v.setUint32(o + 8, tsval - 7);
    }
    const p = t + hdr;
    let n = 0;
    if (s.text) {
      const head = this.encoder.encode(s.text);
      n = Math.min(head.length, s.payload);
      this.bytes.set(head.subarray(0, n), p);
    }
    const start = (s.seq >>> 0) % 1000;
    this.bytes.set(this.filler.subarray(start, start + (s.payload - n)), p + n);
    const sum = onesComplementSum(this.bytes, t, l4, pseudoHeaderSumV4(this.bytes, 26, 30, 6, l4));
    v.setUint16(t + 16, ~sum & 0xffff);
    return 14 + 20 + l4;
  }

  private dns(s: UdpSpec): number {
    const labels = s.name.split('.');
    const nameLen = labels.reduce((a, l) => a + 1 + l.length, 1);
    const question = nameLen + 4;
    const answers = s.response ? 2 : 0;
    const dnsLen = 12 + question + answers * 16;
    const l4 = 8 + dnsLen;
    this.ethernetAndIp(s.from, s.to, 17, l4);
    const v = this.view;
    const u = 34;
    v.setUint16(u, s.from.port);
    v.setUint16(u + 2, s.to.port);
    v.setUint16(u + 4, l4);
    v.setUint16(u + 6, 0);
    const d = u + 8;
    v.setUint16(d, s.id);
    v.setUint16(d + 2, s.response ? 0x8180 : 0x0100);
    v.setUint16(d + 4, 1);
    v.setUint16(d + 6, answers);
    v.setUint16(d + 8, 0);
    v.setUint16(d + 10, 0);
    let at = d + 12;
    for (const label of labels) {
      this.bytes[at++] = label.length;
      for (let i = 0; i < label.length; i++) this.bytes[at++] = label.charCodeAt(i);
    }
    this.bytes[at++] = 0;
    v.setUint16(at, 1);
    v.setUint16(at + 2, 1);
    at += 4;
    for (let i = 0; i < answers; i++) {
      v.setUint16(at, 0xc00c); // pointer to the question's name
      v.setUint16(at + 2, 1);
      v.setUint16(at + 4, 1);
      v.setUint32(at + 6, 300);
      v.setUint16(at + 10, 4);
      v.setUint32(at + 12, 0xc6336400 + i + 1);
      at += 16;
    }
    const sum = onesComplementSum(this.bytes, u, l4, pseudoHeaderSumV4(this.bytes, 26, 30, 17, l4));
    const c = ~sum & 0xffff;
    v.setUint16(u + 6, c === 0 ? 0xffff : c);
    return 14 + 20 + l4;
  }
}

/** Streams the benchmark capture to `path` (classic pcap, microseconds); returns packets and bytes written. */
export function generateBenchmarkCapture(path: string, packets = BENCHMARK_PACKETS, seed = 20261121): { packets: number; bytes: number } {
  const rnd = new Random(seed);
  const encoder = new FrameEncoder();
  const writer = createCaptureFileWriter(path, 'pcap', [{ linkType: 1, snapLength: 262144 }], { resolution: 'microseconds' });
  const servers: Endpoint[] = Array.from({ length: 24 }, (_, i) => ({ ip: 0xc6336400 + 10 + i, port: 80, mac: 0x020000000100 + i }));
  let nextPort = 32768;
  const newConnection = (): Generator<Spec> => {
    const c = rnd.int(1, 4000);
    const client: Endpoint = { ip: 0x0a010000 + c, port: nextPort, mac: 0x020000010000 + c };
    nextPort = nextPort >= 60999 ? 32768 : nextPort + 1;
    return connection(rnd, client, servers[rnd.int(0, servers.length - 1)]);
  };
  let clock = 1_700_000_000;
  // Several connections are open at once; their packets interleave on the wire.
  const active: Generator<Spec>[] = Array.from({ length: 12 }, newConnection);
  const record: PacketRecord = { interfaceId: 0, seconds: 0, nanos: 0, originalLength: 0, data: encoder.bytes, fileOffset: 0 };

  function* records(): Generator<PacketRecord> {
    for (let n = 0; n < packets; n++) {
      const slot = rnd.int(0, active.length - 1);
      let step = active[slot].next();
      while (step.done) {
        active[slot] = newConnection();
        step = active[slot].next();
      }
      clock += rnd.int(5, 400) / 1e6;
      const length = encoder.encode(step.value, clock);
      record.seconds = Math.floor(clock);
      record.nanos = Math.round((clock - record.seconds) * 1e6) * 1000;
      if (record.nanos >= 1e9) record.nanos = 999_999_000;
      record.originalLength = length;
      record.data = encoder.bytes.subarray(0, length);
      yield record;
    }
  }

  try {
    writer.write(records());
  } finally {
    writer.close();
  }
  return { packets: writer.packetsWritten, bytes: writer.bytesWritten };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, ''))) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: node --import tsx test/bench/generate-benchmark-capture.ts OUT.pcap [PACKETS]\n');
    process.exit(2);
  }
  const started = performance.now();
  const result = generateBenchmarkCapture(out, process.argv[3] ? Number(process.argv[3]) : BENCHMARK_PACKETS);
  process.stdout.write(`${out}: ${result.packets} packets, ${(result.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
