// The display filter through the service, as the filter bar uses it: a filter is checked as it is
// typed, names are offered for completion, and once applied the packet list holds only the
// matching packets (their numbers unchanged), the same ones tshark -Y gives, with progress; a
// newer filter supersedes one still running, and '' shows every packet again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { MAX_ROWS_PER_REQUEST } from '../../electron/service/contract-validation.js';
import { generateBenchmarkCapture } from '../bench/generate-benchmark-capture.js';
import type { DisplayStatus, EventName, Events, FilterCheckResult, PacketRow } from '../../electron/service/contract.js';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const HTTP = fileURLToPath(new URL('../fixtures/packets/application-http.pcap', import.meta.url));

function tsharkNumbers(file: string, filter: string): number[] {
  // tshark with its default preferences: TCP reassembly on, as Layerscope reassembles.
  const r = spawnSync('tshark', ['-n', '-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
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
    // (A field the index does not keep, so every packet is decoded: `tcp.port` would be done at once.)
    const first = service.handle('filter.apply', { text: 'tcp.len > 0' }) as Promise<DisplayStatus>;
    // Another request is answered while the first filter runs.
    const rows = (await service.handle('rows.get', { start: 0, count: 5 })) as { rows: PacketRow[] };
    assert.equal(rows.rows.length, 5);
    const second = (await service.handle('filter.apply', { text: 'tcp.len > 100' })) as DisplayStatus;
    assert.equal((await first).superseded, true);
    // (The copies repeat one connection, so TCP sees most of them as retransmissions: tshark on
    // the same file is the reference.)
    assert.deepEqual(((await service.handle('rows.get', { start: 0, count: 10_000 })) as { rows: PacketRow[] }).rows.map((r) => r.number), tsharkNumbers(big, 'tcp.len > 100'));
    const progress = of('display.changed').filter((s) => s.filter === 'tcp.len > 100');
    assert.ok(progress.length > 2, `${progress.length} progress reports`);
    assert.ok(progress.some((s) => !s.done && s.checked < s.total));
  } finally {
    await service.close();
    spawnSync('rm', ['-f', big]);
  }
});

