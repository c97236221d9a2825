// The Socket Lab on the real kernel: each scenario's calls made one at a time on loopback by real
// sockets, with the results and errnos the kernel gives, the packets each call caused as captured
// on lo (root, as CI runs), and the kernel's own socket table after each step.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SocketLab, type LabStep } from '../../electron/lab/socket-lab.js';
import { findScenario, performScenario } from '../../electron/lab/lab-scenarios.js';
import { LabRequestRefused } from '../../electron/lab/lab-side.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'layerscope-lab-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function run(name: string): Promise<{ lab: SocketLab; steps: LabStep[] }> {
  const lab = await SocketLab.open();
  assert.equal(lab.captureProblem, undefined, 'the tests run as root and capture on lo');
  try {
    await performScenario(lab, findScenario(name)!);
  } finally {
    await lab.close();
  }
  return { lab, steps: lab.steps };
}

/** "side call → result" for each step: what a student clicked and what the kernel answered. */
const calls = (steps: LabStep[]) => steps.map((s) => `${s.side} ${s.call.call} → ${s.outcome.ok ? 'ok' : (s.outcome.code ?? (s.outcome.timeout ? 'timeout' : '?'))}`);
const flags = (step: LabStep) => step.packets.map((p) => `${p.sender}:${p.tcpFlags.join('+')}`);
const step = (steps: LabStep[], side: string, call: string, nth = 1) => steps.filter((s) => s.side === side && s.call.call === call)[nth - 1];

test('tcp: the handshake completes before accept(), which takes it from the accept queue; the active closer ends in TIME-WAIT', async () => {
  const { lab, steps } = await run('tcp');
  assert.deepEqual(calls(steps), [
    'server socket → ok', 'server setsockopt → ok', 'server bind → ok', 'server listen → ok',
    'client socket → ok', 'client connect → ok', 'server accept → ok',
    'client send → ok', 'server recv → ok', 'server recv → ok', 'server send → ok', 'client recv → ok',
    'client shutdown → ok', 'server recv → ok', 'server close → ok', 'client close → ok', 'server close → ok',
  ]);
  // socket(), bind() and listen() send nothing.
  for (const s of steps.slice(0, 5)) assert.deepEqual(s.packets, [], `${s.call.call}() sent packets`);

  const connect = step(steps, 'client', 'connect');
  assert.deepEqual(flags(connect), ['client:SYN', 'server:SYN+ACK', 'client:ACK']);
  assert.deepEqual(connect.packets.map((p) => p.comment), ['client: connect()', "server's kernel answering (client called connect())", 'client: connect()']);
  // Before accept(): the listening socket's Recv-Q holds the connection, which only the kernel has.
  const listening = connect.kernel.find((k) => k.state === 'LISTEN')!;
  assert.equal(listening.recvQ, 1);
  assert.deepEqual(listening.owner, { side: 'server', socket: 's1' });
  const queued = connect.kernel.find((k) => k.state === 'ESTABLISHED' && k.localPort === lab.port)!;
  assert.equal(queued.owner, undefined);
  assert.equal(connect.explanation.id, 'lab.connect.tcp.queued');

  const accept = step(steps, 'server', 'accept');
  assert.deepEqual(accept.packets, [], 'accept() sends nothing: the handshake was already done');
  assert.equal(accept.kernel.find((k) => k.state === 'LISTEN')!.recvQ, 0);
  assert.deepEqual(accept.kernel.find((k) => k.state === 'ESTABLISHED' && k.localPort === lab.port)!.owner, { side: 'server', socket: 's2' });
  assert.match(accept.code.python, /^conn, addr = server\.accept\(\)$/);

  const partial = step(steps, 'server', 'recv', 1);
  assert.equal(Buffer.from((partial.outcome as { value: { base64: string } }).value.base64, 'base64').toString(), 'hel');
  assert.equal(partial.explanation.id, 'lab.recv.partial');
  assert.equal(partial.explanation.params.left, 2);

  assert.deepEqual(flags(step(steps, 'client', 'shutdown')), ['client:FIN+ACK', 'server:ACK']);
  const eof = step(steps, 'server', 'recv', 3);
  assert.equal((eof.outcome as { value: { length: number } }).value.length, 0);
  assert.equal(eof.explanation.id, 'lab.recv.eof');

  // The client sent the first FIN: after the server's FIN its side is in TIME-WAIT, held by the
  // kernel alone once the client closes, with its timer running (60 s on Linux).
  const last = step(steps, 'client', 'close');
  const timeWait = last.kernel.find((k) => k.state === 'TIME-WAIT')!;
  assert.equal(timeWait.owner, undefined);
  assert.notEqual(timeWait.localPort, lab.port, 'the client (the active closer) is the one in TIME-WAIT');
  assert.ok(timeWait.timeWaitSeconds! > 50 && timeWait.timeWaitSeconds! <= 60, `TIME-WAIT timer ${timeWait.timeWaitSeconds}`);
  assert.equal(last.explanation.id, 'lab.close.alreadyTimeWait');
});

