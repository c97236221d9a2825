// What is open and what the service says about it: status, row count, open progress, interfaces
// and capture permission, plus the actions of the toolbar. The packet rows themselves live in a
// small cache (lib/row-cache.ts); `rowsVersion` tells the list when new ones arrived.

import type {
  CapturePermission,
  DisplayStatus,
  PacketSelection,
  LayerscopeApi,
  NetworkInterface,
  OpenProgress,
  SessionStatus,
} from '../../../electron/service/contract.js';
import { NO_SESSION } from '../../../electron/service/contract.js';
import { RowCache } from '../lib/row-cache.js';
import { say } from '../../../electron/text/catalog.js';
import { APP_TEXT } from '../lib/app-text.js';
import { uploadFile } from '../lib/file-upload.js';

export class SessionState {
  status = $state.raw<SessionStatus>(NO_SESSION);
  /** Rows in the packet list: every packet, or those the display filter shows. */
  total = $state(0);
  /** The display filter shown and how far it has got; null when every packet is shown. */
  display = $state.raw<DisplayStatus | null>(null);
  progress = $state.raw<OpenProgress | null>(null);
  /** A file on its way to the service (before it can be read): its bytes sent so far. */
  upload = $state.raw<{ name: string; sent: number; total: number } | null>(null);
  interfaces = $state.raw<NetworkInterface[]>([]);
  permission = $state.raw<CapturePermission | null>(null);
  /** The last thing that went wrong, said plainly; shown until dismissed. */
  error = $state<string | null>(null);
  busy = $state(false);
  /** Bumped whenever rows arrive, so the list re-reads the cache. */
  rowsVersion = $state(0);
  /** Bumped whenever a different capture is opened: selection and scroll start over. */
  generation = $state(0);
  readonly rows: RowCache;

  constructor(readonly api: LayerscopeApi) {
    this.rows = new RowCache(
      (start, count) => api.request('rows.get', { start, count }),
      (total) => {
        this.total = this.display ? total : Math.max(this.total, total);
        this.rowsVersion++;
      },
    );
    api.on('packets.added', ({ total }) => {
      // With a filter shown, the list grows by what the filter lets through ('display.changed').
      if (this.display) return;
      this.total = total;
      this.rows.refreshTail();
      this.rowsVersion++;
    });
    api.on('display.changed', (status) => {
      if (!this.display || status.filter !== this.display.filter) return;
      this.display = status;
      this.total = status.displayed;
      this.rows.refreshTail();
      this.rowsVersion++;
    });
    // Something else opened a capture (the Electron main process on a file passed to it, another
    // window): start over on it as if opened here.
    api.on('session.status', (status) => {
      if (status.source !== this.status.source || status.name !== this.status.name) this.begin(status);
      else this.setStatus(status);
    });
    api.on('open.progress', (progress) => {
      // The first news of an open started elsewhere (Electron's main process, another window):
      // ask what is open now and start over on it.
      if (!this.progress || this.progress.done) void this.followOpen();
      this.progress = progress;
      if (progress.packets > this.total) this.total = progress.packets;
      this.rowsVersion++;
    });
  }

  /** First run: whatever the service has open, else the bundled sample, so the window is never empty. */
  async start(): Promise<void> {
    await this.run(async () => {
      const status = await this.api.request('session.status', {});
      if (status.source === 'none') this.begin(await this.api.request('sample.open', {}));
      else this.begin(status);
    });
  }

  async openSample(): Promise<void> {
    if (!this.mayReplace()) return;
    await this.run(async () => this.begin(await this.api.request('sample.open', {})));
  }

  /** A file the user picked or dropped: sent to the service in chunks (works in both modes). */
  async openFile(file: File): Promise<void> {
    if (!this.mayReplace()) return;
    await this.run(async () => {
      this.upload = { name: file.name, sent: 0, total: file.size };
      try {
        const status = await uploadFile(this.api, file, (sent) => (this.upload = { name: file.name, sent, total: file.size }));
        this.begin(status);
      } finally {
        this.upload = null;
      }
    });
  }

  /** Electron: the native Open dialog, then the file by path. */
  async openWithDialog(): Promise<void> {
    if (!this.mayReplace()) return;
    await this.run(async () => {
      const { path } = await this.api.request('dialog.open', {});
      if (path) this.begin(await this.api.request('file.open', { path }));
    });
  }

  async loadInterfaces(): Promise<void> {
    await this.run(async () => {
      const { interfaces, permission } = await this.api.request('interfaces.list', {});
      this.interfaces = interfaces;
      this.permission = permission;
    });
  }

  async startCapture(iface: string, filter: string): Promise<void> {
    if (!this.mayReplace()) return;
    await this.run(async () => {
      this.begin(await this.api.request('capture.start', { interface: iface, filter: filter.trim() || undefined }));
    });
  }

