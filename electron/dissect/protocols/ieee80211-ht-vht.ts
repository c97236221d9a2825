// The 802.11n (HT) and 802.11ac (VHT) elements of management frames, and ERP: what a station or
// access point can do beyond the original rates (channel width, guard interval, streams,
// beamforming, aggregation). Mostly little-endian bit fields, declared as rows of a table.
// IEEE Std 802.11-2020 §9.4.2.56 (HT Capabilities), §9.4.2.57 (HT Operation), §9.4.2.157 (VHT
// Capabilities), §9.4.2.158 (VHT Operation), §9.4.2.11 (ERP).

import type { Field } from '../field-model.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldEntry, type FieldSpec, type FieldTable } from '../field-spec.js';
import { addBitsOf, le, readLe } from './little-endian.js';

const SUPPORTED = ['Supported', 'Not supported'] as const;
const HT = 'IEEE 802.11-2020 §9.4.2.56';
const HT_OPERATION = 'IEEE 802.11-2020 §9.4.2.57';
const VHT = 'IEEE 802.11-2020 §9.4.2.157';

/** How a bit field's value reads: a true/false pair, value names (shown in hex), or a plain number. */
type Meaning = readonly [string, string] | Readonly<Record<number, string>> | 'hex' | 'dec';
/** One bit field: key, label, mask on the (little-endian) value, meaning, sentence for learners. */
type Row = readonly [key: string, label: string, mask: number, meaning: Meaning, description: string];

/** Field entries for `rows`, bit fields of a little-endian number of `bytes` bytes drawn over `bits` bits. */
function bitRows(bytes: number, bits: number, rfc: string, rows: readonly Row[], names: Readonly<Record<string, string>> = {}): Record<string, FieldEntry> {
  const entries: Record<string, FieldEntry> = {};
  const type = bytes === 1 ? 'uint8' : bytes === 2 ? 'uint16' : 'uint32';
  for (const [key, label, mask, meaning, description] of rows) {
    const base: FieldEntry = Array.isArray(meaning)
      ? { label, type: 'boolean', bits, mask, tfs: meaning as unknown as readonly [string, string], description, rfc }
      : meaning === 'hex' || meaning === 'dec'
        ? { label, type, base: meaning === 'hex' ? 'hex' : undefined, bits, mask, description, rfc }
        : { label, type, base: 'hex', bits, mask, values: meaning as Readonly<Record<number, string>>, description, rfc };
    entries[key] = le(bytes, names[key] ? { ...base, name: names[key] } : base);
  }
  return entries;
}

const MCS_MAP: Readonly<Record<number, string>> = { 0: 'MCS 0-7', 1: 'MCS 0-8', 2: 'MCS 0-9', 3: 'Not Supported' };
const SOUNDING = (v: number | string) => `${Number(v) + 1} (0x${Number(v).toString(16)})`;
const ANTENNAE: Readonly<Record<number, string>> = { 0: '1 TX antenna sounding', 1: '2 TX antenna sounding', 2: '3 TX antenna sounding', 3: '4 TX antenna sounding' };
const FEEDBACK: Readonly<Record<number, string>> = { 0: 'not supported', 1: 'delayed feedback capable', 2: 'immediate feedback capable', 3: 'delayed and immediate feedback capable' };

const HT_CAPABILITIES = bitRows(2, 16, HT, [
  ['ldpccoding', 'HT LDPC coding capability', 0x0001, ['Transmitter supports receiving LDPC coded packets', 'Transmitter does not support receiving LDPC coded packets'], 'Whether the station can receive frames protected by the stronger LDPC code.'],
  ['width', 'HT Support channel width', 0x0002, ['Transmitter supports 20MHz and 40MHz operation', 'Transmitter only supports 20MHz operation'], 'Whether the station can use 40 MHz wide channels (twice the speed).'],
  ['sm', 'HT SM Power Save', 0x000c, { 0: 'Static SM Power Save mode', 1: 'Dynamic SM Power Save mode', 2: 'Reserved', 3: 'SM Power Save disabled' }, 'Whether the station switches off all but one receive chain to save power.'],
  ['green', 'HT Green Field', 0x0010, ['Transmitter is able to receive PPDUs with Green Field (GF) preamble', 'Transmitter is not able to receive PPDUs with Green Field (GF) preamble'], 'Whether the station understands the HT-only (greenfield) preamble.'],
  ['short20', 'HT Short GI for 20MHz', 0x0020, SUPPORTED, 'Whether the station can use the short guard interval on 20 MHz channels.'],
  ['short40', 'HT Short GI for 40MHz', 0x0040, SUPPORTED, 'Whether the station can use the short guard interval on 40 MHz channels.'],
  ['txstbc', 'HT Tx STBC', 0x0080, SUPPORTED, 'Whether the station can send with space-time block coding.'],
  ['rxstbc', 'HT Rx STBC', 0x0300, { 0: 'No Rx STBC support', 1: 'Rx support of one spatial stream', 2: 'Rx support of one and two spatial streams', 3: 'Rx support of one, two, and three spatial streams' }, 'How many space-time block coded streams the station can receive.'],
  ['delayedblockack', 'HT Delayed Block ACK', 0x0400, ['Transmitter supports HT-Delayed BlockAck', 'Transmitter does not support HT-Delayed BlockAck'], 'Whether the station supports delayed block acknowledgements.'],
  ['amsdu', 'HT Max A-MSDU length', 0x0800, ['7935 bytes', '3839 bytes'], 'The largest aggregate of packets (A-MSDU) the station can receive.'],
  ['dsscck', 'HT DSSS/CCK mode in 40MHz', 0x1000, ['Will/Can use DSSS/CCK in 40 MHz', 'Won\'t/Can\'t use of DSSS/CCK in 40 MHz'], 'Whether the station uses old 802.11b rates on a 40 MHz channel.'],
  ['psmp', 'HT PSMP Support', 0x2000, ['Will/Can support PSMP operation', 'Won\'t/Can\'t support PSMP operation'], 'Whether the station supports power save multi-poll.'],
  ['40mhzintolerant', 'HT Forty MHz Intolerant', 0x4000, ['Use of 40 MHz transmissions restricted/disallowed', 'Use of 40 MHz transmissions unrestricted/allowed'], 'Set when the station asks networks near it not to use 40 MHz channels.'],
  ['lsig', 'HT L-SIG TXOP Protection support', 0x8000, SUPPORTED, 'Whether the station supports L-SIG transmit opportunity protection.'],
]);

