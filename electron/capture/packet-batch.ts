// The packets captured since the last batch was sent to the parent, kept in one reused buffer laid
// out exactly as a MSG_BATCH frame (see helper-messages.ts): adding a packet is a header and one
// copy, with no allocation; sending the batch is one copy into the frame, after which the buffer
// is reused.

import { FRAME_HEADER, MSG_BATCH, MSG_BATCH_REFS, PACKET_HEADER, writeFrameHeader } from './helper-messages.js';

export class PacketBatch {
  private bytes = new Uint8Array(1 << 20);
  private view = new DataView(this.bytes.buffer);
  private used = FRAME_HEADER + 4;
  private packets = 0;

  get count(): number {
    return this.packets;
  }

  /**
   * Adds a packet whose first `length` bytes are in `bytes`; `fileOffset` is where its block
   * starts in the capture file.
   */
  add(seconds: number, nanos: number, bytes: Uint8Array, length: number, originalLength: number, fileOffset: number): void {
    const at = this.used;
    const need = at + PACKET_HEADER + length;
    if (need > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, need));
      bigger.set(this.bytes.subarray(0, at));
      this.bytes = bigger;
      this.view = new DataView(bigger.buffer);
    }
    const view = this.view;
    view.setUint32(at, seconds, true);
    view.setUint32(at + 4, nanos, true);
    view.setUint32(at + 8, length, true);
    view.setUint32(at + 12, originalLength, true);
    view.setFloat64(at + 16, fileOffset, true);
    this.bytes.set(length === bytes.length ? bytes : bytes.subarray(0, length), at + PACKET_HEADER);
    this.used = need;
    this.packets++;
  }

  /** A MSG_BATCH frame holding the packets (a copy of its own: the batch can be reset right away). */
  frame(): Buffer {
    writeFrameHeader(this.bytes, MSG_BATCH, this.used - FRAME_HEADER);
    this.view.setUint32(FRAME_HEADER, this.packets, true);
    return Buffer.from(this.bytes.subarray(0, this.used));
  }

  /** A MSG_BATCH_REFS frame: the same packets' headers (with their file offsets), not their bytes. */
  referencesFrame(): Buffer {
    const frame = Buffer.allocUnsafe(FRAME_HEADER + 4 + this.packets * PACKET_HEADER);
    writeFrameHeader(frame, MSG_BATCH_REFS, frame.length - FRAME_HEADER);
    frame.writeUInt32LE(this.packets, FRAME_HEADER);
    let to = FRAME_HEADER + 4;
    for (let from = FRAME_HEADER + 4, i = 0; i < this.packets; i++) {
      frame.set(this.bytes.subarray(from, from + PACKET_HEADER), to);
      to += PACKET_HEADER;
      from += PACKET_HEADER + this.view.getUint32(from + 8, true);
    }
    return frame;
  }

  reset(): void {
    this.used = FRAME_HEADER + 4;
    this.packets = 0;
  }
}
