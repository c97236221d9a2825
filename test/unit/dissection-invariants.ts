// Helpers shared by the dissection invariant and fuzz tests: the fixture frames, and the
// structural properties every decoded frame must have.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dissectFrame, summarizeFrame, type FrameInput, type FrameSummary } from '../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import type { DissectedPacket, Field, PacketSummary, Problem, Severity } from '../../electron/dissect/field-model.js';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { PACKET_PROBLEMS } from '../../electron/dissect/packet-problems.js';
import { problemCode } from '../../electron/dissect/problem-spec.js';

const dir = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));

export interface FixtureFrame {
  file: string;
  number: number;
  linkType: number;
  data: Uint8Array;
  originalLength: number;
}

/** The bundled sample capture: the fixtures' only DNS and HTTP request/response messages. */
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));

/** Every packet of every capture in test/fixtures/packets, and of the bundled sample. */
export function fixtureFrames(): FixtureFrame[] {
  const frames: FixtureFrame[] = [];
  for (const path of [...readdirSync(dir).filter((f) => f.endsWith('.pcap')).sort().map((f) => join(dir, f)), SAMPLE]) {
    const file = basename(path);
    const reader = openCaptureFile(path);
    try {
      for (let r = reader.next(), n = 1; r; r = reader.next(), n++) {
        frames.push({ file, number: n, linkType: reader.interfaces[r.interfaceId].linkType, data: r.data.slice(), originalLength: r.originalLength });
      }
    } finally {
      reader.close();
    }
  }
  return frames;
}

/** The bytes a hex string spells, two digits a byte. */
export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

export function dissect(linkType: number, data: Uint8Array, originalLength = data.length, detail = true): DissectedPacket {
  return dissectFrame(
    { number: 1, linkType, data, originalLength, seconds: 0, nanos: 0, relativeTime: 0, interfaceId: 0 },
    { detail, state: new DissectState() },
  );
}

/**
 * Runs one frame through both summary paths, each with its own capture state (so TCP's relative
 * numbers agree when the two states saw the same frames): `summarizeFrame`, which reuses one
 * context and result per state, and `dissectFrame` in summary mode, which builds layers. Returns
 * what the packet list gets from each: the columns, the innermost recognised protocol and its OSI
 * layer, the worst problem, and the protocols of its layers.
 */
/** The packet-list columns and row facts of a packet, as strings. */
export type SummaryFacts = PacketSummary & Omit<FrameSummary, 'columns' | 'conversation' | 'noted' | 'network' | 'networkBytes'>;

export function bothSummaries(input: FrameInput, fastState: DissectState, layeredState: DissectState): { fast: SummaryFacts; layered: SummaryFacts } {
  const s = summarizeFrame(input, fastState);
  const fast = { ...s.columns.toSummary(), topProtocol: s.topProtocol, topOsi: s.topOsi, worstProblem: s.worstProblem, protocols: [...s.protocols] };
  const p = dissectFrame(input, { detail: false, state: layeredState });
  let top = p.layers.at(-1);
  for (let i = p.layers.length - 1; i >= 0; i--) {
    if (p.layers[i].protocol !== 'data') {
      top = p.layers[i];
      break;
    }
  }
  const rank: Record<Severity, number> = { note: 1, warning: 2, error: 3 };
  let worst: Severity | undefined;
  for (const l of p.layers) for (const x of l.problems) if (!worst || rank[x.severity] > rank[worst]) worst = x.severity;
  return { fast, layered: { ...p.summary, topProtocol: top?.protocol ?? '', topOsi: top?.osi ?? 1, worstProblem: worst, protocols: p.layers.map((l) => l.protocol) } };
}

export function* walk(fields: readonly Field[], parent: Field | null = null): Generator<[Field, Field | null]> {
  for (const f of fields) {
    yield [f, parent];
    yield* walk(f.children, f);
  }
}

/** Every problem of the packet, those attached to quoted datagrams' fields included. */
export function allProblems(p: DissectedPacket): Problem[] {
  const out: Problem[] = [];
  for (const l of p.layers) {
    out.push(...l.problems);
    // Problems of quoted datagrams live on the fields that hold them; others repeat the layer's.
    for (const [f] of walk(l.fields)) for (const x of f.problems ?? []) if (!out.includes(x)) out.push(x);
  }
  return out;
}

