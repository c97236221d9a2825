// Part of `npm run bench`: `layerscope list` against `tshark -n -r` on the same generated
// 1,000,000-packet capture, in the same run: wall time and peak memory (maximum resident set size)
// of each, and the ratios; `list` as it runs by default (a thread per core) and on one thread.
// Target: at least 10× faster than tshark with at most a third of its memory.

import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, renameSync, statSync, readFileSync, readSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHMARK_PACKETS, generateBenchmarkCapture } from './generate-benchmark-capture.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Bump when the generator changes, so a stale cached file is not reused. */
const GENERATOR_VERSION = 1;

/** The benchmark capture, generated into the temp folder the first time and reused afterwards. */
export async function benchmarkCapturePath(): Promise<string> {
  const path = join(tmpdir(), `layerscope-bench-${BENCHMARK_PACKETS}-v${GENERATOR_VERSION}.pcap`);
  if (existsSync(path)) return path;
  process.stdout.write(`Generating the benchmark capture (${BENCHMARK_PACKETS.toLocaleString('en')} packets) into ${path} ...\n`);
  const started = performance.now();
  const partial = `${path}.partial-${process.pid}`;
  const result = generateBenchmarkCapture(partial);
  renameSync(partial, path);
  process.stdout.write(`  ${result.packets.toLocaleString('en')} packets, ${(result.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return path;
}

export interface Measurement {
  seconds: number;
  /** Peak resident set size in megabytes, or NaN when it could not be measured. */
  peakMB: number;
  exitCode: number | null;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs `command args > /dev/null` and measures its wall time and peak memory: with GNU time's
 * "Maximum resident set size" when installed, else by polling /proc/PID/status for VmHWM.
 */
export function measure(command: string, args: string[]): Promise<Measurement> {
  const useTime = existsSync(GNU_TIME);
  const devNull = openSync('/dev/null', 'w');
  const started = performance.now();
  const child = useTime
    ? spawn(GNU_TIME, ['-v', command, ...args], { stdio: ['ignore', devNull, 'pipe'] })
    : spawn(command, args, { stdio: ['ignore', devNull, 'pipe'] });
  closeSync(devNull);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let polledKB = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) polledKB = Math.max(polledKB, Number(m[1]));
        } catch {
          // The process has just exited.
        }
      }, 5);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (poll) clearInterval(poll);
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const kb = useTime ? (m ? Number(m[1]) : NaN) : polledKB || NaN;
      if (code !== 0) process.stderr.write(stderr.split('\n').slice(0, 5).join('\n') + '\n');
      done({ seconds, peakMB: kb / 1024, exitCode: code });
    });
  });
}

export function hasCommand(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, name)));
}

export async function runListBench(): Promise<void> {
  const file = await benchmarkCapturePath();
  const sizeMB = statSync(file).size / 1e6;
  process.stdout.write(`\n== layerscope list vs tshark -n -r: ${file} (${sizeMB.toFixed(0)} MB, ${BENCHMARK_PACKETS.toLocaleString('en')} packets)\n`);

  const bundle = join(ROOT, 'dist/cli/layerscope.cjs');
  const [command, list, how] = existsSync(bundle)
    ? [process.execPath, [bundle, 'list', file], 'node dist/cli/layerscope.cjs list (the built bundle)']
    : [process.execPath, ['--import', 'tsx', join(ROOT, 'electron/cli/layerscope-cli.ts'), 'list', file], 'node --import tsx electron/cli/layerscope-cli.ts list (dist/ is not built: run `npm run build` to measure the bundle; tsx adds start-up time)'];
  process.stdout.write(`Layerscope runs as: ${how}; by default on this machine with ${Math.min(availableParallelism(), 4)} threads (one per core, at most 4), and with --threads 1\n`);

  // The file is read once beforehand so both tools find it in the page cache.
  readFileInChunks(file);

  // Three rounds, the tools alternating, so that a noisy moment hits all of them alike.
  const tshark = hasCommand('tshark');
  const threaded: Measurement[] = [];
  const single: Measurement[] = [];
  const theirs: Measurement[] = [];
  for (let i = 0; i < 3; i++) {
    threaded.push(await measure(command, list));
    single.push(await measure(command, [...list, '--threads', '1']));
    if (tshark) theirs.push(await measure('tshark', ['-n', '-r', file]));
  }
  const line = (label: string, runs: Measurement[]) => {
    const best = bestOf(runs);
    const peak = Math.max(...runs.map((r) => r.peakMB));
    process.stdout.write(`${label}: ${runs.map((r) => r.seconds.toFixed(2) + ' s').join(', ')} (best ${best.seconds.toFixed(2)} s), peak memory ${peak.toFixed(0)} MB${best.exitCode !== 0 ? `  [exit code ${best.exitCode}]` : ''}\n`);
    return { best, peak };
  };
  const ours = line('layerscope list', threaded);
  const one = line('layerscope list --threads 1', single);
  if (!tshark) {
    process.stdout.write('tshark is not installed: no comparison (install it with apt-get install tshark)\n');
    return;
  }
  const reference = line('tshark -n -r', theirs);
  const speed = reference.best.seconds / ours.best.seconds;
  const memory = ours.peak / reference.peak;
  process.stdout.write(`Speed: layerscope is ${speed.toFixed(1)}× as fast as tshark (${(reference.best.seconds / one.best.seconds).toFixed(1)}× with one thread; target ≥ 10×): ${speed >= 10 ? 'met' : 'NOT met'}\n`);
  process.stdout.write(`Memory: layerscope peaks at ${(memory * 100).toFixed(0)}% of tshark's (${((one.peak / reference.peak) * 100).toFixed(0)}% with one thread; target ≤ 33%): ${memory <= 1 / 3 ? 'met' : 'NOT met'}\n`);
}

function bestOf(runs: Measurement[]): Measurement {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

export function readFileInChunks(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(8 << 20);
    let position = 0;
    let n: number;
    while ((n = readSync(fd, buffer, 0, buffer.length, position)) > 0) position += n;
  } finally {
    closeSync(fd);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await runListBench();
}
