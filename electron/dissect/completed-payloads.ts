// The bytes of reassembled payloads (IP datagrams, TCP PDUs) kept after they are complete, so a
// packet decoded again for its tree (the app shows any packet, in any order) finds them without
// reading their frames back. Bounded: past `maxBytes` the oldest let go of theirs (the decoders
// then read them back from the frames). The payload completed last always keeps its bytes even
// when trees are not kept: its packet is often decoded again at once (listed, then filtered).

export interface CompletedPayload {
  /** The payload while kept; null once let go of. */
  bytes: Uint8Array | null;
}

export class CompletedPayloads<T extends CompletedPayload> {
  /** Payloads whose bytes are kept, oldest first (from `from` on). */
  private kept: T[] = [];
  private from = 0;
  private bytes = 0;
  private recent: T | null = null;

  constructor(private readonly maxBytes: number) {}

  /** `payload` was just completed; `keep`: packets may be decoded again for their trees. */
  add(payload: T, keep: boolean): void {
    const before = this.recent;
    this.recent = payload;
    if (!keep) {
      if (before !== null && before !== payload) before.bytes = null;
      return;
    }
    this.kept.push(payload);
    this.bytes += payload.bytes?.length ?? 0;
    while (this.bytes > this.maxBytes && this.kept.length - this.from > 1) {
      const old = this.kept[this.from++];
      this.bytes -= old.bytes?.length ?? 0;
      old.bytes = null;
    }
    // The dropped entries are let go of now and then, not one by one (shifting an array is linear).
    if (this.from > 1024 && this.from * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.from);
      this.from = 0;
    }
  }
}
