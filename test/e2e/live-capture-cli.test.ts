// `layerscope capture` as a teacher uses it: stop after -c packets or -a duration, write pcapng or
// (by extension) classic pcap that tshark reads, print the count and drops; clear errors otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tsharkFields } from '../unit/service-test-captures.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'live capture needs root (CI runs as root)';
const root = resolve(import.meta.dirname, '..', '..');
const dispatcher = join(root, 'electron', 'cli', 'layerscope-cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'layerscope-cli-capture-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function runCapture(args: string[], whileRunning?: () => Promise<void>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', dispatcher, 'capture', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const done = new Promise<{ code: number | null; stderr: string }>((res) => child.on('close', (code) => { clearTimeout(killer); res({ code, stderr }); }));
  if (whileRunning) {
    // Start the traffic once the capture says it is running.
    const started = new Promise<void>((res) => child.stderr.on('data', () => { if (stderr.includes('Capturing on')) res(); }));
    void started.then(whileRunning);
  }
  return done;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sendDatagrams(port: number, count: number): Promise<void> {
  const socket = createSocket('udp4');
  for (let i = 0; i < count; i++) {
    socket.send(`teacher ${i}`, port, '127.0.0.1');
    await sleep(20);
  }
  socket.close();
}

test('capture -c stops after COUNT packets and writes classic pcap for a .pcap name', { skip, timeout: 30_000 }, async () => {
  const port = 45000 + Math.floor(Math.random() * 1000);
  const file = join(dir, 'count.pcap');
  const result = await runCapture(['-i', 'lo', '-f', `udp port ${port}`, '-c', '3', '-w', file], () => sendDatagrams(port, 8));
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /3 packets captured/);
  assert.equal(readFileSync(file).readUInt32LE(0), 0xa1b23c4d, 'classic pcap (nanosecond) magic');
  assert.deepEqual(tsharkFields(file, ['udp.dstport']).map(([p]) => p), [String(port), String(port), String(port)]);
});

test('capture -a duration:SEC stops by itself and writes pcapng with everything seen', { skip, timeout: 30_000 }, async () => {
  const port = 46000 + Math.floor(Math.random() * 1000);
  const file = join(dir, 'duration.pcapng');
  const started = Date.now();
  const result = await runCapture(['-i', 'lo', '-f', `udp port ${port}`, '-a', 'duration:1', '-w', file], () => sendDatagrams(port, 5));
  assert.equal(result.code, 0, result.stderr);
  assert.ok(Date.now() - started < 10_000);
  assert.match(result.stderr, /5 packets captured \(kernel drops unknown: the cap backend cannot read the kernel.s drop counter\)/);
  assert.equal(readFileSync(file).readUInt32LE(0), 0x0a0d0d0a, 'pcapng section header');
  assert.equal(tsharkFields(file, ['frame.number']).length, 5);
});

test('capture with a bad filter fails with libpcap\'s message and exit code 1, without a stack trace', { skip, timeout: 30_000 }, async () => {
  const file = join(dir, 'bad.pcapng');
  const result = await runCapture(['-i', 'lo', '-f', 'port ninety', '-c', '1', '-w', file]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /The capture filter "port ninety" is not valid: /);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  assert.equal(existsSync(file), false);
});
