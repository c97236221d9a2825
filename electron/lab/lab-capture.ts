// The Socket Lab's own capture: loopback, filtered to the lab's port (and the ICMP errors about it),
// started with the lab so every packet a call causes is seen. Without capture permission the lab
// goes on without packets and keeps the reason and the commands that fix it, as the toolbar does.

import { LiveCapture, CaptureError } from '../capture/live-capture.js';
import type { CaptureInterface, PacketRecord } from '../files/packet-record.js';

/** One captured packet, kept whole (the capture's records are views into reused buffers). */
export interface LabPacket {
  /** 1-based, in the order captured. */
  number: number;
  seconds: number;
  nanos: number;
  originalLength: number;
  data: Uint8Array;
}

/** What the lab shows where there are no packets: why, and what fixes it. */
export interface LabCaptureProblem {
  message: string;
  fixCommands: string[];
}

/**
 * BPF: the lab port's TCP and UDP, and ICMP/ICMPv6 destination-unreachable messages whose quoted
 * datagram is from or to that port (UDP's "port unreachable").
 */
export function labCaptureFilter(port: number): string {
  const quoted = (proto: 'icmp' | 'icmp6', at: number) => `(${proto}[0] == ${proto === 'icmp' ? 3 : 1} and (${proto}[${at}:2] == ${port} or ${proto}[${at + 2}:2] == ${port}))`;
  // ICMP: 8 header bytes, then the quoted IPv4 header (20 bytes without options), then its ports.
  // ICMPv6: 8 header bytes, then the quoted 40-byte IPv6 header.
  return `port ${port} or ${quoted('icmp', 28)} or ${quoted('icmp6', 48)}`;
}

/** A lab is a handful of calls; past this many packets it keeps no more (and says so). */
export const MAX_LAB_PACKETS = 10_000;

export class LabCapture {
  readonly packets: LabPacket[] = [];
  /** Packets captured after MAX_LAB_PACKETS, counted but not kept. */
  overflow = 0;
  private taken = 0;

  private constructor(
    private readonly capture: LiveCapture | undefined,
    readonly problem: LabCaptureProblem | undefined,
  ) {
    capture?.on('batch', (records: PacketRecord[]) => {
      for (const r of records) {
        if (this.packets.length >= MAX_LAB_PACKETS) {
          this.overflow++;
          continue;
        }
        this.packets.push({
          number: this.packets.length + 1,
          seconds: r.seconds,
          nanos: r.nanos,
          originalLength: r.originalLength,
          data: r.data.slice(),
        });
      }
    });
    // A capture that fails midway leaves the lab running; what it captured stays.
    capture?.on('error', () => undefined);
  }

  /** Starts capturing on loopback; never rejects: without permission, `problem` says why. */
  static async start(port: number, filePath: string, wrapper?: string[]): Promise<LabCapture> {
    try {
      const capture = await LiveCapture.start({ interface: 'lo', filter: labCaptureFilter(port) }, { filePath, batchInterval: 10, wrapper });
      return new LabCapture(capture, undefined);
    } catch (err) {
      const fixCommands = err instanceof CaptureError ? err.fixCommands : [];
      return new LabCapture(undefined, { message: (err as Error).message, fixCommands });
    }
  }

  get interface(): CaptureInterface | undefined {
    return this.capture?.interface;
  }

  /** Packets captured since the last call (after waiting `settleMs` for stragglers). */
  async takeNew(settleMs: number): Promise<LabPacket[]> {
    if (!this.capture) return [];
    await new Promise((r) => setTimeout(r, settleMs));
    const fresh = this.packets.slice(this.taken);
    this.taken = this.packets.length;
    return fresh;
  }

  async stop(): Promise<void> {
    await this.capture?.stop().catch(() => undefined);
  }
}
