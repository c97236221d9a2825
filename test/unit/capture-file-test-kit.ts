// What the capture-file tests share: a scratch folder to write crafted files into, the named
// fixtures, and reading every packet of a file while it is still valid.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptureFileReader } from '../../electron/files/capture-file-reader.js';

/** A fresh temporary folder and a function that writes `bytes` there under `name`, returning the path. */
export function scratchFiles(prefix: string): { dir: string; save(name: string, bytes: Uint8Array): string } {
  const dir = mkdtempSync(join(tmpdir(), `layerscope-${prefix}-`));
  return {
    dir,
    save(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
  };
}

/** The path of a named capture in test/fixtures/files. */
export const fixture = (name: string) => new URL(`../fixtures/files/${name}`, import.meta.url).pathname;

/** Every packet, with its data copied (the reader's view is only valid until the next call). */
export function readAll(reader: CaptureFileReader) {
  const out = [];
  for (let r; (r = reader.next()); ) out.push({ ...r, data: r.data.slice() });
  return out;
}
