import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import type { Field } from '../../electron/dissect/field-model.js';
import { dissect, field, layer, show, tcpFrame } from './tcp-frame-builder.js';

const SYN = 0x002, ACK = 0x010, PSH = 0x008, FIN = 0x001, RST = 0x004, URG = 0x020;
const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
/** MSS 1460, SACK permitted, timestamps (TSval, TSecr), NOP, window scale: what Linux puts in a SYN. */
const synOptions = (tsval: number, tsecr: number, shift = 7) => [2, 4, 0x05, 0xb4, 4, 2, 8, 10, ...u32(tsval), ...u32(tsecr), 1, 3, 3, shift];

/** A handshake, a data segment with its ACK and a FIN between 192.0.2.1:40000 and 198.51.100.2:9000 (no decoder claims that port). */
function connection() {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', sport: 40000, dport: 9000 };
  const s = { src: '198.51.100.2', dst: '192.0.2.1', sport: 9000, dport: 40000 };
  return [
    tcpFrame({ ...c, flags: SYN, seq: 1000, window: 64240, options: synOptions(12345, 0) }),
    tcpFrame({ ...s, flags: SYN | ACK, seq: 5000, ack: 1001, window: 65160, options: synOptions(999, 12345, 9) }),
    tcpFrame({ ...c, flags: ACK, seq: 1001, ack: 5001, window: 502 }),
    tcpFrame({ ...c, flags: PSH | ACK, seq: 1001, ack: 5001, window: 502, payload: Array(77).fill(0x41) }),
    tcpFrame({ ...s, flags: ACK, seq: 5001, ack: 1078, window: 128 }),
    tcpFrame({ ...c, flags: FIN | ACK, seq: 1078, ack: 5001, window: 502 }),
  ];
}

test('the packet list shows a handshake the way tshark does, with relative sequence numbers and options', () => {
  const state = new DissectState();
  const info = connection().map((f, i) => dissect(f, state, i + 1, false).summary);
  assert.equal(info[0].protocol, 'TCP');
  assert.equal(info[0].source, '192.0.2.1');
  assert.equal(info[0].destination, '198.51.100.2');
  assert.deepEqual(info.map((s) => s.info), [
    '40000 → 9000 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=12345 TSecr=0 WS=128',
    '9000 → 40000 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM TSval=999 TSecr=12345 WS=512',
    // After the handshake the window is scaled by the sender's shift: 502 × 128.
    '40000 → 9000 [ACK] Seq=1 Ack=1 Win=64256 Len=0',
    '40000 → 9000 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=77',
    '9000 → 40000 [ACK] Seq=1 Ack=78 Win=65536 Len=0',
    '40000 → 9000 [FIN, ACK] Seq=78 Ack=1 Win=64256 Len=0',
  ]);
});

test('sequence fields show relative numbers with the raw ones beside them, at their byte offsets', () => {
  const state = new DissectState();
  const frames = connection();
  const packets = frames.map((f, i) => dissect(f, state, i + 1));
  const tcp = layer(packets[3], 'tcp');
  assert.equal(tcp.osi, 4);
  assert.equal(tcp.tcpip, 'transport');
  assert.equal(tcp.offset, 34);
  assert.equal(tcp.length, 20);
  const f = (name: string) => [field(tcp, name).offset, field(tcp, name).length, field(tcp, name).show];
  assert.deepEqual(f('tcp.seq'), [38, 4, '1']);
  assert.deepEqual(f('tcp.seq_raw'), [38, 4, '1001']);
  assert.deepEqual(f('tcp.ack'), [42, 4, '1']);
  assert.deepEqual(f('tcp.ack_raw'), [42, 4, '5001']);
  assert.deepEqual(f('tcp.len'), [34, 0, '77']);
  assert.deepEqual(f('tcp.nxtseq'), [34, 0, '78']);
  assert.deepEqual(f('tcp.window_size_value'), [48, 2, '502']);
  assert.deepEqual(f('tcp.window_size'), [48, 2, '64256']);
  assert.equal(tcp.title, 'Transmission Control Protocol, Src Port: 40000, Dst Port: 9000, Seq: 1, Ack: 1, Len: 77');
  // The payload nobody decodes is a data layer right after the header.
  const last = packets[3].layers.at(-1)!;
  assert.equal(last.offset, 54);
  assert.equal(last.length, 77);
});

