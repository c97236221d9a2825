// Browser mode: the same service as the desktop app, served on 127.0.0.1 to a browser. HTTP serves
// the built UI (which holds no secret) and downloads by single-use ticket; the WebSocket at
// API_PATH carries the contract's requests, responses and events, and needs the random token
// printed with the URL. Every request must name this server as its Host and, from a browser, come
// from this server's own pages.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createReadStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PATH, DOWNLOAD_PATH, UPLOAD_PATH, type SessionStatus } from '../service/contract.js';
import { MAX_MESSAGE_BYTES } from './client-connection.js';
import { LayerscopeService, safeFileName } from '../service/layerscope-service.js';
import { rendererDirectory } from '../service/app-paths.js';
import { checkApiRequest, checkPlace, type GuardSettings } from './request-guard.js';
import { ClientConnection } from './client-connection.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import { resolveStaticFile, sendFile } from './static-files.js';

export interface BrowserServerOptions {
  /** A capture to open first; without it the bundled sample opens (when present). */
  file?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A loopback address: 127.0.0.1 (the default) or ::1. */
  host?: string;
  /** The built UI; dist/renderer/ by default. */
  staticDir?: string;
  /** The service to expose (tests pass one in); a new one by default, closed with the server. */
  service?: LayerscopeService;
  /** Where the bundled sample is (tests). */
  samplePath?: string;
}

export interface BrowserServer {
  /** The URL to open, carrying the token. */
  url: string;
  /** The server's origin, e.g. http://127.0.0.1:41234. */
  origin: string;
  port: number;
  token: string;
  service: LayerscopeService;
  /** What opening `file` (or the sample) gave; undefined when nothing was opened. */
  opened?: SessionStatus;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1']);

export async function startBrowserServer(options: BrowserServerOptions = {}): Promise<BrowserServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`Browser mode listens only on a loopback address (127.0.0.1 or ::1), not ${host}`);
  const ownsService = !options.service;
  const service = options.service ?? new LayerscopeService({ samplePath: options.samplePath });

  let opened: SessionStatus | undefined;
  try {
    if (options.file) opened = await service.request('file.open', { path: options.file });
    else opened = await service.request('sample.open', {}).catch(() => undefined);
  } catch (err) {
    if (ownsService) await service.close();
    throw err;
  }

  const token = randomBytes(24).toString('base64url');
  const staticDir = options.staticDir ?? rendererDirectory();
  const guard: GuardSettings = { token, hosts: [], origins: [] };
  let csp = contentSecurityPolicy();

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err) => {
      if (!res.headersSent) plain(res, 500, `Internal error: ${(err as Error).message}`);
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, csp);
    const url = new URL(req.url ?? '/', 'http://internal');
    const isUpload = req.method === 'POST' && url.pathname.startsWith(`${UPLOAD_PATH}/`);
    // A page's POST always carries its Origin: one without is not this server's page.
    const verdict = checkPlace(req, guard, isUpload);
    if (!verdict.ok) return plain(res, 403, `Forbidden: ${verdict.reason}`);
    if (isUpload) return receiveUpload(url.pathname.slice(UPLOAD_PATH.length + 1), req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, `Method ${req.method} is not allowed`);
    }
    if (url.pathname === DOWNLOAD_PATH || url.pathname.startsWith(`${DOWNLOAD_PATH}/`)) return download(url.pathname.slice(DOWNLOAD_PATH.length + 1), res);
    if (!staticDir) {
      return plain(res, 503, 'The Layerscope UI has not been built yet: run "npm run build", then reload this page.');
    }
    const file = resolveStaticFile(staticDir, url.pathname);
    if (!file) return plain(res, 404, `Not found: ${url.pathname}`);
    sendFile(res, file, req.method === 'HEAD');
  }

  /**
   * The body of an upload 'upload.start' began: streamed into it as the 'upload.chunk' requests it
   * stands for, so the same checks apply (the id is the credential: only the page that asked over
   * the authenticated WebSocket has it). Answers with the bytes received, or why it stopped.
   */
  async function receiveUpload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let received = 0;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        const reply = await service.reply('upload.chunk', { id, offset: received, bytes: chunk });
        if ('error' in reply) throw new Error(reply.error.message);
        received = (reply.result as { received: number }).received;
      }
    } catch (err) {
      req.resume();
      return plain(res, 409, (err as Error).message);
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ received }));
  }

  async function download(ticket: string, res: ServerResponse): Promise<void> {
    const request = ticket ? service.takeDownloadTicket(ticket) : undefined;
    if (!request) return plain(res, 403, 'Forbidden: this download address is not valid (each is good for one download within a minute): use Save again');
    const status = service.status();
    if (status.source === 'none') return plain(res, 409, 'Nothing is open: there is nothing to download');
    const { format, choice } = request;
    const path = join(service.temporaryDirectory(), `download-${randomBytes(6).toString('hex')}.${format}`);
    try {
      await service.exportTo(path, format, choice);
    } catch (err) {
      rmSync(path, { force: true });
      return plain(res, 409, (err as Error).message);
    }
    const whole = service.exportsWhole(choice);
    const base = safeFileName((status.name || 'capture').replace(/\.(pcapng|pcap|cap)$/i, '')) + (whole ? '' : `-${choice.packets.which}`);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', statSync(path).size);
    res.setHeader('Content-Disposition', `attachment; filename="${base}.${format}"`);
    const stream = createReadStream(path);
    stream.on('close', () => rmSync(path, { force: true }));
    stream.on('error', () => res.destroy());
    // Handed over whole: the toolbar stops saying "(unsaved)" (unless only some packets went).
    if (whole) res.on('finish', () => service.markSaved());
    stream.pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://internal');
    const verdict = url.pathname === API_PATH ? checkApiRequest(req, url, guard) : { ok: false as const, reason: `no WebSocket at ${url.pathname}` };
    if (!verdict.ok) {
      const body = `Forbidden: ${verdict.reason}`;
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws));
  });

  function serveClient(ws: WebSocket): void {
    new ClientConnection(ws, service);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${hostInUrl}:${port}`;
  guard.hosts = [`${hostInUrl}:${port}`, `localhost:${port}`];
  guard.origins = [origin, `http://localhost:${port}`];
  csp = contentSecurityPolicy([`ws://${hostInUrl}:${port}`, `ws://localhost:${port}`]);

  let closed = false;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    service,
    opened,
    async close() {
      if (closed) return;
      closed = true;
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownsService) await service.close();
    },
  };
}

function setSecurityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The token is in the page's URL: never send it on as a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text + '\n');
}
