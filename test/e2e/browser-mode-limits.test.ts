// Browser mode under a page that misbehaves: one that sends request after request and never reads
// the answers is disconnected while the server's memory stays flat, and the server goes on serving
// others; an answer that cannot be sent becomes an error for that request, never a crash.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { API_PATH } from '../../electron/service/contract.js';
import { ClientConnection, MAX_UNSENT_BYTES } from '../../electron/server/client-connection.js';
import type { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { BrowserModeClient as Client } from './browser-mode-client.js';
import { startBrowserServer } from '../../electron/server/browser-server.js';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));

test('a page that never reads its answers is disconnected, the server\'s memory stays flat, and others are still served', { timeout: 60_000 }, async () => {
  const server = await startBrowserServer({ file: SAMPLE });
  const api = `ws://127.0.0.1:${server.port}${API_PATH}?token=${server.token}`;
  const greedy = new WebSocket(api, { headers: { origin: server.origin } });
  const rss = () => process.memoryUsage().rss / 1e6;
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
  try {
    await new Promise((resolve) => greedy.once('open', resolve));
    const closed = new Promise<void>((resolve) => greedy.once('close', () => resolve()));
    greedy.pause(); // reads nothing from here on
    // Each packet.get answer is some 15 KB: 20,000 unread answers would be 300 MB, far past the bound.
    for (let id = 1; id <= 20_000; id++) {
      greedy.send(JSON.stringify({ id, request: 'packet.get', params: { number: 1 + (id % 18) } }));
      if (id % 250 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 500));
    // Reading again, the page finds that the server hung up on it.
    greedy.resume();
    await closed;
    assert.ok(peak - before < (MAX_UNSENT_BYTES / 1e6) * 3 + 100, `memory grew from ${before.toFixed(0)} MB to ${peak.toFixed(0)} MB`);

    const polite = await Client.connect(api, { origin: server.origin });
    assert.equal((await polite.request('session.status', {})).packetCount, 18);
    polite.close();
  } finally {
    clearInterval(sampler);
    greedy.terminate();
    await server.close();
  }
});

test('an answer that cannot be sent is an error for that request; the connection and the server live on', async () => {
  const fake = {
    onEvent: () => () => undefined,
    // A value JSON cannot write (as an answer too large for one string cannot be written either).
    reply: async (name: unknown) => (name === 'unsendable' ? { result: { big: 1n } } : { result: 'fine' }),
  } as unknown as LayerscopeService;
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) => new ClientConnection(ws, fake));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  try {
    const client = await Client.connect(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
    await assert.rejects(client.request('unsendable', {}), /The answer could not be sent/);
    assert.equal(await client.request('other', {}), 'fine');
    client.close();
  } finally {
    wss.close();
    http.close();
  }
});
