// The backend service as the UI uses it: open a capture, page through its rows, open one packet in
// full, save it, and get clear errors for damaged files and malformed requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { EventName, Events } from '../../electron/service/contract.js';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { craftCapture, tsharkFields, type CraftedCapture } from './service-test-captures.js';
import { readAll } from './capture-file-test-kit.js';
import { dissect } from './tcp-frame-builder.js';

let cap: CraftedCapture;
before(() => {
  cap = craftCapture();
});
after(() => rmSync(cap.dir, { recursive: true, force: true }));

function recordEvents(service: LayerscopeService) {
  const events: { name: EventName; payload: unknown }[] = [];
  service.onEvent((name, payload) => events.push({ name, payload }));
  return {
    events,
    of<E extends EventName>(name: E): Events[E][] {
      return events.filter((e) => e.name === name).map((e) => e.payload as Events[E]);
    },
  };
}

async function opened(file: string) {
  const service = new LayerscopeService();
  const recorder = recordEvents(service);
  const status = await service.request('file.open', { path: file });
  await service.whenLoaded();
  return { service, recorder, status: status as Awaited<ReturnType<LayerscopeService['status']>> };
}

for (const format of ['pcap', 'pcapng'] as const) {
  test(`opening a ${format} file indexes every packet and reports progress until done`, async () => {
    const file = format === 'pcap' ? cap.pcap : cap.pcapng;
    const { service, recorder, status } = await opened(file);
    try {
      assert.equal(status.source, 'file');
      assert.equal(status.name, `crafted.${format}`);
      assert.equal(status.capturing, false);
      assert.deepEqual(status.warnings, []);
      const final = (await service.handle('session.status', {})) as typeof status;
      assert.equal(final.packetCount, cap.frames.length);
      const progress = recorder.of('open.progress');
      assert.equal(progress.at(-1)!.done, true);
      assert.equal(progress.at(-1)!.packets, cap.frames.length);
      assert.equal(progress.at(-1)!.bytesRead, statSync(file).size);
      assert.equal(recorder.of('packets.added').at(-1)!.total, cap.frames.length);
    } finally {
      await service.close();
    }
  });
}

test('rows.get returns exactly the requested range, with times and lengths tshark agrees with', async () => {
  const { service } = await opened(cap.pcapng);
  try {
    const { total, rows } = (await service.handle('rows.get', { start: 10, count: 5 })) as { total: number; rows: any[] };
    assert.equal(total, cap.frames.length);
    assert.deepEqual(rows.map((r) => r.number), [11, 12, 13, 14, 15]);
    const reference = tsharkFields(cap.pcapng, ['frame.number', 'frame.time_relative', 'frame.len']);
    for (const row of rows) {
      const [, time, len] = reference[row.number - 1];
      assert.ok(Math.abs(row.time - Number(time)) < 1e-6, `packet ${row.number}: time ${row.time} vs tshark ${time}`);
      assert.equal(row.length, Number(len));
      assert.equal(typeof row.info, 'string');
      assert.ok(row.topOsi >= 1 && row.topOsi <= 7);
    }
    // A range running past the end is clipped, not an error.
    const tail = (await service.handle('rows.get', { start: cap.frames.length - 2, count: 100 })) as { rows: any[] };
    assert.deepEqual(tail.rows.map((r) => r.number), [cap.frames.length - 1, cap.frames.length]);
    const none = (await service.handle('rows.get', { start: 1000, count: 10 })) as { rows: any[] };
    assert.deepEqual(none.rows, []);
  } finally {
    await service.close();
  }
});

test('each row carries the columns the decoders gave that packet, in capture order', async () => {
  const { service } = await opened(cap.pcap);
  try {
    const { rows } = (await service.handle('rows.get', { start: 0, count: cap.frames.length })) as { rows: any[] };
    // Decoded on its own, in order with one state, each packet gives the same columns.
    const state = new DissectState();
    rows.forEach((row, i) => {
      const p = dissect(Buffer.from(cap.frames[i], 'hex'), state, i + 1, false);
      assert.deepEqual([row.source, row.destination, row.info], [p.summary.source, p.summary.destination, p.summary.info], `packet ${i + 1}`);
      assert.notEqual(row.protocol, '');
      assert.notEqual(row.colorKey, 'frame');
    });
    // ARP frames are named by their MAC addresses, as in Wireshark.
    const reference = tsharkFields(cap.pcap, ['_ws.col.Source', '_ws.col.Destination']);
    assert.deepEqual([rows[0].source, rows[0].destination], reference[0]);
    assert.deepEqual([rows[1].source, rows[1].destination], reference[1]);
  } finally {
    await service.close();
  }
});

