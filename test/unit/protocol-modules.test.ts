// A protocol is one module: its typed field table, its decoder, where it registers and its
// narrative. A toy protocol declared here, in the test, and registered with one call shows up in
// the tree, the JSON, the header diagram and the layer stack's narrative with no other file touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProtocolModule } from '../../electron/dissect/dissector.js';
import { BYTES, defineFields } from '../../electron/dissect/field-spec.js';
import { defineProblems } from '../../electron/dissect/problem-spec.js';
import { defineMessages, englishCatalog } from '../../electron/text/catalog.js';
import { protocolModules, registerProtocol, unregisterProtocol } from '../../electron/dissect/registry.js';
import { treeLine, type Layer } from '../../electron/dissect/field-model.js';
import { packetJson } from '../../electron/export/dissection-json.js';
import { layoutHeaderDiagram } from '../../renderer/src/lib/header-diagram-layout.js';
import { buildNarrative } from '../../renderer/src/lib/layer-narrative.js';
import { dissectHex } from './renderer-fixtures/crafted-frames.js';
import { compileDisplayFilter } from '../../electron/filter/display-filter.js';
import { FilterError } from '../../electron/filter/filter-error.js';
import { filterNames } from '../../electron/filter/filter-names.js';

const F = defineFields('toy', {
  version: { label: 'Version', type: 'uint8', mask: 0xf0, values: { 1: 'First', 2: 'Second' }, description: 'Which version of the toy protocol.' },
  urgent: { name: 'toy.flags.urgent', label: 'Urgent', type: 'boolean', bits: 8, mask: 0x08, description: 'Whether the message is urgent.' },
  kind: { label: 'Kind', type: 'uint8', base: 'hex', values: { 0x01: 'Greeting', 0x02: 'Farewell' }, description: 'What the message is.' },
  length: { label: 'Length', type: 'uint16', unit: BYTES, description: 'How long the text is.' },
  text: { label: 'Text', type: 'string', description: 'What the message says.' },
});

const P = defineProblems('toy', {
  text_short: ['error', 'The toy text is {missing, plural, one {# byte} other {# bytes}} shorter than its length says'],
});

const N = defineMessages('toy.narrative', {
  says: 'Toy {kind} saying "{text}"',
});

const toy: ProtocolModule = {
  place: { protocol: 'toy', osi: 7, tcpip: 'application' },
  name: 'Toy',
  fields: F,
  registrations: [{ table: 'udp.port', keys: [7777] }],
  dissect(b, ctx, end) {
    const at = b.start;
    if (b.bits(null, F.version, at) < 0) return undefined;
    b.bits(null, F.urgent, at);
    const kind = b.uint(null, F.kind, at + 1);
    const length = b.uint(null, F.length, at + 2);
    if (kind < 0 || length < 0) return undefined;
    const room = Math.min(end, b.captured) - (at + 4);
    const shown = Math.min(length, room);
    b.addLazy(null, F.text, at + 4, shown, () => new TextDecoder().decode(b.bytes(at + 4, shown)));
    if (shown < length) b.problem(P.text_short, at + 2, { missing: length - shown }, b.last);
    ctx.columns.protocol = 'TOY';
    ctx.columns.info.set(`Toy message, kind ${kind}`);
    if (b.detail) b.title = 'Toy Protocol';
    return undefined;
  },
  narrative(r) {
    return [{ id: N.says.id, params: { kind: r.show(F.kind) ?? '?', text: r.show(F.text) ?? '' } }];
  },
};

// Ether()/IP(src='10.0.0.1',dst='10.0.0.2')/UDP(sport=40000,dport=7777)/bytes.fromhex('1801000568656c6c6f')
const TOY_FRAME = '02000000000202000000000108004500002d00010000401166bd0a0000010a0000029c401e610019' + '0000' + '1801000568656c6c6f';

function withToy<T>(run: () => T): T {
  registerProtocol(toy);
  try {
    return run();
  } finally {
    unregisterProtocol(toy);
  }
}

function toyLayer(hex = TOY_FRAME): { layers: Layer[]; layer: Layer } {
  const layers = dissectHex(hex).layers;
  const layer = layers.find((l) => l.protocol === 'toy');
  assert.ok(layer, `a toy layer in ${layers.map((l) => l.protocol).join(', ')}`);
  return { layers, layer };
}

