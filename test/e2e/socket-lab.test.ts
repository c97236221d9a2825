// The Socket Lab on the real kernel: each scenario's calls made one at a time on loopback by real
// sockets, with the results and errnos the kernel gives, the packets each call caused as captured
// on lo (root, as CI runs), and the kernel's own socket table after each step.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SocketLab } from '../../electron/lab/socket-lab.js';
import { findScenario, performScenario } from '../../electron/lab/lab-scenarios.js';
import { LabRequestRefused } from '../../electron/lab/lab-side.js';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { LAB_SCENARIO_NAMES, type LabStepView, type LabView } from '../../electron/service/contract.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'layerscope-lab-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A scenario through the service, as the app's Next button performs it, to its end. */
async function run(name: string): Promise<{ port: number; steps: LabStepView[] }> {
  const service = new LayerscopeService();
  try {
    let view = (await service.handle('lab.open', { scenario: name })) as LabView;
    assert.equal(view.captureProblem, undefined, 'the tests run as root and capture on lo');
    while (view.next) view = (await service.handle('lab.next', {})) as LabView;
    return view;
  } finally {
    await service.close();
  }
}

/** "side call → result" for each step: what a student clicked and what the kernel answered. */
const calls = (steps: LabStepView[]) => steps.map((s) => `${s.side} ${s.call.call} → ${s.ok ? 'ok' : s.error}`);
const flags = (step: LabStepView) => step.packets.map((p) => `${p.sender}:${p.tcpFlags.join('+')}`);
const step = (steps: LabStepView[], side: string, call: string, nth = 1) => steps.filter((s) => s.side === side && s.call.call === call)[nth - 1];

test('tcp: the handshake completes before accept(), which takes it from the accept queue; the active closer ends in TIME-WAIT', async () => {
  const { port, steps } = await run('tcp');
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
  const queued = connect.kernel.find((k) => k.state === 'ESTABLISHED' && k.localPort === port)!;
  assert.equal(queued.owner, undefined);
  assert.equal(connect.explanation.id, 'lab.connect.tcp.queued');
  // Each TCP packet carries its arrow for the lab's ladder: endpoints, relative numbers, and each
  // side's state as inferred from the packets so far.
  const [syn, synAck] = connect.packets.map((p) => p.tcp!);
  assert.equal(syn.dst, `127.0.0.1:${port}`);
  assert.equal(synAck.src, syn.dst);
  assert.equal(synAck.dst, syn.src);
  assert.deepEqual([syn.flags, syn.seq, syn.senderState, synAck.flags, synAck.ack, synAck.receiverState], ['SYN', 0, 'SYN-SENT', 'SYN, ACK', 1, 'ESTABLISHED']);

  const accept = step(steps, 'server', 'accept');
  assert.deepEqual(accept.packets, [], 'accept() sends nothing: the handshake was already done');
  assert.equal(accept.kernel.find((k) => k.state === 'LISTEN')!.recvQ, 0);
  assert.deepEqual(accept.kernel.find((k) => k.state === 'ESTABLISHED' && k.localPort === port)!.owner, { side: 'server', socket: 's2' });
  assert.match(accept.python, /^conn, addr = server\.accept\(\)$/);

  const partial = step(steps, 'server', 'recv', 1);
  assert.equal(partial.pythonResult, "b'hel'");
  assert.equal(partial.explanation.id, 'lab.recv.partial');
  assert.equal(partial.explanation.params.left, 2);

  assert.deepEqual(flags(step(steps, 'client', 'shutdown')), ['client:FIN+ACK', 'server:ACK']);
  const eof = step(steps, 'server', 'recv', 3);
  assert.equal(eof.pythonResult, "b''");
  assert.equal(eof.explanation.id, 'lab.recv.eof');

  // The client sent the first FIN: after the server's FIN its side is in TIME-WAIT, held by the
  // kernel alone once the client closes, with its timer running (60 s on Linux).
  const last = step(steps, 'client', 'close');
  const timeWait = last.kernel.find((k) => k.state === 'TIME-WAIT')!;
  assert.equal(timeWait.owner, undefined);
  assert.notEqual(timeWait.localPort, port, 'the client (the active closer) is the one in TIME-WAIT');
  assert.ok(timeWait.timeWaitSeconds! > 50 && timeWait.timeWaitSeconds! <= 60, `TIME-WAIT timer ${timeWait.timeWaitSeconds}`);
  assert.equal(last.explanation.id, 'lab.close.alreadyTimeWait');
});

test('reuse: a restarted server cannot bind its port while TIME-WAIT holds it, until it sets SO_REUSEADDR', async () => {
  const { port, steps } = await run('reuse');
  const binds = steps.filter((s) => s.call.call === 'bind');
  assert.deepEqual(binds.map((s) => (s.ok ? 'ok' : s.error)), ['ok', 'EADDRINUSE', 'ok']);
  assert.equal(binds[1].explanation.id, 'lab.bind.addrinuse.timeWait');
  assert.match(binds[1].pythonResult, /^OSError: \[Errno 98\]/);
  // The server closed first: its end of the old connection (local port = the server's) waits.
  assert.ok(binds[1].kernel.some((k) => k.state === 'TIME-WAIT' && k.localPort === port));
  assert.ok(step(steps, 'server', 'listen', 2).ok);
});

