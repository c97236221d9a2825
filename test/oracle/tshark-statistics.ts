// tshark's statistics tables (`-z conv,T`, `-z endpoints,T`) for several types from one run over a
// capture: one run per type and capture cost about a minute over the test captures.

import { spawnSync } from 'node:child_process';

/** The rule of equals signs that opens and closes each of tshark's tables. */
const RULE = /^=+$/;

/**
 * The table tshark prints for `tap` (conv or endpoints) and each of `types`, by type, exactly as
 * `tshark -n -r capture -q -z tap,type` prints it alone. tshark prints the tables last requested
 * first; were that to change, the titles would no longer match ours and the comparison would fail.
 */
export function tsharkStatistics(capture: string, tap: 'conv' | 'endpoints', types: readonly string[]): Map<string, string> {
  const run = spawnSync('tshark', ['-n', '-r', capture, '-q', ...types.flatMap((type) => ['-z', `${tap},${type}`])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tshark failed on ${capture}: ${run.stderr}`);
  const tables: string[] = [];
  let table: string[] | null = null;
  for (const line of run.stdout.split('\n')) {
    if (table === null) {
      if (RULE.test(line)) table = [line];
      continue;
    }
    table.push(line);
    if (RULE.test(line)) {
      tables.push(table.join('\n') + '\n');
      table = null;
    }
  }
  if (tables.length !== types.length) throw new Error(`tshark printed ${tables.length} tables for ${types.length} types on ${capture}`);
  return new Map(types.map((type, i) => [type, tables[types.length - 1 - i]]));
}
