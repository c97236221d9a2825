// The backend service: owns one session at a time (an open file or a live capture) and answers
// every request of the contract. Plain Node, never Electron: the Electron main process and
// browser mode's server both drive it, after validating each request with contract-validation.

import { followStream } from './stream-following.js';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DOWNLOAD_PATH, NO_SESSION, type CapturePermission, type EventName, type Events, type PacketSelection, type ReportRequest, type Params, type Reply, type RequestName, type Result, type SessionStatus } from './contract.js';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES, validateRequest } from './contract-validation.js';
import { ladderView } from './conversation-ladder.js';
import { TrafficStatistics } from './traffic-statistics.js';
import type { DisplayedPackets } from './displayed-packets.js';
import { UploadReceiver } from './upload-receiver.js';
import { CaptureSession } from './capture-session.js';
import { copyCapture } from './capture-file-access.js';
import { resourcePath } from './app-paths.js';
import { LiveSession } from './live-session.js';
import { LabService } from './lab-service.js';
import { PacketSearch } from './packet-search.js';
import { DisplayFiltering } from './display-filtering.js';
import { checkDisplayFilter } from '../filter/display-filter.js';
import { filterNames } from '../filter/filter-names.js';
import { ColouringRules, WIRESHARK_COLOURING_RULES } from '../filter/colouring-rules.js';
import { DownloadTickets, type DownloadRequest } from './download-tickets.js';
import { exportPackets } from '../export/export-packets.js';
import { PacketRange, PacketRangeError } from '../export/packet-range.js';
import { reportHtml } from '../report/report-html.js';
import { REPORT_TEXT } from '../report/report-text.js';
import { MAX_REPORT_PACKETS } from '../report/capture-report.js';
import { reportConversation } from '../report/report-conversation.js';
import { say } from '../text/catalog.js';
import { chooseLanguage } from '../text/translation-files.js';
import { packetJson } from '../export/dissection-json.js';
import { dissectionText } from '../export/dissection-text.js';
import { CSV_HEADER, dissectionCsvRow } from '../export/dissection-csv.js';
import { openCaptureFile } from '../files/open-capture-file.js';
import { NotARegularFileError } from '../files/open-regular-file.js';
import { listInterfaces } from '../capture/interface-list.js';
import { checkCapturePermission } from '../capture/capture-permission.js';
import { PathGrants, type PathAccess } from './path-grants.js';

/** How long one indexing slice may keep the event loop before yielding (ms). */
const SLICE_MS = 30;

export interface ServiceOptions {
  /** The bundled sample capture; found in resources/ when not given. */
  samplePath?: string;
  /** Native dialogs, in Electron only: the paths they return are what the page may name. */
  dialogs?: {
    open(): Promise<string | null>;
    save(format: 'pcapng' | 'pcap'): Promise<string | null>;
  };
  /** The largest upload accepted, bytes (MAX_UPLOAD_BYTES by default; tests set less). */
  maxUploadBytes?: number;
  /** Whether and how this user may capture (spawns a probe); tests count its calls. */
  checkPermission?: () => Promise<CapturePermission>;
}

/** How long one capture-permission answer is reused: a probe is a process, the answer rarely changes. */
const PERMISSION_REUSE_MS = 30_000;

/** `name` with every character a file name should not carry replaced by '_'. */
export function safeFileName(name: string): string {
  return name.replace(/[^\w.\- ]/g, '_');
}

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

/** Which packets an export writes: a selection, and whether the ignored ones are left out. */
export interface ExportChoice {
  packets: PacketSelection;
  leaveOutIgnored: boolean;
}

const WHOLE: ExportChoice = { packets: { which: 'all' }, leaveOutIgnored: false };

/** Whether an export writes the whole capture (then it counts as saving it). */
export function isWhole(session: CaptureSession, choice: ExportChoice): boolean {
  return choice.packets.which === 'all' && !(choice.leaveOutIgnored && session.ignoredCount > 0);
}

