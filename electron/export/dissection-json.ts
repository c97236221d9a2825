// The JSON form of a dissected packet (`layerscope dissect --json`, Export Packet Dissections as JSON):
// exactly the shape the command promises, keys in a fixed order, one object per line.

import type { DissectedPacket, Field, Layer, Problem } from '../dissect/field-model.js';

interface FieldJson {
  name: string;
  label: string;
  offset: number;
  length: number;
  mask?: number;
  value: Field['value'];
  show: string;
  showname: string;
  generated?: boolean;
  description: string;
  /** The data source the field lies in, when not its parent's or layer's (see DissectedPacket.sources). */
  source?: number;
  children: FieldJson[];
}

function fieldJson(f: Field): FieldJson {
  const out: FieldJson = { name: f.name, label: f.label, offset: f.offset, length: f.length } as FieldJson;
  if (f.mask !== undefined) out.mask = f.mask;
  out.value = f.value;
  out.show = f.show;
  out.showname = f.showname;
  if (f.generated) out.generated = true;
  out.description = f.description;
  if (f.source !== undefined) out.source = f.source;
  out.children = f.children.map(fieldJson);
  return out;
}

function problemJson(p: Problem): Problem {
  const out: Problem = { code: p.code, severity: p.severity, message: p.message, offset: p.offset };
  if (p.params !== undefined) out.params = p.params;
  if (p.field !== undefined) out.field = p.field;
  return out;
}

function layerJson(l: Layer) {
  return {
    protocol: l.protocol,
    name: l.name,
    title: l.title,
    osi: l.osi,
    tcpip: l.tcpip,
    offset: l.offset,
    length: l.length,
    fields: l.fields.map(fieldJson),
    problems: l.problems.map(problemJson),
    narrative: l.narrative,
    ...(l.source !== undefined ? { source: l.source } : {}),
  };
}

/** One line of `dissect --json` output (without the newline). */
export function packetJson(p: DissectedPacket): string {
  // Reassembled bytes (a datagram put together from fragments), as hex, which layers and fields
  // with a `source` number point into (1 is the first).
  const sources = p.sources?.map((s) => ({ name: s.name, bytesHex: s.bytesHex }));
  return JSON.stringify({ number: p.number, time: p.time, caplen: p.caplen, len: p.len, layers: p.layers.map(layerJson), ...(sources ? { sources } : {}) });
}
