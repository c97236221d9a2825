// Decodes one captured frame into its layers: the frame (what the capture knows), then one layer per
// header found by following the dispatch tables, then any unclaimed payload as a "data" layer, so
// every captured byte belongs to some layer.

import type { DataSource, DissectedPacket, Field, Layer, OsiLayer, PacketSummary, Problem, Severity } from './field-model.js';
import type { DispatchTable, DissectContext, LayerPlace, NetworkAddresses, NextLayer, ProtocolModule, ReassembledBytes } from './dissector.js';
import { LayerBuilder, type FrameBytes } from './layer-builder.js';
import { DissectState } from './dissect-state.js';
import { lookupDissector } from './registry.js';
import { data } from './protocols/data.js';
import { frameLayer, frameNarrative } from './protocols/frame-layer.js';
import { macAddress } from './display-format.js';
import { PACKET_INFO, PACKET_PROBLEMS } from './packet-problems.js';
import { narrateLayers } from './layer-narrative.js';
import { PacketColumns } from './column-text.js';
import { say } from '../text/catalog.js';
import type { FieldSelection } from './field-selection.js';
import type { FieldSpec } from './field-spec.js';

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
  comments?: readonly string[];
}

export interface DissectOptions {
  /** Build the full field tree; false gives layers without fields, for the packet list. */
  detail: boolean;
  /**
   * With the tree, its texts: each field's show and showname, each layer's sentence (default
   * true). False leaves them empty, for a display filter, which reads only values.
   */
  texts?: boolean;
  /**
   * With the tree, the protocols whose layers get their fields (undefined: all). A display filter
   * reads only the fields it names, so the other layers are decoded as the packet list decodes
   * them: still there (a filter can ask whether a protocol is present, or for its bytes), without fields.
   */
  protocols?: ReadonlySet<string>;
  /**
   * With the tree and without texts, the only fields built (a display filter's, see
   * DisplayFilter.fields); the others are decoded but left out. The packet's summary (its columns)
   * is then left empty, and its data sources turn their bytes into hex only when read: read them
   * before the next packet is decoded.
   */
  fields?: FieldSelection;
  state: DissectState;
}

/**
 * What the packet list needs of a packet: its columns, the innermost protocol a decoder recognised
 * (for the row's colour and layer) and the worst problem found. Built by `summarizeFrame` without
 * any field tree or layer objects.
 */
export interface FrameSummary {
  /** The source, destination, protocol and info columns (text as UTF-8 bytes). */
  columns: PacketColumns;
  /** Innermost layer a decoder recognised (undecoded payload does not count unless it is all). */
  topProtocol: string;
  topOsi: OsiLayer;
  /** The worst severity among the packet's problems, if it has any. */
  worstProblem: Severity | undefined;
  /** The conversation the packet travels in, as the innermost layer that set one names it. */
  conversation: ConversationNote;
  /** The protocol of each layer, in order (without the frame's): what a display filter may need. */
  protocols: string[];
  /** The names of the fields its layers noted for the packet list (FieldSpec.noted), in order. */
  noted: string[];
  /** The innermost IP header's addresses (offsets into `networkBytes`), when the packet has one. */
  network: NetworkAddresses | undefined;
  networkBytes: Uint8Array;
}

/**
 * The conversation (tcp.stream, udp.stream…) of a packet, noted in summary mode when a layer sets
 * the context's `stream`: which protocol set it, where that layer starts and where the network
 * addresses are, so the service can index streams and tell their directions in the one pass
 * that lists the packets. `protocol` is '' when no layer set one.
 */
export interface ConversationNote {
  protocol: string;
  stream: number;
  /** Where the layer that set the stream starts in `bytes`. */
  offset: number;
  /** The bytes that layer was decoded from: the frame's, or a datagram reassembled from fragments. */
  bytes: Uint8Array;
  network: NetworkAddresses | undefined;
}

