// Oracle tests compare against captures crafted by a scapy script under test/fixtures/: crafting
// them again before the tests keeps the script in step with them; the committed copies serve
// where scapy is not installed (or the script fails).
import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const PYTHON = '/usr/bin/python3';

/**
 * Crafts the captures of `script` into a temporary folder before this file's tests (removed after
 * them) and returns where the tests find them: that folder, else test/fixtures/packets.
 */
export function craftedCaptures(script: string): () => string {
  let dir = join(FIXTURES, 'packets');
  let temporary: string | undefined;
  test.before(async () => {
    if (!existsSync(PYTHON)) return;
    const made = mkdtempSync(join(tmpdir(), 'layerscope-crafted-'));
    try {
      await run(PYTHON, [join(FIXTURES, script), made]);
      dir = temporary = made;
    } catch {
      rmSync(made, { recursive: true, force: true });
    }
  });
  test.after(() => {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  });
  return () => dir;
}
