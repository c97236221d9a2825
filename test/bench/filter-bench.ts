// Part of `npm run bench`: display filters on the 1,000,000-packet benchmark capture, for the
// filters issue 12 names, beside `tshark -n -r FILE -Y FILTER` measured in the same run:
// - in the app: the capture is open (listed once, as the app lists a file it opens) and the
//   filter is applied to it (filter.apply, as the filter bar does), until every packet is tested;
//   this is what the target (at least 10× faster than tshark) is for;
// - on the command line: `layerscope list -Y FILTER`, which has to read and decode the file first.
// Both print or hold the matching packets; that they are tshark's packets is the oracle tests'
// job. Each runs RUNS times, alternating, and the best of each is compared: the machine is shared.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { benchmarkCapturePath, hasCommand, measure, readFileInChunks, ROOT, type Measurement } from './list-bench.js';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { DisplayStatus } from '../../electron/service/contract.js';

const FILTERS = [
  'tcp.flags.syn == 1 && tcp.flags.ack == 0',
  'dns',
  'ip.addr == 10.1.2.3',
  'tcp.port == 443 && frame.len > 1000',
  'http.request',
];

export async function runFilterBench(): Promise<void> {
  const file = await benchmarkCapturePath();
  process.stdout.write(`\n== Display filters: the app and layerscope list -Y vs tshark -n -r -Y on ${file}\n`);
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
  const service = new LayerscopeService();
  const opened = performance.now();
  await service.request('file.open', { path: file });
  await service.whenLoaded();
  process.stdout.write(`The app opened and listed the capture in ${((performance.now() - opened) / 1000).toFixed(2)} s; each filter is then applied to it.\n`);
  process.stdout.write(`best of ${RUNS} runs each (slowest in brackets)\n`);
  process.stdout.write('filter                                     in the app      layerscope list -Y    tshark -Y          app (target ≥ 10×)   list -Y\n');
  try {
    for (const filter of FILTERS) {
      const app: Measurement[] = [];
      const ours: Measurement[] = [];
      const theirs: Measurement[] = [];
      let displayed = 0;
      for (let i = 0; i < RUNS; i++) {
        // (Cleared first: applying the filter shown already would be a different request.)
        await service.handle('filter.apply', { text: '' });
        const t0 = performance.now();
        const status = (await service.handle('filter.apply', { text: filter })) as DisplayStatus;
        app.push({ seconds: (performance.now() - t0) / 1000, peakMB: NaN, exitCode: status.done ? 0 : 1 });
        displayed = status.displayed;
        ours.push(await measure(process.execPath, [bundle, 'list', '-Y', filter, file]));
        theirs.push(await measure('tshark', ['-n', '-r', file, '-Y', filter]));
      }
      const appSpeed = best(theirs) / best(app);
      const listSpeed = best(theirs) / best(ours);
      const failed = ours.find((m) => m.exitCode !== 0);
      process.stdout.write(
        `${filter.padEnd(40)} ${figure(app).padStart(15)} ${figure(ours).padStart(18)} ${figure(theirs).padStart(18)}   ${appSpeed.toFixed(1).padStart(6)}× ${appSpeed >= 10 ? 'met    ' : 'NOT met'}   ${listSpeed.toFixed(2)}×  (${displayed} shown)${failed ? `  [exit code ${failed.exitCode}]` : ''}\n`,
      );
    }
  } finally {
    await service.close();
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
