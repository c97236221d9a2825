// Session changes one at a time: two captures started at once leave exactly one capture helper,
// which ends with the capture, and with `layerscope serve` on Ctrl+C; many interface lists at
// once ask the system about capture permission once; a capture's packets are unsaved until saved.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { CapturePermission, SessionStatus } from '../../electron/service/contract.js';
import { BrowserModeClient as Client, ServeProcess } from './browser-mode-client.js';

const isRoot = process.getuid?.() === 0;

/** Capture helper processes alive now whose request names `filter`. */
function helpersWith(filter: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes('capture-helper') && command.includes(filter)) found.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

const uniqueFilter = () => `udp port ${40000 + Math.floor(Math.random() * 20000)}`;

test('200 interface lists at once ask about capture permission once', async () => {
  let probes = 0;
  const service = new LayerscopeService({
    checkPermission: async () => {
      probes++;
      await new Promise((r) => setTimeout(r, 50));
      return { canCapture: true, backend: 'cap' } satisfies CapturePermission;
    },
  });
  try {
    const answers = await Promise.all(Array.from({ length: 200 }, () => service.handle('interfaces.list', {})));
    assert.equal(probes, 1);
    assert.ok(answers.every((a) => (a as { permission: CapturePermission }).permission.canCapture));
  } finally {
    await service.close();
  }
});

test('two captures started at once: one runs, the other is refused, and exactly one helper exists until stop', { skip: isRoot ? false : 'capturing on lo needs root', timeout: 30_000 }, async () => {
  const service = new LayerscopeService();
  const filter = uniqueFilter();
  try {
    const starts = await Promise.allSettled([
      service.handle('capture.start', { interface: 'lo', filter }),
      service.handle('capture.start', { interface: 'lo', filter }),
    ]);
    assert.deepEqual(starts.map((s) => s.status).sort(), ['fulfilled', 'rejected']);
    assert.equal(helpersWith(filter).length, 1, 'one capture helper');
    await service.handle('capture.stop', {});
    assert.ok(await until(() => helpersWith(filter).length === 0), 'the helper ended with the capture');
  } finally {
    await service.close();
  }
});

test('Ctrl+C on `layerscope serve` during a capture ends the capture helper too', { skip: isRoot ? false : 'capturing on lo needs root', timeout: 30_000 }, async () => {
  const serve = new ServeProcess([]);
  const filter = uniqueFilter();
  try {
    const url = await serve.url();
    const client = await Client.connect(`ws://127.0.0.1:${url.port}/api?token=${url.searchParams.get('token')}`, { origin: `http://127.0.0.1:${url.port}` });
    await client.request('capture.start', { interface: 'lo', filter });
    assert.equal(helpersWith(filter).length, 1);
    const exited = serve.exited();
    serve.child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.ok(await until(() => helpersWith(filter).length === 0), 'no capture helper left behind');
  } finally {
    serve.child.kill('SIGKILL');
  }
});

test('a live capture\'s packets count as unsaved until saved', { skip: process.getuid?.() === 0 ? false : 'capturing on lo needs root' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-live-unsaved-'));
  const service = new LayerscopeService({ dialogs: { open: async () => null, save: async () => join(dir, 'live.pcapng') } });
  try {
    const port = 41000 + Math.floor(Math.random() * 9000);
    await service.handle('capture.start', { interface: 'lo', filter: `udp port ${port}` });
    const socket = createSocket('udp4');
    for (let i = 0; i < 3; i++) await new Promise((resolve) => socket.send('hello', port, '127.0.0.1', resolve));
    socket.close();
    await new Promise((r) => setTimeout(r, 300));
    const stopped = (await service.handle('capture.stop', {})) as SessionStatus;
    assert.ok(stopped.packetCount > 0, 'the pings were captured');
    assert.equal(stopped.unsavedChanges, true);
    const { path } = (await service.handle('dialog.save', { format: 'pcapng' })) as { path: string };
    await service.handle('capture.save', { path, format: 'pcapng' });
    assert.equal(((await service.handle('session.status', {})) as SessionStatus).unsavedChanges, undefined);
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
