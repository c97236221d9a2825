// Mutated real captures: the bundled sample, the packet fixtures and crafted pcapng with several
// interfaces, sections and options, each damaged one way (a header field set to a wrong length or
// value: section/interface/packet block lengths, captured and original lengths, byte-order magic,
// snap length, option lengths, pcap record lengths; bits flipped; cut anywhere). Whatever the
// damage, reading never throws past the open, ends in bounded time, keeps every packet that lies
// wholly before the first damaged byte exactly as the undamaged file gives it, and, when it stops
// before the end of the file, leaves a warning saying where.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { CaptureFileRandomAccess } from '../../electron/files/capture-file-random-access.js';
import { CaptureFormatError, type PacketRecord } from '../../electron/files/packet-record.js';
import { byteOption, concat, epb, frame, idb, obsoletePb, pcapFile, shb, spb, stringOption } from '../fixtures/files/capture-bytes.js';
import { scratchFiles } from './capture-file-test-kit.js';

const { dir, save } = scratchFiles('mutation');
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

const PACKETS = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));

/** A header field of a capture file: where it is, how wide, and what it is. */
interface HeaderField {
  offset: number;
  size: 2 | 4;
  littleEndian: boolean;
  what: string;
}

interface Seed {
  name: string;
  bytes: Uint8Array;
  fields: HeaderField[];
  /** File offset where each packet's record or block ends, in order. */
  packetEnds: number[];
}

/** The header fields and packet extents of a classic pcap file, found by walking it. */
function pcapLayout(bytes: Uint8Array): Pick<Seed, 'fields' | 'packetEnds'> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = view.getUint32(0, true) === 0xa1b2c3d4 || view.getUint32(0, true) === 0xa1b23c4d;
  const fields: HeaderField[] = [
    { offset: 0, size: 4, littleEndian: true, what: 'magic' },
    { offset: 4, size: 2, littleEndian: le, what: 'major version' },
    { offset: 16, size: 4, littleEndian: le, what: 'snap length' },
    { offset: 20, size: 4, littleEndian: le, what: 'link type' },
  ];
  const packetEnds: number[] = [];
  for (let at = 24; at + 16 <= bytes.length; ) {
    fields.push({ offset: at + 8, size: 4, littleEndian: le, what: 'record caplen' }, { offset: at + 12, size: 4, littleEndian: le, what: 'record origlen' });
    at += 16 + view.getUint32(at + 8, le);
    packetEnds.push(at);
  }
  return { fields, packetEnds };
}

/** The same for pcapng: block lengths (both copies), byte-order magic, interface fields, packet lengths, option lengths. */
function pcapngLayout(bytes: Uint8Array): Pick<Seed, 'fields' | 'packetEnds'> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: HeaderField[] = [];
  const packetEnds: number[] = [];
  let le = true;
  for (let at = 0; at + 12 <= bytes.length; ) {
    const type0 = view.getUint32(at, true);
    if (type0 === 0x0a0d0d0a) le = view.getUint32(at + 8, true) === 0x1a2b3c4d;
    const type = view.getUint32(at, le);
    const length = view.getUint32(at + 4, le);
    const field = (offset: number, size: 2 | 4, what: string) => fields.push({ offset: at + offset, size, littleEndian: le, what });
    field(4, 4, `block length of type ${type}`);
    field(length - 4, 4, `trailing block length of type ${type}`);
    let options = -1;
    if (type === 0x0a0d0d0a) {
      field(8, 4, 'byte-order magic');
      field(12, 2, 'major version');
      options = 24;
    } else if (type === 1) {
      field(8, 2, 'link type');
      field(12, 4, 'snap length');
      options = 16;
    } else if (type === 6) {
      field(8, 4, 'interface id');
      field(20, 4, 'captured length');
      field(24, 4, 'original length');
      options = 28 + ((view.getUint32(at + 20, le) + 3) & ~3);
    } else if (type === 3) {
      field(8, 4, 'original length');
    } else if (type === 2) {
      field(8, 2, 'interface id');
      field(20, 4, 'captured length');
      options = 28 + ((view.getUint32(at + 20, le) + 3) & ~3);
    }
    for (let o = options; options >= 0 && o + 4 <= length - 4; ) {
      const code = view.getUint16(at + o, le);
      const size = view.getUint16(at + o + 2, le);
      field(o + 2, 2, `length of option ${code}`);
      if (code === 0) break;
      o += 4 + ((size + 3) & ~3);
    }
    at += length;
    if (type === 6 || type === 3 || type === 2) packetEnds.push(at);
  }
  return { fields, packetEnds };
}

