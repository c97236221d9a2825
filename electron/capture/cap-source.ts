// The `cap` backend: libpcap through the cap addon, inside the helper process.
// cap 0.2.1 limits what we can offer, and we say so rather than pretend:
//  - it passes neither libpcap's timestamp nor the wire length: packets are stamped when cap
//    delivers them (immediate mode, so within microseconds) and the wire length is the captured
//    length up to cap's fixed 65,535-byte snap length, which we cut to the requested snap length;
//  - it always opens in promiscuous mode;
//  - it has no pcap_stats: the kernel's drop counter cannot be read (dropsCounted false).

import { createRequire } from 'node:module';
import type { HelperRequest } from './helper-messages.js';
import { classifyCaptureError, type CaptureSource, type SourceHandlers } from './capture-source.js';
import { linkTypeOfCap } from './cap-link-type.js';

interface CapInstance {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
}
interface CapModule {
  Cap: new () => CapInstance;
}

/** cap always asks libpcap for 65,535 bytes. */
export const CAP_SNAPLEN = 65535;

function loadCap(): CapModule {
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  return require('cap') as CapModule;
}

/** Opens the device; returns the open cap, or calls handlers.error and returns undefined. */
export function startCapSource(request: HelperRequest, handlers: SourceHandlers): CaptureSource | undefined {
  let capModule: CapModule;
  try {
    capModule = loadCap();
  } catch (err) {
    handlers.error('other', `The packet capture library (cap) could not be loaded: ${(err as Error).message}`);
    return undefined;
  }
  const buffer = Buffer.alloc(CAP_SNAPLEN + 4096); // bigger than the snap length: cap never cuts
  const snapLength = Math.max(1, Math.min(request.snapLength || CAP_SNAPLEN, CAP_SNAPLEN));
  const cap = new capModule.Cap();
  let linkName: string;
  try {
    linkName = cap.open(request.interface, request.filter, request.bufferSize, buffer);
  } catch (err) {
    const message = (err as Error).message;
    // No cap.close() here: after a failed open it stops a libuv handle that was never started,
    // which aborts the process. The helper exits right after reporting instead.
    let kind = classifyCaptureError(message);
    if (kind === 'other' && request.filter.trim() !== '') {
      // cap compiles the filter after activating the device, so both fail the same way: if the
      // device opens without the filter, the filter was at fault.
      const probe = new capModule.Cap();
      try {
        probe.open(request.interface, '', request.bufferSize, buffer);
        kind = 'filter';
        probe.close();
      } catch { /* the device itself failed */ }
    }
    handlers.error(kind, message);
    return undefined;
  }
  if (request.mode === 'probe') {
    cap.close();
    handlers.ready(linkTypeOfCap(linkName));
    return { dropsCounted: false, stop() {} };
  }
  const timeOrigin = performance.timeOrigin;
  cap.on('packet', (nbytes: number) => {
    const ms = timeOrigin + performance.now();
    const seconds = Math.floor(ms / 1000);
    const nanos = Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6));
    handlers.packet(seconds, nanos, buffer.subarray(0, Math.min(nbytes, snapLength)), nbytes);
  });
  handlers.ready(linkTypeOfCap(linkName));
  let stopped = false;
  return {
    dropsCounted: false,
    stop() {
      if (stopped) return;
      stopped = true;
      try { cap.close(); } catch { /* already closed */ }
      handlers.end();
    },
  };
}
