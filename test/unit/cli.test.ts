// The `layerscope` command line, run as a user runs it (a separate process): what it prints on
// stdout, what goes to stderr, and its exit codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const LOOPBACK = fileURLToPath(new URL('../fixtures/packets/transport-loopback-tcp.pcap', import.meta.url));

function layerscope(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertNoStackTrace(stderr: string) {
  assert.doesNotMatch(stderr, /^\s+at /m, `stack trace on stderr:\n${stderr}`);
}

test('list prints one aligned line per packet: number, time, source → destination, protocol, length, info', () => {
  const r = layerscope('list', LOOPBACK);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 24);
  assert.match(lines[0], /^ {4}1 {3}0\.000000 {4}127\.0\.0\.1 → 127\.0\.0\.1 {4}TCP 74 \d+ → 47801 \[SYN\] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=\d+ TSecr=0 WS=1024$/);
  assert.match(lines[1], /^ {4}2 {3}0\.0000\d\d {4}127\.0\.0\.1 → 127\.0\.0\.1 {4}TCP 74 47801 → \d+ \[SYN, ACK\] Seq=0 Ack=1 /);
  assert.match(lines[12], /^ {3}13 {3}0\.\d{6} {10}::1 → ::1 {10}TCP 94 /);
  assert.equal(r.stderr, '');
});

