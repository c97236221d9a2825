// A stand-in for the `electron` module, for running the built shell (main and preload bundles)
// under plain Node where the Electron binary cannot be installed. It records what the shell asks
// of Electron (window options, protocol and IPC handlers, permission handlers, what the preload
// exposes, dialogs) and lets a test play Electron's part: fire app and web-contents events, invoke
// IPC as a page at some URL would, answer dialogs. Where it matters it behaves as Electron does:
// arguments and replies crossing IPC are structured-cloned, the main window's web contents are
// announced with 'web-contents-created', and a request's sender frame is the page's current URL.

import { EventEmitter } from 'node:events';

type Listener = (...args: any[]) => any;
type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

/** What a cancellable Electron event (will-navigate, open-file...) records. */
export interface StandInEvent {
  url?: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function standInEvent(url?: string): StandInEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class StandInWebContents extends EventEmitter {
  /** The URL of the page shown: the sender frame's URL of its IPC requests. */
  url = '';
  windowOpenHandler?: WindowOpenHandler;

  constructor(private readonly electron: ElectronStandIn) {
    super();
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.electron.deliverToPage(channel, structuredClone(args));
  }
}

export class StandInBrowserWindow extends EventEmitter {
  readonly webContents: StandInWebContents;
  shown = false;

  constructor(
    readonly options: Record<string, any>,
    electron: ElectronStandIn,
  ) {
    super();
    this.webContents = new StandInWebContents(electron);
    electron.windows.push(this);
    electron.app.emit('web-contents-created', standInEvent(), this.webContents);
    electron.resolveWindow(this);
  }

  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
  }

  show(): void {
    this.shown = true;
  }

  isDestroyed(): boolean {
    return false;
  }
}

interface OpenDialogAnswer {
  canceled: boolean;
  filePaths: string[];
}
interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string;
}

export class ElectronStandIn {
  readonly windows: StandInBrowserWindow[] = [];
  readonly privilegedSchemes: unknown[] = [];
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly ipcHandlers = new Map<string, Listener>();
  /** Every ipcRenderer.invoke the preload made: what reached the main process. */
  readonly invocations: { channel: string; args: unknown[] }[] = [];
  readonly exposedInMainWorld = new Map<string, any>();
  readonly permissionHandlers: { request?: Listener; check?: Listener; device?: Listener } = {};
  readonly dialogsShown: { kind: 'open' | 'save'; parent: unknown; options: Record<string, any> }[] = [];
  readonly errorBoxes: { title: string; content: string }[] = [];
  readonly openedExternally: string[] = [];
  /** What the next Open and Save dialogs answer; cancelled when nothing is queued. */
  readonly openAnswers: OpenDialogAnswer[] = [];
  readonly saveAnswers: SaveDialogAnswer[] = [];
  sandboxEnabled = false;
  quitCalls = 0;

  private readonly pageListeners = new Map<string, Listener[]>();
  private becomeReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.becomeReady = resolve));
  resolveWindow!: (window: StandInBrowserWindow) => void;
  /** Resolves when the shell has created its window (the end of its start-up). */
  readonly windowCreated = new Promise<StandInBrowserWindow>((resolve) => (this.resolveWindow = resolve));

  readonly app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    enableSandbox: () => {
      this.sandboxEnabled = true;
    },
    whenReady: () => this.ready,
    /** The system's languages, as a Swedish desktop gives them. */
    getPreferredSystemLanguages: () => ['sv-SE', 'en-US'],
    getLocale: () => 'sv',
    quit: () => {
      this.quitCalls++;
    },
  });

  /** The `electron` module as the bundles see it. */
  readonly module = {
    app: this.app,
    BrowserWindow: this.browserWindowClass(),
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => this.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => this.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => (this.permissionHandlers.request = handler),
        setPermissionCheckHandler: (handler: Listener) => (this.permissionHandlers.check = handler),
        setDevicePermissionHandler: (handler: Listener) => (this.permissionHandlers.device = handler),
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => this.ipcHandlers.set(channel, handler),
    },
    dialog: {
      showOpenDialog: async (parent: unknown, options: Record<string, any>): Promise<OpenDialogAnswer> => {
        this.dialogsShown.push({ kind: 'open', parent, options });
        return this.openAnswers.shift() ?? { canceled: true, filePaths: [] };
      },
      showSaveDialog: async (parent: unknown, options: Record<string, any>): Promise<SaveDialogAnswer> => {
        this.dialogsShown.push({ kind: 'save', parent, options });
        return this.saveAnswers.shift() ?? { canceled: true };
      },
      showErrorBox: (title: string, content: string) => this.errorBoxes.push({ title, content }),
    },
    shell: {
      openExternal: async (url: string) => {
        this.openedExternally.push(url);
      },
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        if (this.exposedInMainWorld.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
        this.exposedInMainWorld.set(key, api);
      },
    },
    ipcRenderer: {
      on: (channel: string, listener: Listener) => {
        this.pageListeners.set(channel, [...(this.pageListeners.get(channel) ?? []), listener]);
      },
      invoke: (channel: string, ...args: unknown[]) => this.invokeFrom(this.windows[0]?.webContents.url, channel, ...args),
    },
  };

  /** Electron's 'ready': the shell's whenReady() continues. */
  emitReady(): void {
    this.becomeReady();
  }

  /**
   * An IPC request as a frame showing `senderUrl` sends it (null: a request without a sender frame,
   * as when the frame has gone), answered by the handler the shell registered.
   */
  async invokeFrom(senderUrl: string | null | undefined, channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    const handler = this.ipcHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
    const event = { senderFrame: senderUrl == null ? null : { url: senderUrl } };
    return structuredClone(await handler(event, ...structuredClone(args)));
  }

  deliverToPage(channel: string, args: unknown[]): void {
    for (const listener of this.pageListeners.get(channel) ?? []) listener({ sender: this.module.ipcRenderer }, ...args);
  }

  private browserWindowClass() {
    const electron = this;
    return class BrowserWindow extends StandInBrowserWindow {
      constructor(options: Record<string, any>) {
        super(options, electron);
      }
    };
  }
}
