// Coursework exports from the command line, checked against Wireshark's own tools: the packets a
// range selects equal what editcap keeps for the same range, comments travel both ways, the CSV
// is the packet list, the plain text lists every field, and a bad request leaves nothing behind.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { PacketRange, PacketRangeError } from '../../electron/export/packet-range.js';
import type { Field } from '../../electron/dissect/field-model.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'layerscope-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function layerscope(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Each packet of a file as "seconds.nanos len hex comment", read by Layerscope's reader. */
function packetsOf(path: string): string[] {
  const reader = openCaptureFile(path);
  const out: string[] = [];
  for (let r = reader.next(); r; r = reader.next()) out.push(`${r.seconds}.${r.nanos} ${r.originalLength} ${Buffer.from(r.data).toString('hex')} ${r.comments?.join(' | ') ?? ''}`);
  reader.close();
  return out;
}

test('a packet range is read as Wireshark writes it, and a wrong one says where it is wrong', () => {
  const range = PacketRange.parse('1-3, 7 ,10-');
  assert.deepEqual([1, 2, 3, 4, 7, 9, 10, 500].map((n) => range.includes(n)), [true, true, true, false, true, false, true, true]);
  assert.equal(PacketRange.parse('2-5').missing(4), 5, 'a closed range names each of its packets');
  assert.equal(PacketRange.parse('2-').missing(1), 2);
  assert.equal(PacketRange.parse('2-').missing(9), undefined, 'an open end names only what exists');
  for (const bad of ['', '1-3,,4', '5-3', '0', 'a-b', '1-2-3']) assert.throws(() => PacketRange.parse(bad), PacketRangeError, bad);
});

test('export --packets takes exactly the packets editcap keeps for the same range, with their comments', () => {
  const ours = join(dir, 'ours.pcapng');
  const r = layerscope('export', SAMPLE, '--packets', '1-3,7,17-', '-w', ours);
  assert.equal(r.code, 0, r.stderr);
  const theirs = join(dir, 'editcap.pcapng');
  const e = spawnSync('editcap', ['-r', SAMPLE, theirs, '1-3', '7', '17-18']);
  assert.equal(e.status, 0, String(e.stderr));
  assert.deepEqual(packetsOf(ours), packetsOf(theirs));
  assert.equal(packetsOf(ours).length, 6);
  // tshark reads it too, comments as frame.comment.
  const t = spawnSync('tshark', ['-r', ours, '-T', 'fields', '-e', 'frame.comment'], { encoding: 'utf8' });
  assert.match(t.stdout.split('\n')[0], /^ARP: who has 192\.0\.2\.1\?/);
});

test('export -Y takes the packets a display filter matches, as tshark -Y -w writes them, within --packets when given', () => {
  const ours = join(dir, 'filtered.pcapng');
  const r = layerscope('export', SAMPLE, '-Y', 'tcp.flags.syn == 1 || icmp', '-w', ours);
  assert.equal(r.code, 0, r.stderr);
  const theirs = join(dir, 'tshark-filtered.pcapng');
  const t = spawnSync('tshark', ['-r', SAMPLE, '-Y', 'tcp.flags.syn == 1 || icmp', '-w', theirs]);
  assert.equal(t.status, 0, String(t.stderr));
  assert.deepEqual(packetsOf(ours), packetsOf(theirs));
  assert.equal(packetsOf(ours).length, 4);
  // Both: the filter's packets among those the list names.
  const both = join(dir, 'both.pcapng');
  assert.equal(layerscope('export', SAMPLE, '-Y', 'tcp.flags.syn == 1 || icmp', '--packets', '6-15', '-w', both).code, 0);
  assert.equal(packetsOf(both).length, 2);
  // A filter that matches nothing writes nothing and says so.
  const none = join(dir, 'none.pcapng');
  const n = layerscope('export', SAMPLE, '-Y', 'udp.port == 9', '-w', none);
  assert.equal(n.code, 2);
  assert.match(n.stderr, /no packet matches the display filter "udp\.port == 9"/);
  assert.equal(existsSync(none), false);
});

test('export to a .pcap name writes classic pcap that tshark reads packet for packet', () => {
  const out = join(dir, 'classic.pcap');
  assert.equal(layerscope('export', SAMPLE, '--packets', '5-7', '-w', out).code, 0);
  const t = spawnSync('tshark', ['-r', out, '-T', 'fields', '-e', 'frame.len'], { encoding: 'utf8' });
  assert.deepEqual(t.stdout.trim().split('\n'), packetsOf(SAMPLE).slice(4, 7).map((p) => p.split(' ')[1]));
});

test('comment adds a note to a packet that tshark shows as frame.comment; editcap\'s comments open in Layerscope', () => {
  const out = join(dir, 'commented.pcapng');
  const r = layerscope('comment', SAMPLE, '--packet', '5', '--text', 'The SYN: the client opens the connection', '--packet', '5', '--text', 'Question 1: which flags?', '-w', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^2 comments added/);
  // Each --text is a comment of its own, after the one the sample already has on packet 5.
  const t = spawnSync('tshark', ['-r', out, '-Y', 'frame.number == 5', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', '-e', 'frame.comment'], { encoding: 'utf8' });
  assert.equal(t.stdout.trim(), 'Client opens the connection: SYN|The SYN: the client opens the connection|Question 1: which flags?');

  // editcap keeps one -a per packet: run twice, each adds its own comment.
  const once = join(dir, 'editcap-once.pcapng');
  const byEditcap = join(dir, 'editcap-comment.pcapng');
  assert.equal(spawnSync('editcap', ['-a', '9:written by editcap', SAMPLE, once]).status, 0);
  assert.equal(spawnSync('editcap', ['-a', '9:and a second one', once, byEditcap]).status, 0);
  assert.match(packetsOf(byEditcap)[8], /written by editcap \| and a second one$/);
  const shown = layerscope('dissect', byEditcap, '--packet', '9', '--format', 'text');
  assert.match(shown.stdout, /^ {4}written by editcap\n {4}and a second one$/m);
});

test('bad requests say exactly what is wrong and leave nothing half-written', () => {
  const out = join(dir, 'never.pcapng');
  const cases: [string[], number, RegExp][] = [
    [['export', SAMPLE, '--packets', '15-20', '-w', out], 2, /there is no packet 19: the capture has 18 packets/],
    [['export', SAMPLE, '--packets', '3-1', '-w', out], 2, /the range ends before it starts/],
    [['export', SAMPLE, '-w', join(dir, 'no-such-folder', 'x.pcapng')], 1, /Cannot write .+: its folder does not exist/],
    [['comment', SAMPLE, '--packet', '40', '--text', 'x', '-w', out], 2, /there is no packet 40/],
    [['comment', SAMPLE, '--packet', '2', '--text', 'x', '-w', join(dir, 'x.pcap')], 2, /classic pcap cannot hold comments/],
    [['export', SAMPLE], 2, /needs an output file: -w OUT\.pcapng/],
  ];
  for (const [args, code, message] of cases) {
    const r = layerscope(...args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  }
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('never') || f.includes('.partial-')), []);
  assert.ok(!existsSync(out));
});

test('the CSV export is the packet list: the same columns, packet for packet, with comments', () => {
  const list = layerscope('list', SAMPLE).stdout.trimEnd().split('\n');
  const csv = layerscope('dissect', SAMPLE, '--format', 'csv').stdout.trimEnd().split('\n');
  assert.equal(csv[0], '"No.","Time","Source","Destination","Protocol","Length","Info","Comment"');
  const rows = csv.slice(1).map(csvFields);
  assert.equal(rows.length, list.length);
  rows.forEach((row, i) => {
    const [no, time, src, dst, proto, len, info] = row;
    // Compared with white space collapsed: the list pads its columns (and tshark's HTTP info ends in a space).
    assert.equal(list[i].replace(/\s+/g, ' ').trim(), `${no} ${time} ${src} → ${dst} ${proto} ${len} ${info}`.replace(/\s+/g, ' ').trim());
  });
  assert.match(rows[2][7], /^DNS query/);
});

test('the plain-text export lists every field of every layer, indented by depth', () => {
  const text = layerscope('dissect', SAMPLE, '--format', 'text', '--packet', '5').stdout;
  const packet = JSON.parse(layerscope('dissect', SAMPLE, '--json', '--packet', '5').stdout);
  const expected: string[] = [];
  const walk = (f: Field, depth: number) => {
    // Wireshark's line for each field; computed ones in brackets, as Wireshark prints them.
    expected.push(`${'    '.repeat(depth)}${f.generated ? `[${f.showname}]` : f.showname}`);
    f.children.forEach((c) => walk(c, depth + 1));
  };
  for (const layer of packet.layers) for (const f of layer.fields) walk(f, 1);
  const lines = new Set(text.split('\n'));
  for (const line of expected) assert.ok(lines.has(line), `missing from the text export: ${JSON.stringify(line)}`);
  assert.match(text, /^Transmission Control Protocol, Src Port: 40000, Dst Port: 80/m);
  assert.match(text, /^ {6}5 0\.020410 +192\.0\.2\.10 +198\.51\.100\.20 +TCP +74 +40000 → 80 \[SYN\]/m);
});

/** The fields of one CSV line whose every value is quoted, "" standing for a quote. */
function csvFields(line: string): string[] {
  return [...line.matchAll(/"((?:[^"]|"")*)"(?:,|$)/g)].map((m) => m[1].replace(/""/g, '"'));
}
