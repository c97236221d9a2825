// The Electron shell as built (dist/electron/main.cjs and preload.cjs, rebuilt from the current
// source first), run under Node with a stand-in for the `electron` module because the Electron
// binary cannot be installed here. It specifies what the shell promises: only the app's own page
// may ask the service anything, the window is locked down, the UI is served with its CSP and
// nothing outside it, the preload exposes exactly the contract and validates before sending, and
// the page names a path only after a native dialog chose it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type LayerscopeApi, type SessionStatus } from '../../electron/service/contract.js';
import { contentSecurityPolicy } from '../../electron/server/content-security-policy.js';
import { ElectronStandIn, standInEvent, type StandInBrowserWindow } from '../electron-stand-in/electron-stand-in.js';
import { requireWithElectronStandIn } from '../electron-stand-in/require-with-electron-stand-in.js';
import { ensureRendererBuilt } from '../e2e/playwright-browser.js';

const MAIN = resolve('dist', 'electron', 'main.cjs');
const PRELOAD = resolve('dist', 'electron', 'preload.cjs');
const RENDERER = resolve('dist', 'renderer');
const SAMPLE = resolve('resources', 'sample.pcapng');
const APP_PAGE = 'layerscope://app/index.html';

let dir: string;

before(() => {
  // The shell's bundles from the current source (esbuild, well under a second), and the UI.
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'shell'], { stdio: 'inherit' });
  assert.equal(build.status, 0, 'node scripts/build.mjs shell builds the shell bundles');
  ensureRendererBuilt();
  dir = mkdtempSync(join(tmpdir(), 'layerscope-shell-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the sample under another name, so a test can tell which file the shell opened. */
function captureNamed(name: string): string {
  const path = join(dir, name);
  copyFileSync(SAMPLE, path);
  return path;
}

interface LaunchedApp {
  electron: ElectronStandIn;
  window: StandInBrowserWindow;
  /** Asks the service over IPC as a frame showing `senderUrl` would (null: no sender frame). */
  ask(senderUrl: string | null | undefined, name: string, params: unknown): Promise<any>;
  quit(): Promise<void>;
}

/**
 * Starts the shell as `electron . ARGS` would (or the packaged app with ARGS), with `beforeReady`
 * run between loading main and Electron's 'ready'.
 */
async function launch(args: string[], options: { packaged?: boolean; beforeReady?: (electron: ElectronStandIn) => void } = {}): Promise<LaunchedApp> {
  const electron = new ElectronStandIn();
  electron.app.isPackaged = options.packaged ?? false;
  const argv = process.argv;
  process.argv = options.packaged ? ['/opt/Layerscope/layerscope', ...args] : [process.execPath, MAIN, '.', ...args];
  let window: StandInBrowserWindow;
  try {
    requireWithElectronStandIn(MAIN, electron.module);
    options.beforeReady?.(electron);
    electron.emitReady();
    window = await electron.windowCreated;
  } finally {
    process.argv = argv;
  }
  return {
    electron,
    window,
    ask: (senderUrl, name, params) => electron.invokeFrom(senderUrl, IPC_REQUEST_CHANNEL, name, params),
    async quit() {
      electron.app.emit('will-quit', standInEvent());
      // The service closes asynchronously: after that, nothing is open any more.
      for (let i = 0; i < 100; i++) {
        const reply = await electron.invokeFrom(APP_PAGE, IPC_REQUEST_CHANNEL, 'session.status', {});
        if ((reply as { result?: SessionStatus }).result?.source === 'none') return;
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.fail('the service did not close on will-quit');
    },
  };
}

/** Loads the preload into the launched app's page; returns what it exposed as window.layerscope. */
function loadPreload(app: LaunchedApp): LayerscopeApi {
  requireWithElectronStandIn(PRELOAD, app.electron.module);
  return app.electron.exposedInMainWorld.get('layerscope');
}

/** Waits (up to 2 s) until `check()` holds. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

let app: LaunchedApp;
let api: LayerscopeApi;
let commandLineFile: string;

before(async () => {
  commandLineFile = captureNamed('from-command-line.pcapng');
  app = await launch([commandLineFile]);
  api = loadPreload(app);
});

after(async () => {
  await app.quit();
});

test('requests from the app\'s own page are answered by the service, beginning with the command line\'s file', async () => {
  const reply = await app.ask(APP_PAGE, 'session.status', {});
  assert.equal(reply.result.name, 'from-command-line.pcapng');
  assert.equal(reply.result.source, 'file');
  assert.equal((await app.ask('layerscope://app/', 'rows.get', { start: 0, count: 2 })).result.rows.length, 2);
});

test('requests from any other page, or without a sender frame, are refused before the service sees them', async () => {
  const strangers: (string | null | undefined)[] = [
    'https://evil.example/index.html',
    'http://app/index.html',
    'file:///work/dist/renderer/index.html',
    'layerscope://evil/index.html',
    'layerscope://app.evil/index.html',
    'layerscope://app:8080/index.html',
    'not a url',
    '',
    null,
    undefined,
  ];
  for (const sender of strangers) {
    // sample.open would replace the open capture if it got through.
    const reply = await app.ask(sender, 'sample.open', {});
    assert.deepEqual(reply, { error: { message: 'Requests are accepted only from the Layerscope window' } }, `from ${sender}`);
  }
  assert.equal((await app.ask(APP_PAGE, 'session.status', {})).result.name, 'from-command-line.pcapng');
});

test('the window is the locked-down set: sandboxed, isolated, no Node, web security on, the app page loaded', () => {
  const { webPreferences, ...window } = app.window.options;
  assert.deepEqual(webPreferences, {
    preload: PRELOAD,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
  });
  assert.equal(window.title, 'Layerscope');
  assert.equal(app.electron.sandboxEnabled, true, 'app.enableSandbox() sandboxes every renderer');
  // The page learns the system's languages from its address (it speaks the first it has).
  assert.equal(app.window.webContents.url, `${APP_PAGE}?languages=${encodeURIComponent('sv-SE,en-US,sv')}`);
  assert.deepEqual(app.electron.privilegedSchemes, [{ scheme: 'layerscope', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  assert.equal(app.window.shown, false, 'hidden until its first paint');
  app.window.emit('ready-to-show');
  assert.equal(app.window.shown, true);
});

test('navigation and redirects stay inside the app; webviews never attach', () => {
  const contents = app.window.webContents;
  for (const kind of ['will-navigate', 'will-redirect']) {
    for (const url of [APP_PAGE, 'layerscope://app/', 'layerscope://app/index.html#packet-3']) {
      const event = standInEvent(url);
      contents.emit(kind, event, url);
      assert.equal(event.defaultPrevented, false, `${kind} to ${url} is allowed`);
    }
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'layerscope://evil/index.html', 'javascript:alert(1)', 'not a url']) {
      const event = standInEvent(url);
      contents.emit(kind, event, url);
      assert.equal(event.defaultPrevented, true, `${kind} to ${url} is prevented`);
    }
  }
  const attach = standInEvent();
  contents.emit('will-attach-webview', attach, {}, {});
  assert.equal(attach.defaultPrevented, true);
});

test('no new window ever opens; links to the RFC sites open in the user\'s browser, nothing else does', () => {
  const open = app.window.webContents.windowOpenHandler!;
  const rfc = 'https://www.rfc-editor.org/rfc/rfc9293.html#section-3.1';
  for (const url of [rfc, 'http://www.rfc-editor.org/rfc/rfc9293', 'https://evil.example/', 'https://www.rfc-editor.org.evil.example/', 'file:///etc/passwd', APP_PAGE, 'not a url']) {
    assert.deepEqual(open({ url }), { action: 'deny' }, url);
  }
  assert.deepEqual(app.electron.openedExternally, [rfc]);
});

test('every permission a page may ask for is denied', () => {
  const { request, check, device } = app.electron.permissionHandlers;
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fileSystem', 'hid']) {
    let granted: boolean | undefined;
    request!(app.window.webContents, permission, (answer: boolean) => (granted = answer), {});
    assert.equal(granted, false, permission);
    assert.equal(check!(app.window.webContents, permission, 'layerscope://app', {}), false, permission);
  }
  assert.equal(device!({ deviceType: 'usb', origin: 'layerscope://app' }), false);
});

test('the layerscope: protocol serves the built UI with its CSP, and nothing outside it', async () => {
  const serve = app.electron.protocolHandlers.get('layerscope')!;
  const csp = contentSecurityPolicy();
  for (const url of [APP_PAGE, 'layerscope://app/']) {
    const page = await serve(new Request(url));
    assert.equal(page.status, 200, url);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('content-security-policy'), csp);
    assert.match(csp, /default-src 'none'; script-src 'self';/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await page.text(), readFileSync(join(RENDERER, 'index.html'), 'utf8'));
  }
  const script = readdirSync(join(RENDERER, 'assets')).find((f) => f.endsWith('.js'))!;
  const asset = await serve(new Request(`layerscope://app/assets/${script}`));
  assert.equal(asset.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(asset.headers.get('content-security-policy'), csp);

  // package.json, two folders above the UI, exists: the refusals below are not for want of a file.
  assert.ok(existsSync(join(RENDERER, '..', '..', 'package.json')));
  for (const url of [
    'layerscope://app/../../package.json',
    'layerscope://app/..%2f..%2fpackage.json',
    'layerscope://app/%2e%2e/%2e%2e/package.json',
    'layerscope://app/assets/..%2f..%2f..%2fpackage.json',
    'layerscope://app/..%5c..%5cpackage.json',
    'layerscope://app/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'layerscope://app/..%252f..%252fpackage.json',
    'layerscope://app/%00index.html',
    'layerscope://app/assets',
    'layerscope://evil/index.html',
    'layerscope://app.evil/index.html',
  ]) {
    const reply = await serve(new Request(url));
    assert.equal(reply.status, 404, url);
    assert.equal(await reply.text(), 'Not found', url);
  }
});

test('the preload exposes exactly window.layerscope: the contract\'s mode, request and on', () => {
  assert.deepEqual([...app.electron.exposedInMainWorld.keys()], ['layerscope']);
  assert.deepEqual(Object.keys(api).sort(), ['mode', 'on', 'request']);
  assert.equal(api.mode, 'electron');
  assert.equal(typeof api.request, 'function');
  assert.equal(typeof api.on, 'function');
});

test('the preload refuses unknown requests and malformed parameters before anything reaches the main process', async () => {
  const sent = app.electron.invocations.length;
  const request = api.request as (name: string, params: unknown) => Promise<unknown>;
  /** A refusal by the preload's own validation, saying what was wrong. */
  const invalid = (says: RegExp) => (err: Error) => err.name === 'RequestValidationError' && says.test(err.message);
  await assert.rejects(request('files.delete', {}), invalid(/Unknown request "files\.delete"/));
  await assert.rejects(request('rows.get', { start: -1, count: 10 }), invalid(/rows\.get: "start" must be between 0/));
  await assert.rejects(request('file.open', { path: 5 }), invalid(/file\.open: "path" .*must be a string/));
  await assert.rejects(request('session.status', { extra: true }), invalid(/unexpected parameter "extra"/));
  await assert.rejects(request('session.status', [1]), invalid(/session\.status: parameters must be an object/));
  assert.equal(app.electron.invocations.length, sent, 'nothing was sent');

  const status = await api.request('session.status', {});
  assert.equal(status.name, 'from-command-line.pcapng');
  assert.deepEqual(app.electron.invocations.at(-1), { channel: IPC_REQUEST_CHANNEL, args: ['session.status', {}] });
  // The service's refusals come back as errors.
  await assert.rejects(api.request('packet.get', { number: 1_000_000 }), /There is no packet 1000000/);
});

test('the preload passes on only the contract\'s events, and a failing listener harms no other', () => {
  const seen: unknown[] = [];
  const on = api.on as (name: string, listener: unknown) => () => void;
  assert.throws(() => on('debug.dump', () => {}), /Unknown event "debug\.dump"/);
  assert.throws(() => on('packets.added', 'not a function'), /must be a function/);
  const errors: unknown[][] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    const offBroken = api.on('packets.added', () => {
      throw new Error('broken listener');
    });
    const off = api.on('packets.added', (payload) => seen.push(payload));
    app.window.webContents.send(IPC_EVENT_CHANNEL, 'packets.added', { total: 7 });
    app.window.webContents.send(IPC_EVENT_CHANNEL, 'debug.dump', { secret: true });
    app.window.webContents.send(IPC_EVENT_CHANNEL, '__proto__', {});
    off();
    offBroken();
    app.window.webContents.send(IPC_EVENT_CHANNEL, 'packets.added', { total: 8 });
  } finally {
    console.error = consoleError;
  }
  assert.deepEqual(seen, [{ total: 7 }]);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0][0]), /A listener for packets\.added failed/);
});

