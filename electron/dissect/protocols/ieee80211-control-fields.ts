// Two parts of an 802.11 data frame's header that only some frames have: the HT Control field
// (+HTC: link adaptation feedback between 802.11n/ac stations) after QoS control, and the header
// of a protected frame's encryption (WEP, TKIP or CCMP), whose packet number guards against
// replays. IEEE Std 802.11-2020 §9.2.4.6, §12.3.2.2, §12.5.2.2, §12.5.3.2.

import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { addBitsOf, le, readLe } from './little-endian.js';

const HTC = 'IEEE 802.11-2020 §9.2.4.6';
const TRUE_FALSE = ['True', 'False'] as const;

const F = defineFields('wlan', {
  htc: { label: 'HT Control (+HTC)', type: 'uint32', base: 'hex', description: 'Link adaptation between HT or VHT stations: requests and feedback about the best modulation, calibration, beamforming.', rfc: HTC },
  'htc.vht': le(4, { label: 'VHT', type: 'boolean', bits: 32, mask: 0x00000001, tfs: TRUE_FALSE, description: 'Set for the VHT (802.11ac) variant of the field.', rfc: HTC }),
  'htc.he': le(4, { label: 'HE', type: 'boolean', bits: 32, mask: 0x00000002, tfs: TRUE_FALSE, description: 'With VHT set: set for the HE (802.11ax) variant.', rfc: HTC }),
  'htc.lac': le(4, { label: 'Link Adaptation Control (LAC)', type: 'uint32', base: 'hex', bits: 32, mask: 0x0000fffe, description: 'Requests for sounding and MCS feedback, and the feedback itself.', rfc: HTC }),
  'htc.lac.trq': le(2, { label: 'Training Request (TRQ)', type: 'boolean', bits: 16, mask: 0x0002, tfs: ['Want sounding PPDU', 'Don\'t want sounding PPDU'], description: 'Asks the receiver to send a sounding frame.', rfc: HTC }),
  'htc.lac.mai.mrq': le(2, { label: 'MCS Request (MRQ)', type: 'boolean', bits: 16, mask: 0x0004, tfs: ['MCS feedback requested', 'No MCS feedback requested'], description: 'Asks the receiver which MCS it would like.', rfc: HTC }),
  'htc.lac.mai.msi': le(2, { label: 'MCS Request Sequence Identifier (MSI)', type: 'uint16', base: 'hex', bits: 16, mask: 0x0038, description: 'Numbers the MCS request, to match its feedback.', rfc: HTC }),
  'htc.lac.mfsi': le(2, { label: 'MCS Feedback Sequence Identifier (MFSI)', type: 'uint16', bits: 16, mask: 0x01c0, description: 'The number of the request this feedback answers.', rfc: HTC }),
  'htc.lac.mfb': le(2, { label: 'MCS Feedback (MFB)', type: 'uint16', base: 'hex', bits: 16, mask: 0xfe00, description: 'The MCS the sender recommends.', rfc: HTC }),
  'htc.cal.pos': le(4, { label: 'Calibration Position', type: 'uint32', bits: 32, mask: 0x00030000, values: { 0: 'Not a calibration frame', 1: 'Calibration Start', 2: 'Sounding Response', 3: 'Sounding Complete' }, description: 'Where the frame stands in a calibration exchange.', rfc: HTC }),
  'htc.cal.seq': le(4, { label: 'Calibration Sequence Identifier', type: 'uint32', bits: 32, mask: 0x000c0000, description: 'Numbers the calibration exchange.', rfc: HTC }),
  'htc.reserved1': le(4, { label: 'Reserved', type: 'uint32', base: 'hex', bits: 32, mask: 0x00300000, description: 'Reserved bits.', rfc: HTC }),
  'htc.csi_steering': le(4, { label: 'CSI/Steering', type: 'uint32', bits: 32, mask: 0x00c00000, values: { 0: 'No feedback required', 1: 'CSI', 2: 'Non-compressed Beamforming Feedback Matrix', 3: 'Compressed Beamforming Feedback Matrix' }, description: 'Which beamforming feedback is asked for.', rfc: HTC }),
  'htc.ndp_announcement': le(4, { label: 'NDP Announcement', type: 'boolean', bits: 32, mask: 0x01000000, tfs: ['NDP will follow', 'No NDP will follow'], description: 'Set when a null data packet for sounding follows.', rfc: HTC }),
  'htc.reserved2': le(4, { label: 'Reserved', type: 'uint32', base: 'hex', bits: 32, mask: 0x3e000000, description: 'Reserved bits.', rfc: HTC }),
  'htc.mrq': le(4, { label: 'MRQ', type: 'boolean', bits: 32, mask: 0x00000004, tfs: TRUE_FALSE, description: 'Asks the receiver for MCS feedback.', rfc: HTC }),
  'htc.msi_stbc_reserved': le(4, { label: 'Reserved', type: 'uint32', base: 'hex', bits: 32, mask: 0x00000038, description: 'The MCS request number, or STBC.', rfc: HTC }),
  'htc.mfsi': le(4, { label: 'MFSI', type: 'boolean', bits: 32, mask: 0x000001c0, tfs: TRUE_FALSE, description: 'The number of the request this feedback answers.', rfc: HTC }),
  'htc.mfb': le(4, { label: 'MFB', type: 'uint32', base: 'hex', bits: 32, mask: 0x00fffe00, description: 'The recommended streams, MCS, bandwidth and signal-to-noise ratio.', rfc: HTC }),
  'htc.num_sts': le(4, { label: 'NUM_STS', type: 'uint32', bits: 32, mask: 0x00000e00, description: 'The recommended number of space-time streams (minus one).', rfc: HTC }),
  'htc.vht_mcs': le(4, { label: 'VHT-MCS', type: 'uint32', bits: 32, mask: 0x0000f000, description: 'The recommended VHT MCS.', rfc: HTC }),
  'htc.bw': le(4, { label: 'BW', type: 'uint32', bits: 32, mask: 0x00030000, values: { 0: '20 MHz', 1: '40 MHz', 2: '80 MHz', 3: '160 MHz and 80+80 MHz' }, description: 'The bandwidth the feedback is for.', rfc: HTC }),
  'htc.snr': le(4, { label: 'SNR', type: 'uint32', bits: 32, mask: 0x00fc0000, description: 'The measured signal-to-noise ratio.', rfc: HTC }),
  'htc.gid_h': le(4, { label: 'GID-H', type: 'uint32', bits: 32, mask: 0x07000000, description: 'Part of the group ID of the frame the feedback is about.', rfc: HTC }),
  'htc.coding_type': le(4, { label: 'Coding type', type: 'uint32', bits: 32, mask: 0x08000000, values: { 0: 'BCC', 1: 'LDPC' }, description: 'The code of the frame the feedback is about.', rfc: HTC }),
  'htc.fb_tx_type': le(4, { label: 'FB Tx type', type: 'uint32', bits: 32, mask: 0x10000000, values: { 0: 'Not beamformed', 1: 'Beamformed' }, description: 'Whether the measured frame was beamformed.', rfc: HTC }),
  'htc.unsolicited_mfb': le(4, { label: 'Unsolicited MFB', type: 'boolean', bits: 32, mask: 0x20000000, tfs: TRUE_FALSE, description: 'Set when the feedback was not asked for.', rfc: HTC }),
  'htc.ac_constraint': le(4, { label: 'AC Constraint', type: 'boolean', bits: 32, mask: 0x40000000, tfs: TRUE_FALSE, description: 'Set when the reverse direction may carry only the same access category.', rfc: HTC }),
  'htc.rdg_more_ppdu': le(4, { label: 'RDG/More PPDU', type: 'boolean', bits: 32, mask: 0x80000000, tfs: TRUE_FALSE, description: 'Grants the receiver time to answer, or says more frames follow.', rfc: HTC }),
  'ccmp.extiv': { label: 'CCMP Ext. Initialization Vector', type: 'uint64', description: 'The packet number (48 bits) CCMP encrypted the frame with: it only ever increases, so replayed frames are refused.', rfc: 'IEEE 802.11-2020 §12.5.3.2' },
  'tkip.extiv': { label: 'TKIP Ext. Initialization Vector', type: 'uint64', description: 'The TKIP sequence counter (48 bits) the frame was encrypted with: it only ever increases, so replayed frames are refused.', rfc: 'IEEE 802.11-2020 §12.5.2.2' },
  'wep.iv': { label: 'Initialization Vector', type: 'uint24', base: 'hex', description: 'WEP\'s 24-bit initialization vector: so short that it repeats, which is one reason WEP is broken.', rfc: 'IEEE 802.11-2020 §12.3.2.2' },
  'wep.key': { label: 'Key Index', type: 'uint8', description: 'Which of up to four keys encrypted the frame.', rfc: 'IEEE 802.11-2020 §12.3.2.2' },
  'wep.icv': { label: 'WEP ICV', type: 'uint32', base: 'hex', format: (v) => `0x${Number(v).toString(16).padStart(8, '0')} (not verified)`, description: 'WEP\'s integrity check value over the encrypted data; only the key can check it.', rfc: 'IEEE 802.11-2020 §12.3.2.2' },
});

