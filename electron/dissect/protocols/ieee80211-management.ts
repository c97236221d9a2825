// The body of an 802.11 management frame: fixed parameters that depend on the subtype (a
// beacon's timestamp, interval and capabilities; an authentication's algorithm and status; a
// deauthentication's reason...), then tagged elements (ieee80211-elements.ts). This is how a
// station finds networks (beacons, probes) and joins one (authentication, association).
// IEEE Std 802.11-2020 §9.3.3.

import type { ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import type { Field } from '../field-model.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { defineProblems } from '../problem-spec.js';
import { addBitsOf, le, leUint, readLe, readLe64Text } from './little-endian.js';
import { ELEMENT_FIELDS, addElements, elementSummary } from './ieee80211-elements.js';
import { markCut } from './ieee80211-common.js';
import { HT_VHT_FIELDS } from './ieee80211-ht-vht.js';
import { CAPABILITY_FIELDS } from './ieee80211-capabilities.js';

const STD = 'IEEE 802.11-2020 §9.4.1';

const P = defineProblems('wlan.fixed', {
  fixed_short: ['error', 'The frame body ends at offset {end}, before its fixed parameter "{field}" at offset {offset}'],
});
const IMPLEMENTED = ['Implemented', 'Not Implemented'] as const;

const STATUS_CODES: Readonly<Record<number, string>> = {
  0: 'Successful', 1: 'Unspecified failure', 10: 'Cannot support all requested capabilities in the Capability Information field',
  11: 'Reassociation denied due to inability to confirm that association exists', 12: 'Association denied due to reason outside the scope of this standard',
  13: 'Responding STA does not support the specified authentication algorithm', 14: 'Received an Authentication frame with authentication transaction sequence number out of expected sequence',
  15: 'Authentication rejected because of challenge failure', 16: 'Authentication rejected due to timeout waiting for next frame in sequence',
  17: 'Association denied because AP is unable to handle additional associated STAs', 37: 'The request has been declined',
};

const REASON_CODES: Readonly<Record<number, string>> = {
  1: 'Unspecified reason', 2: 'Previous authentication no longer valid', 3: 'Deauthenticated because sending STA is leaving (or has left) IBSS or ESS',
  4: 'Disassociated due to inactivity', 5: 'Disassociated because AP is unable to handle all currently associated STAs',
  6: 'Class 2 frame received from nonauthenticated STA', 7: 'Class 3 frame received from nonassociated STA',
  8: 'Disassociated because sending STA is leaving (or has left) BSS', 9: 'STA requesting (re)association is not authenticated with responding STA',
  14: 'Message integrity code (MIC) failure', 15: '4-Way Handshake timeout', 16: 'Group Key Handshake timeout', 23: 'IEEE 802.1X authentication failed',
};

const F = defineFields('wlan.fixed', {
  all: { label: 'Fixed parameters', type: 'none', line: (v) => `Fixed parameters (${v} bytes)`, description: 'The parameters every frame of this subtype has, at fixed places, before the tagged elements.', rfc: STD },
  timestamp: { label: 'Timestamp', type: 'uint64', description: 'The access point\'s clock in microseconds when it sent the frame: stations set their own clocks by it.', rfc: 'IEEE 802.11-2020 §9.4.1.10' },
  beacon: { label: 'Beacon Interval', type: 'uint16', format: (v) => `${((Number(v) * 1024) / 1e6).toFixed(6)} [Seconds]`, description: 'How often the access point sends a beacon, in time units of 1024 microseconds (100 is about a tenth of a second).', rfc: 'IEEE 802.11-2020 §9.4.1.3' },
  capabilities: { label: 'Capabilities Information', type: 'uint16', base: 'hex', description: 'What the sender and its network support: infrastructure or ad hoc, encryption, short preamble and slot time, QoS...', rfc: 'IEEE 802.11-2020 §9.4.1.4' },
  'capabilities.ess': le(2, { label: 'ESS capabilities', type: 'boolean', bits: 16, mask: 0x0001, tfs: ['Transmitter is an AP', 'Transmitter is a STA'], description: 'Set by an access point of an infrastructure network.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.ibss': le(2, { label: 'IBSS status', type: 'boolean', bits: 16, mask: 0x0002, tfs: ['Transmitter belongs to an IBSS', 'Transmitter belongs to a BSS'], description: 'Set in an ad hoc network (stations talking without an access point).', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.reserved1': le(2, { label: 'Reserved', type: 'uint16', bits: 16, mask: 0x0004, description: 'A reserved bit.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.reserved2': le(2, { label: 'Reserved', type: 'uint16', bits: 16, mask: 0x0008, description: 'A reserved bit.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.privacy': le(2, { label: 'Privacy', type: 'boolean', bits: 16, mask: 0x0010, tfs: ['Data confidentiality required', 'Data confidentiality not required'], description: 'Set when the network encrypts its frames (WEP, WPA, WPA2, WPA3).', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.short_preamble': le(2, { label: 'Short Preamble', type: 'boolean', bits: 16, mask: 0x0020, tfs: ['Allowed', 'Not Allowed'], description: 'Set when the short physical preamble may be used (faster at 802.11b rates).', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.reserved3': le(2, { label: 'Reserved', type: 'uint16', bits: 16, mask: 0x0040, description: 'A reserved bit.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.reserved4': le(2, { label: 'Reserved', type: 'uint16', bits: 16, mask: 0x0080, description: 'A reserved bit.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.spec_man': le(2, { label: 'Spectrum Management', type: 'boolean', bits: 16, mask: 0x0100, tfs: IMPLEMENTED, description: 'Set when the network manages power and channels as 5 GHz rules require.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.qos': le(2, { label: 'QoS', type: 'boolean', bits: 16, mask: 0x0200, tfs: IMPLEMENTED, description: 'Set when the sender supports quality of service.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.short_slot_time': le(2, { label: 'Short Slot Time', type: 'boolean', bits: 16, mask: 0x0400, tfs: ['In use', 'Not in use'], description: 'Set when the network uses the short (9 microsecond) slot time.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.apsd': le(2, { label: 'Automatic Power Save Delivery', type: 'boolean', bits: 16, mask: 0x0800, tfs: IMPLEMENTED, description: 'Set when sleeping stations can fetch their buffered frames automatically.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.radio_measurement': le(2, { label: 'Radio Measurement', type: 'boolean', bits: 16, mask: 0x1000, tfs: IMPLEMENTED, description: 'Set when the sender can measure and report on the radio environment.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.epd': le(2, { label: 'EPD', type: 'boolean', bits: 16, mask: 0x2000, tfs: IMPLEMENTED, description: 'Set when frames may carry an EtherType without an LLC header.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.reserved5': le(2, { label: 'Reserved', type: 'uint16', bits: 16, mask: 0x4000, description: 'A reserved bit.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'capabilities.reserved6': le(2, { label: 'Reserved', type: 'uint16', bits: 16, mask: 0x8000, description: 'A reserved bit.', rfc: 'IEEE 802.11-2020 §9.4.1.4' }),
  'auth.alg': { label: 'Authentication Algorithm', type: 'uint16', values: { 0: 'Open System', 1: 'Shared key', 2: 'Fast BSS Transition', 3: 'Simultaneous Authentication of Equals (SAE)', 4: 'Fast Initial Link Setup (FILS) with shared key authentication', 128: 'Network EAP' }, description: 'How the station authenticates: open system (no check here; WPA keys come later) or SAE (WPA3).', rfc: 'IEEE 802.11-2020 §9.4.1.1' },
  auth_seq: { label: 'Authentication SEQ', type: 'uint16', base: 'hex', description: 'Which message of the authentication exchange this is (1 from the station, 2 the answer).', rfc: 'IEEE 802.11-2020 §9.4.1.2' },
  status_code: { label: 'Status code', type: 'uint16', base: 'hex', values: STATUS_CODES, description: 'Whether the request succeeded (0) or why it failed.', rfc: 'IEEE 802.11-2020 §9.4.1.9' },
  listen_ival: { label: 'Listen Interval', type: 'uint16', base: 'hex', description: 'How many beacon intervals the station may sleep between wake-ups: the access point buffers its frames that long.', rfc: 'IEEE 802.11-2020 §9.4.1.6' },
  aid: le(2, { label: 'Association ID', type: 'uint16', base: 'hex', bits: 16, mask: 0x3fff, description: 'The number the access point gives the station: its bit in the beacons\' traffic indication map.', rfc: 'IEEE 802.11-2020 §9.4.1.8' }),
  reason_code: { label: 'Reason code', type: 'uint16', base: 'hex', values: REASON_CODES, description: 'Why the station is being disconnected.', rfc: 'IEEE 802.11-2020 §9.4.1.7' },
  category_code: { label: 'Category code', type: 'uint8', values: { 0: 'Spectrum Management', 1: 'QoS', 2: 'DLS', 3: 'Block Ack', 4: 'Public Action', 5: 'Radio Measurement', 8: 'SA Query', 10: 'WNM', 21: 'VHT', 127: 'Vendor-specific' }, description: 'The family of the action (3: block acknowledgement agreements).', rfc: 'IEEE 802.11-2020 §9.4.1.11' },
  action_code: { label: 'Action code', type: 'uint8', base: 'hex', values: { 0: 'Add Block Ack Request', 1: 'Add Block Ack Response', 2: 'Delete Block Ack' }, description: 'Which action of its category this is.', rfc: 'IEEE 802.11-2020 §9.6.4.1' },
  dialog_token: { label: 'Dialog token', type: 'uint8', base: 'hex', description: 'Matches the answer to its request.', rfc: 'IEEE 802.11-2020 §9.4.1.12' },
  baparams: { label: 'Block Ack Parameters', type: 'uint16', base: 'hex', description: 'The terms of the block acknowledgement agreement asked for.', rfc: 'IEEE 802.11-2020 §9.4.1.14' },
  'baparams.amsdu': le(2, { label: 'A-MSDUs', type: 'boolean', bits: 16, mask: 0x0001, tfs: ['Permitted in QoS Data MPDUs', 'Not Permitted'], description: 'Whether aggregated packets may be block acknowledged.', rfc: 'IEEE 802.11-2020 §9.4.1.14' }),
  'baparams.policy': le(2, { label: 'Block Ack Policy', type: 'boolean', bits: 16, mask: 0x0002, tfs: ['Immediate Block Ack', 'Delayed Block Ack'], description: 'Whether the block ack is sent at once or later.', rfc: 'IEEE 802.11-2020 §9.4.1.14' }),
  'baparams.tid': le(2, { label: 'Traffic Identifier', type: 'uint16', base: 'hex', bits: 16, mask: 0x003c, description: 'The traffic class the agreement is for.', rfc: 'IEEE 802.11-2020 §9.4.1.14' }),
  'baparams.buffersize': le(2, { label: 'Number of Buffers (1 Buffer = 2304 Bytes)', type: 'uint16', bits: 16, mask: 0xffc0, description: 'How many frames the receiver can buffer for the agreement.', rfc: 'IEEE 802.11-2020 §9.4.1.14' }),
  batimeout: { label: 'Block Ack Timeout', type: 'uint16', base: 'hex', description: 'After how many time units without traffic the agreement ends (0: never).', rfc: 'IEEE 802.11-2020 §9.4.1.15' },
});

/** A block ack agreement's starting sequence control (in ADDBA requests and block ack frames). */
export const SEQUENCE_CONTROL_FIELDS = defineFields('wlan.fixed', {
  ssc: { label: 'Block Ack Starting Sequence Control (SSC)', type: 'uint16', base: 'hex', description: 'The sequence number the acknowledged window starts at.', rfc: 'IEEE 802.11-2020 §9.4.1.18' },
  ssc_fragment: le(2, { name: 'wlan.fixed.ssc.fragment', label: 'Fragment', type: 'uint16', bits: 16, mask: 0x000f, description: 'The fragment number part (0).', rfc: 'IEEE 802.11-2020 §9.4.1.18' }),
  ssc_sequence: le(2, { name: 'wlan.fixed.ssc.sequence', label: 'Starting Sequence Number', type: 'uint16', bits: 16, mask: 0xfff0, description: 'The first sequence number of the window.', rfc: 'IEEE 802.11-2020 §9.4.1.18' }),
});
const S = SEQUENCE_CONTROL_FIELDS;

const N = defineMessages('wlan.mgt.narrative', {
  beacon: 'The access point announces network "{ssid}" every {interval} time units: stations find networks by these beacons',
  probe_request: 'A station asks which networks are near ("{ssid}")',
  probe_response: 'The access point answers a probe for network "{ssid}"',
  authentication: 'Authentication step {step} (algorithm: {algorithm})',
  association_request: 'The station asks to join network "{ssid}"',
  association_response: 'The access point answers the association request: {status}',
  deauthentication: 'The station is told to disconnect: {reason}',
  disassociation: 'The association ends: {reason}',
  action: 'An action frame: {category}',
  other: 'A management frame',
});

const CAPABILITIES = [
  'capabilities.ess', 'capabilities.ibss', 'capabilities.reserved1', 'capabilities.reserved2', 'capabilities.privacy', 'capabilities.short_preamble',
  'capabilities.reserved3', 'capabilities.reserved4', 'capabilities.spec_man', 'capabilities.qos', 'capabilities.short_slot_time', 'capabilities.apsd',
  'capabilities.radio_measurement', 'capabilities.epd', 'capabilities.reserved5', 'capabilities.reserved6',
].map((k) => F[k as keyof typeof F]);
const BA_PARAMS = [F['baparams.amsdu'], F['baparams.policy'], F['baparams.tid'], F['baparams.buffersize']];

/** Management subtypes (IEEE 802.11-2020 Table 9-1). */
const ASSOC_REQUEST = 0;
const ASSOC_RESPONSE = 1;
const REASSOC_REQUEST = 2;
const REASSOC_RESPONSE = 3;
const PROBE_REQUEST = 4;
const PROBE_RESPONSE = 5;
const BEACON = 8;
const DISASSOC = 10;
const AUTH = 11;
const DEAUTH = 12;
const ACTION = 13;

/** A field's value as its line names it ("Open System (0)" of "Authentication Algorithm: Open System (0)"). */
function valueOf(field: Field | undefined): string {
  if (!field) return '?';
  const colon = field.showname.indexOf(': ');
  return colon < 0 ? field.showname : field.showname.slice(colon + 2);
}

/** The fixed parameters of each subtype, in order: a field and its size (2 unless given). */
type Fixed = readonly FieldSpec[];
const FIXED: Readonly<Record<number, Fixed>> = {
  [ASSOC_REQUEST]: [F.capabilities, F.listen_ival],
  [ASSOC_RESPONSE]: [F.capabilities, F.status_code, F.aid],
  [REASSOC_REQUEST]: [F.capabilities, F.listen_ival],
  [REASSOC_RESPONSE]: [F.capabilities, F.status_code, F.aid],
  [PROBE_RESPONSE]: [F.timestamp, F.beacon, F.capabilities],
  [BEACON]: [F.timestamp, F.beacon, F.capabilities],
  [DISASSOC]: [F.reason_code],
  [AUTH]: [F['auth.alg'], F.auth_seq, F.status_code],
  [DEAUTH]: [F.reason_code],
};

const sizeOf = (spec: FieldSpec) => (spec === F.timestamp ? 8 : 2);

/** Adds one fixed parameter at `at` (all its bytes captured). */
function addFixed(b: LayerBuilder, spec: FieldSpec, at: number): void {
  if (spec === F.timestamp) {
    b.addLazy(null, spec, at, 8, () => readLe64Text(b, at));
    return;
  }
  const v = readLe(b, at, 2);
  if (spec === F.aid) {
    b.add(null, spec, at, 2, v & 0x3fff);
    return;
  }
  const field = b.add(null, spec, at, 2, v);
  if (spec === F.capabilities) addBitsOf(b, field, CAPABILITIES, at, 2, v);
}

/**
 * Whether the `size` bytes of `spec` at `offset` lie in the body [.., end); when not, records why:
 * cut by the snap length, or the body (before the frame check sequence) is too short.
 */
function within(b: LayerBuilder, spec: FieldSpec, offset: number, size: number, end: number, on?: Field): boolean {
  if (offset + size <= end) return true;
  if (b.has(offset, size)) b.problem(P.fixed_short, offset, { field: spec.label, offset, end }, on ?? spec);
  else b.missing(spec, offset, size, on);
  return false;
}

/** An ADDBA request's parameters (the one action decoded in full); returns the dialog token. */
function addAction(b: LayerBuilder, at: number, end: number): number {
  if (!within(b, F.category_code, at, 1, end)) return -1;
  const category = b.uint(null, F.category_code, at);
  if (category !== 3 || !within(b, F.action_code, at + 1, 1, end)) return -1;
  const action = b.uint(null, F.action_code, at + 1);
  if (!within(b, F.dialog_token, at + 2, 1, end)) return -1;
  const token = b.uint(null, F.dialog_token, at + 2);
  if (action !== 0 || !within(b, F.baparams, at + 3, 2, end)) return token;
  const params = leUint(b, null, F.baparams, at + 3, 2);
  const paramsField = b.last;
  addBitsOf(b, paramsField, BA_PARAMS, at + 3, 2, params);
  b.annotate(paramsField, `${params & 1 ? ', A-MSDUs' : ''}${params & 2 ? ', Block Ack Policy' : ''}`);
  if (!within(b, F.batimeout, at + 5, 2, end)) return token;
  leUint(b, null, F.batimeout, at + 5, 2);
  if (!within(b, S.ssc, at + 7, 2, end)) return token;
  const ssc = leUint(b, null, S.ssc, at + 7, 2);
  addBitsOf(b, b.last, [S.ssc_fragment, S.ssc_sequence], at + 7, 2, ssc);
  return token;
}

const FIELDS = { ...F, ...S, ...ELEMENT_FIELDS, ...HT_VHT_FIELDS, ...CAPABILITY_FIELDS };

/** The body of management frames of subtype `subtype` (the 802.11 header dispatches by it). */
const managementModule = (subtype: number): ProtocolModule => ({
  place: { protocol: 'wlan.mgt', osi: 2, tcpip: 'link' },
  name: 'IEEE 802.11 Management',
  fields: FIELDS,
  registrations: [{ table: 'wlan.mgt', keys: [subtype] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'IEEE 802.11 Wireless Management';
    const info = ctx.columns.info;
    let offset = at;
    if (subtype === ACTION || subtype === 14) {
      const token = addAction(b, at, end);
      if (token >= 0) info.text(', Dialog Token=').uint(token);
      return undefined;
    }
    const fixed = FIXED[subtype] ?? [];
    let size = 0;
    for (const spec of fixed) size += sizeOf(spec);
    if (size > 0) {
      const room = Math.max(0, Math.min(end, b.captured) - at);
      const all = b.add(null, F.all, at, Math.min(size, room), size);
      for (const spec of fixed) {
        if (!within(b, spec, offset, sizeOf(spec), end, all)) return markCut(b, ctx);
        const before = b.fields.length;
        addFixed(b, spec, offset);
        // The parameters sit under "Fixed parameters" in the tree.
        b.moveUnder(all, before);
        offset += sizeOf(spec);
      }
    }
    if (subtype === BEACON || subtype === PROBE_RESPONSE) info.text(', BI=').uint(readLe(b, at + 8, 2));
    // Requests come from a station; beacons and responses from the access point.
    const fromStation = subtype === ASSOC_REQUEST || subtype === REASSOC_REQUEST || subtype === PROBE_REQUEST;
    const summary = elementSummary(fromStation);
    addElements(b, offset, end, summary);
    if (summary.ssidAt >= 0 && summary.ssidLength === 0) info.text(', SSID=Wildcard (Broadcast)');
    else if (summary.ssidAt >= 0) {
      info.text(', SSID="');
      for (let i = 0; i < summary.ssidLength; i++) info.char(b.u8(summary.ssidAt + i));
      info.text('"');
    }
    if (summary.cut) markCut(b, ctx, 'length of contained item exceeds length of containing item');
    return undefined;
  },
  narrative(r) {
    const ssidField = r.field(ELEMENT_FIELDS.ssid);
    const ssid = ssidField ? ssidField.showname.slice('SSID: "'.length, -1) : '';
    const parts: Message[] = [];
    if (r.field(F.beacon)) {
      const interval = r.number(F.beacon) ?? 0;
      parts.push({ id: subtype === BEACON ? N.beacon.id : N.probe_response.id, params: { ssid, interval } });
    } else if (r.field(F['auth.alg'])) parts.push({ id: N.authentication.id, params: { step: r.number(F.auth_seq) ?? '?', algorithm: valueOf(r.field(F['auth.alg'])) } });
    else if (r.field(F.listen_ival)) parts.push({ id: N.association_request.id, params: { ssid } });
    else if (r.field(F.aid)) parts.push({ id: N.association_response.id, params: { status: valueOf(r.field(F.status_code)) } });
    else if (r.field(F.reason_code)) parts.push({ id: subtype === DEAUTH ? N.deauthentication.id : N.disassociation.id, params: { reason: valueOf(r.field(F.reason_code)) } });
    else if (r.field(F.category_code)) parts.push({ id: N.action.id, params: { category: valueOf(r.field(F.category_code)) } });
    else if (ssidField) parts.push({ id: N.probe_request.id, params: { ssid } });
    else parts.push({ id: N.other.id });
    return parts;
  },
});

/** One module per management subtype, each knowing which frame's body it reads. */
export const ieee80211Management: readonly ProtocolModule[] = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14].map(managementModule);
