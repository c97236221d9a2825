// The two reference models the layer stack draws side by side, and how their layers line up:
// the TCP/IP model folds OSI 5-7 into "application" and OSI 1-2 into "link".

import type { OsiLayer, TcpIpLayer } from '../../../electron/dissect/field-model.js';
import { osiLayerName, osiLayerRole, tcpipLayerName } from '../../../electron/dissect/layer-names.js';

export interface OsiLayerInfo {
  osi: OsiLayer;
  readonly name: string;
  /** What a learner should know the layer is for, in a few words. */
  readonly role: string;
}

// Names and roles are read from the catalog each time, so they follow the language chosen.
const osiLayer = (osi: OsiLayer): OsiLayerInfo => ({
  osi,
  get name() {
    return osiLayerName(osi);
  },
  get role() {
    return osiLayerRole(osi);
  },
});

export const OSI_LAYERS: readonly OsiLayerInfo[] = ([7, 6, 5, 4, 3, 2, 1] as const).map(osiLayer);

export interface TcpIpLayerInfo {
  tcpip: TcpIpLayer;
  readonly name: string;
  /** The OSI layers this TCP/IP layer covers, top first. */
  osi: readonly OsiLayer[];
}

const tcpipLayer = (tcpip: TcpIpLayer, osi: readonly OsiLayer[]): TcpIpLayerInfo => ({
  tcpip,
  osi,
  get name() {
    return tcpipLayerName(tcpip);
  },
});

export const TCPIP_LAYERS: readonly TcpIpLayerInfo[] = [
  tcpipLayer('application', [7, 6, 5]),
  tcpipLayer('transport', [4]),
  tcpipLayer('internet', [3]),
  tcpipLayer('link', [2, 1]),
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
