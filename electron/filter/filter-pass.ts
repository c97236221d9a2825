// A display filter applied to a capture's packets in order, for `list -Y` and `export -Y`: each
// packet is decoded once as the packet list decodes it (its columns and layers, updating what is
// kept from packet to packet) or once with the filter's fields, and a second time only when needed.
//
// Two orders give the same answer (per-capture state replays what a packet number did the first
// time), and the cheaper one depends on the capture:
// - summary first: the packet list's decoding lists the packet's layers; only a packet with every
//   layer the filter needs (`dns` needs DNS) is decoded again with its fields. Cheap when few
//   packets have them.
// - fields first: every packet is decoded with the filter's fields; only a match is decoded again
//   for its columns. Cheap when most packets have the layers (`tcp.port == 80` in TCP traffic).
// The pass counts how many packets have the layers and takes the cheaper order as it goes.
// A filter reading only what the list's decoding learns anyway (layers, ports, addresses, TCP
// flags, lengths, noted fields: PacketFactsView) is tested on that first, and a packet is decoded
// with fields only when those facts cannot answer for it.

import type { FrameInput, FrameSummary } from '../dissect/frame-dissector.js';
import { dissectFrame, summarizeFrame } from '../dissect/frame-dissector.js';
import type { DissectState } from '../dissect/dissect-state.js';
import type { DisplayFilter } from './display-filter.js';
import { mayMatch } from './required-protocols.js';
import { factsAnswer, PacketFactsView } from './packet-facts-view.js';
import { SummaryFacts } from './summary-facts.js';

/** Packets between choices of order. */
const WINDOW = 1024;
/**
 * Above this share of packets with the needed layers, fields first is cheaper: the list's
 * decoding costs about two thirds of a decoding with fields (measured on the benchmark capture),
 * so summary first costs 2/3 + share, fields first about 1.
 */
const FIELDS_FIRST_ABOVE = 1 / 3;

export class FilterPass {
  private summaryFirst: boolean;
  private seen = 0;
  private withLayers = 0;
  private readonly layerNames: string[] = [];
  /** The list's facts of each packet, when the filter reads nothing else. */
  private readonly facts: SummaryFacts | undefined;
  private readonly view: PacketFactsView | undefined;

  constructor(
    private readonly filter: DisplayFilter,
    private readonly state: DissectState,
  ) {
    // A filter that needs no layer in particular may match any packet.
    this.summaryFirst = filter.requires.size > 0;
    if ([...filter.fieldNames].every(factsAnswer)) {
      this.facts = new SummaryFacts();
      this.view = new PacketFactsView(this.facts);
    }
  }

  /**
   * The summary of packet `input` (its columns, valid until the next packet) when the filter
   * matches it, else undefined. Packets must come in order, each once.
   */
  next(input: FrameInput): FrameSummary | undefined {
    const filter = this.filter;
    let matched: boolean;
    let summary: FrameSummary | undefined;
    let hasLayers: boolean;
    // With facts to test first, the list's decoding comes first whatever the share of layers.
    if (this.summaryFirst || this.view) {
      summary = summarizeFrame(input, this.state);
      const known = this.testFacts(input, summary);
      if (known !== undefined) return known ? summary : undefined;
      hasLayers = mayMatch(filter.requires, summary.protocols);
      matched = hasLayers && filter.matches(this.decoded(input), input.data);
    } else {
      const packet = this.decoded(input);
      const names = this.layerNames;
      names.length = 0;
      for (const layer of packet.layers) names.push(layer.protocol);
      hasLayers = mayMatch(filter.requires, names);
      // (Tested whatever the layers: they only choose the order.)
      matched = filter.matches(packet, input.data);
    }
    this.count(hasLayers);
    if (!matched) return undefined;
    return summary ?? summarizeFrame(input, this.state);
  }

  /** Whether the filter matches, from the facts of the list's decoding; undefined when they cannot say. */
  private testFacts(input: FrameInput, summary: FrameSummary): boolean | undefined {
    if (!this.facts || !this.view) return undefined;
    this.facts.set(input, summary);
    const matched = this.filter.matchesView(this.view.reset());
    return this.view.unknown ? undefined : matched;
  }

  private decoded(input: FrameInput) {
    const filter = this.filter;
    return dissectFrame(input, { detail: true, texts: false, protocols: filter.protocols, fields: filter.fields, state: this.state });
  }

  private count(hasLayers: boolean): void {
    this.seen++;
    if (hasLayers) this.withLayers++;
    if (this.seen < WINDOW) return;
    this.summaryFirst = this.filter.requires.size > 0 && this.withLayers / this.seen <= FIELDS_FIRST_ABOVE;
    this.seen = 0;
    this.withLayers = 0;
  }
}
