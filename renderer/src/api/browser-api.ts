// Browser mode's side of the contract: the same requests and events as Electron's preload,
// carried over a WebSocket to the local service, authenticated by the token in the page's URL.

import {
  API_PATH,
  type ClientMessage,
  type EventName,
  type Events,
  type LayerscopeApi,
  type Params,
  type RequestName,
  type Result,
  type ServerMessage,
} from '../../../electron/service/contract.js';
import { EventListeners } from '../../../electron/service/contract-events.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The access token in the page's address (browser mode's pages carry it). */
function pageToken(location: { search: string }): string {
  return new URLSearchParams(location.search).get('token') ?? '';
}

/** The WebSocket URL for a page at `location`: same host, API_PATH, the page's token. */
export function apiUrl(location: { protocol: string; host: string; search: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${API_PATH}?token=${encodeURIComponent(pageToken(location))}`;
}


export class BrowserApi implements LayerscopeApi {
  readonly mode = 'browser' as const;
  private opened: Promise<WebSocket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  // No onError: as before, a throwing listener's error escapes the socket's message handler.
  private readonly listeners = new EventListeners();

  constructor(private readonly url: string) {}

  request<N extends RequestName>(name: N, params: Params<N>): Promise<Result<N>> {
    return this.connect().then(
      (socket) =>
        new Promise<Result<N>>((resolve, reject) => {
          const id = this.nextId++;
          this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          const message: ClientMessage = { id, request: name, params };
          socket.send(JSON.stringify(message));
        }),
    );
  }

  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    const unsubscribe = this.listeners.add(name, listener);
    // Events only flow over an open socket: open it now so a page that only listens hears them.
    void this.connect().catch(() => undefined);
    return unsubscribe;
  }

  private connect(): Promise<WebSocket> {
    if (this.opened) return this.opened;
    this.opened = new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.url);
      socket.onopen = () => resolve(socket);
      socket.onerror = () => reject(new Error('Could not reach the Layerscope service (is `layerscope serve` still running, and is the token in the address right?)'));
      socket.onmessage = (e) => this.receive(String(e.data));
      socket.onclose = () => {
        this.opened = null;
        const error = new Error('The connection to the Layerscope service closed');
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        reject(error);
      };
    });
    return this.opened;
  }

  private receive(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if ('event' in message) {
      this.listeners.emit(message.event, message.payload);
      return;
    }
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if ('error' in message) p.reject(Object.assign(new Error(message.error.message), message.error.code ? { code: message.error.code } : {}));
    else p.resolve(message.result);
  }
}
