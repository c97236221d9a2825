// A live capture feeding a session: the capture engine writes every packet to the session's
// temporary pcapng as it arrives and hands them over in batches; each batch is indexed and
// announced once, so the UI hears about packets every 50-100 ms, not once per packet.

import type { CaptureOptions } from './contract.js';
import type { CaptureSession } from './capture-session.js';
import { CaptureError, LiveCapture, type CaptureBackend, type CaptureTotals } from '../capture/live-capture.js';
import { checkCapturePermission } from '../capture/capture-permission.js';
import type { CaptureInterface, PacketRecord } from '../files/packet-record.js';

/** Shown with every capture by the cap backend, which cannot read the kernel's drop counter. */
export const CAP_DROPS_UNKNOWN =
  'Packets the kernel drops under heavy load are not counted by this capture backend (cap), so none can be shown; the dumpcap backend counts them.';

export interface LiveSessionEvents {
  /** A batch of packets was indexed. */
  packets(): void;
  /** Capturing state or drop count changed. */
  status(): void;
  /** The capture ended (stopped, or failed). */
  ended(): void;
}

/** A refused capture as one message: what went wrong, then the commands that fix it. */
function explainCaptureError(err: unknown): Error {
  if (err instanceof CaptureError && err.fixCommands.length) {
    return new Error(`${err.message}\nTo fix it, run:\n${err.fixCommands.map((c) => `  ${c}`).join('\n')}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export class LiveSession {
  private ended = false;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly capture: LiveCapture,
    private readonly session: CaptureSession,
    private readonly events: LiveSessionEvents,
  ) {}

  /** Starts capturing into `filePath`. Throws, with the explanation and fix, when refused. */
  static async start(options: CaptureOptions, filePath: string, session: CaptureSession, events: LiveSessionEvents): Promise<LiveSession> {
    const permission = await checkCapturePermission();
    // With no way to capture, still try the plain helper: its refusal explains why and what to run.
    const backend: CaptureBackend = permission.backend === 'none' ? 'cap' : permission.backend;
    let capture: LiveCapture;
    try {
      capture = await LiveCapture.start(options, { filePath, backend });
    } catch (err) {
      throw explainCaptureError(err);
    }
    const interfaces: CaptureInterface[] = [capture.interface];
    const live = new LiveSession(capture, session, events);
    session.capturing = true;
    // No drop count shown must not read as "nothing dropped" when the backend cannot know.
    if (capture.backend !== 'dumpcap') session.warnings.push(CAP_DROPS_UNKNOWN);
    capture.on('batch', (records: PacketRecord[]) => {
      for (const record of records) session.ingest(record, interfaces);
      events.packets();
    });
    capture.on('stats', (stats: CaptureTotals) => {
      if (stats.dropsCounted && stats.dropped !== session.dropped) {
        session.dropped = stats.dropped;
        events.status();
      }
    });
    capture.on('error', (err: Error) => {
      session.warnings.push(`The capture failed: ${err.message}`);
      events.status();
    });
    capture.on('end', () => live.finish());
    return live;
  }

  /** Stops the capture; resolves once the capture file is complete. */
  stop(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      this.capture.once('end', () => resolve());
      this.capture.stop().catch(() => resolve());
    });
    return this.stopping;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.session.capturing = false;
    this.events.status();
    this.events.ended();
  }
}
