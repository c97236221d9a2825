import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { createCaptureFileWriter, writeCaptureFile } from '../../electron/files/capture-file-writer.js';
import { PcapngWriter } from '../../electron/files/pcapng-writer.js';
import { PcapWriter } from '../../electron/files/pcap-writer.js';
import { CaptureFormatError, type CaptureInterface, type PacketRecord } from '../../electron/files/packet-record.js';
import { frame } from '../fixtures/files/capture-bytes.js';
import { readAll, scratchFiles } from './capture-file-test-kit.js';

const { dir } = scratchFiles('write');

function readBack(path: string) {
  const reader = openCaptureFile(path);
  const records = readAll(reader);
  assert.equal(reader.warning, null);
  return { interfaces: reader.interfaces, records, format: reader.format };
}

const interfaces: CaptureInterface[] = [
  { linkType: 1, snapLength: 262144, name: 'eth0', description: 'Wired Ethernet' },
  { linkType: 113, snapLength: 65535, name: 'any' },
];
const records: PacketRecord[] = [
  { interfaceId: 0, seconds: 1763683200, nanos: 123456789, originalLength: 60, data: frame(60, 1), comments: ['Client opens the connection: SYN', 'a second note on the same packet'], fileOffset: 0 },
  { interfaceId: 1, seconds: 1763683200, nanos: 999999999, originalLength: 1514, data: frame(97, 2), fileOffset: 0 },
  { interfaceId: 0, seconds: 4294967295, nanos: 1, originalLength: 41, data: frame(41, 3), comments: ['ünïcödé ✓'], fileOffset: 0 },
];

test('pcapng keeps packets, nanosecond timestamps, comments, interface names and link types', () => {
  const path = join(dir, 'round.pcapng');
  assert.equal(writeCaptureFile(path, 'pcapng', interfaces, records), 3);
  const back = readBack(path);
  assert.equal(back.format, 'pcapng');
  assert.deepEqual(back.interfaces, interfaces.map((i) => ({ ...i, tsresol: 9 })));
  assert.deepEqual(
    back.records.map(({ interfaceId, seconds, nanos, originalLength, data, comments }) => ({ interfaceId, seconds, nanos, originalLength, data, comments })),
    records.map(({ interfaceId, seconds, nanos, originalLength, data, comments }) => ({ interfaceId, seconds, nanos, originalLength, data, comments })),
  );
});

test('pcapng written with microseconds truncates timestamps to the microsecond', () => {
  const path = join(dir, 'micro.pcapng');
  writeCaptureFile(path, 'pcapng', interfaces, records, { resolution: 'microseconds' });
  const back = readBack(path);
  assert.equal(back.interfaces[0].tsresol, undefined, 'microseconds is the default unit: no if_tsresol');
  assert.deepEqual(back.records.map((r) => r.nanos), [123456000, 999999000, 0]);
});

for (const resolution of ['nanoseconds', 'microseconds'] as const) {
  test(`classic pcap in ${resolution} keeps packets and timestamps (comments cannot be stored)`, () => {
    const path = join(dir, `round-${resolution}.pcap`);
    const sameLink = records.map((r) => ({ ...r, interfaceId: 0 }));
    writeCaptureFile(path, 'pcap', interfaces.slice(0, 1), sameLink, { resolution });
    const back = readBack(path);
    assert.equal(back.format, 'pcap');
    assert.deepEqual(back.interfaces, [{ linkType: 1, snapLength: 262144, tsresol: resolution === 'nanoseconds' ? 9 : 6 }]);
    assert.deepEqual(back.records.map((r) => r.data), records.map((r) => r.data));
    assert.deepEqual(
      back.records.map((r) => [r.seconds, r.nanos, r.originalLength]),
      records.map((r) => [r.seconds, resolution === 'nanoseconds' ? r.nanos : Math.floor(r.nanos / 1000) * 1000, r.originalLength]),
    );
    assert.equal(readFileSync(path).readUInt32LE(0), resolution === 'nanoseconds' ? 0xa1b23c4d : 0xa1b2c3d4);
  });
}

test('classic pcap refuses interfaces of different link types, pointing to pcapng', () => {
  assert.throws(() => createCaptureFileWriter(join(dir, 'mixed.pcap'), 'pcap', interfaces), (error: unknown) =>
    error instanceof CaptureFormatError && /single link type.*1, 113.*pcapng/.test(error.message));
});

test('a live capture\'s batches are on disk as soon as each write returns', () => {
  const path = join(dir, 'live.pcapng');
  const fd = openSync(path, 'w');
  const writer = new PcapngWriter(fd, [interfaces[0]]);
  const afterHeader = statSync(path).size;
  assert.ok(afterHeader > 0, 'the section header and interface are written at once');
  writer.write(records.slice(0, 1));
  const afterFirst = statSync(path).size;
  assert.equal(afterFirst, writer.bytesWritten);
  assert.ok(afterFirst > afterHeader);
  // A reader opening the file mid-capture (as after a crash) sees the first batch.
  assert.equal(readBack(path).records.length, 1);
  const added = writer.addInterface({ linkType: 276, snapLength: 0, name: 'any' });
  writer.write([{ ...records[1], interfaceId: added }, records[2]]);
  assert.equal(writer.packetsWritten, 3);
  writer.close();
  closeSync(fd); // the writer does not own a descriptor it was handed
  const back = readBack(path);
  assert.deepEqual(back.records.map((r) => r.interfaceId), [0, 1, 0]);
  assert.equal(back.interfaces[1].linkType, 276);
});

test('a record for an interface the writer was not given is refused', () => {
  const writer = createCaptureFileWriter(join(dir, 'bad-if.pcapng'), 'pcapng', [interfaces[0]]);
  assert.throws(() => writer.write([{ ...records[0], interfaceId: 4 }]), /interface 4/);
  writer.close();
});

test('a writer streams a capture larger than its flush threshold', () => {
  const path = join(dir, 'many.pcap');
  const many = function* () {
    for (let i = 0; i < 5000; i++) yield { interfaceId: 0, seconds: i, nanos: i, originalLength: 1514, data: frame(1514, i), fileOffset: 0 };
  };
  const writer = new PcapWriter(openSync(path, 'w'), [interfaces[0]], { ownsFd: true });
  writer.write(many());
  writer.close();
  const back = readBack(path);
  assert.equal(back.records.length, 5000);
  assert.deepEqual(back.records[4321].data, frame(1514, 4321));
  assert.equal(statSync(path).size, 24 + 5000 * (16 + 1514));
});
