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
  type RequestName,
  type Result,
} from './service/contract.js';
import { isEventName, validateRequest } from './service/contract-validation.js';

/** What main answers on IPC_REQUEST_CHANNEL: errors travel as data so their messages stay clean. */
type Reply = { result: unknown } | { error: { message: string } };

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (err) {
      console.error(`A listener for ${name} failed:`, err);
    }
  }
});

const api: LayerscopeApi = {
  mode: 'electron',
  async request<N extends RequestName>(name: N, params: Params<N>): Promise<Result<N>> {
    validateRequest(name, params);
    const reply = (await ipcRenderer.invoke(IPC_REQUEST_CHANNEL, name, params)) as Reply;
    if ('error' in reply) throw new Error(reply.error.message);
    return reply.result as Result<N>;
  },
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    if (!isEventName(name)) throw new Error(`Unknown event ${JSON.stringify(name)}`);
    if (typeof listener !== 'function') throw new Error(`The listener for ${name} must be a function`);
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('layerscope', api);
