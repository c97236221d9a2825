// The parent side of a live capture: starts the capture helper process, reads its batches and
// stats, and stops it. Nothing here blocks the event loop: the capture itself, and the writing of
// the capture file, happen in the helper.
//
//   const capture = await LiveCapture.start({ interface: 'lo', filter: 'tcp port 5555' }, { filePath });
//   capture.on('batch', (packets: PacketRecord[]) => ...);   // every ~75 ms while packets arrive
//   capture.on('stats', ({ received, dropped }) => ...);     // every second
//   capture.on('end', ({ received, dropped }) => ...);       // the helper finished (stop, -c, -a)
//   capture.on('error', (err: CaptureError) => ...);         // the helper died or the stream broke
//   const totals = await capture.stop();

import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { CaptureOptions } from '../service/contract.js';
import type { CaptureInterface, PacketRecord } from '../files/packet-record.js';
import {
  FrameReader, MSG_BATCH, MSG_BATCH_REFS, MSG_END, MSG_ERROR, MSG_READY, MSG_STATS, decodeBatch, decodeBatchReferences, parseJson,
  type HelperError, type HelperReady, type HelperRequest, type HelperStats, type PacketReference,
} from './helper-messages.js';
import { CaptureFileRandomAccess } from '../files/capture-file-random-access.js';
import { elevatedHelperCommand, helperCommand, helperInvocation, type HelperCommand } from './helper-command.js';
import { CaptureError, captureErrorFor, keepStderrTail } from './capture-error.js';
import { findPkexec } from './capture-permission.js';

export { CaptureError } from './capture-error.js';

/** How the capture runs: see CapturePermission.backend in the contract. */
export type CaptureBackend = 'cap' | 'cap-elevated' | 'dumpcap';

export interface LiveCaptureOptions {
  /** The file the packets are written to as they arrive (a temporary file until the user saves). */
  filePath: string;
  /** 'pcapng' (default) or classic 'pcap'. */
  fileFormat?: 'pcapng' | 'pcap';
  /** Default 'cap': the helper as this user (root or capabilities needed). */
  backend?: CaptureBackend;
  /** Milliseconds between batches, default 75. */
  batchInterval?: number;
  /** Bytes the helper lets wait in the pipe before sending packets as file references (default 16 MiB). */
  backlogBytes?: number;
  /** Stop after this many packets. */
  count?: number;
  /** Stop after this many seconds. */
  durationSeconds?: number;
  /** How long to wait for the device to open (pkexec waits for a password), default 15 s or 120 s elevated. */
  startTimeout?: number;
  /** Run the helper through this wrapper (e.g. ['setpriv', '--reuid=65534', ...]): tests of refusal. */
  wrapper?: string[];
}

export interface CaptureTotals {
  received: number;
  /** Packets the kernel dropped, as far as the backend can tell (`dropsCounted`). */
  dropped: number;
  /** False when the backend cannot read the kernel's drop counter (cap 0.2 has no pcap_stats). */
  dropsCounted: boolean;
}

const DEFAULT_SNAPLEN = 65535;
/**
 * Default kernel buffer. cap forces immediate mode and a 65,535-byte snap length, so libpcap uses
 * a ring of fixed slots, each a 128 KiB block, on lo and on NICs with offloading; on lo every packet
 * takes two slots (the outgoing copy is discarded only after it is read). 128 MiB thus holds about
 * 1,000 packets (10 ms at 100,000 packets/s) and costs ~300 MB of kernel memory and half a second
 * to set up; a bigger ring costs proportionally more (512 MiB: ~1 GB and ~2 s), so the helper
 * keeps up instead (see cap-source.ts). dumpcap packs packets tightly and needs far less. libpcap
 * shrinks the ring by itself when the kernel refuses the size.
 */
const DEFAULT_BUFFER: Record<CaptureBackend, number> = {
  cap: 128 * 1024 * 1024,
  'cap-elevated': 128 * 1024 * 1024,
  dumpcap: 8 * 1024 * 1024,
};

