// PPP, the Point-to-Point Protocol (RFC 1661; HDLC-like framing RFC 1662): the link layer of dial-up,
// DSL (inside PPPoE) and many serial lines. A 2-byte protocol number says what the frame carries:
// IPv4 and IPv6, or PPP's own control protocols, LCP (which sets up the link) and IPCP (which
// hands out the IP address). Captured on link types 9 (PPP) and 50 (PPP in HDLC-like framing),
// optionally with the HDLC address and control bytes 0xff 0x03 in front; inside PPPoE without them.

import type { DissectContext, ProtocolModule } from '../dissector.js';
import type { Field } from '../field-model.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber } from '../display-format.js';
import { valueText } from '../field-format.js';

/** The address columns of a frame on a point-to-point link (Wireshark's "not applicable"). */
export const NO_ADDRESS = 'N/A';

/** PPP protocol numbers (IANA's PPP DLL protocol numbers), as Wireshark names them. */
const PPP_PROTOCOLS: Readonly<Record<number, string>> = {
  0x0021: 'Internet Protocol version 4',
  0x002d: 'Van Jacobson Compressed TCP/IP',
  0x002f: 'Van Jacobson Uncompressed TCP/IP',
  0x003d: 'PPP Multilink Protocol',
  0x0057: 'Internet Protocol version 6',
  0x00fd: 'Compressed datagram',
  0x0281: 'MPLS Unicast',
  0x0283: 'MPLS Multicast',
  0x8021: 'Internet Protocol Control Protocol',
  0x8057: 'IPv6 Control Protocol',
  0x80fd: 'Compression Control Protocol',
  0x8281: 'MPLS Control Protocol',
  0xc021: 'Link Control Protocol',
  0xc023: 'Password Authentication Protocol',
  0xc025: 'Link Quality Report',
  0xc223: 'Challenge Handshake Authentication Protocol',
};

/** Control protocol codes (RFC 1661 §5), as Wireshark names them. */
const CP_CODES: Readonly<Record<number, string>> = {
  1: 'Configuration Request', 2: 'Configuration Ack', 3: 'Configuration Nak', 4: 'Configuration Reject',
  5: 'Termination Request', 6: 'Termination Ack', 7: 'Code Reject', 8: 'Protocol Reject',
  9: 'Echo Request', 10: 'Echo Reply', 11: 'Discard Request', 12: 'Identification', 13: 'Time Remaining',
  14: 'Reset Request', 15: 'Reset Ack',
};

const F = defineFields('ppp', {
  address: { label: 'Address', type: 'uint8', base: 'hex', description: 'The HDLC address byte: always 0xff ("all stations") on a PPP link.', rfc: 'RFC 1662 §3.1' },
  control: { label: 'Control', type: 'uint8', base: 'hex', description: 'The HDLC control byte: always 0x03 (an unnumbered frame) on a PPP link.', rfc: 'RFC 1662 §3.1' },
  protocol: { label: 'Protocol', type: 'uint16', base: 'hex', values: PPP_PROTOCOLS, description: 'What the frame carries: 0x0021 IPv4, 0x0057 IPv6, 0xc021 LCP, 0x8021 IPCP (one byte when the peers agreed to compress it).', rfc: 'RFC 1661 §2' },
  // Shared by every PPP control protocol (LCP, IPCP...): Wireshark gives them one set of names.
  code: { label: 'Code', type: 'uint8', values: CP_CODES, description: 'What kind of control message this is: 1 Configure-Request, 2 Configure-Ack, 5 Terminate-Request, 9 Echo-Request...', rfc: 'RFC 1661 §5' },
  identifier: { label: 'Identifier', type: 'uint8', base: 'dec_hex', description: 'Matches a reply to its request.', rfc: 'RFC 1661 §5' },
  length: { label: 'Length', type: 'uint16', description: 'Bytes in this control message: code, identifier, length and data.', rfc: 'RFC 1661 §5' },
  trailer: { label: 'Trailer', type: 'bytes', description: 'Bytes captured after the end of the packet as its own header gives it; no protocol claims them.' },
});

