// Property tests: no file, however damaged, makes a reader throw anything but a CaptureFormatError
// at open, loop forever, or hand out a packet that is not really in the file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { CaptureFileRandomAccess } from '../../electron/files/capture-file-random-access.js';
import { CaptureFormatError } from '../../electron/files/packet-record.js';
import {
  byteOption, concat, epb, frame, idb, obsoletePb, pcapFile, shb, spb, stringOption,
} from '../fixtures/files/capture-bytes.js';
import { scratchFiles } from './capture-file-test-kit.js';

const { save } = scratchFiles('fuzz');
let counter = 0;

const seeds = [
  pcapFile({}, [0, 1, 2, 3].map((i) => ({ seconds: i, fraction: i, data: frame(30 + i * 20, i) }))),
  pcapFile({ le: false, nanoseconds: true }, [0, 1, 2].map((i) => ({ seconds: i, fraction: i, data: frame(40 + i, i) }))),
  concat(
    shb(true), idb(true, 1, 0, [stringOption(2, 'eth0'), byteOption(9, 9)]), idb(true, 113, 200),
    epb(true, 0, 123n, frame(60, 1), [stringOption(1, 'hi')]), spb(true, frame(70, 2)), obsoletePb(true, 1, 5n, frame(44, 3)),
    shb(false), idb(false, 101, 0), epb(false, 0, 9n, frame(33, 4)),
  ),
];

/** Opens and drains `bytes`; returns what happened, asserting the reader's promises. */
function drain(bytes: Uint8Array, chunkSize: number) {
  const path = save(`f${counter++}`, bytes);
  let reader;
  try {
    reader = openCaptureFile(path, chunkSize);
  } catch (error) {
    assert.ok(error instanceof CaptureFormatError, `open threw ${error}`);
    return;
  }
  const offsets: { fileOffset: number; interfaceId: number; data: Uint8Array }[] = [];
  for (let r, guard = 0; (r = reader.next()); guard++) {
    assert.ok(guard < bytes.length, 'more packets than bytes: the reader is looping');
    assert.ok(r.fileOffset >= 0 && r.fileOffset < bytes.length);
    assert.ok(r.nanos >= 0 && r.nanos < 1e9, `nanos ${r.nanos}`);
    offsets.push({ fileOffset: r.fileOffset, interfaceId: r.interfaceId, data: r.data.slice() });
  }
  assert.equal(reader.next(), null);
  if (reader.warning) {
    assert.equal(reader.warning.packetNumber, offsets.length + 1);
    assert.ok(reader.warning.fileOffset <= bytes.length);
  }
  // Every packet read in streaming is found again, identical, by random access.
  const access = new CaptureFileRandomAccess(path, reader.interfaces);
  for (const o of offsets) assert.deepEqual(access.read(o.fileOffset, o.interfaceId).data.slice(), o.data);
  access.close();
  reader.close();
}

test('byte-level corruption never makes a reader throw, loop or invent packets', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds.keys()),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      fc.option(fc.nat()),
      fc.constantFrom(16, 64, 4096),
      (seed, flips, cut, chunkSize) => {
        const bytes = seeds[seed].slice();
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        drain(cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1)), chunkSize);
      },
    ),
    { numRuns: 400 },
  );
});

test('random bytes behind a valid magic number never make a reader throw', () => {
  fc.assert(
    fc.property(fc.constantFrom(...seeds.keys()), fc.uint8Array({ maxLength: 300 }), (seed, tail) => {
      drain(concat(seeds[seed].subarray(0, seed === 2 ? 28 : 24), tail), 64);
    }),
    { numRuns: 300 },
  );
});