  async stopCapture(): Promise<void> {
    await this.run(async () => this.setStatus(await this.api.request('capture.stop', {})));
  }

  /** Sets packet `number`'s comments, all of them in order (none deletes them). */
  async setComments(number: number, comments: string[]): Promise<void> {
    await this.run(async () => {
      this.setStatus(await this.api.request('packet.comments', { number, comments }));
      this.rows.forget(number);
      this.rowsVersion++;
    });
  }

  /** Marks packet `number`, or unmarks it when it is marked (Ctrl+M). */
  async toggleMark(number: number): Promise<void> {
    const marked = this.rows.byNumber(number)?.marked ?? false;
    await this.run(async () => {
      this.setStatus(await this.api.request('packets.mark', { numbers: [number], marked: !marked }));
      this.rows.forget(number);
      this.rowsVersion++;
    });
  }

  /**
   * Shows only the packets `filter` matches ('' shows all); resolves when every packet is tested.
   * Throws what the service says of a filter that is not valid.
   */
  async showOnly(filter: string): Promise<DisplayStatus> {
    this.display = filter === '' ? null : { filter, displayed: 0, checked: 0, total: this.status.packetCount, done: false };
    this.rows.clear();
    this.total = 0;
    this.rowsVersion++;
    const status = await this.api.request('filter.apply', { text: filter });
    if (status.superseded) return status;
    this.display = filter === '' ? null : status;
    this.total = status.displayed;
    this.rows.clear();
    this.rowsVersion++;
    return status;
  }

  /** Fetches the rows again (their colours changed). */
  refreshRows(): void {
    this.rows.clear();
    this.rowsVersion++;
  }

  /** The number of the packet at 0-based list position `index`, fetching its rows if need be. */
  async numberAt(index: number): Promise<number | undefined> {
    if (!this.display) return index + 1;
    await this.rows.ensure(index, index + 1);
    return this.rows.get(index)?.number;
  }

  /** Where packet `number` is in the list as shown; null when the display filter hides it. */
  async indexOf(number: number): Promise<number | null> {
    if (!this.display) return number - 1;
    return (await this.api.request('rows.locate', { number })).index;
  }

  /** Ignores packet `number`, or stops ignoring it when it is ignored (Ctrl+D). */
  async toggleIgnore(number: number): Promise<void> {
    const ignored = this.rows.byNumber(number)?.ignored ?? false;
    await this.run(async () => {
      this.setStatus(await this.api.request('packets.ignore', { numbers: [number], ignored: !ignored }));
      this.rows.forget(number);
      this.rowsVersion++;
    });
  }

  /** Whether closing what is open may go ahead: asks first when comments would be lost. */
  mayReplace(): boolean {
    if (!this.status.unsavedChanges) return true;
    return confirm(say(APP_TEXT.unsaved_close, { name: this.status.name, what: this.status.source === 'live' ? 'live' : 'file' }));
  }

  /**
   * Electron: the native Save dialog then capture.save. Browser: a download of the packets. All
   * of them saves the capture; a selection is Export Specified Packets (the capture stays unsaved).
   */
  async save(format: 'pcapng' | 'pcap' = 'pcapng', packets: PacketSelection = { which: 'all' }, leaveOutIgnored = false): Promise<void> {
    const chosen = { ...(packets.which === 'all' ? {} : { packets }), ...(leaveOutIgnored ? { leaveOutIgnored } : {}) };
    if (this.api.mode === 'browser') {
      // A single-use address from the service: no credential ends up in the download history.
      await this.run(async () => {
        const { url } = await this.api.request('download.prepare', { format, ...chosen });
        const a = document.createElement('a');
        a.href = url;
        a.download = '';
        document.body.append(a);
        a.click();
        a.remove();
      });
      return;
    }
    await this.run(async () => {
      const { path } = await this.api.request('dialog.save', { format });
      if (path) {
        await this.api.request('capture.save', { path, format, ...chosen });
        this.setStatus(await this.api.request('session.status', {}));
      }
    });
  }

  private async followOpen(): Promise<void> {
    try {
      const status = await this.api.request('session.status', {});
      if (status.source !== this.status.source || status.name !== this.status.name) this.begin(status);
    } catch {
      // The status event at the end of the open will tell.
    }
  }

  private begin(status: SessionStatus): void {
    // A capture opened afresh shows every packet (the filter bar applies its filter again).
    this.display = null;
    this.rows.clear();
    this.total = status.packetCount;
    this.generation++;
    this.setStatus(status);
    this.rowsVersion++;
  }

  private setStatus(status: SessionStatus): void {
    this.status = status;
    if (!this.display && status.packetCount > this.total) this.total = status.packetCount;
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await action();
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }
}
