// Each lab call written the way the course writes it: Python's `socket` module first, the C call
// beside it, each with what it returned (a value, or the exception / errno). Sockets get the names
// a lecture gives them: `server`, `client`, and `conn` for what accept() returns.

import type { CallOutcome, LabCall } from './lab-side.js';

export interface CallCode {
  python: string;
  c: string;
  /** What the call returned, as Python shows it (`5`, `b'hel'`, `ConnectionRefusedError: [Errno 111] …`). */
  pythonResult: string;
  /** What the C call returned (`0`, `-1 (errno ECONNREFUSED)`). */
  cResult: string;
}

/** The Python exception each errno becomes (Python 3's OSError subclasses). */
const PYTHON_EXCEPTIONS: Record<string, string> = {
  ECONNREFUSED: 'ConnectionRefusedError',
  ECONNRESET: 'ConnectionResetError',
  ECONNABORTED: 'ConnectionAbortedError',
  EPIPE: 'BrokenPipeError',
  EAGAIN: 'BlockingIOError',
  EWOULDBLOCK: 'BlockingIOError',
  EINPROGRESS: 'BlockingIOError',
  ETIMEDOUT: 'TimeoutError',
};

function pyBytes(data: Buffer): string {
  let out = "b'";
  for (const byte of data) {
    if (byte === 0x27 || byte === 0x5c) out += '\\' + String.fromCharCode(byte);
    else if (byte === 0x0a) out += '\\n';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\x' + byte.toString(16).padStart(2, '0');
  }
  return out + "'";
}

function cString(data: Buffer): string {
  return JSON.stringify(data.toString('latin1'));
}

function payloadOf(call: LabCall): Buffer {
  if (typeof call.base64 === 'string') return Buffer.from(call.base64, 'base64');
  return Buffer.from(typeof call.text === 'string' ? call.text : '');
}

/** Names the lab's sockets as a lecture would, and writes each call in Python and C. */
export class CallCodeWriter {
  private readonly names = new Map<string, string>();
  private readonly used = new Set<string>();

  write(side: 'client' | 'server', call: LabCall, outcome: CallOutcome): CallCode {
    const value = (outcome.ok ? outcome.value : undefined) as Record<string, unknown> | number | null | undefined;
    const object = value && typeof value === 'object' ? value : undefined;
    const name = (handle: unknown) => this.names.get(`${side}:${handle}`) ?? String(handle);
    const target = `('${String(call.host ?? '127.0.0.1')}', ${Number(call.port ?? 0)})`;
    const cAddress = `(struct sockaddr *)&addr, sizeof addr`;
    let python: string;
    let c: string;
    switch (call.call) {
      case 'socket': {
        const variable = this.fresh(side, side, outcome.ok);
        if (object?.socket) this.names.set(`${side}:${object.socket}`, variable);
        const type = call.type === 'SOCK_DGRAM' ? 'SOCK_DGRAM' : 'SOCK_STREAM';
        const family = call.family === 'AF_INET6' ? 'AF_INET6' : 'AF_INET';
        python = `${variable} = socket.socket(socket.${family}, socket.${type})`;
        c = `int ${variable} = socket(${family}, ${type}, 0);`;
        break;
      }
      case 'setsockopt':
        if (call.option === 'SO_LINGER') {
          python = `${name(call.socket)}.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, ${Number(call.value ?? 0)}))`;
          c = `setsockopt(${name(call.socket)}, SOL_SOCKET, SO_LINGER, &(struct linger){1, ${Number(call.value ?? 0)}}, sizeof(struct linger));`;
        } else {
          python = `${name(call.socket)}.setsockopt(socket.SOL_SOCKET, socket.${String(call.option)}, 1)`;
          c = `setsockopt(${name(call.socket)}, SOL_SOCKET, ${String(call.option)}, &(int){1}, sizeof(int));`;
        }
        break;
      case 'bind':
        python = `${name(call.socket)}.bind(${target})`;
        c = `bind(${name(call.socket)}, ${cAddress});  /* ${call.host ?? '127.0.0.1'}:${call.port} */`;
        break;
      case 'listen':
        python = `${name(call.socket)}.listen(${Number(call.backlog ?? 1)})`;
        c = `listen(${name(call.socket)}, ${Number(call.backlog ?? 1)});`;
        break;
      case 'accept': {
        const variable = this.fresh(side, 'conn', outcome.ok);
        if (object?.socket) this.names.set(`${side}:${object.socket}`, variable);
        python = `${variable}, addr = ${name(call.socket)}.accept()`;
        c = `int ${variable} = accept(${name(call.socket)}, (struct sockaddr *)&peer, &peer_len);`;
        break;
      }
      case 'connect':
        python = `${name(call.socket)}.connect(${target})`;
        c = `connect(${name(call.socket)}, ${cAddress});  /* ${call.host ?? '127.0.0.1'}:${call.port} */`;
        break;
      case 'connect_ex':
        python = `result = ${name(call.socket)}.connect_ex(${target})`;
        c = `int result = connect(${name(call.socket)}, ${cAddress}) == 0 ? 0 : errno;`;
        break;
      case 'send':
      case 'sendall': {
        const data = payloadOf(call);
        python = `${name(call.socket)}.${call.call}(${pyBytes(data)})`;
        c = call.call === 'send' ? `send(${name(call.socket)}, ${cString(data)}, ${data.length}, 0);` : `/* send() in a loop until all ${data.length} bytes are sent */`;
        break;
      }
      case 'sendto': {
        const data = payloadOf(call);
        python = `${name(call.socket)}.sendto(${pyBytes(data)}, ${target})`;
        c = `sendto(${name(call.socket)}, ${cString(data)}, ${data.length}, 0, ${cAddress});`;
        break;
      }
      case 'recv':
        python = `data = ${name(call.socket)}.recv(${Number(call.bufsize ?? 1024)})`;
        c = `ssize_t n = recv(${name(call.socket)}, buf, ${Number(call.bufsize ?? 1024)}, 0);`;
        break;
      case 'recvfrom':
        python = `data, addr = ${name(call.socket)}.recvfrom(${Number(call.bufsize ?? 1024)})`;
        c = `ssize_t n = recvfrom(${name(call.socket)}, buf, ${Number(call.bufsize ?? 1024)}, 0, (struct sockaddr *)&peer, &peer_len);`;
        break;
      case 'shutdown':
        python = `${name(call.socket)}.shutdown(socket.${String(call.how)})`;
        c = `shutdown(${name(call.socket)}, ${String(call.how)});`;
        break;
      case 'settimeout': {
        const seconds = call.seconds === null || call.seconds === undefined ? null : Number(call.seconds);
        python = `${name(call.socket)}.settimeout(${seconds === null ? 'None' : seconds})`;
        c =
          seconds === 0
            ? `fcntl(${name(call.socket)}, F_SETFL, O_NONBLOCK);`
            : `setsockopt(${name(call.socket)}, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){${seconds ?? 0}, 0}, sizeof(struct timeval));`;
        break;
      }
      case 'setblocking':
        python = `${name(call.socket)}.setblocking(${call.flag === false ? 'False' : 'True'})`;
        c = `fcntl(${name(call.socket)}, F_SETFL, ${call.flag === false ? 'O_NONBLOCK' : '0'});`;
        break;
      case 'close':
        python = `${name(call.socket)}.close()`;
        c = `close(${name(call.socket)});`;
        break;
      default:
        python = `${name(call.socket)}.${call.call}()`;
        c = `${call.call}(${name(call.socket)});`;
    }
    return { python, c, ...this.results(call, outcome) };
  }