test('Open… grants the chosen file to the page; a path no dialog chose is refused without looking at it', async () => {
  const chosen = captureNamed('chosen.pcapng');
  const other = captureNamed('not-chosen.pcapng');
  const statuses: SessionStatus[] = [];
  const off = api.on('session.status', (status) => statuses.push(status));
  try {
    await assert.rejects(api.request('file.open', { path: other }), /Use Open… to pick it/);
    await assert.rejects(api.request('file.open', { path: '/etc/passwd' }), /Use Open… to pick it/);

    assert.deepEqual(await api.request('dialog.open', {}), { path: null }, 'a cancelled dialog grants nothing');
    app.electron.openAnswers.push({ canceled: false, filePaths: [] });
    assert.deepEqual(await api.request('dialog.open', {}), { path: null }, 'nor does one that chose nothing');
    app.electron.openAnswers.push({ canceled: false, filePaths: [chosen] });
    assert.deepEqual(await api.request('dialog.open', {}), { path: chosen });
    const shown = app.electron.dialogsShown.at(-1)!;
    assert.equal(shown.kind, 'open');
    assert.equal(shown.parent, app.window, 'the dialog belongs to the window');
    assert.deepEqual(shown.options.properties, ['openFile']);

    const opened = await api.request('file.open', { path: chosen });
    assert.equal(opened.name, 'chosen.pcapng');
    // Service events reach the page through the shell.
    await eventually(() => statuses.some((s) => s.name === 'chosen.pcapng'), 'the session.status event');
    await assert.rejects(api.request('file.open', { path: other }), /Use Open… to pick it/);
    await assert.rejects(api.request('capture.save', { path: chosen, format: 'pcapng' }), /Use Save to pick where/, 'opened is not writable');
  } finally {
    off();
  }
});

