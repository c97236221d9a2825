import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import {
  block, byteOption, concat, epb, frame, idb, obsoletePb, shb, spb, stringOption, u64Option,
} from '../fixtures/files/capture-bytes.js';
import { scratchFiles, fixture, readAll } from './capture-file-test-kit.js';

const { save } = scratchFiles('pcapng');

const IF_NAME = 2, IF_DESCRIPTION = 3, IF_TSRESOL = 9, IF_TSOFFSET = 14, OPT_COMMENT = 1;

for (const le of [true, false]) {
  test(`a ${le ? 'little' : 'big'}-endian section with interfaces of different link types and resolutions reads exactly`, () => {
    const bytes = concat(
      shb(le),
      idb(le, 1, 262144, [stringOption(IF_NAME, 'eth0'), stringOption(IF_DESCRIPTION, 'Wired'), byteOption(IF_TSRESOL, 9)]),
      idb(le, 113, 65535, [stringOption(IF_NAME, 'any')]), // no if_tsresol: microseconds
      idb(le, 101, 1500, [byteOption(IF_TSRESOL, 0x80 | 10)]), // 2^-10 s ticks
      epb(le, 0, 1700000000_123456789n, frame(60, 1)),
      epb(le, 1, 1700000001_654321n, frame(80, 2), [stringOption(OPT_COMMENT, 'Client opens the connection: SYN')], 1514),
      epb(le, 2, (1700000002n << 10n) + 512n, frame(40, 3)),
    );
    const reader = openCaptureFile(save(`multi-${le}.pcapng`, bytes));
    assert.equal(reader.format, 'pcapng');
    const read = readAll(reader);
    assert.deepEqual(reader.interfaces, [
      { linkType: 1, snapLength: 262144, name: 'eth0', description: 'Wired', tsresol: 9 },
      { linkType: 113, snapLength: 65535, name: 'any' },
      { linkType: 101, snapLength: 1500, tsresol: 0x80 | 10 },
    ]);
    assert.deepEqual(
      read.map((r) => [r.interfaceId, r.seconds, r.nanos, r.data.length, r.originalLength, r.comments]),
      [
        [0, 1700000000, 123456789, 60, 60, undefined],
        [1, 1700000001, 654321000, 80, 1514, ['Client opens the connection: SYN']],
        [2, 1700000002, 500000000, 40, 40, undefined],
      ],
    );
    assert.deepEqual(read[1].data, frame(80, 2));
    assert.equal(reader.warning, null);
  });
}

test('simple packet blocks and obsolete packet blocks are read too', () => {
  const bytes = concat(
    shb(true),
    idb(true, 1, 64, [stringOption(IF_NAME, 'lo')]),
    spb(true, frame(60, 1)),
    spb(true, frame(64, 2), 1000), // cut to the snap length, wire length kept
    obsoletePb(true, 0, 1600000000_000007n, frame(54, 3), [stringOption(OPT_COMMENT, 'old block')]),
  );
  const read = readAll(openCaptureFile(save('spb.pcapng', bytes)));
  assert.deepEqual(
    read.map((r) => [r.data.length, r.originalLength, r.seconds, r.nanos, r.comments]),
    [
      [60, 60, 0, 0, undefined],
      [64, 1000, 0, 0, undefined],
      [54, 54, 1600000000, 7000, ['old block']],
    ],
  );
  assert.deepEqual(read[2].data, frame(54, 3));
});

test('blocks Layerscope does not use are skipped, whatever their type', () => {
  const nameResolution = block(4, true, (b) => b.u16(1).u16(8).raw([127, 0, 0, 1]).raw([0x6c, 0x6f, 0, 0]).u16(0).u16(0));
  const statistics = block(5, true, (b) => b.u32(0).u32(0).u32(0));
  const custom = block(0x40000bad, true, (b) => b.u32(32473).raw(frame(13)));
  const bytes = concat(shb(true), nameResolution, idb(true, 1, 0), custom, epb(true, 0, 5n, frame(30, 1)), statistics, epb(true, 0, 6n, frame(31, 2)));
  const reader = openCaptureFile(save('unknown.pcapng', bytes));
  assert.deepEqual(readAll(reader).map((r) => r.data.length), [30, 31]);
  assert.equal(reader.warning, null);
});

test('several sections, in different byte orders, each number their interfaces from 0', () => {
  const bytes = concat(
    shb(false), idb(false, 1, 0, [stringOption(IF_NAME, 'eth0')]), epb(false, 0, 1_000_000n, frame(20, 1)),
    shb(true), idb(true, 276, 0, [stringOption(IF_NAME, 'any')]), idb(true, 1, 0, [stringOption(IF_NAME, 'wlan0')]),
    epb(true, 1, 2_000_000n, frame(21, 2)), epb(true, 0, 3_000_000n, frame(22, 3)),
  );
  const reader = openCaptureFile(save('sections.pcapng', bytes));
  const read = readAll(reader);
  assert.deepEqual(reader.interfaces.map((i) => i.name), ['eth0', 'any', 'wlan0']);
  assert.deepEqual(read.map((r) => [r.interfaceId, r.seconds, r.data[0]]), [[0, 1, 1], [2, 2, 2], [1, 3, 3]]);
  assert.equal(reader.warning, null);
});