/** Marks in `covered` the bytes of `f` (in data source `source`) that none of its children there covers. */
function ownUncovered(f: Field, covered: Uint8Array, source: number): void {
  const end = Math.min(covered.length, f.offset + f.length);
  let from = Math.max(0, f.offset);
  const children = f.children.filter((c) => c.length > 0 && (c.source ?? source) === source).sort((a, b) => a.offset - b.offset);
  for (const c of children) {
    if (c.offset > from) covered.fill(1, from, Math.min(end, c.offset));
    from = Math.max(from, c.offset + c.length);
  }
  if (from < end) covered.fill(1, from, end);
}

/**
 * Checks the structural invariants of one decoded packet; returns what is wrong (empty when
 * nothing is). Exported for the fuzz test.
 */
export function invariantViolations(p: DissectedPacket, ignoreCoverageOf: ReadonlySet<string> = new Set()): string[] {
  const wrong: string[] = [];
  // Source 0 is the frame; the others are the packet's reassembled bytes. Each has its own offsets.
  const sizes = [p.caplen, ...(p.sources ?? []).map((s) => s.bytesHex.length / 2)];
  const covered = sizes.map((n) => new Uint8Array(n));
  const names = sizes.map((_, i) => (i === 0 ? 'captured bytes' : `bytes of source ${i} (${p.sources![i - 1].name})`));
  // Byte ownership inside protocols other suites own is theirs to test.
  for (const layer of p.layers) {
    const ls = layer.source ?? 0;
    if (ignoreCoverageOf.has(layer.protocol)) covered[ls]?.fill(1, layer.offset, layer.offset + layer.length);
    for (const [f, , s] of walkSources(layer.fields, ls)) if (ignoreCoverageOf.has(f.name)) covered[s]?.fill(1, f.offset, f.offset + f.length);
  }
  for (const layer of p.layers) {
    const ls = layer.source ?? 0;
    if (!(ls < sizes.length)) {
      wrong.push(`layer ${layer.protocol} lies in source ${ls}, which the packet does not have`);
      continue;
    }
    if (layer.offset < 0 || layer.length < 0 || layer.offset + layer.length > sizes[ls]) {
      wrong.push(`layer ${layer.protocol} [${layer.offset}, +${layer.length}) lies outside the ${sizes[ls]} ${names[ls]}`);
    }
    for (const problem of layer.problems) {
      if (problem.code === problemCode(PACKET_PROBLEMS.decoder_failed)) wrong.push(`layer ${layer.protocol} threw: ${problem.message}`);
    }
    if (layer.protocol === 'frame') continue;
    for (const [f, parent, s, parentSource] of walkSources(layer.fields, ls)) {
      if (!(s < sizes.length)) {
        wrong.push(`${f.name} lies in source ${s}, which the packet does not have`);
        continue;
      }
      if (f.offset < 0 || f.length < 0 || f.offset + f.length > sizes[s]) {
        wrong.push(`${f.name} [${f.offset}, +${f.length}) lies outside the ${sizes[s]} ${names[s]}`);
      }
      if (parent && parentSource === s && (f.offset < parent.offset || f.offset + f.length > parent.offset + parent.length)) {
        wrong.push(`${f.name} [${f.offset}, +${f.length}) lies outside its parent ${parent.name} [${parent.offset}, +${parent.length})`);
      }
      // A field owns the bytes none of its children (in its source) covers, as the byte view gives
      // a byte to the smallest field covering it (a DHCP option's code byte is its option's alone).
      ownUncovered(f, covered[s], s);
    }
  }
  if (p.layers.some((l) => l.protocol === 'frame')) {
    covered.forEach((c, i) => {
      const hole = c.indexOf(0);
      if (hole >= 0) wrong.push(`${i === 0 ? 'captured byte' : `byte of source ${i}`} ${hole} belongs to no field`);
    });
  }
  return wrong;
}

/** Each field with its parent, its data source and its parent's (a field says when it differs). */
export function* walkSources(fields: readonly Field[], source: number, parent: Field | null = null): Generator<[Field, Field | null, number, number]> {
  for (const f of fields) {
    const s = f.source ?? source;
    yield [f, parent, s, source];
    yield* walkSources(f.children, s, f);
  }
}