test('a SYN reads like tshark\'s tree, line for line', () => {
  const p = dissect(tcpFrame({ src: '192.0.2.1', dst: '198.51.100.2', sport: 40000, dport: 80, flags: SYN, seq: 1000, window: 64240, options: synOptions(12345, 0) }), new DissectState());
  const lines: string[] = [];
  const walk = (fields: Field[], depth: number) => {
    for (const f of fields) {
      lines.push('  '.repeat(depth) + f.showname);
      walk(f.children, depth + 1);
    }
  };
  walk(layer(p, 'tcp').fields, 0);
  assert.deepEqual(lines, [
    'Source Port: 40000',
    'Destination Port: 80',
    'Stream index: 0',
    'TCP Segment Len: 0',
    'Sequence Number: 0    (relative sequence number)',
    'Sequence Number (raw): 1000',
    'Next Sequence Number: 1    (relative sequence number)',
    'Acknowledgment Number: 0',
    'Acknowledgment number (raw): 0',
    '1010 .... = Header Length: 40 bytes (10)',
    'Flags: 0x002 (SYN)',
    '  000. .... .... = Reserved: Not set',
    '  ...0 .... .... = Accurate ECN: Not set',
    '  .... 0... .... = Congestion Window Reduced: Not set',
    '  .... .0.. .... = ECN-Echo: Not set',
    '  .... ..0. .... = Urgent: Not set',
    '  .... ...0 .... = Acknowledgment: Not set',
    '  .... .... 0... = Push: Not set',
    '  .... .... .0.. = Reset: Not set',
    '  .... .... ..1. = Syn: Set',
    '  .... .... ...0 = Fin: Not set',
    '  TCP Flags: ··········S·',
    'Window: 64240',
    'Calculated window size: 64240',
    'Checksum: 0x9026 [correct]',
    'Calculated Checksum: 0x9026',
    'Checksum Status: Good',
    'Urgent Pointer: 0',
    'Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation (NOP), Window scale',
    '  TCP Option - Maximum segment size: 1460 bytes',
    '    Kind: Maximum Segment Size (2)',
    '    Length: 4',
    '    MSS Value: 1460',
    '  TCP Option - SACK permitted',
    '    Kind: SACK Permitted (4)',
    '    Length: 2',
    '  TCP Option - Timestamps: TSval 12345, TSecr 0',
    '    Kind: Time Stamp Option (8)',
    '    Length: 10',
    '    Timestamp value: 12345',
    '    Timestamp echo reply: 0',
    '  TCP Option - No-Operation (NOP)',
    '    Kind: No-Operation (1)',
    '  TCP Option - Window scale: 7 (multiply by 128)',
    '    Kind: Window Scale (3)',
    '    Length: 3',
    '    Shift count: 7',
    '    Multiplier: 128',
    // Layerscope's own (tshark has no endpoint states): CLOSED and LISTEN before, as RFC 9293 opens.
    "Sender's state: SYN-SENT",
    "Sender's state before: CLOSED",
    "Receiver's state: SYN-RECEIVED",
    "Receiver's state before: LISTEN",
  ]);
});

