// State kept across the packets of one capture, one slot per protocol, so that a protocol file can
// remember what it needs (TCP's initial sequence numbers) without the engine knowing about it.

export class DissectState {
  private readonly slots = new Map<string, unknown>();
  /**
   * Reads packet `number`'s captured bytes back (a copy, or bytes that stay valid while the
   * packet is decoded), where the capture allows: reassembly reads a datagram's fragments again
   * when it no longer holds their bytes.
   */
  frameBytes?: (number: number) => Uint8Array | undefined;

  constructor(
    /**
     * Whether a packet may be decoded again for its tree once the list has been made (the app
     * shows any packet of its list; `layerscope list` never does). When not, a module need not
     * remember what only trees show (HTTP's pairing of requests and responses).
     */
    readonly treesLater = true,
  ) {}

  /** The protocol's slot, created by `init` the first time it is asked for. */
  slot<T>(protocol: string, init: () => T): T {
    let value = this.slots.get(protocol) as T | undefined;
    if (value === undefined) {
      value = init();
      this.slots.set(protocol, value);
    }
    return value;
  }
}
