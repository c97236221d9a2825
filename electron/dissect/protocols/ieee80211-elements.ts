// The tagged elements of 802.11 management frames (IEEE 802.11-2020 §9.4.2): one byte of element
// ID, one of length, then the element's body. The common ones are decoded field by field (SSID,
// rates, DS parameter set, TIM, country, RSN, vendor specific); any other is shown as its bytes.

import type { Field } from '../field-model.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { colonHex } from '../display-format.js';
import { addBitsOf, le, leUint } from './little-endian.js';
import { addHtVhtElement } from './ieee80211-ht-vht.js';
import { addCapabilityElement } from './ieee80211-capabilities.js';
import { VENDOR_FIELDS, addVendorElement, ouiText } from './ieee80211-vendor.js';

const STD = 'IEEE 802.11-2020 §9.4.2';
const TRUE_FALSE = ['True', 'False'] as const;

const TAG_NAMES: Readonly<Record<number, string>> = {
  0: 'SSID parameter set', 1: 'Supported Rates', 3: 'DS Parameter set', 4: 'CF Parameter set', 5: 'Traffic Indication Map (TIM)',
  6: 'IBSS Parameter set', 7: 'Country Information', 11: 'QBSS Load Element', 32: 'Power Constraint', 33: 'Power Capability',
  35: 'TPC Report Transmit Power', 36: 'Supported Channels', 37: 'Channel Switch Announcement', 42: 'ERP Information',
  45: 'HT Capabilities (802.11n D1.10)', 46: 'QoS Capability', 48: 'RSN Information', 50: 'Extended Supported Rates',
  54: 'Mobility Domain', 59: 'Supported Operating Classes', 61: 'HT Information (802.11n D1.10)', 70: 'RM Enabled Capabilities',
  107: 'Interworking', 127: 'Extended Capabilities', 191: 'VHT Capabilities', 192: 'VHT Operation', 221: 'Vendor Specific', 255: 'Element ID Extension',
};

/** Rates are in units of 500 kb/s; the top bit marks a basic rate "(B)" every station must support. */
function rateName(v: number): string {
  if (v === 0xff) return 'BSS requires support for mandatory features of HT PHY (IEEE 802.11 - Clause 20)';
  const rate = (v & 0x7f) / 2;
  return `${rate}${v & 0x80 ? '(B)' : ''}`;
}

const RATE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Array.from({ length: 256 }, (_, v) => [v, rateName(v)]).filter(([v]) => v !== 0 && v !== 0x80));

const CIPHER_SUITES: Readonly<Record<number, string>> = {
  0: 'Use group cipher suite', 1: 'WEP (40-bit)', 2: 'TKIP', 4: 'AES (CCM)', 5: 'WEP (104-bit)', 6: 'BIP (128)', 7: 'Group addressed traffic not allowed',
  8: 'GCMP (128)', 9: 'GCMP (256)', 10: 'CCMP (256)', 11: 'BIP (GMAC-128)', 12: 'BIP (GMAC-256)', 13: 'BIP (CMAC-256)',
};

const AKM_SUITES: Readonly<Record<number, string>> = {
  1: 'WPA', 2: 'PSK', 3: 'FT over IEEE 802.1X', 4: 'FT using PSK', 5: 'WPA (SHA256)', 6: 'PSK (SHA256)', 7: 'TDLS / TPK Handshake',
  8: 'SAE (SHA256)', 9: 'FT using SAE (SHA256)', 11: 'WPA (SHA256-SuiteB)', 12: 'WPA (SHA384-SuiteB)', 13: 'FT using SHA384', 18: 'OWE',
};

const REPLAY_COUNTERS: Readonly<Record<number, string>> = {
  0: '1 replay counter per PTKSA/GTKSA/STAKeySA', 1: '2 replay counters per PTKSA/GTKSA/STAKeySA',
  2: '4 replay counters per PTKSA/GTKSA/STAKeySA', 3: '16 replay counters per PTKSA/GTKSA/STAKeySA',
};

/** The IEEE's own OUI, which names RSN suites. */
const IEEE_OUI = 0x000fac;


