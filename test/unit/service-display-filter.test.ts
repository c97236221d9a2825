// The display filter through the service, as the filter bar uses it: a filter is checked as it is
// typed, names are offered for completion, and once applied the packet list holds only the
// matching packets (their numbers unchanged), the same ones tshark -Y gives, with progress; a
// newer filter supersedes one still running, and '' shows every packet again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { DisplayStatus, EventName, Events, FilterCheckResult, PacketRow } from '../../electron/service/contract.js';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const HTTP = fileURLToPath(new URL('../fixtures/packets/application-http.pcap', import.meta.url));

function tsharkNumbers(file: string, filter: string): number[] {
  const r = spawnSync('tshark', ['-n', '-r', file, '-o', 'tcp.desegment_tcp_streams:FALSE', '-Y', filter, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}

async function openedWith(file: string) {
  const service = new LayerscopeService();
  const events: { name: EventName; payload: unknown }[] = [];
  service.onEvent((name, payload) => events.push({ name, payload }));
  await service.request('file.open', { path: file });
  await service.whenLoaded();
  const of = <E extends EventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as Events[E]);
  return { service, of };
}

test('a filter is checked as it is typed: the error\'s code, message and place; names are offered to complete', async () => {
  const { service } = await openedWith(SAMPLE);
  try {
    const check = (await service.handle('filter.check', { text: 'ip.src == 10.0.0.1 && tcp.prot == 80' })) as FilterCheckResult;
    assert.equal(check.ok, false);
    if (!check.ok) {
      assert.deepEqual([check.code, check.position, check.length], ['filter.error.not_a_field', 22, 8]);
      assert.match(check.message, /did you mean tcp\.port\?/);
    }
    const names = (await service.handle('filter.names', { prefix: 'tcp.fl' })) as { names: string[] };
    assert.ok(names.names.includes('tcp.flags') && names.names.includes('tcp.flags.syn'), names.names.join(' '));
    assert.ok(names.names.every((n) => n.startsWith('tcp.fl')));
    assert.ok(names.names.length <= 50);
  } finally {
    await service.close();
  }
});

test('applying a filter leaves exactly tshark\'s packets in the list, numbers unchanged, and \'\' brings all back', async () => {
  const { service, of } = await openedWith(HTTP);
  try {
    const all = (await service.handle('rows.get', { start: 0, count: 1000 })) as { total: number; rows: PacketRow[] };
    const status = (await service.handle('filter.apply', { text: 'http.request' })) as DisplayStatus;
    const expected = tsharkNumbers(HTTP, 'http.request');
    assert.ok(expected.length > 3 && expected.length < all.total);
    assert.deepEqual([status.filter, status.displayed, status.total, status.done], ['http.request', expected.length, all.total, true]);
    const shown = (await service.handle('rows.get', { start: 0, count: 1000 })) as { total: number; rows: PacketRow[] };
    assert.equal(shown.total, expected.length);
    assert.deepEqual(shown.rows.map((r) => r.number), expected);
    // A page in the middle of the filtered list.
    const page = (await service.handle('rows.get', { start: 2, count: 2 })) as { rows: PacketRow[] };
    assert.deepEqual(page.rows.map((r) => r.number), expected.slice(2, 4));
    assert.deepEqual(page.rows[0], all.rows[expected[2] - 1]);
    // Where a packet is in the list as shown.
    assert.deepEqual(await service.handle('rows.locate', { number: expected[3] }), { index: 3 });
    const hidden = all.rows.find((r) => !expected.includes(r.number))!.number;
    assert.deepEqual(await service.handle('rows.locate', { number: hidden }), { index: null });
    assert.equal(of('display.changed').at(-1)!.displayed, expected.length);

    const cleared = (await service.handle('filter.apply', { text: '' })) as DisplayStatus;
    assert.deepEqual([cleared.filter, cleared.displayed], ['', all.total]);
    assert.equal(((await service.handle('rows.get', { start: 0, count: 1000 })) as { total: number }).total, all.total);
    assert.deepEqual(await service.handle('rows.locate', { number: hidden }), { index: hidden - 1 });
  } finally {
    await service.close();
  }
});

test('a filter that is not valid is refused when applied, and the list stays as it was', async () => {
  const { service } = await openedWith(SAMPLE);
  try {
    await service.handle('filter.apply', { text: 'dns' });
    await assert.rejects(service.handle('filter.apply', { text: 'dns.qry.nam == 1' }), (e: Error) => /not a field/.test(e.message) && /position 0/.test(e.message));
    const rows = (await service.handle('rows.get', { start: 0, count: 100 })) as { total: number; rows: PacketRow[] };
    assert.ok(rows.rows.length > 0 && rows.rows.every((r) => r.protocol === 'DNS'));
  } finally {
    await service.close();
  }
});

test('on a big capture the filter runs in slices with progress, and a newer filter supersedes it', async () => {
  // The HTTP capture copied many times: enough packets that filtering takes many slices.
  const big = join(tmpdir(), `layerscope-filter-big-${process.pid}.pcap`);
  const copies = Array.from({ length: 150 }, () => HTTP);
  const merged = spawnSync('mergecap', ['-a', '-F', 'pcap', '-w', big, ...copies]);
  assert.equal(merged.status, 0, String(merged.stderr));
  const { service, of } = await openedWith(big);
  try {
    const first = service.handle('filter.apply', { text: 'tcp.port == 80' }) as Promise<DisplayStatus>;
    // Another request is answered while the first filter runs.
    const rows = (await service.handle('rows.get', { start: 0, count: 5 })) as { rows: PacketRow[] };
    assert.equal(rows.rows.length, 5);
    const second = (await service.handle('filter.apply', { text: 'http.response' })) as DisplayStatus;
    assert.equal((await first).superseded, true);
    // (The copies repeat one connection, so TCP sees most of them as retransmissions: tshark on
    // the same file is the reference.)
    assert.deepEqual(((await service.handle('rows.get', { start: 0, count: 10_000 })) as { rows: PacketRow[] }).rows.map((r) => r.number), tsharkNumbers(big, 'http.response'));
    const progress = of('display.changed').filter((s) => s.filter === 'http.response');
    assert.ok(progress.length > 2, `${progress.length} progress reports`);
    assert.ok(progress.some((s) => !s.done && s.checked < s.total));
  } finally {
    await service.close();
    spawnSync('rm', ['-f', big]);
  }
});
