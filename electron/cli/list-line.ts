// One line of `layerscope list`, laid out as `tshark -r FILE` prints it: number and time
// right-aligned, source right- and destination left-aligned to 12, then protocol, length and info.
// Written straight into the output's buffer as bytes (see buffered-output.ts).

import type { FrameInput } from '../dissect/frame-dissector.js';
import type { PacketColumns } from '../dissect/column-text.js';
import type { PacketWalk } from '../dissect/capture-packets.js';
import type { BufferedOutput } from './buffered-output.js';

export function writeListLine(out: BufferedOutput, input: FrameInput, columns: PacketColumns, packets: PacketWalk): void {
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
