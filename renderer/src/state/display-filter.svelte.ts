// The display filter bar as the page drives it: the text being typed, checked as it changes (green
// when valid, red with the error and its place when not), names offered to complete the word at
// the cursor, the filter applied with Enter (remembered in a history), and Apply as / Prepare as
// Filter from a field of the packet details.

import type { DisplayStatus, FilterCheckResult, LayerscopeApi } from '../../../electron/service/contract.js';
import type { Field } from '../../../electron/dissect/field-model.js';
import type { SessionState } from './session.svelte.js';

const HISTORY_KEY = 'layerscope.filterHistory';
const HISTORY_SIZE = 30;

export type FilterValidity = 'empty' | 'valid' | 'invalid';

export class DisplayFilterState {
  text = $state('');
  validity = $state<FilterValidity>('empty');
  error = $state.raw<Extract<FilterCheckResult, { ok: false }> | null>(null);
  /** Names that complete the word at the cursor. */
  suggestions = $state.raw<string[]>([]);
  /** The filter the list shows ('' none). */
  applied = $state('');
  running = $state(false);
  history = $state.raw<string[]>(loadHistory());
  /** Bumped to ask the bar to take the keyboard focus (Prepare as Filter). */
  focusRequest = $state(0);
  private checkSeq = 0;
  /** The check of the text as it is now (Enter may come before its answer). */
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: LayerscopeApi,
    private readonly session: SessionState,
  ) {}

  get progress(): DisplayStatus | null {
    return this.session.display;
  }

  /** The text changed (typed, or picked from history or completion): check it and offer names. */
  edit(text: string, cursor = text.length): Promise<void> {
    this.checking = this.check(text, cursor);
    return this.checking;
  }

  private async check(text: string, cursor: number): Promise<void> {
    this.text = text;
    const seq = ++this.checkSeq;
    if (text.trim() === '') {
      this.validity = 'empty';
      this.error = null;
      this.suggestions = [];
      return;
    }
    const word = wordBefore(text, cursor);
    const [check, names] = await Promise.all([
      this.api.request('filter.check', { text }),
      word.length >= 2 ? this.api.request('filter.names', { prefix: word }) : Promise.resolve({ names: [] }),
    ]);
    // An answer to an older text is stale.
    if (seq !== this.checkSeq) return;
    this.validity = check.ok ? 'valid' : 'invalid';
    this.error = check.ok ? null : check;
    this.suggestions = names.names.filter((n) => n !== word).slice(0, 12);
  }

  /** Puts `name` in place of the word at the cursor. */
  complete(name: string, cursor = this.text.length): Promise<void> {
    const word = wordBefore(this.text, cursor);
    const text = this.text.slice(0, cursor - word.length) + name + this.text.slice(cursor);
    return this.edit(text, cursor - word.length + name.length);
  }

  /** Shows only the matching packets (Enter); an empty bar shows all again. */
  async apply(): Promise<void> {
    await this.checking;
    const text = this.text.trim();
    if (this.validity === 'invalid') return;
    this.running = true;
    this.suggestions = [];
    try {
      const status = await this.session.showOnly(text);
      if (status.superseded) return;
      this.applied = text;
      if (text) this.remember(text);
    } catch (err) {
      this.validity = 'invalid';
      this.error = { ok: false, code: 'filter.error.apply', message: (err as Error).message, position: 0, length: 0 };
    } finally {
      this.running = false;
    }
  }

  async clear(): Promise<void> {
    await this.edit('');
    await this.apply();
  }

  /** Right-click ▸ Apply as Filter / Prepare as Filter: the field's test, alone or joined to what is there. */
  async useField(field: Field, how: FieldFilterUse, apply: boolean): Promise<void> {
    const test = fieldTest(field, how.negate);
    const current = this.text.trim();
    const text = how.join && current ? `(${current}) ${how.join} ${test}` : test;
    await this.edit(text);
    if (apply) await this.apply();
    else this.focusRequest++;
  }

  /** A capture opened afresh keeps the filter, as in Wireshark: it is applied to it too. */
  reapply(): void {
    if (this.applied) void this.session.showOnly(this.applied).catch(() => undefined);
  }

  private remember(text: string): void {
    this.history = [text, ...this.history.filter((h) => h !== text)].slice(0, HISTORY_SIZE);
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(this.history));
    } catch {
      // A browser that keeps nothing keeps no history.
    }
  }
}

export interface FieldFilterUse {
  /** "Not Selected": the field's value must differ. */
  negate: boolean;
  /** "…and Selected", "…or Selected": joined to the filter already in the bar. */
  join?: 'and' | 'or';
}

/** The test that selects packets with this field's value, as Wireshark writes it. */
export function fieldTest(field: Field, negate: boolean): string {
  // A label (a heading, a flag Layerscope adds) has no value: its presence is the test.
  if (field.value === '' || field.value === null) return negate ? `!${field.name}` : field.name;
  const value = typeof field.value === 'string' && !/^[0-9a-fA-F:.-]+$/.test(field.value) ? JSON.stringify(field.value) : literalOf(field);
  return `${field.name} ${negate ? '!=' : '=='} ${value}`;
}

function literalOf(field: Field): string {
  // A number as the tree shows it when that is a literal too ("0x2b7e" for a hex field).
  if (typeof field.value === 'number') return /^(0x[0-9a-fA-F]+|\d+)$/.test(field.show) ? field.show : String(field.value);
  if (typeof field.value === 'boolean') return field.value ? '1' : '0';
  return field.show;
}

/** The name-like word that ends at `cursor` (what completion replaces). */
function wordBefore(text: string, cursor: number): string {
  return /[A-Za-z0-9_.-]*$/.exec(text.slice(0, cursor))![0];
}

function loadHistory(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(saved) ? saved.filter((h): h is string => typeof h === 'string').slice(0, HISTORY_SIZE) : [];
  } catch {
    return [];
  }
}
