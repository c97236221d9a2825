// The packet list's columns as the user arranged them: widths dragged at the header's borders and
// columns hidden from the header's menu, remembered like Wireshark's column preferences.

import { PACKET_LIST_TEXT as T } from '../lib/packet-list-text.js';

const KEY = 'layerscope.columns';

/** The columns in order, with their names and default widths (px; Info takes what is left). */
export const LIST_COLUMNS = [
  { id: 'no', title: T.column_no, width: 64 },
  { id: 'time', title: T.column_time, width: 92 },
  { id: 'src', title: T.column_src, width: 150 },
  { id: 'dst', title: T.column_dst, width: 150 },
  { id: 'proto', title: T.column_proto, width: 72 },
  { id: 'len', title: T.column_len, width: 56 },
  { id: 'info', title: T.column_info, width: 0 },
] as const;

export type ColumnId = (typeof LIST_COLUMNS)[number]['id'];

/** Info takes the rest of the row and always shows: a packet list without it says nothing. */
export const ALWAYS_SHOWN: ColumnId = 'info';

interface Saved {
  widths?: Partial<Record<ColumnId, number>>;
  hidden?: ColumnId[];
}

export class ColumnsState {
  /** Widths the user set, px; a column without one keeps its default. */
  widths = $state<Partial<Record<ColumnId, number>>>({});
  hidden = $state<ColumnId[]>([]);

  constructor() {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Saved;
      const known = new Set<string>(LIST_COLUMNS.map((c) => c.id));
      for (const [id, width] of Object.entries(saved.widths ?? {})) if (known.has(id) && typeof width === 'number') this.widths[id as ColumnId] = width;
      this.hidden = (saved.hidden ?? []).filter((id) => known.has(id) && id !== ALWAYS_SHOWN);
    } catch {
      // Nothing usable saved: the defaults.
    }
  }

  isShown(id: ColumnId): boolean {
    return !this.hidden.includes(id);
  }

  setWidth(id: ColumnId, width: number): void {
    this.widths[id] = width;
    this.save();
  }

  toggle(id: ColumnId): void {
    if (id === ALWAYS_SHOWN) return;
    this.hidden = this.isShown(id) ? [...this.hidden, id] : this.hidden.filter((h) => h !== id);
    this.save();
  }

  private save(): void {
    localStorage.setItem(KEY, JSON.stringify({ widths: this.widths, hidden: this.hidden } satisfies Saved));
  }
}