export function dissectFrame(input: FrameInput, options: DissectOptions): DissectedPacket {
  const frame: FrameBytes = { bytes: input.data, reportedLength: input.originalLength };
  const texts = options.texts !== false;
  // The summary is copied out (toSummary) before this returns, so one per capture serves every
  // call: a filter decodes every packet this way, and the columns' buffers cost more than the rest.
  const spare = spareSummaries.get(options.state);
  const summary = spare ?? newSummary();
  if (spare) {
    spareSummaries.delete(options.state);
    resetSummary(summary);
  }
  const selection = texts ? undefined : options.fields;
  const ctx = new FrameContext(frame, input.number, summary, options.state, options.detail, false, 0, texts, options.protocols, selection);
  ctx.seconds = input.seconds;
  ctx.nanos = input.nanos;
  const layers: Layer[] = [];
  const modules: (ProtocolModule | undefined)[] = [];
  if (options.detail) {
    layers.push(frameLayer(input, frame, texts, selection));
    modules.push(undefined);
  }
  startChain(ctx, layers, input.linkType, true, modules);
  if (options.detail && texts) narrateLayers(layers, (i) => (i === 0 ? frameNarrative : modules[i]?.narrative));
  const packet: DissectedPacket = {
    number: input.number,
    time: input.relativeTime,
    caplen: input.data.length,
    len: input.originalLength,
    layers,
    summary: selection ? UNREAD_COLUMNS : ctx.columns.toSummary(),
  };
  if (ctx.sources.length) packet.sources = ctx.sources.map(selection ? sourceOfBytesWhenRead : sourceOfBytes);
  spareSummaries.set(options.state, summary);
  return packet;
}

/** A filter's decoding's columns: a filter reads fields, and the columns' text cost a tenth of its time. */
const UNREAD_COLUMNS: PacketSummary = Object.freeze({ source: '', destination: '', protocol: '', info: '' });

/** Each capture's summary that `dissectFrame` reuses (taken while in use, so a nested call gets its own). */
const spareSummaries = new WeakMap<DissectState, FrameSummary>();

/** The data source the packet carries for reassembled bytes: their own part, as hex. */
function sourceOfBytes(r: ReassembledBytes): DataSource {
  const own = r.bytes.subarray(r.prefix);
  let hex = '';
  for (let i = 0; i < own.length; i++) hex += HEX[own[i]];
  return { name: r.name, bytesHex: hex };
}

/**
 * `sourceOfBytes`, with the hex made only if read: a filter reads a data source only when it
 * looks into a protocol's bytes, and a reassembled HTTP response's hex cost more than its decoding.
 */
