// Whether a packet of an open capture matches a display filter, as cheaply as the capture's
// indexes allow: first on what its listing noted (PacketFactsView); only when that cannot say, the
// packet is read back and decoded, and then only if it has every layer the filter needs. The
// display filter and Find by display filter both test packets this way.

import type { DisplayFilter } from '../filter/display-filter.js';
import { mayMatch } from '../filter/required-protocols.js';
import type { CaptureSession } from './capture-session.js';
import { IndexedPacketFacts } from './indexed-packet-facts.js';
import { PacketFactsView } from '../filter/packet-facts-view.js';

export class PacketMatcher {
  private readonly facts: IndexedPacketFacts;
  private readonly view: PacketFactsView;

  constructor(
    private readonly session: CaptureSession,
    readonly filter: DisplayFilter,
  ) {
    this.facts = new IndexedPacketFacts(session.index, session.conversations);
    this.view = new PacketFactsView(this.facts);
  }

  matches(number: number): boolean {
    const { filter, view, session } = this;
    this.facts.number = number;
    const matched = filter.matchesView(view.reset());
    if (!view.unknown) return matched;
    if (!mayMatch(filter.requires, session.index.layers(number))) return false;
    // Only the layers and fields the filter reads are decoded.
    const { packet, bytes } = session.decoded(number, false, filter.protocols, filter.fields);
    return filter.matches(packet, bytes);
  }
}