test('Save writes only where the Save dialog chose; the page cannot name another file', async () => {
  const target = join(dir, 'saved.pcap');
  const elsewhere = join(dir, 'elsewhere.pcap');
  await assert.rejects(api.request('capture.save', { path: elsewhere, format: 'pcap' }), /Use Save to pick where/);
  assert.equal(existsSync(elsewhere), false);

  assert.deepEqual(await api.request('dialog.save', { format: 'pcapng' }), { path: null }, 'a cancelled dialog grants nothing');
  assert.deepEqual(app.electron.dialogsShown.at(-1)!.options.filters, [{ name: 'pcapng', extensions: ['pcapng'] }]);
  app.electron.saveAnswers.push({ canceled: false, filePath: target });
  assert.deepEqual(await api.request('dialog.save', { format: 'pcap' }), { path: target });
  assert.equal(app.electron.dialogsShown.at(-1)!.options.defaultPath, 'capture.pcap');
  assert.deepEqual(app.electron.dialogsShown.at(-1)!.options.filters, [{ name: 'pcap (classic)', extensions: ['pcap'] }]);
  const saved = await api.request('capture.save', { path: target, format: 'pcap' });
  assert.equal(saved.path, target);
  assert.ok(saved.packets > 0);
  assert.ok(readFileSync(target).length > 24, 'the capture was written');
  await assert.rejects(api.request('capture.save', { path: elsewhere, format: 'pcap' }), /Use Save to pick where/);
  assert.equal(existsSync(elsewhere), false);
});

