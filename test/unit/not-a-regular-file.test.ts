// A named pipe (FIFO), a Unix socket, a device or a folder is not a capture file: opening one is
// refused at once, saying what it is. (A FIFO opened the ordinary way blocked the whole server
// until some writer appeared; /dev/zero would be read forever.)

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { CaptureFileRandomAccess } from '../../electron/files/capture-file-random-access.js';
import { NotARegularFileError } from '../../electron/files/open-regular-file.js';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { scratchFiles } from './capture-file-test-kit.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const { dir } = scratchFiles('special');
after(() => rmSync(dir, { recursive: true, force: true }));

const fifo = join(dir, 'pipe.pcap');
execFileSync('mkfifo', [fifo]);
// Should a reader ever block on the FIFO again, a writer turns up after 5 s and ends the wait, so
// the test fails on its time limit instead of hanging the suite.
const rescuer = spawn('sh', ['-c', 'sleep 5; exec 3>"$0"; sleep 1', fifo], { stdio: 'ignore' });
after(() => rescuer.kill('SIGKILL'));

/** Well under a second: refusing takes a system call or two. */
const QUICK_MILLISECONDS = 500;

function refusedAtOnce(open: () => unknown): NotARegularFileError {
  const started = performance.now();
  try {
    open();
  } catch (error) {
    assert.ok(performance.now() - started < QUICK_MILLISECONDS, 'refused, but not at once');
    assert.ok(error instanceof NotARegularFileError, `expected NotARegularFileError, got ${error}`);
    assert.equal(error.code, 'NOT_A_REGULAR_FILE');
    return error;
  }
  assert.fail('opened');
}

test('a FIFO, a character device and a folder are refused at once by the reader, saying what they are', () => {
  assert.equal(refusedAtOnce(() => openCaptureFile(fifo)).kind, 'named pipe (FIFO)');
  assert.equal(refusedAtOnce(() => openCaptureFile('/dev/null')).kind, 'character device');
  assert.equal(refusedAtOnce(() => openCaptureFile('/dev/zero')).kind, 'character device');
  assert.equal(refusedAtOnce(() => openCaptureFile(dir)).kind, 'folder');
  assert.equal(refusedAtOnce(() => new CaptureFileRandomAccess(fifo, [])).kind, 'named pipe (FIFO)');
});

test('a Unix socket is refused, saying it is a socket', async () => {
  const socket = join(dir, 'socket.pcap');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  try {
    assert.equal(refusedAtOnce(() => openCaptureFile(socket)).kind, 'socket');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('the service refuses a FIFO at once, with a code a client can tell apart, and goes on serving', async () => {
  // The FIFO as the desktop app's Open dialog would hand it over.
  const service = new LayerscopeService({ dialogs: { open: async () => fifo, save: async () => null } });
  try {
    assert.deepEqual(await service.handle('dialog.open', {}), { path: fifo });
    const started = performance.now();
    const reply = await service.reply('file.open', { path: fifo });
    assert.ok(performance.now() - started < QUICK_MILLISECONDS);
    assert.ok('error' in reply);
    assert.equal(reply.error.code, 'NOT_A_REGULAR_FILE');
    await assert.rejects(service.request('file.open', { path: '/dev/zero' }), (error: unknown) => error instanceof NotARegularFileError && error.kind === 'character device');
    assert.ok('result' in (await service.reply('session.status', {})));
  } finally {
    await service.close();
  }
});

test('layerscope list and dissect refuse a FIFO and /dev/zero with exit code 1 instead of waiting', () => {
  for (const [command, path] of [['list', fifo], ['dissect', fifo], ['list', '/dev/zero']]) {
    // A process that blocked would be killed by the timeout and have no exit code.
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, command, path], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.signal, null, `${command} ${path} was still running after 20 s`);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
  }
});