test('packet.get reads one packet back by its file offset and decodes it in full', async () => {
  for (const file of [cap.pcap, cap.pcapng]) {
    const { service } = await opened(file);
    try {
      const sources = tsharkFields(file, ['eth.src']);
      for (const number of [1, 3, 6, cap.frames.length, 2]) {
        const detail = (await service.handle('packet.get', { number })) as any;
        assert.equal(detail.bytesHex, cap.frames[number - 1], `${file} packet ${number}: the captured bytes`);
        assert.equal(detail.packet.number, number);
        assert.equal(detail.packet.caplen, cap.frames[number - 1].length / 2);
        const frame = detail.packet.layers[0];
        assert.equal(frame.protocol, 'frame');
        const epoch = frame.fields.find((f: any) => f.name === 'frame.time_epoch');
        assert.ok(Math.abs(Number(epoch.value) - cap.times[number - 1]) < 1e-6);
        const eth = detail.packet.layers.find((l: any) => l.protocol === 'eth');
        assert.ok(eth.fields.length >= 3, 'detail mode builds the field tree');
        const [src] = sources[number - 1];
        assert.equal(eth.fields.find((f: any) => f.name === 'eth.src').show, src);
      }
      await assert.rejects(service.handle('packet.get', { number: cap.frames.length + 1 }), /There is no packet 53: the capture has 52 packets/);
    } finally {
      await service.close();
    }
  }
});

for (const format of ['pcapng', 'pcap'] as const) {
  test(`capture.save writes ${format} that tshark reads back packet for packet`, async () => {
    const { service, recorder } = await opened(cap.pcapng);
    try {
      const out = join(cap.dir, `saved.${format}`);
      const result = await service.request('capture.save', { path: out, format });
      assert.deepEqual(result, { path: out, packets: cap.frames.length });
      const fields = ['frame.len', 'frame.time_epoch', 'eth.src', 'frame.protocols'];
      assert.deepEqual(tsharkFields(out, fields), tsharkFields(cap.pcapng, fields));
      const reader = openCaptureFile(out);
      assert.equal(reader.format, format);
      const frames = readAll(reader).map((r) => Buffer.from(r.data).toString('hex'));
      reader.close();
      assert.deepEqual(frames, cap.frames);
      assert.equal(recorder.of('session.status').at(-1)!.saved, true);
    } finally {
      await service.close();
    }
  });
}

test('packet.get of a fragmented datagram, asked in any order: the last fragment carries the reassembled bytes as a second source, the others where they went', async () => {
  const file = new URL('../fixtures/packets/ipv4-fragments-disordered.pcap', import.meta.url).pathname;
  const { service } = await opened(file);
  try {
    for (const number of [3, 1, 3, 2]) {
      const detail = (await service.handle('packet.get', { number })) as any;
      const ip = detail.packet.layers.find((l: any) => l.protocol === 'ip');
      if (number === 3) {
        assert.equal(detail.packet.sources.length, 1);
        assert.equal(detail.packet.sources[0].name, 'Reassembled IPv4');
        assert.match(detail.packet.sources[0].bytesHex, /^9c419c420058/);
        assert.equal(detail.packet.sources[0].bytesHex.length, 2 * 88);
        const udp = detail.packet.layers.find((l: any) => l.protocol === 'udp');
        assert.equal(udp.source, 1);
        assert.equal(ip.fields.find((f: any) => f.name === 'ip.fragments').source, 1);
      } else {
        assert.equal(detail.packet.sources, undefined);
        assert.equal(ip.fields.find((f: any) => f.name === 'ip.reassembled_in').value, 3);
      }
    }
    const rows = (await service.handle('rows.get', { start: 0, count: 3 })) as any;
    assert.deepEqual(rows.rows.map((r: any) => r.protocol), ['IPv4', 'IPv4', 'UDP']);
    // When it no longer holds a datagram's bytes, reassembly reads its fragments back through the session.
    const session = (service as any).session;
    assert.deepEqual(session.state.frameBytes(2), Uint8Array.from(Buffer.from((await service.handle('packet.get', { number: 2 }) as any).bytesHex, 'hex')));
    assert.equal(session.state.frameBytes(99), undefined);
  } finally {
    await service.close();
  }
});

