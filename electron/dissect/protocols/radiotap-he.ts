// Radiotap's HE information (802.11ax, Wi-Fi 6): six 16-bit little-endian words. The first two say
// the PPDU format and which of the later fields the driver knows; a field it does not know is
// still shown, as tshark shows it, under an "unknown" name. https://www.radiotap.org/fields/HE.html

import type { Field } from '../field-model.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldEntry, type FieldSpec, type FieldTable } from '../field-spec.js';
import { le, maskedBits, readLe } from './little-endian.js';

const SPEC = 'radiotap.org HE';
const KNOWN = ['Known', 'Unknown'] as const;

/** A field of a data word: key, label, mask, value names (or none), and the data1/data2 bit saying it is known (0: always known). */
type Part = readonly [key: string, label: string, mask: number, values: Readonly<Record<number, string>> | undefined, known: readonly [word: 1 | 2, bit: number] | null];

const FORMATS: Readonly<Record<number, string>> = { 0: 'HE_SU', 1: 'HE_EXT_SU', 2: 'HE_MU', 3: 'HE_TRIG' };
const BANDWIDTHS: Readonly<Record<number, string>> = {
  0: '20', 1: '40', 2: '80', 3: '160/80+80', 4: '26-tone RU', 5: '52-tone RU', 6: '106-tone RU', 7: '242-tone RU', 8: '484-tone RU', 9: '996-tone RU', 10: '2x996-tone RU',
};

/** Data 1: the format and one "known" bit per later field. */
const DATA1_KNOWN: ReadonlyArray<readonly [string, string, number]> = [
  ['bss_color_known', 'BSS Color known', 0x0004], ['beam_change_known', 'Beam Change known', 0x0008], ['ul_dl_known', 'UL/DL known', 0x0010],
  ['data_mcs_known', 'data MCS known', 0x0020], ['data_dcm_known', 'data DCM known', 0x0040], ['coding_known', 'Coding known', 0x0080],
  ['ldpc_extra_symbol_segment_known', 'LDPC extra symbol segment known', 0x0100], ['stbc_known', 'STBC known', 0x0200],
  ['spatial_reuse_1_known', 'Spatial Reuse 1 known', 0x0400], ['spatial_reuse_2_known', 'Spatial Reuse 2 known', 0x0800],
  ['spatial_reuse_3_known', 'Spatial Reuse 3 known', 0x1000], ['spatial_reuse_4_known', 'Spatial Reuse 4 known', 0x2000],
  ['data_bw_ru_allocation_known', 'data BW/RU allocation known', 0x4000], ['doppler_known', 'Doppler known', 0x8000],
];

/** Data 2: more "known" bits, and the RU allocation offset. */
const DATA2_KNOWN: ReadonlyArray<readonly [string, string, number]> = [
  ['gi_known', 'GI known', 0x0002], ['num_ltf_symbols_known', 'LTF symbols known', 0x0004], ['pre_fec_padding_factor_known', 'Pre-FEC Padding Factor known', 0x0008],
  ['txbf_known', 'TxBF known', 0x0010], ['pe_disambiguity_known', 'PE Disambiguity known', 0x0020], ['txop_known', 'TXOP known', 0x0040],
  ['midamble_periodicity_known', 'midamble periodicity known', 0x0080],
];

const DATA3: readonly Part[] = [
  ['data_3.bss_color', 'BSS Color', 0x003f, undefined, [1, 0x0004]],
  ['data_3.beam_change', 'Beam Change', 0x0040, undefined, [1, 0x0008]],
  ['data_3.ul_dl', 'UL/DL', 0x0080, undefined, [1, 0x0010]],
  ['data_3.data_mcs', 'data MCS', 0x0f00, undefined, [1, 0x0020]],
  ['data_3.data_dcm', 'data DCM', 0x1000, undefined, [1, 0x0040]],
  ['data_3.coding', 'Coding', 0x2000, { 0: 'BCC', 1: 'LDPC' }, [1, 0x0080]],
  ['data_3.ldpc_extra_symbol_segment', 'LDPC extra symbol segment', 0x4000, undefined, [1, 0x0100]],
  ['data_3.stbc', 'STBC', 0x8000, undefined, [1, 0x0200]],
];

/** Data 4 by format: single-user formats, multi-user, trigger-based. */
const DATA4_SU: readonly Part[] = [
  ['data_4.spatial_reuse', 'Spatial Reuse', 0x000f, undefined, [1, 0x0400]],
  ['data_4.reserved_d4_fff0', 'Reserved', 0xfff0, undefined, null],
];
const DATA4_MU: readonly Part[] = [
  ['data_4.spatial_reuse', 'Spatial Reuse', 0x000f, undefined, [1, 0x0400]],
  ['data_4.sta_id_user', 'STA-ID of user data captured for', 0x7ff0, undefined, null],
  ['data_4.reserved_d4_b15', 'Reserved', 0x8000, undefined, null],
];
const DATA4_TRIG: readonly Part[] = [1, 2, 3, 4].map((n) => [`data_4.spatial_reuse_${n}`, `Spatial Reuse ${n}`, 0xf << (4 * (n - 1)), undefined, [1, 0x0200 << n]] as const);