export const CONTROL_FIELDS = F;

const HT_VARIANT = [F['htc.vht']];
const HT_REST = [F['htc.cal.pos'], F['htc.cal.seq'], F['htc.reserved1'], F['htc.csi_steering'], F['htc.ndp_announcement'], F['htc.reserved2']];
const VHT_VARIANT = [F['htc.vht'], F['htc.he'], F['htc.mrq'], F['htc.msi_stbc_reserved'], F['htc.mfsi']];
const VHT_MFB = [F['htc.num_sts'], F['htc.vht_mcs'], F['htc.bw'], F['htc.snr']];
const VHT_REST = [F['htc.gid_h'], F['htc.coding_type'], F['htc.fb_tx_type'], F['htc.unsolicited_mfb'], F['htc.ac_constraint'], F['htc.rdg_more_ppdu']];

/** The HT Control field at `at` (its 4 bytes captured): the HT or the VHT variant, as its first bits say. */
export function addHtControl(b: LayerBuilder, at: number): void {
  const v = readLe(b, at, 4);
  const htc = b.add(null, F.htc, at, 4, v);
  if ((v & 1) === 0) {
    addBitsOf(b, htc, HT_VARIANT, at, 4, v);
    const lac = b.add(htc, F['htc.lac'], at, 4, (v & 0xfffe) >>> 1);
    const low = v & 0xffff;
    b.add(lac, F['htc.lac.trq'], at, 2, (low >> 1) & 1);
    b.add(lac, F['htc.lac.mai.mrq'], at, 2, (low >> 2) & 1);
    b.add(lac, F['htc.lac.mai.msi'], at, 2, (low >> 3) & 7);
    b.add(lac, F['htc.lac.mfsi'], at, 2, (low >> 6) & 7);
    b.add(lac, F['htc.lac.mfb'], at, 2, low >> 9);
    addBitsOf(b, htc, HT_REST, at, 4, v);
    return;
  }
  // The HE variant (both low bits set) is an A-Control list Layerscope shows as its value only.
  if (v & 2) return;
  addBitsOf(b, htc, VHT_VARIANT, at, 4, v);
  const mfb = b.add(htc, F['htc.mfb'], at, 4, (v & 0x00fffe00) >>> 9);
  addBitsOf(b, mfb, VHT_MFB, at, 4, v);
  addBitsOf(b, htc, VHT_REST, at, 4, v);
}

