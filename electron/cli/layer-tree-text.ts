// The text form of a dissected packet printed by `layerscope dissect`: each layer with its place in
// the OSI and TCP/IP models and its byte range, then its fields indented as a tree, each
// Wireshark's line ("Flags: 0x002 (SYN)", ".... ..1. = Syn: Set") and [offset+length], with sub-byte fields' bit masks and problems flagged in place.

import { problemsOnFields, treeLine, type DissectedPacket, type Field, type Layer, type Problem } from '../dissect/field-model.js';
import { osiLayerName, tcpipLayerName } from '../dissect/layer-names.js';
import { defineMessages, say } from '../text/catalog.js';

const TREE_TEXT = defineMessages('cli.tree', {
  packet: 'Packet {number}  time {time}  {source} → {destination}  {protocol}  {length, plural, one {# byte} other {# bytes}}  {info}',
  note: 'note',
  warning: 'WARNING',
  error: 'ERROR',
});

function range(offset: number, length: number): string {
  return `[${offset}+${length}]`;
}

export interface TreeTextOptions {
  /** Each field's plain-language explanation on the line under it. */
  readonly explain?: boolean;
}

function fieldLines(f: Field, indent: string, out: string[], options: TreeTextOptions): void {
  const mask = f.mask !== undefined ? ` mask 0x${f.mask.toString(16)}` : '';
  out.push(`${indent}${treeLine(f)} ${range(f.offset, f.length)}${mask}  (${f.name})`);
  if (options.explain && f.description) out.push(`${indent}  · ${f.description}`);
  for (const p of f.problems ?? []) out.push(`${indent}  !! ${say(TREE_TEXT[p.severity])}: ${p.message}`);
  for (const c of f.children) fieldLines(c, indent + '    ', out, options);
}

function layerLines(l: Layer, out: string[], options: TreeTextOptions): void {
  out.push(`${l.title} ${range(l.offset, l.length)}  [OSI ${l.osi} ${osiLayerName(l.osi)} | TCP/IP ${tcpipLayerName(l.tcpip)}]`);
  for (const f of l.fields) fieldLines(f, '    ', out, options);
  // Problems already shown on a field are not repeated; the others belong to the layer as a whole.
  const shown = problemsOnFields(l.fields);
  for (const p of l.problems) if (!shown.has(p)) out.push(`    !! ${say(TREE_TEXT[p.severity])}: ${p.message}`);
}

/** The packet's tree as text, ending with a blank line. */
export function packetTreeText(p: DissectedPacket, options: TreeTextOptions = {}): string {
  const out: string[] = [];
  const s = p.summary;
  out.push(say(TREE_TEXT.packet, { number: p.number, time: p.time.toFixed(6), source: s.source, destination: s.destination, protocol: s.protocol, length: p.len, info: s.info }));
  for (const l of p.layers) layerLines(l, out, options);
  out.push('', '');
  return out.join('\n');
}
