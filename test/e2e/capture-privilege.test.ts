// Capture without privilege: the helper is run as the unprivileged user `nobody` (setpriv), the
// way a student's account runs it. The result must be an explanation with the exact commands that
// fix it on this system, never a crash; and never a suggestion to put capabilities on Electron.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveCapture, CaptureError } from '../../electron/capture/live-capture.js';
import { capturePermission, checkCapturePermission } from '../../electron/capture/capture-permission.js';

const isRoot = process.getuid?.() === 0;
const canDropPrivilege = isRoot && existsSync('/usr/bin/setpriv');
const skip = canDropPrivilege ? false : 'needs root and setpriv to run the helper as an unprivileged user';
const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const nodeBinary = realpathSync(process.execPath);

test('a capture by an unprivileged user is refused with the reason and the exact fix commands', { skip, timeout: 20_000 }, async () => {
  // The folder is the unprivileged user's own, as the app's temporary folder would be.
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-priv-'));
  chownSync(dir, 65534, 65534);
  try {
    await assert.rejects(
      LiveCapture.start({ interface: 'lo', filter: 'tcp' }, { filePath: join(dir, 'x.pcapng'), wrapper: asNobody }),
      (err: unknown) => {
        assert.ok(err instanceof CaptureError, `a CaptureError, not a crash: ${err}`);
        assert.equal(err.kind, 'permission');
        assert.match(err.message, /may not capture on "lo" \(.*Operation not permitted\)/);
        assert.ok(err.fixCommands.includes(`sudo setcap cap_net_raw,cap_net_admin=eip ${nodeBinary}`), err.fixCommands.join('\n'));
        if (existsSync('/usr/bin/dpkg')) assert.ok(err.fixCommands.includes('sudo dpkg-reconfigure wireshark-common'));
        assert.ok(err.fixCommands.some((c) => /^sudo usermod -aG wireshark \S+$/.test(c)));
        assert.ok(!err.fixCommands.some((c) => /electron/i.test(c)), 'never capabilities on the Electron binary');
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the permission check tells an unprivileged user why capture is impossible and that files still open', { skip, timeout: 30_000 }, () => {
  const permission = capturePermission({ wrapper: asNobody });
  assert.equal(permission.canCapture, false);
  assert.equal(permission.backend, 'none');
  assert.match(permission.explanation ?? '', /may not capture packets \(.*not permitted\)/);
  assert.match(permission.explanation ?? '', /Opening capture files works/);
  assert.ok(permission.fixCommands?.includes(`sudo setcap cap_net_raw,cap_net_admin=eip ${nodeBinary}`));
});

test('the non-blocking permission check gives the same answer as the blocking one', { skip, timeout: 30_000 }, async () => {
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 20);
  const permission = await checkCapturePermission({ wrapper: asNobody });
  clearInterval(ticker);
  assert.deepEqual(permission, capturePermission({ wrapper: asNobody }));
  assert.ok(ticks > 3, 'the event loop kept running while the helper probed');
  assert.deepEqual(await checkCapturePermission(), { canCapture: true, backend: 'cap' });
});

test('root may capture with the cap helper itself, no elevation and no dumpcap needed', { skip: isRoot ? false : 'needs root', timeout: 30_000 }, () => {
  assert.deepEqual(capturePermission(), { canCapture: true, backend: 'cap' });
});