test('a truncated file yields the packets before the damage and a warning saying where reading stopped', async () => {
  const damaged = join(cap.dir, 'damaged.pcap');
  copyFileSync(cap.pcap, damaged);
  truncateSync(damaged, statSync(cap.pcap).size - 20);
  const { service } = await opened(damaged);
  try {
    const status = (await service.handle('session.status', {})) as any;
    assert.equal(status.packetCount, cap.frames.length - 1);
    assert.equal(status.warnings.length, 1);
    assert.match(status.warnings[0], /packet 52/);
    assert.match(status.warnings[0], /offset/);
    // Saving a damaged capture keeps what was readable and nothing broken.
    const out = join(cap.dir, 'repaired.pcapng');
    await service.request('capture.save', { path: out, format: 'pcapng' });
    assert.equal(tsharkFields(out, ['frame.number']).length, cap.frames.length - 1);
  } finally {
    await service.close();
  }
});

for (const cut of ['mid-record', 'at a record boundary'] as const) {
  test(`saving after the source file was cut short underneath (${cut}) says how many packets were saved and why`, async () => {
    const source = join(cap.dir, `shrinking-${cut === 'mid-record' ? 'mid' : 'boundary'}.pcap`);
    copyFileSync(cap.pcap, source);
    const { service } = await opened(source);
    try {
      // Cut where packet 31 starts, or 5 bytes into it: 30 packets remain whole.
      const reader = openCaptureFile(source);
      const offsets = readAll(reader).map((r) => r.fileOffset);
      reader.close();
      truncateSync(source, offsets[30] + (cut === 'mid-record' ? 5 : 0));
      const out = join(cap.dir, `short-${cut === 'mid-record' ? 'mid' : 'boundary'}.pcapng`);
      const result = await service.request('capture.save', { path: out, format: 'pcapng' });
      assert.equal(result.packets, 30);
      assert.equal(tsharkFields(out, ['frame.number']).length, 30);
      assert.ok(result.warning, 'the save says it was short');
      assert.ok(result.warning.startsWith(`Saved 30 of ${cap.frames.length} packets`), result.warning);
      const status = await service.request('session.status', {});
      assert.deepEqual(status.warnings, [result.warning]);

      // Browser mode's download says so in the session's warnings too.
      assert.equal(await service.exportTo(join(cap.dir, `short-export-${cut === 'mid-record' ? 'mid' : 'boundary'}.pcap`), 'pcap'), 30);
      assert.equal((await service.request('session.status', {})).warnings.length, 2);
    } finally {
      await service.close();
    }
  });
}

test('opening something that is not a capture is refused with the reason, and the old session stays', async () => {
  const { service } = await opened(cap.pcap);
  try {
    const text = join(cap.dir, 'notes.txt');
    writeFileSync(text, 'these are my notes, not packets\n');
    await assert.rejects(service.request('file.open', { path: text }), /notes\.txt is not a capture file/);
    await assert.rejects(service.request('file.open', { path: join(cap.dir, 'missing.pcap') }), /no such file/);
    const status = (await service.handle('session.status', {})) as any;
    assert.equal(status.name, 'crafted.pcap');
    assert.equal(status.packetCount, cap.frames.length);
  } finally {
    await service.close();
  }
});

