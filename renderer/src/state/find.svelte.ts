// Find Packet (Ctrl+F) as the page drives it: what to look for and where, the search itself (in
// the service), and selecting what it found: the packet, then the field in the tree or the bytes.

import type { FindParams, LayerscopeApi } from '../../../electron/service/contract.js';
import type { SelectionState } from './selection.svelte.js';
import { say, type MessageSpec } from '../../../electron/text/catalog.js';
import type { MessageParams } from '../../../electron/text/message-format.js';
import { FIND_TEXT } from '../lib/packet-list-text.js';

export class FindState {
  open = $state(false);
  query = $state('');
  kind = $state<FindParams['kind']>('string');
  scope = $state<FindParams['scope']>('list');
  caseSensitive = $state(false);
  /**
   * What the last search came to, when there is something to say (not found, wrapped, an error):
   * kept as a catalog entry and said when read, so it follows a change of language.
   */
  private said = $state<{ spec: MessageSpec; params?: MessageParams } | string | null>(null);
  get message(): string | null {
    const said = this.said;
    return said === null || typeof said === 'string' ? said : say(said.spec, said.params);
  }
  busy = $state(false);

  constructor(
    private readonly api: LayerscopeApi,
    private readonly selection: SelectionState,
  ) {}

  async find(direction: FindParams['direction']): Promise<void> {
    const query = this.query.trim();
    if (!query) return;
    this.busy = true;
    this.said = null;
    try {
      const scope = this.kind === 'hex' ? 'bytes' : this.scope;
      const result = await this.api.request('packets.find', {
        query, kind: this.kind, scope, caseSensitive: this.caseSensitive, from: this.selection.packetNumber ?? 0, direction,
      });
      if (result.superseded) return;
      if (result.number === null) {
        this.said = this.kind === 'filter' ? { spec: FIND_TEXT.no_match, params: { query } } : { spec: FIND_TEXT.not_found, params: { query, scope } };
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
      if (result.wrapped) this.said = { spec: direction === 'next' ? FIND_TEXT.wrapped_next : FIND_TEXT.wrapped_previous };
    } catch (err) {
      this.said = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }
}
