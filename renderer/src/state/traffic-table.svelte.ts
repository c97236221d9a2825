// A Conversations or Endpoints window: which type's tab is shown, how many rows each type has, the
// sort the user chose, and the window of rows around what is on screen (the service sorts and
// pages, so a capture with a hundred thousand conversations costs the page a few hundred rows).
// Asked again while a capture adds packets, at most every second.

import {
  CONVERSATION_TYPES,
  type ConversationColumn,
  type ConversationRow,
  type ConversationType,
  type EndpointColumn,
  type EndpointRow,
  type LayerscopeApi,
} from '../../../electron/service/contract.js';

/** Rows asked for at once, and how many of them lie before the first on screen. */
const WINDOW_ROWS = 200;
const ROWS_BEFORE = 60;
const REFRESH_MS = 1000;

export type TableKind = { request: 'conversation.list'; row: ConversationRow; column: ConversationColumn } | { request: 'endpoint.list'; row: EndpointRow; column: EndpointColumn };

export class TrafficTableState<K extends TableKind> {
  open = $state(false);
  type = $state<ConversationType>('ip');
  /** Rows of each type, for the tabs (null until counted). */
  counts = $state<Record<ConversationType, number | null>>({ eth: null, ip: null, ipv6: null, tcp: null, udp: null });
  /** The sort column (null: tshark's order) and its direction. */
  column = $state<K['column'] | null>(null);
  descending = $state(false);
  /** Rows [start, start + rows.length) of the sorted table, and how many it has. */
  start = $state(0);
  rows = $state.raw<K['row'][]>([]);
  total = $state(0);
  /** The counting pass has not answered yet. */
  loading = $state(false);
  error = $state<string | null>(null);
  /** The row last clicked, by its key. */
  chosen = $state<string | null>(null);
  /** Count only the packets the display filter shows ("Limit to display filter"). */
  limited = $state(false);
  private first = 0;
  private visible = 20;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticket = 0;
  /** Packets ignored when last counted: ignoring one takes it out of the tables. */
  private ignored = 0;

  constructor(
    private readonly api: LayerscopeApi,
    private readonly request: K['request'],
  ) {
    api.on('packets.added', () => this.refreshSoon());
    // Limited to the display filter, the tables change with it.
    api.on('display.changed', (status) => {
      if (this.limited && status.done) void this.refreshNow();
    });
    api.on('session.status', (status) => {
      const ignored = status.ignored ?? 0;
      if (ignored === this.ignored) return;
      this.ignored = ignored;
      void this.refreshNow();
    });
  }

  /** Counts only the packets the display filter shows, or every packet again. */
  async limit(limited: boolean): Promise<void> {
    this.limited = limited;
    this.first = 0;
    await this.refresh();
  }

  private refreshSoon(): void {
    if (!this.open || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_MS);
  }

  private async refreshNow(): Promise<void> {
    if (this.open) await this.refresh();
  }

  async show(type: ConversationType = this.type): Promise<void> {
    this.open = true;
    if (type !== this.type) {
      this.type = type;
      this.first = 0;
      this.chosen = null;
    }
    await this.refresh();
  }

  /** A click on a column's header: sorts by it, or the other way round when it already does. */
  async sortBy(column: K['column']): Promise<void> {
    if (this.column === column) this.descending = !this.descending;
    else {
      this.column = column;
      // Numbers are most telling largest first; names, streams and start times in their order.
      this.descending = !['stream', 'a', 'b', 'address', 'port', 'start'].includes(column);
    }
    await this.fetchWindow();
  }

  /** The rows on screen now: asks for another window when they are not all held. */
  async scrolled(first: number, visible: number): Promise<void> {
    this.first = first;
    this.visible = visible;
    const end = Math.min(this.total, first + visible);
    if (first >= this.start && end <= this.start + this.rows.length) return;
    await this.fetchWindow();
  }

  async refresh(): Promise<void> {
    const ticket = ++this.ticket;
    this.loading = true;
    try {
      const totals = await Promise.all(CONVERSATION_TYPES.map((type) => this.ask({ type, count: 0 })));
      if (ticket !== this.ticket) return;
      this.counts = Object.fromEntries(CONVERSATION_TYPES.map((type, i) => [type, totals[i].total])) as Record<ConversationType, number>;
    } catch (err) {
      if (ticket === this.ticket) this.failed(err);
      return;
    }
    await this.fetchWindow();
  }

  private async fetchWindow(): Promise<void> {
    const ticket = ++this.ticket;
    this.loading = true;
    try {
      const start = Math.max(0, this.first - ROWS_BEFORE);
      const window = await this.ask({ type: this.type, ...(this.column ? { sort: this.column, descending: this.descending } : {}), start, count: Math.max(WINDOW_ROWS, this.visible + ROWS_BEFORE * 2) });
      if (ticket !== this.ticket) return;
      this.rows = window.rows;
      this.start = window.start;
      this.total = window.total;
      this.counts[this.type] = window.total;
      this.error = null;
      this.loading = false;
    } catch (err) {
      if (ticket === this.ticket) this.failed(err);
    }
  }

  private failed(err: unknown): void {
    this.rows = [];
    this.total = 0;
    this.loading = false;
    this.error = err instanceof Error ? err.message : String(err);
  }

  private ask(params: { type: ConversationType; sort?: K['column']; descending?: boolean; start?: number; count?: number }): Promise<{ rows: K['row'][]; total: number; start: number }> {
    // The two requests share their parameters' shape; the kind fixes which columns may be named.
    const asked = this.limited ? { ...params, displayed: true } : params;
    return this.api.request(this.request as 'conversation.list', asked as never) as Promise<{ rows: K['row'][]; total: number; start: number }>;
  }
}

export type ConversationsState = TrafficTableState<Extract<TableKind, { request: 'conversation.list' }>>;
export type EndpointsState = TrafficTableState<Extract<TableKind, { request: 'endpoint.list' }>>;

export const conversationsState = (api: LayerscopeApi): ConversationsState => new TrafficTableState(api, 'conversation.list');
export const endpointsState = (api: LayerscopeApi): EndpointsState => new TrafficTableState(api, 'endpoint.list');