const AMPDU = bitRows(1, 8, HT, [
  ['maxlength', 'Maximum Rx A-MPDU Length', 0x03, 'hex', 'The largest aggregate of frames (A-MPDU) the station can receive: 2^(13+n) - 1 bytes.'],
  ['mpdudensity', 'MPDU Density', 0x1c, { 0: 'no restriction', 1: '1/4 [usec]', 2: '1/2 [usec]', 3: '1 [usec]', 4: '2 [usec]', 5: '4 [usec]', 6: '8 [usec]', 7: '16 [usec]' }, 'The least time between the starts of two frames of an aggregate.'],
  ['reserved', 'Reserved', 0xe0, 'hex', 'Reserved bits.'],
]);

const MCS_SET = bitRows(4, 32, HT, [
  ['rxbitmask.0to7', 'Rx Bitmask Bits 0-7', 0x000000ff, 'hex', 'MCS 0-7 (one spatial stream) the station can receive, one bit each.'],
  ['rxbitmask.8to15', 'Rx Bitmask Bits 8-15', 0x0000ff00, 'hex', 'MCS 8-15 (two spatial streams).'],
  ['rxbitmask.16to23', 'Rx Bitmask Bits 16-23', 0x00ff0000, 'hex', 'MCS 16-23 (three spatial streams).'],
  ['rxbitmask.24to31', 'Rx Bitmask Bits 24-31', 0xff000000, 'hex', 'MCS 24-31 (four spatial streams).'],
  ['rxbitmask.32', 'Rx Bitmask Bit 32', 0x00000001, 'hex', 'MCS 32 (40 MHz duplicate).'],
  ['rxbitmask.33to38', 'Rx Bitmask Bits 33-38', 0x0000007e, 'hex', 'MCS 33-38 (unequal modulation).'],
  ['rxbitmask.39to52', 'Rx Bitmask Bits 39-52', 0x001fff80, 'hex', 'MCS 39-52 (unequal modulation).'],
  ['rxbitmask.53to76', 'Rx Bitmask Bits 53-76', 0x1fffffe0, 'hex', 'MCS 53-76 (unequal modulation).'],
]);

const MCS_SET_RATE = bitRows(2, 16, HT, [
  ['highestdatarate', 'Highest Supported Data Rate', 0x03ff, 'hex', 'The highest rate the station can receive, in Mb/s (0: not given).'],
]);

/** The transmit set's bits: drawn over 16 bits, but tshark gives them the first byte only, where they lie. */
const MCS_SET_TX = Object.fromEntries(Object.entries(bitRows(2, 16, HT, [
  ['txsetdefined', 'Tx Supported MCS Set', 0x0001, ['Defined', 'Not defined'], 'Whether the transmit MCS set is given.'],
  ['txrxmcsnotequal', 'Tx and Rx MCS Set', 0x0002, ['Not equal', 'Equal'], 'Whether the station sends with other MCS than it receives.'],
  ['txmaxss', 'Maximum Number of Tx Spatial Streams Supported', 0x000c, 'hex', 'How many spatial streams the station can send.'],
  ['txunequalmod', 'Unequal Modulation', 0x0010, SUPPORTED, 'Whether the station sends streams with different modulations.'],
])).map(([key, entry]) => [key, { ...entry, mask: entry.displayMask }]));