test('an uploaded file (browser mode) arrives in chunks, in order, and opens like a local one', async () => {
  const service = new LayerscopeService();
  try {
    const bytes = readFileSync(cap.pcapng);
    const { id } = (await service.handle('upload.start', { name: '../../evil/name.pcapng', size: bytes.length })) as any;
    const half = Math.floor(bytes.length / 2);
    await assert.rejects(service.handle('upload.chunk', { id, offset: half, bytes: bytes.subarray(half) }), /expected the chunk at byte 0/);
    await assert.rejects(service.handle('upload.finish', { id }), /incomplete: 0 of/);
    assert.equal(((await service.handle('upload.chunk', { id, offset: 0, bytes: bytes.subarray(0, half) })) as any).received, half);
    await service.handle('upload.chunk', { id, offset: half, bytes: bytes.subarray(half) });
    const status = (await service.handle('upload.finish', { id })) as any;
    assert.equal(status.name, 'name.pcapng');
    await service.whenLoaded();
    const detail = (await service.handle('packet.get', { number: 4 })) as any;
    assert.equal(detail.bytesHex, cap.frames[3]);
    await assert.rejects(service.handle('upload.finish', { id }), /no upload .+ under way/);
  } finally {
    await service.close();
  }
});

test('an upload larger than announced, or than allowed, is refused and leaves no file behind', async () => {
  const service = new LayerscopeService({ maxUploadBytes: 1000 });
  try {
    await assert.rejects(service.handle('upload.start', { name: 'big.pcapng', size: 1001 }), /too large to open here \(1,001 bytes, at most 1,000\)/);
    const { id } = (await service.handle('upload.start', { name: 'small.pcapng', size: 4 })) as any;
    await assert.rejects(service.handle('upload.chunk', { id, offset: 0, bytes: Buffer.alloc(8) }), /larger than the 4 bytes announced/);
    assert.deepEqual(readdirSync(service.temporaryDirectory()), [], 'the partial upload was removed');
  } finally {
    await service.close();
  }
});

test('requests that break the contract are refused with a message saying what was wrong', async () => {
  const service = new LayerscopeService();
  try {
    await assert.rejects(service.handle('rows.get', { start: 0, count: 10 }), /Nothing is open/);
    await assert.rejects(service.handle('files.delete', {}), /Unknown request "files\.delete"/);
    await assert.rejects(service.handle('rows.get', { start: 0, count: 1e9 }), /"count" must be between 0 and 10000/);
    await assert.rejects(service.handle('packet.get', { number: 0 }), /"number" must be between 1/);
    await assert.rejects(service.handle('capture.save', { path: '/tmp/x', format: 'zip' }), /"format" must be "pcapng" or "pcap"/);
    await assert.rejects(service.handle('file.open', { path: '' }), /"path" must not be empty/);
    await assert.rejects(service.handle('dialog.open', {}), /only in the desktop app/);
  } finally {
    await service.close();
  }
});