const crafted = concat(
  shb(true), idb(true, 1, 0, [stringOption(2, 'eth0'), byteOption(9, 9)]), idb(true, 113, 200),
  epb(true, 0, 123n, frame(60, 1), [stringOption(1, 'hi')]), spb(true, frame(70, 2)), obsoletePb(true, 1, 5n, frame(44, 3)),
  epb(true, 1, 124n, frame(61, 4)),
  shb(false), idb(false, 101, 0, [byteOption(9, 3)]), epb(false, 0, 9n, frame(33, 5), [stringOption(1, 'x')]), epb(false, 0, 10n, frame(34, 6)),
);

const seeds: Seed[] = [
  { name: 'sample.pcapng', bytes: new Uint8Array(readFileSync(SAMPLE)) },
  { name: 'crafted.pcapng', bytes: crafted },
  ...readdirSync(PACKETS).filter((f) => f.endsWith('.pcap')).sort().map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(PACKETS, f))) })),
].map((s) => ({ ...s, ...(s.name.endsWith('.pcapng') ? pcapngLayout(s.bytes) : pcapLayout(s.bytes)) }));

interface Read {
  opened: boolean;
  packets: PacketRecord[];
  warning: { packetNumber: number; fileOffset: number } | null;
  position: number;
}

/** Reads every packet of `bytes`, asserting the reader's promises; random access agrees. */
function readEverything(bytes: Uint8Array, chunkSize: number): Read {
  const path = save(`m${counter++}`, bytes);
  const started = performance.now();
  let reader;
  try {
    reader = openCaptureFile(path, chunkSize);
  } catch (error) {
    assert.ok(error instanceof CaptureFormatError, `open threw ${error}`);
    return { opened: false, packets: [], warning: null, position: 0 };
  }
  const packets: PacketRecord[] = [];
  try {
    for (let r; (r = reader.next()); ) {
      assert.ok(packets.length <= bytes.length, 'more packets than bytes: the reader is looping');
      assert.ok(Number.isFinite(r.seconds) && r.nanos >= 0 && r.nanos < 1e9, `timestamp ${r.seconds} s ${r.nanos} ns`);
      assert.ok(r.fileOffset >= 0 && r.fileOffset + r.data.length <= bytes.length);
      packets.push({ ...r, data: r.data.slice() });
    }
    assert.equal(reader.next(), null);
    const access = new CaptureFileRandomAccess(path, reader.interfaces);
    try {
      for (const p of packets) assert.deepEqual(access.read(p.fileOffset, p.interfaceId).data, p.data);
    } finally {
      access.close();
    }
    assert.ok(performance.now() - started < 2000, 'reading took more than 2 s');
    return { opened: true, packets, warning: reader.warning, position: reader.position };
  } finally {
    reader.close();
  }
}

const pristine = new Map(seeds.map((s) => [s.name, readEverything(s.bytes, 4096)]));

test('the undamaged captures read whole, without a warning', () => {
  for (const seed of seeds) {
    const read = pristine.get(seed.name)!;
    assert.ok(read.opened, seed.name);
    assert.equal(read.warning, null, seed.name);
    assert.equal(read.packets.length, seed.packetEnds.length, seed.name);
  }
});

