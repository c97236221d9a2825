// The facts of a packet from the summary the packet list has just made of it (its layers, noted
// fields and conversation note): what `list -Y` tests a filter on first, so that a filter on
// ports, addresses, flags or protocols costs the list no decoding beyond its own.

import type { FrameInput, FrameSummary } from '../dissect/frame-dissector.js';
import type { PacketEndpoints } from '../analysis/conversation-index.js';
import type { PacketFacts } from './packet-facts-view.js';

export class SummaryFacts implements PacketFacts {
  private input!: FrameInput;
  private summary!: FrameSummary;
  /** Each list of layers met, stored once (the summary's own list is refilled for every packet). */
  private readonly lists = new Map<string, readonly string[]>();
  private list: readonly string[] = [];

  /** Stands at the packet `input`, as `summary` (valid until the next packet is summarised) lists it. */
  set(input: FrameInput, summary: FrameSummary): void {
    this.input = input;
    this.summary = summary;
    const layers = summary.protocols;
    // Packets in a row mostly have the same layers: compared before any key is made.
    if (!sameList(layers, this.list)) {
      const key = layers.join('/');
      let list = this.lists.get(key);
      if (!list) this.lists.set(key, (list = Object.freeze([...layers])));
      this.list = list;
    }
  }

  get number(): number {
    return this.input.number;
  }

  get length(): number {
    return this.input.originalLength;
  }

  get layers(): readonly string[] {
    return this.list;
  }

  get noted(): readonly string[] {
    return this.summary.noted;
  }

  endpoints(out: PacketEndpoints): boolean {
    const note = this.summary.conversation;
    const protocol = note.protocol;
    const net = note.network;
    if ((protocol !== 'tcp' && protocol !== 'udp') || !net || note.stream < 0) return false;
    // The header that set the stream, in the bytes it was decoded from (a reassembled datagram's).
    const bytes = note.bytes;
    const size = net.family === 4 ? 4 : 16;
    const at = note.offset;
    if (net.src + size > bytes.length || net.dst + size > bytes.length || at + 4 > bytes.length) return false;
    out.protocol = protocol;
    out.stream = note.stream;
    out.family = net.family;
    out.source = bytes.subarray(net.src, net.src + size);
    out.destination = bytes.subarray(net.dst, net.dst + size);
    out.sourcePort = (bytes[at] << 8) | bytes[at + 1];
    out.destinationPort = (bytes[at + 2] << 8) | bytes[at + 3];
    // (The flags' byte is the 14th of a TCP header.)
    out.flags = protocol === 'tcp' && at + 13 < bytes.length ? bytes[at + 13] : -1;
    return true;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
