// Radiotap (link type 127): what the receiving radio knew about a Wi-Fi frame, written by the
// capturing driver before the 802.11 frame: when it arrived, at what rate, on which channel, how
// strong the signal and the noise were. None of it was sent on the air: it describes the physical
// layer. A header length, then 32-bit "present" words (bit n set: field n follows; bit 31: another
// word follows; bits 29/30: the next word starts the radiotap or a vendor's namespace), then the
// fields in bit order, each aligned to its natural size from the header's start. Little-endian.
// https://www.radiotap.org/

import type { Field } from '../field-model.js';
import type { ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldEntry, type FieldSpec, type FieldTable } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { colonHex } from '../display-format.js';
import { addBitsOf, le, leUint, readLe, readLe64Text } from './little-endian.js';
import { markCut } from './ieee80211-common.js';
import { HE_FIELDS, addHe } from './radiotap-he.js';

const SPEC = 'radiotap.org';
const PRESENT_ABSENT = ['Present', 'Absent'] as const;
const TRUE_FALSE = ['True', 'False'] as const;

/** The present bits of the radiotap namespace as tshark lists them: key, label, bit. */
const PRESENT_BITS: ReadonlyArray<readonly [string, string, number]> = [
  ['tsft', 'TSFT', 0], ['flags', 'Flags', 1], ['rate', 'Rate', 2], ['channel', 'Channel', 3], ['fhss', 'FHSS', 4],
  ['dbm_antsignal', 'dBm Antenna Signal', 5], ['dbm_antnoise', 'dBm Antenna Noise', 6], ['lock_quality', 'Lock Quality', 7],
  ['tx_attenuation', 'TX Attenuation', 8], ['db_tx_attenuation', 'dB TX Attenuation', 9], ['dbm_tx_power', 'dBm TX Power', 10],
  ['antenna', 'Antenna', 11], ['db_antsignal', 'dB Antenna Signal', 12], ['db_antnoise', 'dB Antenna Noise', 13],
  ['rxflags', 'RX flags', 14], ['txflags', 'TX flags', 15], ['data_retries', 'data retries', 17], ['xchannel', 'Channel+', 18],
  ['mcs', 'MCS information', 19], ['ampdu', 'A-MPDU Status', 20], ['vht', 'VHT information', 21], ['timestamp', 'frame timestamp', 22],
  ['he', 'HE information', 23], ['he_mu', 'HE-MU information', 24], ['0_length.psdu', '0 Length PSDU', 26], ['l_sig', 'L-SIG', 27],
  ['tlv', 'TLVs', 28],
];

/** The bits every present word has: which namespace the next word is in, and whether there is one. */
const NAMESPACE_BITS: ReadonlyArray<readonly [string, string, number, readonly [string, string]]> = [
  ['rtap_ns', 'Radiotap NS next', 29, TRUE_FALSE],
  ['vendor_ns', 'Vendor NS next', 30, TRUE_FALSE],
  ['ext', 'Ext', 31, PRESENT_ABSENT],
];

function presentEntries(): Record<string, FieldEntry> {
  const entries: Record<string, FieldEntry> = {};
  for (const [key, label, bit] of PRESENT_BITS) {
    entries[key] = le(4, { label, type: 'boolean', bits: 32, mask: 2 ** bit, tfs: PRESENT_ABSENT, description: `Set when the header carries the "${label}" field (present bit ${bit}).`, rfc: SPEC });
  }
  for (const [key, label, bit, tfs] of NAMESPACE_BITS) {
    entries[key] = le(4, { label, type: 'boolean', bits: 32, mask: 2 ** bit, tfs, description: bit === 31 ? 'Set when another present word follows this one.' : `Set when the next present word starts the ${bit === 29 ? 'radiotap' : 'vendor'} namespace.`, rfc: SPEC });
  }
  return entries;
}

const PRESENT = defineFields('radiotap.present', presentEntries()) as FieldTable<string>;

/** Channel numbers of the 2.4 GHz ("BG") and 5 GHz ("A") bands, as tshark writes them. */
function channelText(mhz: number): string {
  if (mhz === 2484) return `${mhz} [BG 14]`;
  if (mhz >= 2412 && mhz < 2484) return `${mhz} [BG ${(mhz - 2407) / 5}]`;
  if (mhz >= 5000 && mhz < 5950) return `${mhz} [A ${(mhz - 5000) / 5}]`;
  return String(mhz);
}

const dbm = (v: number | string) => `${v} dBm`;

const CHANNEL_FLAGS: ReadonlyArray<readonly [string, string, number]> = [
  ['700mhz', '700 MHz spectrum', 0x0001], ['800mhz', '800 MHz spectrum', 0x0002], ['900mhz', '900 MHz spectrum', 0x0004],
  ['turbo', 'Turbo', 0x0010], ['cck', 'Complementary Code Keying (CCK)', 0x0020], ['ofdm', 'Orthogonal Frequency-Division Multiplexing (OFDM)', 0x0040],
  ['2ghz', '2 GHz spectrum', 0x0080], ['5ghz', '5 GHz spectrum', 0x0100], ['passive', 'Passive', 0x0200],
  ['dynamic', 'Dynamic CCK-OFDM', 0x0400], ['gfsk', 'Gaussian Frequency Shift Keying (GFSK)', 0x0800], ['gsm', 'GSM (900MHz)', 0x1000],
  ['sturbo', 'Static Turbo', 0x2000], ['half', 'Half Rate Channel (10MHz Channel Width)', 0x4000], ['quarter', 'Quarter Rate Channel (5MHz Channel Width)', 0x8000],
];

function channelFlagEntries(): Record<string, FieldEntry> {
  const entries: Record<string, FieldEntry> = {};
  for (const [key, label, mask] of CHANNEL_FLAGS) entries[key] = le(2, { label, type: 'boolean', bits: 16, mask, tfs: TRUE_FALSE, description: `True when the channel is marked "${label}".`, rfc: SPEC });
  return entries;
}