test('reuse: a restarted server cannot bind its port while TIME-WAIT holds it, until it sets SO_REUSEADDR', async () => {
  const { lab, steps } = await run('reuse');
  const binds = steps.filter((s) => s.call.call === 'bind');
  assert.deepEqual(binds.map((s) => (s.outcome.ok ? 'ok' : s.outcome.code)), ['ok', 'EADDRINUSE', 'ok']);
  assert.equal(binds[1].explanation.id, 'lab.bind.addrinuse.timeWait');
  assert.match(binds[1].code.pythonResult, /^OSError: \[Errno 98\]/);
  // The server closed first: its end of the old connection (local port = the server's) waits.
  assert.ok(binds[1].kernel.some((k) => k.state === 'TIME-WAIT' && k.localPort === lab.port));
  assert.ok(step(steps, 'server', 'listen', 2).outcome.ok);
});

test('refused: nothing listens, the SYN is answered by RST; connect() raises ECONNREFUSED, connect_ex() returns 111', async () => {
  const { steps } = await run('refused');
  const connect = step(steps, 'client', 'connect');
  assert.equal(connect.outcome.ok, false);
  assert.equal(!connect.outcome.ok && connect.outcome.code, 'ECONNREFUSED');
  assert.match(connect.code.pythonResult, /^ConnectionRefusedError: \[Errno 111\]/);
  assert.equal(connect.code.cResult, '-1 (errno ECONNREFUSED)');
  assert.deepEqual(flags(connect), ['client:SYN', 'server:RST+ACK']);
  const connectEx = step(steps, 'client', 'connect_ex');
  assert.ok(connectEx.outcome.ok, 'connect_ex() does not raise');
  assert.deepEqual((connectEx.outcome as { value: { result: number; code: string } }).value.result, 111);
  assert.deepEqual(flags(connectEx), ['client:SYN', 'server:RST+ACK']);
});

test('reset: closing with unread data, and SO_LINGER 0, send RST instead of FIN; the peer gets ECONNRESET', async () => {
  const { steps } = await run('reset');
  const [unread, linger] = steps.filter((s) => s.call.call === 'close' && s.packets.length > 0);
  assert.deepEqual(flags(unread), ['server:RST+ACK']);
  assert.equal(unread.explanation.id, 'lab.close.reset');
  assert.deepEqual(flags(linger), ['client:RST+ACK']);
  const resets = steps.filter((s) => s.call.call === 'recv');
  assert.deepEqual(resets.map((s) => `${s.side} ${!s.outcome.ok && s.outcome.code}`), ['client ECONNRESET', 'server ECONNRESET']);
});

test('udp: datagrams keep their boundaries with no handshake; a connected socket hears of the ICMP port unreachable on its next call', async () => {
  const { steps } = await run('udp');
  const received = steps.filter((s) => s.call.call === 'recvfrom').map((s) => Buffer.from((s.outcome as { value: { base64: string } }).value.base64, 'base64').toString());
  assert.deepEqual(received, ['ping', 'pong', 'one', 'two']);
  assert.deepEqual(step(steps, 'client', 'connect').packets, [], 'connect() on UDP sends nothing');
  const [first, second] = steps.filter((s) => s.call.call === 'send');
  assert.ok(first.outcome.ok, 'the send() itself succeeds');
  assert.deepEqual(first.packets.map((p) => p.protocol), ['UDP', 'ICMP']);
  assert.match(first.packets[1].info, /Port unreachable/);
  assert.equal(!second.outcome.ok && second.outcome.code, 'ECONNREFUSED');
  assert.equal(second.explanation.id, 'lab.send.refused');
});

