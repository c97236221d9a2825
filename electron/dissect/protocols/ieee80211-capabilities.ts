// Two capability elements nearly every beacon and probe carries, one bit per feature: Extended
// Capabilities (ID 127: BSS transition, proxy ARP, interworking, operating mode notification...)
// and RM Enabled Capabilities (ID 70: which radio measurements the station can make and report).
// IEEE Std 802.11-2020 §9.4.2.26, §9.4.2.44.

import type { Field } from '../field-model.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldEntry, type FieldSpec, type FieldTable } from '../field-spec.js';
import { addBitsOf, le, readLe } from './little-endian.js';

const EXTCAP = 'IEEE 802.11-2020 §9.4.2.26';
const RMCAP = 'IEEE 802.11-2020 §9.4.2.44';
const SUPPORTED = ['Supported', 'Not supported'] as const;
const TRUE_FALSE = ['True', 'False'] as const;
const ENABLED = ['Enabled', 'Disabled'] as const;

/** How a bit reads: a true/false pair, value names, or a plain number (hex or decimal). */
type Meaning = readonly [string, string] | Readonly<Record<number, string>> | 'hex' | 'dec';
type Row = readonly [key: string, label: string, mask: number, meaning: Meaning];

/** Extended Capabilities, octets 1 to 7, one byte each. */
const EXTCAP_OCTETS: readonly (readonly Row[])[] = [
  [
    ['b0', '20/40 BSS Coexistence Management Support', 0x01, SUPPORTED],
    ['b1', 'Reserved (was On-demand beacon)', 0x02, 'hex'],
    ['b2', 'Extended Channel Switching', 0x04, SUPPORTED],
    ['b3', 'Reserved (was WAVE indication)', 0x08, 'hex'],
    ['b4', 'PSMP Capability', 0x10, SUPPORTED],
    ['b5', 'Reserved', 0x20, 'hex'],
    ['b6', 'S-PSMP Support', 0x40, SUPPORTED],
    ['b7', 'Event', 0x80, SUPPORTED],
  ],
  [
    ['b8', 'Diagnostics', 0x01, SUPPORTED],
    ['b9', 'Multicast Diagnostics', 0x02, SUPPORTED],
    ['b10', 'Location Tracking', 0x04, SUPPORTED],
    ['b11', 'FMS', 0x08, SUPPORTED],
    ['b12', 'Proxy ARP Service', 0x10, SUPPORTED],
    ['b13', 'Collocated Interference Reporting', 0x20, SUPPORTED],
    ['b14', 'Civic Location', 0x40, SUPPORTED],
    ['b15', 'Geospatial Location', 0x80, SUPPORTED],
  ],
  [
    ['b16', 'TFS', 0x01, SUPPORTED],
    ['b17', 'WNM Sleep Mode', 0x02, SUPPORTED],
    ['b18', 'TIM Broadcast', 0x04, SUPPORTED],
    ['b19', 'BSS Transition', 0x08, SUPPORTED],
    ['b20', 'QoS Traffic Capability', 0x10, SUPPORTED],
    ['b21', 'AC Station Count', 0x20, SUPPORTED],
    ['b22', 'Multiple BSSID', 0x40, SUPPORTED],
    ['b23', 'Timing Measurement', 0x80, SUPPORTED],
  ],
  [
    ['b24', 'Channel Usage', 0x01, SUPPORTED],
    ['b25', 'SSID List', 0x02, SUPPORTED],
    ['b26', 'DMS', 0x04, SUPPORTED],
    ['b27', 'UTC TSF Offset', 0x08, SUPPORTED],
    ['b28', 'TPU Buffer STA Support', 0x10, SUPPORTED],
    ['b29', 'TDLS Peer PSM Support', 0x20, SUPPORTED],
    ['b30', 'TDLS channel switching', 0x40, SUPPORTED],
    ['b31', 'Interworking', 0x80, SUPPORTED],
  ],
  [
    ['b32', 'QoS Map', 0x01, SUPPORTED],
    ['b33', 'EBR', 0x02, SUPPORTED],
    ['b34', 'SSPN Interface', 0x04, SUPPORTED],
    ['b35', 'Reserved', 0x08, 'hex'],
    ['b36', 'MSGCF Capability', 0x10, SUPPORTED],
    ['b37', 'TDLS Support', 0x20, SUPPORTED],
    ['b38', 'TDLS Prohibited', 0x40, SUPPORTED],
    ['b39', 'TDLS Channel Switching Prohibited', 0x80, SUPPORTED],
  ],
  [
    ['b40', 'Reject Unadmitted Frame', 0x01, SUPPORTED],
    ['serv_int_granularity', 'Service Interval Granularity', 0x0e, { 0: '5 ms', 1: '10 ms', 2: '15 ms', 3: '20 ms', 4: '25 ms', 5: '30 ms', 6: '35 ms', 7: '40 ms' }],
    ['b44', 'Identifier Location', 0x10, SUPPORTED],
    ['b45', 'U-APSD Coexistence', 0x20, SUPPORTED],
    ['b46', 'WNM Notification', 0x40, SUPPORTED],
    ['b47', 'QAB Capability', 0x80, 'hex'],
  ],
  [
    ['b48', 'UTF-8 SSID', 0x01, SUPPORTED],
    ['b49', 'QMF Activated', 0x02, TRUE_FALSE],
    ['b50', 'QMF Reconfiguration Activated', 0x04, TRUE_FALSE],
    ['b51', 'Robust AV Streaming', 0x08, TRUE_FALSE],
    ['b52', 'Advanced GCR', 0x10, TRUE_FALSE],
    ['b53', 'Mesh GCR', 0x20, TRUE_FALSE],
    ['b54', 'SCS', 0x40, TRUE_FALSE],
    ['b55', 'QLoad Report', 0x80, TRUE_FALSE],
  ],
];

