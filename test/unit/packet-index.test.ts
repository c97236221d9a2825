// The service's packet index: what goes in as the decoders' column bytes comes back as the rows
// the packet list shows, from the block being filled and from blocks already packed alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacketIndex } from '../../electron/service/packet-index.js';
import { ColumnText } from '../../electron/dissect/column-text.js';

function entry(i: number) {
  const info = i % 7 === 0 ? `line one\nline two ${i}` : i % 5 === 0 ? `Who has 10.0.0.${i % 256}? Tell 10.0.0.1 é ${i}` : `${40000 + i} → 80 [ACK] Seq=${i}`;
  return {
    fileOffset: 24 + i * 100,
    time: i / 1000,
    length: 60 + (i % 1400),
    interfaceId: 0,
    source: new ColumnText().text(`10.0.${i % 3}.1`),
    destination: new ColumnText().text(i % 2 ? 'fe80::1' : '→ host'),
    protocol: i % 2 ? 'TCP' : 'ARP',
    info: new ColumnText().text(info),
    colorKey: i % 2 ? 'tcp' : 'arp',
    topOsi: 4 as const,
    layers: i % 2 ? ['eth', 'ip', 'tcp'] : i % 3 ? ['eth', 'arp'] : ['sll', 'arp'],
    noted: i % 4 === 1 ? ['http.request.line_text'] : [],
    expectedInfo: info.replaceAll('\n', ' '),
  };
}

test('rows read back the columns they were given, across packed blocks and the open one', () => {
  const index = new PacketIndex();
  const count = 2500; // two full blocks of 1024 and part of a third
  for (let i = 0; i < count; i++) index.add(entry(i));
  assert.equal(index.size, count);
  for (const [start, n] of [[0, 3], [1020, 10], [2046, 5], [2490, 20]] as const) {
    const rows = index.rows(start, n);
    assert.equal(rows.length, Math.min(n, count - start));
    rows.forEach((row, k) => {
      const e = entry(start + k);
      assert.deepEqual(
        [row.number, row.source, row.destination, row.protocol, row.info, row.colorKey, row.length],
        [start + k + 1, e.source.toString(), e.destination.toString(), e.protocol, e.expectedInfo, e.colorKey, e.length],
      );
    });
  }
  assert.equal(index.fileOffset(1001), 24 + 1000 * 100);
});

test('each packet keeps its length on the wire, its list of layers and its noted fields (a filter reads them without decoding)', () => {
  const index = new PacketIndex();
  for (let i = 0; i < 50; i++) index.add(entry(i));
  for (const n of [1, 2, 3, 4, 7, 50]) {
    assert.equal(index.length(n), entry(n - 1).length);
    assert.deepEqual(index.layers(n), entry(n - 1).layers);
    assert.deepEqual(index.noted(n), entry(n - 1).noted);
  }
  assert.throws(() => index.layers(51), RangeError);
});

test('a row added after rows were read from the open block is read back too', () => {
  const index = new PacketIndex();
  index.add(entry(1));
  assert.equal(index.rows(0, 1)[0].info, entry(1).expectedInfo);
  index.add(entry(2));
  assert.deepEqual(index.rows(0, 2).map((r) => r.info), [entry(1).expectedInfo, entry(2).expectedInfo]);
});
