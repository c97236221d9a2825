// The display filter language, construct by construct: what parses, and for what does not, the
// error's code and its place in the text (what the filter bar underlines). Which packets each
// construct selects is checked against tshark in test/oracle/display-filter.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFilter } from '../../electron/filter/filter-parser.js';
import { checkDisplayFilter, compileDisplayFilter } from '../../electron/filter/display-filter.js';
import { FilterError } from '../../electron/filter/filter-error.js';
import { filterNames } from '../../electron/filter/filter-names.js';

function valid(text: string): void {
  const check = checkDisplayFilter(text);
  assert.deepEqual(check, { ok: true }, `${text}: ${check.ok ? '' : check.message}`);
}

/** The error `text` gets: its code (without the `filter.error.` prefix), where it starts and how long it is. */
function error(text: string): { code: string; at: number; length: number; message: string } {
  const check = checkDisplayFilter(text);
  if (check.ok) throw new Error(`${text} was accepted`);
  return { code: check.code.replace('filter.error.', ''), at: check.position, length: check.length, message: check.message };
}

test('every construct of the language is accepted', () => {
  for (const text of [
    'tcp', 'tcp.options.mss_val', 'tcp.port == 80', 'tcp.port eq 80', 'tcp.port != 80', 'tcp.port ne 80', 'tcp.port ~= 80', 'tcp.port any_ne 80',
    'tcp.port === 80', 'tcp.port all_eq 80', 'frame.len > 1', 'frame.len gt 1', 'frame.len >= 1', 'frame.len ge 1', 'frame.len < 1', 'frame.len lt 1',
    'frame.len <= 1', 'frame.len le 1', 'tcp.flags & 0x02', 'tcp.flags bitand 2', 'tcp.port in {80, 443, 8000..8080}', 'tcp.port not in {80}',
    'http.request.method in {"GET", "HEAD"}', 'tcp contains "GET"', 'http.host matches "(?i)^www\\\\."', 'http.host ~ "example"',
    'tcp and udp', 'tcp && udp', 'tcp or udp', 'tcp || udp', 'tcp xor udp', 'tcp ^^ udp', 'not tcp', '!tcp', '!(tcp.port == 80)',
    '((tcp))', 'eth.src[0:3] == 02:00:00', 'eth.src[1-2] == 00:00', 'eth.src[0] == 02', 'eth.src[-1] == 0b', 'eth.src[3:] == 00:00:0b',
    'frame[0:2,12:2] == ff:ff:08:00', 'ip[0] == 45', 'tcp.payload[0] == 0x47', 'ip.addr == 10.0.0.1', 'ip.addr == 10.0.0.0/8',
    'ipv6.addr == ::1', 'ipv6.addr == fe80::/10', 'ipv6.addr == ::ffff:192.0.2.1', 'eth.addr == 02:00:00:00:00:01', 'eth.addr == 02-00-00-00-00-01',
    'eth.addr == 0200.0000.0001', 'ip.proto == TCP', 'ip.proto == 6', 'ip.proto == 0x06', 'ip.ttl == 0100', 'tcp.flags.syn == True',
    'tcp.flags.syn == 1', 'frame.time_relative > 0.5', 'http.host == "a\\"b\\x41\\101"', 'len(http.host) > 3', 'count(dns.a) == 2',
    'lower(http.host) == "x"', 'upper(http.host) == "X"', 'string(ip.ttl) == "64"', 'tcp.srcport > tcp.dstport', '80 == tcp.port', '1000 < frame.len',
    'frame.time > "2026-12-05 07:00:00"', 'tcp.checksum.status == "Bad"',
  ]) valid(text);
});

test('precedence: not binds tightest, then and, then xor, then or', () => {
  const e = parseFilter('not a.b or c.d and e.f xor g.h');
  assert.equal(e.kind, 'or');
  if (e.kind !== 'or') return;
  assert.equal(e.left.kind, 'not');
  assert.equal(e.right.kind, 'xor');
  if (e.right.kind === 'xor') assert.equal(e.right.left.kind, 'and');
});

test('a name that is no field says so where it stands, with the closest field as a suggestion', () => {
  const e = error('ip.src == 10.0.0.1 && tcp.prot == 80');
  assert.deepEqual([e.code, e.at, e.length], ['not_a_field', 22, 8]);
  assert.match(e.message, /"tcp\.prot" is not a field or protocol: did you mean tcp\.port\?/);
  assert.match(error('tpc').message, /"tpc" is not a field or protocol: did you mean tcp\?/);
  assert.match(error('htpp.host == "x"').message, /did you mean http\.host\?/);
  // Far from any name: no suggestion.
  assert.equal(error('zzzzzz.qqqqqq').message, '"zzzzzz.qqqqqq" is not a field or protocol');
});

