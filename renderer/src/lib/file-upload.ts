// Sends a file the user picked or dropped to the service, saying how far it got as it goes: in
// browser mode as one HTTP body the browser streams from disk itself (the fastest way a page has);
// in the desktop app in chunks over IPC, in order, a few in flight at once. A file too large is
// refused before a byte of it is sent.

import { MAX_UPLOAD_BYTES } from '../../../electron/service/contract-validation.js';
import { currentLanguage, say } from '../../../electron/text/catalog.js';
import { APP_TEXT } from './app-text.js';
import { UPLOAD_PATH, type LayerscopeApi, type SessionStatus } from '../../../electron/service/contract.js';

/** Chunks sent and not yet acknowledged, at most. */
const IN_FLIGHT = 3;

export async function uploadFile(api: LayerscopeApi, file: File, onProgress: (sent: number) => void): Promise<SessionStatus> {
  if (file.size > MAX_UPLOAD_BYTES) {
    const gib = (bytes: number, digits: number) => (bytes / 1024 ** 3).toLocaleString(currentLanguage(), { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
    throw new Error(say(APP_TEXT.too_large, { name: file.name, size: gib(file.size, 1), limit: gib(MAX_UPLOAD_BYTES, 0) }));
  }
  if (file.size === 0) throw new Error(say(APP_TEXT.empty_file, { name: file.name }));
  const { id, chunkBytes } = await api.request('upload.start', { name: file.name, size: file.size });
  try {
    if (api.mode === 'browser') await postBody(`${UPLOAD_PATH}/${encodeURIComponent(id)}`, file, onProgress);
    else await sendChunks(api, id, chunkBytes, file, onProgress);
    return await api.request('upload.finish', { id });
  } catch (err) {
    void api.request('upload.cancel', { id }).catch(() => undefined);
    throw err;
  }
}

async function sendChunks(api: LayerscopeApi, id: string, chunkBytes: number, file: File, onProgress: (sent: number) => void): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
    // Sent in order; the answers are awaited only when too many are outstanding.
    pending.push(api.request('upload.chunk', { id, offset, bytes }).then(({ received }) => onProgress(received)));
    if (pending.length >= IN_FLIGHT) await pending.shift();
  }
  await Promise.all(pending);
}

/** POSTs `file` as the body of `url` (XMLHttpRequest: it reports how much has been sent). */
function postBody(url: string, file: File, onProgress: (sent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => (xhr.status === 200 ? resolve() : reject(new Error(xhr.responseText.trim() || say(APP_TEXT.upload_failed, { name: file.name, status: xhr.status }))));
    xhr.onerror = () => reject(new Error(say(APP_TEXT.upload_broke, { name: file.name })));
    xhr.send(file);
  });
}
