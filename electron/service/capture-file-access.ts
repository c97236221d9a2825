// Saving a capture: copy or convert it to pcapng or pcap, and say so when fewer packets than the
// session holds could be copied (the file was cut short or damaged after it was opened).

import { renameSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { grouped, type CaptureInterface } from '../files/packet-record.js';
import { openCaptureFile } from '../files/open-capture-file.js';
import { createCaptureFileWriter } from '../files/capture-file-writer.js';

export interface CopyResult {
  /** Packets written. */
  packets: number;
  /** Set when fewer than the expected packets were written: how many, and why. */
  warning?: string;
}

/**
 * Writes the packets of `source` to `destination` in `format`. Re-writing (rather than copying the
 * file) drops a damaged tail and converts between formats. `expectedPackets` is how many the
 * caller knows the file held (the session's count); writing fewer gives a warning.
 */
export function copyCapture(source: string, destination: string, format: 'pcapng' | 'pcap', expectedPackets = 0): CopyResult {
  // A first pass learns every interface (pcapng may describe more midway), which the writer
  // must declare up front.
  const survey = openCaptureFile(source);
  let interfaces: CaptureInterface[];
  try {
    while (survey.next());
    interfaces = [...survey.interfaces];
  } finally {
    survey.close();
  }
  if (format === 'pcap') {
    const mixed = interfaces.find((i) => i.linkType !== interfaces[0].linkType);
    if (mixed) {
      throw new Error(`the capture mixes link types ${interfaces[0].linkType} and ${mixed.linkType}, which classic pcap cannot hold: save it as pcapng`);
    }
  }
  const temporary = `${destination}.partial-${process.pid}`;
  const reader = openCaptureFile(source);
  try {
    const writer = createCaptureFileWriter(temporary, format, format === 'pcap' ? interfaces.slice(0, 1) : interfaces);
    try {
      // Classic pcap has one interface and ignores interfaceId; close() writes the buffered tail.
      for (let record = reader.next(); record; record = reader.next()) {
        writer.append(record.interfaceId, record.seconds, record.nanos, record.data, record.data.length, record.originalLength, record.comment);
      }
    } finally {
      writer.close();
    }
    renameSync(temporary, destination);
    const packets = writer.packetsWritten;
    if (packets >= expectedPackets) return { packets };
    return { packets, warning: shortSaveWarning(source, packets, expectedPackets, reader.warning?.fileOffset) };
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  } finally {
    reader.close();
  }
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
