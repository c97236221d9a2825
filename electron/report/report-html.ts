// The coursework report: chosen packets as one self-contained HTML file (styles and figures inline,
// nothing fetched), which prints cleanly to PDF. A title block, a table of contents, and per packet
// its summary line, comments, layer stack, narrative (sender's or receiver's view), the field tree
// with each field's plain-language explanation and RFC, a header diagram, and the bytes coloured by
// the layer that owns them.

import type { DissectedPacket, Field, Layer, OsiLayer } from '../dissect/field-model.js';
import { treeLine } from '../dissect/field-model.js';
import { buildNarrative, type StackView } from '../../renderer/src/lib/layer-narrative.js';
import { OSI_LAYERS } from '../../renderer/src/lib/layer-models.js';
import { layoutHeaderDiagram } from '../../renderer/src/lib/header-diagram-layout.js';
import { placeDiagram } from '../../renderer/src/lib/header-diagram-geometry.js';
import { REPORT_TEXT } from './report-text.js';
import { esc } from './html-escape.js';
import type { ReportConversation } from './report-conversation.js';
import { CONVERSATION_SECTION_ID, CONVERSATION_STYLE, conversationHeading, conversationSection } from './report-conversation-section.js';
import { LADDER_STYLE } from './report-ladder.js';
import { currentLanguage, say } from '../text/catalog.js';
import { readableCount, readableDecimal, readableUtcDateTime } from '../text/locale-format.js';

export interface ReportPacket {
  packet: DissectedPacket;
  bytes: Uint8Array;
  /** The packet's comments (the file's and the user's), one per entry. */
  comments: string[];
}

export interface ReportOptions {
  title: string;
  student?: string;
  course?: string;
  /** The capture's file (or interface) name. */
  capture: string;
  /** Packets in the capture, and the seconds from its first to its last packet. */
  capturePackets: number;
  captureSeconds: number;
  view: StackView;
  /** Whose header diagram each packet shows (a protocol's short name: tcp, ip, dns…); default its transport layer. */
  diagram?: string;
  /** When the report was made (shown in the title block). */
  made: Date;
  /** The conversation chosen, drawn as a ladder with its statistics before the packets. */
  conversation?: ReportConversation;
}

/** The layer colours of the app (one per OSI layer), for the figures and the bytes. */
const LAYER_COLOURS: Readonly<Record<OsiLayer, string>> = {
  7: '#d94f4f', 6: '#e2851a', 5: '#c9a400', 4: '#3f9a45', 3: '#3b73b9', 2: '#9a5bb0', 1: '#8a6a52',
};

export function reportHtml(packets: readonly ReportPacket[], options: ReportOptions): string {
  const title = esc(options.title);
  const rows: [string, string][] = [
    [say(REPORT_TEXT.capture), options.capture],
    [say(REPORT_TEXT.packets_in_capture), readableCount(options.capturePackets)],
    [say(REPORT_TEXT.time_span), say(REPORT_TEXT.seconds, { seconds: readableDecimal(options.captureSeconds, 6) })],
    [say(REPORT_TEXT.packets_in_report), readableCount(packets.length)],
    [say(REPORT_TEXT.view), say(options.view === 'sender' ? REPORT_TEXT.view_sender : REPORT_TEXT.view_receiver)],
    [say(REPORT_TEXT.made), readableUtcDateTime(options.made)],
  ];
  if (options.course) rows.unshift([say(REPORT_TEXT.course), options.course]);
  if (options.student) rows.unshift([say(REPORT_TEXT.student), options.student]);
  return `<!doctype html>
<html lang="${currentLanguage()}">
<head>
<meta charset="utf-8">
<meta name="generator" content="Layerscope">
<title>${title}</title>
<style>${STYLE}${options.conversation ? CONVERSATION_STYLE + LADDER_STYLE : ''}</style>
</head>
<body>
<header class="title-block">
<h1>${title}</h1>
<table class="facts">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
</header>
<nav class="toc"><h2>${esc(say(REPORT_TEXT.contents))}</h2>${conversationEntry(options.conversation)}<ol>${packets.map((p) => `<li><a href="#packet-${p.packet.number}">${esc(summaryLine(p.packet))}</a></li>`).join('')}</ol></nav>
${options.conversation ? conversationSection(options.conversation) : ''}
${packets.map((p) => packetSection(p, options.view, options.diagram)).join('\n')}
</body>
</html>
`;
}

