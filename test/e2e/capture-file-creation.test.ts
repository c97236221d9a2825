// The capture helper run as root for another user (as pkexec runs it: PKEXEC_UID names the user)
// creates its capture file only as a new, private file in that user's own folder, and never through
// a link: a process of the same user cannot turn the password prompt into a root file overwrite.
// The tests run as root, so every planted link and folder below is a real attack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync,
  rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELPER_EXIT, MSG_READY } from '../../electron/capture/helper-messages.js';
import { CaptureFileRefused, CaptureFileTarget, type CaptureFileRefusal } from '../../electron/capture/capture-file-creation.js';
import { captureRequest, runHelper, type HelperRun } from './capture-helper-process.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'needs root: the helper runs as root for another user';
/** The user the helper captures for (nobody), and another one. */
const USER = 65534;
const OTHER_USER = 65533;
const base = mkdtempSync(join(tmpdir(), 'layerscope-file-creation-'));
process.on('exit', () => rmSync(base, { recursive: true, force: true }));
const port = 47500 + Math.floor(Math.random() * 500);
let folders = 0;

/** A folder as the app makes it for its user: theirs, mode 0700 (or as `mode` and `owner` say). */
function folder(mode = 0o700, owner = USER): string {
  const path = join(base, `folder-${++folders}`);
  mkdirSync(path);
  chmodSync(path, mode);
  chownSync(path, owner, owner);
  return path;
}

/** A file of the test's own (root's) that an attacker would like overwritten. */
function victim(): { path: string; before: { text: string; mtimeMs: number } } {
  const path = join(base, `victim-${++folders}`);
  writeFileSync(path, 'root:precious\n');
  return { path, before: { text: 'root:precious\n', mtimeMs: statSync(path).mtimeMs } };
}

function assertUntouched(file: ReturnType<typeof victim>): void {
  assert.equal(readFileSync(file.path, 'utf8'), file.before.text, 'the link target keeps its contents');
  assert.equal(statSync(file.path).mtimeMs, file.before.mtimeMs, 'the link target was not written');
}

const asUser = { ...process.env, PKEXEC_UID: String(USER) };
const capture = (filePath: string) => runHelper([JSON.stringify(captureRequest(filePath, port))], { env: asUser });

function assertRefused(run: HelperRun, reason: CaptureFileRefusal): void {
  assert.equal(run.code, HELPER_EXIT.fileRefused, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.error?.kind, 'file');
  assert.equal(run.error?.reason, reason);
  assert.ok(!run.frames.some((f) => f.type === MSG_READY), 'nothing was captured');
}

test('the capture file is created new, mode 0600, and handed to the user the helper works for', { skip, timeout: 20_000 }, async () => {
  const path = join(folder(), 'capture.pcapng');
  const run = await capture(path);
  assert.equal(run.code, HELPER_EXIT.done, run.stderr);
  const stats = statSync(path);
  assert.equal(stats.uid, USER, 'the user owns the file, so the app (running as the user) can read it');
  assert.equal(stats.mode & 0o777, 0o600);
  assert.equal(readFileSync(path).readUInt32LE(0), 0x0a0d0d0a, 'a pcapng file');
});

test('a symbolic link planted at the capture path is refused and its target left as it was', { skip, timeout: 20_000 }, async () => {
  const dir = folder();
  const target = victim();
  symlinkSync(target.path, join(dir, 'capture.pcapng'));
  assertRefused(await capture(join(dir, 'capture.pcapng')), 'file-is-link');
  assertUntouched(target);
  assert.equal(readlinkSync(join(dir, 'capture.pcapng')), target.path);
});

test('a dangling link is refused too, and nothing is created where it points', { skip, timeout: 20_000 }, async () => {
  const dir = folder();
  const pointsAt = join(base, 'created-by-root');
  symlinkSync(pointsAt, join(dir, 'capture.pcapng'));
  assertRefused(await capture(join(dir, 'capture.pcapng')), 'file-is-link');
  assert.equal(existsSync(pointsAt), false);
});

