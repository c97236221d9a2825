// Part of `npm run bench`: display filters on the 1,000,000-packet benchmark capture,
// `layerscope list -Y FILTER` against `tshark -n -r FILE -Y FILTER` in the same run, for the
// filters issue 12 names. Target: each at least 10× faster than tshark. Both print the matching
// packets' lines (to /dev/null); that they are the same packets is the oracle tests' job. Each runs
// RUNS times, the two alternating, and the best of each is compared: the machine is shared, and
// one run of each caught them under different loads.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { benchmarkCapturePath, hasCommand, measure, readFileInChunks, ROOT, type Measurement } from './list-bench.js';

const FILTERS = [
  'tcp.flags.syn == 1 && tcp.flags.ack == 0',
  'dns',
  'ip.addr == 10.1.2.3',
  'tcp.port == 443 && frame.len > 1000',
  'http.request',
];

export async function runFilterBench(): Promise<void> {
  const file = await benchmarkCapturePath();
  process.stdout.write(`\n== Display filters: layerscope list -Y vs tshark -n -r -Y on ${file}\n`);
  const bundle = join(ROOT, 'dist/cli/layerscope.cjs');
  if (!existsSync(bundle)) {
    process.stdout.write('dist/ is not built: run `npm run build` first\n');
    return;
  }
  if (!hasCommand('tshark')) {
    process.stdout.write('tshark is not installed: no comparison (install it with apt-get install tshark)\n');
    return;
  }
  readFileInChunks(file);
  process.stdout.write(`best of ${RUNS} runs each (slowest in brackets)\n`);
  process.stdout.write('filter                                        layerscope            tshark   speed (target ≥ 10×)\n');
  for (const filter of FILTERS) {
    const ours: Measurement[] = [];
    const theirs: Measurement[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await measure(process.execPath, [bundle, 'list', '-Y', filter, file]));
      theirs.push(await measure('tshark', ['-n', '-r', file, '-Y', filter]));
    }
    const speed = best(theirs) / best(ours);
    const failed = ours.find((m) => m.exitCode !== 0);
    process.stdout.write(
      `${filter.padEnd(42)} ${figure(ours).padStart(16)} ${figure(theirs).padStart(17)}   ${speed.toFixed(2)}× ${speed >= 10 ? 'met' : 'NOT met'}${failed ? `  [exit code ${failed.exitCode}]` : ''}\n`,
    );
  }
}

const RUNS = 3;

function best(runs: Measurement[]): number {
  return Math.min(...runs.map((m) => m.seconds));
}

/** "4.20 s (4.61)": the best run, and the slowest in brackets. */
function figure(runs: Measurement[]): string {
  return `${best(runs).toFixed(2)} s (${Math.max(...runs.map((m) => m.seconds)).toFixed(2)})`;
}
