// Annotating a capture, as a student does before handing it in: comments written, changed and
// deleted on packets (the file's own included), marks; shown in the list and the tree, unsaved
// until saved, and then in the saved file, where tshark reads them as frame.comment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { PacketDetail, PacketRow, SessionStatus } from '../../electron/service/contract.js';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));

async function withSample(run: (service: LayerscopeService, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-annotate-'));
  const saved: string[] = [];
  const service = new LayerscopeService({ dialogs: { open: async () => SAMPLE, save: async (format) => (saved.push(join(dir, `out.${format}`)), saved.at(-1)!) } });
  try {
    await service.request('file.open', { path: SAMPLE });
    await service.whenLoaded();
    await run(service, dir);
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const row = async (service: LayerscopeService, n: number) => ((await service.handle('rows.get', { start: n - 1, count: 1 })) as { rows: PacketRow[] }).rows[0];
/** The packet's comments as its tree shows them (one frame.comment each), or undefined for none. */
const comment = async (service: LayerscopeService, n: number) => {
  const fields = ((await service.handle('packet.get', { number: n })) as PacketDetail).packet.layers[0].fields.filter((f) => f.name === 'frame.comment');
  return fields.length === 0 ? undefined : fields.map((f) => f.value).join(' | ');
};

test('a comment written on a packet shows in the list and the tree, and the capture has unsaved changes', async () => {
  await withSample(async (service) => {
    assert.equal((await row(service, 9)).commented, undefined);
    const status = (await service.handle('packet.comments', { number: 9, comments: ['The server acknowledges the request'] })) as SessionStatus;
    assert.equal(status.unsavedChanges, true);
    assert.equal(status.saved, false);
    assert.equal((await row(service, 9)).commented, true);
    assert.equal(await comment(service, 9), 'The server acknowledges the request');
  });
});

test('the file\'s own comment can be changed or deleted', async () => {
  await withSample(async (service) => {
    assert.match(String(await comment(service, 5)), /SYN/);
    await service.handle('packet.comments', { number: 5, comments: ['Step 1 of the handshake'] });
    assert.equal(await comment(service, 5), 'Step 1 of the handshake');
    await service.handle('packet.comments', { number: 5, comments: [] });
    assert.equal(await comment(service, 5), undefined);
    assert.equal((await row(service, 5)).commented, undefined);
    await assert.rejects(service.handle('packet.comments', { number: 99, comments: ['x'] }), /There is no packet 99/);
  });
});

test('a packet can have several comments, each its own: kept in order, saved as separate pcapng comments tshark reads', async () => {
  await withSample(async (service) => {
    await service.handle('packet.comments', { number: 5, comments: ['Client opens the connection: SYN', 'Question 1: which flags are set?', ' '] });
    assert.equal(await comment(service, 5), 'Client opens the connection: SYN | Question 1: which flags are set?', 'an empty comment is left out');
    const { path } = (await service.handle('dialog.save', { format: 'pcapng' })) as { path: string };
    await service.handle('capture.save', { path, format: 'pcapng' });
    const tshark = spawnSync('tshark', ['-r', path, '-Y', 'frame.number == 5', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', '-e', 'frame.comment'], { encoding: 'utf8' });
    assert.equal(tshark.stdout.trim(), 'Client opens the connection: SYN|Question 1: which flags are set?');
    await assert.rejects(service.handle('packet.comments', { number: 5, comments: Array(65).fill('x') }), /at most 64 comments/);
  });
});

test('Save writes the comments into the file, where tshark reads them; then nothing is unsaved', async () => {
  await withSample(async (service) => {
    await service.handle('packet.comments', { number: 9, comments: ['The server acknowledges the request'] });
    await service.handle('packet.comments', { number: 5, comments: [] });
    const { path } = (await service.handle('dialog.save', { format: 'pcapng' })) as { path: string };
    await service.handle('capture.save', { path, format: 'pcapng' });
    const tshark = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.comment'], { encoding: 'utf8' });
    const comments = new Map(tshark.stdout.trimEnd().split('\n').map((l) => l.split('\t') as [string, string]));
    assert.equal(comments.get('9'), 'The server acknowledges the request');
    assert.equal(comments.get('5'), '', 'the deleted comment is gone');
    assert.match(comments.get('3')!, /^DNS query/, 'comments nobody changed are kept');
    const status = (await service.handle('session.status', {})) as SessionStatus;
    assert.equal(status.unsavedChanges, undefined);
    assert.equal(status.saved, true);
  });
});

test('marked packets show as marked and are counted; unmarking takes the mark away', async () => {
  await withSample(async (service) => {
    let status = (await service.handle('packets.mark', { numbers: [5, 6, 7], marked: true })) as SessionStatus;
    assert.equal(status.marked, 3);
    assert.equal((await row(service, 6)).marked, true);
    status = (await service.handle('packets.mark', { numbers: [6], marked: false })) as SessionStatus;
    assert.equal(status.marked, 2);
    assert.equal((await row(service, 6)).marked, undefined);
    assert.equal(status.unsavedChanges, undefined, 'marks are not part of the file');
  });
});