const CHANNEL = defineFields('radiotap.channel.flags', channelFlagEntries()) as FieldTable<string>;

/** The extended channel's flags: the same bits (but passive, named apart) in 24 bits, and the HT widths. */
const XCHANNEL_FLAGS: ReadonlyArray<readonly [string, string, number]> = [
  ...CHANNEL_FLAGS.filter(([key]) => key !== 'passive' && !key.endsWith('mhz')),
  ['ht20', 'HT Channel (20MHz Channel Width)', 0x10000],
  ['ht40u', 'HT Channel (40MHz Channel Width with Extension channel above)', 0x20000],
  ['ht40d', 'HT Channel (40MHz Channel Width with Extension channel below)', 0x40000],
];

const XCHANNEL = defineFields('radiotap.xchannel.flags', Object.fromEntries(XCHANNEL_FLAGS.map(([key, label, mask]) => [key, le(4, {
  label, type: 'boolean', bits: 24, mask, tfs: TRUE_FALSE, description: `True when the channel is marked "${label}".`, rfc: SPEC,
})])) as Record<string, FieldEntry>) as FieldTable<string>;

const VHT_MODULATION: Readonly<Record<number, string>> = {
  0: 'BPSK 1/2', 1: 'QPSK 1/2', 2: 'QPSK 3/4', 3: '16-QAM 1/2', 4: '16-QAM 3/4', 5: '64-QAM 2/3', 6: '64-QAM 3/4', 7: '64-QAM 5/6', 8: '256-QAM 3/4', 9: '256-QAM 5/6',
};

const VHT_BANDWIDTH: Readonly<Record<number, string>> = {
  0: '20 MHz', 1: '40 MHz', 2: '40 MHz, 20 MHz lower', 3: '40 MHz, 20 MHz upper', 4: '80 MHz', 5: '80 MHz, 40 MHz lower', 6: '80 MHz, 40 MHz upper',
  7: '80 MHz, 20 MHz sideband 0', 8: '80 MHz, 20 MHz sideband 1', 9: '80 MHz, 20 MHz sideband 2', 10: '80 MHz, 20 MHz sideband 3', 11: '160 MHz',
};

