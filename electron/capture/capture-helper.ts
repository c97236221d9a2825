// The capture helper: its own process, started by LiveCapture (or the CLI) with a HelperRequest as
// JSON in argv[2]. It opens the device (cap-source.ts, or dumpcap-backend.ts), writes every packet
// to the capture file as it arrives (one write per batch interval, so a crash loses at most that),
// and sends batches and stats to its parent on stdout (helper-messages.ts). Closing its stdin, or
// SIGTERM/SIGINT, stops it; it then finishes the file and exits.
//
// `mode: 'probe'` only opens the device and reports whether that worked: this is how Layerscope
// learns whether the helper may capture (root, or capabilities on its runtime).
//
// It may run as root for a user who may not capture (pkexec, through the launcher in
// resources/polkit/), so before opening anything it checks its request (helper-request.ts) and the
// folder of its capture file (capture-file-creation.ts), and exits with HELPER_EXIT.badRequest or
// .fileRefused, having created nothing, when either is refused.

import { Socket } from 'node:net';
import { setPriority } from 'node:os';
import { writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import {
  HELPER_EXIT, MSG_END, MSG_ERROR, MSG_READY, MSG_STATS, encodeJsonFrame,
  type HelperError, type HelperErrorKind, type HelperReady, type HelperRequest, type HelperStats,
} from './helper-messages.js';
import type { CaptureFileWriter } from '../files/capture-file-writer.js';
import { PcapngWriter } from '../files/pcapng-writer.js';
import { PcapWriter } from '../files/pcap-writer.js';
import { HelperRequestError, parseHelperRequest } from './helper-request.js';
import { CaptureFileRefused, CaptureFileTarget } from './capture-file-creation.js';
import { PacketBatch } from './packet-batch.js';
import { capSnapLength, startCapSource } from './cap-source.js';
import { startDumpcapSource } from './dumpcap-backend.js';
import type { CaptureSource, SourceHandlers } from './capture-source.js';

const DUMPCAP_SNAPLEN = 262144;

/**
 * The parent pipe. Node makes process.stdout on a pipe blocking on Linux: one big batch would then
 * stall capture until the parent has read it, and the kernel ring would overflow meanwhile. A
 * socket on fd 1 writes without blocking (queued in memory while the parent is busy), so the
 * helper keeps reading the device and writing the file however slow the parent is.
 */
function openParentPipe(): Writable {
  try {
    return new Socket({ fd: 1, readable: false, writable: true });
  } catch {
    return process.stdout;
  }
}
const out = openParentPipe();

function sendThenExit(frame: Buffer, code: number): void {
  out.write(frame, () => process.exit(code));
  setTimeout(() => process.exit(code), 3000).unref();
}

/**
 * A helper that is not scheduled for a few tens of milliseconds loses packets: the kernel ring
 * holds about 10 ms of a 100,000 packets/s flood on lo (see live-capture.ts). It needs little CPU,
 * but needs it promptly, so when allowed (root, or CAP_SYS_NICE) it runs ahead of ordinary
 * processes. Linux's autogroups share the CPU between sessions first and apply nice values only
 * within a session, so the helper, started in a session of its own (LiveCapture spawns it
 * detached), raises its session's weight too.
 */
function raisePriority(): void {
  try { setPriority(-10); } catch { /* not permitted: the normal priority */ }
  if (process.platform === 'linux') {
    try { writeFileSync('/proc/self/autogroup', '-10'); } catch { /* no autogroups, or not permitted */ }
  }
}

function refuse(error: HelperError, code: number): void {
  sendThenExit(encodeJsonFrame(MSG_ERROR, error), code);
}

/** The request and, for a capture, its checked target; undefined (and the helper exiting) when refused. */
function checkedRequest(): { request: HelperRequest; target?: CaptureFileTarget } | undefined {
  let request: HelperRequest;
  try {
    request = parseHelperRequest(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof HelperRequestError)) throw err;
    refuse({ kind: 'request', field: err.field, message: `The capture helper refused its request: ${err.message}` }, HELPER_EXIT.badRequest);
    return undefined;
  }
  if (request.mode === 'probe') return { request };
  try {
    return { request, target: CaptureFileTarget.open(request.filePath) };
  } catch (err) {
    if (!(err instanceof CaptureFileRefused)) throw err;
    refuse({ kind: 'file', reason: err.reason, message: err.message }, HELPER_EXIT.fileRefused);
    return undefined;
  }
}

