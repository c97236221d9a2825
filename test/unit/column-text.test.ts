// The packet list's column text: decoders append to it as UTF-8 bytes, the list prints the bytes,
// the app shows them as a string. Both views must say the same thing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnText, MAX_COLUMN_BYTES } from '../../electron/dissect/column-text.js';

const decoded = (c: ColumnText) => new TextDecoder().decode(c.bytes.subarray(0, c.length));

test('what is appended reads back the same as bytes and as a string, whatever the characters', () => {
  const c = new ColumnText();
  c.text('Who has ').ipv4(Uint8Array.of(10, 0, 200, 7), 0).char(0x3f).arrow().uint(4294967295).text(' é 😀 \ud800!');
  const expected = 'Who has 10.0.200.7? → 4294967295 é 😀 \ufffd!';
  assert.equal(c.toString(), expected);
  assert.equal(decoded(c), expected);
  assert.equal(c.length, Buffer.byteLength(expected));
  // The width tshark-style padding counts is the string's length in UTF-16 code units.
  assert.equal(c.units, expected.length);
});

test('Latin-1 bytes from a payload become the characters they stand for', () => {
  const c = new ColumnText().latin1(Uint8Array.of(0x47, 0x45, 0x54, 0x20, 0xe9, 0xa0), 0, 6);
  assert.equal(c.toString(), 'GET \u00e9\u00a0');
  assert.equal(c.units, 6);
});

test('set replaces the text, clear empties it, truncate takes back what was appended', () => {
  const c = new ColumnText().text('old');
  c.set('TCP (6)');
  assert.equal(c.toString(), 'TCP (6)');
  c.text(' → more');
  assert.equal(decoded(c), 'TCP (6) → more');
  const before = c.length;
  c.text(' SLE=1 SRE=2 é');
  c.truncate(before);
  assert.equal(c.toString(), 'TCP (6) → more');
  assert.equal(c.units, 'TCP (6) → more'.length);
  assert.equal(c.clear().length, 0);
  assert.equal(c.toString(), '');
});

test('long text grows the buffer, up to tshark\'s 4,095 bytes', () => {
  const long = 'A 0x1234 example.org '.repeat(190);
  const c = new ColumnText().text(long).uint(7);
  assert.equal(c.toString(), `${long}7`);
});

test('text past 4,095 bytes is cut on a character boundary and ends in an ellipsis; more is ignored', () => {
  for (const piece of ['A 0x1234 example.org ', 'é😀']) {
    const c = new ColumnText();
    for (let i = 0; i < 1000; i++) c.text(piece).uint(i).char(0x20).arrow().latin1(Uint8Array.of(0xe9, 0x41), 0, 2);
    const shown = c.toString();
    assert.ok(shown.endsWith('…'), shown.slice(-20));
    assert.ok(c.length <= MAX_COLUMN_BYTES && c.length > MAX_COLUMN_BYTES - 4, String(c.length));
    assert.equal(decoded(c), shown);
    assert.equal(c.units, shown.length);
    assert.ok(c.full);
  }
  const whole = new ColumnText().set('x'.repeat(100_000));
  assert.equal(whole.length, MAX_COLUMN_BYTES);
  assert.ok(whole.toString().endsWith('x…'));
  assert.equal(whole.clear().full, false);
});

test('a fence keeps the text before it through clear and set (TCP\'s analysis marks before HTTP\'s info), until reset', () => {
  const c = new ColumnText();
  c.text('[TCP Window Full] é ').fence().text('40000 → 80 [PSH, ACK]');
  c.clear().text('GET / HTTP/1.1 ');
  assert.equal(c.toString(), '[TCP Window Full] é GET / HTTP/1.1 ');
  c.set('Continuation');
  assert.equal(c.toString(), '[TCP Window Full] é Continuation');
  assert.equal(decoded(c), c.toString());
  assert.equal(c.units, c.toString().length);
  c.reset().set('next packet');
  assert.equal(c.toString(), 'next packet');
});
