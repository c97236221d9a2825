// Saving a capture: copy or convert it to pcapng or pcap, and say so when fewer packets than the
// session holds could be copied (the file was cut short or damaged after it was opened).

import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { grouped } from '../files/packet-record.js';
import { exportPackets } from '../export/export-packets.js';

export interface CopyResult {
  /** Packets written. */
  packets: number;
  /** Set when fewer than the expected packets were written: how many, and why. */
  warning?: string;
}

/**
 * Writes the packets of `source` to `destination` in `format` (Export Specified Packets, all of
 * them). Re-writing (rather than copying the file) drops a damaged tail and converts between
 * formats. `expectedPackets` is how many the caller knows the file held (the session's count);
 * writing fewer gives a warning.
 */
export function copyCapture(
  source: string,
  destination: string,
  format: 'pcapng' | 'pcap',
  expectedPackets = 0,
  /** Comments the user changed, over the file's (packet number → its comments, none to remove them). */
  setComments?: ReadonlyMap<number, readonly string[]>,
): CopyResult {
  const { written, stoppedAt } = exportPackets(source, destination, { format, setComments });
  if (written >= expectedPackets) return { packets: written };
  return { packets: written, warning: shortSaveWarning(source, written, expectedPackets, stoppedAt) };
}

/** "Saved 812 of 1,000 packets: …": what was lost when the source ended early, and where. */
function shortSaveWarning(source: string, packets: number, expected: number, stoppedAt: number | undefined): string {
  let size: number | undefined;
  try {
    size = statSync(source).size;
  } catch {
    // Gone altogether: the count says enough.
  }
  const where = stoppedAt !== undefined ? `reading it stopped at byte ${grouped(stoppedAt)}` : size !== undefined ? `it now ends at byte ${grouped(size)}` : 'it can no longer be read';
  return `Saved ${grouped(packets)} of ${grouped(expected)} packets: the source file ${basename(source)} was cut short or changed after it was opened (${where}), so the packets after packet ${grouped(packets)} were lost.`;
}
