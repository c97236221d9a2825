// Live capture under load: a bounded loopback UDP flood (default 500,000 datagrams to 127.0.0.1 at
// about 100,000 packets/s, sent by a rate-limited child process) captured by Layerscope (helper
// process, batches delivered to the parent, pcapng written) and by `tcpdump -w`, one after the other
// with the same flood. Prints, for each: packets sent, received, dropped by the kernel (as the tool
// reports it), lost (sent - received: comparable for both) and the rate.
// Scale with LAYERSCOPE_BENCH_FLOOD=COUNT and LAYERSCOPE_BENCH_RATE=PPS.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveCapture, type CaptureBackend, type CaptureTotals } from '../../electron/capture/live-capture.js';
import type { PacketRecord } from '../../electron/files/packet-record.js';

const COUNT = Number(process.env.LAYERSCOPE_BENCH_FLOOD ?? 500_000);
const RATE = Number(process.env.LAYERSCOPE_BENCH_RATE ?? 100_000);
// A port of its own per run, so two benches at once (or other traffic) do not mix.
const PORT = 39_000 + Math.floor(Math.random() * 1000);
/** Kernel buffer for every tool, MiB; unset, each tool runs with its own default, as users get it. */
const BUFFER_MIB = process.env.LAYERSCOPE_BENCH_BUFFER_MIB ? Number(process.env.LAYERSCOPE_BENCH_BUFFER_MIB) : undefined;

// Sends COUNT 64-byte datagrams in bursts of 500 on a fixed schedule, so the rate holds however
// fast the machine is; prints the seconds it took and how many the kernel accepted.
const SENDER = `
import socket, sys, time
count, rate, port = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
payload, dest, burst = b'L' * 64, ('127.0.0.1', port), 500
start = time.perf_counter()
sent = ok = 0
while sent < count:
    due = start + sent / rate
    delay = due - time.perf_counter()
    if delay > 0:
        time.sleep(delay)
    for _ in range(min(burst, count - sent)):
        try:
            s.sendto(payload, dest)
            ok += 1
        except OSError:
            pass
        sent += 1
print(f"{time.perf_counter() - start:.3f} {ok}")
`;

interface Outcome {
  tool: string;
  sent: number;
  received: number;
  dropped: string;
  seconds: number;
}

interface Flood {
  seconds: number;
  /** Datagrams the kernel accepted (sendto can fail with ENOBUFS under load). */
  sent: number;
}

function flood(): Promise<Flood> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', SENDER, String(COUNT), String(RATE), String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ seconds: Number(out.split(' ')[0]), sent: Number(out.split(' ')[1]) }) : reject(new Error(`the flood sender exited with code ${code}`))));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Wait after the flood before stopping a tool: longer than libpcap's 1 s read timeout, so
 * tcpdump (TPACKET_V3 blocks, handed over when full or timed out) has written its last packets
 * when it is stopped. Stopped sooner, its unfinished block counts as lost though nothing dropped.
 */
const SETTLE_MS = 1500;

async function withLayerscope(dir: string, backend: CaptureBackend): Promise<Outcome> {
  const capture = await LiveCapture.start(
    { interface: 'lo', filter: `udp dst port ${PORT}`, bufferSize: BUFFER_MIB && BUFFER_MIB * 1024 * 1024 },
    { filePath: join(dir, `layerscope-${backend}.pcapng`), backend },
  );
  let delivered = 0;
  capture.on('batch', (b: PacketRecord[]) => { delivered += b.length; });
  let sent: Flood = { seconds: 0, sent: 0 };
  let totals: CaptureTotals;
  try {
    sent = await flood();
    await sleep(SETTLE_MS);
  } finally {
    totals = await capture.stop(); // always stopped, even when the sender failed
  }
  return {
    tool: `layerscope (${backend})`,
    received: Math.min(delivered, totals.received),
    dropped: totals.dropsCounted ? String(totals.dropped) : 'not reported',
    seconds: sent.seconds,
    sent: sent.sent,
  };
}

function waitForListening(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child.stderr?.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes('listening on')) resolve();
    });
    setTimeout(resolve, 5000);
  });
}

async function withTcpdump(dir: string): Promise<Outcome> {
  const buffer = BUFFER_MIB ? ['-B', String(BUFFER_MIB * 1024)] : []; // -B is in KiB
  const child = spawn('tcpdump', ['-i', 'lo', '-n', ...buffer, '-w', join(dir, 'tcpdump.pcap'), `udp dst port ${PORT}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  await waitForListening(child);
  let sent: Flood = { seconds: 0, sent: 0 };
  try {
    sent = await flood();
    await sleep(SETTLE_MS);
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
  }
  const number = (label: string) => Number(new RegExp(`(\\d+) packets? ${label}`).exec(stderr)?.[1] ?? NaN);
  return { tool: 'tcpdump -w', received: number('captured'), dropped: String(number('dropped by kernel')), seconds: sent.seconds, sent: sent.sent };
}

function print(outcomes: Outcome[]): void {
  console.log(`\nLive capture: ${COUNT.toLocaleString('en-US')} UDP datagrams to 127.0.0.1 at ${RATE.toLocaleString('en-US')} packets/s`);
  console.log(`${'tool'.padEnd(20)} ${'sent'.padStart(9)} ${'received'.padStart(9)} ${'dropped'.padStart(13)} ${'lost'.padStart(8)} ${'rate (pkt/s)'.padStart(13)}`);
  for (const o of outcomes) {
    const lost = o.sent - o.received;
    const rate = o.seconds > 0 ? Math.round(o.received / o.seconds) : 0;
    console.log(`${o.tool.padEnd(20)} ${String(o.sent).padStart(9)} ${String(o.received).padStart(9)} ${o.dropped.padStart(13)} ${String(lost).padStart(8)} ${String(rate).padStart(13)}`);
  }
  console.log('(dropped: as the tool reports the kernel\'s count; cap 0.2 exposes no pcap_stats, so lost = sent - received is the comparable figure)');
}

export async function runCaptureBench(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('\nLive capture bench skipped: it needs root to capture on lo.');
    return;
  }
  for (const tool of ['python3', 'tcpdump']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error) {
      console.log(`\nLive capture bench skipped: ${tool} is not installed.`);
      return;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-capture-bench-'));
  try {
    const outcomes = [await withLayerscope(dir, 'cap')];
    // dumpcap is Layerscope's second backend (no elevation needed): measured when installed.
    if (!spawnSync('dumpcap', ['-v'], { stdio: 'ignore' }).error) outcomes.push(await withLayerscope(dir, 'dumpcap'));
    outcomes.push(await withTcpdump(dir));
    print(outcomes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runCaptureBench();
