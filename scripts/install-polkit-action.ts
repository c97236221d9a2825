// `sudo env "PATH=$PATH" npm run install-polkit-action [-- --remove]`: in a source checkout, installs
// (or removes) the polkit action and the capture launcher that the deb package installs, so that
// capturing through pkexec asks "Authentication is needed for Layerscope to capture network
// packets" instead of naming node. The launcher is set to start this checkout's built helper with
// the Node.js that runs this script. Without them, pkexec still works but names the runtime.

import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CAPTURE_LAUNCHER_PATH, POLKIT_POLICY_PATH, launcherScript } from '../electron/capture/capture-launcher.js';
import { findAppRoot } from '../electron/service/app-paths.js';

function main(): number {
  const root = findAppRoot();
  if (!root) throw new Error('Run this from the Layerscope checkout');
  if (process.getuid?.() !== 0) {
    process.stderr.write('install-polkit-action writes to /usr/libexec and /usr/share/polkit-1: run it as root, e.g. sudo env "PATH=$PATH" npm run install-polkit-action\n');
    return 1;
  }
  if (process.argv.includes('--remove')) {
    rmSync(POLKIT_POLICY_PATH, { force: true });
    rmSync(CAPTURE_LAUNCHER_PATH, { force: true });
    process.stdout.write(`Removed ${POLKIT_POLICY_PATH} and ${CAPTURE_LAUNCHER_PATH}\n`);
    return 0;
  }
  const helper = join(root, 'dist', 'capture', 'capture-helper.cjs');
  if (!existsSync(helper)) {
    process.stderr.write(`${helper} is missing: run npm run build first\n`);
    return 1;
  }
  const template = readFileSync(join(root, 'resources', 'polkit', 'capture-helper-launcher'), 'utf8');
  mkdirSync(dirname(CAPTURE_LAUNCHER_PATH), { recursive: true, mode: 0o755 });
  writeFileSync(CAPTURE_LAUNCHER_PATH, launcherScript(template, realpathSync(process.execPath), helper), { mode: 0o755 });
  chmodSync(CAPTURE_LAUNCHER_PATH, 0o755); // whatever the umask or an earlier copy had
  mkdirSync(dirname(POLKIT_POLICY_PATH), { recursive: true, mode: 0o755 });
  copyFileSync(join(root, 'resources', 'polkit', 'org.layerscope.capture.policy'), POLKIT_POLICY_PATH);
  chmodSync(POLKIT_POLICY_PATH, 0o644);
  process.stdout.write(`Installed ${POLKIT_POLICY_PATH} and ${CAPTURE_LAUNCHER_PATH} (starting ${helper})\n`);
  return 0;
}

process.exitCode = main();
