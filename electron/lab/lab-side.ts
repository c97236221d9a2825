// One side of a Socket Lab exchange (the client or the server): a Python process performing one
// real socket call per request (socket-calls.py), so each step a student takes is exactly one
// system call with its real result or errno. A blocking call blocks only its own side, as in a
// real program; the other side's process goes on.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** What one call returned: its value, or the error the kernel (or Python's timeout) gave. */
export type CallOutcome =
  | { ok: true; value: unknown; started: number; ended: number }
  | { ok: false; errno?: number; code?: string; message?: string; timeout?: boolean; started: number; ended: number };

/** A request the lab refused to perform (bad arguments, an address beyond loopback): no call was made. */
export class LabRequestRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabRequestRefused';
  }
}

/** The lab cannot run here: Python 3 is missing, or its process died. */
export class LabUnavailable extends Error {
  readonly code = 'LAB_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'LabUnavailable';
  }
}

export type LabCall = Record<string, unknown> & { call: string };

function thisDirectory(): string {
  // Source runs as ESM; the esbuild bundles are CommonJS with __dirname.
  const url = import.meta.url as string | undefined;
  return url ? dirname(fileURLToPath(url)) : __dirname;
}

/** socket-calls.py beside this module (source), or in dist/lab/ beside the bundles. */
export function socketCallsScript(): string {
  const here = thisDirectory();
  const candidates = [join(here, 'socket-calls.py'), resolve(here, '..', 'lab', 'socket-calls.py'), resolve(here, '..', '..', 'electron', 'lab', 'socket-calls.py')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new LabUnavailable('The Socket Lab is incomplete: socket-calls.py is missing from this installation');
  return found;
}

/** Microseconds since the epoch (when the call began and returned), as the capture stamps packets. */
const toMicros = (v: unknown) => (typeof v === 'number' ? v : 0);

export class LabSide {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(o: CallOutcome): void; reject(e: Error): void }>();
  private stderr = '';
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(readonly name: 'client' | 'server', python = process.env.LAYERSCOPE_PYTHON ?? 'python3') {
    this.child = spawn(python, ['-u', socketCallsScript()], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('close', () => resolve()));
    this.child.once('error', (err: NodeJS.ErrnoException) => {
      this.fail(
        err.code === 'ENOENT'
          ? new LabUnavailable(`The Socket Lab needs Python 3 (${python} was not found); install it (Debian/Ubuntu: apt-get install python3) and try again`)
          : new LabUnavailable(`The Socket Lab's ${name} could not start: ${err.message}`),
      );
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4096)));
    this.child.once('exit', (code, signal) => {
      if (!this.failure) this.fail(new LabUnavailable(`The Socket Lab's ${name} ended (${signal ?? `exit code ${code}`})${this.stderr ? `: ${this.stderr.trim().split('\n').at(-1)}` : ''}`));
    });
    const lines = createInterface({ input: this.child.stdout! });
    lines.on('line', (line) => this.receive(line));
  }

  /** Performs one call on this side; resolves with its outcome when the call returns. */
  perform(call: LabCall): Promise<CallOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin!.write(JSON.stringify({ ...call, id }) + '\n');
    });
  }

  /** Ends this side: its sockets close as a program's do when it exits. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.failure ??= new LabUnavailable(`The Socket Lab's ${this.name} was closed`);
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  private receive(line: string): void {
    let reply: Record<string, unknown>;
    try {
      reply = JSON.parse(line);
    } catch {
      return;
    }
    const waiting = this.pending.get(reply.id as number);
    if (!waiting) return;
    this.pending.delete(reply.id as number);
    if (typeof reply.refused === 'string') return waiting.reject(new LabRequestRefused(reply.refused));
    const started = toMicros(reply.started);
    const ended = toMicros(reply.ended);
    if (reply.ok) waiting.resolve({ ok: true, value: reply.value ?? null, started, ended });
    else {
      waiting.resolve({
        ok: false,
        errno: typeof reply.errno === 'number' ? reply.errno : undefined,
        code: typeof reply.code === 'string' && reply.code ? reply.code : undefined,
        message: typeof reply.message === 'string' ? reply.message : undefined,
        timeout: reply.timeout === true || undefined,
        started,
        ended,
      });
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