/** Packets whose dissections the app exports at once at most (the command line streams any number). */
const MAX_EXPORTED_DISSECTIONS = 100_000;
/** Ladder packets answered when a request does not say how many. */
const LADDER_WINDOW = 200;
/** Names offered for completion at most (the filter bar shows a short list). */
const MAX_COMPLETIONS = 50;

export class LayerscopeService {
  private session: CaptureSession | null = null;
  private live: LiveSession | null = null;
  private loading: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<EventListener>();
  private tempDir: string | undefined;
  private readonly lab = new LabService((view) => this.emit('lab.changed', view));
  private readonly search = new PacketSearch();
  private readonly displayFiltering = new DisplayFiltering((status) => this.emit('display.changed', status));
  private readonly downloads = new DownloadTickets();
  /** The session change under way (see serialised()). */
  private sessionChanges: Promise<unknown> = Promise.resolve();
  private permission: { asked: number; answer: Promise<CapturePermission> } | undefined;
  private readonly uploads: UploadReceiver;
  private readonly grants = new PathGrants();

  constructor(private readonly options: ServiceOptions = {}) {
    this.uploads = new UploadReceiver(() => this.temporaryDirectory(), options.maxUploadBytes ?? MAX_UPLOAD_BYTES);
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Validates a request from outside (IPC, WebSocket) and answers it. Throws an Error whose
   * message says what was wrong, for the transport to send back as {message}. A path in it must
   * have come from a native dialog (see PathGrants), checked before anything touches the disk.
   */
  async handle(name: unknown, params: unknown): Promise<unknown> {
    const request = validateRequest(name, params);
    const dialogsExist = !!this.options.dialogs;
    if (request.name === 'file.open') this.grants.require(request.name, (request.params as Params<'file.open'>).path, 'read', dialogsExist);
    if (request.name === 'capture.save') this.grants.require(request.name, (request.params as Params<'capture.save'>).path, 'write', dialogsExist);
    return this.request(request.name, request.params as never);
  }

  /** handle(), its outcome as the Reply a transport sends back: never rejects. */
  async reply(name: unknown, params: unknown): Promise<Reply> {
    try {
      return { result: await this.handle(name, params) };
    } catch (err) {
      // The code, when the error has one, lets a client tell kinds of refusal apart without reading text.
      const code = (err as { code?: unknown })?.code;
      return { error: { message: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) } };
    }
  }

