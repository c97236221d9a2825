// A report of packets from a capture file: the packets a range and a display filter choose,
// decoded in full in one pass in order (so TCP's relative numbers and the like are what a full
// pass gives), with their comments, and the facts of the capture for the title block.

import { openCaptureFile } from '../files/open-capture-file.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { dissectFrame, summarizeFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import type { DisplayFilter } from '../filter/display-filter.js';
import type { PacketRange } from '../export/packet-range.js';
import type { ReportPacket } from './report-html.js';

/** More packets than this make a report no one reads (and a file too big to print): choose fewer. */
export const MAX_REPORT_PACKETS = 1000;

export class ReportSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportSelectionError';
  }
}

export interface ReportSelection {
  range?: PacketRange;
  filter?: DisplayFilter;
}

export interface CapturePackets {
  packets: ReportPacket[];
  /** Packets in the capture, and seconds from its first to its last. */
  total: number;
  seconds: number;
}

export function reportPackets(path: string, selection: ReportSelection): CapturePackets {
  const reader = openCaptureFile(path);
  const walk = walkPackets(reader);
  const state = new DissectState();
  const packets: ReportPacket[] = [];
  let total = 0;
  let seconds = 0;
  try {
    for (let input = walk.next(); input; input = walk.next()) {
      total = input.number;
      seconds = input.relativeTime;
      if (selection.range && !selection.range.includes(total)) {
        // Still decoded (cheaply) so that state kept across packets is as in a full pass.
        summarizeFrame(input, state);
        continue;
      }
      const bytes = input.data.slice();
      const packet = dissectFrame({ ...input, data: bytes }, { detail: true, state });
      if (selection.filter && !selection.filter.matches(packet, bytes)) continue;
      if (packets.length === MAX_REPORT_PACKETS) {
        throw new ReportSelectionError(`more than ${MAX_REPORT_PACKETS} packets were chosen: choose fewer with -Y or --packets (a report is read, and printed)`);
      }
      packets.push({ packet, bytes, comments: [...(input.comments ?? [])] });
    }
  } finally {
    reader.close();
  }
  if (selection.range) {
    const missing = selection.range.missing(total);
    if (missing !== undefined) throw new ReportSelectionError(`there is no packet ${missing}: the capture has ${total}`);
  }
  if (packets.length === 0) throw new ReportSelectionError('no packet was chosen: nothing to report');
  return { packets, total, seconds };
}
