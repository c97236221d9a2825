// The only bridge between the sandboxed page and the main process: exactly `window.layerscope`,
// the contract's LayerscopeApi. Unknown request or event names and malformed parameters are
// refused here already (main validates again: it trusts nothing from the page).

import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  IPC_REQUEST_CHANNEL,
  type EventName,
  type Events,
  type LayerscopeApi,
  type Params,
  type Reply,
  type RequestName,
  type Result,
} from './service/contract.js';
import { isEventName, validateRequest } from './service/contract-validation.js';
import { EventListeners } from './service/contract-events.js';

const listeners = new EventListeners((name, err) => console.error(`A listener for ${name} failed:`, err));

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (isEventName(name)) listeners.emit(name, payload);
});

const api: LayerscopeApi = {
  mode: 'electron',
  async request<N extends RequestName>(name: N, params: Params<N>): Promise<Result<N>> {
    validateRequest(name, params);
    const reply = (await ipcRenderer.invoke(IPC_REQUEST_CHANNEL, name, params)) as Reply;
    // The code (when there is one) tells kinds of refusal apart without reading the message.
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {});
    return reply.result as Result<N>;
  },
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    if (!isEventName(name)) throw new Error(`Unknown event ${JSON.stringify(name)}`);
    if (typeof listener !== 'function') throw new Error(`The listener for ${name} must be a function`);
    return listeners.add(name, listener);
  },
};

contextBridge.exposeInMainWorld('layerscope', api);
