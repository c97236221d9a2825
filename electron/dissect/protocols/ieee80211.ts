// IEEE 802.11 (Wi-Fi) MAC header (link type 105, or after a radiotap header): frame control (type,
// subtype, flags), duration, up to four addresses whose roles (receiver, transmitter, destination,
// source, BSSID) depend on the frame's direction to or from the distribution system, sequence
// control, QoS control; then a management body (ieee80211-management.ts), an LLC header for data,
// or encrypted bytes behind a CCMP header. Numbers are little-endian; addresses are not.
// IEEE Std 802.11-2020 §9.2.

import type { DissectContext, ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import type { ColumnText } from '../column-text.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber, macAddress } from '../display-format.js';
import { CHECKSUM_STATUS } from './checksum-status.js';
import { addBitsOf, le, leUint, readLe } from './little-endian.js';
import { FRAME_TYPE_NAMES, frameKind, markCut } from './ieee80211-common.js';
import { SEQUENCE_CONTROL_FIELDS as M } from './ieee80211-management.js';
import { CONTROL_FIELDS as CF, addHtControl, addProtection } from './ieee80211-control-fields.js';

const STD = 'IEEE 802.11-2020 §9.2.4';

const F = defineFields('wlan', {
  'fc.type_subtype': { label: 'Type/Subtype', type: 'uint16', base: 'hex', values: FRAME_TYPE_NAMES, description: 'What kind of frame this is, type and subtype together (0x0008 beacon, 0x001d acknowledgement, 0x0028 QoS data).', rfc: STD },
  fc: { label: 'Frame Control Field', type: 'uint16', base: 'hex', description: 'The first two bytes of every 802.11 frame: protocol version, type, subtype and the flags.', rfc: STD },
  'fc.version': { label: 'Version', type: 'uint8', mask: 0x03, description: 'The 802.11 protocol version: always 0.', rfc: STD },
  'fc.type': { label: 'Type', type: 'uint8', mask: 0x0c, values: { 0: 'Management frame', 1: 'Control frame', 2: 'Data frame', 3: 'Extension' }, description: 'Management frames find and join networks, control frames help deliver the others, data frames carry the payload.', rfc: STD },
  'fc.subtype': { label: 'Subtype', type: 'uint8', mask: 0xf0, description: 'Which frame of its type this is (a beacon is management subtype 8).', rfc: STD },
  flags: { label: 'Flags', type: 'uint8', base: 'hex', description: 'The frame control flags: direction, fragmentation, retry, power management, more data, protection, order.', rfc: STD },
  'fc.ds': { label: 'DS status', type: 'uint8', base: 'hex', mask: 0x03, values: {
    0: 'Not leaving DS or network is operating in AD-HOC mode (To DS: 0 From DS: 0)',
    1: 'Frame from STA to DS via an AP (To DS: 1 From DS: 0)',
    2: 'Frame from DS to a STA via AP(To DS: 0 From DS: 1)',
    3: 'WDS (AP to AP) or Mesh (MP to MP) Frame (To DS: 1 From DS: 1)',
  }, description: 'The frame\'s direction: to the distribution system (the wired network behind the access point), from it, both (between access points) or neither.', rfc: STD },
  'fc.tods': { label: 'To DS', type: 'boolean', bits: 8, mask: 0x01, tfs: ['Frame is entering DS', 'Frame is not entering DS'], description: 'Set when a station sends the frame to the access point, on its way into the distribution system.', rfc: STD },
  'fc.fromds': { label: 'From DS', type: 'boolean', bits: 8, mask: 0x02, tfs: ['Frame is exiting DS', 'Frame is not exiting DS'], description: 'Set when the access point sends the frame out of the distribution system to a station.', rfc: STD },
  'fc.frag': { label: 'More Fragments', type: 'boolean', bits: 8, mask: 0x04, tfs: ['More fragments follow', 'This is the last fragment'], description: 'Set when more fragments of the same frame follow.', rfc: STD },
  'fc.retry': { label: 'Retry', type: 'boolean', bits: 8, mask: 0x08, tfs: ['Frame is being retransmitted', 'Frame is not being retransmitted'], description: 'Set when this is a repeat of a frame whose acknowledgement never came.', rfc: STD },
  'fc.pwrmgt': { label: 'PWR MGT', type: 'boolean', bits: 8, mask: 0x10, tfs: ['STA will go to sleep', 'STA will stay up'], description: 'Set when the station goes to power-save mode after this frame: the access point buffers frames for it.', rfc: STD },
  'fc.moredata': { label: 'More Data', type: 'boolean', bits: 8, mask: 0x20, tfs: ['Data is buffered for STA at AP', 'No data buffered'], description: 'Set when the access point holds more frames for a sleeping station.', rfc: STD },
  'fc.protected': { label: 'Protected flag', type: 'boolean', bits: 8, mask: 0x40, tfs: ['Data is protected', 'Data is not protected'], description: 'Set when the frame body is encrypted (WEP, TKIP or CCMP).', rfc: STD },
  'fc.order': { label: '+HTC/Order flag', type: 'boolean', bits: 8, mask: 0x80, tfs: ['Strictly ordered', 'Not strictly ordered'], description: 'In QoS frames: an HT control field follows the QoS control.', rfc: STD },
  duration: le(2, { label: 'Duration', type: 'uint16', bits: 16, mask: 0x7fff, format: (v) => `${v} microseconds`, description: 'How long the medium stays reserved after this frame, in microseconds: other stations stay quiet that long (the NAV).', rfc: STD }),
  ra: { label: 'Receiver address', type: 'ether', description: 'The radio that receives this frame over the air and acknowledges it.', rfc: STD },
  ta: { label: 'Transmitter address', type: 'ether', description: 'The radio that sent this frame over the air.', rfc: STD },
  da: { label: 'Destination address', type: 'ether', description: 'The final destination of the payload, which may be beyond the access point.', rfc: STD },
  sa: { label: 'Source address', type: 'ether', description: 'Where the payload comes from, which may be beyond the access point.', rfc: STD },
  bssid: { label: 'BSS Id', type: 'ether', description: 'The network (basic service set) the frame belongs to: normally the access point\'s own address.', rfc: STD },
  staa: { label: 'STA address', type: 'ether', description: 'The station (the client, not the access point) the frame is from or for.', rfc: STD },
  addr: { label: 'Hardware address', type: 'ether', description: 'Any address of the frame: the filter wlan.addr matches each of them.', rfc: STD },
  frag: le(2, { label: 'Fragment number', type: 'uint16', bits: 16, mask: 0x000f, description: 'Which fragment of the frame this is, from 0.', rfc: STD }),
  seq: le(2, { label: 'Sequence number', type: 'uint16', bits: 16, mask: 0xfff0, description: 'The frame\'s number (0-4095, per sender): a receiver drops repeats of the same number.', rfc: STD }),
  qos: { label: 'Qos Control', type: 'uint16', base: 'hex', description: 'Quality of service: the traffic class (TID) and how the frame is acknowledged.', rfc: 'IEEE 802.11-2020 §9.2.4.5' },
  'qos.tid': le(2, { label: 'TID', type: 'uint16', bits: 16, mask: 0x000f, description: 'The traffic identifier: 0-7 are the user priorities of 802.1D.', rfc: 'IEEE 802.11-2020 §9.2.4.5.2' }),
  'qos.priority': le(2, { label: 'Priority', type: 'uint16', bits: 16, mask: 0x0007, values: { 0: 'Best Effort (Best Effort)', 1: 'Background (Background)', 2: 'Spare (Background)', 3: 'Excellent Effort (Best Effort)', 4: 'Controlled Load (Video)', 5: 'Video (Video)', 6: 'Voice (Voice)', 7: 'Network Control (Voice)' }, description: 'The user priority and, in brackets, the access category that gives it its share of air time.', rfc: 'IEEE 802.11-2020 §10.2.3' }),
  'qos.bit4': le(2, { label: 'QoS bit 4', type: 'boolean', bits: 16, mask: 0x0010, tfs: ['Bits 8-15 of QoS Control field are Queue Size', 'Bits 8-15 of QoS Control field are TXOP Duration Requested'], description: 'Says what the upper byte of the QoS control means.', rfc: 'IEEE 802.11-2020 §9.2.4.5' }),
  'qos.eosp': le(2, { label: 'EOSP', type: 'boolean', bits: 16, mask: 0x0010, tfs: ['End of service period', 'Service period'], description: 'From the access point: set on the last frame it delivers to a station waking from power save.', rfc: 'IEEE 802.11-2020 §9.2.4.5.3' }),
  'qos.ps_buf_state': le(2, { label: 'QAP PS Buffer State', type: 'uint16', base: 'hex', bits: 16, mask: 0xff00, description: 'From the access point: how many frames it holds for stations in power save.', rfc: 'IEEE 802.11-2020 §9.2.4.5.8' }),
  'qos.buf_state_indicated': le(2, { label: 'Buffer State Indicated', type: 'boolean', bits: 16, mask: 0x0200, tfs: ['Yes', 'No'], description: 'Whether the buffer state is given.', rfc: 'IEEE 802.11-2020 §9.2.4.5.8' }),
  'qos.ack': le(2, { label: 'Ack Policy', type: 'uint16', base: 'hex', bits: 16, mask: 0x0060, values: { 0: 'Normal Ack', 1: 'No Ack', 2: 'No explicit acknowledgment', 3: 'Block Ack' }, description: 'Whether and how the receiver acknowledges the frame.', rfc: 'IEEE 802.11-2020 §9.2.4.5.4' }),
  'qos.amsdupresent': le(2, { label: 'Payload Type', type: 'boolean', bits: 16, mask: 0x0080, tfs: ['A-MSDU', 'MSDU'], description: 'Set when the body holds several packets aggregated (A-MSDU).', rfc: 'IEEE 802.11-2020 §9.2.4.5.9' }),
  'qos.txop_dur_req': le(2, { label: 'TXOP Duration Requested', type: 'uint16', bits: 16, mask: 0xff00, format: (v) => (Number(v) === 0 ? '0 (no TXOP requested)' : `${v} (${Number(v) * 32} usec)`), description: 'How much transmit time the station asks for next, in units of 32 microseconds.', rfc: 'IEEE 802.11-2020 §9.2.4.5.6' }),
  data_pad: { label: 'Data pad', type: 'bytes', description: 'Padding the capturing driver put after the header (radiotap\'s Data Pad flag), so that the body starts at a multiple of 4 bytes; it was not sent on the air.' },
  trailer: { label: 'Trailer', type: 'bytes', description: 'Bytes after the payload (as its own header gives its length) that no protocol claims.' },
  fcs: { label: 'Frame check sequence', type: 'uint32', base: 'hex', description: 'A CRC-32 over the whole 802.11 frame that the receiver checks to detect corruption on the air.', rfc: 'IEEE 802.11-2020 §9.2.4.8' },
  'fcs.status': { label: 'FCS Status', type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, description: 'Whether the frame check sequence matches the frame.' },
  'ba.control': { label: 'Block Ack Control', type: 'uint16', base: 'hex', description: 'What kind of block acknowledgement this is and for which traffic class.', rfc: 'IEEE 802.11-2020 §9.3.1.7' },
  'ba.control.ackpolicy': le(2, { label: 'BA Ack Policy', type: 'boolean', bits: 16, mask: 0x0001, tfs: ['Immediate Acknowledgement not required', 'Immediate Acknowledgement Required'], description: 'Whether this block ack itself must be acknowledged at once.', rfc: 'IEEE 802.11-2020 §9.3.1.7' }),
  'ba.control.ba_type': le(2, { label: 'BA Type', type: 'uint16', base: 'hex', bits: 16, mask: 0x001e, values: { 0: 'Basic BlockAck', 1: 'Extended Compressed BlockAck', 2: 'Compressed BlockAck', 3: 'Multi-TID BlockAck', 6: 'GCR BlockAck', 10: 'GLK-GCR BlockAck', 11: 'Multi-STA BlockAck' }, description: 'The variant of block acknowledgement (compressed: one bit per frame of a 64-frame window).', rfc: 'IEEE 802.11-2020 §9.3.1.7' }),
  'ba.control.reserved': le(2, { label: 'Reserved', type: 'uint16', base: 'hex', bits: 16, mask: 0x0fe0, description: 'Reserved bits.', rfc: 'IEEE 802.11-2020 §9.3.1.7' }),
  'ba.basic.tidinfo': le(2, { label: 'TID for which a Basic BlockAck frame is requested', type: 'uint16', base: 'hex', bits: 16, mask: 0xf000, description: 'The traffic class the block acknowledgement is about.', rfc: 'IEEE 802.11-2020 §9.3.1.7' }),
  'ba.bm': { label: 'Block Ack Bitmap', type: 'bytes', description: 'One bit per frame of the window, from the starting sequence number: 1 received, 0 missing.', rfc: 'IEEE 802.11-2020 §9.3.1.8' },
  'ba.bm.missing_frame': { label: 'Missing frame', type: 'uint32', description: 'The sequence number of a frame of the window that did not arrive.', rfc: 'IEEE 802.11-2020 §9.3.1.8' },
});

const P = defineProblems('wlan', {
  bad_fcs: ['error', 'Bad frame check sequence {fcs}: it should be {expected} (the frame was corrupted on the air)'],
});

const N = defineMessages('wlan.narrative', {
  frame: '802.11 {kind} from {ta} to {ra}',
  frame_to: '802.11 {kind} to {ra}',
  to_ds: 'a station sends it to its access point (To DS), for {da}',
  from_ds: 'the access point sends it out to a station (From DS), from {sa}',
  wds: 'between two access points (To DS and From DS), from {sa} for {da}',
  retry: 'a retransmission',
  protected: 'its body is encrypted',
  fcs: 'its frame check sequence is checked',
  rts: 'it asks the receiver to reserve the air for {duration} microseconds (request to send)',
  cts: 'it tells every station in range to keep quiet for {duration} microseconds: the air is reserved (clear to send)',
  ack: 'it acknowledges the frame just received; without it the sender would send that frame again',
  block_ack_request: 'it asks for one acknowledgement of a whole window of frames',
  block_ack: 'it acknowledges a window of frames at once, one bit of its bitmap per frame',
  null: 'it carries no data: a station tells the access point whether it goes to sleep (PWR MGT) or stays awake',
});

/** What some frames are for, by type/subtype. */
const ROLES: Readonly<Record<number, (typeof N)[keyof typeof N]>> = {
  0x1b: N.rts, 0x1c: N.cts, 0x1d: N.ack, 0x18: N.block_ack_request, 0x19: N.block_ack, 0x24: N.null, 0x2c: N.null,
};

/** Frame types (IEEE 802.11-2020 §9.2.4.1.3). */
const MANAGEMENT = 0;
const CONTROL = 1;
const DATA = 2;

const FC_FLAGS = [F['fc.tods'], F['fc.fromds'], F['fc.frag'], F['fc.retry'], F['fc.pwrmgt'], F['fc.moredata'], F['fc.protected'], F['fc.order']];
const QOS_BITS = [F['qos.tid'], F['qos.priority'], F['qos.bit4'], F['qos.ack']];
const QOS_BITS_AP = [F['qos.tid'], F['qos.priority'], F['qos.eosp'], F['qos.ack']];
const BA_CONTROL = [F['ba.control.ackpolicy'], F['ba.control.ba_type'], F['ba.control.reserved'], F['ba.basic.tidinfo']];
const SSC = [M.ssc_fragment, M.ssc_sequence];
/** The flags as tshark's info column spells them, from the highest bit: o p m P R F F T. */
const FLAG_LETTERS = 'opmPRFFT';

/** Address roles tshark shows for each address, by frame type and DS bits: [role, address number]. */
type Role = readonly [FieldSpec, number];
function addressRoles(type: number, ds: number, subtype: number): readonly Role[] {
  if (type === CONTROL) {
    // RTS, block ack and its request, PS-Poll, beamforming poll, NDP announcement name a transmitter.
    const withTa = subtype === 4 || subtype === 5 || subtype === 8 || subtype === 9 || subtype === 10 || subtype === 11 || subtype === 14 || subtype === 15;
    return withTa ? [[F.ra, 1], [F.ta, 2]] : [[F.ra, 1]];
  }
  if (type === MANAGEMENT) return [[F.ra, 1], [F.da, 1], [F.ta, 2], [F.sa, 2], [F.bssid, 3]];
  switch (ds) {
    case 1: return [[F.ra, 1], [F.ta, 2], [F.da, 3], [F.sa, 2], [F.bssid, 1], [F.staa, 2]];
    case 2: return [[F.ra, 1], [F.ta, 2], [F.da, 1], [F.sa, 3], [F.bssid, 2], [F.staa, 1]];
    case 3: return [[F.ra, 1], [F.ta, 2], [F.da, 3], [F.sa, 4]];
    default: return [[F.ra, 1], [F.ta, 2], [F.da, 1], [F.sa, 2], [F.bssid, 3]];
  }
}

/** Offset of address `n` (1-4) in the header starting at `at` (address 4 follows sequence control). */
function addressAt(at: number, n: number): number {
  return n === 4 ? at + 24 : at + 4 + 6 * (n - 1);
}

/** How many addresses the frame's header has. */
function addressCount(type: number, ds: number, subtype: number): number {
  if (type === CONTROL) return addressRoles(type, ds, subtype).length;
  return type === DATA && ds === 3 ? 4 : 3;
}

/**
 * "Flags=.p.....T" as in tshark's info column and title; a frame with its check sequence gets a
 * ninth place, "C" when the sequence is right and "." when it is not (`fcs`: '', 'C' or '.').
 */
function flagText(col: ColumnText, flags: number, fcs: string): void {
  for (let i = 0; i < 8; i++) col.char(flags & (0x80 >> i) ? FLAG_LETTERS.charCodeAt(i) : 0x2e);
  if (fcs !== '') col.text(fcs);
}

function flagString(flags: number, fcs: string): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += flags & (0x80 >> i) ? FLAG_LETTERS[i] : '.';
  return s + fcs;
}