test('the layer stack says in words what each segment of a connection does', () => {
  const state = new DissectState();
  const narrative = connection().map((f, i) => layer(dissect(f, state, i + 1), 'tcp').narrative);
  assert.deepEqual(narrative, [
    'TCP from port 40000 to port 9000; SYN asks to open a connection; the client proposes MSS 1460; window scale ×128; selective acknowledgements permitted; ' +
      'the sender is now in SYN-SENT: it has sent its SYN and waits for the other side\'s SYN-ACK; ' +
      'the receiver is now in SYN-RECEIVED: it has received a SYN, answers with its own and waits for that to be acknowledged',
    'TCP from port 9000 to port 40000; SYN-ACK agrees to open the connection; the server proposes MSS 1460; window scale ×512; selective acknowledgements permitted; ' +
      'the receiver is now in ESTABLISHED: the handshake is done for it and data can flow both ways',
    'TCP from port 40000 to port 9000; ACK confirms the data received so far; the receiver is now in ESTABLISHED: the handshake is done for it and data can flow both ways',
    'TCP from port 40000 to port 9000; it carries 77 bytes of data',
    'TCP from port 9000 to port 40000; ACK confirms the data received so far',
    'TCP from port 40000 to port 9000; FIN says this side has finished sending; the sender is now in FIN-WAIT-1: it has sent its FIN and waits for it to be acknowledged; ' +
      'the receiver is now in CLOSE-WAIT: the other side has finished sending; it may still send until its application closes',
  ]);
  const reset = layer(dissect(tcpFrame({ sport: 1, dport: 2, flags: RST | ACK }), new DissectState()), 'tcp');
  assert.equal(reset.narrative, 'TCP from port 1 to port 2; RST aborts the connection; the sender is now in CLOSED: the connection is over for it; the receiver is now in CLOSED: the connection is over for it');
});

test('every flag is a one-bit field with its own mask, and the flag string marks the set ones', () => {
  const p = dissect(tcpFrame({ sport: 1, dport: 2, flags: 0xfff }), new DissectState());
  const tcp = layer(p, 'tcp');
  assert.equal(show(tcp, 'tcp.flags'), '0x0fff');
  assert.equal(field(tcp, 'tcp.flags').mask, 0x0fff);
  const bits: Array<[string, number, number]> = [
    ['tcp.flags.res', 46, 0x0e], ['tcp.flags.ae', 46, 0x01], ['tcp.flags.cwr', 47, 0x80], ['tcp.flags.ece', 47, 0x40],
    ['tcp.flags.urg', 47, 0x20], ['tcp.flags.ack', 47, 0x10], ['tcp.flags.push', 47, 0x08], ['tcp.flags.reset', 47, 0x04],
    ['tcp.flags.syn', 47, 0x02], ['tcp.flags.fin', 47, 0x01],
  ];
  for (const [name, offset, mask] of bits) {
    const f = field(tcp, name);
    assert.deepEqual([f.offset, f.length, f.mask, f.show], [offset, 1, mask, '1'], name);
  }
  assert.equal(show(tcp, 'tcp.flags.str'), 'RRRACEUAPRSF');
  assert.match(p.summary.info, /\[FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE, Reserved\]/);

  const syn = layer(dissect(tcpFrame({ sport: 1, dport: 2, flags: SYN }), new DissectState()), 'tcp');
  assert.equal(show(syn, 'tcp.flags.syn'), '1');
  assert.equal(show(syn, 'tcp.flags.ack'), '0');
  assert.equal(show(syn, 'tcp.flags.str'), '··········S·');
});

test('options are decoded with their kind, length and values', () => {
  const p = dissect(tcpFrame({ sport: 40000, dport: 80, flags: SYN, options: synOptions(12345, 0) }), new DissectState());
  const tcp = layer(p, 'tcp');
  const options = field(tcp, 'tcp.options');
  assert.deepEqual([options.offset, options.length], [54, 20]);
  assert.deepEqual(options.children.map((o) => [o.name, o.offset, o.length]), [
    ['tcp.options.mss', 54, 4],
    ['tcp.options.sack_perm', 58, 2],
    ['tcp.options.timestamp', 60, 10],
    ['tcp.options.nop', 70, 1],
    ['tcp.options.wscale', 71, 3],
  ]);
  assert.equal(show(tcp, 'tcp.options.mss_val'), '1460');
  assert.equal(show(tcp, 'tcp.options.timestamp.tsval'), '12345');
  assert.equal(show(tcp, 'tcp.options.timestamp.tsecr'), '0');
  assert.equal(show(tcp, 'tcp.options.wscale.shift'), '7');
  assert.equal(show(tcp, 'tcp.options.wscale.multiplier'), '128');
  assert.equal(show(tcp, 'tcp.hdr_len'), '40');
  assert.equal(tcp.problems.length, 0);
});