/** The 48-bit packet number of the bytes `order` gives (most significant first) at `at`, as 12 hex digits. */
function packetNumber(b: LayerBuilder, at: number, order: readonly number[]): string {
  let s = '0x';
  for (const i of order) s += b.u8(at + i).toString(16).padStart(2, '0');
  return s;
}

/** The TKIP sequence counter: TSC5..TSC2 in bytes 7..4, TSC1 in byte 0, TSC0 in byte 2. */
const TKIP_ORDER = [7, 6, 5, 4, 0, 2];
/** The CCMP packet number: PN5..PN2 in bytes 7..4, PN1 in byte 1, PN0 in byte 0. */
const CCMP_ORDER = [7, 6, 5, 4, 1, 0];
const EXT_IV = 0x20;

/**
 * The encryption header of a protected frame's body [at, end): WEP's 4 bytes (and its ICV at the
 * end), or TKIP's or CCMP's 8 (Ext IV set; TKIP when its second byte is the first's with bit 5 set,
 * as a TKIP sender writes it). Returns where the encrypted bytes start and end.
 */
export function addProtection(b: LayerBuilder, at: number, end: number): { start: number; end: number } {
  // Cut before the key byte, the header is taken for CCMP's: the bytes that are missing are named.
  const extended = !b.has(at, 4) || (b.u8(at + 3) & EXT_IV) !== 0;
  if (!extended) {
    b.uint(null, F['wep.iv'], at);
    b.add(null, F['wep.key'], at + 3, 1, b.u8(at + 3) >> 6);
    // The ICV is the body's last 4 bytes, when the body was captured whole.
    if (!b.truncated && end - 4 >= at + 4) {
      b.add(null, F['wep.icv'], end - 4, 4, b.u32(end - 4));
      return { start: at + 4, end: end - 4 };
    }
    // Cut by the snap length: the check value was among the bytes not kept.
    if (b.truncated) b.missing(F['wep.icv'], Math.max(at + 4, b.frame.reportedLength - 4), 4);
    return { start: at + 4, end };
  }
  const tkip = b.has(at, 2) && b.u8(at + 1) === ((b.u8(at) | EXT_IV) & 0x7f);
  const spec: FieldSpec = tkip ? F['tkip.extiv'] : F['ccmp.extiv'];
  // Cut short, the header's bytes that are there stay visible as the frame's encrypted data.
  if (!b.need(spec, at, 8)) return { start: at, end };
  b.addLazy(null, spec, at, 8, () => packetNumber(b, at, tkip ? TKIP_ORDER : CCMP_ORDER));
  b.add(null, F['wep.key'], at + 3, 1, b.u8(at + 3) >> 6);
  return { start: at + 8, end };
}

