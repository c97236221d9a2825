// Vendor specific elements (ID 221) of 802.11 management frames: an organisation's OUI, its type,
// then data in its own format. The one nearly every access point sends is Microsoft's type 2, WMM
// (Wi-Fi Multimedia): whether the network supports QoS, and for each access category (voice,
// video, best effort, background) how eagerly its frames may take the air. WMM Specification 1.2.

import type { Field } from '../field-model.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
import { colonHex } from '../display-format.js';

const STD = 'IEEE 802.11-2020 §9.4.2.25';
const WMM = 'Wi-Fi Alliance WMM Specification 1.2';
const MICROSOFT = 0x0050f2;
const WMM_TYPE = 2;
/** How the elements' summary marks a WMM element seen (element IDs are below it). */
const WMM_SEEN = 0x100;

const OUI_NAMES: Readonly<Record<number, string>> = { 0x000fac: 'Ieee 802.11', [MICROSOFT]: 'Microsoft Corp.' };
const WFA_TYPES: Readonly<Record<number, string>> = { 1: 'WPA Information Element', 2: 'WMM/WME', 4: 'WPS' };
const WME_SUBTYPES: Readonly<Record<number, string>> = { 0: 'Information Element', 1: 'Parameter Element', 2: 'TSPEC Element' };
const ACCESS_CATEGORIES: Readonly<Record<number, string>> = { 0: 'Best Effort', 1: 'Background', 2: 'Video', 3: 'Voice' };
const TRIGGER = ['WMM delivery and trigger enabled', 'WMM delivery and trigger disabled'] as const;

/** "00:50:f2 (Microsoft Corp.)": an OUI with the organisation's name when Layerscope knows it. */
export function ouiText(oui: number): string {
  const text = colonHex(Uint8Array.of((oui >>> 16) & 0xff, (oui >>> 8) & 0xff, oui & 0xff));
  const name = OUI_NAMES[oui];
  return name ? `${text} (${name})` : text;
}

