// One page connected to browser mode's WebSocket: its requests go to the service and its answers
// and the service's events come back. Everything here is bounded: a message's size, the requests
// a page may have in flight (beyond them the socket is not read, so the page waits), and what may
// wait unsent for a page that does not read (beyond it the page is disconnected, not fed until
// the server runs out of memory). An answer that cannot be sent becomes an error, never a crash.

import { WebSocket, type RawData } from 'ws';
import type { ServerMessage } from '../service/contract.js';
import type { LayerscopeService } from '../service/layerscope-service.js';

/** The largest message a page may send (requests are small JSON; uploads come over HTTP). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Answers and events waiting to be sent to one page, at most (bytes). */
export const MAX_UNSENT_BYTES = 64 * 1024 * 1024;
/** Requests of one page being answered at once, at most; more wait unread in the socket. */
export const MAX_IN_FLIGHT = 32;

export class ClientConnection {
  private inFlight = 0;
  private paused = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly service: LayerscopeService,
  ) {
    const unsubscribe = service.onEvent((event, payload) => this.send({ event, payload }));
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  private receive(data: RawData, isBinary: boolean): void {
    let message: { id?: unknown; request?: unknown; params?: unknown };
    try {
      if (isBinary) throw new Error('binary messages are not part of the contract');
      message = JSON.parse(data.toString());
      if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new Error('a message must be a JSON object');
    } catch (err) {
      this.send({ id: 0, error: { message: `Unreadable message: ${(err as Error).message}` } });
      return;
    }
    const id = message.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
      this.send({ id: 0, error: { message: 'Every message needs a numeric "id" to answer to' } });
      return;
    }
    if (++this.inFlight >= MAX_IN_FLIGHT && !this.paused) {
      this.paused = true;
      this.ws.pause();
    }
    this.service
      .reply(message.request, message.params)
      .then((reply) => this.send({ id, ...reply }))
      .finally(() => {
        if (--this.inFlight < MAX_IN_FLIGHT && this.paused) {
          this.paused = false;
          this.ws.resume();
        }
      });
  }

  private send(message: ServerMessage): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (err) {
      // Too large to become one string (or not serialisable): the page hears why instead.
      if (!('id' in message)) return;
      text = JSON.stringify({ id: message.id, error: { message: `The answer could not be sent: ${(err as Error).message}` } });
    }
    if (this.ws.bufferedAmount + Buffer.byteLength(text) > MAX_UNSENT_BYTES) {
      this.ws.terminate();
      return;
    }
    try {
      this.ws.send(text, (err) => err && this.ws.terminate());
    } catch {
      this.ws.terminate();
    }
  }
}

