// The virtualised packet list: only the rows on screen are rendered and fetched, a million rows
// scroll within the browser's height limit, and the keys move the selection like Wireshark's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_SCROLL_HEIGHT,
  firstVisibleRow,
  navigate,
  scrollToReveal,
  scrollTopForRow,
  spacerHeight,
  visibleRange,
} from '../../renderer/src/lib/packet-list-window.js';
import { RowCache } from '../../renderer/src/lib/row-cache.js';
import type { PacketRow } from '../../electron/service/contract.js';

const g = (total: number) => ({ total, rowHeight: 22, viewportHeight: 440 });

test('a small list: the spacer is every row tall, and the visible range follows scrollTop', () => {
  assert.equal(spacerHeight(g(100)), 2200);
  assert.deepEqual(visibleRange(g(100), 0, 0), { start: 0, end: 21 });
  assert.deepEqual(visibleRange(g(100), 22 * 50, 4), { start: 46, end: 75 });
  assert.equal(firstVisibleRow(g(100), 22 * 50 + 5), 50);
});

test('a million rows: the spacer stays under the browser limit, and both ends of the list are reachable', () => {
  const big = g(1_000_000);
  assert.equal(spacerHeight(big), MAX_SCROLL_HEIGHT);
  const bottom = spacerHeight(big) - big.viewportHeight;
  const last = visibleRange(big, bottom, 0);
  assert.equal(last.end, 1_000_000, 'the last packet is on screen at the bottom');
  assert.equal(visibleRange(big, 0, 0).start, 0);
  // Round trip: scrolling to a row shows that row first.
  for (const row of [0, 1234, 500_000, 999_980]) assert.equal(firstVisibleRow(big, scrollTopForRow(big, row)), row);
  // Only a screenful is rendered whatever the size.
  const mid = visibleRange(big, bottom / 2, 4);
  assert.ok(mid.end - mid.start <= 30);
});

test('keys: arrows move one row, Page Up/Down a screenful, Home/End to the ends, clamped', () => {
  assert.equal(navigate('ArrowDown', 5, 100, 20), 6);
  assert.equal(navigate('ArrowUp', 5, 100, 20), 4);
  assert.equal(navigate('ArrowUp', 0, 100, 20), 0);
  assert.equal(navigate('ArrowDown', 99, 100, 20), 99);
  assert.equal(navigate('ArrowDown', null, 100, 20), 0, 'the first Down selects the first packet');
  assert.equal(navigate('PageDown', 5, 100, 20), 25);
  assert.equal(navigate('PageDown', 90, 100, 20), 99);
  assert.equal(navigate('PageUp', 5, 100, 20), 0);
  assert.equal(navigate('Home', 50, 100, 20), 0);
  assert.equal(navigate('End', 50, 100, 20), 99);
  assert.equal(navigate('a', 50, 100, 20), null);
  assert.equal(navigate('ArrowDown', null, 0, 20), null);
});

test('the list scrolls only as far as needed to keep the selection on screen', () => {
  assert.equal(scrollToReveal(10, 15, 20), 10);
  assert.equal(scrollToReveal(10, 30, 20), 11);
  assert.equal(scrollToReveal(10, 3, 20), 3);
});

test('the row cache fetches chunks once, keeps only a few, and drops stale answers after clear()', async () => {
  const asked: number[] = [];
  let total = 1_000_000;
  const fetch = async (start: number, count: number) => {
    asked.push(start);
    const rows: PacketRow[] = [];
    for (let i = start; i < Math.min(total, start + count); i++) {
      rows.push({ number: i + 1, time: i, delta: i === 0 ? 0 : 1, source: 'a', destination: 'b', protocol: 'TCP', length: 60, info: '', colorKey: 'tcp', topOsi: 4 });
    }
    return { total, rows };
  };
  const cache = new RowCache(fetch, () => {}, 100, 4);
  await cache.ensure(0, 30);
  await cache.ensure(10, 40);
  assert.deepEqual(asked, [0], 'the same chunk is not fetched twice');
  assert.equal(cache.get(25)?.number, 26);
  for (let c = 1; c <= 10; c++) await cache.ensure(c * 100, c * 100 + 30);
  assert.ok(cache.size <= 400, `holds at most 4 chunks, held ${cache.size}`);
  assert.equal(cache.get(25), undefined, 'the oldest chunk was dropped');
  // A live capture's partial tail is fetched again after refreshTail().
  total = 1050;
  asked.length = 0;
  const live = new RowCache(fetch, () => {}, 100, 4);
  await live.ensure(1000, 1100);
  await live.ensure(1000, 1100);
  assert.equal(asked.filter((s) => s === 1000).length, 1);
  total = 1080;
  live.refreshTail();
  await live.ensure(1000, 1100);
  assert.equal(live.get(1079)?.number, 1080);
});
