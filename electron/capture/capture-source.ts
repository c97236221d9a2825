// What the capture helper needs from a backend (cap, or Wireshark's dumpcap): open the device,
// hand over packets as they arrive, say why it could not open, and stop.

import type { HelperErrorKind } from './helper-messages.js';

export interface SourceHandlers {
  /** The device is open; `linkType` is its LINKTYPE_ number. */
  ready(linkType: number): void;
  /**
   * One packet: its first `length` bytes are in `bytes`, which is only valid during the call (cap
   * reuses one buffer for every packet, so nothing is allocated per packet).
   */
  packet(seconds: number, nanos: number, bytes: Uint8Array, length: number, originalLength: number): void;
  /** Could not open (before ready) or failed while capturing (after). */
  error(kind: HelperErrorKind, message: string): void;
  /** Kernel drop count, whenever the backend learns it. */
  drops(dropped: number): void;
  /** The source has stopped delivering. */
  end(): void;
}

export interface CaptureSource {
  /** Whether the backend can read the kernel's drop counter. */
  readonly dropsCounted: boolean;
  stop(): void;
}

export function classifyCaptureError(message: string): HelperErrorKind {
  if (/permission|not permitted|EPERM|EACCES|access denied|sufficient privileges/i.test(message)) return 'permission';
  if (/capture filter|filter expression/i.test(message)) return 'filter';
  if (/no such device|doesn't exist|does not exist|not found|ENODEV|no suitable device/i.test(message)) return 'device';
  return 'other';
}