const HTEX = bitRows(2, 16, HT, [
  ['pco', 'Transmitter supports PCO', 0x0001, SUPPORTED, 'Whether the station supports phased coexistence of 20 and 40 MHz.'],
  ['transtime', 'Time needed to transition between 20MHz and 40MHz', 0x0006, { 0: 'No Transition', 1: '400 usec', 2: '1.5 msec', 3: '5 msec' }, 'How long switching between 20 and 40 MHz takes.'],
  ['mcs', 'MCS Feedback capability', 0x0300, { 0: 'STA does not provide MCS feedback', 1: 'Reserved', 2: 'STA provides only Unsolicited MFB', 3: 'STA can provide MFB in response to MRQ as well as unsolicited MFB' }, 'Whether the station tells others which MCS suits the link.'],
  ['htc', 'High Throughput', 0x0400, SUPPORTED, 'Whether the station supports the HT control field.'],
  ['rdresponder', 'Reverse Direction Responder', 0x0800, SUPPORTED, 'Whether the station can send in another station\'s transmit opportunity.'],
]);

const TXBF = bitRows(4, 32, HT, [
  ['txbf', 'Transmit Beamforming', 0x00000001, SUPPORTED, 'Whether the station can receive beamformed frames.'],
  ['rxss', 'Receive Staggered Sounding', 0x00000002, SUPPORTED, 'Whether the station can receive staggered sounding frames.'],
  ['txss', 'Transmit Staggered Sounding', 0x00000004, SUPPORTED, 'Whether the station can send staggered sounding frames.'],
  ['rxndp', 'Receive Null Data packet (NDP)', 0x00000008, SUPPORTED, 'Whether the station can receive null data packets for sounding.'],
  ['txndp', 'Transmit Null Data packet (NDP)', 0x00000010, SUPPORTED, 'Whether the station can send null data packets for sounding.'],
  ['impltxbf', 'Implicit TxBF capable', 0x00000020, SUPPORTED, 'Whether the station can beamform from implicit feedback.'],
  ['calibration', 'Calibration', 0x000000c0, { 0: 'incapable', 1: 'Limited involvement, cannot initiate', 2: 'Limited involvement, can initiate', 3: 'Fully capable' }, 'Whether the station takes part in calibration.'],
  ['csi', 'STA can apply TxBF using CSI explicit feedback', 0x00000100, SUPPORTED, 'Beamforming from explicit channel state feedback.'],
  ['fm.uncompressed.tbf', 'STA can apply TxBF using uncompressed beamforming feedback matrix', 0x00000200, SUPPORTED, 'Beamforming from an uncompressed feedback matrix.'],
  ['fm.compressed.tbf', 'STA can apply TxBF using compressed beamforming feedback matrix', 0x00000400, SUPPORTED, 'Beamforming from a compressed feedback matrix.'],
  ['rcsi', 'Receiver can return explicit CSI feedback', 0x00001800, FEEDBACK, 'Whether the station sends channel state feedback.'],
  ['fm.uncompressed.rbf', 'Receiver can return explicit uncompressed Beamforming Feedback Matrix', 0x00006000, FEEDBACK, 'Whether the station sends an uncompressed feedback matrix.'],
  ['fm.compressed.bf', 'STA can compress and use compressed Beamforming Feedback Matrix', 0x00018000, FEEDBACK, 'Whether the station sends a compressed feedback matrix.'],
  ['mingroup', 'Minimal grouping used for explicit feedback reports', 0x00060000, { 0: 'No grouping supported', 1: 'Groups of 1,2 supported', 2: 'Groups of 1,4 supported', 3: 'Groups of 1,2,4 supported' }, 'How subcarriers may be grouped in feedback.'],
  ['csinumant', 'Max antennae STA can support when CSI feedback required', 0x00180000, ANTENNAE, 'Antennae for channel state feedback.'],
  ['fm.uncompressed.maxant', 'Max antennae STA can support when uncompressed Beamforming feedback required', 0x00600000, ANTENNAE, 'Antennae for uncompressed feedback.'],
  ['fm.compressed.maxant', 'Max antennae STA can support when compressed Beamforming feedback required', 0x01800000, ANTENNAE, 'Antennae for compressed feedback.'],
  ['csi.maxrows', 'Maximum number of rows of CSI explicit feedback', 0x06000000, { 0: '1 row of CSI', 1: '2 rows of CSI', 2: '3 rows of CSI', 3: '4 rows of CSI' }, 'Rows of channel state feedback.'],
  ['channelest', 'Maximum number of space time streams for which channel dimensions can be simultaneously estimated', 0x18000000, { 0: '1 space time stream', 1: '2 space time streams', 2: '3 space time streams', 3: '4 space time streams' }, 'Streams whose channels the station can estimate at once.'],
  ['reserved', 'Reserved', 0xe0000000, 'hex', 'Reserved bits.'],
]);

