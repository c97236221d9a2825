// Runs after `npm install`: fetches the Electron runtime (the desktop window) the way Electron's own
// install script does, but a failed download does not fail the install. Where the runtime cannot be
// downloaded (no network, a proxy, a closed build machine), everything else still installs and
// `npm start` opens the same app in the browser instead. Electron's own script is therefore denied
// in package.json's allowScripts and run from here.
'use strict';
const { spawnSync } = require('node:child_process');
const { dirname, join } = require('node:path');

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);

let installer;
try {
  installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  // Electron is a dev dependency: a production install has none, and needs none.
  process.exit(0);
}

const run = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'], timeout: 15 * 60 * 1000 });
if (run.status === 0) process.exit(0);

const stderr = String(run.stderr ?? '');
const reason = run.error ? run.error.message : stderr.split('\n').find((line) => line.trim()) ?? `exit code ${run.status}`;
console.log(
  `\nLayerscope: the Electron runtime could not be downloaded (${reason.trim()}).\n` +
    'Everything else is installed: `npm start` opens Layerscope in your browser instead.\n' +
    'For the desktop window, fetch the runtime later with: node node_modules/electron/install.js\n',
);
