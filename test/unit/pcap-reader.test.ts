import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { frame, pcapFile, type PcapOptions } from '../fixtures/files/capture-bytes.js';
import { scratchFiles, fixture, readAll } from './capture-file-test-kit.js';

const { save } = scratchFiles('pcap');

const packets = [
  { seconds: 1700000000, fraction: 123456, data: frame(60, 1) },
  { seconds: 1700000001, fraction: 999999, data: frame(1514, 2), originalLength: 1514 },
  { seconds: 1700000002, fraction: 0, data: frame(42, 3), originalLength: 1500 },
];

for (const [label, options] of [
  ['little-endian microsecond', { le: true }],
  ['big-endian microsecond', { le: false }],
  ['little-endian nanosecond', { le: true, nanoseconds: true }],
  ['big-endian nanosecond', { le: false, nanoseconds: true }],
] as [string, PcapOptions][]) {
  test(`a ${label} pcap file reads back every packet with exact timestamps and lengths`, () => {
    const path = save(`${label.replace(/ /g, '-')}.pcap`, pcapFile({ ...options, snapLength: 262144, linkType: 113 }, packets));
    const reader = openCaptureFile(path);
    assert.equal(reader.format, 'pcap');
    assert.deepEqual(reader.interfaces, [{ linkType: 113, snapLength: 262144, tsresol: options.nanoseconds ? 9 : 6 }]);
    const read = readAll(reader);
    assert.equal(read.length, 3);
    read.forEach((r, i) => {
      assert.equal(r.seconds, packets[i].seconds);
      assert.equal(r.nanos, options.nanoseconds ? packets[i].fraction : packets[i].fraction * 1000);
      assert.deepEqual(r.data, packets[i].data);
      assert.equal(r.originalLength, packets[i].originalLength ?? packets[i].data.length);
      assert.equal(r.interfaceId, 0);
    });
    assert.deepEqual(read.map((r) => r.fileOffset), [24, 24 + 16 + 60, 24 + 16 + 60 + 16 + 1514]);
    assert.equal(reader.warning, null);
    assert.equal(reader.position, reader.fileSize);
    reader.close();
  });
}

test('packets straddling chunk boundaries stream correctly through a tiny window', () => {
  const many = Array.from({ length: 200 }, (_, i) => ({ seconds: i, fraction: i, data: frame(20 + ((i * 37) % 300), i) }));
  const path = save('many.pcap', pcapFile({}, many));
  const big = readAll(openCaptureFile(path));
  const tiny = readAll(openCaptureFile(path, 64));
  assert.equal(tiny.length, 200);
  assert.deepEqual(tiny, big);
  tiny.forEach((r, i) => assert.deepEqual(r.data, many[i].data));
});

test('the record data is a view into the reader\'s buffer, not a copy per packet', () => {
  const reader = openCaptureFile(save('views.pcap', pcapFile({}, packets)));
  const first = reader.next()!;
  const second = reader.next()!;
  assert.equal(first.data.buffer, second.data.buffer);
});

test('a microsecond fraction that overflows a second carries into the seconds', () => {
  const reader = openCaptureFile(save('overflow.pcap', pcapFile({}, [{ seconds: 10, fraction: 1_500_000, data: frame(20) }])));
  const r = reader.next()!;
  assert.deepEqual([r.seconds, r.nanos], [11, 500_000_000]);
});

test('a file cut in the middle of a packet yields the packets before it and says where it stopped', () => {
  const reader = openCaptureFile(fixture('truncated-mid-packet.pcap'));
  assert.equal(readAll(reader).length, 2);
  assert.deepEqual(
    { packetNumber: reader.warning?.packetNumber, fileOffset: reader.warning?.fileOffset },
    { packetNumber: 3, fileOffset: 190 },
  );
  assert.match(reader.warning!.message, /packet 3 \(byte offset 190\).*98 bytes captured.*ends 12 bytes into them/);
  assert.equal(reader.next(), null, 'reading stays stopped');
});

test('a file cut inside a record header says so', () => {
  const reader = openCaptureFile(fixture('truncated-record-header.pcap'));
  assert.equal(readAll(reader).length, 2);
  assert.equal(reader.warning?.packetNumber, 3);
  assert.equal(reader.warning?.fileOffset, 190);
  assert.match(reader.warning!.message, /ends 7 bytes into the packet's 16-byte record header/);
});

test('a record header claiming more than the snap length stops reading there', () => {
  const reader = openCaptureFile(fixture('oversized-packet.pcap'));
  assert.equal(readAll(reader).length, 1);
  assert.equal(reader.warning?.packetNumber, 2);
  assert.equal(reader.warning?.fileOffset, 24 + 16 + 60);
  assert.match(reader.warning!.message, /1,048,576 bytes captured, more than the snap length 262,144/);
});

test('a file that ends exactly after a packet has no warning', () => {
  const reader = openCaptureFile(save('clean.pcap', pcapFile({}, packets.slice(0, 1))));
  assert.equal(readAll(reader).length, 1);
  assert.equal(reader.warning, null);
});

test('a pcap file with only its header holds no packets and no warning', () => {
  const reader = openCaptureFile(save('header-only.pcap', pcapFile({}, [])));
  assert.equal(reader.next(), null);
  assert.equal(reader.warning, null);
});
