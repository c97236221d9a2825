// Browser mode as a browser (and an intruder) sees it: the UI's files load for this server's own
// Host; the WebSocket needs the printed URL's token (never a cookie: browsers send cookies to
// every port); requests from another Origin or for another Host are refused; downloads need a
// single-use ticket; requests, responses and events flow over the WebSocket in the contract's
// wire format.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.js';
import { API_PATH, DOWNLOAD_PATH, UPLOAD_PATH } from '../../electron/service/contract.js';
import { craftCapture, tsharkFields, type CraftedCapture } from '../unit/service-test-captures.js';
import { BrowserModeClient as Client, ServeProcess } from './browser-mode-client.js';

let cap: CraftedCapture;
let server: BrowserServer;
let staticDir: string;

before(async () => {
  cap = craftCapture();
  staticDir = join(cap.dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Layerscope</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("layerscope")');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  server = await startBrowserServer({ file: cap.pcapng, staticDir });
});

after(async () => {
  await server.close();
  rmSync(cap.dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const apiUrl = () => `ws://127.0.0.1:${server.port}${API_PATH}?token=${server.token}`;

test('the printed URL is on 127.0.0.1 and carries a long random token', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
});

test('the page and its assets load with a strict CSP and set no cookie: the UI holds no secret', async () => {
  const page = await get(server.url);
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${server.port}`));
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  assert.equal(page.headers['set-cookie'], undefined, 'no credential in a cookie, which every local port would receive');

  const js = await get(`${server.origin}/assets/app.js`);
  assert.equal(js.status, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.body.toString(), 'console.log("layerscope")');
  assert.equal(js.headers['set-cookie'], undefined);
  const css = await get(`${server.origin}/assets/app.css`);
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  const escape = await get(`${server.origin}/assets/..%2f..%2fcrafted.pcapng`);
  assert.equal(escape.status, 404, 'nothing outside the UI folder is served');
});

test('HTTP requests from another Origin or for another Host are refused, and nothing downloads without a ticket', async () => {
  const foreign = await get(server.url, { origin: 'http://evil.example' });
  assert.equal(foreign.status, 403);
  assert.match(foreign.body.toString(), /origin "http:\/\/evil\.example" are not allowed/);
  const rebound = await get(server.url, { host: `evil.example:${server.port}` });
  assert.equal(rebound.status, 403, 'a DNS-rebinding page names another Host');
  for (const path of [DOWNLOAD_PATH, `${DOWNLOAD_PATH}?format=pcap&token=${server.token}`, `${DOWNLOAD_PATH}/guessed-ticket`]) {
    const download = await get(`${server.origin}${path}`);
    assert.equal(download.status, 403, `${path}: the capture cannot be downloaded without a ticket`);
    assert.doesNotMatch(download.body.toString(), new RegExp(server.token));
  }
});

test('WebSocket upgrades without the token, from another Origin, or without an Origin are refused', async () => {
  const origin = server.origin;
  await assert.rejects(Client.connect(`ws://127.0.0.1:${server.port}${API_PATH}`, { origin }), /HTTP 403/);
  await assert.rejects(Client.connect(`ws://127.0.0.1:${server.port}${API_PATH}?token=nope`, { origin }), /HTTP 403/);
  await assert.rejects(Client.connect(apiUrl(), { origin: 'http://evil.example' }), /HTTP 403/);
  await assert.rejects(Client.connect(apiUrl(), { origin: 'null' }), /HTTP 403/);
  await assert.rejects(Client.connect(apiUrl()), /HTTP 403/);
  await assert.rejects(Client.connect(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, { origin }), /HTTP 403/);
});

test('over the WebSocket the page gets rows, packets and errors by request id', async () => {
  const client = await Client.connect(apiUrl(), { origin: server.origin });
  try {
    const status = await client.request('session.status', {});
    assert.equal(status.name, 'crafted.pcapng');
    assert.equal(status.packetCount, cap.frames.length);
    const [rows, packet] = await Promise.all([
      client.request('rows.get', { start: 2, count: 3 }),
      client.request('packet.get', { number: 3 }),
    ]);
    assert.equal(rows.total, cap.frames.length);
    assert.deepEqual(rows.rows.map((r: any) => r.number), [3, 4, 5]);
    assert.equal(packet.bytesHex, cap.frames[2]);
    assert.equal(packet.packet.layers[0].protocol, 'frame');
    await assert.rejects(client.request('rows.get', { start: 0, count: -1 }), /rows\.get: "count" must be between 0 and 10000, got -1/);
    await assert.rejects(client.request('system.exec', {}), /Unknown request "system\.exec"/);
  } finally {
    client.close();
  }
});

test('a cookie never authorises the WebSocket: only the token in its URL does', async () => {
  await assert.rejects(
    Client.connect(`ws://127.0.0.1:${server.port}${API_PATH}`, { origin: server.origin, cookie: `layerscope_token=${server.token}` }),
    /HTTP 403/,
  );
});

test('opening a file pushes progress, packets and status events to every connected page', async () => {
  const a = await Client.connect(apiUrl(), { origin: server.origin });
  const b = await Client.connect(apiUrl(), { origin: server.origin });
  try {
    // As `layerscope serve FILE` opens its file: the page itself may not name one.
    await server.service.request('file.open', { path: cap.pcap });
    for (const client of [a, b]) {
      const done = await client.waitForEvent((e) => e.event === 'open.progress' && e.payload.done);
      assert.equal(done.payload.packets, cap.frames.length);
      await client.waitForEvent((e) => e.event === 'packets.added' && e.payload.total === cap.frames.length);
      await client.waitForEvent((e) => e.event === 'session.status' && e.payload.name === 'crafted.pcap');
    }
    // Garbage on the socket gets an error, not a dropped connection.
    const reply = new Promise<any>((resolve) => a.ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    a.ws.send('{not json');
    assert.match((await reply).error.message, /Unreadable message/);
    assert.equal((await a.request('session.status', {})).name, 'crafted.pcap');
  } finally {
    a.close();
    b.close();
  }
});

test('the page saves a capture by downloading it with a single-use ticket; tshark reads the download', async () => {
  const client = await Client.connect(apiUrl(), { origin: server.origin });
  try {
    for (const format of ['pcap', 'pcapng'] as const) {
      const { url } = await client.request('download.prepare', { format });
      assert.match(url, new RegExp(`^${DOWNLOAD_PATH}/[A-Za-z0-9_-]{32}$`));
      assert.ok(!url.includes(server.token), 'the ticket is not the token');
      const reply = await get(`${server.origin}${url}`);
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['content-type'], 'application/octet-stream');
      assert.match(String(reply.headers['content-disposition']), new RegExp(`attachment; filename="crafted\\.${format}"`));
      const saved = join(cap.dir, `download.${format}`);
      writeFileSync(saved, reply.body);
      assert.deepEqual(tsharkFields(saved, ['frame.len', 'frame.time_epoch']), tsharkFields(cap.pcap, ['frame.len', 'frame.time_epoch']));
      assert.equal((await get(`${server.origin}${url}`)).status, 403, 'a ticket is good for one download');
    }
    await assert.rejects(client.request('download.prepare', { format: 'exe' }), /"format" must be "pcapng" or "pcap"/);
  } finally {
    client.close();
  }
});

function post(url: string, body: Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-length': String(body.length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('an upload\'s body goes to the id upload.start gave over the WebSocket, from the page\'s own origin only', async () => {
  const client = await Client.connect(apiUrl(), { origin: server.origin });
  try {
    const body = readFileSync(cap.pcapng);
    const { id } = await client.request('upload.start', { name: 'sent.pcapng', size: body.length });
    assert.equal((await post(`${server.origin}${UPLOAD_PATH}/${id}`, body)).status, 403, 'no Origin: not this server\'s page');
    assert.equal((await post(`${server.origin}${UPLOAD_PATH}/${id}`, body, { origin: 'http://evil.example' })).status, 403);
    const guessed = await post(`${server.origin}${UPLOAD_PATH}/AAAAAAAAAAAAAAAAAAAAAA`, body, { origin: server.origin });
    assert.equal(guessed.status, 409);
    assert.match(guessed.body.toString(), /no upload .+ under way/);
    const sent = await post(`${server.origin}${UPLOAD_PATH}/${id}`, body, { origin: server.origin });
    assert.deepEqual(JSON.parse(sent.body.toString()), { received: body.length });
    const status = await client.request('upload.finish', { id });
    assert.equal(status.name, 'sent.pcapng');
    assert.equal(status.packetCount, cap.frames.length);
  } finally {
    client.close();
  }
});

test('`layerscope serve FILE` prints a URL that serves that file, and stops on SIGTERM', async () => {
  const serve = new ServeProcess([cap.pcap]);
  try {
    const url = await serve.url();
    assert.match(serve.stdout, /serving crafted\.pcap/);
    const port = url.port;
    const client = await Client.connect(`ws://127.0.0.1:${port}${API_PATH}?token=${url.searchParams.get('token')}`, {
      origin: `http://127.0.0.1:${port}`,
    });
    assert.equal((await client.request('session.status', {})).name, 'crafted.pcap');
    client.close();
    const exited = serve.exited();
    serve.child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    serve.child.kill('SIGKILL');
  }
});

test('`layerscope serve` on a file that is not a capture explains why and exits non-zero', async () => {
  const text = join(cap.dir, 'readme.txt');
  writeFileSync(text, 'hello');
  const serve = new ServeProcess([text]);
  const code = await serve.exited();
  assert.equal(code, 1);
  assert.match(serve.stderr, /layerscope serve: .*readme\.txt is too short to be a capture file|layerscope serve: .*readme\.txt is not a capture/);
  assert.doesNotMatch(serve.stderr, /\n\s+at /, 'no stack trace for a user mistake');
});