const DATA5: readonly Part[] = [
  ['data_5.data_bw_ru_allocation', 'data Bandwidth/RU allocation', 0x000f, BANDWIDTHS, [1, 0x4000]],
  ['data_5.gi', 'GI', 0x0030, { 0: '0.8us', 1: '1.6us', 2: '3.2us', 3: 'reserved' }, [2, 0x0002]],
  // tshark shows the LTF symbol size under its "unknown" name whatever the known bits say.
  ['data_5.ltf_symbol_size_unknown', 'LTF symbol size unknown', 0x00c0, undefined, null],
  ['num_ltf_symbols', 'LTF symbols', 0x0700, { 0: '1x', 1: '2x', 2: '4x', 3: '6x', 4: '8x', 5: 'reserved', 6: 'reserved', 7: 'reserved' }, [2, 0x0004]],
  ['data_5.reserved_d5_b11', 'reserved', 0x0800, undefined, null],
  ['pre_fec_padding_factor', 'Pre-FEC Padding Factor', 0x3000, undefined, [2, 0x0008]],
  ['txbf', 'TxBF', 0x4000, undefined, [2, 0x0010]],
  ['pe_disambiguity', 'PE Disambiguity', 0x8000, undefined, [2, 0x0020]],
];

const DATA6: readonly Part[] = [
  ['data_6.nsts', 'NSTS', 0x000f, undefined, null],
  ['data_6.doppler_value', 'Doppler value', 0x0010, undefined, [1, 0x8000]],
  ['data_6.reserved_d6_00e0', 'Reserved', 0x00e0, undefined, null],
  ['data_6.txop_value', 'TXOP value', 0x7f00, undefined, [2, 0x0040]],
  ['data_6.midamble_periodicity', 'midamble periodicity', 0x8000, { 0: '10', 1: '20' }, [2, 0x0080]],
];

const nstsText = (v: number) => (v === 0 ? 'Unknown' : `${v} space-time stream${v === 1 ? '' : 's'}`);

/** Field entries for each part, known and (where it can be unknown) unknown. */
function partEntries(parts: readonly Part[]): Record<string, FieldEntry> {
  const entries: Record<string, FieldEntry> = {};
  for (const [key, label, mask, values, known] of parts) {
    const description = `The HE "${label}" field of the frame's PHY header.`;
    entries[key] = le(2, key === 'data_6.nsts'
      ? { label, type: 'uint16', base: 'hex', bits: 16, mask, format: (v) => `${nstsText(Number(v))} (0x${Number(v).toString(16)})`, description, rfc: SPEC }
      : { label, type: 'uint16', base: 'hex', bits: 16, mask, values, description, rfc: SPEC });
    if (known) entries[`${key}_unknown`] = le(2, { label: `${label} unknown`, type: 'uint16', base: 'hex', bits: 16, mask, description: `${description} The driver does not know it.`, rfc: SPEC });
  }
  return entries;
}

function knownEntries(bits: ReadonlyArray<readonly [string, string, number]>, word: string): Record<string, FieldEntry> {
  return Object.fromEntries(bits.map(([key, label, mask]) => [`${word}.${key}`, le(2, { label, type: 'boolean', bits: 16, mask, tfs: KNOWN, description: `Whether the driver knows the field "${label.replace(/ known$/, '')}".`, rfc: SPEC })]));
}

