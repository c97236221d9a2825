// What the threads of a parallel `layerscope list` (list-shares.ts) tell each other. The main
// thread starts a worker per share with a ListShareJob; the worker sends its lines back as
// ListShareMessages on the job's port, and both keep a few counters in shared memory so that
// each can wait for the other without the event loop (both loops run synchronously).

import type { MessagePort } from 'node:worker_threads';

export interface ListShareJob {
  path: string;
  /** Which share of the address pairs this worker decodes (1 ≤ share < shares; the main thread has 0). */
  share: number;
  shares: number;
  /** The language texts are given in (the info column has words). */
  language: string;
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer of SIGNAL_SLOTS: the counters below. */
  signals: Int32Array;
}

/** Slots of ListShareJob.signals. */
export const Signal = {
  /** Blocks of lines the worker has posted. */
  POSTED: 0,
  /** Blocks the main thread has taken off the port and printed. */
  CONSUMED: 1,
  /** The number of the last packet the worker walked past (it is alive and moving). */
  PROGRESS: 2,
} as const;
export const SIGNAL_SLOTS = 3;

export type ListShareMessage =
  /**
   * The next lines of the worker's share, in packet order: their UTF-8 bytes, cut in chunks where
   * its output buffer filled (a line may span two chunks), and each line's length in bytes.
   * `last`: the worker reached the end of the file.
   */
  | { kind: 'lines'; chunks: Uint8Array[]; lengths: Int32Array; last: boolean }
  /** The worker stopped on an error of ours (not of the file: a damaged file ends its walk). */
  | { kind: 'failed'; message: string; stack: string | undefined };

/** Lines a worker sends at a time (fewer at the end, or when their bytes fill its buffer). */
export const BLOCK_LINES = 2048;
/** Blocks a worker may be ahead of the printing before it waits: bounds the lines held. */
export const BLOCKS_AHEAD = 32;