export const VENDOR_FIELDS = defineFields('wlan', {
  'tag.oui': { label: 'OUI', type: 'uint24', format: (v) => ouiText(Number(v)), description: 'The organisation (by its IEEE-assigned number) whose element this is.', rfc: STD },
  'tag.vendor.oui.type': { label: 'Vendor Specific OUI Type', type: 'uint8', description: 'Which of the organisation\'s elements this is.', rfc: STD },
  'tag.vendor.data': { label: 'Vendor Specific Data', type: 'bytes', description: 'The vendor\'s data, in the vendor\'s own format.', rfc: STD },
  'wfa.ie.type': { label: 'Type', type: 'uint8', base: 'hex', values: WFA_TYPES, description: 'Which Microsoft/Wi-Fi Alliance element this is (2: WMM).', rfc: WMM },
  'wfa.ie.wme.subtype': { label: 'WME Subtype', type: 'uint8', values: WME_SUBTYPES, description: 'The short information element (in beacons of networks that only say they support WMM) or the parameter element with every access category\'s settings.', rfc: WMM },
  'wfa.ie.wme.version': { label: 'WME Version', type: 'uint8', description: 'The WMM version: 1.', rfc: WMM },
  'wfa.ie.wme.qos_info': { label: 'WME QoS Info', type: 'uint8', base: 'hex', description: 'Power save delivery (U-APSD) and, from an access point, the parameter set\'s version.', rfc: WMM },
  'wfa.ie.wme.qos_info.ap.u_apsd': { label: 'U-APSD', type: 'boolean', bits: 8, mask: 0x80, tfs: ['Enabled', 'Disabled'], description: 'Whether the access point supports unscheduled automatic power save delivery.', rfc: WMM },
  'wfa.ie.wme.qos_info.ap.parameter_set_count': { label: 'Parameter Set Count', type: 'uint8', base: 'hex', bits: 8, mask: 0x0f, description: 'Changes whenever the access point changes its WMM parameters, so stations know to read them again.', rfc: WMM },
  'wfa.ie.wme.qos_info.ap.reserved': { label: 'Reserved', type: 'uint8', base: 'hex', bits: 8, mask: 0x70, description: 'Reserved bits.', rfc: WMM },
  'wfa.ie.wme.qos_info.sta.max_sp_length': { label: 'Max SP Length', type: 'uint8', base: 'hex', bits: 8, mask: 0x60, values: {
    0: 'WMM AP may deliver all buffered frames (MSDUs and MMPDUs)',
    1: 'WMM AP may deliver a maximum of 2 buffered frames (MSDUs and MMPDUs) per USP',
    2: 'WMM AP may deliver a maximum of 4 buffered frames (MSDUs and MMPDUs) per USP',
    3: 'WMM AP may deliver a maximum of 6 buffered frames (MSDUs and MMPDUs) per USP',
  }, description: 'How many buffered frames the access point may deliver when the station wakes up.', rfc: WMM },
  'wfa.ie.wme.qos_info.sta.ac_be': { label: 'AC_BE', type: 'boolean', bits: 8, mask: 0x08, tfs: TRIGGER, description: 'Whether best-effort frames use power save delivery.', rfc: WMM },
  'wfa.ie.wme.qos_info.sta.ac_bk': { label: 'AC_BK', type: 'boolean', bits: 8, mask: 0x04, tfs: TRIGGER, description: 'Whether background frames use power save delivery.', rfc: WMM },
  'wfa.ie.wme.qos_info.sta.ac_vi': { label: 'AC_VI', type: 'boolean', bits: 8, mask: 0x02, tfs: TRIGGER, description: 'Whether video frames use power save delivery.', rfc: WMM },
  'wfa.ie.wme.qos_info.sta.ac_vo': { label: 'AC_VO', type: 'boolean', bits: 8, mask: 0x01, tfs: TRIGGER, description: 'Whether voice frames use power save delivery.', rfc: WMM },
  'wfa.ie.wme.qos_info.sta.reserved': { label: 'Reserved', type: 'uint8', base: 'hex', bits: 8, mask: 0x90, description: 'Reserved bits.', rfc: WMM },
  'wfa.ie.wme.reserved': { label: 'Reserved', type: 'bytes', description: 'A reserved byte.', rfc: WMM },
  'wfa.ie.wme.acp': { label: 'Ac Parameters', type: 'none', description: 'How one access category competes for the air: its wait (AIFSN), its backoff window (CW) and how long it may keep the air (TXOP).', rfc: WMM },
  'wfa.ie.wme.acp.aci_aifsn': { label: 'ACI / AIFSN Field', type: 'uint8', base: 'hex', description: 'The access category and its wait before contending.', rfc: WMM },
  'wfa.ie.wme.acp.aifsn': { label: 'AIFSN', type: 'uint8', bits: 8, mask: 0x0f, description: 'How many slots the category waits after the air falls quiet: fewer means sooner (voice and video wait least).', rfc: WMM },
  'wfa.ie.wme.acp.acm': { label: 'Admission Control Mandatory', type: 'boolean', bits: 8, mask: 0x10, tfs: ['Yes', 'No'], description: 'Whether a station must ask before sending in this category.', rfc: WMM },
  'wfa.ie.wme.acp.aci': { label: 'ACI', type: 'uint8', bits: 8, mask: 0x60, values: ACCESS_CATEGORIES, description: 'The access category these settings are for.', rfc: WMM },
  'wfa.ie.wme.acp.reserved': { label: 'Reserved', type: 'uint8', bits: 8, mask: 0x80, description: 'A reserved bit.', rfc: WMM },
  'wfa.ie.wme.acp.ecw': { label: 'ECW', type: 'uint8', base: 'hex', description: 'The backoff window\'s bounds, as exponents of 2.', rfc: WMM },
  'wfa.ie.wme.acp.ecw.max': { label: 'ECW Max', type: 'uint8', bits: 8, mask: 0xf0, description: 'The largest backoff window, as an exponent: CWmax = 2^ECWmax - 1.', rfc: WMM },
  'wfa.ie.wme.acp.ecw.min': { label: 'ECW Min', type: 'uint8', bits: 8, mask: 0x0f, description: 'The smallest backoff window, as an exponent: CWmin = 2^ECWmin - 1.', rfc: WMM },
  'wfa.ie.wme.acp.cw.max': { label: 'CW Max', type: 'uint16', description: 'The largest backoff window, in slots.', rfc: WMM },
  'wfa.ie.wme.acp.cw.min': { label: 'CW Min', type: 'uint16', description: 'The smallest backoff window, in slots: a station waits a random number of slots up to it.', rfc: WMM },
  'wfa.ie.wme.acp.txop_limit': { label: 'TXOP Limit', type: 'uint16', description: 'How long a station may keep the air once it has it, in units of 32 microseconds (0: one frame).', rfc: WMM },
});

const V = VENDOR_FIELDS;

