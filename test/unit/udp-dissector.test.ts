import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { dissect, field, layer, show, udpFrame } from './tcp-frame-builder.js';

const hello = [...'hello'].map((c) => c.charCodeAt(0));

test('a UDP header shows ports, length and a verified checksum at their byte offsets', () => {
  const p = dissect(udpFrame({ sport: 5000, dport: 5001, payload: hello }), new DissectState());
  const udp = layer(p, 'udp');
  assert.deepEqual([udp.osi, udp.tcpip, udp.offset, udp.length], [4, 'transport', 34, 8]);
  assert.deepEqual(
    udp.fields.map((f) => [f.name, f.offset, f.length, f.show]),
    [
      ['udp.srcport', 34, 2, '5000'],
      ['udp.dstport', 36, 2, '5001'],
      ['udp.length', 38, 2, '13'],
      ['udp.checksum', 40, 2, field(udp, 'udp.checksum').show],
      ['udp.checksum.status', 40, 0, '1'],
      ['udp.stream', 42, 0, '0'],
    ],
  );
  assert.equal(udp.problems.length, 0);
  assert.deepEqual(p.summary, { source: '192.0.2.1', destination: '198.51.100.2', protocol: 'UDP', info: '5000 → 5001 Len=5' });
  const data = p.layers.at(-1)!;
  assert.deepEqual([data.protocol, data.offset, data.length], ['data', 42, 5]);
});

test('a zero checksum over IPv4 means "none" and is not a problem', () => {
  const udp = layer(dissect(udpFrame({ sport: 5000, dport: 5001, payload: hello, checksum: 0 }), new DissectState()), 'udp');
  assert.equal(show(udp, 'udp.checksum'), '0x0000');
  assert.equal(show(udp, 'udp.checksum.status'), '3');
  assert.equal(udp.problems.length, 0);
});

test('a zero checksum over IPv6 is illegal', () => {
  const p = dissect(udpFrame({ src: '2001:db8::1', dst: '2001:db8::2', sport: 5000, dport: 5001, payload: hello, checksum: 0 }), new DissectState());
  const udp = layer(p, 'udp');
  assert.equal(show(udp, 'udp.checksum.status'), '4');
  assert.equal(field(udp, 'udp.checksum').problems![0].code, 'udp.zero_checksum_ipv6');
  assert.equal(p.summary.info, '5000 → 5001 Len=5 [ILLEGAL CHECKSUM (0)]');
});

test('a wrong checksum is an error on udp.checksum saying what it should be', () => {
  const good = layer(dissect(udpFrame({ sport: 5000, dport: 5001, payload: hello }), new DissectState()), 'udp');
  const right = show(good, 'udp.checksum');
  const udp = layer(dissect(udpFrame({ sport: 5000, dport: 5001, payload: hello, checksum: 0x4321 }), new DissectState()), 'udp');
  assert.equal(show(udp, 'udp.checksum.status'), '0');
  assert.equal(show(udp, 'udp.checksum_calculated'), right);
  const problem = field(udp, 'udp.checksum').problems![0];
  assert.equal(problem.code, 'udp.bad_checksum');
  assert.equal(problem.params?.expected, right);
});

test('the IPv6 pseudo-header is used over IPv6', () => {
  const udp = layer(dissect(udpFrame({ src: '2001:db8::1', dst: '2001:db8::2', sport: 5000, dport: 5001, payload: hello }), new DissectState()), 'udp');
  assert.equal(show(udp, 'udp.checksum.status'), '1');
});

test('a length longer than the IP payload is an error, and the info says so', () => {
  const p = dissect(udpFrame({ sport: 5002, dport: 5003, payload: hello, length: 200 }), new DissectState());
  const length = field(layer(p, 'udp'), 'udp.length');
  assert.equal(length.problems![0].code, 'udp.length_long');
  assert.deepEqual([length.problems![0].params?.length, length.problems![0].params?.room], [200, 13]);
  assert.equal(p.summary.info, '5002 → 5003 [BAD UDP LENGTH 200 > IP PAYLOAD LENGTH] Len=192');
});

test('a length below the 8-byte header stops decoding with an error', () => {
  const p = dissect(udpFrame({ sport: 5004, dport: 5005, payload: hello, length: 4 }), new DissectState());
  const udp = layer(p, 'udp');
  assert.equal(field(udp, 'udp.length').problems![0].code, 'udp.length_short');
  assert.throws(() => field(udp, 'udp.checksum'));
  assert.equal(p.summary.info, '5004 → 5005 [BAD UDP LENGTH 4 < 8]');
});

test('a shorter UDP length leaves the rest of the IP payload out of the datagram', () => {
  const p = dissect(udpFrame({ sport: 5000, dport: 5001, payload: hello, length: 10 }), new DissectState());
  assert.equal(p.summary.info, '5000 → 5001 Len=2');
  const data = p.layers.find((l) => l.protocol === 'data')!;
  assert.deepEqual([data.offset, data.length], [42, 2]);
});

test('datagrams between the same two endpoints share a stream index, in either direction', () => {
  const state = new DissectState();
  const a = dissect(udpFrame({ sport: 5000, dport: 5001 }), state, 1);
  const b = dissect(udpFrame({ sport: 6000, dport: 6001 }), state, 2);
  const back = dissect(udpFrame({ src: '198.51.100.2', dst: '192.0.2.1', sport: 5001, dport: 5000 }), state, 3);
  assert.deepEqual([a, b, back].map((p) => show(layer(p, 'udp'), 'udp.stream')), ['0', '1', '0']);
});

test('the payload goes to the decoder of the lower port (DNS on 53)', () => {
  const query = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, ...[...'example'].map((c) => c.charCodeAt(0)), 3, 0x63, 0x6f, 0x6d, 0, 0, 1, 0, 1];
  const p = dissect(udpFrame({ sport: 53000, dport: 53, payload: query }), new DissectState());
  assert.equal(p.layers.at(-1)!.protocol, 'dns');
});
