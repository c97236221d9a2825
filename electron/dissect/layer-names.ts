// The names of the two reference models' layers (OSI's seven, TCP/IP's four) and what each OSI
// layer is for, as catalog entries: the layer stack, the field tree, the CLI's tree and the report
// all name layers in the reader's language through these.

import { defineMessages, say } from '../text/catalog.js';
import type { OsiLayer, TcpIpLayer } from './field-model.js';

export const LAYER_TEXT = defineMessages('layer', {
  osi_7: 'Application',
  osi_6: 'Presentation',
  osi_5: 'Session',
  osi_4: 'Transport',
  osi_3: 'Network',
  osi_2: 'Data link',
  osi_1: 'Physical',
  osi_7_role: 'what the programs say to each other',
  osi_6_role: 'how data is encoded, compressed or encrypted',
  osi_5_role: 'keeping a dialogue between programs going',
  osi_4_role: 'getting data from program to program (ports)',
  osi_3_role: 'getting packets from host to host across networks (IP addresses)',
  osi_2_role: 'getting frames across one link (MAC addresses)',
  osi_1_role: 'bits as signals on the wire or radio',
  tcpip_application: 'Application',
  tcpip_transport: 'Transport',
  tcpip_internet: 'Internet',
  tcpip_link: 'Link',
});

/** The OSI layer's name in the current language ("Transport", "Transportowa"…). */
export function osiLayerName(osi: OsiLayer): string {
  return say(LAYER_TEXT[`osi_${osi}`]);
}

/** What the OSI layer is for, in a few words, in the current language. */
export function osiLayerRole(osi: OsiLayer): string {
  return say(LAYER_TEXT[`osi_${osi}_role`]);
}

/** The TCP/IP layer's name in the current language. */
export function tcpipLayerName(tcpip: TcpIpLayer): string {
  return say(LAYER_TEXT[`tcpip_${tcpip}`]);
}