const ASEL = bitRows(1, 8, HT, [
  ['capable', 'Antenna Selection Capable', 0x01, SUPPORTED, 'Whether the station can choose which antennae to use.'],
  ['txcsi', 'Explicit CSI Feedback Based Tx ASEL', 0x02, SUPPORTED, 'Antenna selection from explicit channel feedback.'],
  ['txif', 'Antenna Indices Feedback Based Tx ASEL', 0x04, SUPPORTED, 'Antenna selection from antenna index feedback.'],
  ['csi', 'Explicit CSI Feedback', 0x08, SUPPORTED, 'Whether the station sends explicit channel feedback.'],
  ['if', 'Antenna Indices Feedback', 0x10, SUPPORTED, 'Whether the station sends antenna index feedback.'],
  ['rx', 'Rx ASEL', 0x20, SUPPORTED, 'Whether the station selects receive antennae.'],
  ['sppdu', 'Tx Sounding PPDUs', 0x40, SUPPORTED, 'Whether the station sends sounding frames for antenna selection.'],
  ['reserved', 'Reserved', 0x80, 'hex', 'A reserved bit.'],
]);

const HT_INFO_1 = bitRows(1, 8, HT_OPERATION, [
  ['secchanoffset', 'Secondary channel offset', 0x03, { 0: 'No secondary channel', 1: 'Secondary channel is above the primary channel', 2: 'Reserved', 3: 'Secondary channel is below the primary channel' }, 'Where the second 20 MHz of a 40 MHz channel lies.'],
  ['chanwidth', 'Supported channel width', 0x04, ['Channel of any width supported', '20 MHz channel width only'], 'Whether stations may use the 40 MHz channel.'],
  ['rifs', 'Reduced Interframe Spacing (RIFS)', 0x08, ['Permitted', 'Prohibited'], 'Whether the shorter gap between frames is allowed.'],
  ['reserved_b4_b7', 'Reserved', 0xf0, 'hex', 'Reserved bits.'],
]);

const HT_INFO_2 = bitRows(2, 16, HT_OPERATION, [
  ['ht_protection', 'HT Protection', 0x0003, { 0: 'No protection mode', 1: 'HT non-member protection mode', 2: '20 MHz protection mode', 3: 'non-HT mixed mode' }, 'How HT frames are protected from older stations\' collisions.'],
  ['greenfield', 'Non-greenfield STAs present', 0x0004, ['One or more associated STAs are not greenfield capable', 'All associated STAs are greenfield capable'], 'Whether some associated station cannot receive greenfield frames.'],
  ['reserved_b11', 'Reserved', 0x0008, 'hex', 'A reserved bit.'],
  ['obssnonht', 'OBSS non-HT STAs present', 0x0010, ['Use of protection for non-HT STAs by overlapping BSSs is needed', 'Use of protection for non-HT STAs by overlapping BSSs is not needed'], 'Whether old stations in overlapping networks need protection.'],
  ['chan_center_freq_seg_2', 'Channel Center Frequency Segment 2', 0x1fe0, 'dec', 'The centre of the second 80 MHz segment (VHT 80+80).'],
  ['reserved_b21_b23', 'Reserved', 0xe000, 'hex', 'Reserved bits.'],
]);

const HT_INFO_3 = bitRows(2, 16, HT_OPERATION, [
  ['reserved_b24_b29', 'Reserved', 0x003f, 'hex', 'Reserved bits.'],
  ['dualbeacon', 'Dual beacon', 0x0040, ['Secondary beacon is transmitted', 'No second beacon is transmitted'], 'Whether a second beacon is sent (STBC).'],
  ['dualcts', 'Dual Clear To Send (CTS) protection', 0x0080, ['Required', 'Not required'], 'Whether dual CTS protection is needed.'],
  ['secondarybeacon', 'Beacon ID', 0x0100, ['Secondary beacon', 'Primary beacon'], 'Whether this is the secondary beacon.'],
  ['lsigprotsupport', 'L-SIG TXOP Protection Full Support', 0x0200, ['All HT STAs in the BSS support L-SIG TXOP protection', 'One or more HT STAs in the BSS do not support L-SIG TXOP protection'], 'Whether every HT station supports L-SIG protection.'],
  ['pco.active', 'Phased Coexistence Operation (PCO)', 0x0400, ['Active', 'Inactive'], 'Whether phased coexistence is in use.'],
  ['pco.phase', 'Phased Coexistence Operation (PCO) Phase', 0x0800, ['Switch to or continue 40 MHz phase', 'Switch to or continue 20 MHz phase'], 'Which phase of phased coexistence is on.'],
  ['reserved_b36_b39', 'Reserved', 0xf000, 'hex', 'Reserved bits.'],
]);

