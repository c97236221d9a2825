import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openCaptureFile, sniffCaptureFormat } from '../../electron/files/open-capture-file.js';
import { CaptureFormatError } from '../../electron/files/packet-record.js';
import { concat, frame, idb, pcapFile, shb, text } from '../fixtures/files/capture-bytes.js';
import { scratchFiles, fixture } from './capture-file-test-kit.js';

const { dir, save } = scratchFiles('open');

/** The CaptureFormatError message openCaptureFile gives for `path`. */
function refusal(path: string): string {
  try {
    openCaptureFile(path).close();
  } catch (error) {
    assert.ok(error instanceof CaptureFormatError, `expected a CaptureFormatError, got ${error}`);
    return error.message;
  }
  assert.fail(`${path} was opened as a capture`);
}

test('the format is chosen by the magic number, not the file name', () => {
  const pcapNamedNg = save('really-pcap.pcapng', pcapFile({}, [{ seconds: 1, fraction: 0, data: frame(20) }]));
  const ngNamedPcap = save('really-pcapng.pcap', concat(shb(true), idb(true, 1, 0)));
  assert.equal(openCaptureFile(pcapNamedNg).format, 'pcap');
  assert.equal(openCaptureFile(ngNamedPcap).format, 'pcapng');
  assert.equal(sniffCaptureFormat(text('Hello')), null);
});

test('a text file is refused with what it starts with', () => {
  assert.equal(
    refusal(fixture('not-a-capture.txt')),
    "not-a-capture.txt is not a capture file: it starts with 'Hello wo' (0x48656c6c), not a pcap or pcapng magic number",
  );
});

test('an empty file is refused as empty', () => {
  assert.match(refusal(fixture('empty.pcap')), /^empty\.pcap is empty \(0 bytes\)/);
});

test('a file too short for a pcap header is refused as too short', () => {
  assert.match(refusal(fixture('truncated-file-header.pcap')), /too short to be a pcap file: 10 bytes, but the pcap file header alone is 24/);
  assert.match(refusal(save('three-bytes.bin', Uint8Array.of(1, 2, 3))), /too short to be a capture file: 3 bytes/);
});

test('a gzip-compressed capture is recognised and the user told to decompress it', () => {
  assert.match(refusal(fixture('capture.pcap.gz')), /capture\.pcap\.gz .* gzip-compressed: decompress it first/);
});

test('an archaic pcap version is refused naming the version', () => {
  assert.match(refusal(fixture('archaic-version.pcap')), /pcap file of version 1\.0, an archaic format/);
});

test('a pcapng file whose section header is broken is refused', () => {
  const broken = shb(true);
  broken[8] = 0;
  assert.match(refusal(save('broken.pcapng', broken)), /not a readable pcapng file: the section header block has byte-order magic/);
  assert.match(refusal(save('v2.pcapng', shb(true, [], [2, 0]))), /version 2\.0; Layerscope reads pcapng version 1\.x/);
});

test('a missing file or a folder gives a plain sentence, not a stack trace', () => {
  assert.match(refusal(join(dir, 'nowhere.pcap')), /^Cannot open nowhere\.pcap: there is no such file/);
  assert.match(refusal(dir), /it is a folder, not a file/);
});
