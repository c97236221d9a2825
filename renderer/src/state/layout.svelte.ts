// The sizes of the panes as the user dragged them, and which of the learning panes are folded
// away; kept in the browser's storage so the workspace looks the same next time.

const KEY = 'layerscope.layout';

export interface PaneSizes {
  /** Width of the right column (layer stack and narrative), px. */
  rightWidth: number;
  /** Width of the right column while it shows the ladder diagram, px. */
  ladderWidth: number;
  /** Height of the packet list, px. */
  listHeight: number;
  /** Width of the packet details (left of the bytes), px. */
  treeWidth: number;
  /** Height of the layer stack within the right column, px. */
  stackHeight: number;
  stackCollapsed: boolean;
  narrativeCollapsed: boolean;
  /** The TCP state diagram under the ladder is folded away. */
  statesCollapsed: boolean;
}

/** Sized for 1280×720, the smallest screen a classroom projector gives. */
export const DEFAULT_LAYOUT: PaneSizes = {
  rightWidth: 400,
  ladderWidth: 600,
  listHeight: 250,
  treeWidth: 345,
  stackHeight: 300,
  stackCollapsed: false,
  narrativeCollapsed: false,
  statesCollapsed: false,
};

function stored(): Partial<PaneSizes> {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

export class LayoutState {
  sizes = $state<PaneSizes>({ ...DEFAULT_LAYOUT });

  constructor() {
    const saved = stored();
    for (const key of Object.keys(DEFAULT_LAYOUT) as (keyof PaneSizes)[]) {
      if (typeof saved[key] === typeof DEFAULT_LAYOUT[key]) (this.sizes as unknown as Record<string, unknown>)[key] = saved[key];
    }
  }

  set<K extends keyof PaneSizes>(key: K, value: PaneSizes[K]): void {
    this.sizes[key] = value;
    localStorage.setItem(KEY, JSON.stringify(this.sizes));
  }

  reset(): void {
    this.sizes = { ...DEFAULT_LAYOUT };
    localStorage.removeItem(KEY);
  }
}