const F = defineFields('radiotap', {
  version: { label: 'Header revision', type: 'uint8', description: 'The radiotap format\'s version: always 0 so far.', rfc: SPEC },
  pad: { label: 'Header pad', type: 'uint8', description: 'An unused byte that keeps the length field aligned.', rfc: SPEC },
  length: { label: 'Header length', type: 'uint16', description: 'Bytes of the whole radiotap header, present words and fields; the 802.11 frame starts right after.', rfc: SPEC },
  present: { label: 'Present flags', type: 'none', description: 'Which fields the header carries, one bit per field, in one or more 32-bit words.', rfc: SPEC },
  'present.word': { label: 'Present flags word', type: 'uint32', base: 'hex', description: 'One 32-bit word of present bits.', rfc: SPEC },
  mactime: { label: 'MAC timestamp', type: 'uint64', description: 'The radio\'s clock (microseconds, TSF timer) when the frame\'s first bit arrived.', rfc: SPEC },
  flags: { label: 'Flags', type: 'uint8', base: 'hex', description: 'Facts about how the frame was sent and received: preamble, encryption, whether the frame check sequence is still at its end.', rfc: SPEC },
  'flags.cfp': { label: 'CFP', type: 'boolean', bits: 8, mask: 0x01, tfs: TRUE_FALSE, description: 'Sent during the contention-free period, when the access point polls stations in turn.', rfc: SPEC },
  'flags.preamble': { label: 'Preamble', type: 'boolean', bits: 8, mask: 0x02, tfs: ['Short', 'Long'], description: 'Whether the short or long physical preamble was used before the frame.', rfc: SPEC },
  'flags.wep': { label: 'WEP', type: 'boolean', bits: 8, mask: 0x04, tfs: TRUE_FALSE, description: 'Sent encrypted (WEP or later).', rfc: SPEC },
  'flags.frag': { label: 'Fragmentation', type: 'boolean', bits: 8, mask: 0x08, tfs: TRUE_FALSE, description: 'Sent as one of several fragments.', rfc: SPEC },
  'flags.fcs': { label: 'FCS at end', type: 'boolean', bits: 8, mask: 0x10, tfs: TRUE_FALSE, description: 'The 802.11 frame still ends with its 4-byte frame check sequence (CRC-32).', rfc: SPEC },
  'flags.datapad': { label: 'Data Pad', type: 'boolean', bits: 8, mask: 0x20, tfs: TRUE_FALSE, description: 'Padding lies between the 802.11 header and its payload, to align the payload to 32 bits.', rfc: SPEC },
  'flags.badfcs': { label: 'Bad FCS', type: 'boolean', bits: 8, mask: 0x40, tfs: TRUE_FALSE, description: 'The receiving radio found the frame check sequence wrong: the frame was corrupted on the air.', rfc: SPEC },
  'flags.shortgi': { label: 'Short GI', type: 'boolean', bits: 8, mask: 0x80, tfs: TRUE_FALSE, description: 'Sent with the short guard interval between symbols (HT).', rfc: SPEC },
  datarate: { label: 'Data Rate', type: 'double', format: (v) => `${Number(v).toFixed(1)} Mb/s`, description: 'The legacy bit rate the frame was received at, in megabits per second.', rfc: SPEC },
  'channel.freq': { label: 'Channel frequency', type: 'uint16', format: (v) => channelText(Number(v)), description: 'The centre frequency the frame was received on, in MHz, with its channel number in brackets.', rfc: SPEC },
  'channel.flags': { label: 'Channel flags', type: 'uint16', base: 'hex', description: 'The channel\'s band and modulation (2 GHz or 5 GHz; CCK, OFDM).', rfc: SPEC },
  dbm_antsignal: { label: 'Antenna signal', type: 'int8', format: dbm, description: 'How strong the signal was at the antenna, in dBm (-30 is very strong, -90 barely usable).', rfc: SPEC },
  dbm_antnoise: { label: 'Antenna noise', type: 'int8', format: dbm, description: 'How strong the background noise was at the antenna, in dBm; the signal must be well above it.', rfc: SPEC },
  antenna: { label: 'Antenna', type: 'uint8', description: 'Which of the radio\'s antennas received the frame.', rfc: SPEC },
  rxflags: { label: 'RX flags', type: 'uint16', base: 'hex', description: 'Facts about the reception.', rfc: SPEC },
  'rxflags.badplcp': le(2, { label: 'Bad PLCP', type: 'boolean', bits: 24, mask: 0x0002, tfs: TRUE_FALSE, description: 'The physical-layer header failed its check.', rfc: SPEC }),
  'fhss.hopset': { label: 'FHSS Hop Set', type: 'uint8', description: 'Frequency hopping (the original 802.11 radio): the hop set.', rfc: SPEC },
  'fhss.pattern': { label: 'FHSS Pattern', type: 'uint8', description: 'Frequency hopping: the hop pattern.', rfc: SPEC },
  quality: { label: 'Signal Quality', type: 'uint16', description: 'The quality of the Barker code lock (802.11b), a figure only the driver can interpret.', rfc: SPEC },
  txattenuation: { label: 'TX attenuation', type: 'uint16', description: 'How far below its maximum power the radio transmitted (a driver-specific unit).', rfc: SPEC },
  db_txattenuation: { label: 'dB TX attenuation', type: 'uint16', format: (v) => `${v} dB`, description: 'How far below its maximum power the radio transmitted, in dB.', rfc: SPEC },
  txpower: { label: 'Transmit power', type: 'int8', format: dbm, description: 'The power the frame was transmitted with, in dBm.', rfc: SPEC },
  db_antsignal: { label: 'dB antenna signal', type: 'uint8', format: (v) => `${v} dB`, description: 'How strong the signal was, in dB above an arbitrary reference.', rfc: SPEC },
  db_antnoise: { label: 'dB antenna noise', type: 'uint8', format: (v) => `${v} dB`, description: 'How strong the noise was, in dB above an arbitrary reference.', rfc: SPEC },
  txflags: { label: 'TX flags', type: 'uint16', base: 'hex', description: 'Facts about a transmitted frame.', rfc: SPEC },
  'txflags.fail': le(2, { name: 'radiotap.rxflags.fail', label: 'Fail', type: 'boolean', bits: 24, mask: 0x0001, tfs: TRUE_FALSE, description: 'The transmission failed (no acknowledgement).', rfc: SPEC }),
  'txflags.cts': le(2, { name: 'radiotap.rxflags.cts', label: 'CTS', type: 'boolean', bits: 24, mask: 0x0002, tfs: TRUE_FALSE, description: 'Sent after a CTS-to-self protection frame.', rfc: SPEC }),
  'txflags.rts': le(2, { name: 'radiotap.rxflags.rts', label: 'RTS/CTS', type: 'boolean', bits: 24, mask: 0x0004, tfs: TRUE_FALSE, description: 'Sent after an RTS/CTS exchange.', rfc: SPEC }),
  'txflags.noack': le(2, { name: 'radiotap.rxflags.noack', label: 'No ACK', type: 'boolean', bits: 24, mask: 0x0008, tfs: TRUE_FALSE, description: 'No acknowledgement was expected.', rfc: SPEC }),
  'txflags.noseqno': le(2, { name: 'radiotap.rxflags.noseqno', label: 'Has Seqnum', type: 'boolean', bits: 24, mask: 0x0010, tfs: TRUE_FALSE, description: 'The driver did not change the sequence number.', rfc: SPEC }),
  'txflags.order': le(2, { name: 'radiotap.rxflags.order', label: 'Order', type: 'boolean', bits: 24, mask: 0x0020, tfs: TRUE_FALSE, description: 'The frame was not reordered against others.', rfc: SPEC }),
  data_retries: { label: 'data retries', type: 'uint8', description: 'How many times the frame was sent again.', rfc: SPEC },
  'xchannel.flags': { label: 'Channel flags', type: 'uint32', base: 'hex', description: 'The extended channel flags: band, modulation and HT channel width.', rfc: SPEC },
  'xchannel.passive': le(4, { name: 'radiotap.channel.xtype.passive', label: 'Passive', type: 'boolean', bits: 24, mask: 0x000200, tfs: TRUE_FALSE, description: 'The channel allows passive scanning only.', rfc: SPEC }),
  'xchannel.freq': { label: 'Channel frequency', type: 'uint16', description: 'The centre frequency, in MHz.', rfc: SPEC },
  'xchannel.channel': { label: 'Channel number', type: 'uint8', description: 'The channel number.', rfc: SPEC },
  timestamp: { label: 'timestamp information', type: 'none', description: 'When the frame was received, by a clock of the driver\'s choosing.', rfc: SPEC },
  'timestamp.ts': { label: 'timestamp', type: 'uint64', description: 'The time, in the unit given next.', rfc: SPEC },
  'timestamp.unit': { label: 'time unit', type: 'uint8', bits: 8, mask: 0x0f, values: { 0: 'msec', 1: 'usec', 2: 'nsec' }, description: 'The timestamp\'s unit.', rfc: SPEC },
  'timestamp.samplingpos': { label: 'sampling position', type: 'uint8', bits: 8, mask: 0xf0, values: { 0: 'first bit of MPDU', 1: 'signal acquisition', 2: 'start of PPDU', 3: 'end of MPDU', 15: 'unknown' }, description: 'Which moment of the reception the timestamp marks.', rfc: SPEC },
  'timestamp.flags.32bit': { label: '32-bit counter', type: 'boolean', bits: 8, mask: 0x01, tfs: ['Yes', 'No'], description: 'Only the lower 32 bits of the timestamp are valid.', rfc: SPEC },
  'timestamp.flags.accuracy': { label: 'accuracy field', type: 'boolean', bits: 8, mask: 0x02, tfs: PRESENT_ABSENT, description: 'The accuracy field holds a value.', rfc: SPEC },
  mcs: { label: 'MCS information', type: 'none', description: 'How an 802.11n (HT) frame was sent: its modulation and coding scheme, bandwidth and guard interval.', rfc: SPEC },
  'mcs.known': { label: 'Known MCS information', type: 'uint8', base: 'hex', description: 'Which of the MCS details the driver knows.', rfc: SPEC },
  'mcs.have_bw': { label: 'Bandwidth', type: 'boolean', bits: 8, mask: 0x01, tfs: PRESENT_ABSENT, description: 'The bandwidth is known.', rfc: SPEC },
  'mcs.have_index': { label: 'MCS index', type: 'boolean', bits: 8, mask: 0x02, tfs: PRESENT_ABSENT, description: 'The MCS index is known.', rfc: SPEC },
  'mcs.have_gi': { label: 'Guard interval', type: 'boolean', bits: 8, mask: 0x04, tfs: PRESENT_ABSENT, description: 'The guard interval is known.', rfc: SPEC },
  'mcs.have_format': { label: 'Format', type: 'boolean', bits: 8, mask: 0x08, tfs: PRESENT_ABSENT, description: 'The HT format (mixed or greenfield) is known.', rfc: SPEC },
  'mcs.have_fec': { label: 'FEC type', type: 'boolean', bits: 8, mask: 0x10, tfs: PRESENT_ABSENT, description: 'The error-correcting code (BCC or LDPC) is known.', rfc: SPEC },
  'mcs.have_stbc': { label: 'STBC streams', type: 'boolean', bits: 8, mask: 0x20, tfs: PRESENT_ABSENT, description: 'The number of space-time block coding streams is known.', rfc: SPEC },
  'mcs.have_ness': { label: 'Number of extension spatial streams', type: 'boolean', bits: 8, mask: 0x40, tfs: PRESENT_ABSENT, description: 'The number of extension spatial streams is known.', rfc: SPEC },
  'mcs.bw': { label: 'Bandwidth', type: 'uint8', bits: 8, mask: 0x03, values: { 0: '20 MHz', 1: '40 MHz', 2: '20 MHz lower', 3: '20 MHz upper' }, description: 'How wide a channel the frame used.', rfc: SPEC },
  'mcs.gi': { label: 'Guard interval', type: 'uint8', bits: 8, mask: 0x04, values: { 0: 'long', 1: 'short' }, description: 'The pause between symbols: short (400 ns) gives more speed, long (800 ns) more robustness.', rfc: SPEC },
  'mcs.format': { label: 'Format', type: 'uint8', bits: 8, mask: 0x08, values: { 0: 'mixed', 1: 'greenfield' }, description: 'Whether the preamble also suits older (non-HT) stations.', rfc: SPEC },
  'mcs.fec': { label: 'FEC type', type: 'uint8', bits: 8, mask: 0x10, values: { 0: 'BCC', 1: 'LDPC' }, description: 'Which error-correcting code protects the bits.', rfc: SPEC },
  'mcs.index': { label: 'MCS index', type: 'uint8', description: 'The modulation and coding scheme (0-31 for HT): with the bandwidth and guard interval, it gives the bit rate.', rfc: SPEC },
  ampdu: { label: 'A-MPDU status', type: 'none', description: 'The frame arrived as one of several aggregated into one transmission (A-MPDU).', rfc: SPEC },
  'ampdu.reference': { label: 'A-MPDU reference number', type: 'uint32', description: 'The same number on every frame of one aggregate.', rfc: SPEC },
  'ampdu.flags': { label: 'A-MPDU flags', type: 'uint16', base: 'hex', description: 'Facts about this frame\'s place in the aggregate.', rfc: SPEC },
  'ampdu.flags.report_zerolen': le(2, { label: 'Driver reports 0-length subframes in this A-MPDU', type: 'boolean', bits: 16, mask: 0x0001, tfs: TRUE_FALSE, description: 'The driver reports empty subframes too.', rfc: SPEC }),
  'ampdu.flags.is_zerolen': le(2, { label: 'This is a 0-length subframe', type: 'boolean', bits: 16, mask: 0x0002, tfs: TRUE_FALSE, description: 'This subframe is empty.', rfc: SPEC }),
  'ampdu.flags.lastknown': le(2, { label: 'Last subframe of this A-MPDU is known', type: 'boolean', bits: 16, mask: 0x0004, tfs: TRUE_FALSE, description: 'The driver knows which subframe is the last.', rfc: SPEC }),
  'ampdu.flags.last': le(2, { label: 'This is the last subframe of this A-MPDU', type: 'boolean', bits: 16, mask: 0x0008, tfs: TRUE_FALSE, description: 'This is the aggregate\'s last subframe.', rfc: SPEC }),
  'ampdu.flags.delim_crc_error': le(2, { label: 'Delimiter CRC error on this subframe', type: 'boolean', bits: 16, mask: 0x0010, tfs: TRUE_FALSE, description: 'The subframe\'s delimiter failed its check.', rfc: SPEC }),
  'ampdu.flags.eof': le(2, { label: 'EOF on this subframe', type: 'boolean', bits: 16, mask: 0x0040, tfs: TRUE_FALSE, description: 'The subframe\'s end-of-frame bit is set.', rfc: SPEC }),
  'ampdu.flags.eof_known': le(2, { label: 'EOF of this A-MPDU is known', type: 'boolean', bits: 16, mask: 0x0080, tfs: TRUE_FALSE, description: 'The end-of-frame bit is known.', rfc: SPEC }),
  vht: { label: 'VHT information', type: 'none', description: 'How an 802.11ac (VHT) frame was sent: bandwidth, guard interval, and each user\'s modulation and spatial streams.', rfc: SPEC },
  'vht.known': { label: 'Known VHT information', type: 'uint16', base: 'hex', show: (v) => `0x${(Number(v) & 0xff).toString(16).padStart(2, '0')}`, description: 'Which of the VHT details the driver knows.', rfc: SPEC },
  'vht.have_stbc': le(2, { label: 'STBC', type: 'boolean', bits: 16, mask: 0x0001, tfs: PRESENT_ABSENT, description: 'Whether space-time block coding is known.', rfc: SPEC }),
  'vht.have_txop_ps': le(2, { label: 'TXOP_PS_NOT_ALLOWED', type: 'boolean', bits: 16, mask: 0x0002, tfs: PRESENT_ABSENT, description: 'Whether the TXOP power-save bit is known.', rfc: SPEC }),
  'vht.have_gi': le(2, { label: 'Guard interval', type: 'boolean', bits: 16, mask: 0x0004, tfs: PRESENT_ABSENT, description: 'Whether the guard interval is known.', rfc: SPEC }),
  'vht.have_sgi_nsym_da': le(2, { label: 'SGI Nsym disambiguation', type: 'boolean', bits: 16, mask: 0x0008, tfs: PRESENT_ABSENT, description: 'Whether the short-GI symbol count bit is known.', rfc: SPEC }),
  'vht.ldpc_extra': le(2, { label: 'LDPC extra OFDM symbol', type: 'boolean', bits: 16, mask: 0x0010, tfs: PRESENT_ABSENT, description: 'Whether the LDPC extra symbol bit is known.', rfc: SPEC }),
  'vht.have_beamformed': le(2, { label: 'Beamformed', type: 'boolean', bits: 16, mask: 0x0020, tfs: PRESENT_ABSENT, description: 'Whether beamforming is known.', rfc: SPEC }),
  'vht.have_bw': le(2, { name: 'radiotap.mcs.have_bw', label: 'Bandwidth', type: 'boolean', bits: 16, mask: 0x0040, tfs: PRESENT_ABSENT, description: 'Whether the bandwidth is known.', rfc: SPEC }),
  'vht.have_gid': le(2, { name: 'radiotap.mcs.have_gid', label: 'Group ID', type: 'boolean', bits: 16, mask: 0x0080, tfs: PRESENT_ABSENT, description: 'Whether the group ID is known.', rfc: SPEC }),
  'vht.have_paid': le(2, { name: 'radiotap.mcs.have_paid', label: 'Partial AID', type: 'boolean', bits: 16, mask: 0x0100, tfs: PRESENT_ABSENT, description: 'Whether the partial association ID is known.', rfc: SPEC }),
  'vht.gi': { label: 'Guard interval', type: 'uint8', bits: 8, mask: 0x04, values: { 0: 'long', 1: 'short' }, description: 'The pause between symbols: short (400 ns) or long (800 ns).', rfc: SPEC },
  'vht.bw': { label: 'Bandwidth', type: 'uint8', values: VHT_BANDWIDTH, description: 'How wide a channel the frame used.', rfc: SPEC },
  'vht.user': { label: 'User', type: 'none', description: 'One receiver\'s modulation, spatial streams and coding (up to four users share a multi-user frame).', rfc: SPEC },
  undecoded: { label: 'Undecoded header bytes', type: 'bytes', description: 'Header bytes after the fields the present flags announce, or after one whose size Layerscope does not know.', rfc: SPEC },
  align_pad: { label: 'Alignment padding', type: 'bytes', description: 'Unused bytes before a field, so that it starts at a multiple of its own size from the header\'s start (tshark does not show them).', rfc: SPEC },
  vendor_namespace: { label: 'Vendor namespace', type: 'bytes', description: 'Fields in a vendor\'s own format, which any reader can skip by their length.', rfc: SPEC },
  vendor_oui: { label: 'Vendor OUI', type: 'uint24', format: (v) => colonHex(Uint8Array.of((Number(v) >>> 16) & 0xff, (Number(v) >>> 8) & 0xff, Number(v) & 0xff)), description: 'The vendor\'s organisationally unique identifier.', rfc: SPEC },
  vendor_subns: { label: 'Vendor sub namespace', type: 'uint8', description: 'Which of the vendor\'s namespaces the data is in.', rfc: SPEC },
  vendor_data_len: { label: 'Vendor data length', type: 'uint16', description: 'Bytes of vendor data to skip.', rfc: SPEC },
  vendor_data: { label: 'Vendor data', type: 'none', description: 'The vendor\'s data, which Layerscope does not decode.', rfc: SPEC },
});

