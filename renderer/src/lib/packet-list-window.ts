// The arithmetic of the virtualised packet list: which rows are on screen for a scroll position,
// and how tall the spacer is. Browsers cap an element's height (~33 million px in Chromium), so
// past a limit the scroll range is compressed and mapped back to row numbers proportionally.

export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface ListGeometry {
  total: number;
  rowHeight: number;
  viewportHeight: number;
}

/** Height of the spacer that gives the scrollbar its range. */
export function spacerHeight(g: ListGeometry): number {
  return Math.min(g.total * g.rowHeight, MAX_SCROLL_HEIGHT);
}

/** How many rows fit in the viewport (at least one). */
export function rowsPerPage(g: ListGeometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}

/** Index (0-based) of the first row visible at `scrollTop`. */
export function firstVisibleRow(g: ListGeometry, scrollTop: number): number {
  const full = g.total * g.rowHeight;
  const scrollable = spacerHeight(g) - g.viewportHeight;
  if (scrollable <= 0 || g.total === 0) return 0;
  const fraction = Math.min(1, Math.max(0, scrollTop / scrollable));
  const lastFirst = Math.max(0, g.total - rowsPerPage(g));
  if (full <= MAX_SCROLL_HEIGHT) return Math.min(lastFirst, Math.floor(scrollTop / g.rowHeight));
  // The epsilon keeps scrollTopForRow() and this function exact inverses despite rounding.
  return Math.min(lastFirst, Math.floor(fraction * lastFirst + 1e-6));
}

/** The scrollTop that shows row `index` (0-based) as the first visible row. */
export function scrollTopForRow(g: ListGeometry, index: number): number {
  const full = g.total * g.rowHeight;
  if (full <= MAX_SCROLL_HEIGHT) return index * g.rowHeight;
  const lastFirst = Math.max(1, g.total - rowsPerPage(g));
  return (Math.min(index, lastFirst) / lastFirst) * (spacerHeight(g) - g.viewportHeight);
}

/** The rows to render: those visible plus `overscan` on each side, clamped to the list. */
export function visibleRange(g: ListGeometry, scrollTop: number, overscan = 4): { start: number; end: number } {
  const first = firstVisibleRow(g, scrollTop);
  const start = Math.max(0, first - overscan);
  const end = Math.min(g.total, first + rowsPerPage(g) + 1 + overscan);
  return { start, end };
}

/**
 * Where keyboard navigation moves the selection (0-based index), Wireshark-style: arrows move one
 * row, Page Up/Down a screenful, Home/End to the ends. Null for keys that do not navigate.
 */
export function navigate(key: string, current: number | null, total: number, pageRows: number): number | null {
  if (total === 0) return null;
  const at = current ?? -1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(total - 1, at + 1);
    case 'ArrowUp':
      return current === null ? 0 : Math.max(0, at - 1);
    case 'PageDown':
      return Math.min(total - 1, Math.max(0, at) + pageRows);
    case 'PageUp':
      return Math.max(0, at - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}

/**
 * The first visible row that keeps `index` on screen given the current first visible row: the
 * list scrolls only as far as needed, like every desktop list.
 */
export function scrollToReveal(first: number, index: number, pageRows: number): number {
  if (index < first) return index;
  if (index >= first + pageRows) return index - pageRows + 1;
  return first;
}
