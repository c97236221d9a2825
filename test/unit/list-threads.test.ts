// `layerscope list` on several threads prints exactly what one thread prints. The frames are shared
// out by their pair of IP addresses, so every decoder sees whole conversations: TCP analysis,
// reassembly, DNS and ICMP matching and fragments come out as one decoder seeing everything gives
// them. Checked on every capture the tests have (tunnels, fragments, ICMP errors, damaged files)
// and on a generated web capture with thousands of interleaved conversations.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BufferedOutput } from '../../electron/cli/buffered-output.js';
import { listCapture, mostlyPlain } from '../../electron/cli/list-command.js';
import { ListShareFailed, ListShares } from '../../electron/cli/list-shares.js';
import { EVERY_SHARE, FrameSharing } from '../../electron/dissect/address-pair-share.js';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { walkPackets } from '../../electron/dissect/capture-packets.js';
import { dissectFrame, summarizeFrame } from '../../electron/dissect/frame-dissector.js';
import { findField } from '../../electron/dissect/field-model.js';
import { ipv4Address, ipv6Address } from '../../electron/dissect/display-format.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { generateBenchmarkCapture } from '../bench/generate-benchmark-capture.js';
import { writeCaptureFile } from '../../electron/files/capture-file-writer.js';
import type { PacketRecord } from '../../electron/files/packet-record.js';

const PACKETS = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const CAPTURES = [...readdirSync(PACKETS).filter((f) => f.endsWith('.pcap')).sort().map((f) => join(PACKETS, f)), SAMPLE];

/** What `layerscope list --threads N FILE` prints, and its exit code. */
function listed(path: string, threads: number): { text: string; code: number } {
  const parts: Buffer[] = [];
  const out = new BufferedOutput((bytes) => parts.push(Buffer.from(bytes)));
  const code = listCapture(path, { threads }, out);
  return { text: Buffer.concat(parts).toString('utf8'), code };
}

/**
 * For each packet of a capture: the thread that prints it (its plain share, or for a frame every
 * thread decodes the share of its innermost addresses), whether every thread decodes it, and its
 * conversation as one decoder seeing everything names it.
 */
function printingShares(path: string, shares: number): { share: number; every: boolean; conversation: string; number: number }[] {
  const sharing = new FrameSharing(shares);
  const reader = openCaptureFile(path);
  try {
    const packets = walkPackets(reader);
    const state = new DissectState(false);
    const rows = [];
    for (let input = packets.next(); input; input = packets.next()) {
      const plain = sharing.frameShare(input.linkType, input.data);
      const summary = summarizeFrame(input, state);
      // (A packet in no conversation leaves its stream number as it was.)
      const { protocol, stream } = summary.conversation;
      const every = plain === EVERY_SHARE;
      rows.push({ share: every ? sharing.decodedShare(summary) : plain, every, conversation: protocol ? `${protocol} ${stream}` : '', number: input.number });
    }
    return rows;
  } finally {
    reader.close();
  }
}

test('every test capture lists the same on three threads as on one', () => {
  for (const path of CAPTURES) {
    const one = listed(path, 1);
    assert.ok(one.text.length > 0, path);
    const many = listed(path, 3);
    assert.equal(many.code, one.code, `${path}: exit code`);
    assert.equal(many.text, one.text, path);
  }
});

