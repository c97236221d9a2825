// Follow Stream through the service, as the page asks for it: a conversation's data each way in
// order, the same pieces `layerscope follow` prints (and tshark's follow), with the bytes each
// way counted; ignored packets left out; wrong parameters refused before anything is read.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { FollowedStreamView } from '../../electron/service/contract.js';

const FOLLOW = fileURLToPath(new URL('../fixtures/packets/follow-tcp.pcap', import.meta.url));

async function opened(file: string) {
  const service = new LayerscopeService();
  await service.request('file.open', { path: file });
  await service.whenLoaded();
  return service;
}

/** tshark's raw follow lines: one hex line per piece, node 1's after a tab. */
function tsharkPieces(stream: number): string[] {
  const out = spawnSync('tshark', ['-n', '-r', FOLLOW, '-q', '-z', `follow,tcp,raw,${stream}`], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
}

test('a TCP conversation followed: its pieces in order each way, as tshark follows it', async () => {
  const service = await opened(FOLLOW);
  try {
    const view = (await service.handle('stream.follow', { protocol: 'tcp', stream: 0 })) as FollowedStreamView;
    assert.deepEqual(view.nodes, ['192.0.2.1:40000', '192.0.2.2:7']);
    assert.deepEqual(view.chunks.map((c) => (c.fromSecond ? '\t' : '') + c.hex), tsharkPieces(0));
    assert.equal(Buffer.from(view.chunks[0].hex, 'hex').toString(), 'first part\r\n');
    assert.equal(view.chunks[0].packet, 4);
    assert.deepEqual(view.bytes, [view.chunks.filter((c) => !c.fromSecond).reduce((n, c) => n + c.hex.length / 2, 0), 20]);
    assert.equal(view.truncated, false);
    // A stream nobody has: no nodes, nothing to show.
    const none = (await service.handle('stream.follow', { protocol: 'udp', stream: 7 })) as FollowedStreamView;
    assert.deepEqual([none.nodes, none.chunks.length], [null, 0]);
  } finally {
    await service.close();
  }
});

test('an ignored packet is left out of the stream it belonged to', async () => {
  const service = await opened(FOLLOW);
  try {
    await service.handle('packets.ignore', { numbers: [4], ignored: true });
    const view = (await service.handle('stream.follow', { protocol: 'tcp', stream: 0 })) as FollowedStreamView;
    assert.ok(!view.chunks.some((c) => c.packet === 4));
    assert.notEqual(Buffer.from(view.chunks[0].hex, 'hex').toString(), 'first part\r\n');
  } finally {
    await service.close();
  }
});

test('wrong parameters are refused, saying which', async () => {
  const service = await opened(FOLLOW);
  try {
    await assert.rejects(service.handle('stream.follow', { protocol: 'sctp', stream: 0 }), /protocol/);
    await assert.rejects(service.handle('stream.follow', { protocol: 'tcp', stream: -1 }), /stream/);
    await assert.rejects(service.handle('stream.follow', { protocol: 'tcp', stream: 1.5 }), /stream/);
    await assert.rejects(service.handle('stream.follow', { protocol: 'tcp', stream: 0, path: '/etc/passwd' }), /path/);
  } finally {
    await service.close();
  }
});
