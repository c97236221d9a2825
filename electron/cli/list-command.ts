// `layerscope list FILE`: one summary line per packet (number, relative time, source, destination,
// protocol, length, info), laid out like `tshark -r FILE`. Built for speed on big files: summary-mode
// dissection, streaming reads, output written in large chunks.

import { openCaptureFile } from '../files/open-capture-file.js';
import { dissectFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import { parseArguments, onePath } from './cli-arguments.js';
import { BufferedOutput } from './buffered-output.js';
import { walkPackets } from './capture-packets.js';
import { reportReadWarning } from './read-warning.js';

export function runListCommand(argv: readonly string[]): number {
  const path = onePath(parseArguments(argv, {}), 'list');
  const reader = openCaptureFile(path);
  const out = new BufferedOutput(1);
  try {
    const packets = walkPackets(reader);
    const options = { detail: false, state: new DissectState() };
    for (let input = packets.next(); input; input = packets.next()) {
      const s = dissectFrame(input, options).summary;
      out.write(
        listLine(input.number, input.relativeTime.toFixed(packets.timeDigits(input)), s.source, s.destination, s.protocol, input.originalLength, s.info),
      );
    }
    out.flush();
    return reportReadWarning(reader);
  } finally {
    reader.close();
  }
}

/** One line in tshark's layout: number and time right-aligned, source right- and destination left-aligned to 12. */
export function listLine(number: number, time: string, source: string, destination: string, protocol: string, length: number, info: string): string {
  return `${String(number).padStart(5)} ${time.padStart(10)} ${source.padStart(12)} → ${destination.padEnd(12)} ${protocol} ${length} ${info}\n`;
}