test('SACK edges are shown relative to the acknowledged direction', () => {
  const state = new DissectState();
  const frames = connection();
  frames.slice(0, 4).forEach((f, i) => dissect(f, state, i + 1, false));
  const sack = tcpFrame({ src: '198.51.100.2', dst: '192.0.2.1', sport: 9000, dport: 40000, flags: ACK, seq: 5001, ack: 1001, window: 128, options: [1, 1, 5, 10, ...u32(1001), ...u32(1078)] });
  const p = dissect(sack, state, 5);
  const tcp = layer(p, 'tcp');
  assert.equal(show(tcp, 'tcp.options.sack_le'), '1');
  assert.equal(show(tcp, 'tcp.options.sack_re'), '78');
  assert.match(p.summary.info, /SLE=1 SRE=78$/);
});

test('a SACK block below the acknowledgment number is a D-SACK: data the receiver got twice', () => {
  const state = new DissectState();
  connection().slice(0, 4).forEach((f, i) => dissect(f, state, i + 1, false));
  // Everything up to 1078 is acknowledged, yet 1001-1078 is SACKed again: it arrived twice.
  const dup = tcpFrame({ src: '198.51.100.2', dst: '192.0.2.1', sport: 9000, dport: 40000, flags: ACK, seq: 5001, ack: 1078, window: 128, options: [1, 1, 5, 10, ...u32(1001), ...u32(1078)] });
  const tcp = layer(dissect(dup, state, 5), 'tcp');
  assert.equal(field(tcp, 'tcp.options.sack').showname, 'TCP Option - SACK 1-78');
  assert.equal(field(tcp, 'tcp.options.sack.dsack_le').showname, 'D-SACK Left Edge = 1 (relative)');
  assert.equal(field(tcp, 'tcp.options.sack.dsack_re').showname, 'D-SACK Right Edge = 78 (relative)');
  assert.deepEqual(tcp.problems.map((x) => x.code), ['tcp.dsack']);
});

test('a header length below 20 bytes is a problem on tcp.hdr_len and decoding stops there', () => {
  const p = dissect(tcpFrame({ sport: 41000, dport: 41001, flags: ACK, seq: 1, ack: 1, dataOffset: 4 }), new DissectState());
  const tcp = layer(p, 'tcp');
  const hdr = field(tcp, 'tcp.hdr_len');
  assert.equal(hdr.show, '16');
  assert.equal(hdr.problems?.[0].severity, 'error');
  assert.equal(hdr.problems![0].code, 'tcp.hdr_len_short');
  assert.deepEqual([hdr.problems![0].params?.length, hdr.problems![0].offset], [16, 46]);
  assert.throws(() => field(tcp, 'tcp.window_size_value'));
  assert.match(p.summary.info, /bogus TCP header length \(16, must be at least 20\)/);
});

test('a header length longer than the segment is a malformed-packet problem', () => {
  const p = dissect(tcpFrame({ sport: 41002, dport: 41003, flags: ACK, dataOffset: 15 }), new DissectState());
  const hdr = field(layer(p, 'tcp'), 'tcp.hdr_len');
  assert.equal(hdr.problems![0].code, 'tcp.hdr_len_long');
  assert.deepEqual([hdr.problems![0].params?.length, hdr.problems![0].params?.room], [60, 20]);
});

