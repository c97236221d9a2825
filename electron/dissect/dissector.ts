// The shape of a protocol module, and the context decoders share while a frame is decoded.
// A protocol is one module: its field table, its decoder, where it registers (dispatch tables
// and keys), its display name and its narrative. Adding one is a file and a line in registry.ts.

import type { PacketColumns } from './column-text.js';
import type { Field, FieldValue, Layer, OsiLayer, TcpIpLayer } from './field-model.js';
import type { FieldSpec } from './field-spec.js';
import type { FrameBytes, LayerBuilder } from './layer-builder.js';
import type { DissectState } from './dissect-state.js';
import type { Message } from '../text/catalog.js';

/**
 * A table that chooses the next decoder by a number, as Wireshark's dissector tables do ('link'
 * by link type, 'ethertype', 'ip.proto', 'tcp.port', 'udp.port'...). Open: a module may name a
 * table of its own for the protocols it carries.
 */
export type DispatchTable = string;

/** Where a protocol sits in both layer models. */
export interface LayerPlace {
  /** Wireshark's short name (`tcp`), also the prefix of its fields' filter names. */
  protocol: string;
  osi: OsiLayer;
  tcpip: TcpIpLayer;
}

/** What a decoder says comes after its header. */
export interface NextLayer {
  table: DispatchTable;
  /** Key to look up first (for ports: the lower port); -1 when there is none (a later fragment). */
  key: number;
  /** Key to try when `key` has no decoder (for ports: the higher port), or -1. */
  otherKey: number;
  /** Where the payload starts, from the start of the frame. */
  offset: number;
  /**
   * Where the payload ends as the header says (IP total length, UDP length); bytes after it
   * are trailer/padding of the link layer. Never beyond the captured bytes' end.
   */
  end: number;
  /**
   * When set, the payload is not in the frame but in these reassembled bytes (`offset` and `end`
   * are then positions in them): the layers after this one are decoded from them.
   */
  source?: ReassembledBytes;
  /**
   * With `source`: where this layer's payload ends in the frame (its own share of the reassembled
   * bytes lies before it); what follows is the link layer's (padding, trailer).
   */
  frameEnd?: number;
  /**
   * With `source`: bytes of the frame after this layer's share of the reassembled bytes,
   * [offset, end), that begin messages of their own (a segment ending one TLS record and holding
   * the next whole): decoded after the reassembled chain, by the same table and keys.
   */
  rest?: { offset: number; end: number };
}

/**
 * Bytes put together from several packets (an IP datagram from its fragments; a PDU from the TCP
 * segments that carried it), which the layers after the one that returns them are decoded from.
 * They become a data source of the packet (DissectedPacket.sources) once `DissectContext.addSource`
 * has numbered them.
 */
export interface ReassembledBytes {
  /** The data source's name, as the bytes pane's tab shows it ("Reassembled IPv4"). */
  readonly name: string;
  /**
   * `prefix` bytes copied from the header that carried them (so that `network` can point at its
   * addresses for a checksum's pseudo-header), then the reassembled bytes themselves.
   */
  readonly bytes: Uint8Array;
  readonly prefix: number;
  /**
   * The addresses the layers decoded from them see, as offsets into `bytes` (its `payloadEnd` is
   * where the reassembled bytes end). Without it the layers keep the carrying header's, which
   * point into the frame: a reassembled PDU whose decoders read addresses copies that header into
   * its prefix, as IP reassembly does.
   */
  readonly network?: NetworkAddresses;
  /** The source's number in the packet (1 for the first), set by `addSource`; 0 before. */
  index: number;
}

/** The addresses of the IP header a transport segment travels in, as byte offsets in the frame. */
export interface NetworkAddresses {
  family: 4 | 6;
  /** Offset of the source address (4 bytes for IPv4, 16 for IPv6). */
  src: number;
  /** Offset of the destination address. */
  dst: number;
  /**
   * Where the IP payload ends as the IP header says, from the start of the frame; may lie beyond
   * the captured bytes when the snap length cut the packet.
   */
  payloadEnd: number;
}