function sourceOfBytesWhenRead(r: ReassembledBytes): DataSource {
  let hex: string | undefined;
  return Object.defineProperty({ name: r.name } as DataSource, 'bytesHex', { enumerable: true, get: () => (hex ??= sourceOfBytes(r).bytesHex) });
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Decodes only what the packet list shows, as `dissectFrame` with `detail: false` would, but
 * reusing one context, one set of layer builders and one result object per `state`: the returned
 * summary is only valid until the next call with the same state.
 */
export function summarizeFrame(input: FrameInput, state: DissectState): FrameSummary {
  const ctx = summaryContext(input, state);
  try {
    // Unguarded first: a try/catch around every decoder call costs the packet list several
    // percent. Decoders must not throw; if one does, the packet is decoded again, guarded, so it
    // ends up exactly as `dissectFrame` shows it (per-capture state replays what a packet number
    // did the first time, so decoding it twice changes nothing).
    clearSummary(ctx);
    startChain(ctx, null, input.linkType, false);
  } catch {
    clearSummary(ctx);
    startChain(ctx, null, input.linkType, true);
  }
  return ctx.summary;
}

/** The capture's reusable summary-mode context, pointed at `input`. */
function summaryContext(input: FrameInput, state: DissectState): FrameContext {
  let ctx = summaryContexts.get(state);
  if (!ctx) summaryContexts.set(state, (ctx = new FrameContext({ bytes: input.data, reportedLength: 0 }, 0, newSummary(), state, false, false)));
  const frame = ctx.ownFrame as { bytes: Uint8Array; reportedLength: number };
  ctx.frame = frame;
  frame.bytes = input.data;
  frame.reportedLength = input.originalLength;
  ctx.number = input.number;
  ctx.seconds = input.seconds;
  ctx.nanos = input.nanos;
  return ctx;
}

function clearSummary(ctx: FrameContext): void {
  ctx.frame = ctx.ownFrame;
  ctx.network = undefined;
  ctx.deferredMacs = -1;
  ctx.stream = -1;
  ctx.lowPort = -1;
  ctx.highPort = -1;
  resetSummary(ctx.summary);
}

function resetSummary(summary: FrameSummary): void {
  summary.columns.clear();
  summary.topProtocol = '';
  summary.topOsi = 1;
  summary.worstProblem = undefined;
  summary.conversation.protocol = '';
  summary.protocols.length = 0;
  summary.noted.length = 0;
  summary.network = undefined;
  summary.networkBytes = NO_BYTES;
}

/** Each capture's reusable summary-mode context. */
const summaryContexts = new WeakMap<DissectState, FrameContext>();

const NO_BYTES = new Uint8Array(0);

function newSummary(): FrameSummary {
  return { columns: new PacketColumns(), topProtocol: '', topOsi: 1, worstProblem: undefined, conversation: { protocol: '', stream: -1, offset: 0, bytes: NO_BYTES, network: undefined }, protocols: [], noted: [], network: undefined, networkBytes: NO_BYTES };
}

const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

function startChain(ctx: FrameContext, layers: Layer[] | null, linkType: number, guarded = true, modules?: (ProtocolModule | undefined)[]): void {
  const dissector = lookupDissector('link', linkType);
  if (!dissector) {
    ctx.columns.protocol = `LINKTYPE ${linkType}`;
    ctx.columns.info.set(say(PACKET_INFO.unsupported_link, { linkType }));
  }
  decodeChain(ctx, layers, dissector, 0, ctx.frame.bytes.length, true, guarded, modules);
  const macs = ctx.deferredMacs;
  if (macs >= 0) {
    ctx.deferredMacs = -1;
    const bytes = ctx.frame.bytes;
    const columns = ctx.columns;
    if (columns.source.length === 0) columns.source.text(macAddress(bytes, macs + 6));
    if (columns.destination.length === 0) columns.destination.text(macAddress(bytes, macs));
  }
}

/** The context decoders share while one frame (or one quoted datagram inside it) is decoded. */
class FrameContext implements DissectContext {
  network?: NetworkAddresses = undefined;
  deferredMacs = -1;
  seconds = 0;
  nanos = 0;
  lowPort = -1;
  highPort = -1;
  private streamIndex = -1;
  /** The module decoding now, and where its layer starts: the one that sets `stream` is noted. */
  decoding: ProtocolModule | undefined = undefined;
  decodingOffset = 0;
  /** Summary mode's builders, one per layer depth, reused from packet to packet. */
  readonly builders: LayerBuilder[] = [];
  readonly columns: PacketColumns;
  /**
   * The bytes decoders read: the frame's, or reassembled bytes while the layers decoded from them
   * are (see decodeChain).
   */
  frame: FrameBytes;
  /** The packet's data sources besides the frame (detail mode), shared with nested contexts. */
  sources: ReassembledBytes[] = [];

  constructor(
    readonly ownFrame: FrameBytes,
    public number: number,
    readonly summary: FrameSummary,
    readonly state: DissectState,
    readonly detail: boolean,
    readonly quoted: boolean,
    readonly quoteDepth = 0,
    /** Whether detail builders format the fields' texts (see DissectOptions.texts). */
    readonly texts = true,
    /** The protocols whose layers get fields (see DissectOptions.protocols). */
    readonly protocols?: ReadonlySet<string>,
    /** The only fields built (see DissectOptions.fields). */
    readonly selection?: FieldSelection,
  ) {
    this.columns = summary.columns;
    this.frame = ownFrame;
  }

  addSource(bytes: ReassembledBytes): number {
    if (!this.detail) return 0;
    let i = this.sources.indexOf(bytes);
    if (i < 0) i = this.sources.push(bytes) - 1;
    bytes.index = i + 1;
    return i + 1;
  }

  note(spec: FieldSpec): void {
    if (!this.detail) this.summary.noted.push(spec.name);
  }

  get stream(): number {
    return this.streamIndex;
  }

  set stream(index: number) {
    this.streamIndex = index;
    if (index < 0 || !this.decoding || this.quoted) return;
    const note = this.summary.conversation;
    note.protocol = this.decoding.place.protocol;
    note.stream = index;
    note.offset = this.decodingOffset;
    note.bytes = this.frame.bytes;
    note.network = this.network;
  }

  nested(table: DispatchTable, key: number, offset: number, end: number): Layer[] {
    // A quoted datagram must not overwrite the outer packet's columns, and is always detailed
    // when the outer packet is.
    // A quoted datagram's layers become fields of the ICMP layer, which keeps all its fields: all
    // of theirs too (a filter for `data` finds the data an ICMP error quotes).
    const inner = new FrameContext(this.frame, this.number, newSummary(), this.state, this.detail, true, this.quoteDepth + 1, this.texts);
    inner.seconds = this.seconds;
    inner.nanos = this.nanos;
    inner.sources = this.sources;
    const layers: Layer[] = [];
    decodeChain(inner, layers, lookupDissector(table, key), offset, Math.min(end, this.frame.bytes.length), false);
    return layers;
  }

  /**
   * Whether a layer of `protocol` gets its fields: every layer, unless only some protocols are
   * asked for. ICMP's always do: the datagrams they quote are fields of theirs.
   */
  private wantsFields(protocol: string): boolean {
    return this.protocols === undefined || this.protocols.has(protocol) || quotes(protocol);
  }

  /** A builder for layer number `depth`: new when its layer is handed out, else reused. */
  builder(layers: Layer[] | null, depth: number, place: LayerPlace, offset: number): LayerBuilder {
    if (layers) return new LayerBuilder(this.frame, place, offset, this.detail && this.wantsFields(place.protocol), this.texts, quotes(place.protocol) ? undefined : this.selection);
    let b = this.builders[depth];
    if (b) b.reset(this.frame, place, offset);
    else this.builders[depth] = b = new LayerBuilder(this.frame, place, offset, false);
    return b;
  }
}

/** Whether a layer of `protocol` quotes a datagram, whose layers are its fields (ICMP's errors). */
function quotes(protocol: string): boolean {
  return protocol === 'icmp' || protocol === 'icmpv6';
}

/** Notes the network addresses just decoded (in the bytes being decoded) as the packet's innermost ones. */
function noteNetwork(ctx: FrameContext): void {
  if (ctx.network === undefined) return;
  ctx.summary.network = ctx.network;
  ctx.summary.networkBytes = ctx.frame.bytes;
}

/** Summary mode: notes what the packet list needs of a decoded layer instead of keeping it. */
function noteLayer(summary: FrameSummary, b: LayerBuilder): void {
  const protocol = b.place.protocol;
  summary.protocols.push(protocol);
  if (summary.topProtocol === '' || protocol !== 'data') {
    summary.topProtocol = protocol;
    summary.topOsi = b.place.osi;
  }
  const problems = b.problems;
  for (let i = 0; i < problems.length; i++) {
    const severity = problems[i].severity;
    if (!summary.worstProblem || SEVERITY_RANK[severity] > SEVERITY_RANK[summary.worstProblem]) summary.worstProblem = severity;
  }
}

function guardedDissect(dissector: ProtocolModule, b: LayerBuilder, ctx: FrameContext, end: number): NextLayer | undefined {
  try {
    return dissector.dissect(b, ctx, end);
  } catch (err) {
    // A decoder bug must not take the packet (or the process) down: show it on the layer.
    b.problem(PACKET_PROBLEMS.decoder_failed, b.end, { protocol: dissector.name, offset: b.end, reason: String((err as Error)?.message ?? err) });
    return undefined;
  }
}

/**
 * Tables whose payload always starts with a header: a link layer's, 802.11 after radiotap, a
 * management frame's body, an LLC header, a protocol over LLC.
 */
const HEADER_FOLLOWS: ReadonlySet<DispatchTable> = new Set(['link', 'ethertype', 'radiotap.wlan', 'wlan.mgt', 'llc', 'llc.dsap', 'llc.cisco_pid']);

/**
 * True when the snap length cut the frame exactly where the next header should start: its decoder
 * still runs, so that it reports which of its fields is missing. (A link layer or IP header always
 * has a payload, and so do radiotap (an 802.11 frame) and IEEE 802.3 or 802.11 data (an LLC header); an IP payload, or a TCP/UDP one, only when the IP header says bytes follow: a TCP
 * segment without payload is normal.)
 */
function headerCutAt(ctx: DissectContext, table: DispatchTable, offset: number, end: number): boolean {
  const captured = ctx.frame.bytes.length;
  if (offset !== end || end !== captured || captured >= ctx.frame.reportedLength) return false;
  // Below the network layer (a link layer's payload: PPP's, an EtherType's) a header always follows.
  if (HEADER_FOLLOWS.has(table) || ctx.network === undefined) return true;
  return (ctx.network?.payloadEnd ?? 0) > offset;
}

/**
 * Headers decoded in one chain, at most: real packets stack a handful (VLAN tags in VLAN tags, a
 * few extension headers); a crafted one stacking thousands would build a layer for each.
 */
const MAX_LAYERS = 32;

/**
 * Follows the dispatch tables from `first` at `offset`, appending a layer per header, then the
 * unclaimed payload as data; bytes after the innermost payload's end go to the innermost link
 * layer that claims them (Ethernet padding, trailer and frame check sequence).
 */
function decodeChain(
  ctx: FrameContext,
  layers: Layer[] | null,
  first: ProtocolModule | undefined,
  offset: number,
  end: number,
  outermost: boolean,
  /** Catch a decoder's exception and show it on its layer (see `summarizeFrame` for when not). */
  guarded = true,
  /** When given, receives the module of each layer appended (undefined for data). */
  modules?: (ProtocolModule | undefined)[],
): void {
  let dissector = first;
  /** The innermost layer whose module claims the bytes after the payload (VLAN inside Ethernet). */
  let trailerOwner: { b: LayerBuilder; dissector: ProtocolModule } | undefined;
  let payloadEnd = end;
  let table: DispatchTable = outermost ? 'link' : 'ethertype';
  let depth = 0;
  /** Encapsulation level of the layer being decoded, and whether a network layer was seen at it. */
  let level = 0;
  let networkAtLevel = ctx.network !== undefined;
  /** Set once the chain goes on in reassembled bytes (a datagram put together from fragments). */
  let source: ReassembledBytes | undefined;
  /** Frame bytes after the reassembled bytes' share, decoded once their chain ends (NextLayer.rest). */
  let rest: { offset: number; end: number; table: DispatchTable; key: number; otherKey: number; network?: NetworkAddresses } | undefined;
  const outerFrame = ctx.frame;
  while (dissector && (offset < end || headerCutAt(ctx, table, offset, end))) {
    if (depth >= MAX_LAYERS) break;
    const b = ctx.builder(layers, depth++, dissector.place, offset);
    const network = ctx.network;
    ctx.decoding = dissector;
    ctx.decodingOffset = offset;
    const next = guarded ? guardedDissect(dissector, b, ctx, end) : dissector.dissect(b, ctx, end);
    if (ctx.network !== network) noteNetwork(ctx);
    if (layers) {
      const layer = b.finish(dissector.name);
      if (source) placeInSource(layer, source);
      // A link layer after a network layer, or a second network header, starts a packet carried
      // inside the one before (Ethernet in VXLAN, IPv4 in GRE or in IPv4).
      if (networkAtLevel && (dissector.place.tcpip === 'link' || (ctx.network !== network && ctx.network !== undefined))) {
        level++;
        networkAtLevel = false;
      }
      if (ctx.network !== network && ctx.network !== undefined) networkAtLevel = true;
      if (level > 0) layer.encapsulation = level;
      layers.push(layer);
      modules?.push(dissector);
      // Bytes after the frame's payload belong to its own link layer, not to one a tunnel carries.
      if (dissector.trailer && level === 0) trailerOwner = { b, dissector };
    } else {
      noteLayer(ctx.summary, b);
    }
    if (!next) {
      offset = Math.max(b.end, offset);
      break;
    }
    if (next.source !== undefined && next.source !== source) {
      // The rest of the chain reads the reassembled bytes; the frame's payload ends where this
      // layer says its own share of them does.
      if (!source) payloadEnd = Math.max(next.frameEnd ?? b.end, offset);
      if (!source && next.rest) rest = { ...next.rest, table: next.table, key: next.key, otherKey: next.otherKey, network: ctx.network };
      source = next.source;
      ctx.addSource(source);
      ctx.frame = { bytes: source.bytes, reportedLength: source.bytes.length };
      // (A TCP-reassembled message has no IP header of its own: the segment's stays the innermost.)
      if (source.network) {
        ctx.network = source.network;
        noteNetwork(ctx);
      }
      end = source.bytes.length;
    }
    const nextEnd = Math.min(Math.max(next.end, next.offset), end);
    if (!source) payloadEnd = nextEnd;
    offset = next.offset;
    end = nextEnd;
    table = next.table;
    dissector = next.key >= 0 ? lookupDissector(table, next.key) : undefined;
    if (!dissector && next.otherKey >= 0) dissector = lookupDissector(table, next.otherKey);
  }
  if (offset < end) {
    const b = ctx.builder(layers, depth, data.place, offset);
    data.dissect(b, ctx, end);
    if (dissector && depth >= MAX_LAYERS) b.problem(PACKET_PROBLEMS.too_many_headers, offset, { max: MAX_LAYERS, offset });
    if (layers) {
      const layer = b.finish(data.name);
      if (source) placeInSource(layer, source);
      if (level > 0) layer.encapsulation = level;
      layers.push(layer);
      modules?.push(data);
    } else noteLayer(ctx.summary, b);
  }
  ctx.frame = outerFrame;
  if (rest) {
    ctx.network = rest.network;
    const module = (rest.key >= 0 ? lookupDissector(rest.table, rest.key) : undefined) ?? (rest.otherKey >= 0 ? lookupDissector(rest.table, rest.otherKey) : undefined);
    decodeChain(ctx, layers, module, rest.offset, rest.end, false, guarded, modules);
  }
  if (!layers) return;
  const trailerStart = source ? payloadEnd : Math.max(payloadEnd, offset);
  const captured = ctx.frame.bytes.length;
  // The layer's fields are the builder's: what the trailer adds appears in the finished layer.
  if (outermost && trailerOwner && trailerStart < captured && ctx.detail) trailerOwner.dissector.trailer!(trailerOwner.b, trailerStart, captured);
}

/**
 * Makes a layer decoded from reassembled bytes say so, with its offsets (and its fields' and
 * problems') from the start of the reassembled bytes rather than of their copied prefix.
 */
function placeInSource(layer: Layer, source: ReassembledBytes): void {
  if (source.index > 0) layer.source = source.index;
  const shift = source.prefix;
  if (shift === 0) return;
  layer.offset -= shift;
  const moved = new Set<Problem>();
  const move = (p: Problem) => {
    if (!moved.has(p)) {
      moved.add(p);
      p.offset -= shift;
    }
  };
  layer.problems.forEach(move);
  const walk = (fields: Field[]) => {
    for (const f of fields) {
      f.offset -= shift;
      f.problems?.forEach(move);
      walk(f.children);
    }
  };
  walk(layer.fields);
}