test('a wrong checksum is an error on tcp.checksum that says what it should be', () => {
  const good = layer(dissect(tcpFrame({ sport: 1, dport: 2, flags: ACK }), new DissectState()), 'tcp');
  assert.equal(show(good, 'tcp.checksum.status'), '1');
  assert.equal(good.problems.length, 0);
  const expected = show(good, 'tcp.checksum');

  const bad = layer(dissect(tcpFrame({ sport: 1, dport: 2, flags: ACK, checksum: 0x1234 }), new DissectState()), 'tcp');
  const checksum = field(bad, 'tcp.checksum');
  assert.equal(checksum.show, '0x1234');
  assert.equal(show(bad, 'tcp.checksum.status'), '0');
  assert.equal(show(bad, 'tcp.checksum_calculated'), expected);
  assert.equal(checksum.problems?.[0].severity, 'error');
  assert.equal(checksum.problems![0].code, 'tcp.bad_checksum');
  assert.equal(checksum.problems![0].params?.expected, expected);
  assert.equal(checksum.showname, `Checksum: 0x1234 incorrect, should be ${expected}(maybe caused by "TCP checksum offload"?)`);
});

test('the checksum over IPv6 uses the IPv6 pseudo-header', () => {
  const p = dissect(tcpFrame({ src: '2001:db8::1', dst: '2001:db8::2', sport: 1, dport: 2, flags: SYN, payload: [1, 2, 3] }), new DissectState());
  const tcp = layer(p, 'tcp');
  assert.equal(show(tcp, 'tcp.checksum.status'), '1');
  assert.equal(tcp.offset, 54);
});

test('options running past the header, or with impossible lengths, are problems, not crashes', () => {
  // MSS claims 8 bytes but the header has only 4 bytes of options.
  const long = layer(dissect(tcpFrame({ sport: 1, dport: 2, flags: SYN, options: [2, 8, 5, 0xb4] }), new DissectState()), 'tcp');
  assert.equal(long.problems[0].code, 'tcp.option_len_long');
  assert.deepEqual([long.problems[0].params?.kind, long.problems[0].params?.offset, long.problems[0].params?.room], [2, 54, 4]);
  // Length 1 cannot even cover the kind and length bytes.
  const tiny = layer(dissect(tcpFrame({ sport: 1, dport: 2, flags: SYN, options: [3, 1, 0, 0] }), new DissectState()), 'tcp');
  assert.equal(tiny.problems[0].code, 'tcp.option_len_short');
  assert.deepEqual([tiny.problems[0].params?.kind, tiny.problems[0].params?.length], [3, 1]);
  // A window scale option of the wrong length.
  const wrong = layer(dissect(tcpFrame({ sport: 1, dport: 2, flags: SYN, options: [3, 4, 7, 0] }), new DissectState()), 'tcp');
  assert.equal(wrong.problems[0].code, 'tcp.option_len_wrong');
  assert.deepEqual([wrong.problems[0].params?.length, wrong.problems[0].params?.expected], [4, 3]);
});

test('options cut by the snap length are decoded as far as they go, with a warning', () => {
  const full = tcpFrame({ sport: 40000, dport: 80, flags: SYN, seq: 1000, window: 64240, options: synOptions(12345, 0) });
  const p = dissect(full.subarray(0, 60), new DissectState(), 1, true, full.length);
  const tcp = layer(p, 'tcp');
  assert.equal(show(tcp, 'tcp.options.mss_val'), '1460');
  field(tcp, 'tcp.options.sack_perm');
  assert.throws(() => field(tcp, 'tcp.options.timestamp'));
  assert.ok(tcp.problems.some((x) => x.code === 'packet.cut_by_snaplen' && x.field === 'tcp.options' && x.offset === 60));
  assert.equal(show(tcp, 'tcp.checksum.status'), '2'); // not all bytes are there to verify
  assert.match(p.summary.info, /Len=0 MSS=1460 SACK_PERM$/);
});

test('a frame cut inside the TCP header reports where, without throwing', () => {
  const full = tcpFrame({ sport: 1, dport: 2, flags: ACK });
  for (let cut = 35; cut < full.length; cut++) {
    const p = dissect(full.subarray(0, cut), new DissectState(), 1, true, full.length);
    const tcp = p.layers.find((l) => l.protocol === 'tcp');
    if (cut < 36) {
      assert.ok(tcp?.problems.some((x) => x.code === 'packet.cut_by_snaplen'), `cut at ${cut}`);
    } else {
      assert.ok(tcp, `cut at ${cut}`);
      assert.ok(tcp.offset + tcp.length <= cut, `cut at ${cut}: layer within the captured bytes`);
    }
  }
});

