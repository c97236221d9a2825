// The conversations the service indexes while it lists a capture, and the ladder windows it
// answers: numbers as `tshark -z conv,tcp` / `conv,udp` give them for the sample, directions told
// apart by port when both sides share an address (loopback), tunnelled and ICMP-quoted segments
// kept in their place, windows bounded, and errors that say what is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { ConversationIndex } from '../../electron/analysis/conversation-index.js';
import { summarizeFrame, type FrameInput } from '../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { ipFrame, tcpFrame, udpFrame } from './tcp-frame-builder.js';

async function sample(): Promise<LayerscopeService> {
  const service = new LayerscopeService();
  await service.request('sample.open', {});
  await service.whenLoaded();
  return service;
}

test('the sample\'s conversations equal tshark -z conv,tcp and conv,udp', async () => {
  const service = await sample();
  try {
    // tshark -r resources/sample.pcapng -q -z conv,tcp -z conv,udp
    assert.deepEqual(await service.handle('conversation.list', { type: 'tcp' }), {
      rows: [{ type: 'tcp', stream: 0, a: '192.0.2.10:40000', b: '198.51.100.20:80', framesAtoB: 6, bytesAtoB: 491, framesBtoA: 4, bytesBtoA: 430, start: 0.02041, duration: 0.063691 }],
      total: 1,
      start: 0,
    });
    const udp = (await service.handle('conversation.list', { type: 'udp' })) as { rows: { a: string; b: string; framesAtoB: number; bytesAtoB: number; bytesBtoA: number }[] };
    assert.deepEqual(udp.rows.map((c) => [c.a, c.b, c.framesAtoB, c.bytesAtoB, c.bytesBtoA]), [['192.0.2.10:53124', '198.51.100.53:53', 1, 71, 98]]);
  } finally {
    await service.close();
  }
});

test('a ladder window: the packets asked for, with flags, relative numbers and directions; the handshake and teardown', async () => {
  const service = await sample();
  try {
    const whole = await service.request('conversation.ladder', { stream: 0 });
    assert.equal(whole.total, 10);
    assert.deepEqual(whole.packets.map((p) => `${p.number} ${p.direction} ${p.flags} ${p.seq}/${p.ack ?? '-'}/${p.len}`), [
      '5 AtoB SYN 0/-/0',
      '6 BtoA SYN, ACK 0/1/0',
      '7 AtoB ACK 1/1/0',
      '8 AtoB PSH, ACK 1/1/87',
      '9 BtoA ACK 1/88/0',
      '10 BtoA PSH, ACK 1/88/158',
      '11 AtoB ACK 88/159/0',
      '12 AtoB FIN, ACK 88/159/0',
      '13 BtoA FIN, ACK 159/89/0',
      '14 AtoB ACK 89/160/0',
    ]);
    assert.equal(whole.packets[0].time, 0);
    assert.ok(Math.abs(whole.packets[9].time - 0.063691) < 1e-9);
    assert.deepEqual(whole.handshake, { first: 0, last: 2 });
    assert.deepEqual(whole.teardown, { first: 7, last: 9 });
    const window = await service.request('conversation.ladder', { stream: 0, from: 8, count: 5 });
    assert.deepEqual([window.from, window.total, window.packets.map((p) => p.number)], [8, 10, [13, 14]]);
    const past = await service.request('conversation.ladder', { stream: 0, from: 50 });
    assert.deepEqual([past.from, past.packets], [10, []]);
    const udp = await service.request('conversation.ladder', { protocol: 'udp', stream: 0 });
    assert.deepEqual(udp.packets.map((p) => [p.number, p.direction, p.flags, p.len]), [[3, 'AtoB', '', 29], [4, 'BtoA', '', 56]]);
    assert.equal(udp.handshake, undefined);
    // Which conversation a packet is in, and where.
    assert.deepEqual(await service.request('conversation.locate', { number: 13 }), { conversation: { protocol: 'tcp', stream: 0, index: 8 } });
    assert.deepEqual(await service.request('conversation.locate', { number: 1 }), { conversation: null }); // ARP
    await assert.rejects(service.handle('conversation.ladder', { stream: 3 }), /There is no TCP conversation 3: the capture has 1/);
    await assert.rejects(service.handle('conversation.locate', { number: 99 }), /There is no packet 99/);
  } finally {
    await service.close();
  }
});

function input(data: Uint8Array, number: number): FrameInput {
  return { number, linkType: 1, data, originalLength: data.length, seconds: 1_700_000_000, nanos: number * 1000, relativeTime: number / 1000, interfaceId: 0 };
}

test('directions on loopback are told apart by port; other protocols and quoted segments are left out', () => {
  const state = new DissectState();
  const index = new ConversationIndex();
  const A = { src: '127.0.0.1', dst: '127.0.0.1', sport: 40000, dport: 8080 };
  const B = { src: '127.0.0.1', dst: '127.0.0.1', sport: 8080, dport: 40000 };
  const frames = [
    tcpFrame({ ...A, flags: 0x02, seq: 1 }),
    tcpFrame({ ...B, flags: 0x12, seq: 9, ack: 2 }),
    tcpFrame({ ...A, flags: 0x10, seq: 2, ack: 10 }),
    udpFrame({ src: '10.0.0.1', dst: '10.0.0.2', sport: 5353, dport: 53, payload: [1, 2, 3] }),
    tcpFrame({ ...B, flags: 0x11, seq: 10, ack: 2 }),
    // Port unreachable quoting a segment of the connection: not a packet of it.
    ipFrame('127.0.0.1', '127.0.0.1', 1, [3, 3, 0, 0, 0, 0, 0, 0, ...tcpFrame({ ...A, flags: 0x10, seq: 2, ack: 10 }).slice(14, 14 + 28)], 2),
  ];
  frames.forEach((data, i) => {
    const summary = summarizeFrame(input(data, i + 1), state);
    index.add(i + 1, summary.conversation, (i + 1) / 1000, data.length);
  });
  const tcp = index.window('tcp', 0, 0, 10)!;
  assert.deepEqual([tcp.totals.a, tcp.totals.b], ['127.0.0.1:40000', '127.0.0.1:8080']);
  assert.deepEqual(tcp.numbers, [1, 2, 3, 5]);
  assert.deepEqual(tcp.fromB, [false, true, false, true]);
  assert.deepEqual([tcp.totals.framesAtoB, tcp.totals.framesBtoA], [2, 2]);
  assert.deepEqual(tcp.handshake, { first: 0, last: 2 });
  assert.deepEqual(tcp.teardown, { first: 3, last: 3 });
  assert.deepEqual(index.window('udp', 0, 0, 10)!.numbers, [4]);
  assert.deepEqual(index.locate(4), { protocol: 'udp', stream: 0, index: 0 });
  assert.equal(index.locate(6), null, 'the ICMP error is in no conversation');
  assert.equal(index.locate(7), null);
  assert.equal(index.window('tcp', 1, 0, 10), undefined);
});