/** Octets 8 and 9, read as one little-endian 16-bit word (as tshark reads them). */
const EXTCAP_8_9: readonly Row[] = [
    ['b56', 'Alternate EDCA', 0x0001, TRUE_FALSE],
    ['b57', 'Unprotected TXOP Negotiation', 0x0002, TRUE_FALSE],
    ['b58', 'Protected TXOP Negotiation', 0x0004, TRUE_FALSE],
    ['b59', 'Reserved', 0x0008, 'hex'],
    ['b60', 'Protected QLoad Report', 0x0010, TRUE_FALSE],
    ['b61', 'TDLS Wider Bandwidth', 0x0020, SUPPORTED],
    ['b62', 'Operating Mode Notification', 0x0040, SUPPORTED],
    ['b63', 'Max Number Of MSDUs In A-MSDU', 0x0180, { 0: 'No limit', 1: '32', 2: '16', 3: '8' }],
    ['b65', 'Channel Schedule Management', 0x0200, TRUE_FALSE],
    ['b66', 'Geodatabase Inband Enabling Signal', 0x0400, TRUE_FALSE],
    ['b67', 'Network Channel Control', 0x0800, TRUE_FALSE],
    ['b68', 'White Space Map', 0x1000, TRUE_FALSE],
    ['b69', 'Channel Availability Query', 0x2000, TRUE_FALSE],
    ['b70', 'Fine Timing Measurement Responder', 0x4000, TRUE_FALSE],
    ['b71', 'Fine Timing Measurement Initiator', 0x8000, TRUE_FALSE],
];

/** Octets 10 and 11. */
const EXTCAP_10: readonly Row[] = [
    ['b72', 'FILS Capable', 0x01, TRUE_FALSE],
    ['b73', 'Extended Spectrum Management Capable', 0x02, TRUE_FALSE],
    ['b74', 'Future Channel Capable', 0x04, TRUE_FALSE],
    ['b75', 'Reserved', 0x08, 'hex'],
    ['b76', 'Reserved', 0x10, 'hex'],
    ['b77', 'TWT Requester Support', 0x20, TRUE_FALSE],
    ['b78', 'TWT Responder Support', 0x40, TRUE_FALSE],
    ['b79', 'OBSS Narrow Bandwidth RU in UL OFDMA Tolerance Support', 0x80, TRUE_FALSE],
];
const EXTCAP_11: readonly Row[] = [
    ['b80', 'Complete List of NonTxBSSID Profiles', 0x01, TRUE_FALSE],
    ['b81', 'SAE Password Identifiers In Use', 0x02, TRUE_FALSE],
    ['b82', 'SAE Passwords Used Exclusively', 0x04, TRUE_FALSE],
    ['b83', 'Enhanced Multi-BSSID Advertisement Support', 0x08, TRUE_FALSE],
    ['b84', 'Beacon Protection Enabled', 0x10, TRUE_FALSE],
    ['b85', 'Mirrored SCS', 0x20, TRUE_FALSE],
    ['b86', 'OCT', 0x40, TRUE_FALSE],
    ['b87', 'Reserved', 0x80, 'hex'],
];