/** Per-user VHT fields: tshark names them by the user's number. */
function vhtUserFields(user: number) {
  return defineFields('radiotap.vht', {
    [`mcs.${user}`]: { label: `MCS index ${user}`, type: 'uint8', bits: 8, mask: 0xf0, format: (v: number | string) => `${v}${VHT_MODULATION[Number(v)] ? ` (${VHT_MODULATION[Number(v)]})` : ''}`, description: 'This user\'s modulation and coding scheme (0-9).', rfc: SPEC },
    [`nss.${user}`]: { label: `Spatial streams ${user}`, type: 'uint8', bits: 8, mask: 0x0f, description: 'How many spatial streams (antennas sending at once) carry this user\'s data.', rfc: SPEC },
    [`coding.${user}`]: { label: `Coding ${user}`, type: 'uint8', bits: 8, mask: 1 << user, values: { 0: 'BCC', 1: 'LDPC' }, description: 'Which error-correcting code protects this user\'s data.', rfc: SPEC },
  } as Record<string, FieldEntry>) as FieldTable<string>;
}

const VHT_USERS = [0, 1, 2, 3].map(vhtUserFields);

const P = defineProblems('radiotap', {
  length_short: ['error', 'Radiotap header length {length} at offset {offset} is less than the 8 bytes of its own fixed part'],
  length_past_end: ['error', 'Radiotap header length {length} at offset {offset} is more than the {available} bytes captured'],
  unknown_field: ['warning', 'Present bit {bit} names a radiotap field Layerscope does not know the size of: the fields after it cannot be located'],
});

