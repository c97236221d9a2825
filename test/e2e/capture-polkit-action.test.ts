// The elevation prompt names Layerscope: pkexec runs a launcher at a fixed path, which a polkit
// action names (exec.path), and the launcher starts only Layerscope's helper. Tested here: the
// package installs both where the code looks; the launcher, run as root, starts the helper with a
// clean environment and refuses anything but one request; and, with polkit's own tools in a mount
// namespace and a private system bus (nothing of this machine's changes), polkit reads the action
// and pkexec runs the helper through it, showing Layerscope's message when it asks for a password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import {
  CAPTURE_LAUNCHER_PATH, POLKIT_ACTION_ID, POLKIT_POLICY_PATH, installedLauncher, launcherScript, launcherTargets,
} from '../../electron/capture/capture-launcher.js';
import { elevatedHelperCommand } from '../../electron/capture/helper-command.js';
import { FrameReader, HELPER_EXIT, MSG_READY, type HelperRequest } from '../../electron/capture/helper-messages.js';
import { captureRequest, runHelper } from './capture-helper-process.js';

const root = resolve(import.meta.dirname, '..', '..');
const policySource = join(root, 'resources', 'polkit', 'org.layerscope.capture.policy');
const launcherSource = join(root, 'resources', 'polkit', 'capture-helper-launcher');
const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'needs root: the launcher runs only as root';
const LAUNCHER_EXIT = { usage: 64, missing: 69, notRoot: 77 };
const probe: HelperRequest = {
  mode: 'probe', source: 'cap', interface: 'lo', filter: '', snapLength: 65535, promiscuous: false,
  bufferSize: 1 << 20, filePath: '', fileFormat: 'pcapng', batchInterval: 75,
};
const work = mkdtempSync(join(tmpdir(), 'layerscope-polkit-'));
chmodSync(work, 0o755); // a user who is not root must reach the launcher, to be refused by it
// The helper bundle must sit in the checkout, where `cap` resolves; dist/ is not committed.
const bundleDir = mkdtempSync(join(root, 'dist', 'polkit-test-'));
process.on('exit', () => {
  rmSync(work, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

/** This checkout's helper, bundled as `npm run build` does, and a launcher set to start it with this Node. */
async function checkoutLauncher(): Promise<string> {
  const helper = join(bundleDir, 'capture-helper.cjs');
  if (!existsSync(helper)) {
    await build({
      entryPoints: [join(root, 'electron', 'capture', 'capture-helper.ts')], outfile: helper, bundle: true, platform: 'node',
      format: 'cjs', target: 'node20', external: ['cap'], logLevel: 'error', logOverride: { 'empty-import-meta': 'silent' },
    });
  }
  const launcher = join(work, 'capture-helper-launcher');
  writeFileSync(launcher, launcherScript(readFileSync(launcherSource, 'utf8'), realpathSync(process.execPath), helper), { mode: 0o755 });
  return launcher;
}

test('the deb package installs the policy and the launcher where pkexec and the code look for them', async () => {
  const require = createRequire(import.meta.url);
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util');
  const config = await getConfig(root, null, null);
  await validateConfiguration(config, new DebugLogger(false)); // electron-builder's own schema
  const mappings = new Map((config.deb.fpm as string[]).map((m) => m.split('=') as [string, string]).map(([from, to]) => [to, from]));
  assert.equal(resolve(root, mappings.get(POLKIT_POLICY_PATH)!), policySource);
  assert.equal(resolve(root, mappings.get(CAPTURE_LAUNCHER_PATH)!), launcherSource);
  assert.ok(statSync(launcherSource).mode & 0o111, 'the launcher is executable in the package too');
  // The shipped launcher starts the packaged app's runtime and its unpacked helper.
  const installDir = `/opt/${config.productName}`;
  assert.deepEqual(launcherTargets(readFileSync(launcherSource, 'utf8')), {
    runtime: `${installDir}/${config.linux.executableName}`,
    helper: `${installDir}/resources/app.asar.unpacked/dist/capture/capture-helper.cjs`,
  });
  assert.ok((config.asarUnpack as string[]).includes('dist/capture/**'), 'the helper is outside the asar archive');
  assert.match(readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8'), /outfile: 'dist\/capture\/capture-helper\.cjs'/);
});

test('LiveCapture elevates through the launcher when one only root can change is installed', { skip }, () => {
  const launcher = join(work, 'installed-launcher');
  writeFileSync(launcher, '#!/bin/sh\n', { mode: 0o755 });
  assert.deepEqual(elevatedHelperCommand('/usr/bin/pkexec', installedLauncher(launcher)).args, [launcher], 'pkexec runs the launcher');
  assert.equal(elevatedHelperCommand('/usr/bin/pkexec', undefined).args.includes(launcher), false);
  chmodSync(launcher, 0o775);
  assert.equal(installedLauncher(launcher), undefined, 'a launcher others may rewrite is not used');
  chmodSync(launcher, 0o755);
  chownSync(launcher, 65534, 65534);
  assert.equal(installedLauncher(launcher), undefined, 'nor one that is not root\'s');
});

test('the launcher, run as root, starts the helper with a clean environment and passes on only the request', { skip, timeout: 30_000 }, async () => {
  const launcher = await checkoutLauncher();
  const marker = join(work, 'node-options-ran');
  writeFileSync(join(work, 'inject.cjs'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`);
  const env = { ...process.env, NODE_OPTIONS: `--require ${join(work, 'inject.cjs')}` };
  const run = await runHelper([JSON.stringify(probe)], { program: [launcher], env });
  assert.equal(run.code, HELPER_EXIT.done, run.stderr);
  assert.ok(run.ready, 'the helper opened lo');
  assert.equal(existsSync(marker), false, 'the caller\'s NODE_OPTIONS did not reach the root helper');

  const refused = await runHelper([JSON.stringify({ ...probe, execute: '/bin/sh' })], { program: [launcher] });
  assert.equal(refused.code, HELPER_EXIT.badRequest, 'the helper itself checks the request');
  assert.equal(refused.error?.kind, 'request');
});

test('the launcher hands the capture to the user pkexec names (PKEXEC_UID)', { skip, timeout: 30_000 }, async () => {
  const launcher = await checkoutLauncher();
  const dir = join(work, 'users-folder');
  mkdirSync(dir, { mode: 0o700 });
  chownSync(dir, 65534, 65534);
  const file = join(dir, 'capture.pcapng');
  const run = await runHelper([JSON.stringify(captureRequest(file, 48100))], { program: [launcher], env: { ...process.env, PKEXEC_UID: '65534' } });
  assert.equal(run.code, HELPER_EXIT.done, run.stderr);
  assert.equal(statSync(file).uid, 65534);
});

test('the launcher refuses wrong arguments, a bad PKEXEC_UID and non-root callers, starting nothing', { skip, timeout: 30_000 }, async () => {
  const launcher = await checkoutLauncher();
  const request = JSON.stringify(probe);
  const cases: [string, string[], NodeJS.ProcessEnv | undefined, string[], number][] = [
    ['no argument', [], undefined, [launcher], LAUNCHER_EXIT.usage],
    ['two arguments', [request, '--inspect=0.0.0.0'], undefined, [launcher], LAUNCHER_EXIT.usage],
    ['a request of 70,000 characters', [' '.repeat(70_000)], undefined, [launcher], LAUNCHER_EXIT.usage],
    ['PKEXEC_UID that is not a number', [request], { ...process.env, PKEXEC_UID: '0 NODE_OPTIONS=x' }, [launcher], LAUNCHER_EXIT.usage],
    ['a caller that is not root', [request], undefined, ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', launcher], LAUNCHER_EXIT.notRoot],
  ];
  for (const [what, args, env, program, code] of cases) {
    const run = await runHelper(args, { program, env });
    assert.equal(run.code, code, `${what}: ${run.stderr}`);
    assert.deepEqual(run.frames, [], `${what}: the helper was not started`);
  }
  const missing = join(work, 'launcher-without-helper');
  writeFileSync(missing, launcherScript(readFileSync(launcherSource, 'utf8'), realpathSync(process.execPath), join(work, 'no-helper.cjs')), { mode: 0o755 });
  assert.equal((await runHelper([request], { program: [missing] })).code, LAUNCHER_EXIT.missing);
});

// polkit in a sandbox: a mount namespace whose /usr/share/polkit-1/actions, /usr/libexec and
// /run/dbus are empty tmpfs, a system bus of its own and polkitd on it.
const tools = ['unshare', 'dbus-daemon', 'pkaction', 'pkexec', 'setpriv', 'script'];
const missingTool = tools.find((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const polkitd = '/usr/lib/polkit-1/polkitd';
const namespaces = isRoot && spawnSync('unshare', ['-m', 'true']).status === 0;
const polkitSkip = !isRoot ? 'needs root'
  : missingTool ? `${missingTool} is not installed (scripts/system-deps.sh installs it)`
    : !existsSync(polkitd) ? `${polkitd} is missing`
      : !namespaces ? 'mount namespaces are not permitted here' : false;

test('polkit reads the installed action, pkexec runs the helper through it, and the prompt names Layerscope', { skip: polkitSkip, timeout: 60_000 }, () => {
  const out = mkdtempSync(join(work, 'sandbox-'));
  writeFileSync(join(out, 'bus.conf'), `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path=/run/dbus/system_bus_socket</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_type="*"/></policy></busconfig>`);
  const nobody = 'setpriv --reuid=65534 --regid=65534 --clear-groups';
  const steps = `
    set -u
    bus= polkit=
    # The bus and polkitd end with this script, however it ends.
    trap 'kill $polkit $bus 2> /dev/null' EXIT
    trap 'exit 143' TERM INT
    mount -t tmpfs tmpfs /usr/share/polkit-1/actions && mount -t tmpfs tmpfs /usr/libexec && mount -t tmpfs tmpfs /run/dbus || exit 90
    cd "$ROOT"
    "$NODE" --import tsx scripts/install-polkit-action.ts > "$OUT/install.txt" 2>&1; echo $? > "$OUT/install.code"
    bus=$(dbus-daemon --config-file="$OUT/bus.conf" --fork --print-pid) || exit 91
    ${polkitd} --no-debug > /dev/null 2>&1 & polkit=$!
    for i in 1 2 3 4 5 6 7 8 9 10; do pkaction --action-id ${POLKIT_ACTION_ID} --verbose > "$OUT/pkaction.txt" 2>&1 && break; sleep 0.3; done
    pkexec ${CAPTURE_LAUNCHER_PATH} "$REQUEST" > "$OUT/pkexec-root.out" 2> "$OUT/pkexec-root.err"; echo $? > "$OUT/pkexec-root.code"
    timeout 2 script -qec '${nobody} pkexec ${CAPTURE_LAUNCHER_PATH} "$REQUEST"' /dev/null < /dev/null > "$OUT/prompt.txt" 2>&1
    "$NODE" --import tsx scripts/install-polkit-action.ts --remove > /dev/null 2>&1
    [ -e ${POLKIT_POLICY_PATH} ] || [ -e ${CAPTURE_LAUNCHER_PATH} ]; echo $? > "$OUT/removed.code"
  `;
  const run = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', steps], {
    env: { ...process.env, ROOT: root, OUT: out, NODE: process.execPath, REQUEST: JSON.stringify(probe) }, encoding: 'utf8', timeout: 50_000,
  });
  assert.equal(run.status, 0, `sandbox: ${run.stderr}`);
  const read = (name: string) => readFileSync(join(out, name), 'utf8');
  assert.equal(read('install.code').trim(), '0', read('install.txt'));

  // polkit's own reading of the policy file: it parsed, with this action id, message and path.
  const action = read('pkaction.txt');
  const fields = new Map([...action.matchAll(/^\s+([\w ]+):\s+(.*)$/gm)].map((m) => [m[1].trim(), m[2].trim()]));
  assert.match(action, new RegExp(`^${POLKIT_ACTION_ID.replace(/\./g, '\\.')}:$`, 'm'), action);
  assert.equal(fields.get('message'), 'Authentication is needed for Layerscope to capture network packets');
  assert.equal(fields.get('vendor'), 'Layerscope');
  for (const kind of ['any', 'inactive', 'active']) assert.equal(fields.get(`implicit ${kind}`), 'auth_admin');
  assert.equal(fields.get('annotation'), `org.freedesktop.policykit.exec.path -> ${CAPTURE_LAUNCHER_PATH}`);

  // pkexec, asked by root, runs the launcher, which runs the helper: it opened lo.
  assert.equal(read('pkexec-root.code').trim(), '0', read('pkexec-root.err'));
  const frames = new FrameReader().push(readFileSync(join(out, 'pkexec-root.out')));
  assert.ok(frames.some((f) => f.type === MSG_READY), 'the helper answered through pkexec');

  // Asked by a user, pkexec prompts for the administrator's password in Layerscope's words.
  const prompt = read('prompt.txt');
  assert.match(prompt, new RegExp(`AUTHENTICATING FOR ${POLKIT_ACTION_ID.replace(/\./g, '\\.')}`));
  assert.match(prompt, /Authentication is needed for Layerscope to capture network packets/);

  assert.equal(read('removed.code').trim(), '1', '--remove took both away');
});