/** RM Enabled Capabilities, octets 1 to 5. */
const RMCAP_OCTETS: readonly (readonly Row[])[] = [
  [
    ['b0', 'Link Measurement', 0x01, ENABLED],
    ['b1', 'Neighbor Report', 0x02, ENABLED],
    ['b2', 'Parallel Measurements', 0x04, ENABLED],
    ['b3', 'Repeated Measurements', 0x08, ENABLED],
    ['b4', 'Beacon Passive Measurement', 0x10, ENABLED],
    ['b5', 'Beacon Active Measurement', 0x20, ENABLED],
    ['b6', 'Beacon Table Measurement', 0x40, SUPPORTED],
    ['b7', 'Beacon Measurement Reporting Conditions', 0x80, ENABLED],
  ],
  [
    ['b8', 'Frame Measurement', 0x01, ENABLED],
    ['b9', 'Channel Load Measurement', 0x02, ENABLED],
    ['b10', 'Noise Histogram Measurement', 0x04, ENABLED],
    ['b11', 'Statistics Measurement', 0x08, ENABLED],
    ['b12', 'LCI Measurement', 0x10, ENABLED],
    ['b13', 'LCI Azimuth capability', 0x20, ENABLED],
    ['b14', 'Transmit Stream/Category Measurement', 0x40, SUPPORTED],
    ['b15', 'Triggered Transmit Stream/Category Measurement', 0x80, ENABLED],
  ],
  [
    ['b16', 'AP Channel Report capability', 0x01, ENABLED],
    ['b17', 'RM MIB capability', 0x02, ENABLED],
    ['b18to20', 'Operating Channel Max Measurement Duration', 0x1c, 'dec'],
    ['b21to23', 'Nonoperating Channel Max Measurement Duration', 0xe0, 'dec'],
  ],
  [
    ['b24to26', 'Measurement Pilotcapability', 0x07, 'dec'],
    ['b27', 'Measurement Pilot Transmission Information', 0x08, ENABLED],
    ['b28', 'Neighbor Report TSF Offset', 0x10, ENABLED],
    ['b29', 'RCPI Measurement capability', 0x20, ENABLED],
    ['b30', 'RSNI Measurement capability', 0x40, SUPPORTED],
    ['b31', 'BSS Average Access Delay capability', 0x80, ENABLED],
  ],
  [
    ['b32', 'BSS Available Admission Capacity capability', 0x01, ENABLED],
    ['b33', 'Antenna capability', 0x02, ENABLED],
    ['b34', 'FTM Range Report Capability', 0x04, ENABLED],
    ['b35', 'Civic Location Measurement Capability', 0x08, ENABLED],
    ['o5', 'Reserved', 0xf0, 'hex'],
  ],
];

/**
 * A row's field entry: a bit field of a word of `bytes` bytes (little-endian), drawn over `bits`
 * bits. Numbers are declared 16-bit wide everywhere (octet 8 is one byte or half of a word,
 * depending on the element's length), their `show` as wide as the word they lie in.
 */
function entryOf([, label, mask, meaning]: Row, bytes: number, bits: number, rfc: string): FieldEntry {
  const hexShow = (v: number | string) => `0x${Number(v).toString(16).padStart(2 * bytes, '0')}`;
  if (Array.isArray(meaning)) return le(bytes, { label, type: 'boolean', bits, mask, tfs: meaning as unknown as readonly [string, string], description: `Whether the sender supports "${label}".`, rfc });
  if (meaning === 'hex') return le(bytes, { label, type: 'uint16', base: 'hex', bits, mask, show: hexShow, description: 'Reserved bits.', rfc });
  if (meaning === 'dec') return le(bytes, { label, type: 'uint16', bits, mask, description: `The sender's "${label}".`, rfc });
  return le(bytes, { label, type: 'uint16', bits, mask, values: meaning as Readonly<Record<number, string>>, description: `The sender's "${label}".`, rfc });
}