/** Checks what reading the damaged copy gave against the undamaged one; `firstDamaged` is the first changed byte. */
function assertKeptBeforeDamage(seed: Seed, damaged: Uint8Array, firstDamaged: number, chunkSize: number, what: string): void {
  const read = readEverything(damaged, chunkSize);
  const before = pristine.get(seed.name)!;
  // The packets whose records end before the damage (and all if the file header is intact but
  // nothing else changed) come back exactly as they were.
  const intact = seed.packetEnds.filter((end) => end <= firstDamaged).length;
  if (!read.opened) {
    // Refusing the whole file is only right when its header is what was damaged.
    assert.ok(intact === 0, `${seed.name}, ${what}: refused although ${intact} packets lie before the damage`);
    return;
  }
  assert.ok(read.packets.length >= intact, `${seed.name}, ${what}: ${read.packets.length} packets read, ${intact} lie before the damage`);
  for (let i = 0; i < intact; i++) {
    const [got, want] = [read.packets[i], before.packets[i]];
    assert.deepEqual(
      [got.data, got.seconds, got.nanos, got.originalLength, got.interfaceId, got.fileOffset, got.comments],
      [want.data, want.seconds, want.nanos, want.originalLength, want.interfaceId, want.fileOffset, want.comments],
      `${seed.name}, ${what}: packet ${i + 1} changed`,
    );
  }
  if (read.warning) {
    assert.equal(read.warning.packetNumber, read.packets.length + 1);
    assert.ok(read.warning.fileOffset >= 0 && read.warning.fileOffset <= damaged.length);
  } else {
    // Without a warning the reader must have read to the end: stopping silently would lose packets.
    assert.equal(read.position, damaged.length, `${seed.name}, ${what}: stopped at byte ${read.position} of ${damaged.length} without a warning`);
  }
}

const INTERESTING = [0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 20, 24, 28, 31, 32, 255, 0x7fff, 0xffff, 0x10000, 262144, 262145, 0x3fffffff, 0x7fffffff, 0xfffffffc, 0xffffffff];

test('wrong values in one or two header fields (lengths, magic, snap length, options) lose nothing before them', () => {
  const value = fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: -8, max: 8 }), fc.nat({ max: 0xffffffff }));
  fc.assert(
    fc.property(
      fc.nat({ max: seeds.length - 1 }),
      fc.array(fc.tuple(fc.nat(), value), { minLength: 1, maxLength: 2 }),
      fc.constantFrom(16, 64, 4096),
      (s, changes, chunkSize) => {
        const seed = seeds[s];
        const damaged = seed.bytes.slice();
        const view = new DataView(damaged.buffer);
        const said: string[] = [];
        for (const [f, v] of changes) {
          const field = seed.fields[f % seed.fields.length];
          const old = field.size === 2 ? view.getUint16(field.offset, field.littleEndian) : view.getUint32(field.offset, field.littleEndian);
          // Small integers are read as a change of the present value (off by a few).
          const next = v >= -8 && v <= 8 ? old + v : v;
          if (field.size === 2) view.setUint16(field.offset, next & 0xffff, field.littleEndian);
          else view.setUint32(field.offset, next >>> 0, field.littleEndian);
          said.push(`${field.what} at ${field.offset} set to ${next}`);
        }
        let first = 0;
        while (first < damaged.length && damaged[first] === seed.bytes[first]) first++;
        if (first === damaged.length) return; // unchanged
        assertKeptBeforeDamage(seed, damaged, first, chunkSize, said.join(', '));
      },
    ),
    { numRuns: 1500 },
  );
});

