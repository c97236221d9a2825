// Follow Stream: which conversation is followed, how it is shown, and its data as the service put
// it together. Opened for the selected packet's innermost TCP or UDP conversation.

import type { FollowedStreamView, LayerscopeApi } from '../../../electron/service/contract.js';
import type { Layer } from '../../../electron/dissect/field-model.js';
import type { FollowFormat } from '../../../electron/analysis/follow-stream.js';
import type { FollowProtocol } from '../../../electron/analysis/stream-protocols.js';

/** The conversation a packet belongs to: its innermost TCP or UDP header's stream index. */
export function streamOf(layers: readonly Layer[]): { protocol: 'tcp' | 'udp'; stream: number } | null {
  for (let i = layers.length - 1; i >= 0; i--) {
    const protocol = layers[i].protocol;
    if (protocol !== 'tcp' && protocol !== 'udp') continue;
    const field = layers[i].fields.find((f) => f.name === `${protocol}.stream`);
    if (typeof field?.value === 'number') return { protocol, stream: field.value };
  }
  return null;
}

export class FollowState {
  open = $state(false);
  format = $state<FollowFormat>('ascii');
  view = $state.raw<FollowedStreamView | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  private seq = 0;

  constructor(private readonly api: LayerscopeApi) {}

  /** Follows the conversation of a packet's layers; says so when it has none. */
  async follow(layers: readonly Layer[]): Promise<void> {
    this.open = true;
    this.error = null;
    const which = streamOf(layers);
    this.view = null;
    if (!which) return;
    await this.show(which.protocol, which.stream);
  }

  /** Follows `stream` as `protocol`: a TCP conversation also as its HTTP messages. */
  async show(protocol: FollowProtocol, stream: number): Promise<void> {
    this.open = true;
    this.error = null;
    const which = { protocol, stream };
    const seq = ++this.seq;
    this.loading = true;
    try {
      const view = await this.api.request('stream.follow', which);
      if (seq === this.seq) this.view = view;
    } catch (err) {
      if (seq === this.seq) this.error = (err as Error).message;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  close(): void {
    this.seq++;
    this.open = false;
    this.view = null;
    this.loading = false;
  }
}