const F = defineFields('radiotap.he', {
  info: { name: 'radiotap.he', label: 'HE information', type: 'none', description: 'How an 802.11ax (HE, Wi-Fi 6) frame was sent: its format, MCS, bandwidth or resource unit, guard interval, spatial streams.', rfc: SPEC },
  data_1: { label: 'HE Data 1', type: 'uint16', base: 'hex', description: 'The PPDU format and which fields the driver knows.', rfc: SPEC },
  data_2: { label: 'HE Data 2', type: 'uint16', base: 'hex', description: 'More fields the driver knows, and the RU allocation offset.', rfc: SPEC },
  data_3: { label: 'HE Data 3', type: 'uint16', base: 'hex', description: 'BSS colour, beam change, uplink/downlink, MCS, DCM, coding, STBC.', rfc: SPEC },
  data_4: { label: 'HE Data 4', type: 'uint16', base: 'hex', description: 'Spatial reuse, or the station a multi-user frame was captured for.', rfc: SPEC },
  data_5: { label: 'HE Data 5', type: 'uint16', base: 'hex', description: 'Bandwidth or resource unit, guard interval, LTF symbols, padding, beamforming.', rfc: SPEC },
  data_6: { label: 'HE Data 6', type: 'uint16', base: 'hex', description: 'Spatial streams, Doppler, TXOP, midamble periodicity.', rfc: SPEC },
  'data_1.ppdu_format': le(2, { label: 'PPDU Format', type: 'uint16', base: 'hex', bits: 16, mask: 0x0003, values: FORMATS, description: 'Single user, extended-range single user, multi-user or trigger-based.', rfc: SPEC }),
  ...knownEntries(DATA1_KNOWN, 'data_1'),
  'data_2.pri_sec_80_mhz_known': le(2, { label: 'pri/sec 80 MHz known', type: 'boolean', bits: 16, mask: 0x0001, tfs: ['True', 'False'], description: 'Whether the driver knows which 80 MHz segment carried the frame.', rfc: SPEC }),
  ...knownEntries(DATA2_KNOWN, 'data_2'),
  'data_2.ru_allocation_offset': le(2, { label: 'RU allocation offset', type: 'uint16', base: 'hex', bits: 16, mask: 0x3f00, description: 'Where the resource unit lies in the channel.', rfc: SPEC }),
  'data_2.ru_allocation_offseti_known': le(2, { label: 'RU allocation offset known', type: 'boolean', bits: 16, mask: 0x4000, tfs: KNOWN, description: 'Whether the driver knows the RU allocation offset.', rfc: SPEC }),
  'data_2.pri_sec_80_mhz': le(2, { label: 'pri/sec 80 MHz', type: 'boolean', bits: 16, mask: 0x8000, tfs: ['secondary', 'primary'], description: 'Which 80 MHz segment carried the frame.', rfc: SPEC }),
  ...partEntries([...DATA3, ...DATA4_SU, ...DATA4_MU, ...DATA4_TRIG, ...DATA5, ...DATA6]),
}) as FieldTable<string>;

export const HE_FIELDS = F;

const WORDS = [F.data_1, F.data_2, F.data_3, F.data_4, F.data_5, F.data_6];
const DATA2_ORDER = ['data_2.pri_sec_80_mhz_known', ...DATA2_KNOWN.map(([k]) => `data_2.${k}`), 'data_2.ru_allocation_offset', 'data_2.ru_allocation_offseti_known', 'data_2.pri_sec_80_mhz'];
/** The longest line tshark writes (ITEM_LABEL_LENGTH, 240 with its terminating zero): longer ones are cut there. */
const MAX_LINE = 239;

/** Adds a word's parts, each under its known or unknown name; returns the " , Name: value" texts of known named ones. */
function addParts(b: LayerBuilder, word: Field, parts: readonly Part[], at: number, v: number, known1: number, known2: number): string {
  let summary = '';
  for (const [key, label, , values, known] of parts) {
    const isKnown = known === null || ((known[0] === 1 ? known1 : known2) & known[1]) !== 0;
    const spec: FieldSpec = isKnown ? F[key] : F[`${key}_unknown`];
    const value = maskedBits(spec, v);
    b.add(word, spec, at, 2, value);
    if (isKnown && key === 'data_6.nsts') summary += `, NSTS: ${nstsText(value)}`;
    else if (isKnown && values && known !== null) summary += `, ${label}: ${values[value] ?? 'Unknown'}`;
  }
  return summary;
}

/** The 12 bytes of HE information at `at` (all captured). */
export function addHe(b: LayerBuilder, at: number): void {
  const he = b.add(null, F.info, at, 12, null);
  const words = [0, 1, 2, 3, 4, 5].map((i) => readLe(b, at + 2 * i, 2));
  const fields = WORDS.map((spec, i) => b.add(he, spec, at + 2 * i, 2, words[i]));
  const [d1, d2] = words;
  const format = d1 & 3;
  // Data 1 and 2: the format, then each known bit, named in the line when set.
  b.add(fields[0], F['data_1.ppdu_format'], at, 2, format);
  let line1 = `, PPDU Format: ${FORMATS[format]}`;
  for (const [key, label, mask] of DATA1_KNOWN) {
    b.add(fields[0], F[`data_1.${key}`], at, 2, d1 & mask ? 1 : 0);
    if (d1 & mask) line1 += `, ${label}`;
  }
  let line2 = '';
  for (const key of DATA2_ORDER) {
    const spec = F[key];
    const value = maskedBits(spec, d2);
    b.add(fields[1], spec, at + 2, 2, value);
    if (spec.type === 'boolean' && value) line2 += `, ${spec.label}`;
  }
  const data4 = format === 2 ? DATA4_MU : format === 3 ? DATA4_TRIG : DATA4_SU;
  const lines = [
    line1,
    line2,
    addParts(b, fields[2], DATA3, at + 4, words[2], d1, d2),
    addParts(b, fields[3], data4, at + 6, words[3], d1, d2),
    addParts(b, fields[4], DATA5, at + 8, words[4], d1, d2),
    addParts(b, fields[5], DATA6, at + 10, words[5], d1, d2),
  ];
  for (let i = 0; i < 6; i++) {
    const field = fields[i];
    if (lines[i] !== '') b.rewrite(field, () => `${field.showname}${lines[i]}`.slice(0, MAX_LINE));
  }
}