test('the first rows of a large file are available long before it has been read to the end', async () => {
  // 200,000 packets written directly as pcap records.
  const big = join(cap.dir, 'big.pcap');
  const frame = Buffer.from(cap.frames[2], 'hex');
  const count = 200_000;
  const record = 16 + frame.length;
  const buf = Buffer.alloc(24 + count * record);
  buf.writeUInt32LE(0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(65535, 16);
  buf.writeUInt32LE(1, 20);
  for (let i = 0; i < count; i++) {
    const at = 24 + i * record;
    buf.writeUInt32LE(1700000000 + Math.floor(i / 1000), at);
    buf.writeUInt32LE((i % 1000) * 1000, at + 4);
    buf.writeUInt32LE(frame.length, at + 8);
    buf.writeUInt32LE(frame.length, at + 12);
    frame.copy(buf, at + 16);
  }
  writeFileSync(big, buf);
  const service = new LayerscopeService();
  const recorder = recordEvents(service);
  try {
    const started = performance.now();
    const status = (await service.request('file.open', { path: big })) as any;
    const rows = (await service.handle('rows.get', { start: 0, count: 50 })) as any;
    const firstRows = performance.now() - started;
    assert.ok(firstRows < 1000, `first rows after ${firstRows.toFixed(0)} ms`);
    assert.equal(rows.rows.length, 50);
    assert.ok(status.packetCount < count, 'answered before the whole file was read');
    await service.whenLoaded();
    assert.equal(service.status().packetCount, count);
    assert.ok(recorder.of('open.progress').length > 2, 'progress was reported along the way');
    const last = (await service.handle('packet.get', { number: count })) as any;
    assert.equal(last.bytesHex, cap.frames[2]);

    // Opening another file while a large one is still loading stops the first cleanly.
    await service.request('file.open', { path: big });
    const small = (await service.request('file.open', { path: cap.pcap })) as any;
    assert.equal(small.name, 'crafted.pcap');
    await service.whenLoaded();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(service.status().packetCount, cap.frames.length);
    assert.equal(((await service.handle('rows.get', { start: 0, count: 100 })) as any).rows.length, cap.frames.length);
  } finally {
    await service.close();
  }
});

/** A service with native dialogs (the desktop app's) that answer what the test chose. */
function withDialogs(answers: { open?: string | null; save?: string | null }) {
  return new LayerscopeService({
    dialogs: {
      open: async () => answers.open ?? null,
      save: async () => answers.save ?? null,
    },
  });
}

const notGranted = (err: unknown) => (err as { code?: string }).code === 'ELAYERSCOPE_PATH_NOT_GRANTED';

test('the page may open only a file the Open dialog granted, and learns nothing about other paths', async () => {
  const answers: { open?: string | null } = {};
  const service = withDialogs(answers);
  try {
    await assert.rejects(service.handle('file.open', { path: cap.pcap }), notGranted);
    // An existing file and a missing one are refused alike, before anything looks at them.
    const refusal = async (path: string) => {
      const err = await service.handle('file.open', { path }).then(() => assert.fail(`${path} was opened`), (e: Error) => e);
      assert.ok(notGranted(err), String(err));
      return err.message.replace(JSON.stringify(path), 'PATH');
    };
    assert.equal(await refusal('/etc/passwd'), await refusal('/etc/no-such-file'));
    assert.match(await refusal('/etc/passwd'), /Use Open… to pick it/);
    assert.equal(service.status().source, 'none');

    answers.open = null; // The user cancelled: nothing is granted.
    assert.deepEqual(await service.handle('dialog.open', {}), { path: null });
    answers.open = cap.pcap;
    assert.deepEqual(await service.handle('dialog.open', {}), { path: cap.pcap });
    const status = (await service.handle('file.open', { path: cap.pcap })) as any;
    assert.equal(status.name, 'crafted.pcap');
    // Chosen for reading is not chosen for writing.
    await assert.rejects(service.handle('capture.save', { path: cap.pcap, format: 'pcap' }), notGranted);
  } finally {
    await service.close();
  }
});

test('the page may save only to the file the Save dialog granted; other paths are never written', async () => {
  const target = join(cap.dir, 'granted-save.pcapng');
  const elsewhere = join(cap.dir, 'not-granted.pcapng');
  const service = withDialogs({ save: target });
  try {
    await service.request('file.open', { path: cap.pcapng });
    await service.whenLoaded();
    await assert.rejects(service.handle('capture.save', { path: elsewhere, format: 'pcapng' }), (err: Error) => {
      assert.ok(notGranted(err), String(err));
      assert.match(err.message, /Use Save to pick where/);
      return true;
    });
    assert.throws(() => statSync(elsewhere), { code: 'ENOENT' });
    assert.deepEqual(await service.handle('dialog.save', { format: 'pcapng' }), { path: target });
    assert.deepEqual(await service.handle('capture.save', { path: target, format: 'pcapng' }), { path: target, packets: cap.frames.length });
    assert.equal(tsharkFields(target, ['frame.number']).length, cap.frames.length);
  } finally {
    await service.close();
  }
});

test('without native dialogs (browser mode) no path from outside is ever granted', async () => {
  const service = new LayerscopeService();
  const target = join(cap.dir, 'browser-save.pcap');
  try {
    await service.request('file.open', { path: cap.pcap });
    await assert.rejects(service.handle('file.open', { path: cap.pcapng }), (err: Error) => notGranted(err) && /upload/.test(err.message));
    await assert.rejects(service.handle('capture.save', { path: target, format: 'pcap' }), (err: Error) => notGranted(err) && /download/.test(err.message));
    assert.throws(() => statSync(target), { code: 'ENOENT' });
    assert.equal(service.status().name, 'crafted.pcap');
  } finally {
    await service.close();
  }
});
