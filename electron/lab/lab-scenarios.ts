// The Socket Lab's scenarios: the exchanges a course walks through, as the calls each side makes in
// order. Sockets are named by the handles each side gives them in order (s1, s2, …: accept()'s
// socket is the next one). A call's arguments may depend on what an earlier step returned (the
// peer address a UDP server answers to): those are filled in when its turn comes.

import type { LabCall } from './lab-side.js';
import type { LabSideName, LabStep } from './socket-lab.js';

export interface PlannedCall {
  side: LabSideName;
  call: LabCall;
  /** Arguments known only from the steps before (added to `call` when its turn comes). */
  complete?: (done: readonly LabStep[]) => Partial<LabCall>;
}

/** The call to make now for `planned`, after the steps `done`. */
export function callOf(planned: PlannedCall, done: readonly LabStep[]): LabCall {
  return planned.complete ? { ...planned.call, ...planned.complete(done) } : planned.call;
}

export interface LabScenario {
  name: 'tcp' | 'reuse' | 'refused' | 'reset' | 'udp' | 'timeout';
  /** The calls of both sides, in the order a student performs them. */
  plan(port: number): PlannedCall[];
}

const HOST = '127.0.0.1';
const server = (call: LabCall, complete?: PlannedCall['complete']): PlannedCall => ({ side: 'server', call, complete });
const client = (call: LabCall): PlannedCall => ({ side: 'client', call });

/** A listening TCP server on `port` and a client connected to it, accepted as the server's s2. */
function connectedPair(port: number, reuse: boolean): PlannedCall[] {
  return [
    server({ call: 'socket', type: 'SOCK_STREAM' }),
    ...(reuse ? [server({ call: 'setsockopt', socket: 's1', option: 'SO_REUSEADDR', value: 1 })] : []),
    server({ call: 'bind', socket: 's1', host: HOST, port }),
    server({ call: 'listen', socket: 's1', backlog: 1 }),
    client({ call: 'socket', type: 'SOCK_STREAM' }),
    client({ call: 'connect', socket: 's1', host: HOST, port }),
    server({ call: 'accept', socket: 's1' }),
  ];
}

/** The address the last recvfrom() on `side` got its datagram from. */
function lastPeer(done: readonly LabStep[], side: LabSideName): [string, number] {
  for (let i = done.length - 1; i >= 0; i--) {
    const step = done[i];
    if (step.side === side && step.call.call === 'recvfrom' && step.outcome.ok) return (step.outcome.value as { peer: [string, number] }).peer;
  }
  throw new Error(`the ${side} has received no datagram to answer`);
}

