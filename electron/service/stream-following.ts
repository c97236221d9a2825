// Follow Stream for the open capture: every packet is decoded (values only) in order and the
// conversation's data put together, in slices so the service keeps answering. Ignored packets are
// left out, as Wireshark leaves them out. What is sent to the page is bounded: past
// MAX_FOLLOW_BYTES the rest is cut and the answer says so.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { StreamFollower } from '../analysis/follow-stream.js';
import type { FollowProtocol } from '../analysis/stream-protocols.js';
import type { CaptureSession } from './capture-session.js';
import type { FollowedStreamView } from './contract.js';

/** How long one slice may keep the event loop (ms). */
const SLICE_MS = 20;
/** The most stream bytes one answer carries (hex doubles them on the way). */
export const MAX_FOLLOW_BYTES = 4 * 1024 * 1024;

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export async function followStream(session: CaptureSession, protocol: FollowProtocol, stream: number): Promise<FollowedStreamView> {
  const follower = new StreamFollower(protocol, stream);
  let until = performance.now() + SLICE_MS;
  for (let number = 1; number <= session.index.size; number++) {
    if (session.isIgnored(number)) continue;
    const { packet, bytes } = session.decoded(number, false);
    follower.add(packet, bytes);
    if (performance.now() > until) {
      await yieldToEventLoop();
      until = performance.now() + SLICE_MS;
    }
  }
  const followed = follower.followed();
  const view: FollowedStreamView = { protocol, stream, nodes: followed.nodes, chunks: [], bytes: [0, 0], truncated: false };
  let sent = 0;
  for (const chunk of followed.chunks) {
    view.bytes[chunk.fromSecond ? 1 : 0] += chunk.bytes.length;
    if (sent + chunk.bytes.length > MAX_FOLLOW_BYTES) {
      view.truncated = true;
      continue;
    }
    sent += chunk.bytes.length;
    view.chunks.push({ fromSecond: chunk.fromSecond, packet: chunk.packet, hex: hexOf(chunk.bytes) });
  }
  return view;
}
