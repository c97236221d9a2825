// `npm run bench`: prints the figures the performance targets are judged by. Each part measures
// Layerscope against the reference tool in the same run, on this machine.
//   1. `layerscope list` vs `tshark -n -r` on a generated 1,000,000-packet capture (time, peak memory)
//   2. live capture of a bounded loopback UDP flood: Layerscope vs `tcpdump -w` (received, dropped, rate)
//   3. the UI in headless Chromium: first rows of the big file, packet selection render time
//   4. display filters: `layerscope list -Y` vs `tshark -Y` on the same file
//   5. the ladder diagram of a 10,000-packet TCP conversation: first screen, scrolling
// Pass part names to run only some: `npm run bench -- list capture renderer filter ladder`.
import { runListBench, benchmarkCapturePath } from './list-bench.js';
import { runCaptureBench } from './capture-bench.js';
import { runRendererBench } from './renderer-bench.js';
import { runFilterBench } from './filter-bench.js';
import { runLadderBench } from './ladder-bench.js';

const wanted = new Set(process.argv.slice(2));
const want = (part: string) => wanted.size === 0 || wanted.has(part);

if (want('list')) await runListBench();
if (want('capture')) await runCaptureBench();
if (want('renderer')) await runRendererBench(await benchmarkCapturePath());
if (want('filter')) await runFilterBench();
if (want('ladder')) await runLadderBench();
