// The selected packet and, within it, the selected layer or field: the one thing every pane
// agrees on. A selection id is a layer ("3") or a field ("3.1.0"), as lib/field-index.ts names them.

import type { Field, Layer, OsiLayer, TcpIpLayer } from '../../../electron/dissect/field-model.js';
import type { LayerscopeApi, PacketDetail } from '../../../electron/service/contract.js';
import { buildFieldIndex, layerIndexOfId, sourceOfId, type FieldIndex } from '../lib/field-index.js';
import { say } from '../../../electron/text/catalog.js';
import { APP_TEXT } from '../lib/app-text.js';
import { buildByteOwnership, type ByteHighlight } from '../lib/byte-ownership.js';

const MAX_HISTORY = 500;

export class SelectionState {
  /** The selected packet's number (1-based), or null. */
  packetNumber = $state<number | null>(null);
  detail = $state.raw<PacketDetail | null>(null);
  /** Selected layer or field id. */
  selectedId = $state<string | null>(null);
  /** A byte or box under the mouse: previewed everywhere without changing the selection. */
  hoverId = $state<string | null>(null);
  error = $state<string | null>(null);
  /** Time taken from asking for the packet to having it, for the bench. */
  lastFetchMs = $state(0);
  /** Bytes a Find matched: lit instead of the selection's until something else is selected. */
  found = $state.raw<ByteHighlight | null>(null);
  private request = 0;
  /** Packets selected before, for Back and Forward (Alt+← / Alt+→), as in Wireshark. */
  private history: number[] = [];
  private historyAt = -1;
  canGoBack = $state(false);
  canGoForward = $state(false);

  /** The frame's captured bytes. */
  readonly bytes: Uint8Array = $derived(this.detail ? hexToBytes(this.detail.bytesHex) : new Uint8Array());
  /**
   * The packet's data sources: the frame (name null), then any reassembled bytes (an IP datagram
   * put together from its fragments), each a tab of the bytes pane.
   */
  readonly sources: readonly { name: string | null; bytes: Uint8Array }[] = $derived([
    { name: null, bytes: this.bytes },
    ...(this.detail?.packet.sources ?? []).map((s) => ({ name: s.name, bytes: hexToBytes(s.bytesHex) })),
  ]);
  /** The data source the bytes pane shows: 0 the frame; selecting a field in another shows that one. */
  shownSource = $state(0);
  /** The bytes the bytes pane shows. */
  readonly shownBytes: Uint8Array = $derived(this.sources[this.shownSource]?.bytes ?? this.bytes);
  readonly layers: readonly Layer[] = $derived(this.detail?.packet.layers ?? []);
  readonly index: FieldIndex = $derived(buildFieldIndex(this.layers));
  /** Which field and layer own each byte of the shown source. */
  readonly ownership = $derived(buildByteOwnership(this.index, this.shownBytes.length, this.shownSource));

  /** The packet's comments (the file's, or the user's), in order, as the frame layer carries them. */
  readonly comments: readonly string[] = $derived(
    this.index.nodes.filter((n) => n.field.name === 'frame.comment' && typeof n.field.value === 'string').map((n) => n.field.value as string),
  );

  readonly selectedLayerIndex: number | null = $derived(this.selectedId === null ? null : layerIndexOfId(this.selectedId));
  readonly selectedField: Field | null = $derived(
    this.selectedId !== null && this.selectedId.includes('.') ? (this.index.byId.get(this.selectedId)?.field ?? null) : null,
  );

  /** What the bytes pane lights up: the bytes a Find matched, else the selected field's or layer's. */
  readonly highlight: ByteHighlight | null = $derived(this.found ?? this.rangeOf(this.selectedId));
  readonly hoverHighlight: ByteHighlight | null = $derived(this.rangeOf(this.hoverId));

  /** The layer lit in both models: the hovered one while hovering, else the selected one. */
  readonly litLayer: Layer | null = $derived.by(() => {
    const id = this.hoverId ?? this.selectedId;
    return id === null ? null : (this.layers[layerIndexOfId(id)] ?? null);
  });
  readonly litOsi: OsiLayer | null = $derived(this.litLayer?.osi ?? null);
  readonly litTcpip: TcpIpLayer | null = $derived(this.litLayer?.tcpip ?? null);

