// Browser mode never lets the page name a path on the server: no native dialog exists there to
// grant one, so `file.open` and `capture.save` from the page are refused before anything touches
// the disk. The page opens files by upload and saves them by download instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.js';
import { API_PATH } from '../../electron/service/contract.js';
import { BrowserModeClient as Client } from './browser-mode-client.js';

const SAMPLE = resolve('resources', 'sample.pcapng');

let server: BrowserServer;
let client: Client;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-paths-'));
  server = await startBrowserServer({ file: SAMPLE });
  client = await Client.connect(`ws://127.0.0.1:${server.port}${API_PATH}?token=${server.token}`, { origin: server.origin });
});

after(async () => {
  client.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The message of the refusal `request` gets, with the path it named replaced by PATH. */
async function refusal(request: string, params: { path: string; format?: string }): Promise<string> {
  const message = await client.request(request, params).then(
    () => assert.fail(`${request} of ${params.path} was accepted`),
    (err: Error) => err.message,
  );
  return message.replace(JSON.stringify(params.path), 'PATH');
}

test('the page cannot open a file on the server by naming it, nor learn whether it exists', async () => {
  // One answer for every path: an existing file, a missing one, even the file the server opened.
  const message = await refusal('file.open', { path: '/etc/passwd' });
  assert.match(message, /file\.open: in the browser the page may not name a file on the server \(PATH\)\. Use Open… or drop the file/);
  assert.doesNotMatch(message, /root:/);
  assert.equal(await refusal('file.open', { path: '/etc/no-such-file' }), message);
  assert.equal(await refusal('file.open', { path: SAMPLE }), message);
  // Refused before the disk is touched: opening a FIFO would block the server until a writer came.
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  assert.equal(await refusal('file.open', { path: fifo }), message);
  const status = await client.request('session.status', {});
  assert.equal(status.name, 'sample.pcapng', 'the open capture is untouched');
});

test('the page cannot save to a path on the server: nothing is created or overwritten', async () => {
  const fresh = join(dir, 'new.pcapng');
  const planted = join(dir, 'authorized_keys');
  writeFileSync(planted, 'ssh-ed25519 AAAA the user\'s own key\n');
  for (const [path, format] of [[fresh, 'pcapng'], [planted, 'pcap']]) {
    assert.match(await refusal('capture.save', { path, format }), /capture\.save: in the browser the page may not name a file on the server \(PATH\)\. Use Save to download/);
  }
  assert.equal(existsSync(fresh), false, 'no file was created');
  assert.equal(readFileSync(planted, 'utf8'), 'ssh-ed25519 AAAA the user\'s own key\n', 'the existing file is unchanged');
  await assert.rejects(client.request('dialog.save', { format: 'pcapng' }), /native dialogs exist only in the desktop app/);
});