const VHT_CAPABILITIES = bitRows(4, 32, VHT, [
  ['maxmpdulength', 'Maximum MPDU Length', 0x00000003, { 0: '3 895', 1: '7 991', 2: '11 454', 3: 'Reserved' }, 'The largest frame the station can receive, in bytes.'],
  ['supportedchanwidthset', 'Supported Channel Width Set', 0x0000000c, { 0: 'Neither 160MHz nor 80+80 supported', 1: '160MHz supported', 2: '160MHz and 80+80 Supported', 3: 'Reserved' }, 'Whether the station can use 160 MHz or 80+80 MHz channels.'],
  ['rxldpc', 'Rx LDPC', 0x00000010, SUPPORTED, 'Whether the station can receive LDPC coded frames.'],
  ['short80', 'Short GI for 80MHz/TVHT_MODE_4C', 0x00000020, SUPPORTED, 'Whether the station can use the short guard interval at 80 MHz.'],
  ['short160', 'Short GI for 160MHz and 80+80MHz', 0x00000040, SUPPORTED, 'Whether the station can use the short guard interval at 160 MHz.'],
  ['txstbc', 'Tx STBC', 0x00000080, SUPPORTED, 'Whether the station can send with space-time block coding.'],
  ['rxstbc', 'Rx STBC', 0x00000700, { 0: 'Not supported', 1: '1 Spatial Stream Supported', 2: '1 to 2 Spatial Stream Supported', 3: '1 to 3 Spatial Stream Supported', 4: '1 to 4 Spatial Stream Supported', 5: 'Reserved', 6: 'Reserved', 7: 'Reserved' }, 'How many STBC streams the station can receive.'],
  ['subeamformer', 'SU Beamformer Capable', 0x00000800, SUPPORTED, 'Whether the station can beamform towards one receiver.'],
  ['subeamformee', 'SU Beamformee Capable', 0x00001000, SUPPORTED, 'Whether the station can receive single-user beamformed frames.'],
  ['beamformee_sts_cap', 'Beamformee STS Capability', 0x0000e000, 'hex', 'How many space-time streams the station can receive beamformed (the number plus one).'],
  ['soundingdimensions', 'Number of Sounding Dimensions', 0x00070000, 'hex', 'How many antennae the station sounds with (the number plus one).'],
  ['mubeamformer', 'MU Beamformer Capable', 0x00080000, SUPPORTED, 'Whether the station can beamform to several receivers at once.'],
  ['mubeamformee', 'MU Beamformee Capable', 0x00100000, SUPPORTED, 'Whether the station can receive multi-user beamformed frames.'],
  ['vhttxopps', 'TXOP PS', 0x00200000, SUPPORTED, 'Whether the station sleeps during others\' transmit opportunities.'],
  ['vhthtc', '+HTC-VHT Capable', 0x00400000, SUPPORTED, 'Whether the station supports the VHT variant of the HT control field.'],
  ['maxampdu', 'Max A-MPDU Length Exponent', 0x03800000, { 0: '8 191', 1: '16 383', 2: '32 767', 3: '65 535', 4: '131 071', 5: '262 143', 6: '524 287', 7: '1 048 575' }, 'The largest aggregate the station can receive, in bytes.'],
  ['linkadapt', 'VHT Link Adaptation', 0x0c000000, { 0: 'No Feedback', 1: 'Reserved (logically only solicited feedback)', 2: 'Unsolicited feedback only', 3: 'Both' }, 'Whether the station gives feedback on the best MCS.'],
  ['rxpatconsist', 'Rx Antenna Pattern Consistency', 0x10000000, SUPPORTED, 'Whether the receive antenna pattern stays the same between associations.'],
  ['txpatconsist', 'Tx Antenna Pattern Consistency', 0x20000000, SUPPORTED, 'Whether the transmit antenna pattern stays the same between associations.'],
  ['ext_nss_bw_support', 'Extended NSS BW Support', 0xc0000000, 'hex', 'Extended spatial stream and bandwidth support.'],
]);

function mcsMapRows(direction: 'Rx' | 'Tx'): Row[] {
  return Array.from({ length: 8 }, (_, i) => [`ss${i + 1}`, `${direction} ${i + 1} SS`, 3 << (2 * i), MCS_MAP, `The VHT MCS the station can ${direction === 'Rx' ? 'receive' : 'send'} with ${i + 1} spatial stream${i ? 's' : ''}.`] as const);
}

