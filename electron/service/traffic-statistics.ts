// The Conversations and Endpoints tables of the open capture, as `layerscope conversations` and
// `layerscope endpoints` (and tshark's `-z conv` / `-z endpoints`) count them: every packet (or
// every packet a display filter shows: "Limit to display filter"), ignored packets aside, is
// decoded once for its addresses (each header's: a tunnel's outer UDP conversation counts too),
// in slices so the service keeps answering, and packets a live capture adds later are counted as
// they come. TCP and UDP rows carry the stream the conversation index gave their two endpoints.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ConversationTable } from '../analysis/conversations.js';
import { EndpointTable } from '../analysis/endpoints.js';
import { ADDRESS_TYPES } from '../analysis/endpoint-pairs.js';
import type { CaptureSession } from './capture-session.js';
import type { ConversationColumn, ConversationRow, ConversationType, EndpointColumn, EndpointRow, TableWindow, TableWindowParams } from './contract.js';
import { sortConversations, sortEndpoints } from './table-sorting.js';

/** How long one slice of the counting pass may keep the event loop (ms). */
const SLICE_MS = 20;
/** Rows sent when the page does not say how many. */
export const DEFAULT_TABLE_ROWS = 200;
/** The layers whose fields the counting reads (the rest are decoded without fields). */
const COUNTED_PROTOCOLS: ReadonlySet<string> = new Set(ADDRESS_TYPES);

/** The packets a table counts, in capture order: all of them, or those a display filter shows. */
export interface CountedPackets {
  readonly size: number;
  /** The number of the `index`th packet (from 0). */
  numberAt(index: number): number;
}

export class TrafficStatistics {
  /** Packets counted so far: the first `counted` of `packets`. */
  private counted = 0;
  private readonly conversations = Object.fromEntries(ADDRESS_TYPES.map((t) => [t, new ConversationTable(t)])) as Record<ConversationType, ConversationTable>;
  private readonly endpoints = Object.fromEntries(ADDRESS_TYPES.map((t) => [t, new EndpointTable(t)])) as Record<ConversationType, EndpointTable>;
  /** The pass under way, which later requests wait for rather than start another. */
  private counting: Promise<void> | undefined;
  /** The last order asked for, kept while nothing new is counted: scrolling asks for windows of it. */
  private sorted: { key: string; rows: readonly (ConversationRow | EndpointRow)[] } | undefined;

  constructor(
    private readonly session: CaptureSession,
    private readonly packets: CountedPackets = allPackets(session),
  ) {}

  async conversationWindow(params: TableWindowParams<ConversationColumn>): Promise<TableWindow<ConversationRow>> {
    const { type } = params;
    await this.upToDate();
    const streams = type === 'tcp' || type === 'udp' ? this.streamsByEndpoints(type) : undefined;
    const rows = this.conversations[type].rows().map((c): ConversationRow => {
      const stream = streams?.get(`${c.a} ${c.b}`);
      return { type, ...(stream === undefined ? {} : { stream }), a: c.a, b: c.b, framesAtoB: c.framesAtoB, bytesAtoB: c.bytesAtoB, framesBtoA: c.framesBtoA, bytesBtoA: c.bytesBtoA, start: c.start, duration: c.end - c.start };
    });
    const key = `conversation ${type} ${params.sort} ${params.descending} ${this.counted}`;
    const order = params.sort ? this.sortedOnce(key, () => sortConversations(rows, params.sort!, params.descending ?? false)) : rows;
    return windowOf(order as ConversationRow[], params);
  }

  async endpointWindow(params: TableWindowParams<EndpointColumn>): Promise<TableWindow<EndpointRow>> {
    const { type } = params;
    await this.upToDate();
    const rows: EndpointRow[] = this.endpoints[type].rows().map((e) => ({ type, address: e.address, ...(e.port === undefined ? {} : { port: e.port }), txPackets: e.txPackets, txBytes: e.txBytes, rxPackets: e.rxPackets, rxBytes: e.rxBytes }));
    const key = `endpoint ${type} ${params.sort} ${params.descending} ${this.counted}`;
    const order = params.sort ? this.sortedOnce(key, () => sortEndpoints(rows, params.sort!, params.descending ?? false)) : rows;
    return windowOf(order as EndpointRow[], params);
  }

  /** tcp.stream or udp.stream by the conversation's endpoints ("A B", both ways round). */
  private streamsByEndpoints(protocol: 'tcp' | 'udp'): Map<string, number> {
    const streams = new Map<string, number>();
    for (const t of this.session.conversations.list(protocol)) {
      // A pair of ports used again is one row, as tshark counts it: the row names its first stream.
      if (!streams.has(`${t.a} ${t.b}`)) streams.set(`${t.a} ${t.b}`, t.stream).set(`${t.b} ${t.a}`, t.stream);
    }
    return streams;
  }

  private sortedOnce(key: string, sort: () => readonly (ConversationRow | EndpointRow)[]): readonly (ConversationRow | EndpointRow)[] {
    if (this.sorted?.key !== key) this.sorted = { key, rows: sort() };
    return this.sorted.rows;
  }

  /** Counts every packet the session holds; concurrent callers share one pass. */
  private async upToDate(): Promise<void> {
    while (this.counted < this.packets.size) {
      this.counting ??= this.countNewPackets().finally(() => (this.counting = undefined));
      await this.counting;
    }
  }

  private async countNewPackets(): Promise<void> {
    let until = performance.now() + SLICE_MS;
    while (this.counted < this.packets.size) {
      const number = this.packets.numberAt(this.counted);
      // As in Wireshark, an ignored packet is in no statistics.
      if (!this.session.isIgnored(number)) {
        const { packet } = this.session.decoded(number, true, COUNTED_PROTOCOLS);
        for (const type of ADDRESS_TYPES) {
          this.conversations[type].add(packet);
          this.endpoints[type].add(packet);
        }
      }
      this.counted++;
      if (performance.now() > until) {
        await yieldToEventLoop();
        until = performance.now() + SLICE_MS;
      }
    }
  }
}

function allPackets(session: CaptureSession): CountedPackets {
  return {
    get size() {
      return session.index.size;
    },
    numberAt: (index) => index + 1,
  };
}

function windowOf<R>(rows: readonly R[], params: TableWindowParams<string>): TableWindow<R> {
  const start = Math.min(params.start ?? 0, rows.length);
  return { rows: rows.slice(start, start + (params.count ?? DEFAULT_TABLE_ROWS)), total: rows.length, start };
}