export const LAB_SCENARIOS: readonly LabScenario[] = [
  {
    // An echo exchange and an orderly close: partial reads, EOF, and who ends in TIME-WAIT.
    name: 'tcp',
    plan: (port) => [
      ...connectedPair(port, true),
      client({ call: 'send', socket: 's1', text: 'hello' }),
      server({ call: 'recv', socket: 's2', bufsize: 3 }),
      server({ call: 'recv', socket: 's2', bufsize: 1024 }),
      server({ call: 'send', socket: 's2', text: 'hello' }),
      client({ call: 'recv', socket: 's1', bufsize: 1024 }),
      client({ call: 'shutdown', socket: 's1', how: 'SHUT_WR' }),
      server({ call: 'recv', socket: 's2', bufsize: 1024 }),
      server({ call: 'close', socket: 's2' }),
      client({ call: 'close', socket: 's1' }),
      server({ call: 'close', socket: 's1' }),
    ],
  },
  {
    // The server closes first, so its side of the connection waits in TIME-WAIT and holds the
    // port: a restarted server's bind() fails with EADDRINUSE unless it sets SO_REUSEADDR (as the
    // first one did: Linux lets a port be shared only when both sockets asked for it).
    name: 'reuse',
    plan: (port) => [
      ...connectedPair(port, true),
      server({ call: 'close', socket: 's2' }),
      client({ call: 'recv', socket: 's1', bufsize: 1024 }),
      client({ call: 'close', socket: 's1' }),
      server({ call: 'close', socket: 's1' }),
      server({ call: 'socket', type: 'SOCK_STREAM' }),
      server({ call: 'bind', socket: 's3', host: HOST, port }),
      server({ call: 'setsockopt', socket: 's3', option: 'SO_REUSEADDR', value: 1 }),
      server({ call: 'bind', socket: 's3', host: HOST, port }),
      server({ call: 'listen', socket: 's3', backlog: 1 }),
      server({ call: 'close', socket: 's3' }),
    ],
  },
  {
    // Nothing listens: the SYN is answered by a RST. connect() raises, connect_ex() returns the errno.
    name: 'refused',
    plan: (port) => [
      client({ call: 'socket', type: 'SOCK_STREAM' }),
      client({ call: 'connect', socket: 's1', host: HOST, port }),
      client({ call: 'close', socket: 's1' }),
      client({ call: 'socket', type: 'SOCK_STREAM' }),
      client({ call: 'connect_ex', socket: 's2', host: HOST, port }),
      client({ call: 'close', socket: 's2' }),
    ],
  },
  {
    // Abortive closes: closing with unread data, and SO_LINGER 0, send RST instead of FIN.
    name: 'reset',
    plan: (port) => [
      ...connectedPair(port, true),
      client({ call: 'send', socket: 's1', text: 'never read' }),
      server({ call: 'close', socket: 's2' }),
      client({ call: 'recv', socket: 's1', bufsize: 1024 }),
      client({ call: 'close', socket: 's1' }),
      client({ call: 'socket', type: 'SOCK_STREAM' }),
      client({ call: 'connect', socket: 's2', host: HOST, port }),
      server({ call: 'accept', socket: 's1' }),
      client({ call: 'setsockopt', socket: 's2', option: 'SO_LINGER', value: 0 }),
      client({ call: 'close', socket: 's2' }),
      server({ call: 'recv', socket: 's3', bufsize: 1024 }),
      server({ call: 'close', socket: 's3' }),
      server({ call: 'close', socket: 's1' }),
    ],
  },
  {
    // Datagrams: no handshake, boundaries kept; a connected UDP socket hears of an ICMP port
    // unreachable on its next call.
    name: 'udp',
    plan: (port) => [
      server({ call: 'socket', type: 'SOCK_DGRAM' }),
      server({ call: 'bind', socket: 's1', host: HOST, port }),
      client({ call: 'socket', type: 'SOCK_DGRAM' }),
      client({ call: 'sendto', socket: 's1', text: 'ping', host: HOST, port }),
      server({ call: 'recvfrom', socket: 's1', bufsize: 1024 }),
      server({ call: 'sendto', socket: 's1', text: 'pong' }, (done) => {
        const [host, port] = lastPeer(done, 'server');
        return { host, port };
      }),
      client({ call: 'recvfrom', socket: 's1', bufsize: 1024 }),
      client({ call: 'sendto', socket: 's1', text: 'one', host: HOST, port }),
      client({ call: 'sendto', socket: 's1', text: 'two', host: HOST, port }),
      server({ call: 'recvfrom', socket: 's1', bufsize: 1024 }),
      server({ call: 'recvfrom', socket: 's1', bufsize: 1024 }),
      client({ call: 'connect', socket: 's1', host: HOST, port }),
      server({ call: 'close', socket: 's1' }),
      client({ call: 'send', socket: 's1', text: 'anyone?' }),
      client({ call: 'send', socket: 's1', text: 'hello?' }),
      client({ call: 'close', socket: 's1' }),
    ],
  },
  {
    // A recv() that times out, then the same socket non-blocking, then blocking again.
    name: 'timeout',
    plan: (port) => [
      ...connectedPair(port, true),
      server({ call: 'settimeout', socket: 's2', seconds: 1 }),
      server({ call: 'recv', socket: 's2', bufsize: 1024 }),
      server({ call: 'settimeout', socket: 's2', seconds: 0 }),
      server({ call: 'recv', socket: 's2', bufsize: 1024 }),
      client({ call: 'send', socket: 's1', text: 'late' }),
      server({ call: 'settimeout', socket: 's2', seconds: null }),
      server({ call: 'recv', socket: 's2', bufsize: 1024 }),
      client({ call: 'close', socket: 's1' }),
      server({ call: 'close', socket: 's2' }),
      server({ call: 'close', socket: 's1' }),
    ],
  },
];

export function findScenario(name: string): LabScenario | undefined {
  return LAB_SCENARIOS.find((s) => s.name === name);
}

/** Performs `scenario` step by step on `lab`; `onStep` sees each step as it completes. */
export async function performScenario(lab: { port: number; steps: readonly LabStep[]; perform(side: LabSideName, call: LabCall): Promise<LabStep> }, scenario: LabScenario, onStep?: (step: LabStep) => void): Promise<void> {
  for (const planned of scenario.plan(lab.port)) {
    const step = await lab.perform(planned.side, callOf(planned, lab.steps));
    onStep?.(step);
  }
}
