// Opens a file for reading only if it is a regular file. A FIFO opened the ordinary way blocks the
// whole process until a writer appears, and a device (/dev/zero) never ends: both are refused at
// once. The file is opened without blocking and its kind read from the open descriptor (fstat), so
// nothing can be swapped in between the check and the open.

import { basename } from 'node:path';
import { closeSync, constants, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { CaptureFormatError } from './packet-record.js';

/** What a path is when it is not a regular file. */
export type NotRegularKind = 'folder' | 'named pipe (FIFO)' | 'socket' | 'character device' | 'block device' | 'special file';

/** Raised for a path that is not a regular file; `code` and `kind` say what it is. */
export class NotARegularFileError extends CaptureFormatError {
  readonly code = 'NOT_A_REGULAR_FILE';
  constructor(
    path: string,
    readonly kind: NotRegularKind,
  ) {
    super(`Cannot open ${basename(path)}: it is a ${kind}, not a file, so it holds no capture to read (${path})`, path);
    this.name = 'NotARegularFileError';
  }
}

function kindOf(stat: Stats): NotRegularKind | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return 'folder';
  if (stat.isFIFO()) return 'named pipe (FIFO)';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  return 'special file';
}

// O_NONBLOCK makes opening a FIFO return at once; O_NOCTTY keeps a terminal from becoming ours.
// (Neither exists on Windows, which has no FIFOs to block on.)
const NON_BLOCKING_READ = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Opens `path` read-only and returns its descriptor and size, or throws: NotARegularFileError for
 * anything but a regular file, or the system's error (ENOENT, EACCES...) for the caller to word.
 */
export function openRegularFile(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, NON_BLOCKING_READ);
  } catch (error) {
    // A Unix socket cannot be opened at all (ENXIO): say what it is.
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') {
      const kind = kindOfPath(path);
      if (kind) throw new NotARegularFileError(path, kind);
    }
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    const kind = kindOf(stat);
    if (kind) throw new NotARegularFileError(path, kind);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function kindOfPath(path: string): NotRegularKind | null {
  try {
    return kindOf(statSync(path));
  } catch {
    return null;
  }
}