test('a module registered with one call decodes its port, and the tree says what its values mean', () => {
  withToy(() => {
    const { layer } = toyLayer();
    assert.equal(layer.name, 'Toy');
    assert.deepEqual(layer.fields.map(treeLine), [
      '0001 .... = Version: First (1)',
      '.... 1... = Urgent: Set',
      'Kind: Greeting (0x01)',
      'Length: 5 bytes',
      'Text: hello',
    ]);
    assert.deepEqual([layer.offset, layer.length], [42, 9]);
    assert.ok(protocolModules().includes(toy));
  });
  // Unregistered again: the same bytes are data.
  assert.equal(dissectHex(TOY_FRAME).layers.some((l) => l.protocol === 'toy'), false);
});

test('its fields reach the JSON with Wireshark-style shownames', () => {
  withToy(() => {
    const json = JSON.parse(packetJson(dissectHex(TOY_FRAME)));
    const layer = json.layers.find((l: { protocol: string }) => l.protocol === 'toy');
    assert.equal(layer.name, 'Toy');
    assert.deepEqual(
      layer.fields.map((f: { name: string; showname: string }) => [f.name, f.showname]),
      [['toy.version', '0001 .... = Version: First (1)'], ['toy.flags.urgent', '.... 1... = Urgent: Set'], ['toy.kind', 'Kind: Greeting (0x01)'], ['toy.length', 'Length: 5 bytes'], ['toy.text', 'Text: hello']],
    );
  });
});

test('the header diagram draws its fields, bit fields included', () => {
  withToy(() => {
    const { layers, layer } = toyLayer();
    const diagram = layoutHeaderDiagram(layer, layers.indexOf(layer));
    const drawn = new Set(diagram.boxes.map((b) => b.field?.name));
    for (const name of ['toy.version', 'toy.flags.urgent', 'toy.kind', 'toy.length', 'toy.text']) assert.ok(drawn.has(name), `${name} is drawn`);
  });
});

test('the layer stack tells its sentence on the application layer, and its problems by code', () => {
  withToy(() => {
    const { layers } = toyLayer();
    const application = buildNarrative(layers, 'receiver').find((s) => s.osi === 7)!;
    assert.equal(application.sentence, 'Application: Toy 0x01 saying "hello"');
    // Two bytes of text missing: the problem is the module's, with its parameters.
    const cut = toyLayer(TOY_FRAME.slice(0, -4)).layer;
    assert.deepEqual(cut.problems.map((p) => [p.code, p.params?.missing]), [['toy.text_short', 2]]);
    assert.equal(cut.problems[0].message, 'The toy text is 2 bytes shorter than its length says');
  });
});

test('display filters name it and its fields once it is registered, and no longer once it is taken out', () => {
  assert.throws(() => compileDisplayFilter('toy'), FilterError);
  withToy(() => {
    assert.ok(filterNames().includes('toy'));
    const filter = compileDisplayFilter('toy && toy.kind == 1 && toy.text == "hello"');
    assert.equal(filter.matches(dissectHex(TOY_FRAME), Buffer.from(TOY_FRAME, 'hex')), true);
  });
  assert.throws(() => compileDisplayFilter('toy'), FilterError);
});

test('its texts are catalog entries under stable ids', () => {
  const catalog = englishCatalog();
  assert.equal(catalog.get('field.toy.kind.label'), 'Kind');
  assert.equal(catalog.get('field.toy.kind.value.1'), 'Greeting');
  assert.equal(catalog.get('toy.narrative.says'), 'Toy {kind} saying "{text}"');
  assert.equal(catalog.get('problem.toy.text_short'), P.text_short.en);
});

test('a module registered on a port another module holds takes it over, and gives it back when taken out, however often', () => {
  withToy(() => {
    // More rivals than a dispatch table has places for modules: each one taken out frees its place.
    for (let round = 0; round < 300; round++) {
      const rival: ProtocolModule = { ...toy, place: { ...toy.place, protocol: 'rival' }, name: 'Rival' };
      registerProtocol(rival);
      assert.equal(dissectHex(TOY_FRAME).layers.some((l) => l.protocol === 'rival'), true);
      unregisterProtocol(rival);
      const protocols = dissectHex(TOY_FRAME).layers.map((l) => l.protocol);
      assert.ok(protocols.includes('toy') && !protocols.includes('rival'), `round ${round}: ${protocols.join(', ')}`);
    }
  });
});
