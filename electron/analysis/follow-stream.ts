// Follow Stream: the application data of one TCP or UDP conversation, each direction's pieces in
// the order they were sent, as Wireshark's Follow Stream and `tshark -z follow,PROTO,MODE,N` give
// them; or its HTTP messages (follow,http): each message's start line and headers, then its body
// as the reader gets it (chunks put back together). TCP data is put in sequence order: a retransmission adds only bytes not seen before, a
// segment that arrives early waits for the gap before it, and a gap the receiver acknowledged
// (the bytes reached it, the capture missed them) becomes a "[N bytes missing in capture file]"
// marker, as Wireshark writes it. A gap never filled nor acknowledged is left out.

import type { DissectedPacket, Field, Layer } from '../dissect/field-model.js';
import type { FollowProtocol } from './stream-protocols.js';
import { joinBytes } from '../dissect/join-bytes.js';

export const FOLLOW_FORMATS = ['ascii', 'hex', 'raw'] as const;
export type FollowFormat = (typeof FOLLOW_FORMATS)[number];

export { FOLLOW_PROTOCOLS, type FollowProtocol } from './stream-protocols.js';

export interface FollowChunk {
  /** Sent by node 1 (the conversation's second endpoint) rather than node 0. */
  fromSecond: boolean;
  bytes: Uint8Array;
  /** The packet that carried it. */
  packet: number;
}

export interface FollowedStream {
  protocol: FollowProtocol;
  stream: number;
  /** "address:port" of the endpoint that sent the stream's first packet, then of the other. */
  nodes: [string, string] | null;
  chunks: FollowChunk[];
}

/** Bytes of early TCP segments kept while they wait for a gap, per direction; past it they are dropped. */
const MAX_WAITING_BYTES = 16 * 1024 * 1024;

interface Waiting {
  seq: number;
  bytes: Uint8Array;
  packet: number;
}

interface Direction {
  /** The raw sequence number of the next byte expected, once known. */
  next: number | undefined;
  /** The highest acknowledgment the other side sent for this direction's bytes. */
  acked: number | undefined;
  waiting: Waiting[];
  waitingBytes: number;
}

const encoder = new TextEncoder();

/** a − b in sequence space (RFC 9293 §3.4: numbers wrap at 2^32). */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

function fieldOf(layer: Layer, name: string): Field | undefined {
  return layer.fields.find((f) => f.name === name);
}

function nodeText(address: string, port: string, ipv6: boolean): string {
  return ipv6 ? `[${address}]:${port}` : `${address}:${port}`;
}

export class StreamFollower {
  private readonly result: FollowedStream;
  private readonly sides: [Direction, Direction] = [this.direction(), this.direction()];
  private firstKey = '';

  constructor(protocol: FollowProtocol, stream: number) {
    this.result = { protocol, stream, nodes: null, chunks: [] };
  }

  private direction(): Direction {
    return { next: undefined, acked: undefined, waiting: [], waitingBytes: 0 };
  }