const CODE = F.code;

const LCP = defineFields('lcp', {
  options: { label: 'Options', type: 'none', description: 'The link settings this message proposes, acknowledges or refuses, one option after another.', rfc: 'RFC 1661 §6' },
  'opt.type': { label: 'Type', type: 'uint8', values: { 0: 'Vendor Specific', 1: 'Maximum Receive Unit', 2: 'Async Control Character Map', 3: 'Authentication Protocol', 4: 'Quality Protocol', 5: 'Magic Number', 7: 'Protocol Field Compression', 8: 'Address and Control Field Compression' }, description: 'Which setting the option is about.', rfc: 'RFC 1661 §6' },
  'opt.length': { label: 'Length', type: 'uint8', description: 'Bytes in the option: type, length and data.', rfc: 'RFC 1661 §6' },
  'opt.mtu_bytes': { label: 'Maximum Receive Unit', type: 'bytes', description: 'The Maximum Receive Unit option.', rfc: 'RFC 1661 §6.1' },
  'opt.mru': { label: 'Maximum Receive Unit', type: 'uint16', description: 'The largest frame payload this end accepts (1500 unless agreed otherwise; 1492 inside PPPoE).', rfc: 'RFC 1661 §6.1' },
  'opt.asyncmap_bytes': { label: 'Async Control Character Map', type: 'bytes', description: 'The Async Control Character Map option.', rfc: 'RFC 1662 §7.1' },
  'opt.asyncmap': { label: 'Async Control Character Map', type: 'uint32', base: 'hex', description: 'Which control characters must be escaped on an asynchronous line.', rfc: 'RFC 1662 §7.1' },
  'opt.auth_protocol_bytes': { label: 'Authentication Protocol', type: 'bytes', description: 'The Authentication Protocol option.', rfc: 'RFC 1661 §6.2' },
  'opt.auth_protocol': { label: 'Authentication Protocol', type: 'uint16', base: 'hex', values: PPP_PROTOCOLS, description: 'Which protocol the peer must authenticate with (PAP 0xc023, CHAP 0xc223).', rfc: 'RFC 1661 §6.2' },
  'opt.magic_number_bytes': { label: 'Magic Number', type: 'bytes', description: 'The Magic Number option.', rfc: 'RFC 1661 §6.4' },
  'opt.magic_number': { label: 'Magic Number', type: 'uint32', base: 'hex', description: 'A random number each end picks, to notice a looped-back line (it would see its own number).', rfc: 'RFC 1661 §6.4' },
  'opt.pfc': { label: 'Protocol Field Compression', type: 'bytes', description: 'Asks to send the protocol number in one byte where it fits.', rfc: 'RFC 1661 §6.5' },
  'opt.acfc': { label: 'Address and Control Field Compression', type: 'bytes', description: 'Asks to leave out the constant address and control bytes.', rfc: 'RFC 1661 §6.6' },
  'opt.unknown': { label: 'Unknown', type: 'bytes', description: 'An option Layerscope does not decode.', rfc: 'RFC 1661 §6' },
  magic_number: { label: 'Magic Number', type: 'uint32', base: 'hex', description: 'The sender\'s magic number (0 if it has none), to notice a looped-back line.', rfc: 'RFC 1661 §5.8' },
  data: { label: 'Data', type: 'bytes', description: 'Data of the message, which the other end echoes or ignores.', rfc: 'RFC 1661 §5' },
});

