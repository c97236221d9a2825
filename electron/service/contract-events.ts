// The UI side's event subscriptions, shared by Electron's preload and browser mode's client.
// Free of Node and Electron imports: the preload and the renderer both bundle it.

import type { EventName, Events } from './contract.js';

type AnyListener = (payload: unknown) => void;

export class EventListeners {
  private readonly byName = new Map<EventName, Set<AnyListener>>();

  /** Without `onError`, a throwing listener's error propagates out of emit(). */
  constructor(private readonly onError?: (name: EventName, error: unknown) => void) {}

  /** Subscribes `listener` to `name`; returns the unsubscribe function. */
  add<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    const wrapped = listener as AnyListener;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  emit(name: EventName, payload: unknown): void {
    const set = this.byName.get(name);
    if (!set) return;
    for (const listener of set) {
      if (!this.onError) {
        listener(payload);
        continue;
      }
      try {
        listener(payload);
      } catch (err) {
        this.onError(name, err);
      }
    }
  }
}
