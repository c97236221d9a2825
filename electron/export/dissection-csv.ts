// Export Packet Dissections as CSV, as Wireshark writes it: the packet list's columns, every value
// quoted, plus the packet's comments (which Wireshark leaves out and coursework asks for).

import type { DissectedPacket } from '../dissect/field-model.js';

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

export const CSV_HEADER = ['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Info', 'Comment'].map(quote).join(',') + '\n';

/** One packet's row; `time` is its time column as shown, `comment` its comments (one per line). */
export function dissectionCsvRow(p: DissectedPacket, time: string, comments: readonly string[] | undefined): string {
  const s = p.summary;
  return [String(p.number), time, s.source, s.destination, s.protocol, String(p.len), s.info, (comments ?? []).join('\n')].map(quote).join(',') + '\n';
}
