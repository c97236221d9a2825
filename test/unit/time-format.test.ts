// The time column's formats, as Wireshark's View ▸ Time Display Format gives them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPacketTime } from '../../renderer/src/lib/time-format.js';

// The bundled sample's first packet: 2025-01-01 12:00:00 UTC exactly.
const first = { seconds: 1735732800, nanos: 0 };

test('seconds since the first packet and since the previous one', () => {
  assert.equal(formatPacketTime('relative', 0.02041, 0.000537, first), '0.020410');
  assert.equal(formatPacketTime('delta', 0.02041, 0.000537, first), '0.000537');
});

test('UTC date and time and seconds since 1970 keep every microsecond', () => {
  assert.equal(formatPacketTime('utc', 0.02041, 0, first), '2025-01-01 12:00:00.020410');
  assert.equal(formatPacketTime('epoch', 0.02041, 0, first), '1735732800.020410');
  assert.equal(formatPacketTime('utc', 59.9999995, 0, { seconds: 1735732800, nanos: 999_000 }), '2025-01-01 12:01:00.000999');
  assert.equal(formatPacketTime('epoch', 2.019514, 0, { seconds: 1735732800, nanos: 123_456_000 }), '1735732802.142970');
});

test('date and time of day in the local time zone', () => {
  const previous = process.env.TZ;
  process.env.TZ = 'Europe/Warsaw';
  try {
    assert.equal(formatPacketTime('local', 0.02041, 0, first), '2025-01-01 13:00:00.020410');
  } finally {
    process.env.TZ = previous;
  }
});