test('if_tsoffset shifts an interface\'s timestamps by whole seconds', () => {
  const bytes = concat(shb(true), idb(true, 1, 0, [u64Option(IF_TSOFFSET, 1000n, true)]), epb(true, 0, 5_000_001n, frame(20)));
  const [r] = readAll(openCaptureFile(save('tsoffset.pcapng', bytes)));
  assert.deepEqual([r.seconds, r.nanos], [1005, 1000]);
});

test('nanosecond timestamps beyond 2^53 ticks are split exactly', () => {
  const ticks = [0n, 999_999_999n, 1_000_000_000n, 1_763_000_000_999_999_999n, 4_294_967_295_999_999_999n, 0xffffffffffffffffn];
  const bytes = concat(shb(true), idb(true, 1, 0, [byteOption(IF_TSRESOL, 9)]), ...ticks.map((t) => epb(true, 0, t, frame(14))));
  const read = readAll(openCaptureFile(save('ns.pcapng', bytes)));
  assert.deepEqual(
    read.map((r) => [BigInt(r.seconds), r.nanos]),
    ticks.map((t) => [t / 1_000_000_000n, Number(t % 1_000_000_000n)]),
  );
});

test('multiple comments on one packet are all kept, one per line', () => {
  const bytes = concat(shb(true), idb(true, 1, 0), epb(true, 0, 1n, frame(20), [stringOption(OPT_COMMENT, 'first'), stringOption(OPT_COMMENT, 'zweite: ü')]));
  const [r] = readAll(openCaptureFile(save('comments.pcapng', bytes)));
  assert.deepEqual(r.comments, ['first', 'zweite: ü']);
});

test('large captures stream through a small window with every block boundary crossing it', () => {
  const blocks = [shb(true), idb(true, 1, 0)];
  for (let i = 0; i < 300; i++) blocks.push(epb(true, 0, BigInt(i), frame(14 + ((i * 53) % 200), i), i % 7 ? [] : [stringOption(OPT_COMMENT, `packet ${i}`)]));
  const path = save('stream.pcapng', concat(...blocks));
  const tiny = readAll(openCaptureFile(path, 96));
  assert.equal(tiny.length, 300);
  assert.deepEqual(tiny, readAll(openCaptureFile(path)));
  assert.deepEqual(tiny[14].comments, ['packet 14']);
});

test('a block whose length is impossible stops reading there, with the packets before it', () => {
  const reader = openCaptureFile(fixture('bad-block-length.pcapng'));
  assert.equal(readAll(reader).length, 1);
  assert.deepEqual([reader.warning?.packetNumber, reader.warning?.fileOffset], [2, 152]);
  assert.match(reader.warning!.message, /packet 2's enhanced packet block has an impossible length of 30 bytes/);
});

test('a block whose two lengths disagree stops reading there', () => {
  const reader = openCaptureFile(fixture('block-length-mismatch.pcapng'));
  assert.equal(readAll(reader).length, 1);
  assert.deepEqual([reader.warning?.packetNumber, reader.warning?.fileOffset], [2, 152]);
  assert.match(reader.warning!.message, /96 bytes long at its start but 104 at its end/);
});

test('a file cut in the middle of a block yields the packets before it', () => {
  const reader = openCaptureFile(fixture('truncated-mid-block.pcapng'));
  assert.equal(readAll(reader).length, 2);
  assert.deepEqual([reader.warning?.packetNumber, reader.warning?.fileOffset], [3, 248]);
  assert.match(reader.warning!.message, /packet 3's enhanced packet block says it is 96 bytes long, but the file ends 20 bytes into it/);
});

test('a packet block claiming more bytes than it holds, or an undescribed interface, is damage', () => {
  const head = concat(shb(true), idb(true, 1, 0));
  const tooLong = readerOf('caplen.pcapng', concat(head, epb(true, 0, 1n, frame(20)), epb(true, 0, 2n, frame(20), [], 20, 400)));
  assert.equal(readAll(tooLong).length, 1);
  assert.match(tooLong.warning!.message, /packet 2's enhanced packet block says 400 bytes captured, but its 52-byte block has room for only 20/);

  const noInterface = readerOf('ifid.pcapng', concat(head, epb(true, 3, 1n, frame(20))));
  assert.equal(readAll(noInterface).length, 0);
  assert.match(noInterface.warning!.message, /packet 1's enhanced packet block refers to interface 3, but only 1 interface is described before it/);
});

test('trailing bytes too few for a block header are reported, not ignored', () => {
  const reader = readerOf('tail.pcapng', concat(shb(true), idb(true, 1, 0), epb(true, 0, 1n, frame(20)), Uint8Array.of(6, 0, 0)));
  assert.equal(readAll(reader).length, 1);
  assert.match(reader.warning!.message, /the file ends 3 bytes into a block header/);
});

test('a later section with a broken byte-order magic stops reading', () => {
  const second = shb(true);
  second[8] = 0x99;
  const reader = readerOf('section.pcapng', concat(shb(true), idb(true, 1, 0), epb(true, 0, 1n, frame(20)), second));
  assert.equal(readAll(reader).length, 1);
  assert.match(reader.warning!.message, /byte-order magic 0x1a2b3c99, not 0x1a2b3c4d/);
});

function readerOf(name: string, bytes: Uint8Array) {
  return openCaptureFile(save(name, bytes));
}