test('a urgent pointer without URG is noted; with URG it shows in the info', () => {
  const note = layer(dissect(tcpFrame({ sport: 1, dport: 2, flags: ACK, urgent: 5 }), new DissectState()), 'tcp');
  assert.equal(field(note, 'tcp.urgent_pointer').problems?.[0].severity, 'note');
  const urg = dissect(tcpFrame({ sport: 1, dport: 2, flags: URG | ACK, urgent: 3, payload: [1, 2, 3] }), new DissectState());
  assert.match(urg.summary.info, /\[ACK, URG\] Seq=1 Ack=1 Win=1000 Urg=3 Len=3/);
});

test('connections get stream indexes in order of appearance; a reset and reused ports start a new one', () => {
  const state = new DissectState();
  const stream = (p: ReturnType<typeof dissect>) => show(layer(p, 'tcp'), 'tcp.stream');
  const a = dissect(tcpFrame({ sport: 40000, dport: 80, flags: SYN, seq: 10 }), state, 1);
  const b = dissect(tcpFrame({ sport: 40001, dport: 80, flags: SYN, seq: 20 }), state, 2);
  const aReply = dissect(tcpFrame({ src: '198.51.100.2', dst: '192.0.2.1', sport: 80, dport: 40000, flags: SYN | ACK, seq: 99, ack: 11 }), state, 3);
  const aReset = dissect(tcpFrame({ sport: 40000, dport: 80, flags: RST, seq: 11 }), state, 4);
  const aAgain = dissect(tcpFrame({ sport: 40000, dport: 80, flags: SYN, seq: 5000 }), state, 5);
  assert.deepEqual([a, b, aReply, aReset, aAgain].map(stream), ['0', '1', '0', '0', '2']);
  // As tshark: a SYN with a new initial sequence number on the ports of a connection reset.
  assert.equal(aAgain.summary.info.startsWith('[TCP Port numbers reused] 40000 → 80 [SYN] Seq=0'), true);
});

test('a connection joined mid-stream counts from 1, as Wireshark does', () => {
  const p = dissect(tcpFrame({ sport: 40001, dport: 443, flags: ACK, seq: 77777, ack: 88888, window: 100 }), new DissectState());
  assert.equal(p.summary.info, '40001 → 443 [ACK] Seq=1 Ack=1 Win=100 Len=0');
});

test('a repeated data segment is marked as a retransmission and its payload is not decoded again', () => {
  const state = new DissectState();
  const frames = connection();
  const packets = [...frames.slice(0, 4), frames[3]].map((f, i) => dissect(f, state, i + 1));
  const again = packets[4];
  assert.equal(again.summary.info, '[TCP Retransmission] 40000 → 9000 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=77');
  const tcp = layer(again, 'tcp');
  assert.ok(tcp.problems.some((x) => x.field === 'tcp.analysis.retransmission'));
  assert.doesNotMatch(packets[3].summary.info, /Retransmission/);
});

test('a packet dissected again later (random access) gets the same relative numbers, stream and marks', () => {
  const state = new DissectState();
  const frames = [...connection(), connection()[3]];
  // The service first indexes the whole file in summary mode...
  const first = frames.map((f, i) => dissect(f, state, i + 1, false).summary.info);
  // ...then the user clicks packets in any order; each is dissected in detail with the same state.
  for (const n of [4, 7, 1, 2, 6]) {
    const p = dissect(frames[n - 1], state, n, true);
    assert.equal(p.summary.info, first[n - 1], `packet ${n}`);
    assert.equal(show(layer(p, 'tcp'), 'tcp.stream'), '0');
  }
  // Data the receiver had acknowledged (packet 5) sent again: tshark calls it spurious.
  assert.match(first[6], /^\[TCP Spurious Retransmission\]/);
});
