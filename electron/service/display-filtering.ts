// Applying a display filter to an open capture, in slices so the service keeps answering (the
// list fills as matches are found, with progress); a newer filter supersedes one still running;
// packets that arrive later (a live capture, a file still being read) are tested as they come.
// Each packet is tested as cheaply as the indexes allow (PacketMatcher).

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { compileDisplayFilter } from '../filter/display-filter.js';
import { FilterError } from '../filter/filter-error.js';
import type { CaptureSession } from './capture-session.js';
import type { DisplayStatus } from './contract.js';
import { DisplayedPackets } from './displayed-packets.js';
import { PacketMatcher } from './packet-matcher.js';

/** How long one slice may keep the event loop (ms). */
const SLICE_MS = 20;

export class DisplayFiltering {
  private generation = 0;
  /** The catch-up loop running, if any (one at a time). */
  private running: Promise<DisplayStatus> | undefined;

  constructor(private readonly report: (status: DisplayStatus) => void) {}

  /** Stops a filter still running (the capture is closing, or another filter replaces it). */
  cancel(): void {
    this.generation++;
    this.running = undefined;
  }

  /** Shows only the packets `text` matches ('' shows all again); resolves when every packet is tested. */
  async apply(session: CaptureSession, text: string): Promise<DisplayStatus> {
    this.cancel();
    if (text.trim() === '') {
      session.display = null;
      const status = statusOf(session);
      this.report(status);
      return status;
    }
    let filter;
    try {
      filter = compileDisplayFilter(text);
    } catch (err) {
      // The page checks as the user types; a filter applied anyway gets the same message.
      if (err instanceof FilterError) throw new Error(`filter.apply: ${err.message} (at position ${err.position})`);
      throw err;
    }
    session.display = new DisplayedPackets(filter);
    return this.catchUp(session);
  }

  /** New packets were added to `session`: test them against the filter shown, if any. */
  packetsAdded(session: CaptureSession): void {
    if (session.display && !this.running) void this.catchUp(session);
  }

  private catchUp(session: CaptureSession): Promise<DisplayStatus> {
    const generation = this.generation;
    const run = this.test(session, generation).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async test(session: CaptureSession, generation: number): Promise<DisplayStatus> {
    const shown = session.display!;
    const matcher = new PacketMatcher(session, shown.filter);
    let until = performance.now() + SLICE_MS;
    while (shown.checked < session.index.size) {
      const number = shown.checked + 1;
      // As in Wireshark, no filter matches an ignored packet.
      if (!session.isIgnored(number) && matcher.matches(number)) shown.add(number);
      shown.checked = number;
      // (The clock is read every 256 packets: reading it for each cost a tenth of a quick filter.)
      if ((number & 0xff) === 0 && performance.now() > until) {
        this.report(statusOf(session));
        await yieldToEventLoop();
        if (generation !== this.generation || session.display !== shown) return { ...statusOf(session), superseded: true };
        until = performance.now() + SLICE_MS;
      }
    }
    const status = statusOf(session);
    this.report(status);
    return status;
  }
}

export function statusOf(session: CaptureSession): DisplayStatus {
  const shown = session.display;
  const total = session.index.size;
  if (!shown) return { filter: '', displayed: total, checked: total, total, done: true };
  return { filter: shown.text, displayed: shown.size, checked: shown.checked, total, done: shown.checked >= total };
}