const IPCP = defineFields('ipcp', {
  options: { label: 'Options', type: 'none', description: 'The IP settings this message proposes, acknowledges or refuses.', rfc: 'RFC 1332 §3' },
  'opt.type': { label: 'Type', type: 'uint8', values: { 1: 'IP Addresses', 2: 'IP Compression Protocol', 3: 'IP Address', 4: 'Mobile IPv4', 129: 'Primary DNS Server IP Address', 130: 'Primary NBNS Server IP Address', 131: 'Secondary DNS Server IP Address', 132: 'Secondary NBNS Server IP Address' }, description: 'Which setting the option is about.', rfc: 'RFC 1332 §3' },
  'opt.length': { label: 'Length', type: 'uint8', description: 'Bytes in the option: type, length and data.', rfc: 'RFC 1332 §3' },
  'opt.addr': { label: 'IP Address', type: 'bytes', line: () => 'IP Address', description: 'The IP Address option.', rfc: 'RFC 1332 §3.3' },
  'opt.ip_address': { label: 'IP Address', type: 'ipv4', description: 'The IPv4 address the sender wants to use (0.0.0.0: "please give me one"), or the one the peer assigns in a Nak.', rfc: 'RFC 1332 §3.3' },
  'opt.pri_dns_address': { label: 'Primary DNS Address', type: 'ipv4', description: 'The DNS server the peer should use.', rfc: 'RFC 1877 §1.1' },
  'opt.sec_dns_address': { label: 'Secondary DNS Address', type: 'ipv4', description: 'A second DNS server the peer may use.', rfc: 'RFC 1877 §1.3' },
  'opt.pri_dns': { label: 'Primary DNS Server IP Address', type: 'bytes', line: () => 'Primary DNS Server IP Address', description: 'The Primary DNS Server option.', rfc: 'RFC 1877 §1.1' },
  'opt.sec_dns': { label: 'Secondary DNS Server IP Address', type: 'bytes', line: () => 'Secondary DNS Server IP Address', description: 'The Secondary DNS Server option.', rfc: 'RFC 1877 §1.3' },
  'opt.unknown': { label: 'Unknown', type: 'bytes', description: 'An option Layerscope does not decode.', rfc: 'RFC 1332 §3' },
});

const P = defineProblems('ppp', {
  length_short: ['error', 'PPP control message length {length} at offset {offset} is below the 4 bytes of its header'],
  length_past_end: ['error', 'PPP control message length {length} at offset {offset} is more than the {available} bytes that follow'],
  option_length: ['error', 'PPP option length {length} at offset {offset} is below 2 or runs past the end of the options'],
});

const N = defineMessages('ppp.narrative', {
  carries: 'PPP frame carrying {next} (protocol {protocol}) over a point-to-point link, where no addresses are needed',
  control: 'PPP frame with protocol {protocol}',
  lcp: 'LCP {code} (identifier {identifier}): the two ends agree on how the link works before any IP flows',
  ipcp: 'IPCP {code} (identifier {identifier}): the two ends agree on IP settings such as the address',
  options: '{count, plural, one {# option} other {# options}}',
});

/** PPP inside another protocol (PPPoE): the bytes after its packet are the outer link layer's. */
export const ppp: ProtocolModule = {
  place: { protocol: 'ppp', osi: 2, tcpip: 'link' },
  name: 'PPP',
  fields: F,
  registrations: [{ table: 'ppp', keys: [0] }],
  dissect(b, ctx, end) {
    let at = b.start;
    b.title = 'Point-to-Point Protocol';
    ctx.columns.protocol = 'PPP';
    // A point-to-point link has no addresses: the packet list says so unless a network layer follows.
    if (at === 0) {
      ctx.columns.source.set(NO_ADDRESS);
      ctx.columns.destination.set(NO_ADDRESS);
    }
    if (!b.need(F.protocol, at, 1)) return undefined;
    // 0xff is the HDLC address, never a (compressed) protocol number.
    if (b.u8(at) === 0xff) {
      b.uint(null, F.address, at);
      if (b.uint(null, F.control, at + 1) < 0) return undefined;
      at += 2;
    }
    if (!b.need(F.protocol, at, 1)) return undefined;
    // An odd first byte is a compressed (one-byte) protocol number (RFC 1661 §6.5).
    const compressed = (b.u8(at) & 1) === 1;
    if (!compressed && !b.need(F.protocol, at, 2)) return undefined;
    const protocol = compressed ? b.u8(at) : b.u16(at);
    b.add(null, F.protocol, at, compressed ? 1 : 2, protocol);
    const o = at + (compressed ? 1 : 2);
    ctx.columns.info.set(PPP_PROTOCOLS[protocol] ?? `PPP ${hexNumber(protocol, 4)}`);
    return b.next('ppp.protocol', o, end, protocol);
  },
  narrative(r): Message[] {
    const protocol = r.show(F.protocol) ?? '?';
    const next = r.next;
    return [next && next.protocol !== 'data' ? { id: N.carries.id, params: { next: next.name, protocol } } : { id: N.control.id, params: { protocol } }];
  },
};

