// The packet list's columns as the user arranged them: widths dragged at the header's borders and
// columns hidden from the header's menu, remembered like Wireshark's column preferences.

const KEY = 'layerscope.columns';

/** The columns in order, with their default widths (px; Info takes what is left). */
export const LIST_COLUMNS = [
  { id: 'no', title: 'No.', width: 64 },
  { id: 'time', title: 'Time', width: 92 },
  { id: 'src', title: 'Source', width: 150 },
  { id: 'dst', title: 'Destination', width: 150 },
  { id: 'proto', title: 'Protocol', width: 72 },
  { id: 'len', title: 'Length', width: 56 },
  { id: 'info', title: 'Info', width: 0 },
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