const F = defineFields('wlan', {
  erp_info: { label: 'ERP Information', type: 'uint8', base: 'hex', description: 'Whether old 802.11b stations are near, so that 802.11g stations must protect their frames.', rfc: 'IEEE 802.11-2020 §9.4.2.11' },
  'erp_info.erp_present': { label: 'Non ERP Present', type: 'boolean', bits: 8, mask: 0x01, description: 'Set when an 802.11b-only station is associated or near.', rfc: 'IEEE 802.11-2020 §9.4.2.11' },
  'erp_info.use_protection': { label: 'Use Protection', type: 'boolean', bits: 8, mask: 0x02, description: 'Set when stations must send RTS/CTS or CTS-to-self before fast frames.', rfc: 'IEEE 802.11-2020 §9.4.2.11' },
  'erp_info.barker_preamble_mode': { label: 'Barker Preamble Mode', type: 'boolean', bits: 8, mask: 0x04, description: 'Set when stations must use the long preamble.', rfc: 'IEEE 802.11-2020 §9.4.2.11' },
  'erp_info.reserved': { label: 'Reserved', type: 'uint8', base: 'hex', bits: 8, mask: 0xf8, description: 'Reserved bits.', rfc: 'IEEE 802.11-2020 §9.4.2.11' },
  'ht.capabilities': { label: 'HT Capabilities Info', type: 'uint16', base: 'hex', description: 'What the station can do with 802.11n: channel width, guard interval, power save, STBC, aggregation.', rfc: HT },
  'ht.ampduparam': { label: 'A-MPDU Parameters', type: 'uint8', base: 'hex', description: 'How large the aggregates of frames the station receives may be.', rfc: HT },
  'ht.mcsset': { label: 'Rx Supported Modulation and Coding Scheme Set', type: 'none', description: 'Which modulation and coding schemes (and so how many spatial streams) the station supports.', rfc: HT },
  'ht.mcsset.rxbitmask': { label: 'Rx Modulation and Coding Scheme (One bit per modulation)', type: 'none', description: 'One bit per MCS the station can receive.', rfc: HT },
  'htex.capabilities': { label: 'HT Extended Capabilities', type: 'uint16', base: 'hex', description: 'More 802.11n capabilities: phased coexistence, MCS feedback, reverse direction.', rfc: HT },
  txbf: { label: 'Transmit Beam Forming (TxBF) Capabilities', type: 'uint32', base: 'hex', description: 'Whether and how the station can aim its signal at a receiver (beamforming).', rfc: HT },
  asel: { label: 'Antenna Selection (ASEL) Capabilities', type: 'uint8', base: 'hex', description: 'Whether and how the station chooses among its antennae.', rfc: HT },
  'ht.info.primarychannel': { label: 'Primary Channel', type: 'uint8', description: 'The network\'s main 20 MHz channel.', rfc: HT_OPERATION },
  'ht.info.delim1': { label: 'HT Information Subset (1 of 3)', type: 'uint8', base: 'hex', description: 'The secondary channel and channel width.', rfc: HT_OPERATION },
  'ht.info.delim2': { label: 'HT Information Subset (2 of 3)', type: 'uint16', base: 'hex', description: 'Protection of HT frames from older stations.', rfc: HT_OPERATION },
  'ht.info.delim3': { label: 'HT Information Subset (3 of 3)', type: 'uint16', base: 'hex', description: 'Dual beacon and coexistence settings.', rfc: HT_OPERATION },
  'vht.capabilities': { label: 'VHT Capabilities Info', type: 'uint32', base: 'hex', description: 'What the station can do with 802.11ac: frame length, channel widths, guard interval, beamforming, aggregation.', rfc: VHT },
  'vht.mcsset': { label: 'VHT Supported MCS Set', type: 'none', description: 'The VHT modulation and coding schemes the station supports for each number of spatial streams.', rfc: VHT },
  'vht.mcsset.rxmcsmap': { label: 'Rx MCS Map', type: 'uint16', base: 'hex', description: 'For each number of spatial streams, the highest MCS the station can receive.', rfc: VHT },
  'vht.mcsset.txmcsmap': { label: 'Tx MCS Map', type: 'uint16', base: 'hex', description: 'For each number of spatial streams, the highest MCS the station can send.', rfc: VHT },
});

/** The VHT MCS set's two rate words. */
const VHT_RATES = defineFields('wlan', bitRows(2, 16, VHT, [
    ['vht.mcsset.rxhighestlonggirate', 'Rx Highest Long GI Data Rate (in Mb/s, 0 = subfield not in use)', 0x1fff, 'hex', 'The highest rate the station can receive with the long guard interval.'],
    ['vht.mcsset.max_nsts_total', 'MaX NSTS Total', 0xe000, 'dec', 'The most space-time streams in total.'],
    ['vht.mcsset.txhighestlonggirate', 'Tx Highest Long GI Data Rate  (in Mb/s, 0 = subfield not in use)', 0x1fff, 'hex', 'The highest rate the station can send with the long guard interval.'],
    ['vht.ncsset.ext_nss_bw_cap', 'Extended NSS BW Capable', 0x2000, ['Capable', 'Not capable'], 'Whether extended spatial stream and bandwidth support applies.'],
    ['vht.ncsset.reserved', 'Reserved', 0xc000, 'hex', 'Reserved bits.'],
])) as FieldTable<string>;

