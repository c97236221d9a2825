// Saving a capture: copy or convert it to pcapng or pcap.

import { renameSync, rmSync } from 'node:fs';
import type { CaptureInterface } from '../files/packet-record.js';
import { openCaptureFile } from '../files/open-capture-file.js';
import { createCaptureFileWriter } from '../files/capture-file-writer.js';

/**
 * Writes the packets of `source` to `destination` in `format`; returns how many. Re-writing
 * (rather than copying the file) drops a damaged tail and converts between formats.
 */
export function copyCapture(source: string, destination: string, format: 'pcapng' | 'pcap'): number {
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
    return writer.packetsWritten;
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  } finally {
    reader.close();
  }
}