  private results(call: LabCall, outcome: CallOutcome): { pythonResult: string; cResult: string } {
    if (!outcome.ok) {
      if (outcome.timeout) return { pythonResult: 'TimeoutError: timed out', cResult: '-1 (errno EAGAIN: the receive timeout ran out)' };
      const code = outcome.code ?? 'error';
      const exception = PYTHON_EXCEPTIONS[code] ?? 'OSError';
      return { pythonResult: `${exception}: [Errno ${outcome.errno}] ${outcome.message ?? ''}`.trim(), cResult: `-1 (errno ${code})` };
    }
    const v = outcome.value as Record<string, unknown> | number | null;
    switch (call.call) {
      case 'socket':
        return { pythonResult: `<socket fd=${(v as Record<string, unknown>).fd}>`, cResult: String((v as Record<string, unknown>).fd) };
      case 'accept': {
        const peer = (v as { peer: [string, number] }).peer;
        return { pythonResult: `(<socket fd=${(v as Record<string, unknown>).fd}>, ('${peer[0]}', ${peer[1]}))`, cResult: String((v as Record<string, unknown>).fd) };
      }
      case 'connect_ex': {
        const r = v as { result: number; code: string };
        return { pythonResult: String(r.result), cResult: r.result === 0 ? '0' : `-1 (errno ${r.code})` };
      }
      case 'send':
      case 'sendto':
        return { pythonResult: String(v), cResult: String(v) };
      case 'recv':
      case 'recvfrom': {
        const r = v as { base64: string; length: number; peer?: [string, number] };
        const data = pyBytes(Buffer.from(r.base64, 'base64'));
        return { pythonResult: r.peer ? `(${data}, ('${r.peer[0]}', ${r.peer[1]}))` : data, cResult: String(r.length) };
      }
      default:
        return { pythonResult: 'None', cResult: '0' };
    }
  }

  /** The next unused name from `base` (server, server2, …); taken only by a call that made a socket. */
  private fresh(side: string, base: string, take: boolean): string {
    let candidate = base;
    for (let n = 2; this.used.has(`${side}:${candidate}`); n++) candidate = `${base}${n}`;
    if (take) this.used.add(`${side}:${candidate}`);
    return candidate;
  }
}
