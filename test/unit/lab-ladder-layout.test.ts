// The Socket Lab's ladder: the lab's connection drawn from its steps, the client's timeline on the
// left and the server's on the right; each step's packets as arrows named by what sent them, then a
// line for the step's call on its caller's timeline, and beside each timeline the state the kernel
// reported after the step (where it changed), told apart from the state inferred from packets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labConnections, layoutLabLadder } from '../../renderer/src/lib/lab-ladder-layout.js';
import { ROW_HEIGHT } from '../../renderer/src/lib/ladder-layout.js';
import type { LabCallName, LabKernelSocketView, LabPacketView, LabSideName, LabStepView } from '../../electron/service/contract.js';

const PORT = 5000;
const SERVER = '127.0.0.1:5000';
const CLIENT = '127.0.0.1:40000';

function kernel(state: string, local: number, remote: number, owner?: { side: LabSideName; socket: string }, timeWaitSeconds?: number): LabKernelSocketView {
  const k: LabKernelSocketView = { protocol: 'tcp', state, localAddress: '127.0.0.1', localPort: local, remoteAddress: remote ? '127.0.0.1' : '0.0.0.0', remotePort: remote, recvQ: 0, sendQ: 0 };
  if (owner) k.owner = owner;
  if (timeWaitSeconds !== undefined) k.timeWaitSeconds = timeWaitSeconds;
  return k;
}

let number = 0;
/** A packet from `sender` ('call': because of the step's call; 'kernel': the other kernel answering), with the states inferred after it. */
function packet(sender: LabSideName, cause: 'call' | 'kernel', flags: string, senderState: string, receiverState: string, between = [CLIENT, SERVER]): LabPacketView {
  number++;
  const [client, server] = between;
  return {
    number, sender, cause, protocol: 'TCP', info: '', tcpFlags: flags.split(', '), comment: `${sender} ${cause}`,
    tcp: { src: sender === 'client' ? client : server, dst: sender === 'client' ? server : client, time: 1000 + number / 1000, flags, len: 0, marks: [], seq: 0, senderState, receiverState },
  };
}

function step(index: number, side: LabSideName, call: LabCallName, packets: LabPacketView[], table: LabKernelSocketView[], ok = true): LabStepView {
  return {
    index, side, time: index, duration: 0, call: { call }, python: '', c: '', pythonResult: '', cResult: '', ok, packets, kernel: table, kernelReadAt: 1_000_000,
    explanation: { id: 'x', params: {} }, sentence: '', ...(ok ? {} : { error: 'ECONNREFUSED' }),
  };
}

const LISTENING = kernel('LISTEN', 5000, 0, { side: 'server', socket: 's1' });

/** The TCP scenario as the lab reports it: socket, bind, listen; connect; accept; the client closes first. */
function tcpScenario(withPackets = true): LabStepView[] {
  number = 0;
  const p = (...args: Parameters<typeof packet>) => (withPackets ? [packet(...args)] : []);
  return [
    step(1, 'server', 'socket', [], []),
    step(2, 'server', 'bind', [], []),
    step(3, 'server', 'listen', [], [LISTENING]),
    step(4, 'client', 'socket', [], [LISTENING]),
    step(5, 'client', 'connect', [
      ...p('client', 'call', 'SYN', 'SYN-SENT', 'SYN-RECEIVED'),
      ...p('server', 'kernel', 'SYN, ACK', 'SYN-RECEIVED', 'ESTABLISHED'),
      ...p('client', 'call', 'ACK', 'ESTABLISHED', 'ESTABLISHED'),
    ], [LISTENING, kernel('ESTABLISHED', 5000, 40000), kernel('ESTABLISHED', 40000, 5000, { side: 'client', socket: 's1' })]),
    step(6, 'server', 'accept', [], [LISTENING, kernel('ESTABLISHED', 5000, 40000, { side: 'server', socket: 's2' }), kernel('ESTABLISHED', 40000, 5000, { side: 'client', socket: 's1' })]),
    step(7, 'client', 'shutdown', [
      ...p('client', 'call', 'FIN, ACK', 'FIN-WAIT-1', 'CLOSE-WAIT'),
      ...p('server', 'kernel', 'ACK', 'CLOSE-WAIT', 'FIN-WAIT-2'),
    ], [LISTENING, kernel('CLOSE-WAIT', 5000, 40000, { side: 'server', socket: 's2' }), kernel('FIN-WAIT-2', 40000, 5000, { side: 'client', socket: 's1' })]),
    step(8, 'server', 'close', [
      ...p('server', 'call', 'FIN, ACK', 'LAST-ACK', 'TIME-WAIT'),
      ...p('client', 'kernel', 'ACK', 'TIME-WAIT', 'CLOSED'),
    ], [LISTENING, kernel('TIME-WAIT', 40000, 5000, { side: 'client', socket: 's1' }, 60)]),
    step(9, 'client', 'close', [], [LISTENING, kernel('TIME-WAIT', 40000, 5000, undefined, 59.9)]),
  ];
}

const CONNECTION = { client: CLIENT, server: SERVER };
const kernelStates = (steps: LabStepView[]) => layoutLabLadder(steps, CONNECTION, 600).kernel.map((k) => `${k.step} ${k.side} ${k.state}${k.agrees ? '' : ' (kernel only)'}`);

