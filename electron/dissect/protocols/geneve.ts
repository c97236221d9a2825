// Geneve, Generic Network Virtualization Encapsulation (RFC 8926): like VXLAN a header in a UDP
// datagram (port 6081) with a 24-bit virtual network number, but it names what it carries by
// EtherType (an Ethernet frame, or IPv4/IPv6 directly) and may carry variable-length options.

import type { ProtocolModule } from '../dissector.js';
import { BYTES, defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber } from '../display-format.js';
import { ETHERTYPE_NAMES } from './ethertype-names.js';

const TRUE_FALSE = ['True', 'False'] as const;

/** Option classes (IANA's Geneve Option Class registry), as Wireshark names them. */
const OPTION_CLASSES: Readonly<Record<number, string>> = {
  0x0100: 'Linux',
  0x0101: 'Open vSwitch (OVS)',
  0x0102: 'Open Virtual Networking (OVN)',
  0x0103: 'In-band Network Telemetry (INT)',
  0x0104: 'VMware, Inc.',
  0x0105: 'Amazon.com, Inc.',
  0x0106: 'Cisco Systems, Inc.',
  0x0107: 'Oracle Corporation',
};

const F = defineFields('geneve', {
  version: { label: 'Version', type: 'uint8', description: 'The Geneve version: 0.', rfc: 'RFC 8926 §3.4' },
  opt_len: { name: 'geneve.option.length', label: 'Length', type: 'uint8', unit: BYTES, description: 'How many bytes of options follow the fixed 8-byte header (counted in 4-byte words on the wire).', rfc: 'RFC 8926 §3.4' },
  flags: { label: 'Flags', type: 'uint8', base: 'hex', description: 'The O (control packet) and C (critical options present) bits.', rfc: 'RFC 8926 §3.4' },
  'flags.oam': { label: 'Operations, Administration and Management Frame', type: 'boolean', bits: 8, mask: 0x80, tfs: TRUE_FALSE, description: 'Set on a control packet for the tunnel endpoints themselves, not for the machines behind them.', rfc: 'RFC 8926 §3.4' },
  'flags.critical': { label: 'Critical Options Present', type: 'boolean', bits: 8, mask: 0x40, tfs: TRUE_FALSE, description: 'Set when an option follows that an endpoint must understand or drop the packet.', rfc: 'RFC 8926 §3.4' },
  'flags.reserved': { label: 'Reserved', type: 'boolean', bits: 8, mask: 0x3f, tfs: TRUE_FALSE, description: 'Reserved bits; a sender sets them to 0.', rfc: 'RFC 8926 §3.4' },
  proto_type: { label: 'Protocol Type', type: 'uint16', base: 'hex', values: ETHERTYPE_NAMES, description: 'The EtherType of what follows: 0x6558 an Ethernet frame, 0x0800 IPv4, 0x86dd IPv6.', rfc: 'RFC 8926 §3.4' },
  vni: { label: 'Virtual Network Identifier (VNI)', type: 'uint24', base: 'hex_dec', description: 'The virtual network the payload belongs to; machines only see traffic of their own VNI.', rfc: 'RFC 8926 §3.4' },
  reserved: { label: 'Reserved', type: 'uint8', base: 'hex', description: 'Reserved; a sender sets it to 0.', rfc: 'RFC 8926 §3.4' },
  options: { label: 'Options', type: 'bytes', line: (v) => `Options: (${String(v).length / 2} bytes)`, description: 'Variable-length options, each with a class, a type and its data.', rfc: 'RFC 8926 §3.5' },
  option: { label: 'Option', type: 'bytes', description: 'One option: who defined it (class), which option (type) and its data.', rfc: 'RFC 8926 §3.5' },
  'option.class': { label: 'Class', type: 'uint16', base: 'hex', values: OPTION_CLASSES, description: 'Who defined the option (a vendor or project registered with IANA).', rfc: 'RFC 8926 §3.5' },
  'option.type': { label: 'Type', type: 'uint8', base: 'hex', description: 'Which option of its class; the high bit marks it critical.', rfc: 'RFC 8926 §3.5' },
  'option.type.critical': { label: 'Critical Option', type: 'boolean', bits: 8, mask: 0x80, tfs: TRUE_FALSE, description: 'Set when a receiver that does not understand the option must drop the packet.', rfc: 'RFC 8926 §3.5' },
  'option.flags': { label: 'Flags', type: 'uint8', base: 'hex', description: 'Three reserved bits before the option\'s length.', rfc: 'RFC 8926 §3.5' },
  'option.flags.reserved': { label: 'Reserved', type: 'boolean', bits: 8, mask: 0xe0, tfs: TRUE_FALSE, description: 'Reserved bits; a sender sets them to 0.', rfc: 'RFC 8926 §3.5' },
  'option.unknown.data': { label: 'Unknown Option Data', type: 'bytes', description: 'The option\'s data, which Layerscope does not decode further.', rfc: 'RFC 8926 §3.5' },
});

