// The Socket Lab through the service, as the UI drives it (Electron IPC and browser mode carry the
// same requests): a scenario performed call by call, calls of the student's own, a side blocked in
// accept() until the other side connects, and the lab kept to its own ports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { LabView } from '../../electron/service/contract.js';

test('lab.next performs the scenario one call at a time, each answered with its step, and says when it is complete', async () => {
  const service = new LayerscopeService();
  const pushed: LabView[] = [];
  service.onEvent((name, payload) => name === 'lab.changed' && pushed.push(payload as LabView));
  try {
    let view = await service.handle('lab.open', { scenario: 'refused' }) as LabView;
    assert.deepEqual([view.scenario, view.steps.length, view.next], ['refused', 0, { side: 'client', call: 'socket' }]);
    const seen: string[] = [];
    while (view.next) {
      view = (await service.handle('lab.next', {})) as LabView;
      const step = view.steps.at(-1)!;
      seen.push(`${step.python} = ${step.pythonResult}`);
    }
    assert.equal(seen.length, 6);
    assert.match(seen[1], /^client\.connect\(\('127\.0\.0\.1', \d+\)\) = ConnectionRefusedError: \[Errno 111\]/);
    assert.match(seen[4], /^result = client2\.connect_ex\(\('127\.0\.0\.1', \d+\)\) = 111$/);
    const refused = view.steps[1];
    assert.equal(refused.error, 'ECONNREFUSED');
    assert.match(refused.sentence, /ECONNREFUSED/);
    assert.deepEqual(refused.packets.map((p) => p.tcpFlags.join('+')), ['SYN', 'RST+ACK']);
    await assert.rejects(service.handle('lab.next', {}), /complete/);
    // Every call was pushed when it began (running) and when it returned.
    assert.ok(pushed.some((v) => v.running.length === 1 && v.running[0].call === 'connect'));
  } finally {
    await service.close();
  }
});

test('a server blocked in accept() makes no other call until a client connects; then accept() returns the connection', async () => {
  const service = new LayerscopeService();
  try {
    const { port } = (await service.handle('lab.open', { scenario: 'tcp' })) as LabView;
    const server = (call: object) => service.handle('lab.call', { side: 'server', call });
    const client = (call: object) => service.handle('lab.call', { side: 'client', call });
    await server({ call: 'socket', type: 'SOCK_STREAM' });
    const early = (await server({ call: 'accept', socket: 's1' })) as LabView;
    assert.equal(early.steps.at(-1)!.error, 'EINVAL', 'accept() before listen() fails');
    assert.equal(early.steps.at(-1)!.explanation.id, 'lab.accept.notListening');
    await server({ call: 'bind', socket: 's1', host: '127.0.0.1', port });
    await server({ call: 'listen', socket: 's1', backlog: 1 });

    const accepting = server({ call: 'accept', socket: 's1' });
    await new Promise((r) => setTimeout(r, 200));
    await assert.rejects(server({ call: 'close', socket: 's1' }), /still inside accept\(\)/);
    await client({ call: 'socket', type: 'SOCK_STREAM' });
    await client({ call: 'connect', socket: 's1', host: '127.0.0.1', port });
    const accepted = (await accepting) as LabView;
    const step = accepted.steps.find((s) => s.side === 'server' && s.call.call === 'accept' && s.ok)!;
    assert.match(step.python, /^conn, addr = server\.accept\(\)$/);
    // accept() has returned: the server makes calls again.
    const closed = (await server({ call: 'close', socket: 's2' })) as LabView;
    assert.ok(closed.steps.at(-1)!.ok);
  } finally {
    await service.close();
  }
});

test('the lab talks only to its own ports on loopback', async () => {
  const service = new LayerscopeService();
  try {
    const { port } = (await service.handle('lab.open', { scenario: 'udp' })) as LabView;
    await service.handle('lab.call', { side: 'client', call: { call: 'socket', type: 'SOCK_DGRAM' } });
    const other = port === 65535 ? port - 1 : port + 1;
    await assert.rejects(service.handle('lab.call', { side: 'client', call: { call: 'sendto', socket: 's1', text: 'x', host: '127.0.0.1', port: other } }), /not one of the lab's/);
    await assert.rejects(service.handle('lab.call', { side: 'client', call: { call: 'sendto', socket: 's1', text: 'x', host: '10.0.0.1', port } }), /"host" must be one of/);
    const view = (await service.handle('lab.call', { side: 'client', call: { call: 'sendto', socket: 's1', text: 'x', host: '127.0.0.1', port } })) as LabView;
    assert.ok(view.steps.at(-1)!.ok);
  } finally {
    await service.close();
  }
});