function main(): void {
  const checked = checkedRequest();
  if (!checked) return;
  const { request, target } = checked;
  const snapLength = request.source === 'dumpcap'
    ? request.snapLength || DUMPCAP_SNAPLEN
    : capSnapLength(request);

  const batch = new PacketBatch();
  const backlogBytes = request.backlogBytes ?? 16 * 1024 * 1024;
  let file: CaptureFileWriter | undefined;
  let source: CaptureSource | undefined;
  let ready = false;
  let finished = false;
  let received = 0;
  let dropped = 0;
  const timers: NodeJS.Timeout[] = [];
  const stats = (): HelperStats => ({ received, dropped, dropsCounted: source?.dropsCounted ?? false });
  const writeFailedFrame = (err: unknown): Buffer =>
    encodeJsonFrame(MSG_ERROR, { kind: 'file', message: `Writing ${request.filePath} failed: ${(err as Error).message}` });

  function fileFailed(err: unknown): void {
    try { file?.close(); } catch { /* the error is being reported already */ }
    file = undefined; // nothing more is written or sent: the packets would not be in the file
    out.write(writeFailedFrame(err));
    stop();
  }

  /**
   * Every batch interval: the packets go to the file first (one write), then to the parent, so
   * the file offsets the parent receives always point at bytes already written.
   */
  function flush(): void {
    if (!file) return;
    try {
      file.flush();
    } catch (err) {
      fileFailed(err);
      return;
    }
    if (batch.count === 0) return;
    // A parent far behind (its event loop busy) would otherwise make this queue grow by every
    // packet captured meanwhile: past the limit it grows by 24 bytes a packet, and the parent
    // reads those packets back from the file (already written above).
    out.write(out.writableLength > backlogBytes ? batch.referencesFrame() : batch.frame());
    batch.reset();
  }

  function stop(): void {
    for (const t of timers) clearInterval(t);
    timers.length = 0;
    if (source) source.stop();
    else finish();
  }

  function finish(): void {
    if (finished) return;
    finished = true;
    for (const t of timers) clearInterval(t);
    flush();
    try {
      file?.close();
    } catch (err) {
      out.write(writeFailedFrame(err));
    }
    sendThenExit(encodeJsonFrame(MSG_END, stats()), HELPER_EXIT.done);
  }

  const handlers: SourceHandlers = {
    ready(linkType: number) {
      const message: HelperReady = { linkType, interface: request.interface, snapLength };
      if (request.mode === 'probe') {
        sendThenExit(encodeJsonFrame(MSG_READY, message), HELPER_EXIT.done);
        return;
      }
      try {
        const fd = target!.create();
        const interfaces = [{ linkType, snapLength, name: request.interface }];
        file = request.fileFormat === 'pcapng' ? new PcapngWriter(fd, interfaces, { ownsFd: true }) : new PcapWriter(fd, interfaces, { ownsFd: true });
      } catch (err) {
        if (err instanceof CaptureFileRefused) {
          finished = true; // the source's end must not report a finished capture
          source?.stop();
          refuse({ kind: 'file', reason: err.reason, message: err.message }, HELPER_EXIT.fileRefused);
          return;
        }
        handlers.error('file', `The capture file ${request.filePath} could not be created: ${(err as Error).message}`);
        return;
      } finally {
        target?.close();
      }
      ready = true;
      out.write(encodeJsonFrame(MSG_READY, message));
      timers.push(setInterval(flush, request.batchInterval || 75));
      timers.push(setInterval(() => out.write(encodeJsonFrame(MSG_STATS, stats())), 1000));
      if (request.durationSeconds) timers.push(setTimeout(stop, request.durationSeconds * 1000));
    },
    packet(seconds, nanos, bytes, length, originalLength) {
      if (!file || (request.count && received >= request.count)) return;
      let offset: number;
      try {
        offset = file.append(0, seconds, nanos, bytes, length, originalLength);
      } catch (err) {
        fileFailed(err);
        return;
      }
      batch.add(seconds, nanos, bytes, length, originalLength, offset);
      received++;
      if (request.count && received >= request.count) setImmediate(stop);
    },
    error(kind: HelperErrorKind, message: string) {
      if (!ready) {
        source?.stop();
        refuse({ kind, message }, HELPER_EXIT.failed);
        return;
      }
      out.write(encodeJsonFrame(MSG_ERROR, { kind, message }));
      stop();
    },
    drops(count: number) {
      dropped = count;
    },
    end: finish,
  };

  if (request.mode === 'capture') raisePriority();
  source = (request.source === 'dumpcap' ? startDumpcapSource : startCapSource)(request, handlers);
  if (request.mode === 'probe' || !source) return;

  process.stdin.on('data', () => { /* input is ignored: only its end matters */ });
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  out.on('error', stop); // the parent went away: finish the file anyway
}

main();
