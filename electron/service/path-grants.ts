// Which server-side paths a request from the page may name. The page is untrusted: it may name a
// path only after the user chose that very path in a native dialog (Open… grants reading, Save
// grants writing). The check compares strings only, so a refused path is refused before anything
// touches the file system and the answer never tells whether the path exists.

import { resolve } from 'node:path';

export type PathAccess = 'read' | 'write';

/** Grants kept per kind of access: the most recent ones, far more than anyone chooses in a session. */
export const MAX_GRANTS = 256;

/** A request named a path no native dialog granted: `code` tells transports and tests what it is. */
export class PathNotGrantedError extends Error {
  readonly code = 'ELAYERSCOPE_PATH_NOT_GRANTED';

  constructor(message: string) {
    super(message);
    this.name = 'PathNotGrantedError';
  }
}

export class PathGrants {
  private readonly granted: Record<PathAccess, Set<string>> = { read: new Set(), write: new Set() };

  /** Records that the user chose `path` for `access` (a dialog's answer). */
  grant(path: string, access: PathAccess): void {
    const granted = this.granted[access];
    const key = resolve(path);
    granted.delete(key); // Re-added as the newest.
    granted.add(key);
    if (granted.size > MAX_GRANTS) granted.delete(granted.values().next().value!);
  }

  isGranted(path: string, access: PathAccess): boolean {
    return this.granted[access].has(resolve(path));
  }

  /**
   * Throws PathNotGrantedError unless `path` was granted for `access`. `dialogsExist` says whether
   * the user can grant it at all (the desktop app) or not (browser mode), so the message says
   * what to do instead.
   */
  require(request: string, path: string, access: PathAccess, dialogsExist: boolean): void {
    if (this.isGranted(path, access)) return;
    const named = JSON.stringify(path);
    if (access === 'read') {
      throw new PathNotGrantedError(
        dialogsExist
          ? `${request}: Layerscope opens only files chosen with Open… (or given on the command line), and ${named} was not chosen there. Use Open… to pick it, or drop it on the window.`
          : `${request}: in the browser the page may not name a file on the server (${named}). Use Open… or drop the file on the window to upload it, or give it on the command line: layerscope serve FILE.`,
      );
    }
    throw new PathNotGrantedError(
      dialogsExist
        ? `${request}: Layerscope saves only to a file you chose with Save, and ${named} was not chosen that way. Use Save to pick where the capture goes.`
        : `${request}: in the browser the page may not name a file on the server (${named}). Use Save to download the capture instead.`,
    );
  }
}
