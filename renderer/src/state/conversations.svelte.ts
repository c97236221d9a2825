// The Conversations table: the TCP or UDP conversations of the capture, sorted by the column the
// user chose; asked again while a capture adds packets (at most every second).

import type { ConversationProtocol, ConversationRow, LayerscopeApi } from '../../../electron/service/contract.js';
import { bitsPerSecond } from '../../../electron/analysis/conversations.js';

export type ConversationColumn = 'stream' | 'a' | 'b' | 'framesAtoB' | 'bytesAtoB' | 'framesBtoA' | 'bytesBtoA' | 'start' | 'duration' | 'bpsAtoB' | 'bpsBtoA';

/** Rows drawn at most (the rest are counted): the table is for reading, not for a million rows. */
export const MAX_SHOWN_ROWS = 500;
const REFRESH_MS = 1000;

export { bitsPerSecond };

function valueOf(row: ConversationRow, column: ConversationColumn): number | string {
  if (column === 'bpsAtoB') return bitsPerSecond(row.bytesAtoB, row.duration) ?? -1;
  if (column === 'bpsBtoA') return bitsPerSecond(row.bytesBtoA, row.duration) ?? -1;
  return row[column];
}

/** `rows` sorted by `column`, ties in stream order. */
export function sortConversations(rows: readonly ConversationRow[], column: ConversationColumn, descending: boolean): ConversationRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((x, y) => {
    const a = valueOf(x, column);
    const b = valueOf(y, column);
    const order = typeof a === 'string' ? a.localeCompare(b as string, 'en', { numeric: true }) : a - (b as number);
    return order !== 0 ? sign * order : x.stream - y.stream;
  });
}

export class ConversationsState {
  open = $state(false);
  protocol = $state<ConversationProtocol>('tcp');
  rows = $state.raw<ConversationRow[]>([]);
  /** Conversations of each protocol, for the tabs. */
  counts = $state<Record<ConversationProtocol, number>>({ tcp: 0, udp: 0 });
  column = $state<ConversationColumn>('stream');
  descending = $state(false);
  error = $state<string | null>(null);
  readonly sorted = $derived(sortConversations(this.rows, this.column, this.descending).slice(0, MAX_SHOWN_ROWS));
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request = 0;

  constructor(private readonly api: LayerscopeApi) {
    api.on('packets.added', () => {
      if (!this.open || this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.refresh();
      }, REFRESH_MS);
    });
  }

  async show(protocol: ConversationProtocol = this.protocol): Promise<void> {
    this.open = true;
    this.protocol = protocol;
    await this.refresh();
  }

  /** A click on a column's header: sorts by it, or the other way round when it already does. */
  sortBy(column: ConversationColumn): void {
    if (this.column === column) this.descending = !this.descending;
    else {
      this.column = column;
      // Numbers are most telling largest first; names and streams in their order.
      this.descending = !['stream', 'a', 'b', 'start'].includes(column);
    }
  }

  async refresh(): Promise<void> {
    const ticket = ++this.request;
    try {
      const [tcp, udp] = await Promise.all([
        this.api.request('conversation.list', { protocol: 'tcp' }),
        this.api.request('conversation.list', { protocol: 'udp' }),
      ]);
      if (ticket !== this.request) return;
      this.counts = { tcp: tcp.total, udp: udp.total };
      this.rows = (this.protocol === 'tcp' ? tcp : udp).conversations;
      this.error = null;
    } catch (err) {
      if (ticket === this.request) {
        this.rows = [];
        this.error = (err as Error).message;
      }
    }
  }
}
