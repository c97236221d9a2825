import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dissect, hexBytes } from './dissection-invariants.js';

const frame = (hex: string, originalLength?: number) => dissect(1, hexBytes(hex), originalLength);

test('an Ethernet header names its MAC addresses and EtherType with their byte ranges', () => {
  const p = frame('ffffffffffff' + '001122334455' + '88b5' + 'cafe');
  const eth = p.layers.find((l) => l.protocol === 'eth')!;
  assert.equal(eth.osi, 2);
  assert.equal(eth.tcpip, 'link');
  assert.deepEqual(
    eth.fields.map((f) => [f.name, f.offset, f.length, f.show]),
    [
      ['eth.dst', 0, 6, 'ff:ff:ff:ff:ff:ff'],
      ['eth.src', 6, 6, '00:11:22:33:44:55'],
      ['eth.type', 12, 2, '0x88b5'],
    ],
  );
});

test('payload no decoder claims stays visible as a data layer', () => {
  const p = frame('ffffffffffff' + '001122334455' + '88b5' + 'cafe');
  const data = p.layers.at(-1)!;
  assert.equal(data.protocol, 'data');
  assert.equal(data.offset, 14);
  assert.equal(data.length, 2);
});

test('a frame cut inside the source address reports the cut on the layer, not a crash', () => {
  const p = frame('ffffffffffff0011', 60);
  const eth = p.layers.find((l) => l.protocol === 'eth')!;
  assert.equal(eth.fields.length, 1);
  assert.match(eth.problems[0].message, /Source .*offset 6.*snap length/);
});
