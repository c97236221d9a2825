// Properties every decoded frame must have, checked on every crafted and captured fixture:
// fields lie inside the frame and inside their parent; the leaves of the tree cover every
// captured byte (nothing silently dropped); and every truncated prefix of a valid packet reports
// exactly which field was cut and where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bothSummaries, dissect, fixtureFrames, invariantViolations, allProblems, walk } from './dissection-invariants.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { dissectFrame, summarizeFrame } from '../../electron/dissect/frame-dissector.js';
import { protocolModules } from '../../electron/dissect/registry.js';
import type { DissectedPacket, Field } from '../../electron/dissect/field-model.js';
import { fieldSpecNamed } from '../../electron/dissect/field-spec.js';

const frames = fixtureFrames();

/** A fixture frame as the engine takes it (times left at zero). */
const inputOf = (f: (typeof frames)[number]) => ({ number: f.number, linkType: f.linkType, data: f.data, originalLength: f.originalLength, seconds: 0, nanos: 0, relativeTime: 0, interfaceId: 0 });

test('the fixtures cover every registered protocol module and link type', () => {
  // Found through the registry: a protocol added without a fixture capture fails here.
  const links = new Set(frames.map((f) => f.linkType));
  const protocols = new Set(frames.flatMap((f) => dissect(f.linkType, f.data, f.originalLength).layers.map((l) => l.protocol)));
  assert.ok(protocols.has('data'), 'fixtures have payload no decoder claims');
  for (const module of protocolModules()) {
    assert.ok(protocols.has(module.place.protocol), `fixtures decode ${module.place.protocol}`);
    for (const r of module.registrations) {
      if (r.table === 'link') assert.ok(r.keys.some((k) => links.has(k)), `a fixture has link type ${r.keys.join(' or ')} (${module.name})`);
    }
  }
});

test('every field of every fixture lies inside the frame and inside its parent, and every byte has an owner', () => {
  for (const f of frames) {
    const p = dissect(f.linkType, f.data, f.originalLength);
    assert.deepEqual(invariantViolations(p), [], `${f.file} #${f.number}`);
  }
});

test('decoded as the app does (each capture listed first, then its trees), reassembled datagrams keep every invariant in every data source', () => {
  let reassembled = 0;
  for (const file of new Set(frames.map((f) => f.file))) {
    const mine = frames.filter((f) => f.file === file);
    const state = new DissectState();
    const inputs = mine.map((f) => ({ number: f.number, linkType: f.linkType, data: f.data, originalLength: f.originalLength, seconds: 0, nanos: 0, relativeTime: 0, interfaceId: 0 }));
    for (const input of inputs) summarizeFrame(input, state);
    state.frameBytes = (n) => inputs[n - 1]?.data;
    // Backwards, so that no tree is decoded in the order the list was.
    for (const input of [...inputs].reverse()) {
      const p = dissectFrame(input, { detail: true, state });
      if (p.sources?.length) reassembled++;
      assert.deepEqual(invariantViolations(p), [], `${file} #${input.number}`);
    }
  }
  assert.ok(reassembled >= 8, `the fixtures have reassembled datagrams (${reassembled})`);
});

test('summary mode gives the same packet-list columns as the full decode', () => {
  for (const f of frames) {
    const full = dissect(f.linkType, f.data, f.originalLength, true);
    const fast = dissect(f.linkType, f.data, f.originalLength, false);
    assert.deepEqual(fast.summary, full.summary, `${f.file} #${f.number}`);
    assert.deepEqual(fast.layers.map((l) => [l.protocol, l.offset, l.length]), full.layers.filter((l) => l.protocol !== 'frame').map((l) => [l.protocol, l.offset, l.length]), `${f.file} #${f.number}`);
  }
});

test('decoded without texts (as a display filter decodes), every field keeps its place and value, and the columns stay', () => {
  const values = (p: DissectedPacket) => p.layers.map((l) => [l.protocol, l.offset, l.length, [...walk(l.fields)].map(([f]) => [f.name, f.offset, f.length, f.value])]);
  const withTexts = new DissectState();
  const withoutTexts = new DissectState();
  for (const f of frames) {
    const input = inputOf(f);
    const full = dissectFrame(input, { detail: true, state: withTexts });
    const bare = dissectFrame(input, { detail: true, texts: false, state: withoutTexts });
    assert.deepEqual(values(bare), values(full), `${f.file} #${f.number}`);
    assert.deepEqual(bare.summary, full.summary, `${f.file} #${f.number}`);
  }
});

