// The Socket Lab as the page sees it: the service's latest view of the lab (pushed on every call
// that begins or returns), which step is selected for the kernel table, and the lab's actions.

import { saveBytes } from '../lib/save-bytes.js';
import type { LabCallRequest, LabScenarioName, LabSideName, LabView, LayerscopeApi } from '../../../electron/service/contract.js';

export class LabState {
  view = $state.raw<LabView | null>(null);
  /** The step whose kernel table is shown; null follows the latest step. */
  selectedStep = $state<number | null>(null);
  error = $state<string | null>(null);
  scenario = $state<LabScenarioName>('tcp');

  readonly open = $derived(this.view !== null && this.view.scenario !== null);
  readonly shownStep = $derived.by(() => {
    const steps = this.view?.steps ?? [];
    return (this.selectedStep !== null ? steps.find((s) => s.index === this.selectedStep) : undefined) ?? steps.at(-1) ?? null;
  });

  constructor(private readonly api: LayerscopeApi) {
    api.on('lab.changed', (view) => (this.view = view));
  }

  async start(): Promise<void> {
    await this.run(async () => {
      this.selectedStep = null;
      this.view = await this.api.request('lab.open', { scenario: this.scenario });
    });
  }

  async next(): Promise<void> {
    await this.run(async () => {
      this.selectedStep = null;
      this.view = await this.api.request('lab.next', {});
    });
  }

  /** Performs the rest of the scenario, step by step, as if Next were pressed each time. */
  async runToEnd(): Promise<void> {
    while (this.view?.next && !this.error) await this.next();
  }

  async call(side: LabSideName, call: LabCallRequest): Promise<void> {
    await this.run(async () => {
      this.selectedStep = null;
      this.view = await this.api.request('lab.call', { side, call });
    });
  }

  /** Saves the session: the annotated capture (pcapng) or the timeline (text). */
  async save(format: 'pcapng' | 'timeline'): Promise<void> {
    await this.run(async () => {
      const file = await this.api.request('lab.export', { format });
      saveBytes(file.fileName, file.mimeType, file.base64);
    });
  }

  /** Opens the lab's packets in the packet list; false when that failed (the error says why). */
  async openPackets(): Promise<boolean> {
    await this.run(async () => {
      await this.api.request('lab.openPackets', {});
    });
    return this.error === null;
  }

  async close(): Promise<void> {
    await this.run(async () => {
      this.view = await this.api.request('lab.close', {});
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }
}