const VHT_OPERATION = 'IEEE 802.11-2020 §9.4.2.158';
const OP = defineFields('wlan.vht.op', {
  info: { name: 'wlan.vht.op', label: 'VHT Operation Info', type: 'none', description: 'The channel the VHT network uses: its width and centre.', rfc: VHT_OPERATION },
  channelwidth: { label: 'Channel Width', type: 'uint8', values: { 0: '20 MHz or 40 MHz BSS Bandwidth', 1: '80 MHz, 160 MHz or 80+80 MHz BSS Bandwidth', 2: '160 MHz BSS Bandwidth (deprecated)', 3: 'Non-contiguous 80+80 MHz BSS Bandwidth (deprecated)' }, description: 'How wide the network\'s channel is (with the HT operation element for 20 and 40 MHz).', rfc: VHT_OPERATION },
  channelcenter0: { label: 'Channel Center Segment 0', type: 'uint8', description: 'The channel number at the centre of the (first) 80 MHz segment.', rfc: VHT_OPERATION },
  channelcenter1: { label: 'Channel Center Segment 1', type: 'uint8', description: 'The centre of the second segment (160 or 80+80 MHz), else 0.', rfc: VHT_OPERATION },
  basicmcsmap: { label: 'Basic MCS Map', type: 'uint16', base: 'hex', description: 'For each number of spatial streams, the MCS every station of the network must support.', rfc: VHT_OPERATION },
}) as FieldTable<string>;
const BASIC_MAP = defineFields('wlan.vht.op.basicmcsmap', bitRows(2, 16, VHT_OPERATION, Array.from({ length: 8 }, (_, i) => [`ss${i + 1}`, `Basic ${i + 1} SS`, 3 << (2 * i), MCS_MAP, `The VHT MCS every station must support with ${i + 1} spatial stream${i ? 's' : ''}.`] as const))) as FieldTable<string>;

const HT_CAP = defineFields('wlan.ht.capabilities', HT_CAPABILITIES) as FieldTable<string>;
const AMPDU_F = defineFields('wlan.ht.ampduparam', AMPDU) as FieldTable<string>;
const MCS = defineFields('wlan.ht.mcsset', { ...MCS_SET, ...MCS_SET_RATE, ...MCS_SET_TX }) as FieldTable<string>;
const HTEX_F = defineFields('wlan.htex.capabilities', HTEX) as FieldTable<string>;
const TXBF_F = defineFields('wlan.txbf', TXBF) as FieldTable<string>;
const ASEL_F = defineFields('wlan.asel', ASEL) as FieldTable<string>;
const INFO = defineFields('wlan.ht.info', { ...HT_INFO_1, ...HT_INFO_2, ...HT_INFO_3 }) as FieldTable<string>;
const VHT_CAP = defineFields('wlan.vht.capabilities', VHT_CAPABILITIES) as FieldTable<string>;
const RX_MAP = defineFields('wlan.vht.mcsset.rxmcsmap', bitRows(2, 16, VHT, mcsMapRows('Rx'))) as FieldTable<string>;
const TX_MAP = defineFields('wlan.vht.mcsset.txmcsmap', bitRows(2, 16, VHT, mcsMapRows('Tx'))) as FieldTable<string>;

/** Every field these elements declare, by filter name. */
export const HT_VHT_FIELDS: Readonly<Record<string, FieldSpec>> = Object.fromEntries(
  [F, VHT_RATES, OP, BASIC_MAP, HT_CAP, AMPDU_F, MCS, HTEX_F, TXBF_F, ASEL_F, INFO, VHT_CAP, RX_MAP, TX_MAP].flatMap((t) => Object.values<FieldSpec>(t)).map((s) => [s.name, s]),
);

const specs = (table: FieldTable<string>, keys?: readonly string[]) => (keys ?? Object.keys(table)).map((k) => table[k]);

/** Adds a little-endian number of `bytes` bytes and the bit fields `bits` under it; returns the value. */
function withBits(b: LayerBuilder, parent: Field, spec: FieldSpec, bits: readonly FieldSpec[], at: number, bytes: number): number {
  const v = readLe(b, at, bytes);
  const field = b.add(parent, spec, at, bytes, v);
  addBitsOf(b, field, bits, at, bytes, v);
  return v;
}

/** "2 spatial streams": how many streams the first four bytes of an HT MCS bitmask allow. */
function streamsText(b: LayerBuilder, at: number): string {
  for (let i = 3; i >= 0; i--) if (b.u8(at + i) !== 0) return i === 0 ? '1 spatial stream' : `${i + 1} spatial streams`;
  return 'Reserved:8';
}