const N = defineMessages('radiotap.narrative', {
  radio: 'Radiotap: what the capturing radio measured when it received the frame (OSI layer 1, the physical layer); none of it was sent on the air',
  rate: 'received at {rate} Mb/s',
  channel: 'on {frequency} MHz',
  signal: 'signal {signal} dBm',
  noise: 'noise {noise} dBm',
  fcs: 'the 802.11 frame still ends with its frame check sequence',
});

/** Alignment and size of each radiotap field by present bit (0: unknown, parsing stops). */
const ALIGN = [8, 1, 1, 2, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 4, 1, 4, 2, 8, 2, 2, 0, 1, 2];
const SIZE = [8, 1, 1, 4, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 8, 3, 8, 12, 12, 12, 12, 0, 1, 4];
const FCS_AT_END = 0x10;
const DATA_PAD = 0x20;
/** Present words read at most: real headers have a handful; a crafted one could loop on. */
const MAX_WORDS = 64;
const FIXED = 8;

const MCS_KNOWN = [F['mcs.have_bw'], F['mcs.have_index'], F['mcs.have_gi'], F['mcs.have_format'], F['mcs.have_fec'], F['mcs.have_stbc'], F['mcs.have_ness']];
const MCS_KNOWN_NAMES = ['Bandwidth', 'MCS index', 'Guard interval', 'Format', 'FEC type', 'STBC streams', 'Ness'];
const AMPDU_FLAGS = [F['ampdu.flags.report_zerolen'], F['ampdu.flags.is_zerolen'], F['ampdu.flags.lastknown'], F['ampdu.flags.last'], F['ampdu.flags.delim_crc_error'], F['ampdu.flags.eof'], F['ampdu.flags.eof_known']];
const VHT_KNOWN = [F['vht.have_stbc'], F['vht.have_txop_ps'], F['vht.have_gi'], F['vht.have_sgi_nsym_da'], F['vht.ldpc_extra'], F['vht.have_beamformed'], F['vht.have_bw'], F['vht.have_gid'], F['vht.have_paid']];
const TX_FLAGS = [F['txflags.fail'], F['txflags.cts'], F['txflags.rts'], F['txflags.noack'], F['txflags.noseqno'], F['txflags.order']];
const FLAG_BITS = [F['flags.cfp'], F['flags.preamble'], F['flags.wep'], F['flags.frag'], F['flags.fcs'], F['flags.datapad'], F['flags.badfcs'], F['flags.shortgi']];
const CHANNEL_FLAG_SPECS = CHANNEL_FLAGS.map(([key]) => CHANNEL[key]);
const XCHANNEL_SPECS = [...XCHANNEL_FLAGS.map(([key]) => XCHANNEL[key]), F['xchannel.passive']];
const PRESENT_SPECS = PRESENT_BITS.map(([key]) => PRESENT[key]);
const NAMESPACE_SPECS = NAMESPACE_BITS.map(([key]) => PRESENT[key]);

