// Each layer's sentence for the layer stack ("TCP from port 40000 to port 80; SYN asks to open a
// connection"), from its module's narrative, which reads the layer's fields by their specs.

import { findField, type Field, type Layer } from './field-model.js';
import type { FieldSpec } from './field-spec.js';
import type { LayerReading, ProtocolModule } from './dissector.js';
import { defineMessages, say, sayMessage } from '../text/catalog.js';

const TEXT = defineMessages('narrative', {
  problems_found: '{count, plural, one {# problem} other {# problems}} found',
});

type Narrative = ProtocolModule['narrative'];

/** Sets `narrative` on each layer that has one; `narrativeOf(i)` gives layer i's narrative. */
export function narrateLayers(layers: Layer[], narrativeOf: (index: number) => Narrative | undefined): void {
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const narrative = narrativeOf(i);
    const parts = narrative ? narrative(readingOf(layer, layers[i + 1])).map(sayMessage) : [];
    if (parts.length === 0) parts.push(layer.title);
    const problems = layer.problems.filter((p) => p.severity !== 'note').length;
    if (problems > 0) parts.push(say(TEXT.problems_found, { count: problems }));
    layer.narrative = parts.join('; ');
  }
}

/** The fields of `layer` as a narrative reads them. */
export function readingOf(layer: Layer, next?: Layer): LayerReading {
  const field = (spec: FieldSpec): Field | undefined => findField(layer.fields, spec.name);
  return {
    layer,
    next,
    field,
    all: (spec) => {
      const found: Field[] = [];
      const walk = (fields: readonly Field[]) => {
        for (const f of fields) {
          if (f.name === spec.name) found.push(f);
          walk(f.children);
        }
      };
      walk(layer.fields);
      return found;
    },
    value: (spec) => field(spec)?.value,
    number: (spec) => {
      const v = field(spec)?.value;
      return typeof v === 'number' ? v : undefined;
    },
    show: (spec) => field(spec)?.show,
    isSet: (spec) => {
      const v = field(spec)?.value;
      return v === true || v === 1;
    },
  };
}
