// Live capture through the same API the UI uses, as root on the loopback interface: a TCP
// connection between two local sockets shows up as decoded rows, in order, while capturing; the
// capture saves to files tshark reads back. Then the same through browser mode's WebSocket, and a
// capture refused for lack of privilege (the service run as nobody) explains itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { startBrowserServer } from '../../electron/server/browser-server.js';
import { API_PATH, type PacketRow, type SessionStatus } from '../../electron/service/contract.js';
import { tsharkFields } from '../unit/service-test-captures.js';
import { BrowserModeClient, ServeProcess } from './browser-mode-client.js';

const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'live capture on lo needs root (CI runs the tests as root)';

/** Any way of sending a request: the service directly, or the WebSocket. */
type Ask = (request: string, params: unknown) => Promise<any>;
/**
 * Saving to a path. The page may name only a path a native Save dialog granted, so the tests save
 * as a trusted caller in the process does (the service's typed request()).
 */
type Save = (path: string, format: 'pcapng' | 'pcap') => Promise<{ packets: number }>;

/**
 * A TCP server on 127.0.0.1; `converse()` connects a client to it, sends "hello", and both sides
 * close cleanly.
 */
async function localTcpServer() {
  const server = createServer((socket) => {
    socket.on('data', () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serverPort = (server.address() as AddressInfo).port;
  return {
    serverPort,
    async converse(): Promise<number> {
      const client = createConnection(serverPort, '127.0.0.1');
      await new Promise<void>((resolve) => client.once('connect', resolve));
      const clientPort = client.localPort!;
      client.write('hello');
      client.on('data', () => {});
      client.on('end', () => client.end());
      await new Promise((resolve) => client.once('close', resolve));
      await new Promise((resolve) => server.close(resolve));
      return clientPort;
    },
  };
}

/** Polls rows.get until `done(rows)` or the deadline. */
async function waitForRows(ask: Ask, done: (rows: PacketRow[]) => boolean, timeoutMs = 8000): Promise<PacketRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await ask('rows.get', { start: 0, count: 100 });
    if (done(rows) || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The TCP flags of each row, from the info column ("40000 → 80 [SYN, ACK] Seq=0 ..."). */
const flagsOf = (row: PacketRow) => row.info.match(/\[([A-Z, ]+)\]/)?.[1] ?? '';

async function captureHandshake(ask: Ask, save: Save, dir: string): Promise<void> {
  const server = await localTcpServer();
  const serverPort = server.serverPort;
  // Only this test's conversation (other tests may use lo at the same time).
  const status: SessionStatus = await ask('capture.start', { interface: 'lo', filter: `tcp port ${serverPort}` });
  assert.equal(status.source, 'live');
  assert.equal(status.capturing, true);
  // The cap backend cannot read the kernel's drop counter: the status says so rather than show none.
  assert.ok(status.warnings.some((w) => /drops .* not counted by this capture backend \(cap\)/.test(w)), 'unknown drops are explained');
  const clientPort = await server.converse();
  const ours = (r: PacketRow) => r.info.startsWith(`${clientPort} → ${serverPort} `) || r.info.startsWith(`${serverPort} → ${clientPort} `);
  // The rows arrive while the capture is still running.
  const live = await waitForRows(ask, (rows) => rows.filter(ours).filter((r) => flagsOf(r).includes('FIN')).length >= 2);
  assert.equal((await ask('session.status', {})).capturing, true, 'rows were read during the capture');
  const stopped: SessionStatus = await ask('capture.stop', {});
  assert.equal(stopped.capturing, false);

  assert.ok(live.filter(ours).length >= 7, 'handshake, data and both FINs were listed during the capture');
  // After the stop, the final ACK has arrived too.
  const rows: PacketRow[] = (await ask('rows.get', { start: 0, count: 100 })).rows;
  assert.equal(rows.filter(ours).length, stopped.packetCount, 'the filter kept only this conversation');
  const c2s = `${clientPort} → ${serverPort}`;
  const s2c = `${serverPort} → ${clientPort}`;
  const sequence = rows.map((r) => `${r.info.startsWith(c2s) ? 'c' : 's'} ${flagsOf(r)}`);
  assert.deepEqual(sequence.slice(0, 4), ['c SYN', 's SYN, ACK', 'c ACK', 'c PSH, ACK'], `handshake then data: ${sequence.join(' | ')}`);
  assert.ok(rows[0].info.startsWith(`${c2s} [SYN] Seq=0`), rows[0].info);
  assert.ok(rows[1].info.startsWith(`${s2c} [SYN, ACK] Seq=0 Ack=1`), rows[1].info);
  assert.match(rows[3].info, /Len=5/);
  const fins = sequence.map((s, i) => [s, i] as const).filter(([s]) => s.includes('FIN'));
  assert.equal(fins.length, 2, 'both sides close');
  assert.ok(fins[0][1] > 3, 'FIN comes after the data');
  for (const row of rows) {
    assert.equal(row.protocol, 'TCP');
    assert.equal(row.source, '127.0.0.1');
    assert.equal(row.colorKey, 'tcp');
    assert.equal(row.topOsi, 4);
  }
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i].time >= rows[i - 1].time, 'rows are in arrival order');

  // The SYN opened in full: read back from the capture's file and decoded layer by layer.
  const syn = await ask('packet.get', { number: rows[0].number });
  assert.deepEqual(syn.packet.layers.map((l: { protocol: string }) => l.protocol), ['frame', 'eth', 'ip', 'tcp']);
  const tcp = syn.packet.layers[3];
  assert.equal(tcp.fields.find((f: { name: string }) => f.name === 'tcp.srcport').value, clientPort);

  for (const format of ['pcapng', 'pcap'] as const) {
    const path = join(dir, `live.${format}`);
    const saved = await save(path, format);
    assert.equal(saved.packets, stopped.packetCount);
    const fields = tsharkFields(path, ['tcp.srcport', 'tcp.dstport', 'tcp.flags.str', 'tcp.len']).filter(
      ([sp, dp]) => [sp, dp].includes(String(clientPort)) && [sp, dp].includes(String(serverPort)),
    );
    assert.equal(fields.length, stopped.packetCount, `${format}: tshark reads every packet of the conversation`);
    assert.deepEqual(fields[0].slice(0, 2), [String(clientPort), String(serverPort)]);
    assert.match(fields[0][2], /S/);
    assert.equal(fields[3][3], '5');
  }
  assert.equal((await ask('session.status', {})).saved, true);
}

test('a live capture on lo shows a TCP connection as decoded rows, in order, and saves for tshark', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-live-'));
  const service = new LayerscopeService();
  const added: number[] = [];
  service.onEvent((name, payload) => {
    if (name === 'packets.added') added.push((payload as { total: number }).total);
  });
  try {
    const { interfaces, permission } = await service.handle('interfaces.list', {}) as { interfaces: { name: string }[]; permission: { canCapture: boolean } };
    assert.ok(interfaces.some((i) => i.name === 'lo'));
    assert.equal(permission.canCapture, true);
    await captureHandshake((request, params) => service.handle(request, params), (path, format) => service.request('capture.save', { path, format }), dir);
    assert.ok(added.length >= 1, 'packets were announced in batches');
    assert.ok(added.every((n, i) => i === 0 || n >= added[i - 1]), 'the total only grows');
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same live capture through browser mode\'s WebSocket, which refuses strangers', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-live-ws-'));
  const server = await startBrowserServer({ samplePath: join(dir, 'no-sample.pcapng') });
  const connect = (url: string, origin: string) => BrowserModeClient.connect(url, { origin });
  const api = `ws://127.0.0.1:${server.port}${API_PATH}`;
  try {
    await assert.rejects(connect(api, server.origin), /HTTP 403/, 'no token, no capture');
    await assert.rejects(connect(`${api}?token=${server.token}`, 'http://attacker.example'), /HTTP 403/, 'another origin, no capture');
    const client = await connect(`${api}?token=${server.token}`, server.origin);
    await captureHandshake(
      (request, params) => client.request(request, params),
      (path, format) => server.service.request('capture.save', { path, format }),
      dir,
    );
    const events = client.events.map((e) => e.event);
    assert.ok(events.includes('packets.added'));
    assert.ok(events.includes('session.status'));
    client.close();
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a capture refused for lack of privilege explains why and how to fix it, and files still open', { skip }, async () => {
  // The whole browser-mode server runs as nobody, as a user without capture rights would.
  try {
    accessSync('/usr/bin/setpriv', constants.X_OK);
  } catch {
    assert.fail('setpriv (util-linux) is needed for this test');
  }
  const serve = new ServeProcess([], {
    wrapper: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all'],
    env: { ...process.env, HOME: '/tmp', TSX_TSCONFIG_PATH: 'tsconfig.json' },
  });
  try {
    const url = await serve.url(20000);
    const client = await BrowserModeClient.connect(`ws://${url.host}${API_PATH}?token=${url.searchParams.get('token')}`, { origin: url.origin });
    const ask: Ask = (request, params) => client.request(request, params);
    const { permission } = await ask('interfaces.list', {});
    if (permission.backend === 'dumpcap') {
      console.log('# skipped: this machine lets every user capture through dumpcap');
      // This machine lets everyone capture through Wireshark's dumpcap: nothing to refuse.
      client.close();
      return;
    }
    assert.equal(permission.canCapture, false);
    assert.ok(permission.explanation.length > 20, permission.explanation);
    assert.ok(permission.fixCommands.length >= 1);
    await assert.rejects(ask('capture.start', { interface: 'lo' }), (e: Error) => {
      assert.match(e.message, /may not capture|permission|privilege/i);
      assert.match(e.message, /To fix it, run:\n {2}\S/);
      return true;
    });
    // The service is still there, and opening files still works.
    const status = await ask('session.status', {});
    assert.equal(status.capturing, false);
    client.close();
  } finally {
    serve.child.kill('SIGTERM');
    await serve.exited();
  }
});