/** The 16-byte HT MCS set at `at`. */
function addMcsSet(b: LayerBuilder, tag: Field, at: number, basic: boolean): void {
  const set = b.add(tag, F['ht.mcsset'], at, 16, null);
  b.rewrite(set, () => `Rx Supported Modulation and Coding Scheme Set: ${basic ? 'Basic MCS Set' : 'MCS Set'}`);
  const mask = b.add(set, F['ht.mcsset.rxbitmask'], at, 10, null);
  b.rewrite(mask, () => `Rx Modulation and Coding Scheme (One bit per modulation): ${streamsText(b, at)}`);
  const word0 = readLe(b, at, 4);
  const word4 = readLe(b, at + 4, 4);
  const word6 = readLe(b, at + 6, 4);
  addBitsOf(b, mask, specs(MCS, ['rxbitmask.0to7', 'rxbitmask.8to15', 'rxbitmask.16to23', 'rxbitmask.24to31']), at, 4, word0);
  addBitsOf(b, mask, specs(MCS, ['rxbitmask.32', 'rxbitmask.33to38', 'rxbitmask.39to52']), at + 4, 4, word4);
  addBitsOf(b, mask, [MCS['rxbitmask.53to76']], at + 6, 4, word6);
  addBitsOf(b, set, [MCS.highestdatarate], at + 10, 2, readLe(b, at + 10, 2));
  // tshark gives the transmit set's bits the first of their bytes only.
  const tx = readLe(b, at + 12, 2);
  addBitsOf(b, set, specs(MCS, ['txsetdefined', 'txrxmcsnotequal', 'txmaxss', 'txunequalmod']), at + 12, 1, tx);
  const txmaxss = set.children.find((f) => f.name === MCS.txmaxss.name);
  if (txmaxss) b.rewrite(txmaxss, () => `${txmaxss.showname}${tx & 1 ? `, ${((tx >> 2) & 3) + 1} spatial stream${(tx >> 2) & 3 ? 's' : ''}` : ', TX MCS Set Not Defined'}`);
}

/**
 * Decodes element `id`'s body [at, at + length) when it is one of these, of its fixed length;
 * false when not (the caller shows the body as bytes).
 */
export function addHtVhtElement(b: LayerBuilder, tag: Field, id: number, at: number, length: number): boolean {
  switch (id) {
    case 42:
      if (length !== 1) return false;
      withBits(b, tag, F.erp_info, [F['erp_info.erp_present'], F['erp_info.use_protection'], F['erp_info.barker_preamble_mode'], F['erp_info.reserved']], at, 1);
      return true;
    case 45: {
      if (length !== 26) return false;
      withBits(b, tag, F['ht.capabilities'], specs(HT_CAP), at, 2);
      const ampdu = b.u8(at + 2);
      withBits(b, tag, F['ht.ampduparam'], specs(AMPDU_F), at + 2, 1);
      const maxlength = tag.children.at(-1)?.children[0];
      if (maxlength) b.rewrite(maxlength, () => `${maxlength.showname} (${2 ** (13 + (ampdu & 3)) - 1}[Bytes])`);
      addMcsSet(b, tag, at + 3, false);
      withBits(b, tag, F['htex.capabilities'], specs(HTEX_F), at + 19, 2);
      withBits(b, tag, F.txbf, specs(TXBF_F), at + 21, 4);
      withBits(b, tag, F.asel, specs(ASEL_F), at + 25, 1);
      return true;
    }
    case 61: {
      if (length !== 22) return false;
      b.uint(tag, F['ht.info.primarychannel'], at);
      withBits(b, tag, F['ht.info.delim1'], specs(INFO, Object.keys(HT_INFO_1)), at + 1, 1);
      withBits(b, tag, F['ht.info.delim2'], specs(INFO, Object.keys(HT_INFO_2)), at + 2, 2);
      withBits(b, tag, F['ht.info.delim3'], specs(INFO, Object.keys(HT_INFO_3)), at + 4, 2);
      addMcsSet(b, tag, at + 6, true);
      return true;
    }
    case 191: {
      if (length !== 12) return false;
      withBits(b, tag, F['vht.capabilities'], specs(VHT_CAP), at, 4);
      for (const key of ['beamformee_sts_cap', 'soundingdimensions']) {
        const field = tag.children.at(-1)?.children.find((f) => f.name === VHT_CAP[key].name);
        if (field) b.rewrite(field, () => field.showname.replace(/: 0x([0-9a-f]+)$/, (_, hex: string) => `: ${SOUNDING(parseInt(hex, 16))}`));
      }
      const set = b.add(tag, F['vht.mcsset'], at + 4, 8, null);
      withBits(b, set, F['vht.mcsset.rxmcsmap'], specs(RX_MAP), at + 4, 2);
      addBitsOf(b, set, [VHT_RATES['vht.mcsset.rxhighestlonggirate'], VHT_RATES['vht.mcsset.max_nsts_total']], at + 6, 2, readLe(b, at + 6, 2));
      withBits(b, set, F['vht.mcsset.txmcsmap'], specs(TX_MAP), at + 8, 2);
      addBitsOf(b, set, [VHT_RATES['vht.mcsset.txhighestlonggirate'], VHT_RATES['vht.ncsset.ext_nss_bw_cap'], VHT_RATES['vht.ncsset.reserved']], at + 10, 2, readLe(b, at + 10, 2));
      return true;
    }
    case 192: {
      if (length !== 5) return false;
      const op = b.add(tag, OP.info, at, 3, null);
      b.uint(op, OP.channelwidth, at);
      b.uint(op, OP.channelcenter0, at + 1);
      b.uint(op, OP.channelcenter1, at + 2);
      withBits(b, tag, OP.basicmcsmap, specs(BASIC_MAP), at + 3, 2);
      return true;
    }
    default:
      return false;
  }
}