/** Adds a little-endian number with its bit fields below it. */
function withBits(b: LayerBuilder, spec: FieldSpec, bits: readonly FieldSpec[], offset: number, length: number): Field | undefined {
  const v = leUint(b, null, spec, offset, length);
  if (v < 0) return undefined;
  const field = b.last;
  addBitsOf(b, field, bits, offset, length, v);
  return field;
}

/** Adds the field of present bit `bit` at `offset` (already aligned; its bytes inside the header). */
function addField(b: LayerBuilder, bit: number, offset: number): void {
  switch (bit) {
    case 0:
      b.addLazy(null, F.mactime, offset, 8, () => readLe64Text(b, offset));
      return;
    case 1:
      withBits(b, F.flags, FLAG_BITS, offset, 1);
      return;
    case 2:
      b.add(null, F.datarate, offset, 1, b.u8(offset) / 2);
      return;
    case 3: {
      leUint(b, null, F['channel.freq'], offset, 2);
      const flags = withBits(b, F['channel.flags'], CHANNEL_FLAG_SPECS, offset + 2, 2);
      if (flags && b.detail) b.annotate(flags, channelFlagNames(readLe(b, offset + 2, 2)));
      return;
    }
    case 5:
      leUint(b, null, F.dbm_antsignal, offset, 1);
      return;
    case 6:
      leUint(b, null, F.dbm_antnoise, offset, 1);
      return;
    case 11:
      leUint(b, null, F.antenna, offset, 1);
      return;
    case 14:
      withBits(b, F.rxflags, [F['rxflags.badplcp']], offset, 2);
      return;
    case 19:
      addMcs(b, offset);
      return;
    case 20: {
      const ampdu = b.add(null, F.ampdu, offset, 8, null);
      leUint(b, ampdu, F['ampdu.reference'], offset, 4);
      const flags = leUint(b, ampdu, F['ampdu.flags'], offset + 4, 2);
      addBitsOf(b, b.last, AMPDU_FLAGS, offset + 4, 2, flags);
      return;
    }
    case 21:
      addVht(b, offset);
      return;
    case 23:
      addHe(b, offset);
      return;
    case 4:
      b.uint(null, F['fhss.hopset'], offset);
      b.uint(null, F['fhss.pattern'], offset + 1);
      return;
    case 7:
      leUint(b, null, F.quality, offset, 2);
      return;
    case 8:
      leUint(b, null, F.txattenuation, offset, 2);
      return;
    case 9:
      leUint(b, null, F.db_txattenuation, offset, 2);
      return;
    case 10:
      leUint(b, null, F.txpower, offset, 1);
      return;
    case 12:
      b.uint(null, F.db_antsignal, offset);
      return;
    case 13:
      b.uint(null, F.db_antnoise, offset);
      return;
    case 15: {
      const flags = withBits(b, F.txflags, TX_FLAGS, offset, 2);
      if (flags && b.detail) {
        const v = readLe(b, offset, 2);
        let names = '';
        for (let i = 0; i < TX_FLAGS.length; i++) if (v & (1 << i)) names += `, ${TX_FLAGS[i].label}`;
        b.annotate(flags, names);
      }
      return;
    }
    case 17:
      b.uint(null, F.data_retries, offset);
      return;
    case 18: {
      b.uint(null, F['xchannel.channel'], offset + 6);
      leUint(b, null, F['xchannel.freq'], offset + 4, 2);
      const flags = withBits(b, F['xchannel.flags'], XCHANNEL_SPECS, offset, 4);
      if (flags && b.detail) b.annotate(flags, channelFlagNames(readLe(b, offset, 4)));
      // The maximum power byte is not shown by tshark.
      b.hex(null, F.undecoded, offset + 7, 1);
      return;
    }
    case 22: {
      const ts = b.add(null, F.timestamp, offset, 12, null);
      b.addLazy(ts, F['timestamp.ts'], offset, 8, () => readLe64Text(b, offset));
      const flags = b.u8(offset + 11);
      // The accuracy (2 bytes) is shown only when its flag says it holds a value.
      if (flags & 0x02) b.hex(ts, F.undecoded, offset + 8, 2);
      else b.hex(ts, F.align_pad, offset + 8, 2);
      b.add(ts, F['timestamp.unit'], offset + 10, 1, b.u8(offset + 10) & 0x0f);
      b.add(ts, F['timestamp.samplingpos'], offset + 10, 1, b.u8(offset + 10) >> 4);
      b.add(ts, F['timestamp.flags.32bit'], offset + 11, 1, flags & 1);
      b.add(ts, F['timestamp.flags.accuracy'], offset + 11, 1, (flags >> 1) & 1);
      return;
    }
    default:
      // A field of known size Layerscope does not decode (HE, L-SIG...): its bytes, so the ones after it can be.
      b.hex(null, F.undecoded, offset, SIZE[bit]);
  }
}