  /**
   * Takes a decoded packet (values are enough) and its bytes, copying what it keeps; packets of
   * other streams are passed over.
   */
  add(packet: DissectedPacket, frameData: Uint8Array): void {
    // HTTP rides in a TCP conversation: its stream and nodes are TCP's.
    const protocol = this.result.protocol === 'http' ? 'tcp' : this.result.protocol;
    // The innermost header of the protocol is the conversation's (a tunnel's outer one is not).
    let at = packet.layers.length - 1;
    while (at >= 0 && packet.layers[at].protocol !== protocol) at--;
    if (at < 0) return;
    const layer = packet.layers[at];
    // A header decoded from reassembled bytes (a datagram put together from its fragments) lies in them.
    const source = layer.source ? packet.sources?.[layer.source - 1] : undefined;
    const data = source ? bytesOfHex(source.bytesHex) : frameData;
    if (fieldOf(layer, `${protocol}.stream`)?.value !== this.result.stream) return;
    const net = packet.layers
      .slice(0, at)
      .reverse()
      .find((l) => l.protocol === 'ip' || l.protocol === 'ipv6');
    if (!net) return;
    const src = nodeText(String(fieldOf(net, `${net.protocol}.src`)?.value), String(fieldOf(layer, `${protocol}.srcport`)?.value), net.protocol === 'ipv6');
    const dst = nodeText(String(fieldOf(net, `${net.protocol}.dst`)?.value), String(fieldOf(layer, `${protocol}.dstport`)?.value), net.protocol === 'ipv6');
    // Followed HTTP names its nodes from the first message (none: none, as tshark writes it).
    if (this.result.protocol === 'http') {
      this.addMessages(packet, frameData, at + 1, src, dst);
      return;
    }
    if (!this.result.nodes) {
      this.result.nodes = [src, dst];
      this.firstKey = src;
    }
    const second = src !== this.firstKey;
    if (protocol === 'udp') {
      const length = Number(fieldOf(layer, 'udp.length')?.value ?? 8);
      // Copied: a reader may reuse a packet's buffer for the next one.
      const bytes = data.slice(Math.min(layer.offset + 8, data.length), Math.min(layer.offset + Math.max(8, length), data.length));
      if (bytes.length > 0) this.result.chunks.push({ fromSecond: second, bytes, packet: packet.number });
      return;
    }
    this.addSegment(packet.number, layer, data, second);
  }

  /** The HTTP messages decoded in a packet (from layer `from` on): headers, then the body as read. */
  private addMessages(packet: DissectedPacket, frameData: Uint8Array, from: number, src: string, dst: string): void {
    for (const layer of packet.layers.slice(from)) {
      if (layer.protocol !== 'http') continue;
      const source = layer.source ? packet.sources?.[layer.source - 1] : undefined;
      const data = source ? bytesOfHex(source.bytesHex) : frameData;
      const headersEnd = fieldOf(layer, 'http.end_of_headers');
      // A piece of body without its message (a continuation) is not a message of its own.
      if (!headersEnd) continue;
      if (!this.result.nodes) {
        this.result.nodes = [src, dst];
        this.firstKey = src;
      }
      const second = src !== this.firstKey;
      const chunk = (bytes: Uint8Array) => this.result.chunks.push({ fromSecond: second, bytes, packet: packet.number });
      chunk(data.slice(layer.offset, headersEnd.offset + headersEnd.length));
      const chunked = fieldOf(layer, 'http.chunked_body');
      const pieces = chunked ? chunked.children.flatMap((c) => c.children.filter((f) => f.name === 'http.chunk_data')) : [fieldOf(layer, 'http.file_data')].filter((f) => f !== undefined && f.length > 0);
      const body = joinBytes(pieces.map((f) => data.subarray(f!.offset, f!.offset + f!.length)));
      if (body.length > 0) chunk(body);
    }
  }

  private addSegment(number: number, layer: Layer, data: Uint8Array, second: boolean): void {
    const seq = Number(fieldOf(layer, 'tcp.seq_raw')?.value);
    const flags = Number(fieldOf(layer, 'tcp.flags')?.value ?? 0);
    const own = this.sides[second ? 1 : 0];
    const peer = this.sides[second ? 0 : 1];
    // An acknowledgment says which of the other side's bytes arrived: a gap it covers is not coming.
    if (flags & 0x10) {
      const ack = Number(fieldOf(layer, 'tcp.ack_raw')?.value);
      if (peer.acked === undefined || seqDiff(ack, peer.acked) > 0) peer.acked = ack;
      this.release(peer, !second);
    }
    if (flags & 0x02 && own.next === undefined) own.next = (seq + 1) >>> 0;
    const payload = fieldOf(layer, 'tcp.payload');
    if (!payload || payload.length === 0) return;
    const bytes = data.slice(payload.offset, payload.offset + payload.length);
    if (own.next === undefined) own.next = seq;
    if (seqDiff(seq, own.next) <= 0) this.take(own, second, seq, bytes, number);
    else if (own.waitingBytes + bytes.length <= MAX_WAITING_BYTES) {
      own.waiting.push({ seq, bytes, packet: number });
      own.waitingBytes += bytes.length;
    }
    this.release(own, second);
  }

