// Export Specified Packets: the packets a range names, copied from a capture into a new pcapng or
// pcap file with their timestamps, interfaces and comments (and comments added on the way). The
// file appears whole or not at all: it is written beside the destination and renamed when done.

import { renameSync, rmSync } from 'node:fs';
import { openCaptureFile } from '../files/open-capture-file.js';
import { createCaptureFileWriter } from '../files/capture-file-writer.js';
import type { CaptureInterface } from '../files/packet-record.js';
import { PacketRange, PacketRangeError } from './packet-range.js';

/** The destination could not be written (no such folder, no permission, disk full): says which and why. */
export class ExportWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ExportWriteError';
  }
}

function writeError(path: string, err: unknown): ExportWriteError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT' ? 'its folder does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission to write there is denied'
    : code === 'EISDIR' ? 'it is a folder'
    : code === 'ENOSPC' ? 'the disk is full'
    : (err as Error)?.message ?? String(err);
  return new ExportWriteError(path, code, `Cannot write ${path}: ${why}`);
}

export interface ExportRequest {
  format: 'pcapng' | 'pcap';
  /** Which packets (default: all). */
  range?: PacketRange;
  /** Comments to add, by packet number, after any the packet already has. */
  addComments?: ReadonlyMap<number, readonly string[]>;
  /** Comments that replace the packet's own, by packet number (none removes them). */
  setComments?: ReadonlyMap<number, readonly string[]>;
}

export interface ExportResult {
  /** Packets written. */
  written: number;
  /** Packets the source holds (as far as it could be read). */
  total: number;
  /** Where reading the source stopped early, when it did: the reader's message and byte offset. */
  warning?: string;
  stoppedAt?: number;
}

/** The packet's comments, then those added (each its own pcapng comment). */
function withAdded(existing: readonly string[] | undefined, added: readonly string[] | undefined): readonly string[] | undefined {
  if (added === undefined) return existing;
  return existing === undefined ? added : [...existing, ...added];
}

/**
 * Writes the packets `request.range` names from `source` to `destination`. Throws
 * PacketRangeError when the range names packets the source does not have or selects none, and
 * the readers' and writers' errors otherwise; nothing is left at `destination` then.
 */
export function exportPackets(source: string, destination: string, request: ExportRequest): ExportResult {
  const range = request.range ?? PacketRange.all();
  // A first pass counts the packets and learns every interface (a pcapng file may describe more
  // midway), which the writer must declare up front.
  const survey = openCaptureFile(source);
  let total = 0;
  let interfaces: CaptureInterface[];
  let warning: string | undefined;
  let stoppedAt: number | undefined;
  const selectedLinkTypes = new Set<number>();
  try {
    for (let record = survey.next(); record; record = survey.next()) {
      total++;
      if (range.includes(total)) selectedLinkTypes.add(survey.interfaces[record.interfaceId]?.linkType ?? -1);
    }
    interfaces = [...survey.interfaces];
    warning = survey.warning?.message;
    stoppedAt = survey.warning?.fileOffset;
  } finally {
    survey.close();
  }
  const commented = request.addComments ? Math.max(0, ...request.addComments.keys()) : 0;
  const missing = range.missing(total) ?? (commented > total ? commented : undefined);
  if (missing !== undefined) {
    throw new PacketRangeError(`there is no packet ${missing}: ${warning ? `only ${total} packets could be read` : `the capture has ${total} packet${total === 1 ? '' : 's'}`}`);
  }
  // A whole capture may be empty (a capture that saw nothing); a range that picks nothing is a mistake.
  if (request.range && selectedLinkTypes.size === 0) throw new PacketRangeError(`the packets "${range.text}" select nothing from a capture of ${total} packets`);
  if (request.format === 'pcap' && selectedLinkTypes.size > 1) {
    throw new PacketRangeError(`the selected packets mix link types (${[...selectedLinkTypes].join(' and ')}), which classic pcap cannot hold: export them as pcapng`);
  }
  const pcapInterface = request.format === 'pcap' ? (interfaces.find((i) => selectedLinkTypes.has(i.linkType)) ?? interfaces[0]) : undefined;

  const partial = `${destination}.partial-${process.pid}`;
  const reader = openCaptureFile(source);
  try {
    const writer = createCaptureFileWriter(partial, request.format, pcapInterface ? [pcapInterface] : interfaces);
    try {
      let number = 0;
      for (let record = reader.next(); record; record = reader.next()) {
        number++;
        if (!range.includes(number)) {
          if (!range.reachesBeyond(number)) break;
          continue;
        }
        // Classic pcap has one interface: every record is written as its.
        const own = request.setComments?.has(number) ? request.setComments.get(number) : record.comments;
        const comments = withAdded(own, request.addComments?.get(number));
        writer.append(pcapInterface ? 0 : record.interfaceId, record.seconds, record.nanos, record.data, record.data.length, record.originalLength, comments);
      }
    } finally {
      writer.close();
    }
    renameSync(partial, destination);
    return { written: writer.packetsWritten, total, warning, stoppedAt };
  } catch (err) {
    rmSync(partial, { force: true });
    throw (err as NodeJS.ErrnoException)?.code ? writeError(destination, err) : err;
  } finally {
    reader.close();
  }
}
