import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { CaptureFileRandomAccess } from '../../electron/files/capture-file-random-access.js';
import { CaptureFormatError } from '../../electron/files/packet-record.js';
import { byteOption, concat, epb, frame, idb, pcapFile, shb, spb, stringOption } from '../fixtures/files/capture-bytes.js';
import { readAll, scratchFiles } from './capture-file-test-kit.js';

const { save } = scratchFiles('random');

/** Streams the file once (as the packet index does), then fetches every packet by offset, backwards. */
function compareRandomAccess(path: string) {
  const reader = openCaptureFile(path);
  const streamed = readAll(reader);
  const access = new CaptureFileRandomAccess(path, reader.interfaces);
  for (const expected of [...streamed].reverse()) {
    const got = access.read(expected.fileOffset, expected.interfaceId);
    assert.deepEqual({ ...got, data: got.data.slice() }, expected);
  }
  access.close();
  return streamed.length;
}

test('any packet of a pcap file can be fetched by its offset', () => {
  const packets = Array.from({ length: 20 }, (_, i) => ({ seconds: 1700000000 + i, fraction: i * 1000, data: frame(30 + i * 10, i) }));
  assert.equal(compareRandomAccess(save('r.pcap', pcapFile({ le: false, nanoseconds: true }, packets))), 20);
});

test('any packet of a multi-section, multi-interface pcapng file can be fetched by its offset', () => {
  const bytes = concat(
    shb(true), idb(true, 1, 0, [byteOption(9, 9)]), idb(true, 113, 0),
    epb(true, 1, 1_700_000_000_000_001n, frame(40, 1), [stringOption(1, 'a comment')]),
    epb(true, 0, 1_700_000_000_000_000_002n, frame(50, 2)),
    shb(false), idb(false, 101, 0, [byteOption(9, 3)]), idb(false, 1, 100, [byteOption(9, 0x80 | 4)]),
    epb(false, 1, 17n, frame(60, 3)), epb(false, 0, 1_234_567n, frame(70, 4)), spb(false, frame(80, 5)),
  );
  assert.equal(compareRandomAccess(save('r.pcapng', bytes)), 5);
});

test('an offset that is not the start of a packet is refused with a reason', () => {
  const path = save('r2.pcapng', concat(shb(true), idb(true, 1, 0), epb(true, 0, 1n, frame(40))));
  const reader = openCaptureFile(path);
  const access = new CaptureFileRandomAccess(path, reader.interfaces);
  assert.throws(() => access.read(0), (e: unknown) => e instanceof CaptureFormatError && /no packet at byte offset 0: the block there is not a packet block/.test(e.message));
  assert.throws(() => access.read(10_000), /no packet at byte offset 10000/);
  access.close();
});