/** ", Complementary Code Keying (CCK), 2 GHz spectrum": the names of the channel flags set. */
function channelFlagNames(v: number): string {
  let names = '';
  for (const [, label, mask] of CHANNEL_FLAGS) if (v & mask) names += `, ${label}`;
  return names;
}

function addMcs(b: LayerBuilder, offset: number): void {
  const mcs = b.add(null, F.mcs, offset, 3, null);
  const known = leUint(b, mcs, F['mcs.known'], offset, 1);
  const knownField = b.last;
  addBitsOf(b, knownField, MCS_KNOWN, offset, 1, known);
  if (b.detail) {
    let names = '';
    for (let i = 0; i < MCS_KNOWN_NAMES.length; i++) if (known & (1 << i)) names += `, ${MCS_KNOWN_NAMES[i]}`;
    b.annotate(knownField, names);
  }
  const flags = b.u8(offset + 1);
  if (known & 0x01) b.add(mcs, F['mcs.bw'], offset + 1, 1, flags & 0x03);
  if (known & 0x04) b.add(mcs, F['mcs.gi'], offset + 1, 1, (flags >> 2) & 1);
  if (known & 0x08) b.add(mcs, F['mcs.format'], offset + 1, 1, (flags >> 3) & 1);
  if (known & 0x10) b.add(mcs, F['mcs.fec'], offset + 1, 1, (flags >> 4) & 1);
  if (known & 0x02) b.add(mcs, F['mcs.index'], offset + 2, 1, b.u8(offset + 2));
  // The bit rate these give, as tshark computes it (HT MCS 0-31: streams × the one-stream rate).
  const index = b.u8(offset + 2);
  if ((known & 0x03) === 0x03 && index < 32 && (flags & 0x03) <= 1) {
    const rates = HT_RATES[(flags & 0x03) * 2 + ((flags >> 2) & 1)];
    b.add(null, F.datarate, offset, 3, Math.round(rates[index % 8] * (Math.floor(index / 8) + 1) * 10) / 10);
  }
}

/** One spatial stream's HT rate in Mb/s for MCS 0-7: 20 MHz long and short guard interval, then 40 MHz. */
const HT_RATES: readonly (readonly number[])[] = [
  [6.5, 13, 19.5, 26, 39, 52, 58.5, 65],
  [7.2, 14.4, 21.7, 28.9, 43.3, 57.8, 65, 72.2],
  [13.5, 27, 40.5, 54, 81, 108, 121.5, 135],
  [15, 30, 45, 60, 90, 120, 135, 150],
];

function addVht(b: LayerBuilder, offset: number): void {
  const vht = b.add(null, F.vht, offset, 12, null);
  const known = readLe(b, offset, 2);
  // tshark's line gives the two bytes the other way round (its `show` is their second byte).
  const knownField = b.add(vht, F['vht.known'], offset, 2, b.u16(offset));
  addBitsOf(b, knownField, VHT_KNOWN, offset, 2, known);
  const flags = b.u8(offset + 2);
  if (known & 0x0004) b.add(vht, F['vht.gi'], offset + 2, 1, (flags >> 2) & 1);
  if (known & 0x0040) b.add(vht, F['vht.bw'], offset + 3, 1, b.u8(offset + 3) & 0x1f);
  const coding = b.u8(offset + 8);
  for (let user = 0; user < 4; user++) {
    const mcsNss = b.u8(offset + 4 + user);
    if ((mcsNss & 0x0f) === 0) continue;
    const U = VHT_USERS[user];
    const entry = b.add(vht, F['vht.user'], offset + 4 + user, 5 - user, null);
    if (b.detail) b.rewrite(entry, () => `User ${user}: MCS ${mcsNss >> 4}`);
    b.add(entry, U[`mcs.${user}`], offset + 4 + user, 1, mcsNss >> 4);
    b.add(entry, U[`nss.${user}`], offset + 4 + user, 1, mcsNss & 0x0f);
    b.add(entry, U[`coding.${user}`], offset + 8, 1, (coding >> user) & 1);
  }
}

/**
 * Offset `offset` moved up to the next multiple of `align` from the header's start `at`; the bytes
 * skipped are shown as padding, so that every byte of the header belongs to a field.
 */
