// The Socket Lab reads the kernel's socket tables as `ss` shows them: addresses in the host's byte
// order turned into dotted and IPv6 text, RFC 9293 state names, queues, and the TIME-WAIT timer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKernelSocketTable } from '../../electron/lab/kernel-sockets.js';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

test('an IPv4 listening socket with one connection waiting for accept(), and a TIME-WAIT with 60 s left', () => {
  const sockets = parseKernelSocketTable(
    HEADER +
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0\n' +
      '   1: 0100007F:9C40 0100007F:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000\n',
    'tcp',
  );
  assert.deepEqual(sockets[0], { protocol: 'tcp', state: 'LISTEN', localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0, recvQ: 1, sendQ: 0, inode: 12345 });
  assert.equal(sockets[1].state, 'TIME-WAIT');
  assert.deepEqual([sockets[1].localPort, sockets[1].remotePort, sockets[1].inode, sockets[1].timeWaitSeconds], [40000, 8080, 0, 60]);
});

test('IPv6 addresses are shortened as ss writes them, IPv4-mapped ones included', () => {
  const [loopback, linkLocal, mapped] = parseKernelSocketTable(
    HEADER +
      '   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n' +
      '   1: 000080FE000000000000000001000000:0035 00000000000000000000000000000000:0000 01 00000005:00000000 00:00000000 00000000     0        0 2 1\n' +
      '   2: 0000000000000000FFFF00000100007F:0035 00000000000000000000000000000000:0000 08 00000000:00000003 00:00000000 00000000     0        0 3 1\n',
    'tcp',
  );
  assert.equal(loopback.localAddress, '::1');
  assert.equal(remoteOf(loopback), ':::0');
  assert.deepEqual([linkLocal.localAddress, linkLocal.state, linkLocal.sendQ], ['fe80::1', 'ESTABLISHED', 5]);
  assert.deepEqual([mapped.localAddress, mapped.state, mapped.recvQ], ['::ffff:127.0.0.1', 'CLOSE-WAIT', 3]);
});

test('UDP sockets are unconnected or connected, as ss says', () => {
  const [bound, connected] = parseKernelSocketTable(
    HEADER +
      '  10: 0100007F:1388 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 7 2\n' +
      '  11: 0100007F:C350 0100007F:1388 01 00000000:00000000 00:00000000 00000000     0        0 8 2\n',
    'udp',
  );
  assert.deepEqual([bound.state, bound.localPort], ['UNCONNECTED', 5000]);
  assert.deepEqual([connected.state, connected.remotePort], ['CONNECTED', 5000]);
});

function remoteOf(s: { remoteAddress: string; remotePort: number }) {
  return `${s.remoteAddress}:${s.remotePort}`;
}