test('a file macOS hands over (open-file) opens; one that cannot is explained in an error box', async () => {
  const fromFinder = captureNamed('from-finder.pcapng');
  const names: string[] = [];
  const off = api.on('session.status', (status) => names.push(status.name));
  const event = standInEvent();
  app.electron.app.emit('open-file', event, fromFinder);
  assert.equal(event.defaultPrevented, true);
  await eventually(() => names.includes('from-finder.pcapng'), 'the file from Finder to open');
  off();

  app.electron.app.emit('open-file', standInEvent(), join(dir, 'missing.pcapng'));
  await eventually(() => app.electron.errorBoxes.length === 1, 'the error box');
  assert.equal(app.electron.errorBoxes[0].title, 'Layerscope cannot open that file');
  assert.match(app.electron.errorBoxes[0].content, /missing\.pcapng.*no such file/);
  assert.equal((await api.request('session.status', {})).name, 'from-finder.pcapng', 'the open capture stays');
});

test('closing the last window quits the app', () => {
  app.electron.app.emit('window-all-closed');
  assert.equal(app.electron.quitCalls, 1);
});

test('a launch by opening a file in Finder opens that file (it arrives before the app is ready)', async () => {
  const fromFinder = captureNamed('launched-from-finder.pcapng');
  const launched = await launch([], { beforeReady: (electron) => electron.app.emit('open-file', standInEvent(), fromFinder) });
  try {
    assert.equal((await launched.ask(APP_PAGE, 'session.status', {})).result.name, 'launched-from-finder.pcapng');
  } finally {
    await launched.quit();
  }
});

test('a command-line file that cannot be opened is explained, and the sample shows instead of an empty window', async () => {
  const launched = await launch(['--inspect=0', join(dir, 'missing.pcapng')], { packaged: true });
  try {
    assert.equal(launched.electron.errorBoxes.length, 1);
    assert.match(launched.electron.errorBoxes[0].content, /missing\.pcapng.*no such file/);
    assert.equal((await launched.ask(APP_PAGE, 'session.status', {})).result.name, 'sample.pcapng');
  } finally {
    await launched.quit();
  }
});
