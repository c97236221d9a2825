// Which way the UI reaches the service: Electron's preload puts the contract on
// `window.layerscope`; without it (browser mode) the page talks WebSocket to its own host.

import type { LayerscopeApi } from '../../../electron/service/contract.js';
import { BrowserApi, apiUrl } from './browser-api.js';

declare global {
  interface Window {
    layerscope?: LayerscopeApi;
  }
}

export function selectApi(): LayerscopeApi {
  return window.layerscope ?? new BrowserApi(apiUrl(window.location));
}
