// How the packet list colours its rows: by the layer of each packet's innermost protocol
// (Layerscope's own colours), or by colouring rules as in Wireshark: the user's own rules first
// (made from a display filter, "Colourise with filter"), then Wireshark's defaults. Remembered.

import type { ColouringRuleView, LayerscopeApi } from '../../../electron/service/contract.js';
import type { SessionState } from './session.svelte.js';

const MODE_KEY = 'layerscope.colouring';
const RULES_KEY = 'layerscope.colouringRules';

export type ColouringMode = 'layers' | 'rules';

/** Backgrounds for one's own rules: Wireshark's ten temporary colours (View ▸ Colorize Conversation). */
export const OWN_COLOURS = ['#ffc0c0', '#ffc0ff', '#e0c0e0', '#c0c0ff', '#c0e0e0', '#c0ffff', '#c0ffc0', '#ffffc0', '#e0e0c0', '#e0e0e0'];

export class ColouringState {
  mode = $state<ColouringMode>(localStorage.getItem(MODE_KEY) === 'rules' ? 'rules' : 'layers');
  own = $state.raw<ColouringRuleView[]>(loadRules());
  /** Own rules the service left out, with why (a filter that is no longer valid). */
  invalid = $state.raw<{ name: string; message: string }[]>([]);

  constructor(
    private readonly api: LayerscopeApi,
    private readonly session: SessionState,
  ) {}

  /** Tells the service (at start, and after each change) and has the rows fetched again. */
  async apply(): Promise<void> {
    const { invalid } = await this.api.request('colouring.set', { mode: this.mode, rules: this.own });
    this.invalid = invalid;
    this.session.refreshRows();
  }

  async setMode(mode: ColouringMode): Promise<void> {
    this.mode = mode;
    localStorage.setItem(MODE_KEY, mode);
    await this.apply();
  }

  /** A rule of one's own from a display filter, first in line; turns rule colouring on. */
  async addOwn(filter: string, background: string): Promise<void> {
    this.own = [{ name: filter, filter, foreground: '#12272e', background }, ...this.own.filter((r) => r.filter !== filter)].slice(0, 64);
    this.save();
    await this.setMode('rules');
  }

  async forgetOwn(): Promise<void> {
    this.own = [];
    this.save();
    await this.apply();
  }

  private save(): void {
    try {
      localStorage.setItem(RULES_KEY, JSON.stringify(this.own));
    } catch {
      // Nothing kept: the rules last for this visit.
    }
  }
}

function loadRules(): ColouringRuleView[] {
  try {
    const saved = JSON.parse(localStorage.getItem(RULES_KEY) ?? '[]');
    if (!Array.isArray(saved)) return [];
    return saved.filter((r): r is ColouringRuleView => r && typeof r.name === 'string' && typeof r.filter === 'string' && /^#[0-9a-f]{6}$/i.test(r.foreground) && /^#[0-9a-f]{6}$/i.test(r.background)).slice(0, 64);
  } catch {
    return [];
  }
}
