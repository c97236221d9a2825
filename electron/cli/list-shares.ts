// `layerscope list` on several threads: the frames are shared out by their pair of IP addresses
// (address-pair-share.ts), the main thread decodes share 0 and a worker thread
// (list-share-worker.ts) each other share, all walking the same file. Every decoder sees whole
// conversations, so each line is what one decoder alone would print. The main thread prints all
// lines in packet order, copying a worker's line, already encoded, when the packet is in its share.

import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { join } from 'node:path';
import type { BufferedOutput } from './buffered-output.js';
import { SIGNAL_SLOTS, Signal, type ListShareJob, type ListShareMessage } from './list-share-protocol.js';

/**
 * A worker's young generation: a decoder's garbage is short-lived, and V8's default (48 MB on
 * 64-bit) added that much resident memory per worker for no speed (the 1M-packet benchmark).
 */
const YOUNG_GENERATION_MB = 8;
/** A worker that has moved past no packet for this long is taken to have died. */
const STALLED_MS = 20_000;

/** A worker thread stopped on an error of ours. */
export class ListShareFailed extends Error {
  constructor(message: string, readonly workerStack: string | undefined) {
    super(message);
    this.name = 'ListShareFailed';
  }
}

/** One worker's lines as they arrive: the block being printed and where in it the next line is. */
class ShareLines {
  private chunks: Buffer[] = [];
  private lengths: Int32Array = new Int32Array(0);
  private line = 0;
  private chunk = 0;
  private offset = 0;
  private received = 0;
  private ended = false;

  constructor(
    readonly worker: Worker,
    private readonly share: number,
    private readonly port: MessagePort,
    private readonly signals: Int32Array,
  ) {}

  /** Copies the share's next line into `out`; false when the worker walked no further (the file grew since). */
  copyNext(out: BufferedOutput): boolean {
    if (this.line === this.lengths.length && !this.nextBlock()) return false;
    let left = this.lengths[this.line++];
    while (left > 0) {
      const chunk = this.chunks[this.chunk];
      const take = Math.min(left, chunk.length - this.offset);
      out.copy(chunk, this.offset, this.offset + take);
      left -= take;
      this.offset += take;
      if (this.offset === chunk.length) {
        this.chunk++;
        this.offset = 0;
      }
    }
    return true;
  }

  /** Takes the worker's next block of lines, waiting for it; false after its last. */
  private nextBlock(): boolean {
    if (this.received > 0) {
      Atomics.add(this.signals, Signal.CONSUMED, 1);
      Atomics.notify(this.signals, Signal.CONSUMED);
    }
    for (;;) {
      if (this.ended) return false;
      const message = this.receive();
      this.received++;
      if (message.kind === 'failed') throw new ListShareFailed(message.message, message.stack);
      this.ended = message.last;
      this.chunks = message.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));
      this.lengths = message.lengths;
      this.line = this.chunk = this.offset = 0;
      if (this.lengths.length > 0) return true;
    }
  }

  /** The next message from the worker: waits on the shared counter (the event loop is not running). */
  private receive(): ListShareMessage {
    let progress = Atomics.load(this.signals, Signal.PROGRESS);
    let since = Date.now();
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got) return got.message as ListShareMessage;
      const posted = Atomics.load(this.signals, Signal.POSTED);
      // Posted but not yet on the port: look again in a moment. Otherwise sleep until it posts.
      Atomics.wait(this.signals, Signal.POSTED, posted, posted > this.received ? 1 : 1000);
      const now = Atomics.load(this.signals, Signal.PROGRESS);
      if (now !== progress) {
        progress = now;
        since = Date.now();
      } else if (Date.now() - since > STALLED_MS) {
        throw new ListShareFailed(`the decoding thread for share ${this.share} stopped responding`, undefined);
      }
    }
  }
}

/** The worker threads of one parallel listing. */
export class ListShares {
  private readonly shares: ShareLines[] = [];

  /** Starts a worker for each share but 0 (the caller's) of `shares`. */
  constructor(path: string, count: number, language: string) {
    for (let share = 1; share < count; share++) {
      const { port1, port2 } = new MessageChannel();
      const signals = new Int32Array(new SharedArrayBuffer(SIGNAL_SLOTS * 4));
      const job: ListShareJob = { path, share, shares: count, language, port: port2, signals };
      const worker = startWorker(job);
      // Printing ends the command; a worker left behind (the reader of our output went away) must not keep the process.
      worker.unref();
      this.shares.push(new ShareLines(worker, share, port1, signals));
    }
  }

  /** Prints share `share`'s next line; false when its worker has none (the caller decodes the packet itself). */
  copyNext(share: number, out: BufferedOutput): boolean {
    return this.shares[share - 1].copyNext(out);
  }

  close(): void {
    for (const s of this.shares) void s.worker.terminate();
  }
}

/**
 * Starts the worker for `job`. It is loaded through a few lines of bootstrap that report an error
 * in loading or running it as a failed message: this thread waits on the worker without an event
 * loop, so the worker's own 'error' event would never be seen.
 */
function startWorker(job: ListShareJob): Worker {
  // The esbuild bundles are CommonJS (no import.meta.url), with the worker built beside this one.
  // Source runs as ESM under tsx, which a worker does not inherit: it registers tsx first.
  const url = import.meta.url as string | undefined;
  const load = url
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./list-share-worker.ts', url).href)}); }).catch(failed);`
    : `try { require(${JSON.stringify(join(__dirname, 'list-share-worker.cjs'))}); } catch (error) { failed(error); }`;
  const bootstrap = `const { workerData } = require('node:worker_threads');
function failed(error) {
  workerData.port.postMessage({ kind: 'failed', message: String((error && error.message) || error), stack: error && error.stack });
  Atomics.add(workerData.signals, ${Signal.POSTED}, 1);
  Atomics.notify(workerData.signals, ${Signal.POSTED});
}
${load}`;
  return new Worker(bootstrap, { eval: true, workerData: job, transferList: [job.port], resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}