/** CRC-32 (IEEE 802.3 polynomial, reflected) of `bytes`. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const FCS_LENGTH = 4;

/** Sets the source and destination columns as tshark does: SA and DA, or for control frames TA and RA marked so. */
function setColumns(ctx: DissectContext, b: LayerBuilder, type: number, roles: readonly Role[]): void {
  const src = ctx.columns.source.clear();
  const dst = ctx.columns.destination.clear();
  const bytes = b.frame.bytes;
  const at = b.start;
  const address = (spec: FieldSpec) => roles.find(([s, n]) => s === spec && b.has(addressAt(at, n), 6));
  const ra = address(F.ra);
  const ta = address(F.ta);
  if (type === CONTROL) {
    if (ta) src.text(macAddress(bytes, addressAt(at, ta[1]))).text(' (TA)');
    if (ra) dst.text(macAddress(bytes, addressAt(at, ra[1]))).text(' (RA)');
    return;
  }
  const sa = address(F.sa);
  const da = address(F.da);
  if (sa) src.text(macAddress(bytes, addressAt(at, sa[1])));
  if (da) dst.text(macAddress(bytes, addressAt(at, da[1])));
}

/** The block ack (request) body of a control frame: control, starting sequence, bitmap. */
function addBlockAck(b: LayerBuilder, offset: number, end: number, response: boolean): number {
  const control = leUint(b, null, F['ba.control'], offset, 2);
  if (control < 0) return offset;
  addBitsOf(b, b.last, BA_CONTROL, offset, 2, control);
  const ssc = leUint(b, null, M.ssc, offset + 2, 2);
  if (ssc < 0) return offset + 2;
  addBitsOf(b, b.last, SSC, offset + 2, 2, ssc);
  if (!response) return offset + 4;
  // A compressed block ack's bitmap: 8 bytes, one bit per sequence number from the start.
  const bitmapLength = Math.min(8, Math.max(0, Math.min(end, b.captured) - (offset + 4)));
  if (bitmapLength < 8 && b.truncated) b.missing(F['ba.bm'], offset + 4, 8);
  if (bitmapLength === 0) return offset + 4;
  const bitmap = b.hexField(null, F['ba.bm'], offset + 4, bitmapLength);
  const start = ssc >> 4;
  for (let i = 0; i < bitmapLength; i++) {
    const byte = b.u8(offset + 4 + i);
    for (let bit = 0; bit < 8; bit++) {
      if (byte & (1 << bit)) continue;
      b.add(bitmap, F['ba.bm.missing_frame'], offset + 4 + i, 1, (start + i * 8 + bit) & 0x0fff);
    }
  }
  return offset + 4 + bitmapLength;
}