test('the packet list\'s fast summary (reused context, no layers) agrees with the layered decode, packet after packet', () => {
  // Every fixture capture in order through one pair of states, so that what the fast path keeps
  // from packet to packet (its context, builders, deferred MAC columns) is exercised too.
  const fastState = new DissectState();
  const layeredState = new DissectState();
  let checked = 0;
  for (const f of frames) {
    const input = inputOf(f);
    const { fast, layered } = bothSummaries(input, fastState, layeredState);
    assert.deepEqual(fast, layered, `${f.file} #${f.number}`);
    checked++;
  }
  assert.ok(checked > 100, `checked ${checked} packets`);
});

test('the fields the packet list notes as it lists a packet are exactly the noted fields of its tree', () => {
  const listing = new DissectState();
  const trees = new DissectState();
  let noted = 0;
  for (const f of frames) {
    const input = inputOf(f);
    const listed = [...summarizeFrame(input, listing).noted];
    const tree = dissectFrame(input, { detail: true, state: trees });
    const inTree: string[] = [];
    // (Fields of the datagram an ICMP error quotes are left out: the list notes the packet's own.)
    for (const l of tree.layers) if (l.protocol !== 'icmp' && l.protocol !== 'icmpv6') for (const [field] of walk(l.fields)) if (fieldSpecNamed(field.name)?.noted) inTree.push(field.name);
    assert.deepEqual(listed, inTree, `${f.file} #${f.number}`);
    noted += listed.length;
  }
  assert.ok(noted > 20, `${noted} noted fields`);
});

/** Fields that hold payload bytes as they are, without structure a cut could break. */
const OPAQUE_PAYLOAD = new Set(['data.data', 'eth.padding', 'http.continuation', 'http.file_data']);

/** The deepest field of the full decode that contains byte `at`. */
function deepestFieldAt(p: DissectedPacket, at: number): Field | undefined {
  let best: Field | undefined;
  for (const l of p.layers) {
    if (l.protocol === 'frame') continue;
    for (const [f] of walk(l.fields)) if (f.length > 0 && f.offset <= at && at < f.offset + f.length) best = f;
  }
  return best;
}

test('every truncated prefix of a valid packet names the field that was cut and its offset', () => {
  // Packets that decode without problems are the valid ones.
  const valid = frames.filter((f) => f.data.length === f.originalLength && allProblems(dissect(f.linkType, f.data)).length === 0);
  assert.ok(valid.length >= 40, `${valid.length} valid fixture packets`);
  let checked = 0;
  for (const f of valid) {
    const full = dissect(f.linkType, f.data);
    for (let cut = 0; cut < f.data.length; cut++) {
      const owner = deepestFieldAt(full, cut);
      // Bytes of payload (data, an HTTP body or continuation) or link padding are not headers:
      // cutting there loses no field.
      if (!owner || OPAQUE_PAYLOAD.has(owner.name)) continue;
      const p = dissect(f.linkType, f.data.subarray(0, cut), f.data.length);
      assert.deepEqual(invariantViolations(p), [], `${f.file} #${f.number} cut at ${cut}`);
      const problems = allProblems(p).filter((x) => x.field && x.field !== 'frame.cap_len');
      const named = problems.find((x) => x.code === 'packet.cut_by_snaplen' && x.field !== undefined);
      assert.ok(named, `${f.file} #${f.number} cut at ${cut} (inside ${owner.name}): ${JSON.stringify(allProblems(p))}`);
      assert.equal(named.severity, 'warning');
      assert.ok(named.offset <= cut, `the cut field starts at or before byte ${cut} (${named.field} at ${named.offset})`);
      assert.ok(problems.every((x) => x.severity !== 'error'), `a cut is not an error: ${JSON.stringify(problems)}`);
      // The captured bytes of the cut header are still its layer's, not data after it.
      const header = full.layers.find((l) => l.protocol !== 'frame' && l.offset < cut && cut < l.offset + l.length && [...walk(l.fields)].some(([x]) => x === owner));
      if (header) {
        const cutHeader = p.layers.find((l) => l.protocol === header.protocol && l.offset === header.offset);
        assert.equal(cutHeader && cutHeader.offset + cutHeader.length, cut, `${f.file} #${f.number} cut at ${cut}: ${header.protocol} keeps its bytes up to the cut (${p.layers.map((l) => `${l.protocol} ${l.offset}+${l.length}`).join(', ')})`);
      }
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} truncated prefixes checked`);
});