function table(prefix: string, rows: readonly Row[], bytes: number, bits: number, rfc: string): FieldTable<string> {
  return defineFields(prefix, Object.fromEntries(rows.map((row) => [row[0], entryOf(row, bytes, bits, rfc)]))) as FieldTable<string>;
}

/** Octet 8 alone (an element of 8 octets): the low byte of the 8-and-9 word, its last field cut to one bit. */
const EXTCAP_8: readonly Row[] = EXTCAP_8_9.filter(([, , mask]) => (mask & 0xff) !== 0).map(([key, label, mask, meaning]) => (mask > 0xff ? [key, label, mask & 0xff, 'dec'] as const : [key, label, mask, meaning] as const));

const OCTET_TABLES = EXTCAP_OCTETS.map((rows) => table('wlan.extcap', rows, 1, 8, EXTCAP));
const TABLE_8_9 = table('wlan.extcap', EXTCAP_8_9, 2, 16, EXTCAP);
const TABLE_8 = table('wlan.extcap', EXTCAP_8, 1, 8, EXTCAP);
const TABLE_10 = table('wlan.extcap', EXTCAP_10, 1, 8, EXTCAP);
const TABLE_11 = table('wlan.extcap', EXTCAP_11, 1, 8, EXTCAP);
const RM_TABLES = RMCAP_OCTETS.map((rows) => table('wlan.rmcap', rows, 1, 8, RMCAP));

const F = defineFields('wlan', {
  extcap: { label: 'Extended Capabilities', type: 'uint16', base: 'hex', show: (v) => `0x${Number(v).toString(16).padStart(2, '0')}`, description: 'One octet of extended capability bits.', rfc: EXTCAP },
  extcap_8_9: { name: 'wlan.extcap', label: 'Extended Capabilities', type: 'uint16', base: 'hex', description: 'Octets 8 and 9 of extended capability bits, read as one word.', rfc: EXTCAP },
  rmcap: { label: 'RM Capabilities', type: 'uint8', base: 'hex', description: 'One octet of radio measurement capability bits.', rfc: RMCAP },
});

/** Every field these elements declare, by filter name. */
export const CAPABILITY_FIELDS: Readonly<Record<string, FieldSpec>> = Object.fromEntries(
  [F, ...OCTET_TABLES, TABLE_8_9, TABLE_8, TABLE_10, TABLE_11, ...RM_TABLES].flatMap((t) => Object.values<FieldSpec>(t)).map((s) => [s.name, s]),
);

/** One octet (or the 8-and-9 word) of capability bits: its heading and its bits. */
function addOctets(b: LayerBuilder, tag: Field, header: FieldSpec, at: number, bytes: number, octets: string, bits: FieldTable<string>): void {
  const v = readLe(b, at, bytes);
  const field = b.add(tag, header, at, bytes, v);
  b.rewrite(field, () => `${header.label}: 0x${v.toString(16).padStart(2 * bytes, '0')} (${octets})`);
  addBitsOf(b, field, Object.values<FieldSpec>(bits), at, bytes, v);
}

/** Decodes element `id`'s body [at, at + length) when it is one of these; false when not. */
export function addCapabilityElement(b: LayerBuilder, tag: Field, id: number, at: number, length: number): boolean {
  if (id === 70) {
    if (length > RM_TABLES.length) return false;
    for (let i = 0; i < length; i++) addOctets(b, tag, F.rmcap, at + i, 1, `octet ${i + 1}`, RM_TABLES[i]);
    return true;
  }
  if (id !== 127 || length > 11) return false;
  for (let i = 0; i < Math.min(length, 7); i++) addOctets(b, tag, F.extcap, at + i, 1, `octet ${i + 1}`, OCTET_TABLES[i]);
  if (length === 8) addOctets(b, tag, F.extcap, at + 7, 1, 'octet 8', TABLE_8);
  if (length >= 9) addOctets(b, tag, F.extcap_8_9, at + 7, 2, 'octets 8 & 9', TABLE_8_9);
  if (length >= 10) addOctets(b, tag, F.extcap, at + 9, 1, 'octet 10', TABLE_10);
  if (length >= 11) addOctets(b, tag, F.extcap, at + 10, 1, 'octet 11', TABLE_11);
  return true;
}