/** How one option kind is shown: the option's line (a byte field) and its value's field. */
interface OptionShape {
  readonly whole: FieldSpec;
  readonly value?: FieldSpec;
}

const LCP_OPTIONS: Readonly<Record<number, OptionShape>> = {
  1: { whole: LCP['opt.mtu_bytes'], value: LCP['opt.mru'] },
  2: { whole: LCP['opt.asyncmap_bytes'], value: LCP['opt.asyncmap'] },
  3: { whole: LCP['opt.auth_protocol_bytes'], value: LCP['opt.auth_protocol'] },
  5: { whole: LCP['opt.magic_number_bytes'], value: LCP['opt.magic_number'] },
  7: { whole: LCP['opt.pfc'] },
  8: { whole: LCP['opt.acfc'] },
};

const IPCP_OPTIONS: Readonly<Record<number, OptionShape>> = {
  3: { whole: IPCP['opt.addr'], value: IPCP['opt.ip_address'] },
  129: { whole: IPCP['opt.pri_dns'], value: IPCP['opt.pri_dns_address'] },
  131: { whole: IPCP['opt.sec_dns'], value: IPCP['opt.sec_dns_address'] },
};

/** What differs between PPP's control protocols: their fields and the texts of their layer. */
interface ControlProtocol {
  readonly title: string;
  readonly column: string;
  readonly options: FieldSpec;
  readonly type: FieldSpec;
  readonly length: FieldSpec;
  readonly unknown: FieldSpec;
  readonly shapes: Readonly<Record<number, OptionShape>>;
}

/** Code, identifier, length, then options (configuration messages) or what the code carries. */
function dissectControl(cp: ControlProtocol, b: LayerBuilder, ctx: DissectContext, end: number): undefined {
  const at = b.start;
  b.title = cp.title;
  ctx.columns.protocol = cp.column;
  const code = b.uint(null, CODE, at);
  if (code < 0) return undefined;
  ctx.columns.info.set(CP_CODES[code] ?? `Unknown (${code})`);
  if (b.uint(null, F.identifier, at + 1) < 0) return undefined;
  const length = b.uint(null, F.length, at + 2);
  if (length < 0) return undefined;
  const lengthField = b.last;
  if (length < 4) {
    b.problem(P.length_short, at + 2, { length, offset: at + 2 }, lengthField);
    return undefined;
  }
  // Bytes cut by the snap length still count: they were on the wire.
  const available = (end >= b.captured ? b.frame.reportedLength : end) - at;
  let stop = at + length;
  if (length > available) {
    b.problem(P.length_past_end, at + 2, { length, offset: at + 2, available }, lengthField);
    stop = Math.min(end, b.captured);
  }
  if (code >= 1 && code <= 4) {
    if (stop > at + 4) dissectOptions(cp, b, at + 4, stop);
  } else if (cp.shapes === LCP_OPTIONS && code >= 9 && code <= 11) {
    if (b.uint(null, LCP.magic_number, at + 4) < 0) return undefined;
    if (stop > at + 8) b.hex(null, LCP.data, at + 8, Math.min(stop, b.captured) - at - 8);
  } else if (stop > at + 4) b.hex(null, LCP.data, at + 4, Math.min(stop, b.captured) - at - 4);
  return undefined;
}