test('a value of the wrong kind names the field, its kind and the value\'s place', () => {
  let e = error('ip.src == 300.1.1.1');
  assert.deepEqual([e.code, e.at, e.length], ['bad_value', 10, 9]);
  assert.match(e.message, /is not an IPv4 address/);
  e = error('tcp.port == "80"');
  assert.deepEqual([e.code, e.at], ['bad_value', 12]);
  e = error('tcp.port == -1');
  assert.equal(e.code, 'bad_value');
  e = error('eth.src == 02:00:00');
  assert.equal(e.code, 'bad_value');
  assert.match(e.message, /MAC address/);
  e = error('ip.proto == teapot');
  assert.equal(e.code, 'bad_value_name');
  assert.match(e.message, /takes a number or one of/);
  assert.equal(error('ipv6.src == 1:2:3').code, 'bad_value');
  assert.equal(error('ip.dst == 10.0.0.0/33').code, 'bad_value');
});

test('an operator the field\'s type has no meaning for is refused at the operator', () => {
  let e = error('tcp.port contains 80');
  assert.deepEqual([e.code, e.at, e.length], ['not_comparable', 9, 8]);
  e = error('http.host & 1');
  assert.equal(e.code, 'not_comparable');
  e = error('tcp.analysis.flag == 1');
  assert.equal(e.code, 'not_a_field');
  // tcp.analysis.flags, like http.request, is a label: present or not, never equal to a value.
  assert.equal(error('tcp.analysis.flags == 1').code, 'no_value');
  // A label has no value: it can only be tested alone.
  e = error('http.request == 1');
  assert.equal(e.code, 'no_value');
  assert.equal(error('tcp.port[0:1] == 00').code, 'not_sliceable');
  assert.equal(error('tcp.port == ip.src').code, 'bad_value');
  assert.deepEqual(Object.values(error('http.host matches http.user_agent')).slice(0, 2), ['regex_not_written', 18]);
});

test('syntax errors point at the token that does not fit, or at the end', () => {
  assert.deepEqual(Object.values(error('tcp.port ==')).slice(0, 2), ['unexpected_end', 11]);
  assert.deepEqual(Object.values(error('(tcp')).slice(0, 2), ['unexpected_end', 4]);
  assert.deepEqual(Object.values(error('tcp udp')).slice(0, 3), ['unexpected', 4, 3]);
  assert.deepEqual(Object.values(error('tcp.port == 80 )')).slice(0, 2), ['unexpected', 15]);
  assert.deepEqual(Object.values(error('http.host == "abc')).slice(0, 3), ['unterminated_string', 13, 4]);
  assert.deepEqual(Object.values(error('http.host == "a\\qb"')).slice(0, 2), ['bad_escape', 15]);
  assert.deepEqual(Object.values(error('tcp.port in {}')).slice(0, 1), ['empty_set']);
  assert.deepEqual(Object.values(error('tcp.port in {80 443}')).slice(0, 2), ['unexpected', 16]);
  assert.deepEqual(Object.values(error('eth.src[a:b] == 00')).slice(0, 2), ['bad_slice', 8]);
  assert.deepEqual(Object.values(error('http.host matches "(("')).slice(0, 1), ['bad_regex']);
  assert.deepEqual(Object.values(error('frobnicate(tcp)')).slice(0, 1), ['unknown_function']);
  assert.deepEqual(Object.values(error('tcp.port == 80 $')).slice(0, 2), ['unexpected', 15]);
  assert.deepEqual(Object.values(error('80')).slice(0, 1), ['literal_alone']);
});

test('hostile filters are refused without exhausting the stack or the time', () => {
  const deep = '('.repeat(5000) + 'tcp' + ')'.repeat(5000);
  assert.equal(error(deep).code, 'too_deep');
  assert.equal(error('!'.repeat(5000) + 'tcp').code, 'too_deep');
  assert.equal(error('tcp or '.repeat(20000) + 'tcp').code, 'too_long');
  const started = Date.now();
  valid(Array.from({ length: 2000 }, (_, i) => `tcp.port == ${i}`).join(' or '));
  assert.ok(Date.now() - started < 5000);
});

test('errors are FilterErrors with their place, and compile throws them', () => {
  assert.throws(() => compileDisplayFilter('tcp.prot'), (e: unknown) => e instanceof FilterError && e.position === 0 && e.length === 8);
});

test('every field of every protocol module can be named, for completion as the user types', () => {
  const names = filterNames();
  for (const name of ['tcp', 'tcp.port', 'ip.addr', 'dns.qry.name', 'http.request.method', 'dhcp.option.hostname', 'frame.number', 'eth.src']) {
    assert.ok(names.includes(name), name);
  }
  for (const name of names.filter((n) => !n.includes('.')).slice(0, 20)) valid(name);
});
