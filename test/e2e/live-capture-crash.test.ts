// Nothing captured is lost when something crashes: packets are in the capture file as they arrive.
// If the UI process dies, the helper notices (its stdin closes), finishes the file and exits; if
// the helper dies, everything up to its last write is in the file and the UI hears why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LiveCapture, CaptureError } from '../../electron/capture/live-capture.js';
import type { PacketRecord } from '../../electron/files/packet-record.js';
import { tsharkFields } from '../unit/service-test-captures.js';

const skip = process.getuid?.() === 0 ? false : 'live capture needs root (CI runs as root)';
const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'layerscope-crash-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const tsharkCount = (file: string) => tsharkFields(file, ['frame.number']).length;

async function sendDatagrams(port: number, count: number): Promise<void> {
  const socket = createSocket('udp4');
  for (let i = 0; i < count; i++) socket.send(`packet ${i}`, port, '127.0.0.1');
  await sleep(50);
  socket.close();
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('when the capture helper is killed, the UI hears why and the file keeps every packet written', { skip, timeout: 20_000 }, async () => {
  const port = 43000 + Math.floor(Math.random() * 1000);
  const filePath = join(dir, 'helper-killed.pcapng');
  const capture = await LiveCapture.start({ interface: 'lo', filter: `udp dst port ${port}` }, { filePath });
  const got: PacketRecord[] = [];
  const errors: Error[] = [];
  capture.on('batch', (b: PacketRecord[]) => got.push(...b));
  capture.on('error', (e: Error) => errors.push(e));
  try {
    await sendDatagrams(port, 20);
    for (let waited = 0; waited < 2000 && got.length < 20; waited += 25) await sleep(25);
    await sleep(200); // the file write follows the batch by a few milliseconds
    process.kill(capture.pid!, 'SIGKILL');
    await capture.whenEnded();
  } finally {
    await capture.stop();
  }
  assert.equal(got.length, 20);
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof CaptureError);
  assert.match(errors[0].message, /ended unexpectedly \(SIGKILL\).*packets captured so far are in/);
  assert.equal(tsharkCount(filePath), 20);
});

test('when the UI process dies, the helper finishes the capture file and exits', { skip, timeout: 30_000 }, async () => {
  const port = 42000 + Math.floor(Math.random() * 1000);
  const filePath = join(dir, 'ui-killed.pcapng');
  const ui = join(dir, 'ui.mjs');
  writeFileSync(ui, `
    const { LiveCapture } = await import(${JSON.stringify(join(root, 'electron', 'capture', 'live-capture.ts'))});
    const capture = await LiveCapture.start({ interface: 'lo', filter: 'udp dst port ${port}' }, { filePath: ${JSON.stringify(filePath)} });
    capture.on('batch', (b) => console.log('batch', b.length));
    console.log('helper', capture.pid);
    setInterval(() => {}, 1000);
  `);
  const child = spawn(process.execPath, ['--import', 'tsx', ui], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  try {
    for (let waited = 0; waited < 10_000 && !/helper \d+/.test(out); waited += 50) await sleep(50);
    const helperPid = Number(/helper (\d+)/.exec(out)?.[1]);
    assert.ok(helperPid > 0, `the UI started a helper: ${out}`);
    await sendDatagrams(port, 15);
    for (let waited = 0; waited < 3000 && !/batch/.test(out); waited += 25) await sleep(25);
    child.kill('SIGKILL'); // the UI crashes
    for (let waited = 0; waited < 5000 && alive(helperPid); waited += 50) await sleep(50);
    assert.equal(alive(helperPid), false, 'the helper exits by itself once the UI is gone');
  } finally {
    child.kill('SIGKILL');
  }
  assert.equal(tsharkCount(filePath), 15);
});