/** One access category's parameters: 4 bytes at `at`. */
function addAcParameters(b: LayerBuilder, tag: Field, at: number): void {
  const aciAifsn = b.u8(at);
  const ecw = b.u8(at + 1);
  const txop = b.u8(at + 2) | (b.u8(at + 3) << 8);
  const aci = (aciAifsn >> 5) & 3;
  const acpField = b.add(tag, V['wfa.ie.wme.acp'], at, 4, null);
  b.rewrite(acpField, () => `Ac Parameters ACI ${aci} (${ACCESS_CATEGORIES[aci]}), ACM ${aciAifsn & 0x10 ? 'yes' : 'no'}, AIFSN ${aciAifsn & 0x0f}, ECWmin/max ${ecw & 0x0f}/${ecw >> 4} (CWmin/max ${2 ** (ecw & 0x0f) - 1}/${2 ** (ecw >> 4) - 1}), TXOP ${txop}`);
  const first = b.add(acpField, V['wfa.ie.wme.acp.aci_aifsn'], at, 1, aciAifsn);
  b.add(first, V['wfa.ie.wme.acp.aifsn'], at, 1, aciAifsn & 0x0f);
  b.add(first, V['wfa.ie.wme.acp.acm'], at, 1, (aciAifsn >> 4) & 1);
  b.add(first, V['wfa.ie.wme.acp.aci'], at, 1, aci);
  b.add(first, V['wfa.ie.wme.acp.reserved'], at, 1, aciAifsn >> 7);
  const second = b.add(acpField, V['wfa.ie.wme.acp.ecw'], at + 1, 1, ecw);
  b.add(second, V['wfa.ie.wme.acp.ecw.max'], at + 1, 1, ecw >> 4);
  b.add(second, V['wfa.ie.wme.acp.ecw.min'], at + 1, 1, ecw & 0x0f);
  b.add(second, V['wfa.ie.wme.acp.cw.max'], at + 1, 1, 2 ** (ecw >> 4) - 1);
  b.add(second, V['wfa.ie.wme.acp.cw.min'], at + 1, 1, 2 ** (ecw & 0x0f) - 1);
  b.add(acpField, V['wfa.ie.wme.acp.txop_limit'], at + 2, 2, txop);
}

/** The QoS info byte at `at`: the access point's or the station's variant. */
function addQosInfo(b: LayerBuilder, tag: Field, at: number, fromStation: boolean): void {
  const v = b.u8(at);
  const info = b.add(tag, V['wfa.ie.wme.qos_info'], at, 1, v);
  const keys = fromStation
    ? ['sta.max_sp_length', 'sta.ac_be', 'sta.ac_bk', 'sta.ac_vi', 'sta.ac_vo', 'sta.reserved']
    : ['ap.u_apsd', 'ap.parameter_set_count', 'ap.reserved'];
  for (const key of keys) b.bits(info, V[`wfa.ie.wme.qos_info.${key}` as keyof typeof V], at);
}

/**
 * A vendor specific element's body [at, at + length) (4 bytes at least, all captured); returns its
 * tree line's ending ("(null)" for an organisation Layerscope cannot name, as tshark writes it).
 */
export function addVendorElement(b: LayerBuilder, tag: Field, at: number, length: number, fromStation: boolean, seen: Set<number>): string {
  const oui = b.uint(tag, V['tag.oui'], at);
  const type = b.uint(tag, V['tag.vendor.oui.type'], at + 3);
  // A frame has one WMM element: another is shown as its bytes.
  const wmm = oui === MICROSOFT && type === WMM_TYPE && length >= 7 && !seen.has(WMM_SEEN);
  if (wmm) seen.add(WMM_SEEN);
  if (!wmm) {
    b.hex(tag, V['tag.vendor.data'], at + 3, length - 3);
    return OUI_NAMES[oui] ? `${OUI_NAMES[oui]}: ${WFA_TYPES[type] ?? 'Unknown'}` : '(null)';
  }
  b.uint(tag, V['wfa.ie.type'], at + 3);
  const subtype = b.uint(tag, V['wfa.ie.wme.subtype'], at + 4);
  b.uint(tag, V['wfa.ie.wme.version'], at + 5);
  addQosInfo(b, tag, at + 6, fromStation);
  if (subtype === 1 && length >= 24) {
    b.hex(tag, V['wfa.ie.wme.reserved'], at + 7, 1);
    for (let i = 0; i < 4; i++) addAcParameters(b, tag, at + 8 + 4 * i);
  }
  return `${OUI_NAMES[oui]}: WMM/WME: ${WME_SUBTYPES[subtype] ?? 'Unknown'}`;
}
