// A capture the page sends (picked with Open… or dropped on the window in the browser), arriving
// in chunks in order into a private temporary file: created new (never through a link), readable
// by this user only, as large as announced and no larger. One upload at a time; one left waiting
// (the page went away) is removed after a minute.

import { closeSync, constants, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** An upload no chunk has reached for this long is abandoned and its file removed. */
export const UPLOAD_IDLE_MS = 60_000;

interface Upload {
  id: string;
  name: string;
  path: string;
  fd: number;
  size: number;
  received: number;
  idle: NodeJS.Timeout;
}

export class UploadReceiver {
  private current: Upload | undefined;

  constructor(
    /** The service's private folder the files go into. */
    private readonly directory: () => string,
    /** The largest file accepted, bytes. */
    readonly maxBytes: number,
  ) {}

  /** Begins an upload of `size` bytes (ending any other); returns its id. */
  start(name: string, size: number): string {
    if (size > this.maxBytes) {
      throw new Error(`upload.start: ${name} is too large to open here (${size.toLocaleString('en-US')} bytes, at most ${this.maxBytes.toLocaleString('en-US')}); open it with "layerscope serve FILE" instead`);
    }
    this.cancel();
    const id = randomBytes(16).toString('base64url');
    const path = join(this.directory(), `upload-${id}`);
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    this.current = { id, name, path, fd, size, received: 0, idle: this.idleTimer() };
    return id;
  }

  /** Writes the next chunk; chunks must come in order, without gaps or overlap. Returns the bytes received so far. */
  chunk(id: string, offset: number, bytes: Uint8Array): number {
    const upload = this.require(id, 'upload.chunk');
    if (offset !== upload.received) {
      throw new Error(`upload.chunk: expected the chunk at byte ${upload.received} of ${upload.name}, got one at byte ${offset}`);
    }
    if (upload.received + bytes.length > upload.size) {
      this.cancel();
      throw new Error(`upload.chunk: ${upload.name} is larger than the ${upload.size.toLocaleString('en-US')} bytes announced; the upload was stopped`);
    }
    let written = 0;
    while (written < bytes.length) written += writeSync(upload.fd, bytes, written, bytes.length - written, offset + written);
    upload.received += bytes.length;
    upload.idle.refresh();
    return upload.received;
  }

  /** Ends a complete upload: its file is the caller's from here on. */
  finish(id: string): { path: string; name: string } {
    const upload = this.require(id, 'upload.finish');
    if (upload.received !== upload.size) {
      throw new Error(`upload.finish: ${upload.name} is incomplete: ${upload.received.toLocaleString('en-US')} of ${upload.size.toLocaleString('en-US')} bytes arrived`);
    }
    clearTimeout(upload.idle);
    closeSync(upload.fd);
    this.current = undefined;
    return { path: upload.path, name: upload.name };
  }

  /** Stops the upload under way (if `id` names it, or any when no id is given) and removes its file. */
  cancel(id?: string): void {
    const upload = this.current;
    if (!upload || (id !== undefined && id !== upload.id)) return;
    this.current = undefined;
    clearTimeout(upload.idle);
    closeSync(upload.fd);
    rmSync(upload.path, { force: true });
  }

  private require(id: string, request: string): Upload {
    if (this.current?.id !== id) throw new Error(`${request}: there is no upload ${JSON.stringify(id)} under way (it finished, was replaced by another, or waited too long)`);
    return this.current;
  }

  private idleTimer(): NodeJS.Timeout {
    const timer = setTimeout(() => this.cancel(), UPLOAD_IDLE_MS);
    timer.unref();
    return timer;
  }
}