test('refused: nothing listens, the SYN is answered by RST; connect() raises ECONNREFUSED, connect_ex() returns 111', async () => {
  const { steps } = await run('refused');
  const connect = step(steps, 'client', 'connect');
  assert.equal(connect.ok, false);
  assert.equal(connect.error, 'ECONNREFUSED');
  assert.match(connect.pythonResult, /^ConnectionRefusedError: \[Errno 111\]/);
  assert.equal(connect.cResult, '-1 (errno ECONNREFUSED)');
  assert.deepEqual(flags(connect), ['client:SYN', 'server:RST+ACK']);
  const connectEx = step(steps, 'client', 'connect_ex');
  assert.ok(connectEx.ok, 'connect_ex() does not raise');
  assert.equal(connectEx.pythonResult, '111');
  assert.equal(connectEx.cResult, '-1 (errno ECONNREFUSED)');
  assert.deepEqual(flags(connectEx), ['client:SYN', 'server:RST+ACK']);
});

test('reset: closing with unread data, and SO_LINGER 0, send RST instead of FIN; the peer gets ECONNRESET', async () => {
  const { steps } = await run('reset');
  const [unread, linger] = steps.filter((s) => s.call.call === 'close' && s.packets.length > 0);
  assert.deepEqual(flags(unread), ['server:RST+ACK']);
  assert.equal(unread.explanation.id, 'lab.close.reset');
  assert.deepEqual(flags(linger), ['client:RST+ACK']);
  const resets = steps.filter((s) => s.call.call === 'recv');
  assert.deepEqual(resets.map((s) => `${s.side} ${s.error}`), ['client ECONNRESET', 'server ECONNRESET']);
});

test('udp: datagrams keep their boundaries with no handshake; a connected socket hears of the ICMP port unreachable on its next call', async () => {
  const { steps } = await run('udp');
  const received = steps.filter((s) => s.call.call === 'recvfrom').map((s) => s.pythonResult.replace(/, \('127\.0\.0\.1', \d+\)\)$/, ')'));
  assert.deepEqual(received, ["(b'ping')", "(b'pong')", "(b'one')", "(b'two')"]);
  assert.deepEqual(step(steps, 'client', 'connect').packets, [], 'connect() on UDP sends nothing');
  const [first, second] = steps.filter((s) => s.call.call === 'send');
  assert.ok(first.ok, 'the send() itself succeeds');
  assert.deepEqual(first.packets.map((p) => p.protocol), ['UDP', 'ICMP']);
  assert.match(first.packets[1].info, /Port unreachable/);
  assert.equal(second.error, 'ECONNREFUSED');
  assert.equal(second.explanation.id, 'lab.send.refused');
});

test('timeout: recv() gives up after settimeout(1); non-blocking it fails at once with EAGAIN; blocking again it gets the data', async () => {
  const { steps } = await run('timeout');
  const recvs = steps.filter((s) => s.call.call === 'recv');
  assert.equal(recvs[0].error, 'timeout');
  assert.equal(recvs[0].pythonResult, 'TimeoutError: timed out');
  assert.ok(recvs[0].duration >= 0.95 && recvs[0].duration < 3, `recv() waited ${recvs[0].duration} s for a 1 s timeout`);
  assert.equal(recvs[1].error, 'EAGAIN');
  assert.ok(recvs[1].duration < 0.5, 'non-blocking: at once');
  assert.equal(recvs[1].pythonResult.split(':')[0], 'BlockingIOError');
  assert.equal(recvs[2].pythonResult, "b'late'");
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
  // The folder the app would give its capture file belongs to the user capturing: here, nobody.
  const scratchDirectory = mkdtempSync(join(tmpdir(), 'layerscope-lab-nobody-'));
  chownSync(scratchDirectory, 65534, 65534);
  const lab = await SocketLab.open({ captureWrapper: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'], scratchDirectory });
  try {
    assert.ok(lab.captureProblem, 'the lab says why there are no packets');
    assert.ok(lab.captureProblem.fixCommands.some((c) => c.startsWith('sudo setcap ')), lab.captureProblem.fixCommands.join('\n'));
    await performScenario(lab, findScenario('tcp')!);
    const connect = lab.steps.find((s) => s.side === 'client' && s.call.call === 'connect')!;
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
  const rows = tsharkComments(file);
  assert.deepEqual(rows.slice(0, 3), ['client: connect()', "server's kernel answering (client called connect())", 'client: connect()']);
  assert.ok(rows.every((c) => c.length > 0), 'every packet has its comment');
});

/** What each scenario's capture shows in tshark: its first packets' comments, as the CLI wrote them. */
const FIRST_COMMENTS: Record<(typeof LAB_SCENARIO_NAMES)[number], string[]> = {
  tcp: ['client: connect()'],
  reuse: ['client: connect()'],
  refused: ['client: connect()', "server's kernel answering (client called connect())"],
  reset: ['client: connect()'],
  udp: ['client: sendto()', 'server: sendto()'],
  timeout: ['client: connect()'],
};

test('every scenario runs headless from the command line and writes its annotated capture', () => {
  for (const name of LAB_SCENARIO_NAMES) {
    const file = join(scratch, `lab-${name}.pcapng`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'lab', name, '-w', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    const comments = tsharkComments(file);
    assert.deepEqual(comments.slice(0, FIRST_COMMENTS[name].length), FIRST_COMMENTS[name], name);
    assert.ok(comments.every((c) => c.length > 0), `${name}: every packet has its comment`);
  }
});

function tsharkComments(file: string): string[] {
  const tshark = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8' });
  assert.equal(tshark.status, 0, tshark.stderr);
  return tshark.stdout.trimEnd().split('\n');
}

test('layerscope lab names the scenarios when given an unknown one, with exit code 2', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'lab', 'handshake'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /tcp, reuse, refused, reset, udp, timeout/);
});
