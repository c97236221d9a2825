// The one shape every protocol decoder has, and the context they share while a frame is decoded.

import type { PacketColumns } from './column-text.js';
import type { FieldSpec } from './field-table.js';
import type { FrameBytes, LayerBuilder, LayerPlace } from './layer-builder.js';
import type { DissectState } from './dissect-state.js';

/** The tables that choose the next decoder, as Wireshark's dissector tables do. */
export type DispatchTable = 'link' | 'ethertype' | 'ip.proto' | 'tcp.port' | 'udp.port';

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
  nested(table: DispatchTable, key: number, offset: number, end: number): import('./field-model.js').Layer[];
}

export interface Dissector {
  readonly place: LayerPlace;
  /** Field for bytes after the payload's end that belong to this (link) layer, e.g. eth.padding. */
  readonly trailer?: FieldSpec;
  /**
   * Decodes this protocol's header starting at `b.start`, adding fields through `b`. Bytes past
   * `end` do not belong to this protocol. Must not throw on any input: report problems instead.
   */
  dissect(b: LayerBuilder, ctx: DissectContext, end: number): NextLayer | undefined;
  // (Decoders return `b.next(...)`, which fills one reused object rather than allocating.)
}