function conversationEntry(conversation: ReportConversation | undefined): string {
  if (!conversation) return '';
  return `<p class="toc-conversation"><a href="#${CONVERSATION_SECTION_ID}">${esc(conversationHeading(conversation))}</a> · ${esc(say(REPORT_TEXT.conversation_contents))}</p>`;
}

function summaryLine(p: DissectedPacket): string {
  const s = p.summary;
  return say(REPORT_TEXT.summary, { number: p.number, time: readableDecimal(p.time, 6), source: s.source, destination: s.destination, protocol: s.protocol, length: p.len, info: s.info });
}

function packetSection(r: ReportPacket, view: StackView, diagramProtocol: string | undefined): string {
  const p = r.packet;
  const layers = p.layers;
  const comments = r.comments.length
    ? `<div class="comments"><h4>${esc(say(REPORT_TEXT.comments))}</h4>${r.comments.map((c) => `<p>${esc(c)}</p>`).join('')}</div>`
    : '';
  const narrative = buildNarrative(layers, view)
    .map((step) => `<li class="${step.empty ? 'empty' : ''}" style="--layer:${LAYER_COLOURS[step.osi]}">${esc(step.sentence)}</li>`)
    .join('');
  const diagramLayer = (diagramProtocol !== undefined ? layers.find((l) => l.protocol === diagramProtocol) : undefined) ?? mainLayer(layers);
  // A layer decoded from reassembled bytes (a datagram put together from fragments) is drawn from them.
  const diagramSource = diagramLayer?.source ? p.sources?.[diagramLayer.source - 1] : undefined;
  const diagramBytes = diagramSource ? Uint8Array.from(diagramSource.bytesHex.match(/../g) ?? [], (h) => parseInt(h, 16)) : r.bytes;
  const diagram = diagramLayer ? headerDiagramSvg(diagramLayer, layers.indexOf(diagramLayer), diagramBytes) : '';
  return `<section class="packet" id="packet-${p.number}">
<h2>${esc(summaryLine(p))}</h2>
${comments}
<div class="figure-row">
<figure class="stack">${layerStackSvg(layers, p.caplen)}<figcaption>${esc(say(REPORT_TEXT.stack_caption, { number: p.number }))}</figcaption></figure>
<div class="narrative"><h4>${esc(say(view === 'sender' ? REPORT_TEXT.narrative_sender : REPORT_TEXT.narrative_receiver))}</h4><ol>${narrative}</ol></div>
</div>
<h3>${esc(say(REPORT_TEXT.fields))}</h3>
<div class="tree">${layers.map((l) => layerTree(l)).join('')}</div>
${diagram ? `<figure class="diagram">${diagram}<figcaption>${esc(say(REPORT_TEXT.diagram_caption, { number: p.number, layer: diagramLayer!.title }))}</figcaption></figure>` : ''}
<h3>${esc(say(REPORT_TEXT.bytes))}</h3>
${bytesHtml(r.bytes, layers)}
</section>`;
}

/** The layer whose header a reader of this packet most wants drawn: the innermost one with a header (not data). */
function mainLayer(layers: readonly Layer[]): Layer | undefined {
  const decoded = layers.filter((l) => l.protocol !== 'frame' && l.protocol !== 'data' && l.fields.length > 0);
  const transport = decoded.filter((l) => l.osi === 4);
  return transport.at(-1) ?? decoded.at(-1);
}

function layerTree(layer: Layer): string {
  const colour = LAYER_COLOURS[layer.osi];
  const problems = layer.problems.map((x) => `<li class="problem ${x.severity}">${esc(x.message)}</li>`).join('');
  return `<details open class="layer" style="--layer:${colour}"><summary><span class="osi">L${layer.osi}</span> ${esc(layer.title)}</summary><ul>${layer.fields.map((f) => fieldItem(f)).join('')}${problems}</ul></details>`;
}

