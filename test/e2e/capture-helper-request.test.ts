// The capture helper checks every argument before it opens anything: it may run as root for a user
// who may not capture, started by pkexec with whatever request the user's processes give it. Each
// bad request is refused with kind 'request', the key at fault and its own exit code; nothing is
// captured and no file is created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELPER_EXIT, MSG_READY } from '../../electron/capture/helper-messages.js';
import { captureRequest, runHelper, type HelperRun } from './capture-helper-process.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'the helper captures on lo only as root (CI runs as root)';
const dir = mkdtempSync(join(tmpdir(), 'layerscope-request-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const port = 47000 + Math.floor(Math.random() * 500);
const target = join(dir, 'capture.pcapng');
const request = (changes: Record<string, unknown> = {}) => captureRequest(target, port, changes);
const json = (value: unknown) => [JSON.stringify(value)];

/** Runs `cases` a few at a time (each is a Node process). */
async function runAll<T>(cases: T[], run: (c: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < cases.length; i += 5) await Promise.all(cases.slice(i, i + 5).map(run));
}

function assertRefused(run: HelperRun, field: string, what: string): void {
  assert.equal(run.code, HELPER_EXIT.badRequest, `${what}: exit code (stderr: ${run.stderr})`);
  assert.equal(run.error?.kind, 'request', `${what}: kind`);
  assert.equal(run.error?.field, field, `${what}: the key at fault`);
  assert.ok(!run.frames.some((f) => f.type === MSG_READY), `${what}: nothing was opened`);
  assert.deepEqual(readdirSync(dir), [], `${what}: no file was created`);
}

test('a valid request captures into its file: the refusals below are the request\'s fault alone', { skip, timeout: 20_000 }, async () => {
  const run = await runHelper(json(request()));
  assert.equal(run.code, HELPER_EXIT.done, run.stderr);
  assert.ok(run.ready);
  assert.ok(existsSync(target));
  rmSync(target);
});

test('the helper refuses malformed arguments as a whole', { skip, timeout: 30_000 }, async () => {
  const cases: [string, string[]][] = [
    ['no argument', []],
    ['two arguments', [...json(request()), '--inspect']],
    ['not JSON', ['{"mode":']],
    ['a JSON array', json([request()])],
    ['JSON null', ['null']],
    ['over 64 KiB of JSON', json(request({ filter: `udp port ${port}${' '.repeat(70_000)}` }))],
  ];
  await runAll(cases, async ([what, args]) => assertRefused(await runHelper(args), 'request', what));
});

test('the helper refuses unknown, missing and ill-typed keys, naming the key', { skip, timeout: 60_000 }, async () => {
  const without = (key: string) => { const r = request(); delete r[key]; return r; };
  const cases: [string, string, Record<string, unknown>][] = [
    ['an unknown key', 'execute', request({ execute: '/bin/sh' })],
    ['a missing interface', 'interface', without('interface')],
    ['a missing file path', 'filePath', without('filePath')],
    ['an unknown mode', 'mode', request({ mode: 'shell' })],
    ['an unknown source', 'source', request({ source: 'tcpdump' })],
    ['an unknown file format', 'fileFormat', request({ fileFormat: 'exe' })],
    ['promiscuous as text', 'promiscuous', request({ promiscuous: 'yes' })],
    ['an empty interface', 'interface', request({ interface: '' })],
    ['an interface with a path separator', 'interface', request({ interface: '../lo' })],
    ['an interface with a control character', 'interface', request({ interface: 'lo\u0007' })],
    ['an interface with white space', 'interface', request({ interface: 'lo 1' })],
    ['an interface name of 65 bytes', 'interface', request({ interface: 'e'.repeat(65) })],
    ['an interface that is not text', 'interface', request({ interface: ['lo'] })],
    ['a filter with NUL', 'filter', request({ filter: `udp port ${port}\u0000 or tcp` })],
    ['a filter over 16 KiB', 'filter', request({ filter: `udp port ${port}${' or udp'.repeat(3000)}` })],
    ['a fractional snap length', 'snapLength', request({ snapLength: 1.5 })],
    ['a negative snap length', 'snapLength', request({ snapLength: -1 })],
    ['a snap length over 262144', 'snapLength', request({ snapLength: 262_145 })],
    ['a buffer size as text', 'bufferSize', request({ bufferSize: '1048576' })],
    ['a buffer size of 4 GiB', 'bufferSize', request({ bufferSize: 2 ** 32 })],
    ['a count of 0', 'count', request({ count: 0 })],
    ['a count of null', 'count', request({ count: null })],
    ['a duration longer than a timer can wait', 'durationSeconds', request({ durationSeconds: 3_000_000 })],
    ['a negative duration', 'durationSeconds', request({ durationSeconds: -1 })],
    ['a batch interval of 0', 'batchInterval', request({ batchInterval: 0 })],
    ['a negative backlog', 'backlogBytes', request({ backlogBytes: -5 })],
    ['a relative file path', 'filePath', request({ filePath: 'capture.pcapng' })],
    ['a file path with ..', 'filePath', request({ filePath: `${dir}/../x.pcapng` })],
    ['a file path naming a folder', 'filePath', request({ filePath: `${dir}/` })],
    ['a file path with a line break', 'filePath', request({ filePath: join(dir, 'a\nb.pcapng') })],
    ['a probe that names a file', 'filePath', request({ mode: 'probe' })],
  ];
  await runAll(cases, async ([what, field, bad]) => assertRefused(await runHelper(json(bad)), field, what));
});

test('an interface that does not exist is libpcap\'s clean refusal, with no file created', { skip, timeout: 20_000 }, async () => {
  const run = await runHelper(json(request({ interface: 'nosuch0' })));
  assert.equal(run.code, HELPER_EXIT.failed, run.stderr);
  assert.equal(run.error?.kind, 'device');
  assert.ok(!run.ready);
  assert.deepEqual(readdirSync(dir), []);
});
