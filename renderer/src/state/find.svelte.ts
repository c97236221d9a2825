// Find Packet (Ctrl+F) as the page drives it: what to look for and where, the search itself (in
// the service), and selecting what it found: the packet, then the field in the tree or the bytes.

import type { FindParams, LayerscopeApi } from '../../../electron/service/contract.js';
import type { SelectionState } from './selection.svelte.js';

const WHERE: Record<FindParams['scope'], string> = { list: 'packet list', details: 'packet details', bytes: 'packet bytes' };

export class FindState {
  open = $state(false);
  query = $state('');
  kind = $state<FindParams['kind']>('string');
  scope = $state<FindParams['scope']>('list');
  caseSensitive = $state(false);
  /** What the last search came to, when there is something to say (not found, wrapped, an error). */
  message = $state<string | null>(null);
  busy = $state(false);

  constructor(
    private readonly api: LayerscopeApi,
    private readonly selection: SelectionState,
  ) {}

  async find(direction: FindParams['direction']): Promise<void> {
    const query = this.query.trim();
    if (!query) return;
    this.busy = true;
    this.message = null;
    try {
      const scope = this.kind === 'hex' ? 'bytes' : this.scope;
      const result = await this.api.request('packets.find', {
        query, kind: this.kind, scope, caseSensitive: this.caseSensitive, from: this.selection.packetNumber ?? 0, direction,
      });
      if (result.superseded) return;
      if (result.number === null) {
        this.message = this.kind === 'filter' ? `No packet matches “${query}”` : `No packet has “${query}” in its ${WHERE[scope]}`;
        return;
      }
      await this.selection.selectPacket(result.number);
      if (result.fieldId) this.selection.select(result.fieldId);
      if (scope === 'bytes' && result.offset !== undefined) {
        // Find searches the frame's bytes.
        this.selection.showSource(0);
        this.selection.select(this.selection.idAtByte(result.offset));
        this.selection.showSource(0);
        this.selection.found = { start: result.offset, end: result.offset + (result.length ?? 1) };
      }
      if (result.wrapped) this.message = direction === 'next' ? 'Reached the last packet: continued from the first' : 'Reached the first packet: continued from the last';
    } catch (err) {
      this.message = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }
}