test('an existing file is never overwritten', { skip, timeout: 20_000 }, async () => {
  const dir = folder();
  writeFileSync(join(dir, 'capture.pcapng'), 'earlier capture');
  assertRefused(await capture(join(dir, 'capture.pcapng')), 'file-exists');
  assert.equal(readFileSync(join(dir, 'capture.pcapng'), 'utf8'), 'earlier capture');
});

test('a folder that is a symbolic link is refused, even to a folder of the user', { skip, timeout: 20_000 }, async () => {
  const real = folder();
  const link = join(base, `link-${++folders}`);
  symlinkSync(real, link);
  assertRefused(await capture(join(link, 'capture.pcapng')), 'directory-is-link');
  assert.deepEqual(readdirSync(real), []);
});

test('a folder others may write to is refused: group-writable or world-writable without the sticky bit', { skip, timeout: 30_000 }, async () => {
  for (const mode of [0o770, 0o703, 0o777]) {
    const dir = folder(mode);
    assertRefused(await capture(join(dir, 'capture.pcapng')), 'directory-shared');
    assert.deepEqual(readdirSync(dir), [], `mode ${mode.toString(8)}: nothing created`);
  }
});

test('a folder of another user, root included, is refused', { skip, timeout: 30_000 }, async () => {
  for (const owner of [OTHER_USER, 0]) {
    const dir = folder(0o700, owner);
    assertRefused(await capture(join(dir, 'capture.pcapng')), 'directory-not-owned');
    assert.deepEqual(readdirSync(dir), []);
  }
});

test('a folder that does not exist is refused', { skip, timeout: 20_000 }, async () => {
  assertRefused(await capture(join(base, 'no-such-folder', 'capture.pcapng')), 'directory-missing');
});

/** The checks in-process, to act between the check and the creation (the helper opens the device meanwhile). */
function asRootFor<T>(uid: number, work: () => T): T {
  const saved = process.env.PKEXEC_UID;
  process.env.PKEXEC_UID = String(uid);
  try {
    return work();
  } finally {
    if (saved === undefined) delete process.env.PKEXEC_UID;
    else process.env.PKEXEC_UID = saved;
  }
}

test('a link planted after the folder was checked is still refused when the file is created', { skip }, () => {
  const dir = folder();
  const target = victim();
  const checked = asRootFor(USER, () => CaptureFileTarget.open(join(dir, 'capture.pcapng')));
  try {
    symlinkSync(target.path, join(dir, 'capture.pcapng'));
    assert.throws(() => asRootFor(USER, () => checked.create()), (err) => err instanceof CaptureFileRefused && err.reason === 'file-is-link');
    assertUntouched(target);
  } finally {
    checked.close();
  }
});

test('a folder swapped for a link after the check does not redirect the file: it lands in the folder checked', { skip }, () => {
  const dir = folder();
  const elsewhere = folder(0o755, 0); // e.g. a folder of root's
  const checked = asRootFor(USER, () => CaptureFileTarget.open(join(dir, 'capture.pcapng')));
  try {
    renameSync(dir, `${dir}-moved`);
    symlinkSync(elsewhere, dir);
    asRootFor(USER, () => checked.create());
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing in the folder the link points at');
    assert.equal(lstatSync(join(`${dir}-moved`, 'capture.pcapng')).uid, USER);
  } finally {
    checked.close();
  }
});

test('root capturing for itself (sudo layerscope capture) may write into a user\'s own folder or a sticky one like /tmp, not into a shared one', { skip, timeout: 20_000 }, async () => {
  const env = { ...process.env };
  delete env.PKEXEC_UID;
  const path = join(folder(0o755), 'capture.pcapng');
  const run = await runHelper([JSON.stringify(captureRequest(path, port))], { env });
  assert.equal(run.code, HELPER_EXIT.done, run.stderr);
  assert.equal(statSync(path).uid, 0);
  const likeTmp = join(folder(0o1777, 0), 'capture.pcapng');
  assert.equal((await runHelper([JSON.stringify(captureRequest(likeTmp, port))], { env })).code, HELPER_EXIT.done);
  assert.equal(statSync(likeTmp).mode & 0o777, 0o600);
  const shared = folder(0o777, 0);
  assertRefused(await runHelper([JSON.stringify(captureRequest(join(shared, 'capture.pcapng'), port))], { env }), 'directory-shared');
});
