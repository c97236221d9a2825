// The pieces of live capture that need no network: the helper's message stream, batches, the
// incremental pcapng reader used for dumpcap, default-route detection, link types, CLI options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FrameReader, MSG_BATCH, MSG_BATCH_REFS, MSG_STATS, decodeBatch, decodeBatchReferences, encodeJsonFrame } from '../../electron/capture/helper-messages.js';
import { PacketBatch } from '../../electron/capture/packet-batch.js';
import { createCaptureFileWriter } from '../../electron/files/capture-file-writer.js';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { PcapngStream } from '../../electron/capture/pcapng-stream.js';
import { dumpcapArguments, dumpcapReason } from '../../electron/capture/dumpcap-backend.js';
import { defaultRouteInterface } from '../../electron/capture/interface-list.js';
import { linkTypeOfCap } from '../../electron/capture/cap-link-type.js';
import { parseCaptureArguments } from '../../electron/cli/capture-command.js';
import { writeCaptureFile } from '../../electron/files/capture-file-writer.js';
import type { PacketRecord } from '../../electron/files/packet-record.js';
import type { HelperRequest } from '../../electron/capture/helper-messages.js';
import { readAll, scratchFiles } from './capture-file-test-kit.js';

function packet(n: number, size: number): PacketRecord {
  return {
    interfaceId: 0,
    seconds: 1_700_000_000 + n,
    nanos: 123_456_789 + n,
    originalLength: size + 10,
    data: Uint8Array.from({ length: size }, (_, i) => (i * 7 + n) & 0xff),
    fileOffset: -1,
  };
}

test('a batch travels as one frame and comes back packet for packet, with timestamps, lengths and file offsets', () => {
  const batch = new PacketBatch();
  const sent = [packet(1, 60), packet(2, 1), packet(3, 1500)];
  // cap hands every packet over in the same reused buffer, longer than the packet: only the first
  // `length` bytes count, and a batch must keep its own copy.
  const reused = new Uint8Array(70_000);
  sent.forEach((p, i) => {
    reused.fill(0xee);
    reused.set(p.data);
    batch.add(p.seconds, p.nanos, reused, p.data.length, p.originalLength, 1000 + i * 100);
  });
  assert.equal(batch.count, 3);
  const frames = new FrameReader().push(batch.frame());
  assert.equal(frames.length, 1);
  assert.equal(frames[0].type, MSG_BATCH);
  const got = decodeBatch(frames[0].payload);
  assert.deepEqual(got.map((p) => [p.seconds, p.nanos, p.originalLength, [...p.data]]), sent.map((p) => [p.seconds, p.nanos, p.originalLength, [...p.data]]));
  assert.deepEqual(got.map((p) => p.fileOffset), [1000, 1100, 1200]);
  assert.deepEqual(got.map((p) => p.interfaceId), [0, 0, 0]);
  // After reset the batch starts empty and the frame sent before is untouched.
  batch.reset();
  batch.add(9, 9, Uint8Array.of(1, 2, 3), 3, 3, 5);
  assert.deepEqual([...decodeBatch(frames[0].payload)[0].data], [...sent[0].data]);
  assert.equal(decodeBatch(new FrameReader().push(batch.frame())[0].payload).length, 1);
});

test('a batch sent as references carries every packet\'s header and file offset, and none of its bytes', () => {
  const batch = new PacketBatch();
  const sent = [packet(1, 60), packet(2, 1), packet(3, 1500)];
  sent.forEach((p, i) => batch.add(p.seconds, p.nanos, p.data, p.data.length, p.originalLength, 2000 + i * 1600));
  const full = batch.frame();
  const refs = batch.referencesFrame();
  const frames = new FrameReader().push(refs);
  assert.equal(frames[0].type, MSG_BATCH_REFS);
  assert.equal(refs.length, 5 + 4 + 3 * 24, 'headers only');
  assert.ok(full.length > refs.length + 1500);
  assert.deepEqual(
    decodeBatchReferences(frames[0].payload),
    sent.map((p, i) => ({ seconds: p.seconds, nanos: p.nanos, capturedLength: p.data.length, originalLength: p.originalLength, fileOffset: 2000 + i * 1600 })),
  );
});