function fieldItem(f: Field): string {
  const about = [f.description, f.rfc].filter(Boolean).map((t) => esc(t!)).join(' · ');
  const problems = (f.problems ?? []).map((x) => `<div class="problem ${x.severity}">${esc(x.message)}</div>`).join('');
  const children = f.children.length ? `<ul>${f.children.map((c) => fieldItem(c)).join('')}</ul>` : '';
  return `<li><span class="line${f.generated ? ' generated' : ''}">${esc(treeLine(f))}</span> <code class="name">${esc(f.name)}</code>${about ? `<div class="about">${about}</div>` : ''}${problems}${children}</li>`;
}

/** The OSI stack with the packet's layers on their rows, each as wide as its bytes. */
function layerStackSvg(layers: readonly Layer[], caplen: number): string {
  const width = 360;
  const rowHeight = 26;
  const labelWidth = 120;
  const barWidth = width - labelWidth - 8;
  const parts: string[] = [];
  OSI_LAYERS.forEach((info, i) => {
    const y = i * rowHeight;
    const colour = LAYER_COLOURS[info.osi];
    const here = layers.filter((l) => l.osi === info.osi && l.protocol !== 'frame');
    parts.push(`<rect x="0" y="${y}" width="${width}" height="${rowHeight - 3}" rx="3" fill="${colour}" fill-opacity="${here.length ? 0.14 : 0.04}" stroke="${colour}" stroke-opacity="0.5"/>`);
    parts.push(`<text x="6" y="${y + 16}" class="row-label">${esc(`${info.osi} ${info.name}`)}</text>`);
    let x = labelWidth;
    for (const l of here) {
      const w = Math.max(36, (barWidth * Math.max(l.length, 1)) / Math.max(caplen, 1));
      parts.push(`<rect x="${x}" y="${y + 3}" width="${Math.min(w, width - x - 3)}" height="${rowHeight - 9}" rx="2" fill="${colour}"/>`);
      parts.push(`<text x="${x + 4}" y="${y + 16}" class="bar-label">${esc(`${l.name} ${l.length} B`)}</text>`);
      x += w + 3;
    }
  });
  const height = OSI_LAYERS.length * rowHeight;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${parts.join('')}</svg>`;
}

/** The layer's RFC-style header diagram, as the app draws it. */
function headerDiagramSvg(layer: Layer, index: number, bytes: Uint8Array): string {
  const geometry = placeDiagram(layoutHeaderDiagram(layer, index, bytes), 640);
  const colour = LAYER_COLOURS[layer.osi];
  const parts: string[] = [];
  for (const tick of geometry.ticks) {
    if (tick.label !== null) parts.push(`<text class="ruler" x="${tick.labelX}" y="12" text-anchor="middle">${esc(tick.label)}</text>`);
    parts.push(`<line x1="${tick.x}" x2="${tick.x}" y1="15" y2="${tick.major ? 20 : 18}" stroke="#5b6577"/>`);
  }
  for (const b of geometry.boxes) {
    const cx = b.x + b.width / 2;
    const middle = b.y + b.height / 2;
    parts.push(`<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="${colour}" fill-opacity="0.12" stroke="${colour}"/>`);
    if (b.labelVertical) {
      parts.push(`<text class="label" transform="rotate(-90 ${cx + 3.5} ${b.y + b.height - 20})" x="${cx + 3.5}" y="${b.y + b.height - 20}">${esc(b.label)}</text>`);
      parts.push(`<text class="value" x="${cx}" y="${b.y + b.height - 7}" text-anchor="middle">${esc(b.value)}</text>`);
    } else if (b.label) {
      parts.push(`<text class="label" x="${b.textX}" y="${middle - 4}" text-anchor="${b.textAnchor}">${esc(b.label)}</text>`);
      parts.push(`<text class="value" x="${b.textX}" y="${middle + 10}" text-anchor="${b.textAnchor}">${esc(b.value)}</text>`);
    } else {
      parts.push(`<text class="value" x="${b.textX}" y="${middle + 4}" text-anchor="${b.textAnchor}">${esc(b.value)}</text>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${geometry.width} ${geometry.height}" width="${geometry.width}" height="${geometry.height}" role="img">${parts.join('')}</svg>`;
}

