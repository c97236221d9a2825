// The two reference models the layer stack draws side by side, and how their layers line up:
// the TCP/IP model folds OSI 5-7 into "application" and OSI 1-2 into "link".

import type { OsiLayer, TcpIpLayer } from '../../../electron/dissect/field-model.js';

export interface OsiLayerInfo {
  osi: OsiLayer;
  name: string;
  /** What a learner should know the layer is for, in a few words. */
  role: string;
}

export const OSI_LAYERS: readonly OsiLayerInfo[] = [
  { osi: 7, name: 'Application', role: 'what the programs say to each other' },
  { osi: 6, name: 'Presentation', role: 'how data is encoded, compressed or encrypted' },
  { osi: 5, name: 'Session', role: 'keeping a dialogue between programs going' },
  { osi: 4, name: 'Transport', role: 'getting data from program to program (ports)' },
  { osi: 3, name: 'Network', role: 'getting packets from host to host across networks (IP addresses)' },
  { osi: 2, name: 'Data link', role: 'getting frames across one link (MAC addresses)' },
  { osi: 1, name: 'Physical', role: 'bits as signals on the wire or radio' },
];

export interface TcpIpLayerInfo {
  tcpip: TcpIpLayer;
  name: string;
  /** The OSI layers this TCP/IP layer covers, top first. */
  osi: readonly OsiLayer[];
}

export const TCPIP_LAYERS: readonly TcpIpLayerInfo[] = [
  { tcpip: 'application', name: 'Application', osi: [7, 6, 5] },
  { tcpip: 'transport', name: 'Transport', osi: [4] },
  { tcpip: 'internet', name: 'Internet', osi: [3] },
  { tcpip: 'link', name: 'Link', osi: [2, 1] },
];

export function osiName(osi: OsiLayer): string {
  return OSI_LAYERS.find((l) => l.osi === osi)!.name;
}

export function tcpipName(tcpip: TcpIpLayer): string {
  return TCPIP_LAYERS.find((l) => l.tcpip === tcpip)!.name;
}

/** The TCP/IP layer an OSI layer belongs to. */
export function tcpipOfOsi(osi: OsiLayer): TcpIpLayer {
  return TCPIP_LAYERS.find((l) => l.osi.includes(osi))!.tcpip;
}

/**
 * The CSS custom property holding the colour of an OSI layer. One colour per layer, used by the
 * stack, the tree, the bytes and the packet list alike; TCP/IP layers take the colour of the OSI
 * layer their protocols sit on.
 */
export function layerColorVar(osi: OsiLayer): string {
  return `var(--layer-${osi})`;
}
