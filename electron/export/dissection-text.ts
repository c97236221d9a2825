// Export Packet Dissections as plain text, the way Wireshark prints them: for each packet a summary
// line under the column titles, then every layer and field of its tree, four spaces deeper per
// level, with problems as expert-info lines; a blank line after each packet.

import { problemsOnFields, treeLine, type DissectedPacket, type Field, type Layer } from '../dissect/field-model.js';

const SEVERITY = { note: 'Note', warning: 'Warning', error: 'Error' } as const;

/** The column titles and one packet's summary, padded to Wireshark's print widths. */
function summaryLines(p: DissectedPacket, time: string): string[] {
  const row = (no: string, t: string, src: string, dst: string, proto: string, len: string, info: string) =>
    `${no.padStart(7)} ${t.padEnd(14)} ${src.padEnd(21)} ${dst.padEnd(21)} ${proto.padEnd(8)} ${len.padEnd(6)} ${info}`.trimEnd();
  const s = p.summary;
  return [
    'No.     Time           Source                Destination           Protocol Length Info',
    row(String(p.number), time, s.source, s.destination, s.protocol, String(p.len), s.info),
  ];
}

function fieldLines(f: Field, indent: string, out: string[]): void {
  out.push(`${indent}${treeLine(f)}`);
  for (const problem of f.problems ?? []) out.push(`${indent}    [Expert Info (${SEVERITY[problem.severity]}): ${problem.message}]`);
  for (const child of f.children) fieldLines(child, indent + '    ', out);
}

/** One layer and its fields as text, as the plain-text export prints it (also Copy ▸ Layer). */
export function layerText(layer: Layer): string {
  const out: string[] = [];
  layerLines(layer, out);
  return out.join('\n') + '\n';
}

/** One field and its children as text, indented from `depth` (also Copy ▸ Field). */
export function fieldText(field: Field, depth = 0): string {
  const out: string[] = [];
  fieldLines(field, '    '.repeat(depth), out);
  return out.join('\n') + '\n';
}

function layerLines(layer: Layer, out: string[]): void {
  out.push(layer.title);
  for (const f of layer.fields) fieldLines(f, '    ', out);
  const onFields = problemsOnFields(layer.fields);
  for (const problem of layer.problems) if (!onFields.has(problem)) out.push(`    [Expert Info (${SEVERITY[problem.severity]}): ${problem.message}]`);
}

/** One packet as plain text; `time` is its time column as shown (relative seconds). */
export function dissectionText(p: DissectedPacket, time: string): string {
  const out = summaryLines(p, time);
  out.push('');
  for (const layer of p.layers) layerLines(layer, out);
  out.push('', '');
  return out.join('\n');
}
