// The facts of a packet of an open capture, from the service's indexes of it (its listing's):
// what a display filter reads first (PacketFactsView), so that most filters need no packet read
// back from the file.

import type { PacketFacts } from '../filter/packet-facts-view.js';
import type { ConversationIndex, PacketEndpoints } from '../analysis/conversation-index.js';
import type { PacketIndex } from './packet-index.js';

export class IndexedPacketFacts implements PacketFacts {
  /** The packet the facts are of. */
  number = 0;

  constructor(
    private readonly index: PacketIndex,
    private readonly conversations: ConversationIndex,
  ) {}

  get length(): number {
    return this.index.length(this.number);
  }

  get layers(): readonly string[] {
    return this.index.layers(this.number);
  }

  get noted(): readonly string[] {
    return this.index.noted(this.number);
  }

  endpoints(out: PacketEndpoints): boolean {
    return this.conversations.endpointsOf(this.number, out);
  }
}