const P = defineProblems('geneve', {
  options_past_end: ['error', 'Geneve options of {length} bytes at offset {offset} run past the {available} bytes of the datagram'],
  option_past_end: ['error', 'Geneve option of {length} bytes at offset {offset} runs past the end of the options'],
});

const N = defineMessages('geneve.narrative', {
  carries: 'Geneve carries a whole {next} packet inside this UDP datagram, in virtual network {vni}',
  header: 'Geneve header for virtual network {vni}',
  options: '{count, plural, one {# option} other {# options}} for the tunnel endpoints',
});

export const geneve: ProtocolModule = {
  // An Ethernet overlay (OSI 2) that the outer UDP delivers as its payload, like an application's.
  place: { protocol: 'geneve', osi: 2, tcpip: 'application' },
  name: 'Geneve',
  fields: F,
  registrations: [{ table: 'udp.port', keys: [6081] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Generic Network Virtualization Encapsulation';
    ctx.columns.protocol = 'Geneve';
    if (!b.need(F.version, at, 1)) return undefined;
    const first = b.u8(at);
    b.add(null, F.version, at, 1, first >> 6);
    const optionsLength = (first & 0x3f) * 4;
    b.add(null, F.opt_len, at, 1, optionsLength);
    const flags = b.uint(null, F.flags, at + 1);
    if (flags < 0) return undefined;
    const flagsField = b.last;
    for (const spec of [F['flags.oam'], F['flags.critical'], F['flags.reserved']]) b.bits(flagsField, spec, at + 1, 1);
    const type = b.uint(null, F.proto_type, at + 2);
    if (type < 0) return undefined;
    const vni = b.uint(null, F.vni, at + 4);
    if (vni < 0) return undefined;
    if (b.detail) b.title = `Generic Network Virtualization Encapsulation, VNI: ${hexNumber(vni, 6)}`;
    ctx.columns.info.set(`Encapsulated ${ETHERTYPE_NAMES[type] ?? hexNumber(type, 4)}`);
    if (b.uint(null, F.reserved, at + 7) < 0) return undefined;
    const o = at + 8;
    if (optionsLength > 0) {
      // Bytes cut by the snap length still count: they were on the wire (b.hex then says so).
      const available = (end >= b.captured ? b.frame.reportedLength : end) - o;
      if (optionsLength > available) {
        b.problem(P.options_past_end, o, { length: optionsLength, offset: o, available: Math.max(0, available) });
        return undefined;
      }
      if (!b.hex(null, F.options, o, optionsLength)) return undefined;
      dissectOptions(b, b.last, o, o + optionsLength);
    }
    return b.next('ethertype', o + optionsLength, end, type);
  },
  narrative(r) {
    const vni = r.number(F.vni) ?? '?';
    const next = r.next;
    const parts: Message[] = [next && next.protocol !== 'data' ? { id: N.carries.id, params: { next: next.name, vni } } : { id: N.header.id, params: { vni } }];
    const options = r.all(F.option).length;
    if (options > 0) parts.push({ id: N.options.id, params: { count: options } });
    return parts;
  },
};

/** Each option of [o, end): class, type, length and data. */
function dissectOptions(b: Parameters<ProtocolModule['dissect']>[0], parent: ReturnType<typeof b.hexField>, o: number, end: number): void {
  // Every option is at least 4 bytes: the loop ends.
  while (o + 4 <= end) {
    const length = 4 + (b.u8(o + 3) & 0x1f) * 4;
    if (o + length > end) {
      b.problem(P.option_past_end, o, { length, offset: o }, parent);
      return;
    }
    const cls = b.u16(o);
    const type = b.u8(o + 2);
    const option = b.hexField(parent, F.option, o, length);
    b.rewrite(option, () => `Unknown, Class: ${OPTION_CLASSES[cls] ?? 'Unknown'} (${hexNumber(cls, 4)}) Type: ${hexNumber(type, 2)}${type & 0x80 ? ' (Critical)' : ''}`);
    b.uint(option, F['option.class'], o);
    b.uint(option, F['option.type'], o + 2);
    const typeField = b.last;
    if (type & 0x80) b.annotate(typeField, ' (Critical)');
    b.bits(typeField, F['option.type.critical'], o + 2, 1);
    b.add(option, F['option.flags'], o + 3, 1, b.u8(o + 3) & 0xe0);
    b.bits(b.last, F['option.flags.reserved'], o + 3, 1);
    b.add(option, F.opt_len, o + 3, 1, length);
    if (length > 4) b.hex(option, F['option.unknown.data'], o + 4, length - 4);
    o += length;
  }
}
