// What the 802.11 modules share: the names of the frame types and subtypes as Wireshark shows them,
// keyed by type × 16 + subtype (IEEE 802.11-2020 Table 9-1), and how a frame cut short is marked.

import type { DissectContext } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';

export const FRAME_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x00: 'Association Request',
  0x01: 'Association Response',
  0x02: 'Reassociation Request',
  0x03: 'Reassociation Response',
  0x04: 'Probe Request',
  0x05: 'Probe Response',
  0x06: 'Measurement Pilot',
  0x08: 'Beacon frame',
  0x09: 'ATIM',
  0x0a: 'Disassociate',
  0x0b: 'Authentication',
  0x0c: 'Deauthentication',
  0x0d: 'Action',
  0x0e: 'Action No Ack',
  0x0f: 'Aruba Management',
  0x12: 'Trigger',
  0x14: 'Beamforming Report Poll',
  0x15: 'VHT/HE NDP Announcement',
  0x17: 'Control Wrapper',
  0x18: '802.11 Block Ack Req',
  0x19: '802.11 Block Ack',
  0x1a: 'Power-Save poll',
  0x1b: 'Request-to-send',
  0x1c: 'Clear-to-send',
  0x1d: 'Acknowledgement',
  0x1e: 'CF-End (Control-frame)',
  0x1f: 'CF-End + CF-Ack (Control-frame)',
  0x20: 'Data',
  0x21: 'Data + CF-Ack',
  0x22: 'Data + CF-Poll',
  0x23: 'Data + CF-Ack + CF-Poll',
  0x24: 'Null function (No data)',
  0x25: 'Acknowledgement (No data)',
  0x26: 'CF-poll (No data)',
  0x27: 'CF-ack/poll (No data)',
  0x28: 'QoS Data',
  0x29: 'QoS Data + CF-Acknowledgment',
  0x2a: 'QoS Data + CF-Poll',
  0x2b: 'QoS Data + CF-Ack + CF-Poll',
  0x2c: 'QoS Null function (No data)',
  0x2e: 'QoS CF-Poll (No Data)',
  0x2f: 'QoS CF-Ack + CF-Poll (No Data)',
  0x30: 'DMG Beacon',
};

/** The frame type (0 management, 1 control, 2 data, 3 extension) of a type/subtype value. */
export function frameKind(typeSubtype: number): number {
  return typeSubtype >> 4;
}

/**
 * Ends the info column as tshark does when a frame stops short: "[Packet size limited during
 * capture]" when the snap length cut it, else "[Malformed Packet]" (with tshark's reason, if any).
 */
export function markCut(b: LayerBuilder, ctx: DissectContext, reason?: string): undefined {
  const info = ctx.columns.info;
  if (b.truncated) info.text('[Packet size limited during capture]');
  else info.text(reason ? `[Malformed Packet: ${reason}]` : '[Malformed Packet]');
  return undefined;
}