/** The bytes as a hex dump, each byte in the colour of the innermost layer that owns it. */
function bytesHtml(bytes: Uint8Array, layers: readonly Layer[]): string {
  const owner = new Array<OsiLayer | 0>(bytes.length).fill(0);
  for (const l of layers) {
    // The frame's bytes: layers decoded from reassembled bytes lie in those.
    if (l.protocol === 'frame' || l.source) continue;
    for (let i = l.offset; i < Math.min(bytes.length, l.offset + l.length); i++) owner[i] = l.osi;
  }
  const lines: string[] = [];
  for (let row = 0; row < bytes.length; row += 16) {
    const cells: string[] = [];
    for (let i = row; i < Math.min(bytes.length, row + 16); i++) {
      const osi = owner[i];
      cells.push(`<span${osi ? ` style="background:${LAYER_COLOURS[osi]}33"` : ''}>${bytes[i].toString(16).padStart(2, '0')}</span>`);
    }
    lines.push(`<div><span class="offset">${row.toString(16).padStart(4, '0')}</span> ${cells.join(' ')}</div>`);
  }
  const legend = layers
    .filter((l) => l.protocol !== 'frame')
    .map((l) => `<span class="key" style="background:${LAYER_COLOURS[l.osi]}33">${esc(l.name)} (L${l.osi})</span>`)
    .join(' ');
  return `<div class="bytes">${lines.join('')}</div><p class="legend">${legend}</p>`;
}

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
body { font: 11pt/1.4 'DejaVu Sans', system-ui, sans-serif; color: #1d2430; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 20pt; margin: 0 0 8pt; }
h2 { font-size: 13pt; border-bottom: 2px solid #d5d9e0; padding-bottom: 3pt; margin-top: 0; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; }
h4 { font-size: 10.5pt; margin: 6pt 0 3pt; }
.facts th { text-align: left; padding-right: 12pt; color: #5b6577; font-weight: normal; }
.toc ol { padding-left: 18pt; font-size: 9.5pt; }
.toc a { color: inherit; text-decoration: none; }
.toc-conversation { font-size: 9.5pt; }
.packet { break-before: page; }
.comments { background: #f6efe3; border-left: 3px solid #b76e00; padding: 4pt 8pt; margin: 6pt 0; }
.comments p { margin: 2pt 0; white-space: pre-wrap; }
.figure-row { display: flex; gap: 12pt; align-items: flex-start; break-inside: avoid; }
figure { margin: 6pt 0; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #5b6577; }
svg text { font-family: 'DejaVu Sans', sans-serif; font-size: 10px; fill: #1d2430; }
svg .row-label { font-size: 10px; }
svg .bar-label { font-size: 9px; fill: #ffffff; }
svg .label { font-size: 9px; }
svg .value { font-family: 'DejaVu Sans Mono', monospace; font-size: 9px; }
svg .ruler { font-size: 8px; fill: #5b6577; }
.narrative { flex: 1; font-size: 9.5pt; }
.narrative ol { padding-left: 16pt; margin: 0; }
.narrative li { border-left: 3px solid var(--layer); padding-left: 5pt; margin-bottom: 2pt; }
.narrative li.empty { color: #5b6577; font-style: italic; }
.tree { font-size: 9pt; }
.tree ul { list-style: none; padding-left: 12pt; margin: 0; }
.layer { border-left: 3px solid var(--layer); margin: 3pt 0; padding-left: 4pt; break-inside: auto; }
.layer > summary { font-weight: bold; }
.osi { background: var(--layer); color: white; border-radius: 3px; padding: 0 3pt; font-size: 8pt; }
.tree li { break-inside: avoid; margin: 1pt 0; }
.line.generated { font-style: italic; }
.name { color: #5b6577; font-size: 8pt; }
.about { color: #5b6577; font-size: 8pt; margin-left: 8pt; }
.problem { color: #c62828; }
.problem.note { color: #5b6577; }
.bytes { font: 9pt/1.5 'DejaVu Sans Mono', monospace; break-inside: avoid; }
.bytes span { padding: 0 1pt; }
.offset { color: #5b6577; margin-right: 6pt; }
.legend { font-size: 8.5pt; }
.key { padding: 0 4pt; border-radius: 3px; }
`;