  /**
   * Answers an already validated request from a trusted caller in this process (the command
   * line's file, macOS's open-file, tests): paths in it need no dialog's grant.
   */
  async request<N extends RequestName>(name: N, params: Params<N>): Promise<Result<N>> {
    const p = params as Record<string, unknown>;
    switch (name) {
      case 'interfaces.list':
        return { interfaces: listInterfaces(), permission: await this.capturePermission() } as Result<N>;
      case 'capture.start':
        return (await this.serialised(() => this.startCapture(params as Params<'capture.start'>))) as Result<N>;
      case 'capture.stop':
        return (await this.serialised(() => this.stopCapture())) as Result<N>;
      case 'file.open':
        return (await this.serialised(() => this.openFile(p.path as string, basename(p.path as string), false))) as Result<N>;
      case 'upload.start':
        return { id: this.uploads.start(p.name as string, p.size as number), chunkBytes: UPLOAD_CHUNK_BYTES } as Result<N>;
      case 'upload.chunk':
        return { received: this.uploads.chunk(p.id as string, p.offset as number, p.bytes as Uint8Array) } as Result<N>;
      case 'upload.finish':
        return (await this.serialised(() => this.openUpload(this.uploads.finish(p.id as string)))) as Result<N>;
      case 'upload.cancel':
        this.uploads.cancel(p.id as string);
        return {} as Result<N>;
      case 'sample.open':
        return (await this.serialised(() => this.openSample())) as Result<N>;
      case 'session.status':
        return this.status() as Result<N>;
      case 'language.set': {
        const language = chooseLanguage(p.language as string);
        // The Socket Lab's sentences are said again in the language; the page asks for its packet.
        this.lab.retell();
        return { language } as Result<N>;
      }
      case 'rows.get':
        return this.requireSession().rows(p.start as number, p.count as number, this.colouring) as Result<N>;
      case 'colouring.set':
        return this.setColouring(params as Params<'colouring.set'>) as Result<N>;
      case 'packet.get':
        return this.requireSession().packet(p.number as number) as Result<N>;
      case 'packet.comments': {
        const session = this.requireSession();
        session.setComments(p.number as number, p.comments as string[]);
        const status = session.status();
        this.emit('session.status', status);
        return status as Result<N>;
      }
      case 'packets.mark': {
        const session = this.requireSession();
        session.mark(p.numbers as number[], p.marked as boolean);
        return session.status() as Result<N>;
      }
      case 'packets.ignore': {
        const session = this.requireSession();
        session.ignore(p.numbers as number[], p.ignored as boolean);
        // The Conversations and Endpoints tables are counted again without them.
        this.statistics.delete(session);
        if (session.display) this.displayedStatistics.delete(session.display);
        const status = session.status();
        this.emit('session.status', status);
        return status as Result<N>;
      }
      case 'packets.find':
        return (await this.search.find(this.requireSession(), params as Params<'packets.find'>)) as Result<N>;
      case 'filter.check':
        return checkDisplayFilter(p.text as string) as Result<N>;
      case 'filter.names': {
        const prefix = p.prefix as string;
        return { names: filterNames().filter((n) => n.startsWith(prefix)).slice(0, MAX_COMPLETIONS) } as Result<N>;
      }
      case 'filter.apply':
        return (await this.displayFiltering.apply(this.requireSession(), p.text as string)) as Result<N>;
      case 'rows.locate':
        return { index: this.requireSession().rowIndex(p.number as number) } as Result<N>;
      case 'capture.save':
        return (await this.save(p.path as string, p.format as 'pcapng' | 'pcap', { packets: (p.packets as PacketSelection | undefined) ?? { which: 'all' }, leaveOutIgnored: p.leaveOutIgnored === true })) as Result<N>;
      case 'download.prepare':
        if (this.options.dialogs) throw new Error('download.prepare: the desktop app saves through Save, not a download');
        this.requireSession();
      {
        const { format, packets, leaveOutIgnored } = params as Params<'download.prepare'>;
        const choice: ExportChoice = { packets: packets ?? { which: 'all' }, leaveOutIgnored: leaveOutIgnored === true };
        // A selection that names no packet is refused now, not when the download starts.
        const session = this.requireSession();
        if (!isWhole(session, choice)) this.selectedRange(session, choice.packets, choice.leaveOutIgnored);
        return { url: `${DOWNLOAD_PATH}/${this.downloads.issue(format, Date.now(), choice)}` } as Result<N>;
      }
      case 'dialog.open':
        if (!this.options.dialogs) throw new Error('dialog.open: native dialogs exist only in the desktop app; in the browser, pick or drop a file instead');
        return { path: this.granted(await this.options.dialogs.open(), 'read') } as Result<N>;
      case 'dialog.save':
        if (!this.options.dialogs) throw new Error('dialog.save: native dialogs exist only in the desktop app; in the browser, use the download link instead');
        return { path: this.granted(await this.options.dialogs.save(p.format as 'pcapng' | 'pcap'), 'write') } as Result<N>;
      case 'lab.open':
        return (await this.lab.open((params as Params<'lab.open'>).scenario)) as Result<N>;
      case 'lab.next':
        return (await this.lab.next()) as Result<N>;
      case 'lab.call': {
        const { side, call } = params as Params<'lab.call'>;
        return (await this.lab.call(side, call)) as Result<N>;
      }
      case 'lab.close':
        return (await this.lab.close()) as Result<N>;
      case 'lab.export':
        return this.lab.export((params as Params<'lab.export'>).format) as Result<N>;
      case 'dissections.export':
        return (await this.exportDissections(params as Params<'dissections.export'>)) as Result<N>;
      case 'report.make':
        return (await this.makeReport(params as Params<'report.make'>)) as Result<N>;
      case 'lab.openPackets':
        return (await this.serialised(() => this.openLabPackets())) as Result<N>;
      case 'stream.follow': {
        const { protocol, stream } = params as Params<'stream.follow'>;
        return (await followStream(this.requireSession(), protocol, stream)) as Result<N>;
      }
      case 'conversation.list':
        return (await this.statisticsOf(this.requireSession(), (params as Params<'conversation.list'>).displayed).conversationWindow(params as Params<'conversation.list'>)) as Result<N>;
      case 'endpoint.list':
        return (await this.statisticsOf(this.requireSession(), (params as Params<'endpoint.list'>).displayed).endpointWindow(params as Params<'endpoint.list'>)) as Result<N>;
      case 'conversation.ladder': {
        const { protocol = 'tcp', stream, from = 0, count = LADDER_WINDOW } = params as Params<'conversation.ladder'>;
        const session = this.requireSession();
        return ladderView(session, session.conversations, protocol, stream, from, count) as Result<N>;
      }
      case 'conversation.locate': {
        const session = this.requireSession();
        session.rowIndex(p.number as number); // a packet that exists
        return { conversation: session.conversations.locate(p.number as number) } as Result<N>;
      }
      default:
        throw new Error(`Unknown request ${JSON.stringify(name)}`);
    }
  }

