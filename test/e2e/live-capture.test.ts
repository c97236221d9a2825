// Live capture on `lo` through the real helper process (root, as in CI): a TCP connection between
// two local sockets arrives in order, in batches, and the capture file reads back in tshark packet
// for packet. Every capture is bounded in time and always stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveCapture, CaptureError, type CaptureBackend, type CaptureTotals } from '../../electron/capture/live-capture.js';
import { listInterfaces } from '../../electron/capture/interface-list.js';
import type { PacketRecord } from '../../electron/files/packet-record.js';
import { tsharkFields } from '../unit/service-test-captures.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'live capture needs root (CI runs as root)';
const hasDumpcap = existsSync('/usr/bin/dumpcap');

const dir = mkdtempSync(join(tmpdir(), 'layerscope-live-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Flags and payload of an Ethernet/IPv4/TCP frame, read straight from its bytes. */
function tcpSegment(frame: Uint8Array): { flags: string; payload: string } | undefined {
  if (frame.length < 34 || frame[12] !== 0x08 || frame[13] !== 0x00 || frame[23] !== 6) return undefined;
  const ipHeader = (frame[14] & 0x0f) * 4;
  const ipTotal = (frame[16] << 8) | frame[17];
  const tcp = 14 + ipHeader;
  const tcpHeader = (frame[tcp + 12] >> 4) * 4;
  const f = frame[tcp + 13];
  const names = [[0x02, 'SYN'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x10, 'ACK']] as const;
  const flags = names.filter(([bit]) => f & bit).map(([, name]) => name).join(',');
  const payload = Buffer.from(frame.subarray(tcp + tcpHeader, 14 + ipTotal)).toString('latin1');
  return { flags, payload };
}

function listen(): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('data', () => socket.end()); // reply to the data by closing: the server sends FIN
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function oneConnection(port: number): Promise<void> {
  const client = connect(port, '127.0.0.1', () => client.write('hello layerscope'));
  client.on('data', () => {});
  await new Promise((resolve) => client.on('close', resolve));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `count` UDP datagrams to 127.0.0.1:`port` from a separate process, paced at `rate` per
 * second in bursts every 10 ms, and returns when all are sent (this event loop is blocked till
 * then). Each starts with its number (4 bytes), then `padding` bytes.
 */
function sendNumberedDatagrams(port: number, count: number, rate: number, padding: number): void {
  const burst = Math.max(1, Math.round(rate / 100));
  execFileSync('python3', ['-c', `
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
start = time.perf_counter()
for i in range(${count}):
    if i % ${burst} == 0:
        delay = start + i / ${rate} - time.perf_counter()
        if delay > 0: time.sleep(delay)
    s.sendto(i.to_bytes(4, 'big') + bytes(${padding}), ('127.0.0.1', ${port}))
`]);
}

async function captureConnection(backend: CaptureBackend, filePath: string) {
  const server = await listen();
  const port = (server.address() as AddressInfo).port;
  const capture = await LiveCapture.start({ interface: 'lo', filter: `tcp port ${port}` }, { filePath, backend });
  const batches: PacketRecord[][] = [];
  capture.on('batch', (batch: PacketRecord[]) => batches.push(batch));
  let totals: CaptureTotals;
  try {
    await oneConnection(port);
    // The last ACK follows the FINs; give the helper time for its next batch.
    for (let waited = 0; waited < 3000 && batches.flat().length < 8; waited += 50) await sleep(50);
  } finally {
    server.close();
    totals = await capture.stop(); // always stopped, even when the connection failed
  }
  return { capture, batches, totals, port };
}

function flagSequence(packets: PacketRecord[]): string[] {
  return packets.map((p) => {
    const s = tcpSegment(p.data);
    return s ? (s.payload ? `DATA:${s.payload}` : s.flags) : 'not tcp';
  });
}

/** Checks SYN, SYN-ACK, ACK, data, FIN appear in that order. */
function assertHandshakeDataClose(sequence: string[]): void {
  const syn = sequence.indexOf('SYN');
  const synAck = sequence.indexOf('SYN,ACK');
  const ack = sequence.indexOf('ACK', synAck);
  const data = sequence.findIndex((s) => s === 'DATA:hello layerscope');
  const fin = sequence.findIndex((s) => s.includes('FIN'));
  assert.ok(syn === 0, `the first packet is the SYN: ${sequence.join(' | ')}`);
  assert.ok(syn < synAck && synAck < ack && ack < data && data < fin, `SYN, SYN-ACK, ACK, data, FIN in order: ${sequence.join(' | ')}`);
  assert.equal(sequence.filter((s) => s.includes('FIN')).length, 2, 'both sides close');
}

test('a TCP connection on lo arrives as SYN, SYN-ACK, ACK, data, FIN, in batches, and tshark reads the file packet for packet', { skip, timeout: 20_000 }, async () => {
  const filePath = join(dir, 'tcp.pcapng');
  const { capture, batches, totals } = await captureConnection('cap', filePath);
  const packets = batches.flat();
  assert.deepEqual(capture.interface, { linkType: 1, snapLength: 65535, name: 'lo' });
  assertHandshakeDataClose(flagSequence(packets));
  assert.ok(batches.length < packets.length, `${packets.length} packets came in ${batches.length} batches, not one message each`);
  assert.equal(totals.received, packets.length);

  // tshark, the reference, reads the same packets from the file the helper wrote as they arrived.
  const fields = tsharkFields(filePath, ['frame.len', 'frame.cap_len', 'tcp.flags.str']);
  assert.equal(fields.length, packets.length);
  assert.deepEqual(fields.map((f) => Number(f[0])), packets.map((p) => p.originalLength));
  assert.deepEqual(fields.map((f) => Number(f[1])), packets.map((p) => p.data.length));
  assert.match(fields[0][2], /S/); // tshark agrees the first one is the SYN

  // Each record's fileOffset is where its Enhanced Packet Block starts: the service reads it back from there.
  const fd = openSync(filePath, 'r');
  try {
    for (const p of packets) {
      const block = Buffer.alloc(28 + p.data.length);
      readSync(fd, block, 0, block.length, p.fileOffset);
      assert.equal(block.readUInt32LE(0), 6, 'an Enhanced Packet Block');
      assert.deepEqual([...block.subarray(28)], [...p.data]);
    }
  } finally {
    closeSync(fd);
  }
  // Timestamps are real wall-clock times, in order.
  const times = packets.map((p) => p.seconds + p.nanos / 1e9);
  assert.ok(Math.abs(times[0] - Date.now() / 1000) < 30);
  assert.deepEqual([...times].sort((a, b) => a - b), times);
});

test('batches arrive about every 75 ms while packets flow, not one message per packet', { skip, timeout: 20_000 }, async () => {
  const port = 47000 + Math.floor(Math.random() * 1000);
  const capture = await LiveCapture.start({ interface: 'lo', filter: `udp port ${port}` }, { filePath: join(dir, 'udp.pcapng') });
  const arrivals: { at: number; size: number }[] = [];
  capture.on('batch', (b: PacketRecord[]) => arrivals.push({ at: Date.now(), size: b.length }));
  const socket = createSocket('udp4');
  try {
    // 600 datagrams over about 600 ms.
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < 10; j++) socket.send(`datagram ${i * 10 + j}`, port, '127.0.0.1');
      await sleep(10);
    }
    await sleep(300);
  } finally {
    socket.close();
    await capture.stop();
  }
  const total = arrivals.reduce((n, a) => n + a.size, 0);
  assert.equal(total, 600);
  assert.ok(arrivals.length >= 4 && arrivals.length <= 20, `${arrivals.length} batches for 600 packets over ~0.6 s`);
  const gaps = arrivals.slice(1).map((a, i) => a.at - arrivals[i].at);
  assert.ok(Math.min(...gaps) >= 30, `batches are spaced out: gaps ${gaps.join(', ')} ms`);
});

/** Captures 30,000 numbered datagrams sent over 2 s; what reached the UI side, the helper's counts and the file. */
async function captureStream(attempt: number) {
  const port = 46000 + Math.floor(Math.random() * 1000);
  const filePath = join(dir, `stream-${attempt}.pcapng`);
  const capture = await LiveCapture.start({ interface: 'lo', filter: `udp dst port ${port}` }, { filePath });
  let delivered = 0;
  let inOrder = true;
  let next = 0;
  const statsSeen: number[] = [];
  capture.on('batch', (batch: PacketRecord[]) => {
    for (const p of batch) {
      // Ethernet 14 + IPv4 20 + UDP 8: the datagram's sequence number is its first 4 bytes.
      const seq = Buffer.from(p.data.buffer, p.data.byteOffset + 42, 4).readUInt32BE(0);
      if (seq !== next) inOrder = false;
      next = seq + 1;
    }
    delivered += batch.length;
  });
  capture.on('stats', (s: CaptureTotals) => statsSeen.push(s.received));
  let totals: CaptureTotals;
  try {
    sendNumberedDatagrams(port, 30_000, 15_000, 10);
    await sleep(300);
  } finally {
    totals = await capture.stop();
  }
  return { delivered, inOrder, statsSeen, totals, inFile: tsharkFields(filePath, ['frame.number']).length };
}

test('a sustained stream of 30,000 datagrams over 2 s arrives whole, in order, and is counted once', { skip, timeout: 60_000 }, async () => {
  let run = await captureStream(1);
  // The helper writes each packet to the file before sending it on, so a packet missing from the
  // file never reached the helper: the kernel's ring (about 30 ms of this stream, see
  // cap-source.ts) overflowed while the machine was busy, and cap cannot count such drops. Such a
  // run is repeated once; a packet in the file that did not reach the UI side never is.
  if (run.inFile < 30_000 && run.delivered === run.inFile) run = await captureStream(2);
  const { delivered, inOrder, statsSeen, totals, inFile } = run;
  assert.ok(statsSeen.length >= 1, 'stats arrived during the capture');
  assert.equal(delivered, 30_000, `every datagram reached the UI side (${inFile} in the file)`);
  assert.ok(inOrder, 'in the order they were sent, none missing');
  assert.equal(totals.received, 30_000, 'counted once: the helper\'s stats and the batches are not added up');
  assert.ok(statsSeen.every((n) => n <= 30_000), `stats never count more than arrived: ${statsSeen.join(', ')}`);
  assert.equal(inFile, 30_000, 'the file has every packet');
});

test('when this process falls far behind, the helper sends references and the packets are read back from the file: none lost, none twice', { skip, timeout: 30_000 }, async () => {
  const port = 47000 + Math.floor(Math.random() * 1000);
  const filePath = join(dir, 'behind.pcapng');
  // A small backlog allowance, so that the helper switches to references soon.
  const capture = await LiveCapture.start({ interface: 'lo', filter: `udp dst port ${port}` }, { filePath, backlogBytes: 64 * 1024 });
  const seqs: number[] = [];
  let sizesRight = true;
  capture.on('batch', (batch: PacketRecord[]) => {
    for (const p of batch) {
      seqs.push(Buffer.from(p.data.buffer, p.data.byteOffset + 42, 4).readUInt32BE(0));
      if (p.data.length !== 42 + 4 + 200 || p.originalLength !== p.data.length) sizesRight = false;
    }
  });
  let totals: CaptureTotals;
  try {
    // Sending blocks this event loop for the whole second: batches pile up in the helper's pipe
    // (2 MB of them, far past the allowance) until it returns.
    sendNumberedDatagrams(port, 10_000, 10_000, 200);
    await sleep(300);
  } finally {
    totals = await capture.stop();
  }
  assert.ok(capture.packetsReadFromFile > 0, 'some batches came as references');
  assert.ok(capture.packetsReadFromFile < 10_000, 'the first batches, sent before the pipe filled, came whole');
  assert.equal(seqs.length, 10_000, 'every datagram reached this side');
  assert.ok(seqs.every((seq, i) => seq === i), 'in order, none missing, none twice');
  assert.ok(sizesRight, 'packets read back have their bytes and lengths');
  assert.equal(totals.received, 10_000);
});

test('an invalid capture filter is refused before capture starts, with libpcap\'s message', { skip, timeout: 20_000 }, async () => {
  const filePath = join(dir, 'never.pcapng');
  await assert.rejects(
    LiveCapture.start({ interface: 'lo', filter: 'tcp prt 80' }, { filePath }),
    (err: unknown) => {
      assert.ok(err instanceof CaptureError);
      assert.equal(err.kind, 'filter');
      assert.match(err.message, /The capture filter "tcp prt 80" is not valid: .*syntax error/);
      return true;
    },
  );
  assert.equal(existsSync(filePath), false, 'no capture file is created for a refused capture');
});

test('capturing on an interface that does not exist says so', { skip, timeout: 20_000 }, async () => {
  await assert.rejects(
    LiveCapture.start({ interface: 'nosuch0' }, { filePath: join(dir, 'none.pcapng') }),
    (err: unknown) => err instanceof CaptureError && err.kind === 'device' && /nosuch0/.test(err.message) && /No such device/i.test(err.message),
  );
});

test('a capture can be stopped and another started right after, each with its own file', { skip, timeout: 20_000 }, async () => {
  const port = 48000 + Math.floor(Math.random() * 1000);
  const socket = createSocket('udp4');
  try {
    for (const round of [1, 2]) {
      const capture = await LiveCapture.start({ interface: 'lo', filter: `udp port ${port}` }, { filePath: join(dir, `round${round}.pcap`), fileFormat: 'pcap' });
      const got: PacketRecord[] = [];
      capture.on('batch', (b: PacketRecord[]) => got.push(...b));
      for (let i = 0; i < round * 3; i++) socket.send(`round ${round}`, port, '127.0.0.1');
      for (let waited = 0; waited < 2000 && got.length < round * 3; waited += 25) await sleep(25);
      const totals = await capture.stop();
      assert.equal(got.length, round * 3);
      assert.equal(totals.received, round * 3);
      assert.equal(capture.running, false);
      const lines = tsharkFields(join(dir, `round${round}.pcap`), ['udp.dstport']).map(([p]) => p);
      assert.deepEqual(lines, Array(round * 3).fill(String(port)));
    }
  } finally {
    socket.close();
  }
});

test('capturing on any gives Linux cooked frames, cut to the snap length with the wire length kept', { skip, timeout: 20_000 }, async () => {
  const port = 44000 + Math.floor(Math.random() * 1000);
  const filePath = join(dir, 'any.pcapng');
  const capture = await LiveCapture.start({ interface: 'any', filter: `udp dst port ${port}`, snapLength: 60 }, { filePath });
  const got: PacketRecord[] = [];
  capture.on('batch', (b: PacketRecord[]) => got.push(...b));
  const socket = createSocket('udp4');
  try {
    socket.send(Buffer.alloc(200, 0x41), port, '127.0.0.1');
    for (let waited = 0; waited < 2000 && got.length < 1; waited += 25) await sleep(25);
  } finally {
    socket.close();
    await capture.stop();
  }
  assert.equal(capture.interface.linkType, 113, 'LINKTYPE_LINUX_SLL');
  assert.equal(capture.interface.snapLength, 60);
  assert.equal(got.length, 1);
  assert.equal(got[0].data.length, 60);
  assert.equal(got[0].originalLength, 16 + 20 + 8 + 200, 'SLL header, IPv4, UDP, payload');
  const [capLen, wireLen, proto] = execFileSync('tshark', ['-r', filePath, '-T', 'fields', '-e', 'frame.cap_len', '-e', 'frame.len', '-e', 'sll.etype'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\t');
  assert.deepEqual([capLen, wireLen, proto], ['60', '244', '0x0800']);
});

test("the dumpcap backend delivers the same connection, with dumpcap's timestamps and the kernel's drop count", { skip: skip || (!hasDumpcap && 'dumpcap is not installed'), timeout: 20_000 }, async () => {
  const filePath = join(dir, 'dumpcap.pcapng');
  const { capture, batches, totals } = await captureConnection('dumpcap', filePath);
  assert.equal(capture.backend, 'dumpcap');
  assert.equal(capture.interface.linkType, 1);
  assertHandshakeDataClose(flagSequence(batches.flat()));
  assert.equal(totals.dropsCounted, true);
  assert.equal(totals.dropped, 0);
  const lens = tsharkFields(filePath, ['frame.len']).map(([len]) => len);
  assert.deepEqual(lens.map(Number), batches.flat().map((p) => p.originalLength));
});

test('the interface list has lo, any, addresses, flags and exactly one suggested interface', () => {
  const list = listInterfaces();
  const lo = list.find((i) => i.name === 'lo');
  assert.ok(lo, 'lo is listed');
  assert.equal(lo.loopback, true);
  assert.equal(lo.up, true);
  assert.ok(lo.addresses.some((a) => a.startsWith('127.0.0.1')), `lo has 127.0.0.1: ${lo.addresses}`);
  assert.ok(list.some((i) => i.name === 'any'), 'the any pseudo-device is offered');
  const defaults = list.filter((i) => i.isDefault);
  assert.equal(defaults.length, 1);
  assert.equal(list[0], defaults[0], 'the suggestion comes first');
  const routeLine = execFileSync('cat', ['/proc/net/route'], { encoding: 'utf8' }).split('\n').find((l) => /^\S+\s+00000000\s/.test(l));
  const expected = routeLine ? routeLine.split(/\s+/)[0] : 'lo';
  assert.equal(defaults[0].name, list.find((i) => i.name === expected)?.up ? expected : 'lo');
  assert.ok(list.every((i) => !/^(nflog|nfqueue|dbus-)/.test(i.name)), 'pseudo-devices without network traffic are left out');
});
