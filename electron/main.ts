// The Electron shell, kept thin: one locked-down window showing the built UI, IPC routed to the
// backend service after validation, service events forwarded to the page, native file dialogs.
// Everything that does work lives in service/ and runs under plain Node too.

import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LayerscopeService } from './service/layerscope-service.js';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from './service/contract.js';
import { rendererDirectory } from './service/app-paths.js';
import { contentSecurityPolicy } from './server/content-security-policy.js';
import { contentTypeOf, resolveStaticFile } from './server/static-files.js';
import { raiseInliningBudget } from './service/inlining-budget.js';

/** The UI is served from this privileged scheme, not file://, so every response carries the CSP. */
const SCHEME = 'layerscope';
const APP_HOST = 'app';
const APP_ORIGIN = `${SCHEME}://${APP_HOST}`;
/** External pages the UI may link to (a field's RFC); they open in the user's browser. */
const EXTERNAL_HOSTS = new Set(['www.rfc-editor.org', 'datatracker.ietf.org', 'www.iana.org']);

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
raiseInliningBudget();

let service: LayerscopeService | undefined;
let mainWindow: BrowserWindow | undefined;
/** A file macOS handed over (open-file) before the service existed: opened first, at start. */
let fileFromFinder: string | undefined;

/** A capture file given on the command line (`electron . file.pcapng`, or the packaged app). */
function fileArgument(): string | undefined {
  const args = process.argv.slice(app.isPackaged ? 1 : 2);
  return args.find((a) => !a.startsWith('-') && a !== '.');
}

/** Whether `url` is the app's own page. A custom scheme's URL has the origin "null", so scheme and host are compared. */
function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    try {
      const target = new URL(url);
      if (target.protocol === 'https:' && EXTERNAL_HOSTS.has(target.hostname)) void shell.openExternal(target.toString());
    } catch {
      // Not a URL: nothing to open.
    }
    return { action: 'deny' };
  });
}

function serveRenderer(): void {
  const root = rendererDirectory();
  const csp = contentSecurityPolicy();
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const path = root && url.host === APP_HOST ? resolveStaticFile(root, url.pathname) : undefined;
    if (!path) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new Response(await readFile(path), {
      headers: { 'Content-Type': contentTypeOf(path), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

function routeIpc(svc: LayerscopeService): void {
  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, name: unknown, params: unknown) => {
    // Only our own page may ask anything.
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) return { error: { message: 'Requests are accepted only from the Layerscope window' } };
    return svc.reply(name, params);
  });
  svc.onEvent((name, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Layerscope',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
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
      // Middle-click would open links in new windows, around the window-open handler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  // The system's languages, most preferred first: the page speaks the first Layerscope has until
  // the user picks one in its language menu (renderer/src/state/language.svelte.ts).
  const languages = [...app.getPreferredSystemLanguages(), app.getLocale()].filter(Boolean).join(',');
  void win.loadURL(`${APP_ORIGIN}/index.html?languages=${encodeURIComponent(languages)}`);
  return win;
}

async function openFirstCapture(svc: LayerscopeService): Promise<void> {
  const file = fileFromFinder ?? fileArgument();
  if (file) {
    try {
      // The user named it: opened as trusted, without a dialog's grant.
      await svc.request('file.open', { path: file });
      return;
    } catch (err) {
      dialog.showErrorBox('Layerscope cannot open that file', (err as Error).message);
    }
  }
  // Never an empty window: show the bundled sample.
  await svc.handle('sample.open', {}).catch(() => undefined);
}

app.on('web-contents-created', (_event, contents) => lockDown(contents));

app.whenReady().then(async () => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  serveRenderer();

  service = new LayerscopeService({
    dialogs: {
      async open() {
        const result = await dialog.showOpenDialog(mainWindow!, {
          title: 'Open a capture',
          properties: ['openFile'],
          filters: [
            { name: 'Captures', extensions: ['pcapng', 'pcap', 'cap', 'ntar'] },
            { name: 'All files', extensions: ['*'] },
          ],
        });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async save(format) {
        const result = await dialog.showSaveDialog(mainWindow!, {
          title: 'Save the capture',
          defaultPath: `capture.${format}`,
          filters: [{ name: format === 'pcapng' ? 'pcapng' : 'pcap (classic)', extensions: [format] }],
        });
        return result.canceled ? null : (result.filePath ?? null);
      },
    },
  });
  routeIpc(service);
  await openFirstCapture(service);
  mainWindow = createWindow();
});

// macOS hands files opened from Finder (file associations) to the running app.
app.on('open-file', (event, path) => {
  event.preventDefault();
  // Launching the app by opening a file delivers the file before the app is ready.
  if (!service) fileFromFinder = path;
  else void service.request('file.open', { path }).catch((err: Error) => dialog.showErrorBox('Layerscope cannot open that file', err.message));
});

app.on('window-all-closed', () => app.quit());

app.on('will-quit', () => {
  void service?.close();
});