  /** Appends the part of a segment at `seq` not yet taken. */
  private take(d: Direction, second: boolean, seq: number, bytes: Uint8Array, packet: number): void {
    const skip = seqDiff(d.next!, seq);
    if (skip >= bytes.length) return;
    this.result.chunks.push({ fromSecond: second, bytes: bytes.subarray(skip), packet });
    d.next = (seq + bytes.length) >>> 0;
  }

  /** Takes the waiting segments that now follow on, and those past a gap the receiver acknowledged. */
  private release(d: Direction, second: boolean): void {
    while (d.waiting.length > 0 && d.next !== undefined) {
      const next = d.next;
      let i = d.waiting.findIndex((w) => seqDiff(w.seq, next) <= 0);
      if (i < 0) {
        // The earliest waiting segment, if the receiver acknowledged up to it: the bytes before it are lost to the capture.
        i = d.waiting.reduce((best, w, j) => (seqDiff(w.seq, d.waiting[best].seq) < 0 ? j : best), 0);
        const w = d.waiting[i];
        if (d.acked === undefined || seqDiff(d.acked, w.seq) < 0) return;
        const marker = encoder.encode(`[${seqDiff(w.seq, next)} bytes missing in capture file]\0`);
        this.result.chunks.push({ fromSecond: second, bytes: marker, packet: w.packet });
        d.next = w.seq;
      }
      const [w] = d.waiting.splice(i, 1);
      d.waitingBytes -= w.bytes.length;
      this.take(d, second, w.seq, w.bytes, w.packet);
    }
  }

  followed(): FollowedStream {
    return this.result;
  }
}

const RULE = '='.repeat(67);

/** The bytes two hex digits each spell (a data source's). */
function bytesOfHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function printable(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

/** A hex dump as tshark's follow writes it: offset, 16 bytes in two groups, then their characters. */
function hexDump(bytes: Uint8Array, offset: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    let line = `${(offset + i).toString(16).toUpperCase().padStart(8, '0')}  `;
    let text = '';
    row.forEach((b, j) => {
      line += `${b.toString(16).padStart(2, '0')} ${j === 7 ? ' ' : ''}`;
      text += (j === 8 ? ' ' : '') + printable(b);
    });
    lines.push(`${line.padEnd(60)}${text}`.replace(/ +$/, ''));
  }
  return lines;
}

/**
 * One piece of a stream as Follow shows it in `format`: its characters (line ends kept, other
 * unprintable bytes as dots), a hex dump starting at `offset` (the bytes this direction sent
 * before), or plain hex.
 */
export function chunkLines(bytes: Uint8Array, format: FollowFormat, offset: number): string[] {
  if (format === 'raw') return [hex(bytes)];
  if (format === 'hex') return hexDump(bytes, offset);
  let text = '';
  for (const b of bytes) text += b === 0x0a || b === 0x0d ? String.fromCharCode(b) : printable(b);
  return [text];
}

/** The followed stream as `tshark -q -z follow,PROTO,FORMAT,N` prints it. */
export function followText(s: FollowedStream, format: FollowFormat): string {
  // HTTP is followed within its TCP conversation, which the filter names.
  const lines = ['', RULE, `Follow: ${s.protocol},${format}`, `Filter: ${s.protocol === 'http' ? 'tcp' : s.protocol}.stream eq ${s.stream}`];
  // A stream the capture does not have is followed all the same: no data, and nodes tshark writes as ":0".
  const [first, second] = s.nodes ?? [':0', ':0'];
  lines.push(`Node 0: ${first}`, `Node 1: ${second}`);
  const offsets = [0, 0];
  for (const c of s.chunks) {
    // Node 1's pieces are indented by a tab (in ascii, only the length line before each piece).
    const indent = c.fromSecond ? '\t' : '';
    const text = chunkLines(c.bytes, format, offsets[c.fromSecond ? 1 : 0]);
    if (format === 'ascii') lines.push(`${indent}${c.bytes.length}`, ...text);
    else lines.push(...text.map((line) => indent + line));
    offsets[c.fromSecond ? 1 : 0] += c.bytes.length;
  }
  lines.push(RULE);
  return lines.join('\n') + '\n';
}