/** Adds the frame check sequence at `fcsAt`, checked against the CRC-32 of the frame before it. */
function addFcs(b: LayerBuilder, fcsAt: number): void {
  const fcs = readLe(b, fcsAt, 4);
  const fcsField = b.add(null, F.fcs, fcsAt, 4, fcs);
  const expected = crc32(b.bytes(b.start, fcsAt - b.start));
  if (expected === fcs) {
    b.annotate(fcsField, ' [correct]');
    b.add(null, F['fcs.status'], fcsAt, 0, 1);
  } else {
    b.annotate(fcsField, ` incorrect, should be ${hexNumber(expected, 8)}`);
    b.problem(P.bad_fcs, fcsAt, { fcs: hexNumber(fcs, 8), expected: hexNumber(expected, 8) }, fcsField);
    b.add(null, F['fcs.status'], fcsAt, 0, 0);
  }
}

/**
 * 802.11 as radiotap announces it: `withFcs`, the frame still ends with its check sequence;
 * `dataPad`, padding follows the header. Radiotap dispatches with these as key bits 0 and 1.
 */
function wlanModule(withFcs: boolean, dataPad: boolean): ProtocolModule {
  const key = (withFcs ? 1 : 0) | (dataPad ? 2 : 0);
  return {
    place: { protocol: 'wlan', osi: 2, tcpip: 'link' },
    name: 'IEEE 802.11',
    // A Block Ack request's control carries the starting sequence control, declared with the management frames'.
    fields: { ...F, ...CF, ssc: M.ssc, ssc_fragment: M.ssc_fragment, ssc_sequence: M.ssc_sequence },
    registrations: key === 0 ? [{ table: 'link', keys: [105] }, { table: 'radiotap.wlan', keys: [0] }] : [{ table: 'radiotap.wlan', keys: [key] }],
    dissect(b, ctx, end) {
      const at = b.start;
      ctx.columns.protocol = '802.11';
      b.title = 'IEEE 802.11';
      // With its frame check sequence, the frame's body ends 4 bytes before the capture does.
      // The check sequence is the last 4 bytes on the wire, whether or not the snap length kept them.
      const wireFcs = b.frame.reportedLength - FCS_LENGTH;
      const frameEnd = withFcs && end === b.captured && wireFcs >= at ? Math.min(end, wireFcs) : end;
      const fcsPresent = withFcs && frameEnd === wireFcs && wireFcs + FCS_LENGTH === end;
      // tshark's flags say whether the frame check sequence is right.
      const fcsGood = !fcsPresent ? '' : crc32(b.bytes(at, frameEnd - at)) === readLe(b, frameEnd, 4) ? 'C' : '.';
      if (!b.need(F.fc, at, 1)) return markCut(b, ctx);
      const fc0 = b.u8(at);
      const type = (fc0 >> 2) & 3;
      const subtype = fc0 >> 4;
      const typeSubtype = (type << 4) | subtype;
      const kind = FRAME_TYPE_NAMES[typeSubtype] ?? `Unrecognized (Reserved frame) (${hexNumber(typeSubtype, 4)})`;
      b.add(null, F['fc.type_subtype'], at, 1, typeSubtype);
      if (b.detail) b.title = `IEEE 802.11 ${kind}`;
      const info = ctx.columns.info.clear().text(kind);
      const fc = b.uint(null, F.fc, at);
      if (fc < 0) return markCut(b, ctx);
      const fcField = b.last;
      b.add(fcField, F['fc.version'], at, 1, fc0 & 3);
      b.add(fcField, F['fc.type'], at, 1, type);
      b.add(fcField, F['fc.subtype'], at, 1, subtype);
      const flags = b.u8(at + 1);
      const flagsField = b.add(fcField, F.flags, at + 1, 1, flags);
      const ds = flags & 3;
      b.add(flagsField, F['fc.ds'], at + 1, 1, ds);
      addBitsOf(b, flagsField, FC_FLAGS, at + 1, 1, flags);
      if (b.detail) b.title = `IEEE 802.11 ${kind}, Flags: ${flagString(flags, fcsGood)}`;
      const roles = addressRoles(type, ds, subtype);
      setColumns(ctx, b, type, roles);
      if (!b.need(F.duration, at + 2, 2)) return markCut(b, ctx);
      b.add(null, F.duration, at + 2, 2, readLe(b, at + 2, 2) & 0x7fff);
      // The addresses, each by its role(s); address 4 comes after sequence control.
      const count = addressCount(type, ds, subtype);
      let seen = 0;
      for (const [spec, n] of roles) {
        if (n === 4) continue;
        const offset = addressAt(at, n);
        if (!b.address(null, spec, offset)) return markCut(b, ctx);
        // wlan.addr matches each address once, under the first role it has.
        if ((seen & (1 << n)) === 0) b.address(b.last, F.addr, offset);
        seen |= 1 << n;
      }
      if (type === CONTROL) {
        info.text(', Flags=');
        flagText(info, flags, fcsGood);
        let offset = at + 4 + 6 * count;
        if (subtype === 8 || subtype === 9) offset = addBlockAck(b, offset, frameEnd, subtype === 9);
        if (b.end < offset) b.end = Math.min(offset, b.captured);
        return b.next('wlan.control', offset, frameEnd);
      }
      if (!b.need(F.frag, at + 22, 2)) return markCut(b, ctx);
      const sc = readLe(b, at + 22, 2);
      b.add(null, F.frag, at + 22, 2, sc & 0x000f);
      b.add(null, F.seq, at + 22, 2, sc >> 4);
      let offset = at + 24;
      if (count === 4) {
        const sa = roles.find(([, n]) => n === 4)!;
        if (!b.address(null, sa[0], offset)) return markCut(b, ctx);
        b.address(b.last, F.addr, offset);
        offset += 6;
      }
      info.text(', SN=').uint(sc >> 4).text(', FN=').uint(sc & 0x0f).text(', Flags=');
      flagText(info, flags, fcsGood);
      // QoS data subtypes (8-15) carry a QoS control field.
      if (type === DATA && subtype & 0x08) {
        const qos = leUint(b, null, F.qos, offset, 2);
        if (qos < 0) return markCut(b, ctx);
        const qosField = b.last;
        // From the access point, bit 4 ends a power-save service period and the upper byte is its buffer state.
        const fromAp = ds === 2;
        addBitsOf(b, qosField, fromAp ? QOS_BITS_AP : QOS_BITS, offset, 2, qos);
        // A null frame carries no payload, so no aggregate.
        if ((subtype & 0x04) === 0) b.add(qosField, F['qos.amsdupresent'], offset, 2, (qos >> 7) & 1);
        if (fromAp) {
          const state = b.add(qosField, F['qos.ps_buf_state'], offset, 2, qos >> 8);
          b.add(state, F['qos.buf_state_indicated'], offset, 2, (qos >> 9) & 1);
        } else b.add(qosField, F['qos.txop_dur_req'], offset, 2, qos >> 8);
        offset += 2;
      }
      // +HTC: QoS data and management frames with the order flag carry an HT Control field.
      if (flags & 0x80 && (type === MANAGEMENT || (type === DATA && subtype & 0x08))) {
        if (!b.need(CF.htc, offset, 4)) return markCut(b, ctx);
        addHtControl(b, offset);
        offset += 4;
      }
      // Radiotap's Data Pad flag: the driver padded the header to a multiple of 4 bytes.
      if (dataPad && (offset - at) % 4 !== 0) {
        const pad = Math.min(4 - ((offset - at) % 4), Math.max(0, frameEnd - offset));
        if (pad > 0) b.hex(null, F.data_pad, offset, pad);
        offset += pad;
      }
      if (type === MANAGEMENT) return b.next('wlan.mgt', offset, frameEnd, subtype);
      // Null frames (subtype bit 2) carry nothing.
      if (type !== DATA || subtype & 0x04) return b.next('wlan.data', offset, frameEnd);
      if (flags & 0x40) {
        // Encrypted: the WEP, TKIP or CCMP header before bytes only the keys can read.
        const body = addProtection(b, offset, frameEnd);
        return b.next('wlan.data', body.start, body.end);
      }
      return b.next('llc', offset, frameEnd, 0);
    },
    trailer(b, payloadEnd, end) {
      // (A WEP frame's check value, after its encrypted bytes, is the header's already.)
      const start = Math.max(payloadEnd, b.end);
      // With the frame check sequence, it is the frame's last four bytes (little-endian); bytes
      // before it that the payload did not claim are a trailer.
      const wireFcs = b.frame.reportedLength - FCS_LENGTH;
      const fcsAt = withFcs && wireFcs >= start ? Math.min(wireFcs, end) : end;
      if (fcsAt > start) b.hex(null, F.trailer, start, fcsAt - start);
      if (fcsAt === end) return;
      if (fcsAt + FCS_LENGTH === end) addFcs(b, fcsAt);
      else {
        // Cut by the snap length inside the check sequence: its bytes that are there stay visible.
        b.missing(F.fcs, fcsAt, FCS_LENGTH);
        b.hex(null, F.trailer, fcsAt, end - fcsAt);
      }
    },
    narrative(r) {
      const kind = FRAME_TYPE_NAMES[r.number(F['fc.type_subtype']) ?? -1] ?? '?';
      const ra = r.show(F.ra) ?? '?';
      const ta = r.show(F.ta);
      const parts: Message[] = [ta ? { id: N.frame.id, params: { kind, ta, ra } } : { id: N.frame_to.id, params: { kind, ra } }];
      const typeSubtype = r.number(F['fc.type_subtype']) ?? -1;
      const role = ROLES[typeSubtype];
      if (role) parts.push({ id: role.id, params: { duration: r.number(F.duration) ?? 0 } });
      const ds = r.number(F['fc.ds']);
      if (frameKind(typeSubtype) === DATA) {
        if (ds === 1) parts.push({ id: N.to_ds.id, params: { da: r.show(F.da) ?? '?' } });
        else if (ds === 2) parts.push({ id: N.from_ds.id, params: { sa: r.show(F.sa) ?? '?' } });
        else if (ds === 3) parts.push({ id: N.wds.id, params: { sa: r.show(F.sa) ?? '?', da: r.show(F.da) ?? '?' } });
      }
      if (r.isSet(F['fc.retry'])) parts.push({ id: N.retry.id });
      if (r.isSet(F['fc.protected'])) parts.push({ id: N.protected.id });
      if (r.field(F.fcs)) parts.push({ id: N.fcs.id });
      return parts;
    },
  };
}

export const ieee80211 = wlanModule(false, false);
/** 802.11 after a radiotap header that announces its check sequence, its header padding, or both. */
export const ieee80211AfterRadiotap: readonly ProtocolModule[] = [wlanModule(true, false), wlanModule(false, true), wlanModule(true, true)];