test("after listen() the server's timeline shows the kernel's LISTEN, though no packet was sent", () => {
  const layout = layoutLabLadder(tcpScenario().slice(0, 3), { client: '', server: SERVER }, 600);
  assert.equal(layout.ladder.arrows.length, 0);
  assert.equal(layout.kernel.length, 1);
  const [listen] = layout.kernel;
  assert.deepEqual([listen.step, listen.side, listen.state, listen.agrees], [3, 'b', 'LISTEN', false], 'no packet says LISTEN: only the kernel knows');
  assert.ok(listen.x > layout.ladder.laneB, "beside the server's timeline, outside it");
  assert.equal(listen.caption, 'kernel');
  assert.ok(listen.y >= layout.steps[2].rowY && listen.y + listen.height <= layout.steps[2].rowY + ROW_HEIGHT, "on listen()'s line");
});

test("each step's packets are arrows above its own line, named by the call or the kernel that sent them", () => {
  const layout = layoutLabLadder(tcpScenario(), CONNECTION, 600);
  const { arrows } = layout.ladder;
  assert.deepEqual(arrows.map((a) => `${a.direction} ${a.flags}`), ['AtoB SYN', 'BtoA SYN, ACK', 'AtoB ACK', 'AtoB FIN, ACK', 'BtoA ACK', 'BtoA FIN, ACK', 'AtoB ACK']);
  assert.deepEqual(layout.causes.map((c) => c.text), ['connect()', "server's kernel", 'connect()', 'shutdown()', "server's kernel", 'close()', "client's kernel"]);
  // A step's line follows its packets: connect()'s three arrows, then its line; accept() next.
  const line = (index: number) => layout.steps.find((s) => s.step === index)!;
  assert.ok(arrows[2].rowY < line(5).rowY && line(5).rowY < line(6).rowY);
  assert.ok(line(4).rowY < arrows[0].rowY);
  assert.equal(line(5).rowY - arrows[2].rowY, ROW_HEIGHT);
  // The call is written on its caller's timeline.
  assert.ok(line(5).x > layout.ladder.laneA && line(5).x < layout.ladder.laneB && line(5).anchor === 'start');
  assert.equal(line(6).anchor, 'end');
  assert.equal(line(6).text, '6 accept()');
  assert.equal(layout.steps.length, 9);
  assert.equal(layout.height, (9 + 7) * ROW_HEIGHT + 16);
});

test("the kernel's states are written where they change, and agree with the packets' once packets say the same", () => {
  assert.deepEqual(kernelStates(tcpScenario()), [
    '3 b LISTEN (kernel only)',
    '5 a ESTABLISHED',
    // The connection waiting for accept() is the server's side of it: established, in the kernel only.
    '5 b ESTABLISHED',
    '7 a FIN-WAIT-2',
    '7 b CLOSE-WAIT',
    '8 a TIME-WAIT',
    // The server's side of the connection is gone: CLOSED, though the server still listens.
    '8 b CLOSED',
  ]);
});

test('the active closer ends in TIME-WAIT, inferred from the packets and reported by the kernel with its timer', () => {
  const layout = layoutLabLadder(tcpScenario(), CONNECTION, 600);
  assert.ok(layout.ladder.states.some((s) => s.side === 'a' && s.text === 'TIME-WAIT'), 'inferred from the last ACK');
  const timeWait = layout.kernel.find((k) => k.state === 'TIME-WAIT')!;
  assert.equal(timeWait.side, 'a');
  assert.ok(timeWait.agrees);
  assert.deepEqual(timeWait.timeWait, { seconds: 60, readAt: 1_000_000 });
  assert.equal(timeWait.caption, 'kernel: 60 s left');
  assert.ok(timeWait.x + timeWait.width < layout.ladder.laneA, "beside the client's timeline");
  assert.ok(!layout.kernel.some((k) => k.side === 'b' && k.state === 'TIME-WAIT'));
});

test('without packets (no capture) the kernel states still show after each step', () => {
  const steps = tcpScenario(false);
  assert.deepEqual(labConnections(steps, PORT), [CONNECTION], 'the connection is found in the kernel tables');
  const layout = layoutLabLadder(steps, CONNECTION, 600);
  assert.equal(layout.ladder.arrows.length, 0);
  assert.deepEqual(kernelStates(steps), ['3 b LISTEN (kernel only)', '5 a ESTABLISHED (kernel only)', '5 b ESTABLISHED (kernel only)', '7 a FIN-WAIT-2 (kernel only)', '7 b CLOSE-WAIT (kernel only)', '8 a TIME-WAIT (kernel only)', '8 b CLOSED (kernel only)']);
});

test("the lab's connections: the server alone until one is made, then each in the order made, and a ladder shows only its own", () => {
  const steps = tcpScenario();
  assert.deepEqual(labConnections(steps.slice(0, 4), PORT), [{ client: '', server: SERVER }]);
  const second = '127.0.0.1:40002';
  number = 100;
  steps.push(step(10, 'client', 'connect', [packet('client', 'call', 'SYN', 'SYN-SENT', 'SYN-RECEIVED', [second, SERVER])], [LISTENING]));
  assert.deepEqual(labConnections(steps, PORT), [CONNECTION, { client: second, server: SERVER }]);
  assert.equal(layoutLabLadder(steps, CONNECTION, 600).ladder.arrows.length, 7);
  assert.deepEqual(layoutLabLadder(steps, { client: second, server: SERVER }, 600).ladder.arrows.map((a) => a.number), [101]);
});

test('a failed call names its errno on its line', () => {
  const layout = layoutLabLadder([step(1, 'client', 'connect', [], [], false)], { client: '', server: SERVER }, 600);
  assert.equal(layout.steps[0].text, '1 connect() ECONNREFUSED');
  assert.equal(layout.steps[0].ok, false);
});
