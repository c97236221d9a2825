// `layerscope list FILE [-Y FILTER] [--threads N]`: one summary line per packet (number, relative
// time, source, destination, protocol, length, info), laid out like `tshark -r FILE [-Y FILTER]`.
// Built for speed on big files: summary-mode dissection, streaming reads, columns copied as bytes
// into large output buffers, and on a big file several threads each decoding a share of the
// conversations (list-shares.ts).

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { openCaptureFile } from '../files/open-capture-file.js';
import { summarizeFrame } from '../dissect/frame-dissector.js';
import { EVERY_SHARE, FrameSharing } from '../dissect/address-pair-share.js';
import { FilterPass } from '../filter/filter-pass.js';
import type { DisplayFilter } from '../filter/display-filter.js';
import { DissectState } from '../dissect/dissect-state.js';
import { currentLanguage, say } from '../text/catalog.js';
import { integerOption, parseArguments, onePath, UsageError, type ParsedArguments } from './cli-arguments.js';
import { BufferedOutput } from './buffered-output.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { reportReadWarning } from './read-warning.js';
import { displayFilterOption, FILTER_OPTION } from './display-filter-option.js';
import { writeListLine } from './list-line.js';
import { ListShares } from './list-shares.js';
import { CLI_TEXT } from './cli-text.js';

/** Files this big or bigger are listed by several threads unless told otherwise: below, starting a thread costs more than it saves. */
const SHARED_FROM_BYTES = 32 * 1024 * 1024;
/** Threads used at most, by default and when asked. */
const DEFAULT_THREADS = 4;
const MAX_THREADS = 16;

export function runListCommand(argv: readonly string[]): number {
  const args = parseArguments(argv, { options: [...FILTER_OPTION.options, 'threads'], short: FILTER_OPTION.short });
  const path = onePath(args, 'list');
  const filter = displayFilterOption(args);
  const asked = args.options.has('threads');
  return listCapture(path, { filter, threads: threadCount(args, filter !== undefined, path), whenShared: !asked }, new BufferedOutput(1));
}

export interface ListOptions {
  filter?: DisplayFilter;
  /** Threads decoding the file (more than one only without a filter). */
  threads: number;
  /**
   * Several threads only if most of the capture's first frames are plain (shared out by their
   * addresses): on 802.11, in tunnels or PPPoE every thread would decode nearly every frame.
   */
  whenShared?: boolean;
}

/** Writes the capture's list to `out`; returns the exit code (EXIT_DAMAGED_FILE when reading stopped at damage). */
export function listCapture(path: string, { filter, threads, whenShared = false }: ListOptions, out: BufferedOutput): number {
  const reader = openCaptureFile(path);
  let shares: ListShares | undefined;
  let sharing: FrameSharing | undefined;
  try {
    if (threads > 1 && !filter) {
      sharing = new FrameSharing(threads);
      if (!whenShared || mostlyPlain(path, sharing)) shares = new ListShares(path, threads, currentLanguage());
    }
    const packets = walkPackets(reader);
    // Only the list is wanted: no packet is decoded again for its tree.
    const state = new DissectState(false);
    // A filter reads fields, so packets are decoded with them to test it (numbers keep their values).
    const pass = filter && new FilterPass(filter, state);
    for (let input = packets.next(); input; input = packets.next()) {
      if (shares && sharing) {
        // (A worker that walked no further, the file having grown since it read it, leaves its packets to this thread.)
        const share = sharing.frameShare(input.linkType, input.data);
        if (share > 0 && shares.copyNext(share, out)) continue;
        if (share === EVERY_SHARE) {
          const summary = summarizeFrame(input, state);
          const printer = sharing.decodedShare(summary);
          if (printer === 0 || !shares.copyNext(printer, out)) writeListLine(out, input, summary.columns, packets);
          continue;
        }
      }
      const summary = pass ? pass.next(input) : summarizeFrame(input, state);
      if (summary) writeListLine(out, input, summary.columns, packets);
    }
    out.flush();
    return reportReadWarning(reader);
  } finally {
    shares?.close();
    reader.close();
  }
}

/** Frames looked at to tell whether a capture is shared out well between threads. */
const SAMPLE_FRAMES = 2000;

/** Whether at least half of the capture's first frames are plain, each decoded by one thread only. */
export function mostlyPlain(path: string, sharing: FrameSharing): boolean {
  const reader = openCaptureFile(path);
  try {
    const packets = walkPackets(reader);
    let seen = 0;
    let plain = 0;
    for (let input = packets.next(); input && seen < SAMPLE_FRAMES; input = packets.next()) {
      seen++;
      if (sharing.frameShare(input.linkType, input.data) !== EVERY_SHARE) plain++;
    }
    return plain * 2 >= seen;
  } finally {
    reader.close();
  }
}

/** How many threads decode the file: as asked, or by its size and the machine's cores; one with a filter. */
function threadCount(args: ParsedArguments, filtered: boolean, path: string): number {
  const asked = integerOption(args, 'threads', 1);
  // A filter may name conversation numbers, which only one decoder seeing everything can give.
  if (filtered) {
    if (asked !== undefined && asked > 1) throw new UsageError(say(CLI_TEXT.threads_with_filter));
    return 1;
  }
  if (asked !== undefined) {
    if (asked > MAX_THREADS) throw new UsageError(say(CLI_TEXT.threads_too_many, { most: MAX_THREADS, value: asked }));
    return asked;
  }
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // Opening the file says what is wrong with it.
  }
  return size >= SHARED_FROM_BYTES ? Math.min(availableParallelism(), DEFAULT_THREADS) : 1;
}
