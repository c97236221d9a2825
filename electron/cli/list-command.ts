// `layerscope list FILE [-Y FILTER]`: one summary line per packet (number, relative time, source,
// destination, protocol, length, info), laid out like `tshark -r FILE [-Y FILTER]`. Built for speed on big files: summary-mode
// dissection, streaming reads, and columns copied as bytes into large output buffers.

import { openCaptureFile } from '../files/open-capture-file.js';
import { summarizeFrame } from '../dissect/frame-dissector.js';
import { FilterPass } from '../filter/filter-pass.js';
import { DissectState } from '../dissect/dissect-state.js';
import { parseArguments, onePath } from './cli-arguments.js';
import { BufferedOutput } from './buffered-output.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { reportReadWarning } from './read-warning.js';
import { displayFilterOption, FILTER_OPTION } from './display-filter-option.js';

export function runListCommand(argv: readonly string[]): number {
  const args = parseArguments(argv, FILTER_OPTION);
  const path = onePath(args, 'list');
  const filter = displayFilterOption(args);
  const reader = openCaptureFile(path);
  const out = new BufferedOutput(1);
  try {
    const packets = walkPackets(reader);
    // Only the list is wanted: no packet is decoded again for its tree.
    const state = new DissectState(false);
    // A filter reads fields, so packets are decoded with them to test it (numbers keep their values).
    const pass = filter && new FilterPass(filter, state);
    for (let input = packets.next(); input; input = packets.next()) {
      const summary = pass ? pass.next(input) : summarizeFrame(input, state);
      if (!summary) continue;
      const columns = summary.columns;
      // tshark's layout: number and time right-aligned, source right- and destination left-aligned to 12.
      out.uint(input.number, 5);
      out.char(0x20);
      writeTime(out, input.seconds - packets.firstSeconds, input.nanos - packets.firstNanos, input.relativeTime, packets.timeDigits(input));
      out.char(0x20);
      out.column(columns.source, 12, true);
      out.write(' → ');
      out.column(columns.destination, 12, false);
      out.char(0x20);
      out.write(columns.protocol);
      out.char(0x20);
      out.uint(input.originalLength);
      out.char(0x20);
      out.column(columns.info, 0, false);
      out.char(0x0a);
    }
    out.flush();
    return reportReadWarning(reader);
  } finally {
    reader.close();
  }
}

/** The time column right-aligned to 10, as `relative.toFixed(digits)` would give it. */
function writeTime(out: BufferedOutput, seconds: number, nanos: number, relative: number, digits: number): void {
  const total = seconds * 1e9 + nanos;
  // Integer arithmetic (no number-to-string conversion) wherever it is exactly what toFixed gives:
  // a non-negative offset within a few days whose nanoseconds need no rounding to `digits`.
  const unit = digits === 9 ? 1 : 1000;
  if (total >= 0 && seconds < 1 << 20 && total % unit === 0) {
    const whole = Math.floor(total / 1e9);
    out.uint(whole, 9 - digits);
    out.char(0x2e);
    out.zeroPadded((total - whole * 1e9) / unit, digits);
    return;
  }
  out.padStart(relative.toFixed(digits), 10);
}
