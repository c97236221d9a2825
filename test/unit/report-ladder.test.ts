// The report's conversation section, read as a teacher reads it and checked against tshark: one
// arrow per packet of the stream, in order, from the right side, labelled as the app labels it
// (flags, relative seq/ack, length, analysis marks); each side's TCP state where it changes, on its
// own timeline; the handshake and teardown bracketed; statistics equal to `tshark -z conv,tcp`'s,
// the iRTT tshark computes, the analysis marks counted as tshark flags them. Printed, the ladder
// is rows of slices that a page may break between but never through.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { indexCaptureFile } from '../../electron/cli/indexed-capture.js';
import { reportConversation, ConversationNotFoundError, type ReportConversation } from '../../electron/report/report-conversation.js';
import { conversationSection } from '../../electron/report/report-conversation-section.js';
import { ladderFigure } from '../../electron/report/report-ladder.js';
import { reportHtml } from '../../electron/report/report-html.js';
import type { CaptureSession } from '../../electron/service/capture-session.js';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import type { LadderPacket, LadderView } from '../../electron/service/contract.js';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const ANALYSIS = fileURLToPath(new URL('../fixtures/packets/tcp-analysis.pcap', import.meta.url));

const sessions = new Map<string, CaptureSession>();
function session(path: string): CaptureSession {
  let s = sessions.get(path);
  if (!s) sessions.set(path, (s = indexCaptureFile(path)));
  return s;
}
after(() => sessions.forEach((s) => s.close()));