test('timeout: recv() gives up after settimeout(1); non-blocking it fails at once with EAGAIN; blocking again it gets the data', async () => {
  const { steps } = await run('timeout');
  const recvs = steps.filter((s) => s.call.call === 'recv');
  assert.equal(recvs[0].outcome.ok, false);
  assert.ok(!recvs[0].outcome.ok && recvs[0].outcome.timeout);
  const waited = (recvs[0].outcome.ended - recvs[0].outcome.started) / 1e6;
  assert.ok(waited >= 0.95 && waited < 3, `recv() waited ${waited} s for a 1 s timeout`);
  assert.equal(!recvs[1].outcome.ok && recvs[1].outcome.code, 'EAGAIN');
  assert.equal(recvs[1].code.pythonResult.split(':')[0], 'BlockingIOError');
  assert.ok(recvs[2].outcome.ok);
});

test('the lab makes only loopback calls: any other address is refused before a socket call is made', async () => {
  const lab = await SocketLab.open({ capture: false });
  try {
    await lab.perform('client', { call: 'socket', type: 'SOCK_DGRAM' });
    await assert.rejects(lab.perform('client', { call: 'sendto', socket: 's1', text: 'x', host: '192.0.2.1', port: 9 }), LabRequestRefused);
    await assert.rejects(lab.perform('client', { call: 'connect', socket: 's1', host: 'example.com', port: 80 }), LabRequestRefused);
  } finally {
    await lab.close();
  }
});

test('without capture permission the calls still run and the kernel is still read; the lab says what would allow capturing', { skip: process.getuid?.() === 0 ? false : 'needs root to run the capture helper as nobody' }, async () => {
  const lab = await SocketLab.open({ captureWrapper: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] });
  try {
    assert.ok(lab.captureProblem, 'the lab says why there are no packets');
    assert.ok(lab.captureProblem.fixCommands.some((c) => c.startsWith('sudo setcap ')), lab.captureProblem.fixCommands.join('\n'));
    await performScenario(lab, findScenario('tcp')!);
    const connect = step(lab.steps, 'client', 'connect');
    assert.ok(connect.outcome.ok);
    assert.deepEqual(connect.packets, []);
    assert.equal(connect.kernel.find((k) => k.state === 'LISTEN')?.recvQ, 1, 'the kernel table is read all the same');
  } finally {
    await lab.close();
  }
});

test('layerscope lab tcp -w FILE prints each step and writes a capture whose packets carry the calls as comments (read by tshark)', () => {
  const file = join(scratch, 'lab-tcp.pcapng');
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'lab', 'tcp', '-w', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ +[\d.]+ +server +server = socket\.socket\(socket\.AF_INET, socket\.SOCK_STREAM\) +=/m);
  assert.match(r.stdout, /C: int conn = accept\(server, /);
  assert.match(r.stdout, /tcp TIME-WAIT +127\.0\.0\.1:\d+ +127\.0\.0\.1:\d+ .+\(kernel only\) +timer \d+\.\d s/);
  const tshark = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'tcp.flags.str', '-e', 'frame.comment'], { encoding: 'utf8' });
  assert.equal(tshark.status, 0, tshark.stderr);
  const rows = tshark.stdout.trimEnd().split('\n').map((l) => l.split('\t')[1]);
  assert.deepEqual(rows.slice(0, 3), ['client: connect()', "server's kernel answering (client called connect())", 'client: connect()']);
  assert.ok(rows.every((c) => c.length > 0), 'every packet has its comment');
});

test('layerscope lab names the scenarios when given an unknown one, with exit code 2', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'lab', 'handshake'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /tcp, reuse, refused, reset, udp, timeout/);
});