  /**
   * The layer whose header diagram is shown: the selected one, else the innermost header (not
   * the raw payload, not the frame metadata).
   */
  readonly diagramLayerIndex: number | null = $derived.by(() => {
    if (this.selectedLayerIndex !== null && this.layers[this.selectedLayerIndex]?.protocol !== 'frame') return this.selectedLayerIndex;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      if (this.layers[i].protocol !== 'data' && this.layers[i].protocol !== 'frame') return i;
    }
    return this.layers.length ? this.layers.length - 1 : null;
  });

  constructor(private readonly api: LayerscopeApi) {}

  async selectPacket(number: number, viaHistory = false): Promise<void> {
    if (!viaHistory && this.history[this.historyAt] !== number) {
      this.history = [...this.history.slice(0, this.historyAt + 1), number].slice(-MAX_HISTORY);
      this.historyAt = this.history.length - 1;
      this.updateHistoryState();
    }
    this.found = null;
    const ticket = ++this.request;
    const t0 = performance.now();
    // Ask first, then update the list's highlight while the answer is on its way.
    const pending = this.api.request('packet.get', { number });
    this.packetNumber = number;
    const keepName = this.selectedField?.name ?? null;
    const keepLayer = this.selectedLayerIndex !== null ? this.layers[this.selectedLayerIndex]?.protocol : null;
    try {
      const detail = await pending;
      if (ticket !== this.request) return;
      this.lastFetchMs = performance.now() - t0;
      // For the bench: rendering is measured from here.
      performance.clearMarks('layerscope:packet-arrived');
      performance.mark('layerscope:packet-arrived');
      this.detail = detail;
      this.error = null;
      this.hoverId = null;
      // Keep the user's place when moving between packets, as Wireshark does: the same field
      // (or layer) if this packet has it.
      this.selectedId = null;
      if (keepName) this.selectedId = this.index.nodes.find((n) => n.field.name === keepName)?.id ?? null;
      if (this.selectedId === null && keepLayer) {
        const li = this.layers.findIndex((l) => l.protocol === keepLayer);
        if (li >= 0) this.selectedId = String(li);
      }
      this.shownSource = this.selectedId === null ? 0 : sourceOfId(this.index, this.selectedId);
    } catch (err) {
      if (ticket === this.request) this.error = say(APP_TEXT.packet_not_shown, { number, reason: (err as Error).message });
    }
  }

  /** The packet selected before this one (Alt+←). */
  back(): void {
    if (this.historyAt <= 0) return;
    this.historyAt--;
    this.updateHistoryState();
    void this.selectPacket(this.history[this.historyAt], true);
  }

  /** The packet Back came from (Alt+→). */
  forward(): void {
    if (this.historyAt >= this.history.length - 1) return;
    this.historyAt++;
    this.updateHistoryState();
    void this.selectPacket(this.history[this.historyAt], true);
  }

  private updateHistoryState(): void {
    this.canGoBack = this.historyAt > 0;
    this.canGoForward = this.historyAt < this.history.length - 1;
  }

  clear(): void {
    this.history = [];
    this.historyAt = -1;
    this.updateHistoryState();
    this.found = null;
    this.request++;
    this.packetNumber = null;
    this.detail = null;
    this.selectedId = null;
    this.hoverId = null;
    this.shownSource = 0;
  }

  select(id: string | null): void {
    this.found = null;
    this.selectedId = id;
    // A field or layer in reassembled bytes is lit in their tab, as Wireshark switches to it.
    if (id !== null) this.shownSource = sourceOfId(this.index, id);
  }

  /** Shows data source `source` in the bytes pane (a tab clicked). */
  showSource(source: number): void {
    if (source >= 0 && source < this.sources.length) this.shownSource = source;
  }

  /** The bytes of data source `source` (0: the frame). */
  sourceBytes(source: number): Uint8Array {
    return this.sources[source]?.bytes ?? this.bytes;
  }

  /** The bytes the layer or field `id` lies in (its data source's). */
  bytesOf(id: string): Uint8Array {
    return this.sourceBytes(sourceOfId(this.index, id));
  }

  /** The deepest field owning byte `offset` (or its layer when no field does). */
  idAtByte(offset: number): string | null {
    const id = this.ownership.fieldIds[offset];
    if (id) return id;
    const li = this.ownership.layerIndexes[offset];
    return li >= 0 ? String(li) : null;
  }

  private rangeOf(id: string | null): ByteHighlight | null {
    if (id === null) return null;
    if (!id.includes('.')) {
      const layer = this.layers[Number(id)];
      if (!layer) return null;
      // The frame layer stands for every captured byte.
      const length = layer.protocol === 'frame' ? this.bytes.length : layer.length;
      return { start: layer.offset, end: layer.offset + length, source: layer.source ?? 0 };
    }
    const node = this.index.byId.get(id);
    if (!node) return null;
    return { start: node.field.offset, end: node.field.offset + node.field.length, source: node.source };
  }
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}
