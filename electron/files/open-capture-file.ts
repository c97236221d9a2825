// Opens a capture file by what its first bytes say, not by its name, and explains in one sentence
// why a file that is not a capture cannot be read.

import { basename } from 'node:path';
import { closeSync } from 'node:fs';
import type { CaptureFileReader } from './capture-file-reader.js';
import { CaptureFormatError } from './packet-record.js';
import { FileWindow, DEFAULT_CHUNK_SIZE } from './file-window.js';
import { PcapReader, pcapVariant, PCAP_FILE_HEADER_LENGTH } from './pcap-reader.js';
import { PcapngReader } from './pcapng-reader.js';
import { BLOCK_SECTION_HEADER } from './pcapng-blocks.js';
import { NotARegularFileError, openRegularFile } from './open-regular-file.js';

export type CaptureFormat = 'pcap' | 'pcapng';

/** Other formats people mistake for captures, by their leading bytes, with what to do. */
const KNOWN_OTHER_FORMATS: { magic: number[]; what: string }[] = [
  { magic: [0x1f, 0x8b], what: 'is gzip-compressed: decompress it first (gunzip)' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'is zstd-compressed: decompress it first (unzstd)' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'is xz-compressed: decompress it first (unxz)' },
  { magic: [0x42, 0x5a, 0x68], what: 'is bzip2-compressed: decompress it first (bunzip2)' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'is a zip archive: extract the capture from it first' },
];

function describeStart(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 8);
  const text = Array.from(head, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  return `'${text}' (0x${hex})`;
}

/** What kind of capture the first bytes of a file announce, or null for neither. */
export function sniffCaptureFormat(start: Uint8Array): CaptureFormat | null {
  if (start.length < 4) return null;
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  const magic = view.getUint32(0, true);
  if (magic === BLOCK_SECTION_HEADER) return 'pcapng';
  if (pcapVariant(magic)) return 'pcap';
  return null;
}

function openError(path: string, error: unknown): CaptureFormatError {
  const name = basename(path);
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT' ? 'there is no such file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission to read it is denied'
    : code === 'EISDIR' ? 'it is a folder, not a file'
    : (error as Error)?.message ?? String(error);
  return new CaptureFormatError(`Cannot open ${name}: ${why} (${path})`, path);
}

/**
 * Opens a pcap or pcapng file for streaming. Throws CaptureFormatError, with a message fit to show
 * the user, when the file is missing or unreadable or is not a capture (NotARegularFileError, at
 * once, for a FIFO, socket, device or folder).
 */
export function openCaptureFile(path: string, chunkSize = DEFAULT_CHUNK_SIZE): CaptureFileReader {
  const name = basename(path);
  let fd: number;
  let size: number;
  try {
    ({ fd, size } = openRegularFile(path));
  } catch (error) {
    if (error instanceof NotARegularFileError) throw error;
    throw openError(path, error);
  }
  try {
    const window = new FileWindow(fd, size, chunkSize);
    if (size === 0) throw new CaptureFormatError(`${name} is empty (0 bytes), so it holds no capture`, path);
    window.require(Math.min(size, PCAP_FILE_HEADER_LENGTH));
    const start = window.bytes.subarray(0, window.end);
    for (const other of KNOWN_OTHER_FORMATS) {
      if (other.magic.every((b, i) => start[i] === b)) {
        throw new CaptureFormatError(`${name} is not a capture file as it stands: it ${other.what}`, path);
      }
    }
    const format = sniffCaptureFormat(start);
    if (format === 'pcapng') return new PcapngReader(window, name);
    if (format === 'pcap') return new PcapReader(window, name);
    if (size < 4) {
      throw new CaptureFormatError(`${name} is too short to be a capture file: ${size} bytes, fewer than a pcap or pcapng magic number`, path);
    }
    throw new CaptureFormatError(
      `${name} is not a capture file: it starts with ${describeStart(start)}, not a pcap or pcapng magic number`,
      path,
    );
  } catch (error) {
    closeSync(fd);
    if (error instanceof CaptureFormatError) {
      throw error.path ? error : new CaptureFormatError(error.message, path);
    }
    throw openError(path, error);
  }
}
