// The service's view of capture files: stream one for indexing, read single packets back by
// their file offset, and copy or convert a capture to pcapng or pcap when the user saves.

import { renameSync, rmSync } from 'node:fs';
import type { CaptureFileReader } from '../files/capture-file-reader.js';
import type { CaptureInterface, PacketRecord } from '../files/packet-record.js';
import { openCaptureFile } from '../files/open-capture-file.js';
import { CaptureFileRandomAccess } from '../files/capture-file-random-access.js';
import { createCaptureFileWriter } from '../files/capture-file-writer.js';

export function openForIndexing(path: string): CaptureFileReader {
  return openCaptureFile(path);
}

export interface RandomAccessFile {
  /** The packet whose record starts at `fileOffset`. */
  readAt(fileOffset: number, interfaceId: number): PacketRecord;
  close(): void;
}

/** Reads packets back by file offset; `interfaces` is the (growing) list the indexing reader built. */
export function openRandomAccess(path: string, interfaces: readonly CaptureInterface[]): RandomAccessFile {
  const file = new CaptureFileRandomAccess(path, interfaces);
  return {
    readAt: (fileOffset, interfaceId) => file.read(fileOffset, interfaceId),
    close: () => file.close(),
  };
}

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
      for (let record = reader.next(); record; record = reader.next()) {
        writer.write([format === 'pcap' && record.interfaceId !== 0 ? { ...record, interfaceId: 0 } : record]);
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
