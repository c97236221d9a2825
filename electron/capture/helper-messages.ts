// The binary stream the capture helper writes to its stdout and the parent reads. Plain stdio
// (not Node's IPC channel) so the same stream survives `pkexec` and `setpriv`, which drop the
// environment that Node's IPC needs. The parent stops the helper by closing its stdin, which also
// happens when the parent dies: the helper then finishes its file and exits.
//
// Every message is a frame: u8 type, u32 little-endian payload length, payload.
// READY, STATS, ERROR and END carry JSON; BATCH carries packets in binary:
//   u32 count, then per packet u32 seconds, u32 nanos, u32 captured length, u32 wire length,
//   f64 byte offset of the packet's block in the capture file, bytes.
// BATCH_REFS is a BATCH without the packets' bytes: the helper sends it while the parent is far
// behind, and the parent reads those packets back from the capture file.

import type { PacketRecord } from '../files/packet-record.js';
import type { CaptureFileRefusal } from './capture-file-creation.js';

export const MSG_READY = 1;
export const MSG_BATCH = 2;
export const MSG_STATS = 3;
export const MSG_ERROR = 4;
export const MSG_END = 5;
export const MSG_BATCH_REFS = 6;

export const FRAME_HEADER = 5;
export const PACKET_HEADER = 24;

/** What the helper was asked to do: argv[2] of the helper, as JSON. */
export interface HelperRequest {
  mode: 'capture' | 'probe';
  /** Which backend opens the device: the cap addon, or Wireshark's dumpcap. */
  source: 'cap' | 'dumpcap';
  interface: string;
  filter: string;
  snapLength: number;
  promiscuous: boolean;
  bufferSize: number;
  /** The capture file the helper writes as packets arrive. */
  filePath: string;
  fileFormat: 'pcapng' | 'pcap';
  /** Stop by itself after this many packets / seconds (the CLI's -c and -a). */
  count?: number;
  durationSeconds?: number;
  /** Milliseconds between batches. */
  batchInterval: number;
  /**
   * How many bytes may wait unread in the pipe to the parent before batches go as references
   * only (BATCH_REFS). Default 16 MiB.
   */
  backlogBytes?: number;
}

export interface HelperReady {
  /** LINKTYPE_* of the opened device. */
  linkType: number;
  interface: string;
  snapLength: number;
}

export interface HelperStats {
  received: number;
  /** Packets the kernel dropped; null when the backend cannot tell (see `dropsCounted`). */
  dropped: number;
  dropsCounted: boolean;
}

/**
 * Why the helper could not capture: 'permission' and 'filter' get their own explanations;
 * 'request' is a request the helper refused before opening anything.
 */
export type HelperErrorKind = 'permission' | 'filter' | 'device' | 'file' | 'request' | 'other';

export interface HelperError {
  kind: HelperErrorKind;
  message: string;
  /** kind 'request': the request's key at fault ('request' for the request as a whole). */
  field?: string;
  /** kind 'file': why the capture file was refused. */
  reason?: CaptureFileRefusal;
}

/** The helper's exit codes (pkexec itself ends with 126 or 127 when authentication fails). */
export const HELPER_EXIT = {
  done: 0,
  /** The device could not be opened, or capturing failed (the ERROR message says why). */
  failed: 2,
  /** The request was refused before anything was opened. */
  badRequest: 3,
  /** The capture file was refused (a link, an existing file, an unsafe folder). */
  fileRefused: 4,
} as const;

/** Writes a frame's header (u8 type, u32 little-endian payload length) at the start of `frame`. */
export function writeFrameHeader(frame: Uint8Array, type: number, payloadLength: number): void {
  const view = new DataView(frame.buffer, frame.byteOffset, FRAME_HEADER);
  view.setUint8(0, type);
  view.setUint32(1, payloadLength, true);
}

export function encodeJsonFrame(type: number, value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const frame = Buffer.allocUnsafe(FRAME_HEADER + json.length);
  writeFrameHeader(frame, type, json.length);
  json.copy(frame, FRAME_HEADER);
  return frame;
}

/**
 * The packets of a MSG_BATCH payload, as records of the capture's one interface (interfaceId 0).
 * Their data are views into the payload, which nothing reuses: safe to keep.
 */
export function decodeBatch(payload: Buffer): PacketRecord[] {
  const packets: PacketRecord[] = [];
  if (payload.length < 4) return packets;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const count = view.getUint32(0, true);
  let at = 4;
  for (let i = 0; i < count && at + PACKET_HEADER <= payload.length; i++) {
    const seconds = view.getUint32(at, true);
    const nanos = view.getUint32(at + 4, true);
    const caplen = view.getUint32(at + 8, true);
    const originalLength = view.getUint32(at + 12, true);
    const fileOffset = view.getFloat64(at + 16, true);
    at += PACKET_HEADER;
    if (at + caplen > payload.length) break;
    packets.push({ interfaceId: 0, seconds, nanos, originalLength, data: new Uint8Array(payload.buffer, payload.byteOffset + at, caplen), fileOffset });
    at += caplen;
  }
  return packets;
}

/** A packet of a MSG_BATCH_REFS payload: where it is in the capture file, without its bytes. */
export interface PacketReference {
  seconds: number;
  nanos: number;
  capturedLength: number;
  originalLength: number;
  fileOffset: number;
}

export function decodeBatchReferences(payload: Buffer): PacketReference[] {
  const refs: PacketReference[] = [];
  if (payload.length < 4) return refs;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const count = view.getUint32(0, true);
  for (let i = 0, at = 4; i < count && at + PACKET_HEADER <= payload.length; i++, at += PACKET_HEADER) {
    refs.push({
      seconds: view.getUint32(at, true),
      nanos: view.getUint32(at + 4, true),
      capturedLength: view.getUint32(at + 8, true),
      originalLength: view.getUint32(at + 12, true),
      fileOffset: view.getFloat64(at + 16, true),
    });
  }
  return refs;
}

export interface Frame {
  type: number;
  payload: Buffer;
}

/** Cuts a byte stream into frames, however the pipe splits it. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    // Frames are views into these buffers and are kept by their users: never write into them.
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    let at = 0;
    while (this.pending.length - at >= FRAME_HEADER) {
      const length = this.pending.readUInt32LE(at + 1);
      if (this.pending.length - at - FRAME_HEADER < length) break;
      frames.push({
        type: this.pending[at],
        payload: this.pending.subarray(at + FRAME_HEADER, at + FRAME_HEADER + length),
      });
      at += FRAME_HEADER + length;
    }
    this.pending = this.pending.subarray(at);
    return frames;
  }

  /** Bytes of an unfinished frame (the helper died mid-write). */
  get leftover(): number {
    return this.pending.length;
  }
}

export function parseJson<T>(payload: Buffer): T | undefined {
  try {
    return JSON.parse(payload.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
