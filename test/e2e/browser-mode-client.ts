// What the browser-mode tests share: a WebSocket client speaking the contract's wire format, and
// `layerscope serve` run as a child process that prints its URL.
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import type { ServerMessage } from '../../electron/service/contract.js';

interface ReceivedEvent {
  event: string;
  payload: any;
}

/** Requests by id, as the page sends them; every event is kept in arrival order. */
export class BrowserModeClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly events: ReceivedEvent[] = [];
  private eventWaiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if ('event' in message) {
        this.events.push(message as ReceivedEvent);
        for (const w of this.eventWaiters.splice(0)) w();
      } else if ('error' in message) {
        this.pending.get(message.id)?.reject(new Error(message.error.message));
        this.pending.delete(message.id);
      } else {
        this.pending.get(message.id)?.resolve(message.result);
        this.pending.delete(message.id);
      }
    });
  }

  /** Opens the WebSocket; a refused upgrade rejects with its HTTP status. */
  static connect(url: string, headers: Record<string, string> = {}): Promise<BrowserModeClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new BrowserModeClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  request(request: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, request, params }));
    });
  }

  async waitForEvent(predicate: (e: ReceivedEvent) => boolean, timeoutMs = 5000): Promise<ReceivedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(this.events.map((e) => e.event))}`);
      await new Promise<void>((resolve) => {
        this.eventWaiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** `layerscope serve ARGS` from the repository root, run through `wrapper` (e.g. setpriv) if given. */
export class ServeProcess {
  readonly child;
  stdout = '';
  stderr = '';

  constructor(args: string[], options: { wrapper?: string[]; env?: NodeJS.ProcessEnv } = {}) {
    const [command, ...rest] = [...(options.wrapper ?? []), process.execPath, '--import', 'tsx', 'electron/cli/layerscope-cli.ts', 'serve', ...args];
    this.child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env });
    this.child.stdout.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  /** The URL serve prints; rejects if it exits or prints none in time. */
  url(timeoutMs = 15000): Promise<URL> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.stdout.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
        if (m) resolve(new URL(m[0]));
      };
      check();
      this.child.stdout.on('data', check);
      this.child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${this.stdout} ${this.stderr}`)));
      setTimeout(() => reject(new Error(`no URL printed: ${this.stdout} ${this.stderr}`)), timeoutMs).unref();
    });
  }

  exited(): Promise<number | null> {
    return new Promise((resolve) => this.child.once('exit', resolve));
  }
}
