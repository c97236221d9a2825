// The capture helper: its own process, started by LiveCapture (or the CLI) with a HelperRequest as
// JSON in argv[2]. It opens the device (cap-source.ts, or dumpcap-backend.ts), writes every packet
// to the capture file as it arrives (one write per batch, so a crash loses at most the last batch),
// and sends batches and stats to its parent on stdout (helper-messages.ts). Closing its stdin, or
// SIGTERM/SIGINT, stops it; it then finishes the file and exits.
//
// `mode: 'probe'` only opens the device and reports whether that worked: this is how Layerscope
// learns whether the helper may capture (root, or capabilities on its runtime).

import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { PacketRecord } from '../files/packet-record.js';
import {
  MSG_END, MSG_ERROR, MSG_READY, MSG_STATS, encodeJsonFrame,
  type HelperErrorKind, type HelperReady, type HelperRequest, type HelperStats,
} from './helper-messages.js';
import { createCaptureFileWriter, type CaptureFileWriter } from '../files/capture-file-writer.js';
import { PacketBatch } from './packet-batch.js';
import { startCapSource, CAP_SNAPLEN } from './cap-source.js';
import { startDumpcapSource } from './dumpcap-backend.js';
import type { CaptureSource, SourceHandlers } from './capture-source.js';

const DUMPCAP_SNAPLEN = 262144;
/** Packets written to the file per event-loop turn, so the device is drained in between. */
const WRITE_CHUNK = 256;

/**
 * The parent pipe. Node makes process.stdout on a pipe blocking on Linux: one big batch would then
 * stall capture until the parent has read it, and the kernel ring would overflow meanwhile. A
 * socket on fd 1 writes without blocking (queued in memory while the parent is busy).
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

function readRequest(): HelperRequest | undefined {
  try {
    const request = JSON.parse(process.argv[2] ?? '') as HelperRequest;
    return typeof request.interface === 'string' ? request : undefined;
  } catch {
    return undefined;
  }
}

function main(): void {
  const request = readRequest();
  if (!request) {
    sendThenExit(encodeJsonFrame(MSG_ERROR, { kind: 'other', message: 'The capture helper was started without a valid request' }), 2);
    return;
  }
  const snapLength = request.source === 'dumpcap'
    ? request.snapLength || DUMPCAP_SNAPLEN
    : Math.max(1, Math.min(request.snapLength || CAP_SNAPLEN, CAP_SNAPLEN));

  let batch = new PacketBatch();
  let writer: CaptureFileWriter | undefined;
  /** Where the file will end once every queued packet is written: the next packet's offset. */
  let fileEnd = 0;
  const unwritten: PacketRecord[][] = [];
  let writing = false;
  let source: CaptureSource | undefined;
  let ready = false;
  let finished = false;
  let received = 0;
  let dropped = 0;
  const timers: NodeJS.Timeout[] = [];
  const stats = (): HelperStats => ({ received, dropped, dropsCounted: source?.dropsCounted ?? false });

  /** Sends the batch to the parent and queues it for the file, in chunks between device reads. */
  function flush(): void {
    if (batch.count === 0 || !writer) return;
    const full = batch;
    batch = new PacketBatch(); // the records below are views into the full batch's buffer
    fileEnd = full.setFileOffsets(fileEnd, writer.format);
    out.write(full.frame());
    const records = full.records();
    for (let i = 0; i < records.length; i += WRITE_CHUNK) unwritten.push(records.slice(i, i + WRITE_CHUNK));
    if (!writing) {
      writing = true;
      setImmediate(writeSome);
    }
  }

  function writeSome(): void {
    const chunk = unwritten.shift();
    if (!chunk || !writer) {
      writing = false;
      return;
    }
    try {
      writer.write(chunk);
    } catch (err) {
      unwritten.length = 0;
      writing = false;
      out.write(encodeJsonFrame(MSG_ERROR, { kind: 'file', message: `Writing ${request!.filePath} failed: ${(err as Error).message}` }));
      stop();
      return;
    }
    setImmediate(writeSome);
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
      for (const chunk of unwritten.splice(0)) writer?.write(chunk);
    } catch (err) {
      out.write(encodeJsonFrame(MSG_ERROR, { kind: 'file', message: `Writing ${request!.filePath} failed: ${(err as Error).message}` }));
    }
    writer?.close();
    sendThenExit(encodeJsonFrame(MSG_END, stats()), 0);
  }

  const handlers: SourceHandlers = {
    ready(linkType: number) {
      const message: HelperReady = { linkType, interface: request.interface, snapLength };
      if (request.mode === 'probe') {
        sendThenExit(encodeJsonFrame(MSG_READY, message), 0);
        return;
      }
      try {
        writer = createCaptureFileWriter(request.filePath, request.fileFormat, [
          { linkType, snapLength, name: request.interface },
        ]);
        fileEnd = writer.bytesWritten;
      } catch (err) {
        handlers.error('file', `The capture file ${request.filePath} could not be created: ${(err as Error).message}`);
        return;
      }
      ready = true;
      out.write(encodeJsonFrame(MSG_READY, message));
      timers.push(setInterval(flush, request.batchInterval || 75));
      timers.push(setInterval(() => out.write(encodeJsonFrame(MSG_STATS, stats())), 1000));
      if (request.durationSeconds) timers.push(setTimeout(stop, request.durationSeconds * 1000));
    },
    packet(seconds, nanos, data, originalLength) {
      if (!writer || (request.count && received >= request.count)) return;
      batch.add(seconds, nanos, data, originalLength);
      received++;
      if (request.count && received >= request.count) setImmediate(stop);
    },
    error(kind: HelperErrorKind, message: string) {
      if (!ready) {
        source?.stop();
        sendThenExit(encodeJsonFrame(MSG_ERROR, { kind, message }), 2);
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
