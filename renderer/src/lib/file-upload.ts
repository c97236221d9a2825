// Sends a file the user picked or dropped to the service in chunks, in order, a few in flight at
// once so the connection stays busy; says how far it got as it goes. A file too large is refused
// before a byte of it is sent.

import { MAX_UPLOAD_BYTES } from '../../../electron/service/contract-validation.js';
import type { LayerscopeApi, SessionStatus } from '../../../electron/service/contract.js';

/** Chunks sent and not yet acknowledged, at most. */
const IN_FLIGHT = 3;

function chunkAsBase64(blob: Blob, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error(`Could not read ${name}: ${reader.error?.message ?? 'unknown error'}`));
    reader.readAsDataURL(blob);
  });
}

export async function uploadFile(api: LayerscopeApi, file: File, onProgress: (sent: number) => void): Promise<SessionStatus> {
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new Error(`${file.name} is too large to open here (${(file.size / 1024 ** 3).toFixed(1)} GiB; at most ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB): open it with "layerscope serve FILE" instead`);
  }
  if (file.size === 0) throw new Error(`${file.name} is empty (0 bytes), so it holds no capture`);
  const { id, chunkBytes } = await api.request('upload.start', { name: file.name, size: file.size });
  try {
    const pending: Promise<unknown>[] = [];
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      const base64 = await chunkAsBase64(file.slice(offset, offset + chunkBytes), file.name);
      // Sent in order; the answers are awaited only when too many are outstanding.
      pending.push(api.request('upload.chunk', { id, offset, base64 }).then(({ received }) => onProgress(received)));
      if (pending.length >= IN_FLIGHT) await pending.shift();
    }
    await Promise.all(pending);
    return await api.request('upload.finish', { id });
  } catch (err) {
    void api.request('upload.cancel', { id }).catch(() => undefined);
    throw err;
  }
}
