// The conversation the ladder diagram shows: which stream, its endpoints and size, and its packets
// fetched in chunks as the view scrolls to them (a long conversation is never fetched whole).
// During a capture the conversation grows: new packets of the stream are fetched as they arrive.

import type { ConversationProtocol, LadderPacket, LadderView, LayerscopeApi } from '../../../electron/service/contract.js';
import type { LadderRowInput, PhaseRange } from '../lib/ladder-layout.js';

/** Packets fetched at once: a few screens. */
const CHUNK = 100;

interface Chunk {
  packets: LadderPacket[];
  before?: { a?: string; b?: string };
}

export class LadderState {
  open = $state(false);
  protocol = $state<ConversationProtocol>('tcp');
  stream = $state<number | null>(null);
  a = $state('');
  b = $state('');
  /** Packets in the conversation so far. */
  total = $state(0);
  handshake = $state.raw<PhaseRange | undefined>(undefined);
  teardown = $state.raw<PhaseRange | undefined>(undefined);
  error = $state<string | null>(null);
  /** Bumped when packets arrive, so the view places them. */
  version = $state(0);
  /** A stream position to bring into view (the selected packet's), with a ticket so the same one can be asked again. */
  reveal = $state.raw<{ index: number; ticket: number } | null>(null);
  private chunks = new Map<number, Chunk>();
  private pending = new Set<number>();
  /** Bumped when another conversation is shown: answers about the old one are dropped. */
  private generation = 0;
  private growing = false;
  private grewAgain = false;

  constructor(private readonly api: LayerscopeApi) {
    api.on('packets.added', () => {
      if (this.open && this.stream !== null) void this.grow();
    });
  }

  /** Shows a conversation from its first packet. */
  async show(protocol: ConversationProtocol, stream: number): Promise<void> {
    if (this.open && this.protocol === protocol && this.stream === stream) return;
    this.generation++;
    this.chunks = new Map();
    this.pending = new Set();
    this.protocol = protocol;
    this.stream = stream;
    this.total = 0;
    this.a = '';
    this.b = '';
    this.handshake = undefined;
    this.teardown = undefined;
    this.error = null;
    this.open = true;
    await this.fetch(0);
  }

  /** Shows the conversation packet `number` belongs to, with that packet in view; false when it has none. */
  async showPacket(number: number): Promise<boolean> {
    const { conversation } = await this.api.request('conversation.locate', { number });
    if (!conversation) return false;
    await this.show(conversation.protocol, conversation.stream);
    this.revealIndex(conversation.index);
    return true;
  }

  /** When packet `number` (selected elsewhere) is in the conversation shown, brings its arrow into view. */
  async follow(number: number): Promise<void> {
    if (!this.open || this.stream === null) return;
    const generation = this.generation;
    const { conversation } = await this.api.request('conversation.locate', { number }).catch(() => ({ conversation: null }));
    if (generation !== this.generation || !conversation) return;
    if (conversation.protocol === this.protocol && conversation.stream === this.stream) this.revealIndex(conversation.index);
  }

  close(): void {
    this.open = false;
    this.generation++;
    this.stream = null;
    this.chunks = new Map();
  }

  /** The conversation's packets from `first` to `last` (stream positions) that have arrived; asks for the others. */
  rows(first: number, last: number): LadderRowInput[] {
    void this.version;
    const rows: LadderRowInput[] = [];
    for (let c = Math.floor(first / CHUNK); c <= Math.floor(last / CHUNK); c++) {
      const chunk = this.chunks.get(c);
      if (!chunk) {
        void this.fetch(c);
        continue;
      }
      chunk.packets.forEach((packet, i) => {
        const index = c * CHUNK + i;
        if (index >= first && index <= last) rows.push({ index, packet });
      });
    }
    return rows;
  }

  /** Each side's state after the packet before position `index`, when known. */
  statesBefore(index: number): { a?: string; b?: string } | undefined {
    void this.version;
    if (index === 0) return undefined;
    const previous = this.chunks.get(Math.floor((index - 1) / CHUNK))?.packets[(index - 1) % CHUNK];
    if (previous) {
      const fromA = previous.direction === 'AtoB';
      return { a: fromA ? previous.senderState : previous.receiverState, b: fromA ? previous.receiverState : previous.senderState };
    }
    return index % CHUNK === 0 ? this.chunks.get(index / CHUNK)?.before : undefined;
  }

  private revealIndex(index: number): void {
    this.reveal = { index, ticket: (this.reveal?.ticket ?? 0) + 1 };
  }

  private async fetch(chunk: number): Promise<void> {
    if (this.stream === null || this.pending.has(chunk) || this.chunks.has(chunk)) return;
    const generation = this.generation;
    this.pending.add(chunk);
    try {
      const view = await this.api.request('conversation.ladder', { protocol: this.protocol, stream: this.stream, from: chunk * CHUNK, count: CHUNK });
      if (generation !== this.generation) return;
      this.take(view);
      // A chunk not yet full is fetched again when the conversation grows.
      if (view.packets.length > 0) this.chunks.set(chunk, { packets: view.packets, before: view.before });
      this.error = null;
    } catch (err) {
      if (generation === this.generation) this.error = (err as Error).message;
    } finally {
      if (generation === this.generation) this.pending.delete(chunk);
      this.version++;
    }
  }

  private take(view: LadderView): void {
    this.a = view.a;
    this.b = view.b;
    this.total = Math.max(this.total, view.total);
    this.handshake = view.handshake;
    this.teardown = view.teardown;
  }

  /** New packets were captured: the conversation's size, phases and last chunk are asked again. */
  private async grow(): Promise<void> {
    if (this.growing) {
      this.grewAgain = true;
      return;
    }
    this.growing = true;
    try {
      do {
        this.grewAgain = false;
        const generation = this.generation;
        const before = this.total;
        const view = await this.api.request('conversation.ladder', { protocol: this.protocol, stream: this.stream!, from: before, count: 1 }).catch(() => null);
        if (!view || generation !== this.generation) return;
        if (view.total !== before) {
          // The chunk that was not full is fetched again with its new packets.
          const last = Math.floor(Math.max(0, before - 1) / CHUNK);
          if ((this.chunks.get(last)?.packets.length ?? CHUNK) < CHUNK) this.chunks.delete(last);
          this.take(view);
          this.version++;
        }
      } while (this.grewAgain);
    } finally {
      this.growing = false;
    }
  }
}