  /**
   * Runs a change of session (open, upload, sample, capture start or stop, close) after the ones
   * asked before it have finished: two at once would each end the other's session or start a
   * second capture helper that nothing stops.
   */
  private serialised<T>(change: () => Promise<T>): Promise<T> {
    const run = this.sessionChanges.then(change, change);
    this.sessionChanges = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** One capture-permission answer, reused for a while and shared by requests asking at once. */
  private capturePermission(): Promise<CapturePermission> {
    const now = Date.now();
    if (!this.permission || now - this.permission.asked > PERMISSION_REUSE_MS) {
      this.permission = { asked: now, answer: (this.options.checkPermission ?? checkCapturePermission)() };
    }
    return this.permission.answer;
  }

  /** A dialog's answer, recorded as what the page may now name (null: the user cancelled). */
  private granted(path: string | null, access: PathAccess): string | null {
    if (path !== null) this.grants.grant(path, access);
    return path;
  }

  status(): SessionStatus {
    return this.session?.status() ?? NO_SESSION;
  }

  /** Resolves when the current file has been indexed to its end. */
  whenLoaded(): Promise<void> {
    return this.loading;
  }

  /** Opens a capture file: indexes its first slice before answering, the rest in the background. */
  private async openFile(path: string, name: string, temporary: boolean): Promise<SessionStatus> {
    let reader;
    try {
      reader = openCaptureFile(path);
    } catch (err) {
      // A FIFO, socket, device or folder: refused at once, its own message and code kept.
      if (err instanceof NotARegularFileError) throw err;
      throw new Error(describeOpenError(path, err));
    }
    await this.endSession();
    const session = new CaptureSession('file', name, path, { saved: !temporary, temporary });
    this.session = session;
    let finish!: () => void;
    this.loading = new Promise<void>((resolve) => (finish = resolve));
    const totalBytes = reader.fileSize;
    const runSlice = (): boolean => {
      const until = performance.now() + SLICE_MS;
      let count = 0;
      for (;;) {
        const record = reader.next();
        if (!record) return true;
        session.ingest(record, reader.interfaces);
        if ((++count & 63) === 0 && performance.now() > until) return false;
      }
    };
    const report = (done: boolean) => {
      if (done && reader.warning) session.warnings.push(reader.warning.message);
      this.emit('open.progress', { bytesRead: done ? totalBytes : reader.position, totalBytes, packets: session.index.size, done });
      this.packetsAdded(session);
      if (done) this.emit('session.status', session.status());
    };
    const finishLoading = () => {
      reader.close();
      finish();
    };
    let done: boolean;
    try {
      done = runSlice();
    } catch (err) {
      finishLoading();
      throw new Error(describeOpenError(path, err));
    }
    report(done);
    if (done) {
      finishLoading();
    } else {
      void (async () => {
        try {
          while (!done) {
            await yieldToEventLoop();
            if (this.session !== session) return;
            done = runSlice();
            report(done);
          }
        } catch (err) {
          session.warnings.push(`Reading stopped after packet ${session.index.size}: ${(err as Error).message}`);
          this.emit('session.status', session.status());
        } finally {
          finishLoading();
        }
      })();
    }
    return session.status();
  }

  /** Opens the Socket Lab's annotated packets as the capture; their temporary file goes with the session. */
  private async openLabPackets(): Promise<SessionStatus> {
    const { fileName, bytes } = this.lab.capture();
    const path = join(this.temporaryDirectory(), `lab-${randomUUID()}.pcapng`);
    writeFileSync(path, bytes, { flag: 'wx', mode: 0o600 });
    try {
      const status = await this.openFile(path, fileName, true);
      // Nowhere but in a temporary file: saving it is up to the user.
      this.session!.saved = false;
      return { ...status, saved: false };
    } catch (err) {
      rmSync(path, { force: true });
      throw err;
    }
  }

  /** Opens a finished upload; its temporary file goes with its session. */
  private async openUpload(upload: { path: string; name: string }): Promise<SessionStatus> {
    const safeName = safeFileName(basename(upload.name)) || 'upload';
    try {
      return await this.openFile(upload.path, safeName, true);
    } catch (err) {
      rmSync(upload.path, { force: true });
      throw err;
    }
  }


  private async openSample(): Promise<SessionStatus> {
    const path = this.options.samplePath ?? resourcePath('sample.pcapng');
    if (!path) throw new Error('The bundled sample capture (resources/sample.pcapng) is missing from this installation');
    const status = await this.openFile(path, 'sample.pcapng', false);
    // The sample is ours, not something the user saved.
    this.session!.saved = false;
    return { ...status, saved: false };
  }

  private async startCapture(options: Params<'capture.start'>): Promise<SessionStatus> {
    if (this.live) throw new Error('capture.start: a capture is already running; stop it first');
    // A name no one can guess (the helper may run as root and creates only new files), and without
    // the interface's name in it, which is not the service's to put into a path.
    const path = join(this.temporaryDirectory(), `capture-${randomUUID()}.pcapng`);
    const session = new CaptureSession('live', options.interface, path, { saved: false, temporary: true });
    // Refused captures (no privilege, bad filter) throw here, before the old session is closed.
    const live = await LiveSession.start(options, path, session, {
      packets: () => this.session === session && this.packetsAdded(session),
      status: () => this.session === session && this.emit('session.status', session.status()),
      ended: () => {
        if (this.live === live) this.live = null;
      },
    });
    await this.endSession();
    this.session = session;
    this.live = live;
    this.emit('session.status', session.status());
    return session.status();
  }

  private async stopCapture(): Promise<SessionStatus> {
    const live = this.live;
    if (!live) return this.status();
    await live.stop();
    this.live = null;
    const status = this.status();
    this.emit('packets.added', { total: status.packetCount });
    this.emit('session.status', status);
    return status;
  }

  private async save(path: string, format: 'pcapng' | 'pcap', choice: ExportChoice): Promise<{ path: string; packets: number; warning?: string }> {
    const session = await this.sessionToCopy('capture.save: stop the capture before saving it');
    if (!isWhole(session, choice)) return { path, packets: this.exportSelected(session, path, format, choice) };
    let copied;
    try {
      copied = copyCapture(session.path, path, format, session.index.size, session.changedComments());
    } catch (err) {
      throw new Error(`Could not save to ${path}: ${(err as Error).message}`);
    }
    session.savedNow();
    noteShortCopy(session, copied.warning);
    this.emit('session.status', session.status());
    return copied.warning ? { path, packets: copied.packets, warning: copied.warning } : { path, packets: copied.packets };
  }

  /** What a download ticket was issued for, using the ticket up (browser mode's server asks). */
  takeDownloadTicket(ticket: string): DownloadRequest | undefined {
    return this.downloads.take(ticket);
  }

  /**
   * Writes the session's packets (all, or those `packets` names) to `path` (browser mode's
   * download); a short copy of all is noted in the session's warnings.
   */
  async exportTo(path: string, format: 'pcapng' | 'pcap', choice: ExportChoice = WHOLE): Promise<number> {
    const session = await this.sessionToCopy('Stop the capture before saving it');
    if (!isWhole(session, choice)) return this.exportSelected(session, path, format, choice);
    const copied = copyCapture(session.path, path, format, session.index.size, session.changedComments());
    if (copied.warning) {
      noteShortCopy(session, copied.warning);
      this.emit('session.status', session.status());
    }
    return copied.packets;
  }

  /** Export Packet Dissections: the chosen packets' trees (text, JSON) or list rows (CSV), with their comments. */
  private async exportDissections({ packets, format, leaveOutIgnored }: Params<'dissections.export'>): Promise<Result<'dissections.export'>> {
    const session = await this.sessionToCopy('Stop the capture before exporting its dissections');
    const range = this.selectedRange(session, packets, leaveOutIgnored === true);
    const parts: string[] = format === 'csv' ? [CSV_HEADER] : [];
    let count = 0;
    for (let n = 1; n <= session.index.size; n++) {
      if (!range.includes(n)) continue;
      if (++count > MAX_EXPORTED_DISSECTIONS) throw new Error(`More than ${MAX_EXPORTED_DISSECTIONS.toLocaleString('en')} packets were chosen: export their dissections with layerscope dissect --format ${format} instead (it streams)`);
      const { packet } = session.decoded(n);
      const time = packet.time.toFixed(6);
      if (format === 'json') parts.push(packetJson(packet) + '\n');
      else if (format === 'text') parts.push(dissectionText(packet, time));
      else parts.push(dissectionCsvRow(packet, time, session.commentsOf(n)));
    }
    const base = safeFileName(session.name.replace(/\.(pcapng|pcap|cap)$/i, '')) || 'capture';
    const kind = { text: ['txt', 'text/plain'], csv: ['csv', 'text/csv'], json: ['jsonl', 'application/json'] }[format];
    return { fileName: `${base}-${packets.which}.${kind[0]}`, mimeType: kind[1], text: parts.join('') };
  }

  /** The report of the packets a request chooses, decoded in full with their comments. */
  private async makeReport(request: ReportRequest): Promise<{ fileName: string; html: string }> {
    const session = await this.sessionToCopy('Stop the capture before making a report of it');
    // A conversation that does not exist is refused before any packet is decoded.
    const conversation = request.conversation ? reportConversation(session, request.conversation.protocol, request.conversation.stream) : undefined;
    const chosen = request.packets;
    const numbers: number[] = [];
    if (chosen.which === 'selected') {
      session.rowIndex(chosen.number); // a packet that exists
      numbers.push(chosen.number);
    } else {
      const range = this.selectedRange(session, chosen);
      for (let n = 1; n <= session.index.size; n++) {
        if (!range.includes(n)) continue;
        if (numbers.length === MAX_REPORT_PACKETS) throw new Error(`More than ${MAX_REPORT_PACKETS} packets were chosen: choose fewer (a display filter, marks or a range) for a report`);
        numbers.push(n);
      }
    }
    const packets = numbers.map((n) => {
      const { packet, bytes } = session.decoded(n);
      return { packet, bytes: bytes.slice(), comments: [...(session.commentsOf(n) ?? [])] };
    });
    const capture = session.name;
    const html = reportHtml(packets, {
      title: request.title || say(REPORT_TEXT.default_title, { capture }),
      student: request.student || undefined,
      course: request.course || undefined,
      capture,
      capturePackets: session.index.size,
      captureSeconds: session.index.size > 0 ? session.index.time(session.index.size) : 0,
      view: request.view,
      made: new Date(),
      conversation,
    });
    return { fileName: `${safeFileName(capture.replace(/\.(pcapng|pcap|cap)$/i, '')) || 'capture'}-report.html`, html };
  }

  /** Export Specified Packets of some packets: the capture itself is not saved by it. */
  private exportSelected(session: CaptureSession, path: string, format: 'pcapng' | 'pcap', choice: ExportChoice): number {
    const range = this.selectedRange(session, choice.packets, choice.leaveOutIgnored);
    try {
      return exportPackets(session.path, path, { format, range, setComments: session.changedComments() }).written;
    } catch (err) {
      throw new Error(`Could not export to ${path}: ${(err as Error).message}`);
    }
  }

  /** The packets a selection names, as a range; an error saying why when it names none. */
  private selectedRange(session: CaptureSession, packets: PacketSelection, leaveOutIgnored = false): PacketRange {
    if (leaveOutIgnored && session.ignoredCount > 0) {
      // The chosen packets but the ignored ones (Wireshark's "Remove ignored packets").
      const range = this.selectedRange(session, packets);
      const kept: number[] = [];
      for (let n = 1; n <= session.index.size; n++) if (range.includes(n) && !session.isIgnored(n)) kept.push(n);
      if (kept.length === 0) throw new Error('Every chosen packet is ignored (Ctrl+D): nothing to export');
      return PacketRange.ofNumbers(kept, `${range.text}, ignored left out`);
    }
    switch (packets.which) {
      case 'all':
        return PacketRange.all();
      case 'displayed': {
        const shown = session.display;
        if (!shown) return PacketRange.all();
        if (shown.checked < session.index.size) throw new Error('The display filter is still being applied: export the displayed packets once it has finished');
        if (shown.size === 0) throw new Error(`No packet is displayed (the filter "${shown.text}" matches none): nothing to export`);
        return PacketRange.ofNumbers(shown.shown(), `displayed by "${shown.text}"`);
      }
      case 'marked': {
        const marked = session.markedNumbers();
        if (marked.length === 0) throw new Error('No packet is marked (Ctrl+M marks one): nothing to export');
        return PacketRange.ofNumbers(marked, 'marked');
      }
      case 'range':
        try {
          const range = PacketRange.parse(packets.range);
          const missing = range.missing(session.index.size);
          if (missing !== undefined) throw new PacketRangeError(`there is no packet ${missing}: the capture has ${session.index.size}`);
          return range;
        } catch (err) {
          if (err instanceof PacketRangeError) throw new Error(`Packets "${packets.range}": ${err.message}`);
          throw err;
        }
    }
  }

  /** Whether `choice` writes the whole capture now open (a download of it then counts as saving it). */
  exportsWhole(choice: ExportChoice): boolean {
    return this.session !== null && isWhole(this.session, choice);
  }

  /** The user now has the packets (browser mode's download finished): nothing is unsaved any more. */
  markSaved(): void {
    if (!this.session || this.session.saved) return;
    this.session.savedNow();
    this.emit('session.status', this.session.status());
  }

  /** The session, once its file is indexed to the end; refused with `whileCapturing` during a capture. */
  private async sessionToCopy(whileCapturing: string): Promise<CaptureSession> {
    const session = this.requireSession();
    if (session.capturing) throw new Error(whileCapturing);
    await this.loading;
    return session;
  }

  /** A scratch directory for uploads and live captures, removed by close(). */
  temporaryDirectory(): string {
    this.tempDir ??= mkdtempSync(join(tmpdir(), 'layerscope-'));
    return this.tempDir;
  }

  async close(): Promise<void> {
    this.uploads.cancel();
    await this.lab.close();
    await this.serialised(() => this.endSession());
    this.listeners.clear();
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
    this.tempDir = undefined;
  }

  /** Rows coloured by rules (the user's, then Wireshark's), or by layer when undefined. */
  private colouring: ColouringRules | undefined;

  private setColouring({ mode, rules = [] }: Params<'colouring.set'>): Result<'colouring.set'> {
    const invalid: { name: string; message: string }[] = [];
    const own = rules.filter((rule) => {
      // The user's own rules are checked as typed filters: a misspelt field is said, not ignored.
      const check = checkDisplayFilter(rule.filter);
      if (!check.ok) invalid.push({ name: rule.name, message: check.message });
      return check.ok;
    });
    this.colouring = mode === 'rules' ? new ColouringRules([...own, ...WIRESHARK_COLOURING_RULES]) : undefined;
    return { invalid };
  }

  /** Tells the page about packets added to the list, and tests them against the display filter. */
  private packetsAdded(session: CaptureSession): void {
    this.emit('packets.added', { total: session.index.size });
    this.displayFiltering.packetsAdded(session);
  }

  private async endSession(): Promise<void> {
    this.search.cancel();
    this.displayFiltering.cancel();
    if (this.live) {
      await this.live.stop().catch(() => {});
      this.live = null;
    }
    const old = this.session;
    this.session = null;
    if (old) {
      old.close();
      if (old.temporary) rmSync(old.path, { force: true });
    }
  }

  /** Each session's Conversations and Endpoints tables, counted when first asked for. */
  private readonly statistics = new WeakMap<CaptureSession, TrafficStatistics>();
  /** The same for the packets a display filter shows, for as long as that filter is applied. */
  private readonly displayedStatistics = new WeakMap<DisplayedPackets, TrafficStatistics>();

  /** The tables of every packet, or (`displayed`) of those the display filter shows, if one is applied. */
  private statisticsOf(session: CaptureSession, displayed = false): TrafficStatistics {
    const shown = displayed ? session.display : null;
    if (shown) {
      let statistics = this.displayedStatistics.get(shown);
      if (!statistics) this.displayedStatistics.set(shown, (statistics = new TrafficStatistics(session, shown)));
      return statistics;
    }
    let statistics = this.statistics.get(session);
    if (!statistics) this.statistics.set(session, (statistics = new TrafficStatistics(session)));
    return statistics;
  }

  private requireSession(): CaptureSession {
    if (!this.session) throw new Error('Nothing is open: open a capture file or start a capture first');
    return this.session;
  }

  private emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }
}

/** A save that wrote fewer packets than the session holds joins the session's warnings. */
function noteShortCopy(session: CaptureSession, warning: string | undefined): void {
  if (warning) session.warnings.push(warning);
}

function describeOpenError(path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return `Cannot open ${path}: no such file`;
  if (e?.code === 'EACCES') return `Cannot open ${path}: permission denied`;
  if (e?.code === 'EISDIR') return `Cannot open ${path}: it is a folder, not a capture file`;
  try {
    if (statSync(path).size === 0) return `Cannot open ${path}: the file is empty`;
  } catch {
    // Fall through to the reader's own message.
  }
  const message = e?.message ?? String(err);
  return message.includes(path) ? message : `Cannot open ${path}: ${message}`;
}