test('packets appended to the live capture file read back packet for packet, at the offsets the batches carry, in pcapng and pcap', () => {
  const { dir } = scratchFiles('batch');
  try {
    for (const format of ['pcapng', 'pcap'] as const) {
      const path = join(dir, `f.${format}`);
      const file = createCaptureFileWriter(path, format, [{ linkType: 1, snapLength: 65535, name: 'lo' }]);
      const sent = [packet(1, 61), packet(2, 3), packet(3, 200), packet(4, 0)];
      const reused = new Uint8Array(65_535 + 4096);
      const batch = new PacketBatch();
      for (const p of sent) {
        reused.set(p.data);
        const offset = file.append(0, p.seconds, p.nanos, reused, p.data.length, p.originalLength);
        batch.add(p.seconds, p.nanos, reused, p.data.length, p.originalLength, offset);
      }
      file.flush();
      const endAfterFlush = file.end;
      file.close();
      const bytes = readFileSync(path);
      assert.equal(bytes.length, endAfterFlush, `${format}: everything appended is in the file`);
      const offsets = decodeBatch(new FrameReader().push(batch.frame())[0].payload).map((p) => p.fileOffset);
      offsets.forEach((offset, i) => {
        const dataAt = offset + (format === 'pcapng' ? 28 : 16);
        assert.deepEqual([...bytes.subarray(dataAt, dataAt + sent[i].data.length)], [...sent[i].data], `${format} packet ${i + 1}`);
      });
      // Layerscope's own reader sees the same packets, timestamps to the nanosecond.
      const reader = openCaptureFile(path);
      const read = readAll(reader);
      reader.close();
      assert.equal(reader.warning, null);
      assert.deepEqual(read.map((p) => [p.seconds, p.nanos, p.originalLength, [...p.data]]), sent.map((p) => [p.seconds, p.nanos, p.originalLength, [...p.data]]), format);
      assert.deepEqual(read.map((p) => p.fileOffset), offsets, `${format}: the reader finds each packet where the batch said`);
      // And so does tshark, the reference.
      const tshark = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len'], { encoding: 'utf8' });
      if (!tshark.error) {
        assert.deepEqual(
          tshark.stdout.trim().split('\n').map((line) => line.split('\t')),
          sent.map((p) => [`${p.seconds}.${String(p.nanos).padStart(9, '0')}`, String(p.originalLength), String(p.data.length)]),
          `${format} read by tshark`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the live capture file keeps every packet when they outgrow its buffer many times over', () => {
  const { dir } = scratchFiles('append');
  try {
    const path = join(dir, 'big.pcapng');
    const file = createCaptureFileWriter(path, 'pcapng', [{ linkType: 1, snapLength: 262144, name: 'lo' }]);
    const sizes = [262144, 1, 65535, 9000];
    const data = new Uint8Array(262144).map((_, i) => i & 0xff);
    let expectedEnd = file.end;
    for (let i = 0; i < 200; i++) {
      const size = sizes[i % sizes.length];
      assert.equal(file.append(0, 1_700_000_000, i, data, size, size), expectedEnd);
      expectedEnd += 32 + ((size + 3) & ~3);
    }
    file.close();
    const reader = openCaptureFile(path);
    let count = 0;
    for (let r = reader.next(); r; r = reader.next(), count++) {
      assert.equal(r.data.length, sizes[count % sizes.length]);
      assert.equal(r.nanos, count);
      assert.equal(r.data[r.data.length - 1], (r.data.length - 1) & 0xff);
    }
    assert.equal(reader.warning, null);
    assert.equal(count, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('frames split anywhere by the pipe are reassembled, and an unfinished one is reported', () => {
  const stream = Buffer.concat([encodeJsonFrame(MSG_STATS, { received: 5, dropped: 0 }), encodeJsonFrame(MSG_STATS, { received: 9, dropped: 1 })]);
  for (let cut = 1; cut < stream.length; cut++) {
    const reader = new FrameReader();
    const frames = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
    assert.deepEqual(frames.map((f) => JSON.parse(f.payload.toString())), [{ received: 5, dropped: 0 }, { received: 9, dropped: 1 }]);
    assert.equal(reader.leftover, 0);
  }
  const reader = new FrameReader();
  reader.push(stream.subarray(0, 7));
  assert.equal(reader.leftover, 7);
});

test('the pcapng stream reader decodes a stream fed in small chunks, like dumpcap output on a pipe', () => {
  const { dir } = scratchFiles('stream');
  try {
    const path = join(dir, 's.pcapng');
    const sent = Array.from({ length: 20 }, (_, i) => packet(i, 40 + i * 13));
    writeCaptureFile(path, 'pcapng', [{ linkType: 113, snapLength: 262144, name: 'any' }], sent);
    const bytes = readFileSync(path);
    const got: PacketRecord[] = [];
    const interfaces: number[] = [];
    const stream = new PcapngStream({
      interface: (iface) => interfaces.push(iface.linkType),
      packet: (r) => got.push({ ...r, data: r.data.slice() }),
      statistics: () => {},
    });
    for (let at = 0; at < bytes.length; at += 7) stream.push(bytes.subarray(at, at + 7));
    assert.equal(stream.problem, null);
    assert.deepEqual(interfaces, [113]);
    assert.deepEqual(got.map((p) => [p.seconds, p.nanos, p.originalLength, [...p.data]]), sent.map((p) => [p.seconds, p.nanos, p.originalLength, [...p.data]]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the pcapng stream reader stops with a reason on a stream that is not pcapng', () => {
  const stream = new PcapngStream({ interface: () => {}, packet: () => assert.fail('no packet expected'), statistics: () => {} });
  stream.push(Buffer.from('this is not a capture at all, just text'));
  assert.match(stream.problem ?? '', /does not start with a pcapng section header/);
});

test("dumpcap's refusal becomes libpcap's own message for a bad filter, and a plain reason otherwise", () => {
  const filter = `Capturing on 'Loopback: lo'\ndumpcap: Invalid capture filter "tcp prt 1" for interface 'lo'.\n\nThat string isn't a valid capture filter (can't parse filter expression: syntax error).\nSee the User's Guide for a description of the capture filter syntax.\n`;
  assert.deepEqual(dumpcapReason(filter, 2), ['filter', "can't parse filter expression: syntax error"]);
  const perm = `Capturing on 'lo'\ndumpcap: The capabilities of the capture device "lo" could not be obtained (pcap_activate() failed: socket: Operation not permitted).\n`;
  assert.equal(dumpcapReason(perm, 2)[0], 'permission');
  assert.deepEqual(dumpcapReason(`Capturing on 'nope0'\ndumpcap: There is no device named "nope0".\n(No such device exists)\n`, 1), ['device', 'There is no device named "nope0". (No such device exists)']);
});

test('dumpcap is asked for pcapng on stdout with the filter, snap length, buffer and promiscuous choice', () => {
  const request: HelperRequest = {
    mode: 'capture', source: 'dumpcap', interface: 'eth0', filter: 'udp port 53', snapLength: 96, promiscuous: false,
    bufferSize: 8 * 1024 * 1024, filePath: '/tmp/x', fileFormat: 'pcapng', batchInterval: 75,
  };
  assert.deepEqual(dumpcapArguments(request), ['-i', 'eth0', '-w', '-', '-n', '-q', '-f', 'udp port 53', '-s', '96', '-p', '-B', '8']);
});

test('the default interface is the one carrying the default route with the lowest metric', () => {
  const table = [
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
    'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0',
    'eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
    'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
  ].join('\n');
  assert.equal(defaultRouteInterface(table), 'eth0');
  assert.equal(defaultRouteInterface(table.split('\n').filter((l) => !l.includes('00000000\t0')).join('\n')), undefined);
});

test("cap's link-type names map to LINKTYPE_ numbers capture files use", () => {
  assert.equal(linkTypeOfCap('ETHERNET'), 1);
  assert.equal(linkTypeOfCap('LINKTYPE_LINUX_SLL'), 113);
  assert.equal(linkTypeOfCap('RAW'), 101);
  assert.equal(linkTypeOfCap('NULL'), 0);
  assert.equal(linkTypeOfCap('Unknown linktype 276'), 276);
});

test('capture command options follow tcpdump and dumpcap, and mistakes are explained', () => {
  const args = parseCaptureArguments(['-i', 'lo', '-f', 'tcp port 80', '-c', '10', '-a', 'duration:2.5', '-s', '128', '-w', 'out.pcap']);
  assert.deepEqual(args.options, { interface: 'lo', filter: 'tcp port 80', snapLength: 128 });
  assert.equal(args.count, 10);
  assert.equal(args.durationSeconds, 2.5);
  assert.equal(args.file, 'out.pcap');
  assert.equal(parseCaptureArguments(['-ilo', '-wout.pcapng']).options.interface, 'lo');
  assert.throws(() => parseCaptureArguments(['-i', 'lo']), /-w FILE is required/);
  assert.throws(() => parseCaptureArguments(['-w', 'x']), /-i IFACE is required/);
  assert.throws(() => parseCaptureArguments(['-i', 'lo', '-w', 'x', '-a', '10']), /-a takes duration:SECONDS/);
  assert.throws(() => parseCaptureArguments(['-i', 'lo', '-w', 'x', '-c', 'many']), /-c must be a whole number/);
  assert.throws(() => parseCaptureArguments(['-i', 'lo', '-w', 'x', '-z']), /unknown option '-z'/);
});
