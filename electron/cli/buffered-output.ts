// Output for commands that print a line per packet: text is gathered into large chunks and written
// with one system call per chunk, which is what lets `layerscope list` print a million lines in a
// fraction of a second (console.log or process.stdout.write per line costs far more).

import { writeSync } from 'node:fs';

const CHUNK_CHARS = 1 << 20;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Raised when the reader of our output went away (`layerscope list f | head`): stop quietly. */
export class OutputClosed extends Error {}

export class BufferedOutput {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly fd: number) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK_CHARS) this.flush();
  }

  flush(): void {
    if (this.size === 0) return;
    const data = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    let written = 0;
    while (written < data.length) {
      try {
        written += writeSync(this.fd, data, written, data.length - written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          // stdout is a non-blocking pipe whose reader is behind: wait a moment and retry.
          Atomics.wait(pause, 0, 0, 2);
          continue;
        }
        if (code === 'EPIPE') throw new OutputClosed();
        throw error;
      }
    }
  }
}