test('a web capture of 30,000 packets in thousands of conversations lists the same on 1, 2 and 4 threads, the work shared', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-threads-'));
  try {
    const path = join(dir, 'web.pcap');
    generateBenchmarkCapture(path, 30_000);
    const one = listed(path, 1).text;
    assert.equal(one.split('\n').length - 1, 30_000);
    assert.match(one, /\[TCP segment of a reassembled PDU\]/);
    assert.match(one, / HTTP \d+ HTTP\/1\.1 200 OK/);
    assert.equal(listed(path, 2).text, one);
    assert.equal(listed(path, 4).text, one);
    // Neither thread is left with nearly everything.
    const rows = printingShares(path, 2);
    assert.ok(rows.every((r) => !r.every), 'plain web traffic is shared out, none decoded twice');
    const second = rows.filter((r) => r.share === 1).length;
    assert.ok(second > rows.length * 0.3 && second < rows.length * 0.7, `share 1 has ${second} of ${rows.length} packets`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('captures with bytes changed at random in their packets still list the same on three threads as on one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-threads-'));
  try {
    // Deterministic (xorshift), so a failure names a file that can be made again.
    let state = 0x9e3779b9;
    const random = (n: number) => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
    for (const name of ['tcp-analysis.pcap', 'vxlan-geneve.pcap', 'ipv4-fragments.pcap', 'application-dns.pcap']) {
      const original = readFileSync(join(PACKETS, name));
      for (let variant = 0; variant < 4; variant++) {
        const bytes = Buffer.from(original);
        // Classic pcap: a 24-byte file header, then records of a 16-byte header and the packet.
        for (let at = 24; at + 16 <= bytes.length; ) {
          const captured = bytes.readUInt32LE(at + 8);
          const start = at + 16;
          // A third of the packets get a few bytes changed, headers included.
          if (random(3) === 0) for (let k = 1 + random(3); k > 0; k--) bytes[start + random(Math.max(1, captured))] = random(256);
          at = start + captured;
        }
        const path = join(dir, `${name}-${variant}.pcap`);
        writeFileSync(path, bytes);
        assert.equal(listed(path, 3).text, listed(path, 1).text, `${name}, variant ${variant}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('all packets of a conversation, both ways, plain or tunnelled, are printed by the same thread', () => {
  let tunnelled = 0;
  for (const path of CAPTURES) {
    for (const shares of [2, 3]) {
      const shareOf = new Map<string, number>();
      for (const row of printingShares(path, shares)) {
        if (row.every && row.conversation) tunnelled++;
        if (!row.conversation) continue;
        const first = shareOf.get(row.conversation);
        if (first === undefined) shareOf.set(row.conversation, row.share);
        else assert.equal(row.share, first, `${path}: packet ${row.number} of ${row.conversation} (${shares} shares)`);
      }
    }
  }
  assert.ok(tunnelled > 0, 'the captures have conversations every thread decodes (tunnels, fragments)');
});

test('a TCP connection carried in VXLAN between two pairs of tunnel ends lists the same on two threads as on one', () => {
  // The outer pairs fall in different shares; the connection's analysis (a retransmission) needs
  // every segment, so each tunnelled frame must be decoded by every thread.
  const sharing = new FrameSharing(2);
  const ends: [number, number][] = [];
  for (let host = 1; ends.length < 2 && host < 250; host += 2) {
    const share = sharing.frameShare(1, Uint8Array.from(ethernetIpv4([192, 0, 2, host], [192, 0, 2, host + 1], 17, udpHeader(5000, 5001, []))));
    if (ends.length === 0 || (share !== ends[0][1] && share >= 0)) ends.push([host, share]);
  }
  assert.equal(ends.length, 2);
  const inner = (from: number[], to: number[], sport: number, dport: number, seq: number, ack: number, flags: number, payload: number[]) =>
    [...new Array(12).fill(2), 0x08, 0x00, ...ipv4Header(from, to, 6, 40 + payload.length), ...tcpHeader(sport, dport, seq, ack, flags), ...payload];
  const client = [10, 9, 0, 1];
  const server = [10, 9, 0, 2];
  const segments = [
    inner(client, server, 40000, 8080, 1000, 0, 0x02, []),
    inner(server, client, 8080, 40000, 5000, 1001, 0x12, []),
    inner(client, server, 40000, 8080, 1001, 5001, 0x10, []),
    inner(client, server, 40000, 8080, 1001, 5001, 0x18, [0x68, 0x69]),
    inner(client, server, 40000, 8080, 1001, 5001, 0x18, [0x68, 0x69]),
    inner(server, client, 8080, 40000, 5001, 1003, 0x10, []),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-threads-'));
  try {
    const path = join(dir, 'vxlan.pcap');
    writeCaptureFile(path, 'pcap', [{ linkType: 1, snapLength: 65535 }], segments.map((frame, i): PacketRecord => {
      const host = ends[i % 2][0];
      const vxlan = [0x08, 0, 0, 0, 0, 0, 100, 0, ...frame];
      const data = Uint8Array.from(ethernetIpv4([192, 0, 2, host], [192, 0, 2, host + 1], 17, udpHeader(49152, 4789, vxlan)));
      return { interfaceId: 0, seconds: 1_700_000_000, nanos: i * 1_000_000, originalLength: data.length, data, fileOffset: 0 };
    }));
    const one = listed(path, 1).text;
    assert.match(one, /\[TCP Retransmission\]/);
    assert.equal(listed(path, 2).text, one);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function ethernetIpv4(src: number[], dst: number[], protocol: number, payload: number[]): number[] {
  return [...new Array(12).fill(1), 0x08, 0x00, ...ipv4Header(src, dst, protocol, 20 + payload.length), ...payload];
}

function ipv4Header(src: number[], dst: number[], protocol: number, total: number): number[] {
  return [0x45, 0, total >> 8, total & 255, 0, 1, 0, 0, 64, protocol, 0, 0, ...src, ...dst];
}

function udpHeader(sport: number, dport: number, payload: number[]): number[] {
  const length = 8 + payload.length;
  return [sport >> 8, sport & 255, dport >> 8, dport & 255, length >> 8, length & 255, 0, 0, ...payload];
}

function tcpHeader(sport: number, dport: number, seq: number, ack: number, flags: number): number[] {
  const word = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return [sport >> 8, sport & 255, dport >> 8, dport & 255, ...word(seq), ...word(ack), 0x50, flags, 0xff, 0xff, 0, 0, 0, 0];
}

test('the innermost addresses the listing notes for a packet are those of its innermost IP header', () => {
  // Who prints a frame every thread decodes is decided by these addresses.
  let checked = 0;
  for (const path of CAPTURES) {
    const reader = openCaptureFile(path);
    try {
      const packets = walkPackets(reader);
      const listing = new DissectState(false);
      const trees = new DissectState(false);
      for (let input = packets.next(); input; input = packets.next()) {
        const { network, networkBytes } = summarizeFrame(input, listing);
        const innermost = dissectFrame(input, { detail: true, state: trees }).layers.filter((l) => l.protocol === 'ip' || l.protocol === 'ipv6').at(-1);
        const source = innermost && findField(innermost.fields, `${innermost.protocol}.src`);
        if (!network || !source) continue;
        const noted = network.family === 4 ? ipv4Address(networkBytes, network.src) : ipv6Address(networkBytes, network.src);
        assert.equal(noted, source.value, `${path} #${input.number}`);
        checked++;
      }
    } finally {
      reader.close();
    }
  }
  assert.ok(checked > 500, `checked ${checked} packets`);
});

test('a frame that is not plain IP is decoded by every thread: not IP, cut short, a tunnel, a fragment', () => {
  const sharing = new FrameSharing(4);
  const ethernet = (type: number, ip: number[]) => Uint8Array.from([...new Array(12).fill(0), type >> 8, type & 255, ...ip]);
  const ipv4 = (protocol: number, flags: number, payload: number[]) => [0x45, 0, 0, 20 + payload.length, 0, 1, flags >> 8, flags & 255, 64, protocol, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, ...payload];
  const udp = (sport: number, dport: number) => [sport >> 8, sport & 255, dport >> 8, dport & 255, 0, 8, 0, 0];
  const plain = sharing.frameShare(1, ethernet(0x0800, ipv4(17, 0, udp(5000, 53))));
  assert.ok(plain >= 0);
  // The reverse direction, and the same pair in a VLAN tag, go to the same share.
  const reverse = ipv4(17, 0, udp(53, 5000));
  reverse.splice(12, 8, 10, 0, 0, 2, 10, 0, 0, 1);
  assert.equal(sharing.frameShare(1, ethernet(0x0800, reverse)), plain);
  assert.equal(sharing.frameShare(1, ethernet(0x8100, [0, 5, 0x08, 0x00, ...ipv4(17, 0, udp(5000, 53))])), plain);
  assert.equal(sharing.frameShare(1, ethernet(0x0806, new Array(28).fill(0))), EVERY_SHARE, 'ARP');
  assert.equal(sharing.frameShare(1, ethernet(0x0800, ipv4(17, 0, udp(5000, 53)).slice(0, 19))), EVERY_SHARE, 'cut short');
  assert.equal(sharing.frameShare(1, ethernet(0x0800, ipv4(17, 0, udp(49152, 4789)))), EVERY_SHARE, 'VXLAN');
  assert.equal(sharing.frameShare(1, ethernet(0x0800, ipv4(47, 0, [0, 0, 0x08, 0x00]))), EVERY_SHARE, 'GRE');
  assert.equal(sharing.frameShare(1, ethernet(0x0800, ipv4(17, 0x2000, udp(5000, 53)))), EVERY_SHARE, 'a fragment');
  assert.equal(sharing.frameShare(147, new Uint8Array(60)), EVERY_SHARE, 'a link type not read');
});

test('by default, a capture whose first frames are mostly not plain keeps to one thread: every thread would decode them all', () => {
  const sharing = new FrameSharing(2);
  assert.equal(mostlyPlain(join(PACKETS, 'wifi-radiotap.pcap'), sharing), false);
  assert.equal(mostlyPlain(join(PACKETS, 'vxlan-geneve.pcap'), sharing), false);
  assert.equal(mostlyPlain(join(PACKETS, 'transport-loopback-tcp.pcap'), sharing), true);
  assert.equal(mostlyPlain(join(PACKETS, 'application-http.pcap'), sharing), true);
});

test('a worker that walked fewer packets than the printing thread (the file grew) says so instead of waiting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-threads-'));
  try {
    // The worker reads the first 20 packets of the capture; the printing thread would go on.
    const whole = join(PACKETS, 'transport-loopback-tcp.pcap');
    const bytes = readFileSync(whole);
    let end = 24;
    for (let i = 0; i < 20; i++) end += 16 + bytes.readUInt32LE(end + 8);
    const short = join(dir, 'short.pcap');
    writeFileSync(short, bytes.subarray(0, end));
    const ours = printingShares(short, 2).filter((r) => r.share === 1).length;
    assert.ok(ours > 0);
    const shares = new ListShares(short, 2, 'en');
    const out = new BufferedOutput(() => {});
    try {
      for (let i = 0; i < ours; i++) assert.equal(shares.copyNext(1, out), true, `line ${i + 1}`);
      assert.equal(shares.copyNext(1, out), false);
    } finally {
      shares.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker that fails makes the listing fail with its error, not hang', () => {
  const shares = new ListShares(join(tmpdir(), 'layerscope-no-such-capture.pcap'), 2, 'en');
  try {
    assert.throws(() => shares.copyNext(1, new BufferedOutput(() => {})), ListShareFailed);
  } finally {
    shares.close();
  }
});
