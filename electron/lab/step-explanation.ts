// Chooses the one sentence the Socket Lab says after a step: from the call, its real outcome, the
// packets seen on the wire and the kernel's sockets afterwards (not from what the step was meant to
// do), so a student is told what really happened.

import type { LabMessage, LabMessageId } from './lab-messages.js';
import type { LabStep } from './socket-lab.js';

export interface StepContext {
  /** The server's port. */
  port: number;
  /** The socket the call was made on: a stream (TCP) or a datagram (UDP) socket. */
  socketType: 'SOCK_STREAM' | 'SOCK_DGRAM';
  /** The local and remote ports of the socket the call was made on, as far as it has them. */
  localPort?: number;
  remotePort?: number;
  /** Whether that socket is a listening one. */
  listening: boolean;
}

const message = (id: LabMessageId, params: LabMessage['params'] = {}): LabMessage => ({ id, params });

type Step = Pick<LabStep, 'side' | 'call' | 'outcome' | 'packets' | 'kernel'>;

export function explainStep(step: Step, context: StepContext): LabMessage {
  const { call, outcome } = step;
  const name = call.call;
  const value = (outcome.ok ? outcome.value : undefined) as Record<string, unknown> | number | null | undefined;
  const sent = (flag: string) => step.packets.some((p) => p.sender === step.side && p.tcpFlags.includes(flag));
  const udp = context.socketType === 'SOCK_DGRAM';

  if (!outcome.ok) {
    if (outcome.timeout) return message('lab.recv.timeout');
    const code = outcome.code ?? '';
    if (name === 'bind' && code === 'EADDRINUSE') {
      const waiting = step.kernel.find((k) => k.state === 'TIME-WAIT' && k.localPort === Number(call.port));
      return waiting
        ? message('lab.bind.addrinuse.timeWait', { port: Number(call.port), seconds: Math.round(waiting.timeWaitSeconds ?? 0) })
        : message('lab.bind.addrinuse', { port: Number(call.port) });
    }
    if (name === 'accept' && code === 'EINVAL') return message('lab.accept.notListening');
    if (name === 'connect' && code === 'ECONNREFUSED') return message('lab.connect.refused', { port: Number(call.port) });
    if ((name === 'send' || name === 'sendall' || name === 'sendto') && code === 'ECONNREFUSED') return message('lab.send.refused', { call: name });
    if ((name === 'send' || name === 'sendall') && (code === 'ECONNRESET' || code === 'EPIPE')) return message('lab.send.reset', { call: name, code });
    if ((name === 'recv' || name === 'recvfrom') && code === 'ECONNREFUSED') return message('lab.recv.refused');
    if ((name === 'recv' || name === 'recvfrom') && code === 'ECONNRESET') return message('lab.recv.reset', { code });
    if ((name === 'recv' || name === 'recvfrom') && (code === 'EAGAIN' || code === 'EWOULDBLOCK')) return message('lab.recv.wouldBlock', { code });
    return message('lab.failed', { call: name, code: code || 'an error', message: outcome.message ?? '' });
  }

  const object = value && typeof value === 'object' ? value : {};
  switch (name) {
    case 'socket':
      return message('lab.socket', { fd: Number(object.fd) });
    case 'setsockopt':
      return call.option === 'SO_LINGER' ? message('lab.setsockopt.linger', { seconds: Number(call.value ?? 0) }) : message('lab.setsockopt.reuseaddr');
    case 'bind': {
      const local = object.local as [string, number] | undefined;
      return message('lab.bind', { address: local?.[0] ?? String(call.host), port: local?.[1] ?? Number(call.port) });
    }
    case 'listen':
      return message('lab.listen', { backlog: Number(call.backlog ?? 1) });
    case 'accept': {
      const peer = object.peer as [string, number];
      return message('lab.accept', { peer: `${peer[0]}:${peer[1]}` });
    }
    case 'connect': {
      if (udp) return message('lab.connect.udp');
      const local = (object.local as [string, number] | undefined)?.[1];
      const queued = step.kernel.some((k) => k.state === 'ESTABLISHED' && k.localPort === Number(call.port) && k.remotePort === local && !k.owner);
      return message(queued ? 'lab.connect.tcp.queued' : 'lab.connect.tcp');
    }
    case 'connect_ex': {
      const result = object as { result: number; code: string };
      return result.result === 0 ? message('lab.connectEx.ok') : message('lab.connectEx.refused', { result: result.result, code: result.code });
    }
    case 'send':
    case 'sendall': {
      const count = typeof value === 'number' ? value : Buffer.from(String(call.text ?? ''), 'utf8').length || Buffer.from(String(call.base64 ?? ''), 'base64').length;
      return message(udp ? 'lab.send.udp' : 'lab.send', { call: name, count });
    }
    case 'sendto':
      return message('lab.sendto', { count: Number(value), address: String(call.host ?? '127.0.0.1'), port: Number(call.port) });
    case 'recv': {
      const length = Number(object.length);
      if (length === 0 && !udp) return message('lab.recv.eof');
      const mine = context.localPort !== undefined ? step.kernel.find((k) => k.owner?.side === step.side && k.localPort === context.localPort && k.protocol === 'tcp' && k.state !== 'LISTEN') : undefined;
      const left = mine ? mine.recvQ - (mine.state === 'CLOSE-WAIT' ? 1 : 0) : 0;
      return left > 0 && !udp
        ? message('lab.recv.partial', { bufsize: Number(call.bufsize ?? 1024), length, left })
        : message('lab.recv', { bufsize: Number(call.bufsize ?? 1024), length });
    }
    case 'recvfrom': {
      const peer = object.peer as [string, number];
      return message('lab.recvfrom', { length: Number(object.length), peer: `${peer[0]}:${peer[1]}` });
    }
    case 'shutdown':
      return message(call.how === 'SHUT_WR' ? 'lab.shutdown.wr' : call.how === 'SHUT_RD' ? 'lab.shutdown.rd' : 'lab.shutdown.rdwr');
    case 'settimeout':
      if (call.seconds === null || call.seconds === undefined) return message('lab.settimeout.blocking');
      if (Number(call.seconds) === 0) return message('lab.settimeout.nonBlocking');
      return message('lab.settimeout', { seconds: Number(call.seconds) });
    case 'setblocking':
      return message(call.flag === false ? 'lab.settimeout.nonBlocking' : 'lab.settimeout.blocking');
    case 'close': {
      if (udp) return message('lab.close.udp');
      if (sent('RST')) return message('lab.close.reset');
      if (context.listening) return message('lab.close.listening');
      const connection = (k: LabStep['kernel'][number]) => k.localPort === context.localPort && k.remotePort === context.remotePort;
      const waiting = step.kernel.find((k) => connection(k) && k.state === 'TIME-WAIT');
      if (waiting) return message(sent('FIN') ? 'lab.close.timeWait' : 'lab.close.alreadyTimeWait', { seconds: Math.round(waiting.timeWaitSeconds ?? 0) });
      if (!sent('FIN')) return message('lab.close.quiet');
      // Closing after the peer's FIN (CLOSE-WAIT) leads to LAST-ACK, then nothing: no TIME-WAIT here.
      const stillClosing = step.kernel.some((k) => connection(k) && (k.state === 'FIN-WAIT-1' || k.state === 'FIN-WAIT-2' || k.state === 'CLOSING'));
      return message(stillClosing ? 'lab.close.fin' : 'lab.close.afterPeer');
    }
    default:
      return message('lab.done', { call: name });
  }
}
