// One numbered sentence per OSI layer saying what that layer contributed to this very packet,
// read top-down (the sender encapsulating) or bottom-up (the receiver decapsulating). Each
// protocol module writes its layer's part from the packet's own fields, so it is as true as the
// dissection; this only puts them in the order of the view.

import type { Layer, OsiLayer } from '../../../electron/dissect/field-model.js';
import { OSI_LAYERS } from './layer-models.js';
import { defineMessages, say } from '../../../electron/text/catalog.js';

export type StackView = 'sender' | 'receiver';

export interface NarrativeStep {
  /** 1-based position in the reading order. */
  step: number;
  osi: OsiLayer;
  /** "Transport: TCP from port 40000 to port 80; SYN asks to open a connection; ..." */
  sentence: string;
  /** Layers of the packet on this OSI layer (indexes into the packet's layers). */
  layerIndexes: number[];
  empty: boolean;
}

export function buildNarrative(layers: readonly Layer[], view: StackView): NarrativeStep[] {
  const order = view === 'sender' ? OSI_LAYERS : [...OSI_LAYERS].reverse();
  return order.map((info, i) => {
    const layerIndexes = layers.flatMap((l, li) => (l.osi === info.osi ? [li] : []));
    // Each protocol module wrote its layer's part when the packet was decoded.
    // A layer of a packet carried inside another (a tunnel's payload) says so.
    const parts = layerIndexes.map((li) => {
      const text = layers[li].narrative ?? layers[li].title;
      return layers[li].encapsulation ? say(INNER.encapsulated, { text }) : text;
    });
    const body = parts.length ? parts.join('; then ') : emptyLayerText(info.osi, layers);
    return {
      step: i + 1,
      osi: info.osi,
      sentence: `${info.name}: ${body}`,
      layerIndexes,
      empty: layerIndexes.length === 0,
    };
  });
}

const INNER = defineMessages('stack.inner', {
  encapsulated: 'in the packet carried inside (encapsulated), {text}',
});

const EMPTY = defineMessages('stack.empty', {
  presentation: 'nothing in this packet: no header of its own encodes or encrypts the data',
  session: 'nothing in this packet: TCP/IP has no separate session header',
  application: 'nothing in this packet: it carries no application data',
  transport_arp: 'nothing in this packet: ARP talks to the neighbour, not to a program',
  transport: "nothing in this packet: it is not addressed to a program's port",
  other: 'nothing in this packet',
});

function emptyLayerText(osi: OsiLayer, layers: readonly Layer[]): string {
  switch (osi) {
    case 6: return say(EMPTY.presentation);
    case 5: return say(EMPTY.session);
    case 7: return say(EMPTY.application);
    case 4: return say(layers.some((l) => l.protocol === 'arp') ? EMPTY.transport_arp : EMPTY.transport);
    default: return say(EMPTY.other);
  }
}