test('Export Specified Packets through the service: displayed, marked or a range, each as tshark selects it; the capture is not saved by it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-export-selected-'));
  const answers: { save: string | null } = { save: null };
  const service = new LayerscopeService({ dialogs: { open: async () => SAMPLE, save: async () => answers.save } });
  try {
    await service.handle('file.open', { path: (await service.handle('dialog.open', {}) as { path: string }).path });
    await service.whenLoaded();
    const saveAs = async (name: string, packets: object) => {
      answers.save = join(dir, name);
      const { path } = (await service.handle('dialog.save', { format: 'pcapng' })) as { path: string };
      return service.handle('capture.save', { path, format: 'pcapng', packets });
    };
    const framesOf = (file: string) => spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.time_epoch'], { encoding: 'utf8' }).stdout.trim().split('\n');
    const sampleFrames = framesOf(SAMPLE);

    // A comment not saved yet: exports carry it, and it stays unsaved in the capture.
    await service.handle('packet.comments', { number: 3, comments: ['the question'] });
    await service.handle('filter.apply', { text: 'dns || arp' });
    assert.deepEqual(await saveAs('displayed.pcapng', { which: 'displayed' }), { path: join(dir, 'displayed.pcapng'), packets: 4 });
    assert.deepEqual(framesOf(join(dir, 'displayed.pcapng')), tsharkNumbers(SAMPLE, 'dns || arp').map((n) => sampleFrames[n - 1]));
    const comments = spawnSync('tshark', ['-r', join(dir, 'displayed.pcapng'), '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8' }).stdout.split('\n');
    assert.equal(comments[2], 'the question');

    await service.handle('packets.mark', { numbers: [9, 3], marked: true });
    await saveAs('marked.pcapng', { which: 'marked' });
    assert.deepEqual(framesOf(join(dir, 'marked.pcapng')), [sampleFrames[2], sampleFrames[8]]);

    await saveAs('range.pcapng', { which: 'range', range: '1-2,17-' });
    assert.deepEqual(framesOf(join(dir, 'range.pcapng')), [0, 1, 16, 17].map((i) => sampleFrames[i]));
    await assert.rejects(saveAs('bad.pcapng', { which: 'range', range: '40' }), (e: Error) => /there is no packet 40/.test(e.message));
    assert.equal(existsSync(join(dir, 'bad.pcapng')), false);

    // None of these saved the capture itself: the comment is still unsaved there.
    assert.equal(service.status().unsavedChanges, true);
    await service.handle('packets.mark', { numbers: [9, 3], marked: false });
    await assert.rejects(saveAs('none.pcapng', { which: 'marked' }), (e: Error) => /No packet is marked/.test(e.message));
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('colouring rules: rows carry the first rule they match, the user\'s own before Wireshark\'s; an own rule that is not valid is said', async () => {
  const { service } = await openedWith(SAMPLE);
  try {
    const rows = async () => ((await service.handle('rows.get', { start: 0, count: 100 })) as { rows: PacketRow[] }).rows;
    assert.ok((await rows()).every((r) => r.colour === undefined), 'by layer: no rule colours');
    const { invalid } = (await service.handle('colouring.set', {
      mode: 'rules',
      rules: [
        { name: 'my DNS', filter: 'dns.flags.response == 1', foreground: '#000000', background: '#ffc0c0' },
        { name: 'typo', filter: 'dns.flag == 1', foreground: '#000000', background: '#c0ffc0' },
      ],
    })) as { invalid: { name: string; message: string }[] };
    assert.deepEqual(invalid.map((i) => i.name), ['typo']);
    assert.match(invalid[0].message, /did you mean dns\.flags\?/);
    const coloured = await rows();
    const tshark = spawnSync('tshark', ['-r', SAMPLE, '--color', '-T', 'fields', '-e', 'frame.coloring_rule.name'], { encoding: 'utf8' }).stdout.split('\n');
    for (const row of coloured) {
      if (row.number === 4) assert.deepEqual(row.colour, { rule: 'my DNS', foreground: '#000000', background: '#ffc0c0' });
      else assert.equal(row.colour?.rule ?? '', tshark[row.number - 1], `packet ${row.number}`);
    }
    await service.handle('colouring.set', { mode: 'layers' });
    assert.ok((await rows()).every((r) => r.colour === undefined));
  } finally {
    await service.close();
  }
});

test('a filter applied while a capture is still being read is tested on the packets that arrive after it', async () => {
  const big = join(tmpdir(), `layerscope-filter-growing-${process.pid}.pcap`);
  generateBenchmarkCapture(big, 100_000);
  const service = new LayerscopeService();
  try {
    const opened = (await service.request('file.open', { path: big })) as { packetCount: number };
    await service.handle('filter.apply', { text: 'http.request.method == "GET"' });
    await service.whenLoaded();
    // The file had not been read to its end when the filter was applied.
    assert.ok(opened.packetCount < 100_000, `${opened.packetCount} packets when applied`);
    const expected = tsharkNumbers(big, 'http.request.method == "GET"');
    // The filter catches up with the packets read after it was applied.
    for (let i = 0; i < 600 && ((await service.handle('rows.get', { start: 0, count: 0 })) as { total: number }).total < expected.length; i++) await new Promise((r) => setTimeout(r, 50));
    const shown: number[] = [];
    for (let start = 0; start < expected.length; start += MAX_ROWS_PER_REQUEST) {
      const page = (await service.handle('rows.get', { start, count: MAX_ROWS_PER_REQUEST })) as { total: number; rows: PacketRow[] };
      assert.equal(page.total, expected.length);
      shown.push(...page.rows.map((r) => r.number));
    }
    assert.deepEqual(shown, expected);
  } finally {
    await service.close();
    rmSync(big, { force: true });
  }
});

test('ignored packets (Ctrl+D): marked as such in the list, matched by no filter, left out of exports when asked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-ignored-'));
  const answers: { save: string | null } = { save: null };
  const service = new LayerscopeService({ dialogs: { open: async () => SAMPLE, save: async () => answers.save } });
  try {
    await service.handle('file.open', { path: (await service.handle('dialog.open', {}) as { path: string }).path });
    await service.whenLoaded();
    const status = (await service.handle('packets.ignore', { numbers: [5, 6], ignored: true })) as { ignored?: number };
    assert.equal(status.ignored, 2);
    const rows = ((await service.handle('rows.get', { start: 0, count: 100 })) as { rows: PacketRow[] }).rows;
    assert.deepEqual(rows.filter((r) => r.ignored).map((r) => r.number), [5, 6]);
    // No filter matches an ignored packet (here: the SYN and the SYN-ACK).
    const syn = (await service.handle('filter.apply', { text: 'tcp.flags.syn == 1' })) as DisplayStatus;
    assert.equal(syn.displayed, 0);
    await service.handle('filter.apply', { text: '' });
    const saveAs = async (name: string, params: object) => {
      answers.save = join(dir, name);
      const { path } = (await service.handle('dialog.save', { format: 'pcapng' })) as { path: string };
      return (await service.handle('capture.save', { path, format: 'pcapng', ...params })) as { packets: number };
    };
    assert.equal((await saveAs('without.pcapng', { leaveOutIgnored: true })).packets, 16);
    assert.equal((await saveAs('range.pcapng', { packets: { which: 'range', range: '4-7' }, leaveOutIgnored: true })).packets, 2);
    assert.equal((await saveAs('all.pcapng', {})).packets, 18);
    await assert.rejects(saveAs('none.pcapng', { packets: { which: 'range', range: '5-6' }, leaveOutIgnored: true }), (e: Error) => /Every chosen packet is ignored/.test(e.message));
    await service.handle('packets.ignore', { numbers: [5, 6], ignored: false });
    assert.equal((service.status() as { ignored?: number }).ignored, undefined);
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