function dissectOptions(cp: ControlProtocol, b: LayerBuilder, start: number, stop: number): void {
  const container = b.add(null, cp.options, start, Math.min(stop, b.captured) - start, null);
  const names: string[] = [];
  let o = start;
  // Each option is at least 2 bytes long: the loop ends.
  while (o + 2 <= stop) {
    if (!b.need(cp.type, o, 1) || !b.need(cp.length, o + 1, 1)) break;
    const type = b.u8(o);
    const length = b.u8(o + 1);
    if (length < 2 || o + length > stop) {
      b.problem(P.option_length, o + 1, { length, offset: o + 1 }, container);
      break;
    }
    const shape = cp.shapes[type];
    const wholeSpec = shape?.whole ?? cp.unknown;
    if (!b.has(o, length)) {
      b.missing(wholeSpec, o, length);
      break;
    }
    const whole: Field = b.hexField(container, wholeSpec, o, length);
    b.uint(whole, cp.type, o);
    b.uint(whole, cp.length, o + 1);
    const value = shape?.value;
    if (value && value.size === length - 2) {
      if (value.type === 'ipv4') b.address(whole, value, o + 2);
      else {
        const v = b.uint(whole, value, o + 2);
        b.rewrite(whole, () => `${wholeSpec.label}: ${valueText(value, v)}`);
      }
    }
    if (b.detail) names.push(valueNameOf(cp.type, type));
    o += length;
  }
  if (o < stop && o + 2 > stop) b.problem(P.option_length, o, { length: stop - o, offset: o }, container);
  b.rewrite(container, () => `Options: (${stop - start} bytes)${names.map((n) => `, ${n}`).join('')}`);
}

function valueNameOf(spec: FieldSpec, value: number): string {
  return spec.values?.[value] ?? 'Unknown';
}

const LCP_PROTOCOL: ControlProtocol = { title: 'PPP Link Control Protocol', column: 'PPP LCP', options: LCP.options, type: LCP['opt.type'], length: LCP['opt.length'], unknown: LCP['opt.unknown'], shapes: LCP_OPTIONS };
const IPCP_PROTOCOL: ControlProtocol = { title: 'PPP IP Control Protocol', column: 'PPP IPCP', options: IPCP.options, type: IPCP['opt.type'], length: IPCP['opt.length'], unknown: IPCP['opt.unknown'], shapes: IPCP_OPTIONS };

function controlNarrative(message: typeof N.lcp, options: FieldSpec) {
  return (r: Parameters<NonNullable<ProtocolModule['narrative']>>[0]): Message[] => {
    const parts: Message[] = [{ id: message.id, params: { code: r.show(CODE) !== undefined ? valueNameOf(CODE, r.number(CODE) ?? -1) : '?', identifier: r.show(F.identifier) ?? '?' } }];
    const container = r.field(options);
    if (container && container.children.length > 0) parts.push({ id: N.options.id, params: { count: container.children.length } });
    return parts;
  };
}

/** PPP as the capture's link layer (a serial line): it owns whatever follows its packet. */
export const pppLink: ProtocolModule = {
  ...ppp,
  registrations: [{ table: 'link', keys: [9, 50] }],
  trailer(b, start, end) {
    b.hex(null, F.trailer, start, end - start);
  },
};

export const lcp: ProtocolModule = {
  place: { protocol: 'lcp', osi: 2, tcpip: 'link' },
  name: 'PPP LCP',
  fields: { ...LCP, code: CODE, identifier: F.identifier, length: F.length },
  registrations: [{ table: 'ppp.protocol', keys: [0xc021] }],
  dissect: (b, ctx, end) => dissectControl(LCP_PROTOCOL, b, ctx, end),
  narrative: controlNarrative(N.lcp, LCP.options),
};

export const ipcp: ProtocolModule = {
  place: { protocol: 'ipcp', osi: 2, tcpip: 'link' },
  name: 'PPP IPCP',
  fields: { ...IPCP, code: CODE, identifier: F.identifier, length: F.length },
  registrations: [{ table: 'ppp.protocol', keys: [0x8021] }],
  dissect: (b, ctx, end) => dissectControl(IPCP_PROTOCOL, b, ctx, end),
  narrative: controlNarrative(N.ipcp, IPCP.options),
};
