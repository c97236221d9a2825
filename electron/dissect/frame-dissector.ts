// Decodes one captured frame into its layers: the frame (what the capture knows), then one layer per
// header found by following the dispatch tables, then any unclaimed payload as a "data" layer, so
// every captured byte belongs to some layer.

import type { DissectedPacket, Layer, PacketSummary } from './field-model.js';
import type { DispatchTable, DissectContext, Dissector } from './dissector.js';
import { LayerBuilder, type FrameBytes } from './layer-builder.js';
import { DissectState } from './dissect-state.js';
import { lookupDissector } from './registry.js';
import { dataDissector } from './protocols/data-dissector.js';
import { frameLayer } from './protocols/frame-layer.js';
import { colonHex, plainHex } from './display-format.js';

export interface FrameInput {
  /** 1-based packet number in the capture. */
  number: number;
  linkType: number;
  data: Uint8Array;
  originalLength: number;
  seconds: number;
  nanos: number;
  /** Seconds since the capture's first packet. */
  relativeTime: number;
  interfaceId: number;
  interfaceName?: string;
  comment?: string;
}

export interface DissectOptions {
  /** Build the full field tree; false gives layers without fields, for the packet list. */
  detail: boolean;
  state: DissectState;
}

export function dissectFrame(input: FrameInput, options: DissectOptions): DissectedPacket {
  const frame: FrameBytes = { bytes: input.data, reportedLength: input.originalLength };
  const summary: PacketSummary = { source: '', destination: '', protocol: '', info: '' };
  const ctx = makeContext(frame, input.number, summary, options);
  const layers: Layer[] = [];
  if (options.detail) layers.push(frameLayer(input, frame));

  const dissector = lookupDissector('link', input.linkType);
  if (!dissector) {
    summary.protocol = `LINKTYPE ${input.linkType}`;
    summary.info = `Link type ${input.linkType} is not supported; the frame is shown as raw data`;
  }
  decodeChain(ctx, layers, dissector, 0, frame.bytes.length, true);
  return {
    number: input.number,
    time: input.relativeTime,
    caplen: input.data.length,
    len: input.originalLength,
    layers,
    summary,
  };
}

function makeContext(frame: FrameBytes, number: number, summary: PacketSummary, options: DissectOptions, quoted = false): DissectContext {
  const ctx: DissectContext = {
    frame,
    quoted,
    detail: options.detail,
    number,
    summary,
    state: options.state,
    nested(table: DispatchTable, key: number, offset: number, end: number): Layer[] {
      // A quoted datagram must not overwrite the outer packet's columns, and is always detailed
      // when the outer packet is.
      const inner = makeContext(frame, number, { source: '', destination: '', protocol: '', info: '' }, options, true);
      const layers: Layer[] = [];
      decodeChain(inner, layers, lookupDissector(table, key), offset, Math.min(end, frame.bytes.length), false);
      return layers;
    },
  };
  return ctx;
}

/**
 * True when the snap length cut the frame exactly where the next header should start: its decoder
 * still runs, so that it reports which of its fields is missing. (A link layer or IP header always
 * has a payload; an IP payload only when the IP header says so. Ports are left alone: a TCP
 * segment without payload is normal.)
 */
function headerCutAt(ctx: DissectContext, table: DispatchTable, offset: number, end: number): boolean {
  const captured = ctx.frame.bytes.length;
  if (offset !== end || end !== captured || captured >= ctx.frame.reportedLength) return false;
  if (table === 'link' || table === 'ethertype') return true;
  return table === 'ip.proto' && (ctx.network?.payloadEnd ?? 0) > offset;
}

/**
 * Follows the dispatch tables from `first` at `offset`, appending a layer per header, then the
 * unclaimed payload as data; bytes after the innermost payload's end go to the link layer as its
 * trailer (Ethernet padding).
 */
function decodeChain(
  ctx: DissectContext,
  layers: Layer[],
  first: Dissector | undefined,
  offset: number,
  end: number,
  outermost: boolean,
): void {
  let dissector = first;
  let linkLayer: { layer: Layer; dissector: Dissector } | undefined;
  let payloadEnd = end;
  let table: DispatchTable = outermost ? 'link' : 'ethertype';
  while (dissector && (offset < end || headerCutAt(ctx, table, offset, end))) {
    const b = new LayerBuilder(ctx.frame, dissector.place, offset, ctx.detail);
    let next;
    try {
      next = dissector.dissect(b, ctx, end);
    } catch (err) {
      // A decoder bug must not take the packet (or the process) down: show it on the layer.
      b.problem('error', `The ${dissector.place.protocol} decoder failed at offset ${b.end}: ${(err as Error).message}`, b.end);
      next = undefined;
    }
    const layer = b.finish();
    layers.push(layer);
    if (!linkLayer) linkLayer = { layer, dissector };
    if (!next) {
      offset = Math.max(b.end, offset);
      break;
    }
    const nextEnd = Math.min(Math.max(next.end, next.offset), end);
    payloadEnd = nextEnd;
    offset = next.offset;
    end = nextEnd;
    table = next.table;
    dissector = undefined;
    for (const key of next.keys) {
      dissector = lookupDissector(next.table, key);
      if (dissector) break;
    }
  }
  if (offset < end) {
    const b = new LayerBuilder(ctx.frame, dataDissector.place, offset, ctx.detail);
    dataDissector.dissect(b, ctx, end);
    layers.push(b.finish());
  }
  const trailerStart = Math.max(payloadEnd, offset);
  const captured = ctx.frame.bytes.length;
  if (outermost && linkLayer?.dissector.trailer && trailerStart < captured && ctx.detail) {
    const spec = linkLayer.dissector.trailer;
    const bytes = ctx.frame.bytes.subarray(trailerStart, captured);
    linkLayer.layer.fields.push({
      name: spec.name,
      label: spec.label,
      offset: trailerStart,
      length: bytes.length,
      value: plainHex(bytes),
      show: colonHex(bytes),
      description: spec.description,
      children: [],
    });
  }
}