function pad(b: LayerBuilder, at: number, offset: number, align: number, headerEnd: number): number {
  const aligned = offset + ((align - ((offset - at) % align)) % align);
  const end = Math.min(aligned, headerEnd);
  if (end > offset) b.hex(null, F.align_pad, offset, end - offset);
  return aligned;
}

export const radiotap: ProtocolModule = {
  place: { protocol: 'radiotap', osi: 1, tcpip: 'link' },
  name: 'Radiotap',
  // By filter name: several tables use the same keys (flags, channel, mcs).
  fields: Object.fromEntries([F, PRESENT, CHANNEL, XCHANNEL, HE_FIELDS, ...VHT_USERS].flatMap((table) => Object.values<FieldSpec>(table)).map((spec) => [spec.name, spec])),
  registrations: [{ table: 'link', keys: [127] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Radiotap Header';
    ctx.columns.protocol = 'WLAN';
    const version = b.uint(null, F.version, at);
    if (version < 0 || b.uint(null, F.pad, at + 1) < 0) return undefined;
    const length = leUint(b, null, F.length, at + 2, 2);
    if (length < 0) return undefined;
    const lengthField = b.last;
    if (b.detail) b.title = `Radiotap Header v${version}, Length ${length}`;
    ctx.columns.info.clear().text('Radiotap Capture v').uint(version).text(', Length ').uint(length);
    if (length < FIXED) {
      b.problem(P.length_short, at + 2, { length, offset: at + 2 }, lengthField);
      return undefined;
    }
    const headerEnd = at + length;
    if (headerEnd > Math.min(end, b.captured)) {
      // Cut by the snap length: the header's fields are what is missing.
      if (b.truncated && headerEnd <= b.frame.reportedLength) {
        b.missing(F.present, at + 4, length - 4, lengthField);
        return markCut(b, ctx);
      }
      b.problem(P.length_past_end, at + 2, { length, offset: at + 2, available: Math.min(end, b.captured) - at }, lengthField);
      return markCut(b, ctx);
    }
    // The present words: the first namespace is radiotap's; bit 29 or 30 says which comes next.
    const present = b.add(null, F.present, at + 4, 4, null);
    let offset = at + 4;
    let first = -1;
    const vendorWords: boolean[] = [];
    let vendorNext = false;
    for (let n = 0; n < MAX_WORDS && offset + 4 <= headerEnd; n++) {
      const word = readLe(b, offset, 4);
      const wordField = b.add(present, F['present.word'], offset, 4, word);
      addBitsOf(b, wordField, n === 0 ? PRESENT_SPECS : [], offset, 4, word);
      addBitsOf(b, wordField, NAMESPACE_SPECS, offset, 4, word);
      if (n === 0) first = word;
      vendorWords.push(vendorNext);
      offset += 4;
      if ((word & 0x80000000) === 0) break;
      if (word & 0x20000000) vendorNext = false;
      else if (word & 0x40000000) vendorNext = true;
    }
    if (b.detail) present.length = offset - (at + 4);
    // The radiotap namespace's fields in bit order, then each vendor namespace's data to skip.
    let flags = 0;
    for (let bit = 0; bit < 29 && first >= 0; bit++) {
      if ((first & (2 ** bit)) === 0) continue;
      const size = SIZE[bit] ?? 0;
      if (size === 0) {
        b.problem(P.unknown_field, offset, { bit });
        if (offset < headerEnd) b.hex(null, F.undecoded, offset, headerEnd - offset);
        return b.next('radiotap.wlan', headerEnd, end, 0);
      }
      offset = pad(b, at, offset, ALIGN[bit], headerEnd);
      if (offset + size > headerEnd) break;
      if (bit === 1) flags = b.u8(offset);
      addField(b, bit, offset);
      offset += size;
    }
    for (let i = 1; i < vendorWords.length && offset < headerEnd; i++) {
      if (!vendorWords[i] || vendorWords[i - 1]) continue;
      offset = pad(b, at, offset, 2, headerEnd);
      if (offset + 6 > headerEnd) break;
      const skip = readLe(b, offset + 4, 2);
      const size = Math.min(6 + skip, headerEnd - offset);
      const ns = b.hexField(null, F.vendor_namespace, offset, size);
      if (b.detail) b.rewrite(ns, () => `Vendor namespace: ${colonHex(b.bytes(offset, 3))}-${b.u8(offset + 3)}`);
      b.add(ns, F.vendor_oui, offset, 3, b.u24(offset));
      b.add(ns, F.vendor_subns, offset + 3, 1, b.u8(offset + 3));
      leUint(b, ns, F.vendor_data_len, offset + 4, 2);
      b.add(ns, F.vendor_data, offset + 6, size - 6, null);
      offset += size;
    }
    if (offset < headerEnd) b.hex(null, F.undecoded, offset, headerEnd - offset);
    if (b.end < headerEnd) b.end = headerEnd;
    // The key tells 802.11 whether its check sequence is at the end (1) and its header padded (2).
    return b.next('radiotap.wlan', headerEnd, end, (flags & FCS_AT_END ? 1 : 0) | (flags & DATA_PAD ? 2 : 0));
  },
  narrative(r) {
    const parts: Message[] = [{ id: N.radio.id }];
    const rate = r.number(F.datarate);
    if (rate !== undefined) parts.push({ id: N.rate.id, params: { rate } });
    const frequency = r.number(F['channel.freq']);
    if (frequency !== undefined) parts.push({ id: N.channel.id, params: { frequency } });
    const signal = r.number(F.dbm_antsignal);
    if (signal !== undefined) parts.push({ id: N.signal.id, params: { signal } });
    const noise = r.number(F.dbm_antnoise);
    if (noise !== undefined) parts.push({ id: N.noise.id, params: { noise } });
    if (r.isSet(F['flags.fcs'])) parts.push({ id: N.fcs.id });
    return parts;
  },
};

