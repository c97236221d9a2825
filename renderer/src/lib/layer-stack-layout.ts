// Where each layer of a packet goes in the layer stack: the OSI model's seven rows and the TCP/IP
// model's four side by side, each packet layer a bar in the row of the layer it belongs to, as
// wide as the bytes it takes. d3 computes the scales; the Svelte component only draws the result.

import { scaleBand, scaleLinear } from 'd3';
import type { Layer, OsiLayer, TcpIpLayer } from '../../../electron/dissect/field-model.js';
import { OSI_LAYERS, TCPIP_LAYERS, tcpipOfOsi } from './layer-models.js';

export interface StackSegment {
  layerIndex: number;
  protocol: string;
  /** The protocol's display name ("TCP"), the same in every packet. */
  name: string;
  /** Bytes this layer takes: its header (and trailer); the frame layer carries all of them. */
  bytes: number;
  x: number;
  width: number;
  /** OSI layer whose colour the segment takes. */
  osi: OsiLayer;
  /** How many packets deep the layer is carried (0: the frame's own; 1: inside a tunnel...). */
  encapsulation: number;
}

export interface StackRow {
  model: 'osi' | 'tcpip';
  /** "osi-4" or "tcpip-transport". */
  key: string;
  label: string;
  /** The OSI layers the row stands for (one for OSI rows; TCP/IP rows span several). */
  osi: readonly OsiLayer[];
  tcpip: TcpIpLayer;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where bars start and how wide they may get (the same scale for every row of a model). */
  barX: number;
  barWidth: number;
  barY: number;
  barHeight: number;
  segments: StackSegment[];
  /** No layer of this packet sits here (a plain TCP segment has no presentation layer). */
  empty: boolean;
}

export interface StackLayout {
  width: number;
  height: number;
  rows: StackRow[];
}

export interface StackLayoutOptions {
  width: number;
  height: number;
  /** Space above the rows for the column headings. */
  top?: number;
  /** Share of the width taken by the OSI column. */
  osiShare?: number;
  gap?: number;
  labelWidth?: number;
  tcpipLabelWidth?: number;
  /** Narrowest bar drawn for a layer, so a zero- or one-byte layer can still be seen and clicked. */
  minBarWidth?: number;
}

/** Bytes a layer takes in the frame: its header range plus fields it owns outside it (trailers). */
export function layerBytes(layer: Layer, caplen: number): number {
  if (layer.protocol === 'frame') return caplen;
  const end = layer.offset + layer.length;
  let extra = 0;
  for (const f of layer.fields) {
    // (A field in reassembled bytes, a datagram's list of fragments, takes none of the frame's.)
    if (f.length > 0 && f.source === undefined && (f.offset >= end || f.offset + f.length <= layer.offset)) extra += f.length;
  }
  return layer.length + extra;
}

export function layoutLayerStack(layers: readonly Layer[], caplen: number, options: StackLayoutOptions): StackLayout {
  const { width, height } = options;
  const top = options.top ?? 22;
  const gap = options.gap ?? 10;
  const labelWidth = options.labelWidth ?? 96;
  const minBar = options.minBarWidth ?? 4;
  const osiWidth = Math.round((width - gap) * (options.osiShare ?? 0.58));
  const tcpipX = osiWidth + gap;
  const tcpipWidth = width - tcpipX;
  // TCP/IP rows one OSI row tall carry their name on the left, taller ones above their bars; one
  // bar width for the whole column keeps bytes-to-pixels the same in every row.
  const tcpipLabelWidth = options.tcpipLabelWidth ?? 72;
  const tcpipBarWidth = Math.max(10, tcpipWidth - tcpipLabelWidth - 4);

  const band = scaleBand<OsiLayer>()
    .domain(OSI_LAYERS.map((l) => l.osi))
    .range([top, height])
    .paddingInner(0.12);
  const totalBytes = Math.max(1, caplen);

  const place = (row: Omit<StackRow, 'segments' | 'empty'>, members: number[]): StackRow => {
    const x = scaleLinear().domain([0, totalBytes]).range([0, row.barWidth]);
    const wanted = members.map((li) => Math.max(minBar, x(layerBytes(layers[li], caplen))));
    // Several layers can share a row (a VLAN tag beside Ethernet, a quoted datagram's IP beside
    // the outer IP); if they overflow, shrink them together so proportions hold within the row.
    const sum = wanted.reduce((a, b) => a + b, 0);
    const shrink = sum > row.barWidth ? row.barWidth / sum : 1;
    let cursor = row.barX;
    const segments = members.map((li, i) => {
      const w = wanted[i] * shrink;
      const seg: StackSegment = {
        layerIndex: li,
        protocol: layers[li].protocol,
        name: layers[li].name,
        bytes: layerBytes(layers[li], caplen),
        x: cursor,
        width: w,
        osi: layers[li].osi,
        encapsulation: layers[li].encapsulation ?? 0,
      };
      cursor += w;
      return seg;
    });
    return { ...row, segments, empty: segments.length === 0 };
  };

  const rows: StackRow[] = [];
  for (const info of OSI_LAYERS) {
    const y = band(info.osi)!;
    const members = layers.flatMap((l, li) => (l.osi === info.osi ? [li] : []));
    rows.push(
      place(
        {
          model: 'osi',
          key: `osi-${info.osi}`,
          label: `${info.osi} ${info.name}`,
          osi: [info.osi],
          tcpip: tcpipOfOsi(info.osi),
          x: 0,
          y,
          width: osiWidth,
          height: band.bandwidth(),
          barX: labelWidth,
          barWidth: Math.max(10, osiWidth - labelWidth - 4),
          barY: y + 3,
          barHeight: band.bandwidth() - 6,
        },
        members,
      ),
    );
  }
  for (const info of TCPIP_LAYERS) {
    const y = band(info.osi[0])!;
    const bottom = band(info.osi[info.osi.length - 1])! + band.bandwidth();
    // The TCP/IP model has no physical layer of its own: the frame's metadata is not a header
    // there, so only real headers are drawn in its link row.
    const members = layers.flatMap((l, li) => (l.tcpip === info.tcpip && l.protocol !== 'frame' ? [li] : []));
    rows.push(
      place(
        {
          model: 'tcpip',
          key: `tcpip-${info.tcpip}`,
          label: info.name,
          osi: info.osi,
          tcpip: info.tcpip,
          x: tcpipX,
          y,
          width: tcpipWidth,
          height: bottom - y,
          barX: info.osi.length > 1 ? tcpipX + 6 : tcpipX + tcpipLabelWidth,
          barWidth: tcpipBarWidth,
          barY: info.osi.length > 1 ? y + 20 : y + 3,
          barHeight: info.osi.length > 1 ? Math.min(bottom - y - 26, band.bandwidth() - 6) : bottom - y - 6,
        },
        members,
      ),
    );
  }
  return { width, height, rows };
}
