// Why a capture could not start, said so a student can act on it: what went wrong, and for lack of
// privilege the exact commands that fix it on this system.

import type { CaptureOptions } from '../service/contract.js';
import type { HelperError, HelperErrorKind } from './helper-messages.js';
import { permissionAdvice } from './capture-permission.js';

export class CaptureError extends Error {
  constructor(
    readonly kind: HelperErrorKind,
    message: string,
    /** Commands that fix the problem on this system (lack of privilege); empty otherwise. */
    readonly fixCommands: string[] = [],
    /** libpcap's own message, when it gave one. */
    readonly detail?: string,
    /** What exactly the helper refused: the capture file's refusal, or the request's key at fault. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'CaptureError';
  }
}

export function captureErrorFor(error: HelperError, options: CaptureOptions, backend: string): CaptureError {
  switch (error.kind) {
    case 'filter':
      return new CaptureError(
        'filter',
        `The capture filter "${options.filter ?? ''}" is not valid: ${error.message}`,
        [],
        error.message,
      );
    case 'permission': {
      const advice = permissionAdvice();
      const how = backend === 'dumpcap' ? "Wireshark's dumpcap" : "Layerscope's capture helper";
      return new CaptureError(
        'permission',
        `${how} may not capture on "${options.interface}" (${error.message}). ${advice.explanation}`,
        advice.fixCommands,
        error.message,
      );
    }
    default:
      return new CaptureError(error.kind, `Cannot capture on "${options.interface}": ${error.message}`, [], error.message, error.reason ?? error.field);
  }
}

/** `tail` with a child's stderr `chunk` added, cut to its last 4,000 characters: enough to explain a failure. */
export function keepStderrTail(tail: string, chunk: Buffer): string {
  return (tail + chunk.toString('utf8')).slice(-4000);
}
