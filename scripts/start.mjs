// `npm start [-- FILE]`: the desktop app when the Electron runtime is installed; otherwise says so
// and falls back to browser mode (the same UI and service on 127.0.0.1), opening the browser
// when there is a display.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);
// npm runs scripts in the package folder; INIT_CWD is where the user typed `npm start`.
const fileArg = args.find((a) => !a.startsWith('-'));
const file = fileArg && resolve(process.env.INIT_CWD ?? process.cwd(), fileArg);
const forceBrowser = args.includes('--browser') || process.env.LAYERSCOPE_BROWSER === '1';

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function ensureBuilt(needElectron) {
  const needed = [join(root, 'dist', 'renderer', 'index.html')];
  if (needElectron) needed.push(join(root, 'dist', 'electron', 'main.cjs'), join(root, 'dist', 'electron', 'preload.cjs'));
  if (needed.every((p) => existsSync(p))) return true;
  if (!existsSync(join(root, 'scripts', 'build.mjs'))) return false;
  console.log('Building Layerscope first (npm run build)...');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  return build.status === 0;
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function openInBrowser(url) {
  const hasDisplay = process.platform === 'darwin' || process.platform === 'win32' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!hasDisplay) return;
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(opener, [url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    // No opener: the printed URL is enough.
  }
}

function startBrowserMode() {
  if (!ensureBuilt(false)) console.log('The UI could not be built; the server still starts and says so on its page.');
  const built = join(root, 'dist', 'cli', 'layerscope.cjs');
  const cli = existsSync(built) ? built : undefined;
  const serveArgs = ['serve', ...(file ? [file] : [])];
  const [command, commandArgs] = cli
    ? [process.execPath, [cli, ...serveArgs]]
    : [process.execPath, ['--import', 'tsx', join(root, 'electron', 'cli', 'layerscope-cli.ts'), ...serveArgs]];
  const child = spawn(command, commandArgs, { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = !opened && chunk.toString().match(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
    if (url) {
      opened = true;
      openInBrowser(url[0]);
    }
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

const electron = forceBrowser ? undefined : electronBinary();
if (electron) {
  if (!ensureBuilt(true)) process.exit(1);
  run(electron, ['.', ...(file ? [file] : [])]);
} else {
  if (!forceBrowser) {
    console.log(
      'The Electron runtime is not installed (its binary was not downloaded, e.g. ELECTRON_SKIP_BINARY_DOWNLOAD=1),\n' +
        'so Layerscope starts in browser mode instead: the same app, served on 127.0.0.1.\n' +
        'For the desktop app, install the runtime: node node_modules/electron/install.js\n',
    );
  }
  startBrowserMode();
}