test('flipped bits anywhere lose nothing before the first flipped byte', () => {
  fc.assert(
    fc.property(
      fc.nat({ max: seeds.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(16, 4096),
      (s, flips, chunkSize) => {
        const seed = seeds[s];
        const damaged = seed.bytes.slice();
        for (const [at, bit] of flips) damaged[at % damaged.length] ^= 1 << bit;
        let first = 0;
        while (first < damaged.length && damaged[first] === seed.bytes[first]) first++;
        if (first === damaged.length) return;
        assertKeptBeforeDamage(seed, damaged, first, chunkSize, `bits flipped from byte ${first}`);
      },
    ),
    { numRuns: 600 },
  );
});

/** The most cuts spread evenly over one file, besides those at its header and around its packets' ends. */
const MAX_EVEN_CUTS = 500;
/** The most packets around whose ends a file is cut, spread evenly over a file of more. */
const MAX_PACKET_ENDS = 100;

test('a file cut anywhere keeps every whole packet and says where reading stopped', () => {
  for (const seed of seeds) {
    const before = pristine.get(seed.name)!;
    // Every offset of the file header and around each packet's end; elsewhere every fifth one. In a
    // large file, fewer, spread over all of it: each cut reads the file up to it again, and every
    // fifth byte of the 431 KB capture, around each of the 1,083 packets of another, cost minutes.
    const cuts = new Set<number>();
    const stride = Math.max(5, Math.ceil(seed.bytes.length / MAX_EVEN_CUTS));
    for (let cut = 0; cut < seed.bytes.length; cut += cut < 64 ? 1 : stride) cuts.add(cut);
    const endStride = Math.ceil(seed.packetEnds.length / MAX_PACKET_ENDS);
    for (let i = 0; i < seed.packetEnds.length; i += endStride) {
      for (const cut of [seed.packetEnds[i] - 1, seed.packetEnds[i], seed.packetEnds[i] + 1]) if (cut < seed.bytes.length) cuts.add(cut);
    }
    for (const cut of cuts) {
      const read = readEverything(seed.bytes.subarray(0, cut), 64);
      if (!read.opened) {
        assert.ok(seed.packetEnds[0] > cut, `${seed.name} cut at ${cut}: refused although a whole packet is there`);
        continue;
      }
      const whole = seed.packetEnds.filter((end) => end <= cut).length;
      assert.equal(read.packets.length, whole, `${seed.name} cut at ${cut}`);
      for (let i = 0; i < whole; i++) assert.deepEqual(read.packets[i].data, before.packets[i].data);
      // Cut inside a record or block: a warning at the cut packet; cut between them: none is possible.
      const atBoundary = cut === seed.packetEnds[whole - 1] || cut === (whole === 0 ? cut : -1);
      if (read.warning) assert.equal(read.warning.packetNumber, whole + 1, `${seed.name} cut at ${cut}`);
      else assert.equal(read.position, cut, `${seed.name} cut at ${cut}: no warning although reading stopped at ${read.position}${atBoundary ? '' : ' inside a record'}`);
    }
  }
});

test('a length claiming gigabytes in a small file is refused without allocating them', () => {
  const files = [
    pcapFile({ snapLength: 0xffffffff }, [{ seconds: 1, fraction: 0, data: frame(40) }, { seconds: 2, fraction: 0, data: frame(40), capturedLength: 0xfffffff0 }]),
    pcapFile({ snapLength: 0xffffffff }, [{ seconds: 1, fraction: 0, data: frame(40) }, { seconds: 2, fraction: 0, data: frame(40), capturedLength: 0x7ffffff0 }]),
    // A block of 64 MB, the most a block may claim, in a file of a few hundred bytes.
    concat(shb(true), idb(true, 1, 0), epb(true, 0, 1n, frame(40)), Uint8Array.of(6, 0, 0, 0, 0, 0, 0, 4), frame(40)),
  ];
  for (const bytes of files) {
    const path = save(`huge-length-${counter++}`, bytes);
    const before = process.memoryUsage().arrayBuffers;
    const reader = openCaptureFile(path, 4096);
    const packets: PacketRecord[] = [];
    for (let r; (r = reader.next()); ) packets.push(r);
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.equal(packets.length, 1);
    assert.equal(reader.warning?.packetNumber, 2);
    assert.ok(grown < 16 * 1024 * 1024, `reading a ${bytes.length}-byte file took ${grown} bytes of buffers`);
    // Random access to the damaged record says it is not there, again without allocating it.
    const access = new CaptureFileRandomAccess(path, reader.interfaces);
    assert.throws(() => access.read(reader.warning!.fileOffset, 0), CaptureFormatError);
    assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024);
    access.close();
    reader.close();
  }
});