function tshark(args: string[]): string {
  const r = spawnSync('tshark', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

interface DrawnArrow {
  number: number;
  direction: string;
  x1: number;
  x2: number;
  flags: string;
  marks: string[];
  detail: string;
}

function arrowsOf(html: string): DrawnArrow[] {
  return [...html.matchAll(/<g class="arrow [^"]*" data-number="(\d+)" data-direction="(\w+)">(.*?)<\/g>/g)].map((m) => {
    const body = m[3];
    const shaft = /<line class="shaft" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/.exec(body)!;
    const flagsText = /<text class="flags"[^>]*>(.*?)<\/text>/.exec(body)![1];
    return {
      number: Number(m[1]),
      direction: m[2],
      x1: Number(shaft[1]),
      x2: Number(shaft[2]),
      flags: flagsText.replace(/<tspan.*$/, ''),
      marks: [...flagsText.matchAll(/<tspan class="mark"[^>]*>\[(.*?)\]<\/tspan>/g)].map((t) => t[1]),
      detail: /<text class="detail"[^>]*>(.*?)<\/text>/.exec(body)?.[1] ?? '',
    };
  });
}

function statesOf(html: string): { side: string; index: number; x: number; text: string }[] {
  return [...html.matchAll(/<g class="state side-(\w)[^"]*" data-side="\w" data-index="(\d+)"><rect x="([\d.-]+)"[^>]*\/><text[^>]*>(.*?)<\/text><\/g>/g)].map((m) => ({ side: m[1], index: Number(m[2]), x: Number(m[3]), text: m[4] }));
}

function stat(html: string, name: string): string {
  return new RegExp(`<td data-stat="${name}">(.*?)</td>`).exec(html)![1];
}

/** Wireshark's flag names in its order, from tcp.flags. */
function flagNames(hex: string): string {
  const names = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];
  const bits = parseInt(hex, 16);
  return names.filter((_, i) => (bits & (1 << i)) !== 0).join(', ');
}

test('a TCP conversation is drawn one arrow per packet, in order, from its sender, with the app\'s labels', () => {
  const html = conversationSection(reportConversation(session(SAMPLE), 'tcp', 0));
  const arrows = arrowsOf(html);
  const lines = tshark(['-r', SAMPLE, '-Y', 'tcp.stream == 0', '-T', 'fields', '-E', 'separator=/t', '-e', 'frame.number', '-e', 'ip.src', '-e', 'tcp.flags', '-e', 'tcp.seq', '-e', 'tcp.ack', '-e', 'tcp.len']).trim().split('\n');
  assert.equal(arrows.length, lines.length, 'one arrow per packet of the stream');
  const a = lines[0].split('\t')[1];
  lines.forEach((line, i) => {
    const [number, src, flags, seq, ack, len] = line.split('\t');
    const arrow = arrows[i];
    assert.equal(arrow.number, Number(number));
    assert.equal(arrow.direction, src === a ? 'AtoB' : 'BtoA');
    // A's timeline is on the left: its arrows go right.
    assert.equal(arrow.x1 < arrow.x2, src === a, `packet ${number} leaves its sender's timeline`);
    assert.equal(arrow.flags, flagNames(flags));
    const acked = (parseInt(flags, 16) & 0x10) !== 0;
    assert.equal(arrow.detail, acked ? `Seq=${seq} Ack=${ack} Len=${len}` : `Seq=${seq} Len=${len}`);
  });
  assert.deepEqual([...html.matchAll(/<g class="group (\w+)"/g)].map((m) => m[1]), ['handshake', 'teardown']);
});

test('each side\'s TCP state is written on its own timeline where it changes: A closes first and waits in TIME-WAIT', () => {
  const html = conversationSection(reportConversation(session(SAMPLE), 'tcp', 0));
  const states = statesOf(html);
  const laneA = Number(/<line class="lane" x1="([\d.]+)"/.exec(html)![1]);
  const sideA = states.filter((s) => s.side === 'a');
  const sideB = states.filter((s) => s.side === 'b');
  assert.deepEqual(sideA.map((s) => `${s.index}:${s.text}`), ['0:SYN-SENT', '1:ESTABLISHED', '7:FIN-WAIT-1', '8:TIME-WAIT']);
  assert.deepEqual(sideB.map((s) => `${s.index}:${s.text}`), ['0:SYN-RECEIVED', '2:ESTABLISHED', '7:CLOSE-WAIT', '8:LAST-ACK', '9:CLOSED']);
  for (const s of sideA) assert.ok(s.x < laneA, `${s.text} is left of A's timeline`);
  for (const s of sideB) assert.ok(s.x > laneA, `${s.text} is right of A's timeline`);
  assert.match(stat(html, 'final-states'), /<span data-side="a">A: TIME-WAIT<\/span> · <span data-side="b">B: CLOSED<\/span>.*A waits in TIME-WAIT/);
});

test('the statistics are tshark -z conv,tcp\'s for the stream, with bits/s each way and tshark\'s iRTT', () => {
  const html = conversationSection(reportConversation(session(SAMPLE), 'tcp', 0));
  const conv = tshark(['-r', SAMPLE, '-q', '-z', 'conv,tcp']);
  const row = /^(\S+)\s+<->\s+(\S+)\s+(\d+) (\d+) bytes\s+(\d+) (\d+) bytes\s+\d+ \d+ bytes\s+([\d.]+)\s+([\d.]+)$/m.exec(conv)!;
  const [, a, b, framesBtoA, bytesBtoA, framesAtoB, bytesAtoB, start, duration] = row;
  assert.equal(stat(html, 'endpoint-a'), a);
  assert.equal(stat(html, 'endpoint-b'), b);
  assert.equal(stat(html, 'start'), `${Number(start).toFixed(6)} s`);
  assert.equal(stat(html, 'duration'), `${duration} s`);
  const times = tshark(['-r', SAMPLE, '-Y', 'tcp.stream == 0', '-T', 'fields', '-e', 'frame.time_relative']).trim().split('\n').map(Number);
  const seconds = times.at(-1)! - times[0];
  const direction = (d: string) => /<tr data-direction="\w+"><th>[^<]*<\/th><td>(\d+)<\/td><td>(\d+)<\/td><td>([\d,]+)<\/td><\/tr>/.exec(html.slice(html.indexOf(`data-direction="${d}"`) - 4))!;
  for (const [d, frames, bytes] of [['AtoB', framesAtoB, bytesAtoB], ['BtoA', framesBtoA, bytesBtoA]]) {
    const [, shownFrames, shownBytes, bps] = direction(d);
    assert.equal(shownFrames, frames, `${d} packets`);
    assert.equal(shownBytes, bytes, `${d} bytes`);
    assert.equal(Number(bps.replace(/,/g, '')), Math.round((Number(bytes) * 8) / seconds), `${d} bits/s`);
  }
  const irtt = Number(tshark(['-r', SAMPLE, '-Y', 'tcp.stream == 0 && tcp.analysis.initial_rtt', '-T', 'fields', '-e', 'tcp.analysis.initial_rtt']).trim().split('\n')[0]);
  assert.equal(stat(html, 'irtt'), `${(irtt * 1000).toFixed(3)} ms`);
});

test('analysis marks label their arrows and are counted as tshark flags them (a fast retransmission once, as such)', () => {
  const marks: Record<string, string> = {
    retransmission: 'Retransmission', fast_retransmission: 'Fast retransmission', spurious_retransmission: 'Spurious retransmission',
    duplicate_ack: 'Dup ACK', lost_segment: 'Previous segment not captured', out_of_order: 'Out-of-order',
  };
  const names = Object.keys(marks);
  // tshark prints a present flag as "1" (an absent one as nothing), one line per packet.
  const flagged = tshark(['-r', ANALYSIS, '-Y', 'tcp.stream <= 3 && tcp.analysis.flags', '-T', 'fields', '-e', 'tcp.stream', '-e', 'frame.number', ...names.flatMap((m) => ['-e', `tcp.analysis.${m}`])])
    .trim().split('\n').map((line) => line.split('\t'));
  for (const stream of [1, 2, 3]) {
    const html = conversationSection(reportConversation(session(ANALYSIS), 'tcp', stream));
    const arrows = arrowsOf(html);
    const mine = flagged.filter((f) => Number(f[0]) === stream);
    for (const mark of names) {
      const has = (f: string[], m: string) => f[2 + names.indexOf(m)] !== '';
      // The arrow names a retransmission's kind once: a fast or spurious one is not also "Retransmission".
      const numbers = mine.filter((f) => has(f, mark) && !(mark === 'retransmission' && (has(f, 'fast_retransmission') || has(f, 'spurious_retransmission')))).map((f) => Number(f[1]));
      const name = marks[mark];
      const counted = new RegExp(`<li data-mark="${mark}">${name}: (\\d+)</li>`).exec(html)?.[1];
      assert.equal(Number(counted ?? 0), numbers.length, `stream ${stream}: ${name} counted`);
      assert.deepEqual(arrows.filter((a) => a.marks.includes(name)).map((a) => a.number), numbers, `stream ${stream}: arrows marked ${name}`);
    }
    assert.ok(arrows.some((a) => a.marks.length > 0), `stream ${stream} has marks to show`);
  }
  const clean = conversationSection(reportConversation(session(SAMPLE), 'tcp', 0));
  assert.match(stat(clean, 'marks'), /none: no retransmission/);
});

test('a stream that does not exist is refused, saying how many there are', () => {
  assert.throws(() => reportConversation(session(SAMPLE), 'tcp', 1), (err: unknown) => err instanceof ConversationNotFoundError && /no TCP conversation 1: the capture has 1 TCP conversation/.test(err.message));
  assert.throws(() => reportConversation(session(SAMPLE), 'udp', 99), ConversationNotFoundError);
});

/** A long conversation of pure ACKs after a handshake, A to B and back in turn. */
function longLadder(count: number): LadderView {
  const packets: LadderPacket[] = Array.from({ length: count }, (_, i) => ({
    number: i + 1, time: i / 1000, direction: i % 2 ? 'BtoA' : 'AtoB', flags: i === 0 ? 'SYN' : i === 1 ? 'SYN, ACK' : 'ACK', seq: i, ack: i, len: 0, marks: [],
  }));
  return { protocol: 'tcp', stream: 0, a: '10.0.0.1:1000', b: '10.0.0.2:80', start: 0, total: count, from: 0, packets, handshake: { first: 0, last: 2 } };
}

test('printed, the ladder is slices a page may break between: each arrow wholly in one, the handshake kept in one, the endpoints repeated on each page', () => {
  const html = ladderFigure(longLadder(60));
  assert.match(html, /<table class="ladder"[^>]*><thead><tr><td><svg[^>]*class="ladder-header"[^>]*>.*10\.0\.0\.1:1000.*10\.0\.0\.2:80.*<\/svg><\/td><\/tr><\/thead>/);
  const slices = [...html.matchAll(/<tr class="ladder-slice"><td><svg[^>]*viewBox="0 ([\d.]+) [\d.]+ ([\d.]+)"[^>]*>(.*?)<\/svg><\/td><\/tr>/g)];
  assert.equal(slices.length, 58, 'the handshake\'s three rows in one slice, then one per packet');
  const seen: number[] = [];
  for (const [, topText, heightText, body] of slices) {
    const top = Number(topText);
    const bottom = top + Number(heightText);
    for (const arrow of body.matchAll(/data-number="(\d+)"[^>]*>.*?<text class="flags" x="[\d.]+" y="([\d.]+)".*?<text class="detail" x="[\d.]+" y="([\d.]+)"/g)) {
      seen.push(Number(arrow[1]));
      // The flags line above the arrow and the numbers line below it are inside the slice.
      assert.ok(Number(arrow[2]) - 10 >= top && Number(arrow[3]) + 3 <= bottom, `arrow ${arrow[1]} lies within its slice`);
    }
  }
  assert.deepEqual(seen, Array.from({ length: 60 }, (_, i) => i + 1));
  assert.match(slices[0][3], /Three-way handshake.*data-number="1".*data-number="2".*data-number="3"/);
});

test('a ladder longer than a report draws says how much of it is drawn', () => {
  const ladder = { ...longLadder(5), total: 5000 };
  const conversation: ReportConversation = {
    ladder,
    statistics: { type: 'tcp', stream: 0, a: ladder.a, b: ladder.b, framesAtoB: 2500, bytesAtoB: 1, framesBtoA: 2500, bytesBtoA: 1, start: 0, duration: 1 },
    marks: [],
    finalStates: {},
  };
  assert.match(conversationSection(conversation), /The ladder draws the first 5 of the conversation(?:'|&#39;)s 5000 packets/);
  assert.doesNotMatch(conversationSection({ ...conversation, ladder: longLadder(5) }), /The ladder draws the first/);
});

test('the report puts the conversation first, with its own entry in the contents, and its styles only then', () => {
  const options = { title: 'T', capture: 'sample.pcapng', capturePackets: 18, captureSeconds: 1, view: 'receiver' as const, made: new Date(0) };
  const html = reportHtml([], { ...options, conversation: reportConversation(session(SAMPLE), 'tcp', 0) });
  assert.match(html, /<nav class="toc">.*<a href="#conversation">TCP conversation 0: 192\.0\.2\.10:40000 ↔ 198\.51\.100\.20:80<\/a>/s);
  assert.match(html, /<section class="conversation" id="conversation" data-protocol="tcp" data-stream="0">/);
  assert.match(html, /tr\.ladder-slice \{ break-inside: avoid; \}/);
  const plain = reportHtml([], options);
  assert.doesNotMatch(plain, /class="conversation"|ladder-slice/);
});

test('the app asks for the report with the selected conversation: its ladder and statistics come first; a stream that does not exist is refused with a code', async () => {
  const service = new LayerscopeService();
  try {
    await service.request('file.open', { path: SAMPLE });
    await service.whenLoaded();
    const { html } = await service.request('report.make', { packets: { which: 'selected', number: 8 }, view: 'receiver', conversation: { protocol: 'tcp', stream: 0 } });
    assert.equal(arrowsOf(html).length, 10);
    assert.ok(html.indexOf('id="conversation"') < html.indexOf('id="packet-8"'));
    await assert.rejects(
      service.request('report.make', { packets: { which: 'all' }, view: 'receiver', conversation: { protocol: 'tcp', stream: 4 } }),
      (err: unknown) => (err as { code?: string }).code === 'ENOCONVERSATION' && /no TCP conversation 4/.test((err as Error).message),
    );
  } finally {
    await service.close();
  }
});

test('a UDP conversation is drawn one arrow per datagram labelled with its payload length, without TCP states', () => {
  const html = conversationSection(reportConversation(session(SAMPLE), 'udp', 0));
  const lines = tshark(['-r', SAMPLE, '-Y', 'udp.stream == 0', '-T', 'fields', '-e', 'frame.number', '-e', 'udp.length']).trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(arrowsOf(html).map((a) => `${a.number} ${a.flags}`), lines.map(([n, length]) => `${n} Len=${Number(length) - 8}`));
  assert.deepEqual(statesOf(html), []);
  assert.doesNotMatch(html, /data-stat="(marks|irtt|final-states)"|TCP state/);
  assert.match(html, /one arrow per datagram/);
});