export class LiveCapture extends EventEmitter {
  /** The capture's one interface: LINKTYPE_, snap length and name (records use interfaceId 0). */
  readonly interface: CaptureInterface;
  readonly filePath: string;
  readonly fileFormat: 'pcapng' | 'pcap';
  readonly backend: CaptureBackend;
  private totals: CaptureTotals = { received: 0, dropped: 0, dropsCounted: false };
  /** Packets that arrived here in batches. */
  private delivered = 0;
  /** Packets the helper sent as references, read back from the capture file. */
  private fromFile = 0;
  private file: CaptureFileRandomAccess | undefined;
  private ended = false;
  private readonly endPromise: Promise<CaptureTotals>;

  private constructor(
    private readonly child: ChildProcess,
    ready: HelperReady,
    options: LiveCaptureOptions,
    backend: CaptureBackend,
    private readonly frames: FrameReader,
  ) {
    super();
    this.interface = { linkType: ready.linkType, snapLength: ready.snapLength, name: ready.interface };
    this.filePath = options.filePath;
    this.fileFormat = options.fileFormat ?? 'pcapng';
    this.backend = backend;
    this.endPromise = new Promise((resolve) => this.once('end', resolve));
  }

  /** The helper's process id (for diagnostics; stop() is the way to end it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * How many packets were read back from the capture file because this process fell behind the
   * helper (see MSG_BATCH_REFS): they arrive in their batches all the same.
   */
  get packetsReadFromFile(): number {
    return this.fromFile;
  }

  /** Packets and drops so far. */
  get stats(): CaptureTotals {
    return { ...this.totals };
  }

  /** Resolves with the totals when the helper has finished (stop(), -c, -a, or a failure). */
  whenEnded(): Promise<CaptureTotals> {
    return this.endPromise;
  }

  get running(): boolean {
    return !this.ended;
  }

