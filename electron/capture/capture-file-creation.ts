// How the capture helper creates its capture file. The helper may run as root (pkexec) for a user
// who may not capture, and it writes where the app asks: a link planted at that path by any process
// would otherwise turn one password prompt into a root file overwrite. So the file is created only
//  - in a real directory (not a link) that the invoking user owns (any, when that user is root)
//    and no other user may write to, checked on an open descriptor of that directory, which later
//    swaps of the path cannot change;
//  - as a new file (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600): never an existing file, never a link;
//  - handed to the invoking user (fchown) when the helper runs as root for someone else.
// Why not also "or root" for the owner when working for another user: a root helper would then
// create files with that user's packets in root's folders (a new ~/.bash_profile for root, say).

import { closeSync, constants, fchownSync, fstatSync, lstatSync, openSync, unlinkSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Why a capture file was refused: one code per situation, for the app to tell them apart. */
export type CaptureFileRefusal =
  | 'directory-missing'
  | 'directory-inaccessible'
  | 'not-a-directory'
  | 'directory-is-link'
  | 'directory-not-owned'
  | 'directory-shared'
  | 'file-exists'
  | 'file-is-link';

export class CaptureFileRefused extends Error {
  constructor(readonly reason: CaptureFileRefusal, message: string) {
    super(message);
    this.name = 'CaptureFileRefused';
  }
}

/**
 * The user the helper works for: the one who ran pkexec (PKEXEC_UID, set by pkexec itself) when the
 * helper runs as root through it, otherwise the helper's own user (the app's). Undefined where
 * there are no user ids (Windows).
 */
export function invokingUid(): number | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const pkexecUid = process.env.PKEXEC_UID;
  if (process.geteuid?.() === 0 && pkexecUid !== undefined && /^\d{1,10}$/.test(pkexecUid)) return Number(pkexecUid);
  return uid;
}

const errorCode = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

function inaccessible(directoryPath: string, err: unknown): CaptureFileRefused {
  return new CaptureFileRefused('directory-inaccessible', `The folder ${directoryPath} cannot be opened: ${(err as Error).message}`);
}

const isLink = (directoryPath: string) => new CaptureFileRefused('directory-is-link', `The folder ${directoryPath} is a symbolic link: the capture file goes only into a real folder`);
const notDirectory = (directoryPath: string) => new CaptureFileRefused('not-a-directory', `${directoryPath} is not a folder`);
const missing = (directoryPath: string) => new CaptureFileRefused('directory-missing', `The folder ${directoryPath} does not exist`);
/** Windows has neither O_NOFOLLOW nor open directories: there, only the checks by path and O_EXCL. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const holdsDirectoryOpen = process.platform !== 'win32';

/** A checked directory, held open, and the name of the capture file to create in it. */
export class CaptureFileTarget {
  private constructor(
    readonly path: string,
    private directoryFd: number | undefined,
    private readonly directory: Stats,
    private readonly owner: number | undefined,
  ) {}

  /**
   * Checks `path`'s directory and that nothing is at `path` yet; throws CaptureFileRefused. The
   * directory stays open until close(), so create() puts the file in the very directory checked.
   */
  static open(path: string): CaptureFileTarget {
    const directoryPath = dirname(path);
    let before: Stats;
    try {
      before = lstatSync(directoryPath);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') throw missing(directoryPath);
      if (errorCode(err) === 'ENOTDIR') throw notDirectory(directoryPath);
      throw inaccessible(directoryPath, err);
    }
    if (before.isSymbolicLink()) throw isLink(directoryPath);
    if (!before.isDirectory()) throw notDirectory(directoryPath);
    let fd: number | undefined;
    if (holdsDirectoryOpen) {
      try {
        fd = openSync(directoryPath, constants.O_RDONLY | constants.O_DIRECTORY | NOFOLLOW);
      } catch (err) {
        // The path changed since lstat: the same refusals, now found by the kernel.
        if (errorCode(err) === 'ELOOP') throw isLink(directoryPath);
        if (errorCode(err) === 'ENOTDIR') throw notDirectory(directoryPath);
        if (errorCode(err) === 'ENOENT') throw missing(directoryPath);
        throw inaccessible(directoryPath, err);
      }
    }
    const target = new CaptureFileTarget(path, fd, fd === undefined ? before : fstatSync(fd), invokingUid());
    try {
      target.checkDirectory(directoryPath);
      target.checkNothingAt();
    } catch (err) {
      target.close();
      throw err;
    }
    return target;
  }

  private checkDirectory(directoryPath: string): void {
    if (this.owner === undefined) return; // no user ids to compare (Windows)
    // Root working for itself (the app or CLI run as root) may write anywhere anyway; any other
    // user only into their own folder.
    if (this.owner !== 0 && this.directory.uid !== this.owner) {
      throw new CaptureFileRefused('directory-not-owned', `The folder ${directoryPath} belongs to user ${this.directory.uid}, not to the user capturing (${this.owner})`);
    }
    // A folder others may write to could have the file's name taken or swapped under us, unless
    // it is sticky (like /tmp): then only its owner and the file's may rename or delete entries,
    // and the file is created new, never through a link, in the very folder held open.
    const sticky = (this.directory.mode & 0o1000) !== 0 && (this.directory.uid === 0 || this.directory.uid === this.owner);
    if ((this.directory.mode & 0o022) !== 0 && !sticky) {
      throw new CaptureFileRefused('directory-shared', `Other users may write to the folder ${directoryPath} (mode ${(this.directory.mode & 0o777).toString(8)}): choose a folder only you can write to`);
    }
  }

  /** The file's path through the open directory (Linux: /proc/self/fd), immune to swaps of the folder's path. */
  private get entry(): string {
    if (process.platform !== 'linux' || this.directoryFd === undefined) return this.path;
    return join('/proc/self/fd', String(this.directoryFd), basename(this.path));
  }

  private refuseExisting(): CaptureFileRefused {
    let link = false;
    try {
      link = lstatSync(this.entry).isSymbolicLink();
    } catch { /* gone again: still refused, as existing */ }
    return link
      ? new CaptureFileRefused('file-is-link', `${this.path} is a symbolic link: the capture file is never written through a link`)
      : new CaptureFileRefused('file-exists', `${this.path} already exists: a capture never overwrites a file`);
  }

  private checkNothingAt(): void {
    try {
      lstatSync(this.entry);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return;
      throw inaccessible(dirname(this.path), err);
    }
    throw this.refuseExisting();
  }

  /** Creates the file, new and private; returns its descriptor. Throws CaptureFileRefused when something is at the path now. */
  create(): number {
    let fd: number;
    try {
      fd = openSync(this.entry, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
    } catch (err) {
      if (errorCode(err) === 'EEXIST' || errorCode(err) === 'ELOOP') throw this.refuseExisting();
      throw err;
    }
    // Root working for another user: the file is theirs, so the app (running as them) can read it.
    if (this.owner !== undefined && process.geteuid?.() === 0 && this.owner !== 0) {
      try {
        fchownSync(fd, this.owner, this.directory.gid);
      } catch (err) {
        closeSync(fd);
        unlinkSync(this.entry); // never leave a file of root's in the user's folder
        throw err;
      }
    }
    return fd;
  }

  /** Once only: the descriptor's number may belong to another file afterwards. */
  close(): void {
    if (this.directoryFd === undefined) return;
    closeSync(this.directoryFd);
    this.directoryFd = undefined;
  }
}
