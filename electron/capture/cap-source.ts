// The `cap` backend: libpcap through the cap addon, inside the helper process.
// cap 0.2.1 limits what we can offer, and we say so rather than pretend:
//  - it passes neither libpcap's timestamp nor the wire length: packets are stamped when cap
//    delivers them (immediate mode: within microseconds when traffic is light, up to about a
//    millisecond late under heavy load, see the wake-up coalescing below) and the wire length is
//    the captured length up to cap's fixed 65,535-byte snap length, cut to the requested one;
//  - it always opens in promiscuous mode;
//  - it has no pcap_stats: the kernel's drop counter cannot be read (dropsCounted false).
//
// How cap reads (node_modules/cap/src/binding.cc): it forces immediate mode, so libpcap uses a
// TPACKET_V2 ring of fixed-size slots sized for the 65,535-byte snap length (one 128 KiB block per
// slot where the MTU or offloading allows 64 KiB frames, as on lo); a libuv poll wakes the helper
// and cap calls pcap_dispatch(1) until the ring is empty, copying each packet into one JS buffer
// and calling the instance's `emit` once per packet, synchronously. On lo each packet takes two
// slots (libpcap drops the outgoing copy only after reading it). So the ring holds few packets,
// and the helper must keep up packet by packet: the per-packet path allocates nothing, and
// wake-ups are coalesced under load.

import { createRequire } from 'node:module';
import type { HelperRequest } from './helper-messages.js';
import { classifyCaptureError, type CaptureSource, type SourceHandlers } from './capture-source.js';
import { linkTypeOfCap } from './cap-link-type.js';

interface CapInstance {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
}
interface CapModule {
  Cap: new () => CapInstance;
}

/** cap always asks libpcap for 65,535 bytes. */
const CAP_SNAPLEN = 65535;

/** The snap length a cap capture keeps: the request's, within what cap delivers. */
export function capSnapLength(request: HelperRequest): number {
  return Math.max(1, Math.min(request.snapLength || CAP_SNAPLEN, CAP_SNAPLEN));
}

/** Packets in one event-loop turn that make the helper nap before the next read, and how long. */
const NAP_AFTER_PACKETS = 4;
const NAP_MS = 1;

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
  const snapLength = capSnapLength(request);
  const timeOrigin = performance.timeOrigin;
  let capturing = false;

  // Wake-up coalescing: in immediate mode the kernel wakes the helper for almost every packet, and
  // at high rates each wake-up (epoll, poll, two context switches) costs more than the packet
  // itself. When one turn of the event loop has delivered several packets, the helper sleeps a
  // millisecond before reading again: the ring holds the packets meanwhile, the next turn reads a
  // hundred at once, and the helper needs about a third of the CPU (and the machine's scheduler
  // has more left for everything else). A lone packet is still read the moment it arrives.
  let turnPackets = 0;
  const napCell = new Int32Array(new SharedArrayBuffer(4));
  const afterTurn = () => {
    if (turnPackets >= NAP_AFTER_PACKETS && capturing) Atomics.wait(napCell, 0, 0, NAP_MS);
    turnPackets = 0;
  };

  // cap calls the `emit` it finds on the instance when constructed, once per packet. A subclass
  // whose `emit` is the packet handler itself skips EventEmitter's dispatch for every packet; the
  // packet goes on in cap's own buffer, without a view or a copy made for it here.
  class PacketCap extends capModule.Cap {
    emit(_event: string, nbytes: number): boolean {
      if (!capturing) return false;
      if (turnPackets++ === 0) setImmediate(afterTurn);
      const ms = timeOrigin + performance.now();
      const seconds = Math.floor(ms / 1000);
      const nanos = Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6));
      const length = nbytes < snapLength ? nbytes : snapLength;
      handlers.packet(seconds, nanos, buffer, length, nbytes);
      return true;
    }
  }

  const cap = new PacketCap();
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
  capturing = true;
  handlers.ready(linkTypeOfCap(linkName));
  let stopped = false;
  return {
    dropsCounted: false,
    stop() {
      if (stopped) return;
      stopped = true;
      capturing = false;
      try { cap.close(); } catch { /* already closed */ }
      handlers.end();
    },
  };
}