  /**
   * Opens the device in a helper process and resolves once packets are being captured. Rejects
   * with a CaptureError (explanation and fix commands) when the device cannot be opened, the filter
   * is invalid, or this user may not capture.
   */
  static start(options: CaptureOptions, opts: LiveCaptureOptions): Promise<LiveCapture> {
    const backend = opts.backend ?? 'cap';
    // The helper takes only absolute paths (the CLI's -w may be relative to where it was run).
    opts = { ...opts, filePath: resolve(opts.filePath) };
    const request: HelperRequest = {
      mode: 'capture',
      source: backend === 'dumpcap' ? 'dumpcap' : 'cap',
      interface: options.interface,
      filter: options.filter ?? '',
      snapLength: options.snapLength ?? DEFAULT_SNAPLEN,
      promiscuous: options.promiscuous ?? true,
      bufferSize: options.bufferSize ?? DEFAULT_BUFFER[backend],
      filePath: opts.filePath,
      fileFormat: opts.fileFormat ?? 'pcapng',
      count: opts.count,
      durationSeconds: opts.durationSeconds,
      batchInterval: opts.batchInterval ?? 75,
      backlogBytes: opts.backlogBytes,
    };
    let child: ChildProcess;
    try {
      child = spawnHelper(backend, request, opts.wrapper);
    } catch (err) {
      return Promise.reject(err instanceof CaptureError ? err : new CaptureError('other', (err as Error).message));
    }
    const timeoutMs = opts.startTimeout ?? (backend === 'cap-elevated' ? 120_000 : 15_000);
    return new Promise((resolve, reject) => {
      const frames = new FrameReader();
      let stderr = '';
      let settled = false;
      let capture: LiveCapture | undefined;
      const timer = setTimeout(() => settle(() => {
        child.kill('SIGKILL');
        reject(new CaptureError('other', `The capture on ${options.interface} did not start within ${timeoutMs / 1000} s`));
      }), timeoutMs);
      /** Resolves or rejects the start once; whatever comes after that is ignored. */
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };

      child.stderr?.on('data', (chunk: Buffer) => { stderr = keepStderrTail(stderr, chunk); });
      child.stdout?.on('data', (chunk: Buffer) => {
        for (const frame of frames.push(chunk)) {
          if (capture) {
            capture.handleFrame(frame.type, frame.payload);
            continue;
          }
          if (frame.type === MSG_READY) {
            const ready = parseJson<HelperReady>(frame.payload);
            if (!ready) continue;
            settle(() => {
              capture = new LiveCapture(child, ready, opts, backend, frames);
              resolve(capture);
            });
          } else if (frame.type === MSG_ERROR) {
            const error = parseJson<HelperError>(frame.payload) ?? { kind: 'other', message: 'unknown error' };
            settle(() => reject(captureErrorFor(error, options, backend)));
          }
        }
      });
      child.on('error', (err) => {
        if (capture) return capture.fail(`The capture helper failed: ${err.message}`);
        settle(() => reject(new CaptureError('other', `The capture helper could not be started: ${err.message}`)));
      });
      child.on('close', (code, signal) => {
        if (capture) return capture.finish(code, signal, stderr);
        settle(() => {
          const detail = stderr.trim() || `exit code ${code ?? signal}`;
          const kind = backend === 'cap-elevated' && (code === 126 || code === 127) ? 'permission' : 'other';
          reject(
            kind === 'permission'
              ? captureErrorFor({ kind, message: 'Authentication through pkexec was refused or cancelled' }, options, backend)
              : new CaptureError('other', `The capture helper stopped before capturing: ${detail}`),
          );
        });
      });
    });
  }

  /** Stops capturing; resolves with the totals once the helper has finished the file. */
  stop(): Promise<CaptureTotals> {
    if (this.ended) return Promise.resolve(this.stats);
    this.child.stdin?.end();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    return this.endPromise.finally(() => clearTimeout(killer));
  }

  private handleFrame(type: number, payload: Buffer): void {
    if (type === MSG_BATCH || type === MSG_BATCH_REFS) {
      const packets: PacketRecord[] = type === MSG_BATCH ? decodeBatch(payload) : this.readBack(decodeBatchReferences(payload));
      this.delivered += packets.length;
      this.totals.received = Math.max(this.totals.received, this.delivered);
      if (packets.length) this.emit('batch', packets);
    } else if (type === MSG_STATS || type === MSG_END) {
      // The helper's count runs ahead of the batches still in the pipe: take the larger of the two,
      // never their sum.
      const stats = parseJson<HelperStats>(payload);
      if (stats) this.totals = { received: Math.max(this.delivered, stats.received), dropped: stats.dropped, dropsCounted: stats.dropsCounted };
      if (type === MSG_STATS) this.emit('stats', this.stats);
    } else if (type === MSG_ERROR) {
      const error = parseJson<HelperError>(payload);
      this.fail(error?.message ?? 'The capture helper reported an error');
    }
  }

  /** The referenced packets, read from the capture file the helper has already written them to. */
  private readBack(refs: PacketReference[]): PacketRecord[] {
    const packets: PacketRecord[] = [];
    try {
      this.file ??= new CaptureFileRandomAccess(this.filePath, [this.interface]);
      for (const ref of refs) {
        // The bytes from the file; the timestamp as the helper had it (whatever resolution the file keeps).
        const record = this.file.read(ref.fileOffset, 0);
        packets.push({ ...record, seconds: ref.seconds, nanos: ref.nanos, originalLength: ref.originalLength });
      }
    } catch (err) {
      this.fail(`${refs.length - packets.length} packets could not be read back from ${this.filePath}: ${(err as Error).message}`);
    }
    this.fromFile += packets.length;
    return packets;
  }

  private fail(message: string): void {
    if (this.listenerCount('error') > 0) this.emit('error', new CaptureError('other', message));
  }

  private finish(code: number | null, signal: NodeJS.Signals | null, stderr: string): void {
    if (this.ended) return;
    this.ended = true;
    this.file?.close();
    this.file = undefined;
    if (code !== 0 || this.frames.leftover > 0) {
      this.fail(`The capture helper ended unexpectedly (${signal ?? `exit code ${code}`})${stderr.trim() ? `: ${stderr.trim()}` : ''}; packets captured so far are in ${this.filePath}`);
    }
    this.emit('end', this.stats);
  }
}

function spawnHelper(backend: CaptureBackend, request: HelperRequest, wrapper?: string[]): ChildProcess {
  let command: HelperCommand;
  if (backend === 'cap-elevated') {
    const pkexec = findPkexec();
    if (!pkexec) throw new CaptureError('permission', 'pkexec is not installed, so the capture helper cannot be started with elevation');
    command = elevatedHelperCommand(pkexec);
  } else {
    command = helperCommand();
  }
  const { file, args, env } = helperInvocation(command, request, wrapper);
  // Detached: a session of its own, so the scheduler shares the CPU between it and the app rather
  // than among all the app's processes (see raisePriority in capture-helper.ts). It still stops
  // when this process goes away: its stdin closes.
  return spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
}
