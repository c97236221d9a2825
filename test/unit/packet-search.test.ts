// Find Packet and its rules, on the bundled sample (18 packets: ARP, DNS, an HTTP exchange over
// TCP, pings): where a string or byte sequence is looked for, in which direction, wrapping round.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { FindParams, FindResult } from '../../electron/service/contract.js';

const service = new LayerscopeService();
before(async () => {
  await service.request('sample.open', {});
});
after(() => service.close());

const find = (params: Partial<FindParams> & Pick<FindParams, 'query'>) =>
  service.handle('packets.find', { kind: 'string', scope: 'list', from: 0, direction: 'next', ...params }) as Promise<FindResult>;

test('a string in the packet list: the next packet after the selected one whose row shows it', async () => {
  assert.deepEqual(await find({ query: 'example.com' }), { number: 3, wrapped: false });
  assert.deepEqual(await find({ query: 'example.com', from: 3 }), { number: 4, wrapped: false });
  assert.equal((await find({ query: 'EXAMPLE.COM' })).number, 3, 'case does not matter unless asked');
  assert.equal((await find({ query: 'EXAMPLE.COM', caseSensitive: true })).number, null);
});

test('going past the last match comes round to the first, and says so; backwards too', async () => {
  assert.deepEqual(await find({ query: 'Standard query', from: 4 }), { number: 3, wrapped: true });
  assert.deepEqual(await find({ query: 'Standard query', from: 3, direction: 'previous' }), { number: 4, wrapped: true });
  assert.deepEqual(await find({ query: 'Standard query', from: 4, direction: 'previous' }), { number: 3, wrapped: false });
});

test('a string or a hex sequence in the bytes: the packet and where in it', async () => {
  const get = await find({ query: 'GET /', scope: 'bytes' });
  assert.equal(get.number, 8);
  assert.deepEqual([get.offset, get.length], [66, 5]);
  assert.deepEqual(await find({ query: '47:45:54 20 2f', kind: 'hex', scope: 'bytes' }), get);
  await assert.rejects(find({ query: '4G', kind: 'hex', scope: 'bytes' }), /not a hex byte sequence/);
});

test('a string in the packet details: the first field whose text has it, by its id in the tree', async () => {
  const found = await find({ query: 'Maximum segment size', scope: 'details' });
  assert.equal(found.number, 5);
  assert.match((await fieldFound(found)).showname, /Maximum segment size/i);
});

test('value names are searched as the tree shows them ("Protocol: UDP (17)", not only 17)', async () => {
  const found = await find({ query: 'Protocol: UDP', scope: 'details' });
  assert.equal(found.number, 3);
  assert.equal((await fieldFound(found)).showname, 'Protocol: UDP (17)');
});

/** The field a search result points at, from the packet's tree. */
async function fieldFound(found: { number: number | null; fieldId?: string }): Promise<{ showname: string }> {
  const detail = (await service.handle('packet.get', { number: found.number })) as { packet: { layers: { fields: unknown[] }[] } };
  const [layer, ...path] = found.fieldId!.split('.').map(Number);
  let field: any = { children: detail.packet.layers[layer].fields };
  for (const i of path) field = field.children[i];
  return field;
}

test('nothing found is null, not an error', async () => {
  assert.deepEqual(await find({ query: 'no such text anywhere' }), { number: null, wrapped: false });
});