test('list -Y keeps the lines of the packets a display filter matches, as tshark -Y does, numbers unchanged', () => {
  const all = layerscope('list', LOOPBACK).stdout.trimEnd().split('\n');
  const r = layerscope('list', LOOPBACK, '-Y', 'tcp.flags.syn == 1 || ipv6');
  assert.equal(r.code, 0, r.stderr);
  const tshark = spawnSync('tshark', ['-n', '-r', LOOPBACK, '-Y', 'tcp.flags.syn == 1 || ipv6', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' });
  const numbers = tshark.stdout.trim().split('\n').map(Number);
  assert.ok(numbers.length >= 4 && numbers.length < all.length);
  assert.deepEqual(r.stdout.trimEnd().split('\n'), numbers.map((n) => all[n - 1]));
  // The long form works the same.
  assert.equal(layerscope('list', LOOPBACK, '--filter', 'tcp.flags.syn == 1 || ipv6').stdout, r.stdout);
});

test('dissect -Y prints the trees of the matching packets only', () => {
  const r = layerscope('dissect', LOOPBACK, '--json', '-Y', 'tcp.len > 0');
  assert.equal(r.code, 0, r.stderr);
  const packets = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.ok(packets.length > 0);
  for (const p of packets) {
    const tcp = p.layers.find((l: { protocol: string }) => l.protocol === 'tcp');
    const len = tcp.fields.find((f: { name: string }) => f.name === 'tcp.len');
    assert.ok(Number(len.show) > 0, `packet ${p.number}`);
  }
});

test('a display filter that is not valid is a usage error pointing at the place, like tshark', () => {
  const r = layerscope('list', LOOPBACK, '-Y', 'ip.src == 10.0.0.1 && tcp.prot == 80');
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n');
  assert.match(lines[0], /-Y: "tcp\.prot" is not a field or protocol: did you mean tcp\.port\?/);
  assert.equal(lines[1], '  ip.src == 10.0.0.1 && tcp.prot == 80');
  assert.equal(lines[2], '  ' + ' '.repeat(22) + '^' + '~'.repeat('tcp.prot'.length - 1));
  assertNoStackTrace(r.stderr);
  assert.equal(layerscope('dissect', LOOPBACK, '-Y').code, 2);
});

test('dissect --json prints one object per packet per line in the documented shape', () => {
  const r = layerscope('dissect', LOOPBACK, '--json');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 24);
  const p = JSON.parse(lines[0]);
  assert.deepEqual(Object.keys(p), ['number', 'time', 'caplen', 'len', 'layers']);
  assert.deepEqual([p.number, p.time, p.caplen, p.len], [1, 0, 74, 74]);
  assert.deepEqual(p.layers.map((l: { protocol: string }) => l.protocol), ['frame', 'eth', 'ip', 'tcp']);
  const tcp = p.layers[3];
  assert.deepEqual(Object.keys(tcp), ['protocol', 'name', 'title', 'osi', 'tcpip', 'offset', 'length', 'fields', 'problems', 'narrative']);
  assert.equal(tcp.name, 'TCP');
  assert.match(tcp.narrative, /^TCP from port \d+ to port 47801; SYN asks to open a connection/);
  assert.deepEqual([tcp.osi, tcp.tcpip, tcp.offset, tcp.length], [4, 'transport', 34, 40]);
  const flags = tcp.fields.find((f: { name: string }) => f.name === 'tcp.flags');
  assert.deepEqual(Object.keys(flags), ['name', 'label', 'offset', 'length', 'mask', 'value', 'show', 'showname', 'description', 'children']);
  // The tree's line as Wireshark writes it (PDML's showname), value names and bit patterns included.
  assert.equal(flags.showname, 'Flags: 0x002 (SYN)');
  const syn = flags.children.find((f: { name: string }) => f.name === 'tcp.flags.syn');
  assert.deepEqual([syn.offset, syn.length, syn.mask, syn.value, syn.show, syn.showname], [47, 1, 0x02, 1, '1', '.... .... ..1. = Syn: Set']);
  assert.ok(syn.description.length > 20);
  const port = tcp.fields[0];
  assert.deepEqual(Object.keys(port), ['name', 'label', 'offset', 'length', 'value', 'show', 'showname', 'description', 'children']);
  const status = p.layers[2].fields.find((f: { name: string }) => f.name === 'ip.checksum.status');
  assert.deepEqual([status.showname, status.generated], ['Header checksum status: Good', true]);
});

test('dissect --packet N prints only that packet, with relative numbers as in a full pass', () => {
  const r = layerscope('dissect', LOOPBACK, '--json', '--packet', '8');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  const p = JSON.parse(lines[0]);
  assert.equal(p.number, 8);
  const tcp = p.layers.find((l: { protocol: string }) => l.protocol === 'tcp');
  const seq = tcp.fields.find((f: { name: string }) => f.name === 'tcp.seq');
  assert.equal(seq.show, '28');
});

test('list carries the TCP analysis marks in Info; dissect --json carries the analysis fields and both endpoints\' states', () => {
  const ANALYSIS = fileURLToPath(new URL('../fixtures/packets/tcp-analysis.pcap', import.meta.url));
  const list = layerscope('list', ANALYSIS);
  assert.equal(list.code, 0, list.stderr);
  const lines = list.stdout.trimEnd().split('\n');
  assert.match(lines[27], / TCP 54 \[TCP Dup ACK 26#1\] 33333 → 40003 \[ACK\] /);
  assert.match(lines[24], / \[TCP Previous segment not captured\] 40003 → 33333 /);
  assert.match(lines[61], / \[TCP ZeroWindowProbeAck\] \[TCP ZeroWindow\] 33333 → 40006 /);
  const r = layerscope('dissect', ANALYSIS, '--json', '--packet', '28');
  assert.equal(r.code, 0, r.stderr);
  const tcp = JSON.parse(r.stdout).layers.find((l: { protocol: string }) => l.protocol === 'tcp');
  type JsonField = { name: string; show: string; generated?: boolean; children: JsonField[] };
  const all: JsonField[] = [];
  const walk = (fields: JsonField[]) => fields.forEach((f) => (all.push(f), walk(f.children)));
  walk(tcp.fields);
  const show = (name: string) => all.find((f) => f.name === name)?.show;
  assert.deepEqual(
    ['tcp.analysis.duplicate_ack_num', 'tcp.analysis.duplicate_ack_frame', 'tcp.analysis.initial_rtt', 'tcp.state.src', 'tcp.state.dst'].map(show),
    ['1', '26', '0.020000000', 'ESTABLISHED', 'ESTABLISHED'],
  );
  assert.ok(all.find((f) => f.name === 'tcp.analysis.flags')?.generated);
  assert.ok(tcp.problems.some((p: { code: string }) => p.code === 'tcp.duplicate_ack'), JSON.stringify(tcp.problems));
  const fin = JSON.parse(layerscope('dissect', ANALYSIS, '--json', '--packet', '8').stdout).layers.find((l: { protocol: string }) => l.protocol === 'tcp');
  const states = fin.fields.filter((f: JsonField) => f.name.startsWith('tcp.state.')).map((f: JsonField) => `${f.name}=${f.show}`);
  assert.deepEqual(states, ['tcp.state.src=FIN-WAIT-1', 'tcp.state.src_previous=ESTABLISHED', 'tcp.state.dst=CLOSE-WAIT', 'tcp.state.dst_previous=ESTABLISHED']);
});

test('dissect prints the layer tree as text, with each layer\'s place in both models and byte ranges', () => {
  const r = layerscope('dissect', LOOPBACK, '--packet', '1');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Transmission Control Protocol, Src Port: \d+, Dst Port: 47801, Seq: 0, Len: 0 \[34\+40\] {2}\[OSI 4 Transport \| TCP\/IP Transport\]$/m);
  assert.match(r.stdout, /^Internet Protocol Version 4, .*\[OSI 3 Network \| TCP\/IP Internet\]$/m);
  // Each field as Wireshark's line: bit pattern, label, value name; computed ones bracketed.
  assert.match(r.stdout, /^ {8}\.\.\.\. \.\.\.\. \.\.1\. = Syn: Set \[47\+1\] mask 0x2 {2}\(tcp\.flags\.syn\)$/m);
  assert.match(r.stdout, /^ {4}Protocol: TCP \(6\) \[23\+1\] {2}\(ip\.proto\)$/m);
  assert.match(r.stdout, /^ {4}\[Header checksum status: Good\] \[24\+0\] {2}\(ip\.checksum\.status\)$/m);
  assert.match(r.stdout, /^ {12}MSS Value: 65495 \[56\+2\] {2}\(tcp\.options\.mss_val\)$/m);
});

test('problems are flagged in the text tree', () => {
  // Packet 11 of the crafted connection carries a corrupted checksum.
  const r = layerscope('dissect', fileURLToPath(new URL('../fixtures/packets/transport-tcp-connection.pcap', import.meta.url)), '--packet', '11');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Checksum: 0x1234 incorrect, should be 0x[0-9a-f]{4}.* \[50\+2\].*\n\s+!! ERROR: /);
});

test('help, --help and no arguments print the usage; an unknown command is refused', () => {
  for (const args of [['help'], ['--help']]) {
    const r = layerscope(...args);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /layerscope list FILE/);
    assert.match(r.stdout, /layerscope dissect FILE \[--format tree\|text\|csv\|json\] \[--packet N \| --packets LIST\]/);
    assert.match(r.stdout, /layerscope export FILE \[-Y FILTER\] \[--packets LIST\] -w OUT\.pcapng\|OUT\.pcap/);
    assert.match(r.stdout, /layerscope report FILE \[-Y FILTER\] \[--packets LIST\]/);
    assert.match(r.stdout, /layerscope conversations FILE \[--type eth\|ip\|ipv6\|tcp\|udp\] \[-Y FILTER\]/);
    assert.match(r.stdout, /layerscope lab SCENARIO/);
  }
  const none = layerscope();
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Usage:/);
  const unknown = layerscope('frobnicate');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  assert.equal(unknown.stdout, '');
});