/** "00:0f:ac (Ieee 802.11) AES (CCM)": a suite selector (OUI and type, read as one number). */
function suiteText(names: Readonly<Record<number, string>>) {
  return (v: number | string) => {
    const n = Number(v);
    const type = n & 0xff;
    const name = (n >>> 8) === IEEE_OUI ? names[type] : undefined;
    return `${ouiText(n >>> 8)} ${name ?? type}`;
  };
}

function latin1(hex: string): string {
  let s = '';
  for (let i = 0; i < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return s;
}

const suite = (label: string, names: Readonly<Record<number, string>>, description: string) => ({
  label, type: 'uint32' as const, format: suiteText(names), description, rfc: 'IEEE 802.11-2020 §9.4.2.24.2',
});
const suiteOui = (label: string) => ({ label, type: 'uint24' as const, format: (v: number | string) => ouiText(Number(v)), description: 'The organisation that defines the suite: 00:0f:ac is the IEEE itself.', rfc: 'IEEE 802.11-2020 §9.4.2.24.2' });

const E_OWN = defineFields('wlan', {
  'tagged.all': { label: 'Tagged parameters', type: 'none', line: (v) => `Tagged parameters (${v} bytes)`, description: 'The frame\'s elements: each an ID, a length and a body, so a receiver can skip the ones it does not know.', rfc: STD },
  // The three below repeat for every element: kept short, they keep a frame of thousands of tiny
  // elements small to show.
  tag: { label: 'Tag', type: 'none', description: 'One element.' },
  'tag.number': { label: 'Tag Number', type: 'uint8', values: TAG_NAMES, description: 'Which element this is (0 is the SSID).' },
  'tag.length': { label: 'Tag length', type: 'uint8', description: 'Bytes of its body.' },
  'tag.data': { label: 'Tag Data', type: 'bytes', description: 'The body of an element Layerscope does not decode.', rfc: STD },
  ssid: { label: 'SSID', type: 'bytes', format: (v) => (v === '' ? '<MISSING>' : `"${latin1(String(v))}"`), description: 'The network\'s name (up to 32 bytes).', rfc: 'IEEE 802.11-2020 §9.4.2.2' },
  supported_rates: { label: 'Supported Rates', type: 'uint8', base: 'hex', values: RATE_NAMES, description: 'A rate the sender supports (Mb/s); (B): one every station must.', rfc: 'IEEE 802.11-2020 §9.4.2.3' },
  extended_supported_rates: { label: 'Extended Supported Rates', type: 'uint8', base: 'hex', values: RATE_NAMES, description: 'More supported rates (Mb/s), past the first eight.', rfc: 'IEEE 802.11-2020 §9.4.2.13' },
  'ds.current_channel': { label: 'Current Channel', type: 'uint8', description: 'The channel the network operates on.', rfc: 'IEEE 802.11-2020 §9.4.2.4' },
  'tim.dtim_count': { label: 'DTIM count', type: 'uint8', description: 'How many beacons until the next one that announces buffered broadcast frames (0: this one does).', rfc: 'IEEE 802.11-2020 §9.4.2.5' },
  'tim.dtim_period': { label: 'DTIM period', type: 'uint8', description: 'Every how many beacons the access point announces buffered broadcast frames.', rfc: 'IEEE 802.11-2020 §9.4.2.5' },
  'tim.bmapctl': { label: 'Bitmap control', type: 'uint8', base: 'hex', description: 'The multicast bit and where the partial bitmap starts.', rfc: 'IEEE 802.11-2020 §9.4.2.5' },
  'tim.bmapctl.multicast': { label: 'Multicast', type: 'boolean', bits: 8, mask: 0x01, tfs: TRUE_FALSE, description: 'Set when broadcast or multicast frames are buffered at the access point.', rfc: 'IEEE 802.11-2020 §9.4.2.5' },
  'tim.bmapctl.offset': { label: 'Bitmap Offset', type: 'uint8', base: 'hex', bits: 8, mask: 0xfe, description: 'Where the partial bitmap starts in the whole bitmap of association IDs.', rfc: 'IEEE 802.11-2020 §9.4.2.5' },
  'tim.partial_virtual_bitmap': { label: 'Partial Virtual Bitmap', type: 'bytes', description: 'One bit per sleeping station (by association ID): set when the access point holds frames for it.', rfc: 'IEEE 802.11-2020 §9.4.2.5' },
  'country_info.code': { label: 'Code', type: 'string', description: 'The country whose radio rules the network follows (ISO 3166).', rfc: 'IEEE 802.11-2020 §9.4.2.8' },
  'country_info.environment': { label: 'Environment', type: 'uint8', values: { 0x20: 'All', 0x49: 'Indoor', 0x4f: 'Outdoor', 0x58: 'Non-country' }, description: 'Whether the rules are for indoor use, outdoor use or both.', rfc: 'IEEE 802.11-2020 §9.4.2.8' },
  'country_info.fnm': { label: 'Country Info', type: 'none', description: 'A range of channels and the most power allowed on them.', rfc: 'IEEE 802.11-2020 §9.4.2.8' },
  'country_info.fnm.fcn': { label: 'First Channel Number', type: 'uint8', description: 'The first channel of the range.', rfc: 'IEEE 802.11-2020 §9.4.2.8' },
  'country_info.fnm.nc': { label: 'Number of Channels', type: 'uint8', description: 'How many channels the range has.', rfc: 'IEEE 802.11-2020 §9.4.2.8' },
  'country_info.fnm.mtpl': { label: 'Maximum Transmit Power Level', type: 'uint8', format: (v) => `${v} dBm`, description: 'The most transmit power allowed on these channels, in dBm.', rfc: 'IEEE 802.11-2020 §9.4.2.8' },
  'rsn.version': { label: 'RSN Version', type: 'uint16', description: 'The version of the robust security network element: 1.', rfc: 'IEEE 802.11-2020 §9.4.2.24' },
  'rsn.gcs': suite('Group Cipher Suite', CIPHER_SUITES, 'The cipher that protects broadcast and multicast frames.'),
  'rsn.gcs.oui': suiteOui('Group Cipher Suite OUI'),
  'rsn.gcs.type': { label: 'Group Cipher Suite type', type: 'uint8', values: CIPHER_SUITES, description: 'The group cipher (4: CCMP, the AES cipher of WPA2).', rfc: 'IEEE 802.11-2020 §9.4.2.24.2' },
  'rsn.pcs.count': { label: 'Pairwise Cipher Suite Count', type: 'uint16', description: 'How many pairwise ciphers follow.', rfc: 'IEEE 802.11-2020 §9.4.2.24' },
  'rsn.pcs.list': { label: 'Pairwise Cipher Suite List', type: 'none', description: 'The ciphers offered for frames between one station and the access point.', rfc: 'IEEE 802.11-2020 §9.4.2.24' },
  'rsn.pcs': suite('Pairwise Cipher Suite', CIPHER_SUITES, 'A cipher offered for frames between one station and the access point.'),
  'rsn.pcs.oui': suiteOui('Pairwise Cipher Suite OUI'),
  'rsn.pcs.type': { label: 'Pairwise Cipher Suite type', type: 'uint8', values: CIPHER_SUITES, description: 'The pairwise cipher (4: CCMP).', rfc: 'IEEE 802.11-2020 §9.4.2.24.2' },
  'rsn.akms.count': { label: 'Auth Key Management (AKM) Suite Count', type: 'uint16', description: 'How many key management methods follow.', rfc: 'IEEE 802.11-2020 §9.4.2.24' },
  'rsn.akms.list': { label: 'Auth Key Management (AKM) List', type: 'none', description: 'How stations may authenticate and get their keys.', rfc: 'IEEE 802.11-2020 §9.4.2.24' },
  'rsn.akms': suite('Auth Key Management (AKM) Suite', AKM_SUITES, 'One way to authenticate and derive keys (PSK: a shared passphrase; 802.1X: a login checked by a server; SAE: WPA3).'),
  'rsn.akms.oui': suiteOui('Auth Key Management (AKM) OUI'),
  'rsn.akms.type': { label: 'Auth Key Management (AKM) type', type: 'uint8', values: AKM_SUITES, description: 'The key management method (2: PSK, 8: SAE).', rfc: 'IEEE 802.11-2020 §9.4.2.24.3' },
  'rsn.capabilities': { label: 'RSN Capabilities', type: 'uint16', base: 'hex', description: 'Security options: pre-authentication, replay counters, management frame protection.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' },
  'rsn.capabilities.preauth': le(2, { label: 'RSN Pre-Auth capabilities', type: 'boolean', bits: 16, mask: 0x0001, tfs: ['Transmitter supports pre-authentication', 'Transmitter does not support pre-authentication'], description: 'Whether stations may authenticate with this access point before roaming to it.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'rsn.capabilities.no_pairwise': le(2, { label: 'RSN No Pairwise capabilities', type: 'boolean', bits: 16, mask: 0x0002, tfs: ['Transmitter cannot support WEP default key 0 simultaneously with Pairwise key', 'Transmitter can support WEP default key 0 simultaneously with Pairwise key'], description: 'An old WEP compatibility option.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'rsn.capabilities.ptksa_replay_counter': le(2, { label: 'RSN PTKSA Replay Counter capabilities', type: 'uint16', base: 'hex', bits: 16, mask: 0x000c, values: REPLAY_COUNTERS, description: 'How many replay counters the station keeps for its pairwise keys.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'rsn.capabilities.gtksa_replay_counter': le(2, { label: 'RSN GTKSA Replay Counter capabilities', type: 'uint16', base: 'hex', bits: 16, mask: 0x0030, values: REPLAY_COUNTERS, description: 'How many replay counters the station keeps for the group key.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'rsn.capabilities.mfpr': le(2, { label: 'Management Frame Protection Required', type: 'boolean', bits: 16, mask: 0x0040, tfs: TRUE_FALSE, description: 'Set when management frames (deauthentication, for one) must be protected.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'rsn.capabilities.mfpc': le(2, { label: 'Management Frame Protection Capable', type: 'boolean', bits: 16, mask: 0x0080, tfs: TRUE_FALSE, description: 'Set when the sender can protect management frames.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'rsn.capabilities.jmr': le(2, { label: 'Joint Multi-band RSNA', type: 'boolean', bits: 16, mask: 0x0100, tfs: TRUE_FALSE, description: 'Set when keys may be shared across frequency bands.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'rsn.capabilities.peerkey': le(2, { label: 'PeerKey Enabled', type: 'boolean', bits: 16, mask: 0x0200, tfs: TRUE_FALSE, description: 'Set when stations may set up keys directly between each other.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'rsn.capabilities.extended_key_id_iaf': le(2, { label: 'Extended Key ID for Individually Addressed Frames', type: 'boolean', bits: 16, mask: 0x2000, tfs: ['Supported', 'Not supported'], description: 'Set when two pairwise keys may be in use while rekeying.', rfc: 'IEEE 802.11-2020 §9.4.2.24.4' }),
  'supopeclass.current': { label: 'Current Operating Class', type: 'uint8', description: 'The operating class (a band and channel width, by a global table) the station uses now.', rfc: 'IEEE 802.11-2020 §9.4.2.53' },
  'supopeclass.alt': { label: 'Alternate Operating Classes', type: 'none', description: 'The other operating classes the station could use.', rfc: 'IEEE 802.11-2020 §9.4.2.53' },
  'powercap.min': { label: 'Minimum Transmit Power', type: 'int8', description: 'The least power the station can transmit with, in dBm.', rfc: 'IEEE 802.11-2020 §9.4.2.15' },
  'powercap.max': { label: 'Maximum Transmit Power', type: 'int8', description: 'The most power the station can transmit with, in dBm.', rfc: 'IEEE 802.11-2020 §9.4.2.15' },
  supchan: { label: 'Supported Channels Set', type: 'none', description: 'A run of channels the station can use.', rfc: 'IEEE 802.11-2020 §9.4.2.17' },
  'supchan.first': { label: 'First Supported Channel', type: 'uint8', description: 'The first channel of the run.', rfc: 'IEEE 802.11-2020 §9.4.2.17' },
  'supchan.range': { label: 'Supported Channel Range', type: 'uint8', description: 'How many channels the run has.', rfc: 'IEEE 802.11-2020 §9.4.2.17' },
  'qbss.version': { label: 'QBSS Version', type: 'uint8', description: 'Which form of the element this is (2: the 802.11e one).', rfc: 'IEEE 802.11-2020 §9.4.2.27' },
  'qbss.scount': { label: 'Station Count', type: 'uint16', description: 'How many stations are associated with the access point.', rfc: 'IEEE 802.11-2020 §9.4.2.27' },
  'qbss.cu': { label: 'Channel Utilization', type: 'uint8', format: (v) => `${v} (${Math.floor((Number(v) * 100) / 255)}%)`, description: 'How busy the channel is, out of 255: the share of time the access point found it in use.', rfc: 'IEEE 802.11-2020 §9.4.2.27' },
  'qbss.adc': { label: 'Available Admission Capacity', type: 'uint16', format: (v) => `${v} (${Number(v) * 32} us/s)`, description: 'How much air time is left to admit, in units of 32 microseconds per second.', rfc: 'IEEE 802.11-2020 §9.4.2.27' },
  'mobility_domain.mdid': { label: 'Mobility Domain Identifier', type: 'uint16', base: 'hex', description: 'The group of access points a station can roam between quickly (fast BSS transition, 802.11r).', rfc: 'IEEE 802.11-2020 §9.4.2.46' },
  'mobility_domain.ft_capab': { label: 'FT Capability and Policy', type: 'uint8', base: 'hex', description: 'How fast transitions may be done.', rfc: 'IEEE 802.11-2020 §9.4.2.46' },
  'mobility_domain.ft_capab.ft_over_ds': { label: 'Fast BSS Transition over DS', type: 'uint8', base: 'hex', bits: 8, mask: 0x01, description: 'Set when the station may prepare a transition through its current access point.', rfc: 'IEEE 802.11-2020 §9.4.2.46' },
  'mobility_domain.ft_capab.resource_req': { label: 'Resource Request Protocol Capability', type: 'uint8', base: 'hex', bits: 8, mask: 0x02, description: 'Set when resources may be requested before the transition.', rfc: 'IEEE 802.11-2020 §9.4.2.46' },
  'mobility_domain.ft_capab.reserved': { label: 'Reserved', type: 'uint8', base: 'hex', bits: 8, mask: 0xfc, description: 'Reserved bits.', rfc: 'IEEE 802.11-2020 §9.4.2.46' },
});

/** Every field the elements declare (those of vendor specific ones included). */
export const ELEMENT_FIELDS = { ...E_OWN, ...VENDOR_FIELDS };
const E = E_OWN;

export const ELEMENT_PROBLEMS = defineProblems('wlan.tag', {
  length_past_end: ['error', 'Element {tag} at offset {offset} says {length, plural, one {# byte} other {# bytes}} follow, but only {available} remain'],
});

const RSN_CAPABILITIES = [
  E['rsn.capabilities.preauth'], E['rsn.capabilities.no_pairwise'], E['rsn.capabilities.ptksa_replay_counter'], E['rsn.capabilities.gtksa_replay_counter'],
  E['rsn.capabilities.mfpr'], E['rsn.capabilities.mfpc'], E['rsn.capabilities.jmr'], E['rsn.capabilities.peerkey'], E['rsn.capabilities.extended_key_id_iaf'],
];

/** What the info column and the tree title learn from the elements. */
export interface ElementSummary {
  /** Offset and length of the SSID's bytes, when the frame has one. */
  ssidAt: number;
  ssidLength: number;
  /** Set when an element's length runs past the frame's end. */
  cut: boolean;
  /** True in the frames a station sends (requests): some elements read differently then. */
  fromStation: boolean;
  /**
   * The element IDs decoded so far: a frame has each element once, so a repeated one is shown as
   * its bytes (which keeps a frame stuffed with one element cheap to show). Vendor specific
   * elements repeat in real frames and are exempt; see addVendorElement.
   */
  seen: Set<number>;
}

/** A fresh summary for the elements of one frame. */
export function elementSummary(fromStation: boolean): ElementSummary {
  return { ssidAt: -1, ssidLength: 0, cut: false, fromStation, seen: new Set() };
}

/** The element's line ("Tag: DS Parameter set: Current Channel: 6"), built in detail mode only. */
function tagLine(b: LayerBuilder, id: number, body: number, length: number, cut: boolean, repeated: boolean, vendor: string | undefined): string {
  const name = TAG_NAMES[id] ?? `Reserved (${id})`;
  if (repeated && id !== 0) return `Tag: ${name}`;
  switch (id) {
    case 0:
      if (repeated) return `Tag: ${name}: Undecoded`;
      return length === 0 ? `Tag: ${name}: Wildcard SSID` : `Tag: ${name}: "${latin1(colonHex(b.bytes(body, length)).replace(/:/g, ''))}"`;
    case 1:
    case 50: {
      let rates = '';
      for (let i = 0; i < length; i++) rates += `${rateName(b.u8(body + i))}, `;
      // A list cut short ends where its bytes do, without the unit.
      return cut ? `Tag: ${name} ${rates.trimEnd()}` : `Tag: ${name} ${rates}[Mbit/sec]`;
    }
    case 3:
      return length >= 1 ? `Tag: ${name}: Current Channel: ${b.u8(body)}` : `Tag: ${name}`;
    case 5:
      return length >= 2 ? `Tag: ${name}: DTIM ${b.u8(body)} of ${b.u8(body + 1)} bitmap` : `Tag: ${name}`;
    case 7: {
      if (length < 3) return `Tag: ${name}`;
      const env = valueNameOf(E['country_info.environment'], b.u8(body + 2));
      return `Tag: ${name}: Country Code ${String.fromCharCode(b.u8(body), b.u8(body + 1))}, Environment ${env}`;
    }
    case 221:
      return `Tag: ${name}: ${vendor ?? '(null)'}`;
    case 70:
    case 127:
      return `Tag: ${name} (${length} octet${length === 1 ? '' : 's'})`;
    case 33:
      return length === 2 ? `Tag: ${name} Min: ${(b.u8(body) << 24) >> 24}, Max: ${(b.u8(body + 1) << 24) >> 24}` : `Tag: ${name}`;
    case 11:
      return length === 5 ? `Tag: ${name} 802.11e CCA Version` : `Tag: ${name}`;
    default:
      return `Tag: ${name}`;
  }
}

function valueNameOf(spec: FieldSpec, v: number): string {
  return spec.values?.[v] ?? 'Unknown';
}

/** Adds one RSN suite selector (OUI and type) under `parent`. */
function addSuite(b: LayerBuilder, parent: Field | null, whole: FieldSpec, oui: FieldSpec, type: FieldSpec, offset: number): Field {
  const field = b.add(parent, whole, offset, 4, b.u32(offset));
  b.add(field, oui, offset, 3, b.u24(offset));
  b.add(field, type, offset + 3, 1, b.u8(offset + 3));
  return field;
}

/** The RSN element's body [body, end): version, group cipher, pairwise ciphers, AKMs, capabilities. */
function addRsn(b: LayerBuilder, tag: Field, body: number, end: number): void {
  let at = body;
  if (at + 2 > end || leUint(b, tag, E['rsn.version'], at, 2) < 0) return;
  at += 2;
  if (at + 4 > end) return;
  addSuite(b, tag, E['rsn.gcs'], E['rsn.gcs.oui'], E['rsn.gcs.type'], at);
  at += 4;
  for (const [countSpec, listSpec, whole, oui, type] of [
    [E['rsn.pcs.count'], E['rsn.pcs.list'], E['rsn.pcs'], E['rsn.pcs.oui'], E['rsn.pcs.type']],
    [E['rsn.akms.count'], E['rsn.akms.list'], E['rsn.akms'], E['rsn.akms.oui'], E['rsn.akms.type']],
  ] as const) {
    if (at + 2 > end) return;
    const count = leUint(b, tag, countSpec, at, 2);
    at += 2;
    const n = Math.min(count, Math.floor((end - at) / 4));
    const list = b.add(tag, listSpec, at, 4 * n, null);
    let names = '';
    for (let i = 0; i < n; i++) {
      const field = addSuite(b, list, whole, oui, type, at + 4 * i);
      if (b.detail) names += ' ' + field.showname.slice(field.showname.indexOf(': ') + 2);
    }
    if (b.detail) b.rewrite(list, () => `${listSpec.label}${names}`);
    at += 4 * n;
  }
  if (at + 2 > end) return;
  const caps = leUint(b, tag, E['rsn.capabilities'], at, 2);
  addBitsOf(b, b.last, RSN_CAPABILITIES, at, 2, caps);
}

/**
 * The body of element `id` at [body, body + length) (all of it captured); for a vendor specific
 * element, returns what its line says of the vendor.
 */
function addBody(b: LayerBuilder, tag: Field, id: number, body: number, length: number, summary: ElementSummary): string | undefined {
  const end = body + length;
  switch (id) {
    case 0:
      b.hex(tag, E.ssid, body, length);
      return undefined;
    case 1:
    case 50:
      for (let i = 0; i < length; i++) b.uint(tag, id === 1 ? E.supported_rates : E.extended_supported_rates, body + i);
      return undefined;
    case 3:
      if (length >= 1) b.uint(tag, E['ds.current_channel'], body);
      return undefined;
    case 5: {
      if (length < 3) break;
      b.uint(tag, E['tim.dtim_count'], body);
      b.uint(tag, E['tim.dtim_period'], body + 1);
      const ctl = b.uint(tag, E['tim.bmapctl'], body + 2);
      addBitsOf(b, b.last, [E['tim.bmapctl.multicast'], E['tim.bmapctl.offset']], body + 2, 1, ctl);
      if (length > 3) b.hex(tag, E['tim.partial_virtual_bitmap'], body + 3, length - 3);
      return undefined;
    }
    case 7: {
      if (length < 3) break;
      b.addLazy(tag, E['country_info.code'], body, 2, () => String.fromCharCode(b.u8(body), b.u8(body + 1)));
      b.uint(tag, E['country_info.environment'], body + 2);
      for (let at = body + 3; at + 3 <= end; at += 3) {
        const fnm = b.add(tag, E['country_info.fnm'], at, 3, null);
        if (b.detail) b.rewrite(fnm, () => `Country Info: First Channel Number: ${b.u8(at)}, Number of Channels: ${b.u8(at + 1)}, Maximum Transmit Power Level: ${b.u8(at + 2)} dBm`);
        b.uint(fnm, E['country_info.fnm.fcn'], at);
        b.uint(fnm, E['country_info.fnm.nc'], at + 1);
        b.uint(fnm, E['country_info.fnm.mtpl'], at + 2);
      }
      return undefined;
    }
    case 48:
      addRsn(b, tag, body, end);
      return undefined;
    case 221:
      if (length < 4) break;
      return addVendorElement(b, tag, body, length, summary.fromStation, summary.seen);
    case 59: {
      if (length < 1) break;
      b.uint(tag, E['supopeclass.current'], body);
      if (length < 2) return undefined;
      const alt = b.add(tag, E['supopeclass.alt'], body + 1, length - 1, null);
      b.rewrite(alt, () => `Alternate Operating Classes: ${Array.from(b.bytes(body + 1, length - 1)).join(', ')}`);
      return undefined;
    }
    case 33:
      if (length !== 2) break;
      leUint(b, tag, E['powercap.min'], body, 1);
      leUint(b, tag, E['powercap.max'], body + 1, 1);
      return undefined;
    case 36:
      if (length % 2 !== 0) break;
      for (let i = 0; i < length; i += 2) {
        const set = b.add(tag, E.supchan, body + i, 2, null);
        b.rewrite(set, () => `Supported Channels Set #${i / 2 + 1} First: ${b.u8(body + i)}, Range: ${b.u8(body + i + 1)} `);
        b.uint(set, E['supchan.first'], body + i);
        b.uint(set, E['supchan.range'], body + i + 1);
      }
      return undefined;
    case 11:
      // The 802.11e form (5 bytes): station count, channel utilization, admission capacity.
      if (length !== 5) break;
      b.add(tag, E['qbss.version'], body, 5, 2);
      leUint(b, tag, E['qbss.scount'], body, 2);
      b.uint(tag, E['qbss.cu'], body + 2);
      leUint(b, tag, E['qbss.adc'], body + 3, 2);
      return undefined;
    case 54: {
      if (length !== 3) break;
      leUint(b, tag, E['mobility_domain.mdid'], body, 2);
      const ft = b.uint(tag, E['mobility_domain.ft_capab'], body + 2);
      addBitsOf(b, b.last, [E['mobility_domain.ft_capab.ft_over_ds'], E['mobility_domain.ft_capab.resource_req'], E['mobility_domain.ft_capab.reserved']], body + 2, 1, ft);
      return undefined;
    }
    default:
      if (addHtVhtElement(b, tag, id, body, length) || addCapabilityElement(b, tag, id, body, length)) return undefined;
  }
  if (length > 0) b.hex(tag, E['tag.data'], body, length);
  return undefined;
}

const VENDOR_SPECIFIC = 221;

/** Elements decoded at most per frame: a frame of 2-byte empty elements has fewer than this. */
const MAX_ELEMENTS = 65536;

/**
 * Adds the tagged elements in [offset, end) (under `parent` when given), and says in `summary`
 * where the SSID is. An element whose length runs past the end is shown with the bytes that are
 * there, and a problem on its length.
 */
export function addElements(b: LayerBuilder, offset: number, end: number, summary: ElementSummary, parent?: Field): void {
  const stop = Math.min(end, b.captured);
  // The snap length cut the frame where the next element would start.
  const cutHere = (at: number) => at >= stop && stop === b.captured && b.truncated && b.missing(E['tag.number'], at, 2);
  if (offset >= stop) {
    cutHere(offset);
    return;
  }
  // Under `parent` (an EAPOL key's data), the elements stand without the "Tagged parameters" heading.
  const all = parent ?? b.add(null, E['tagged.all'], offset, stop - offset, stop - offset);
  let at = offset;
  for (let n = 0; n < MAX_ELEMENTS && at + 2 <= stop; n++) {
    const id = b.u8(at);
    const length = b.u8(at + 1);
    const available = Math.min(length, stop - (at + 2));
    const tag = b.add(all, E.tag, at, 2 + available, null);
    // As in tshark, only a frame's first SSID element is decoded; so is any other but vendor specific ones.
    const repeated = id !== VENDOR_SPECIFIC && summary.seen.has(id);
    summary.seen.add(id);
    let vendor: string | undefined;
    if (b.detail) b.rewrite(tag, () => tagLine(b, id, at + 2, available, available < length, repeated, vendor));
    b.uint(tag, E['tag.number'], at);
    b.uint(tag, E['tag.length'], at + 1);
    if (available < length) {
      if (b.truncated && stop === b.captured) b.missing(E.tag, at, 2 + length, b.last);
      else {
        b.problem(ELEMENT_PROBLEMS.length_past_end, at + 1, { tag: id, offset: at, length, available }, b.last);
        summary.cut = true;
      }
      // The rates that are there are still rates; other elements need their whole body.
      if (!repeated && (id === 1 || id === 50)) addBody(b, tag, id, at + 2, available, summary);
      else if (available > 0) b.hex(tag, E['tag.data'], at + 2, available);
      return;
    }
    if (id === 0 && summary.ssidAt < 0) {
      summary.ssidAt = at + 2;
      summary.ssidLength = length;
    }
    if (!repeated) vendor = addBody(b, tag, id, at + 2, length, summary);
    else if (length > 0) b.hex(tag, E['tag.data'], at + 2, length);
    if (vendor !== undefined) b.rewrite(tag, () => tagLine(b, id, at + 2, available, false, false, vendor));
    at += 2 + length;
  }
  // A single byte left over cannot be an element.
  if (at < stop) {
    if (b.truncated && stop === b.captured) b.missing(E['tag.number'], at, 2);
    b.hex(all, E['tag.data'], at, stop - at);
  } else cutHere(at);
}