export interface DissectContext {
  readonly frame: FrameBytes;
  /** Build full field trees (false: only the summary columns are wanted). */
  readonly detail: boolean;
  /** 1-based packet number within the capture. */
  readonly number: number;
  /**
   * When the frame was captured: whole seconds since 1970 and the nanoseconds within that second,
   * kept apart so that times between packets (a response's delay) come out exact.
   */
  readonly seconds: number;
  readonly nanos: number;
  /** Columns of the packet list; each decoder overwrites or extends what it owns. */
  readonly columns: PacketColumns;
  /** State kept across the packets of one capture (TCP streams for relative sequence numbers). */
  readonly state: DissectState;
  /**
   * Set by the IPv4/IPv6 decoders: where the innermost IP header's addresses are, so TCP and UDP
   * can sum the pseudo-header for their checksum and key their conversations.
   */
  network?: NetworkAddresses;
  /**
   * Set by TCP and UDP: the index of the conversation the payload travels in (tcp.stream,
   * udp.stream; -1 before), so that an application decoder can key what it remembers by
   * conversation (a DNS transaction, the requests and responses of an HTTP connection).
   */
  stream: number;
  /**
   * Set by TCP and UDP: the segment's lower and higher port (-1 before), for a decoder that names
   * what a port usually carries, also where it reads reassembled bytes.
   */
  lowPort: number;
  highPort: number;
  /**
   * Summary mode: where a link header's destination MAC address starts (the source follows it),
   * when the link layer left the source/destination columns empty rather than formatting them:
   * the IP layer usually replaces them, and only when no later layer fills a column is it
   * formatted from here, at the end.
   */
  deferredMacs?: number;
  /**
   * True while decoding a datagram quoted inside an ICMP/ICMPv6 error: its length fields describe
   * the original datagram, of which usually only the start is quoted, so they are not problems.
   */
  readonly quoted?: boolean;
  /** How many quoted datagrams this one is inside (0 or absent: the frame's own packet). */
  readonly quoteDepth?: number;
  /**
   * Decodes the bytes [offset, end) as a nested datagram (the original datagram quoted inside an
   * ICMP error) and returns its layers, without touching the summary columns.
   */
  nested(table: DispatchTable, key: number, offset: number, end: number): Layer[];
  /**
   * Numbers `bytes` as a data source of this packet (a field set to lie in it takes this number as
   * its `source`) and returns the number; summary mode keeps nothing and returns 0.
   */
  addSource(bytes: ReassembledBytes): number;
  /**
   * Notes for the packet list that the packet has the field `spec` describes (FieldSpec.noted);
   * nothing when building the tree. The decoder says so where it adds the field: checking every
   * field added for the flag cost listing a million packets several percent.
   */
  note(spec: FieldSpec): void;
}

/** Where a module is found: under these keys of this dispatch table. */
export interface Registration {
  readonly table: DispatchTable;
  readonly keys: readonly number[];
}

/** What a narrative reads of its layer: fields by their specs, never by name strings. */
export interface LayerReading {
  readonly layer: Layer;
  /** The layer decoded after this one in the packet, if any. */
  readonly next?: Layer;
  field(spec: FieldSpec): Field | undefined;
  /** Every field of `spec` in the layer, in tree order (a repeated field: DNS answers, HTTP chunks). */
  all(spec: FieldSpec): Field[];
  value(spec: FieldSpec): FieldValue | undefined;
  /** The value as a number (undefined when absent or not a number). */
  number(spec: FieldSpec): number | undefined;
  show(spec: FieldSpec): string | undefined;
  /** True for a flag that is set. */
  isSet(spec: FieldSpec): boolean;
}

export interface ProtocolModule {
  readonly place: LayerPlace;
  /** Display name ("TCP", "Ethernet"): the layer stack's and narrative's name for it. */
  readonly name: string;
  /** Every field the module declares (for the filter engine, the catalog and coverage tests). */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly registrations: readonly Registration[];
  /**
   * Adds, through this layer's builder `b` (detail mode only), the fields of the bytes [start, end)
   * after the payload's end that this link layer claims: Ethernet's padding, trailer and frame
   * check sequence. The innermost layer of the frame's chain that has one is asked.
   */
  trailer?(b: LayerBuilder, start: number, end: number): void;
  /**
   * Decodes this protocol's header starting at `b.start`, adding fields through `b`. Bytes past
   * `end` do not belong to this protocol. Must not throw on any input: report problems instead.
   * Returns `b.next(...)` (one reused object) when a payload follows.
   */
  dissect(b: LayerBuilder, ctx: DissectContext, end: number): NextLayer | undefined;
  /** What this layer did in this packet, as message parts the layer stack joins into a sentence. */
  narrative?(r: LayerReading): Message[];
}