test('a missing file and a file that is not a capture are one-line errors with exit code 1, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-cli-'));
  try {
    const missing = layerscope('list', join(dir, 'nope.pcap'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^layerscope: Cannot open nope\.pcap: there is no such file/);
    assertNoStackTrace(missing.stderr);
    assert.equal(missing.stdout, '');

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'these are my notes, not packets\n');
    for (const command of ['list', 'dissect']) {
      const r = layerscope(command, text);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /notes\.txt is not a capture file/);
      assertNoStackTrace(r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad arguments are usage errors (exit code 2) that say what is wrong', () => {
  const zero = layerscope('dissect', LOOPBACK, '--packet', '0');
  assert.equal(zero.code, 2);
  assert.match(zero.stderr, /--packet must be a whole number of at least 1, not '0'/);
  const beyond = layerscope('dissect', LOOPBACK, '--packet', '99');
  assert.equal(beyond.code, 2);
  assert.match(beyond.stderr, /there is no packet 99: the file has 24 packets/);
  const option = layerscope('list', LOOPBACK, '--colour');
  assert.equal(option.code, 2);
  assert.match(option.stderr, /unknown option --colour/);
  const noFile = layerscope('list');
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /list needs a capture file/);
  for (const r of [zero, beyond, option, noFile]) assertNoStackTrace(r.stderr);
});

test('list --threads N decodes with N threads, printing the same lines; with -Y, or outside 1 to 16, it is a usage mistake', () => {
  const one = layerscope('list', LOOPBACK, '--threads', '1');
  const two = layerscope('list', LOOPBACK, '--threads=2');
  assert.equal(two.code, 0, two.stderr);
  assert.equal(two.stdout, one.stdout);
  for (const args of [['--threads', '2', '-Y', 'tcp'], ['--threads', '0'], ['--threads', '17'], ['--threads', 'two']]) {
    const r = layerscope('list', LOOPBACK, ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /--threads/);
    assert.equal(r.stdout, '');
    assertNoStackTrace(r.stderr);
  }
});

test('a damaged file lists what could be read, then warns on stderr with exit code 3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-cli-'));
  try {
    const bytes = readFileSync(LOOPBACK);
    const cut = join(dir, 'cut.pcap');
    // 24-byte file header, then 16-byte record headers: the fourth packet (66+16, 74+16...) is cut in two.
    const firstThree = 24 + (16 + 74) * 2 + (16 + 66);
    writeFileSync(cut, bytes.subarray(0, firstThree + 30));
    const r = layerscope('list', cut);
    assert.equal(r.code, 3);
    assert.equal(r.stdout.trimEnd().split('\n').length, 3);
    assert.match(r.stderr, /^layerscope: warning: .*packet 4/);
    assertNoStackTrace(r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('output piped into a reader that stops early (| head) ends quietly', () => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" --import tsx "${CLI}" list "${LOOPBACK}" | head -n 2; echo "status \${PIPESTATUS:-done}"`], { encoding: 'utf8' });
  assert.equal(r.stdout.split('\n').filter((l) => / TCP /.test(l)).length, 2);
  assertNoStackTrace(r.stderr);
});
