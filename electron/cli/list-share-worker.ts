// A worker thread of a parallel `layerscope list` (list-shares.ts): walks the same file as the main
// thread, decodes the frames of its own share of address pairs and those every thread decodes
// (address-pair-share.ts), and sends the lines of its share back, encoded, a block at a time.

import { workerData } from 'node:worker_threads';
import { openCaptureFile } from '../files/open-capture-file.js';
import { summarizeFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { EVERY_SHARE, FrameSharing } from '../dissect/address-pair-share.js';
import { raiseInliningBudget } from '../service/inlining-budget.js';
import { chooseLanguage } from '../text/translation-files.js';
import { BufferedOutput } from './buffered-output.js';
import { writeListLine } from './list-line.js';
import { BLOCK_LINES, BLOCKS_AHEAD, Signal, type ListShareJob, type ListShareMessage } from './list-share-protocol.js';

/** Bytes of lines after which a block is sent even if it has fewer than BLOCK_LINES lines. */
const BLOCK_BYTES = 512 * 1024;

/** Collects one block's lines and posts it. */
class LineBlocks {
  private chunks: Uint8Array[] = [];
  private lengths = new Int32Array(BLOCK_LINES);
  private count = 0;
  private start = 0;
  private posted = 0;
  // Full buffers are copied out: the output reuses its own.
  readonly out = new BufferedOutput((bytes) => this.chunks.push(new Uint8Array(bytes)));

  constructor(private readonly job: ListShareJob) {}

  /** Records the line just written, which began at output offset `from`. */
  ended(from: number): void {
    this.lengths[this.count++] = this.out.written - from;
    if (this.count === BLOCK_LINES || this.out.written - this.start >= BLOCK_BYTES) this.post(false);
  }

  post(last: boolean): void {
    const { port, signals } = this.job;
    this.out.flush();
    const message: ListShareMessage = { kind: 'lines', chunks: this.chunks, lengths: this.lengths.slice(0, this.count), last };
    port.postMessage(message, [...this.chunks.map((c) => c.buffer as ArrayBuffer), message.lengths.buffer as ArrayBuffer]);
    this.chunks = [];
    this.count = 0;
    this.start = this.out.written;
    this.posted = Atomics.add(signals, Signal.POSTED, 1) + 1;
    Atomics.notify(signals, Signal.POSTED);
    // Wait while the printing is far behind, so that lines do not pile up in memory.
    for (;;) {
      const consumed = Atomics.load(signals, Signal.CONSUMED);
      if (this.posted - consumed <= BLOCKS_AHEAD || last) break;
      Atomics.wait(signals, Signal.CONSUMED, consumed, 1000);
    }
  }
}

/**
 * Decodes the job's share and posts its lines. An error is not caught here: the bootstrap that
 * loads this module (list-shares.ts) reports it to the printing thread.
 */
function decodeListShare(job: ListShareJob): void {
  const { share, shares, signals } = job;
  raiseInliningBudget();
  chooseLanguage(job.language);
  const reader = openCaptureFile(job.path);
  try {
    const packets = walkPackets(reader);
    const state = new DissectState(false);
    const blocks = new LineBlocks(job);
    const out = blocks.out;
    const sharing = new FrameSharing(shares);
    for (let input = packets.next(); input; input = packets.next()) {
      if ((input.number & 255) === 0) Atomics.store(signals, Signal.PROGRESS, input.number);
      const owner = sharing.frameShare(input.linkType, input.data);
      if (owner !== share && owner !== EVERY_SHARE) continue;
      const summary = summarizeFrame(input, state);
      // Every thread decodes such a frame for what it changes; one prints it.
      if (owner === EVERY_SHARE && sharing.decodedShare(summary) !== share) continue;
      const from = out.written;
      writeListLine(out, input, summary.columns, packets);
      blocks.ended(from);
    }
    blocks.post(true);
  } finally {
    reader.close();
  }
}

decodeListShare(workerData as ListShareJob);
