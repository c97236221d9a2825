// What each side of the Socket Lab holds, worked out from the steps so far: its sockets by handle,
// each one's kind and where it is in its life (created, bound, listening, connected, closed), and
// the calls a course would make next on it. Other calls stay possible: the kernel's real error is
// the lesson then.

import type { LabCallName, LabSideName, LabStepView } from '../../../electron/service/contract.js';

export type LabSocketPhase = 'created' | 'bound' | 'listening' | 'connected' | 'half-closed' | 'closed';

export interface LabSocket {
  handle: string;
  kind: 'SOCK_STREAM' | 'SOCK_DGRAM';
  phase: LabSocketPhase;
}

/** The sockets `side` has made, in the order it made them. */
export function labSockets(steps: readonly LabStepView[], side: LabSideName): LabSocket[] {
  const sockets = new Map<string, LabSocket>();
  for (const step of steps) {
    if (step.side !== side || !step.ok) continue;
    const { call } = step;
    if (call.call === 'socket' || call.call === 'accept') {
      const handle = step.made;
      if (handle) sockets.set(handle, { handle, kind: call.call === 'accept' ? 'SOCK_STREAM' : (call.type ?? 'SOCK_STREAM'), phase: call.call === 'accept' ? 'connected' : 'created' });
      continue;
    }
    const socket = call.socket ? sockets.get(call.socket) : undefined;
    if (!socket) continue;
    if (call.call === 'bind' && socket.phase === 'created') socket.phase = 'bound';
    else if (call.call === 'listen') socket.phase = 'listening';
    else if (call.call === 'connect' || (call.call === 'connect_ex' && step.pythonResult === '0')) socket.phase = 'connected';
    else if (call.call === 'shutdown') socket.phase = 'half-closed';
    else if (call.call === 'close') socket.phase = 'closed';
  }
  return [...sockets.values()];
}

/** The calls a course makes next on a socket in `phase` (first the likeliest). */
export function suggestedCalls(socket: LabSocket): LabCallName[] {
  const stream = socket.kind === 'SOCK_STREAM';
  switch (socket.phase) {
    case 'created':
      return stream ? ['bind', 'connect', 'connect_ex', 'setsockopt', 'close'] : ['bind', 'sendto', 'connect', 'close'];
    case 'bound':
      return stream ? ['listen', 'connect', 'close'] : ['recvfrom', 'sendto', 'connect', 'close'];
    case 'listening':
      return ['accept', 'close'];
    case 'connected':
      return stream ? ['send', 'recv', 'shutdown', 'settimeout', 'close'] : ['send', 'recv', 'close'];
    case 'half-closed':
      return ['recv', 'close'];
    case 'closed':
      return [];
  }
}
