// IPv6 extension headers (RFC 8200 §4): optional headers chained by Next Header between the fixed
// IPv6 header and the payload. Wireshark shows them inside the IPv6 layer, and so do we.

import type { Field } from '../field-model.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { IP_PROTOCOL_NAMES } from './ip-protocol-names.js';
import type { LayerBuilder } from '../layer-builder.js';
import { colonHex, hexNumber, ipv6Address } from '../display-format.js';

const P = defineProblems('ipv6.ext', {
  header_past_end: ['error', '{header} at offset {offset} is {length} bytes long, past the end of the IPv6 payload at offset {limit}'],
  routing_type0: ['warning', 'Routing header type 0 is deprecated because it can be abused to bounce traffic (RFC 5095)'],
  option_past_end: ['error', 'IPv6 option {type} at offset {offset} runs past the end of its extension header at offset {end}'],
});

const OPTION_FIELDS = defineFields('ipv6', {
  opt: { type: 'none', label: 'Option', description: 'One type-length-value option inside a Hop-by-Hop or Destination Options header.', rfc: 'RFC 8200 §4.2' },
  'opt.type': { type: 'uint8', base: 'hex', label: 'Type', description: 'Which option this is; its top bits also say what a node that does not know it must do.', rfc: 'RFC 8200 §4.2' },
  'opt.type.action': { type: 'uint8', label: 'Action', mask: 0xc0, description: 'What a node that does not understand the option does: 0 skip it, 1 drop the packet, 2–3 drop and send an ICMPv6 error.', rfc: 'RFC 8200 §4.2' },
  'opt.type.change': { type: 'boolean', bits: 8, label: 'May Change', mask: 0x20, description: 'Whether the option\'s data may change on the way to the destination.', rfc: 'RFC 8200 §4.2' },
  'opt.type.rest': { type: 'uint8', base: 'hex', label: 'Low-Order Bits', mask: 0x1f, description: 'The rest of the option type number.', rfc: 'RFC 8200 §4.2' },
  'opt.length': { type: 'uint8', label: 'Length', description: 'Bytes of option data that follow.', rfc: 'RFC 8200 §4.2' },
  'opt.pad1': { type: 'none', label: 'Pad1', description: 'A single byte of padding to align the next option.', rfc: 'RFC 8200 §4.2' },
  'opt.padn': { type: 'bytes', label: 'PadN', description: 'Padding bytes that align the next option or the header\'s end.', rfc: 'RFC 8200 §4.2' },
  'opt.router_alert': { type: 'uint16', label: 'Router Alert', description: 'Tells every router on the path to look inside this packet: 0 means it carries MLD.', rfc: 'RFC 2711' },
  'opt.jumbo': { type: 'uint32', label: 'Payload Length', description: 'The payload length of a jumbogram, larger than the 16-bit Payload Length field can hold.', rfc: 'RFC 2675' },
  'opt.unknown': { type: 'bytes', label: 'Data', description: 'The option\'s data, not decoded by Layerscope.' },
});

function extensionFields(prefix: 'hopopts' | 'dstopts' | 'routing' | 'fraghdr', label: string, description: string) {
  return defineFields(`ipv6.${prefix}`, {
    header: { name: `ipv6.${prefix}`, type: 'none', label, description, rfc: 'RFC 8200 §4' },
    nxt: { label: 'Next Header', type: 'uint8', values: IP_PROTOCOL_NAMES, description: 'What follows this extension header: another extension header or the payload\'s protocol.', rfc: 'RFC 8200 §4' },
    len: { label: 'Length', type: 'uint8', description: 'The header\'s length in 8-byte units, not counting the first 8 bytes.', rfc: 'RFC 8200 §4' },
    len_oct: { label: 'Length', type: 'uint16', generated: true, format: (v) => `${v} bytes`, description: 'The header\'s length in bytes.', rfc: 'RFC 8200 §4' },
  });
}

const HOP = extensionFields('hopopts', 'IPv6 Hop-by-Hop Option', 'Options every router on the path must examine, such as Router Alert or a jumbogram length.');
const DST = extensionFields('dstopts', 'Destination Options for IPv6', 'Options only the destination examines.');
const RT = extensionFields('routing', 'Routing Header for IPv6', 'Lists intermediate nodes the packet must visit on the way to its destination.');
const RT_MORE = defineFields('ipv6.routing', {
  type: { type: 'uint8', label: 'Type', description: 'Which routing header variant: 0 source route (deprecated), 2 mobile IPv6, 4 segment routing.', rfc: 'RFC 8200 §4.4' },
  segleft: { type: 'uint8', label: 'Segments Left', description: 'How many listed nodes the packet still has to visit.', rfc: 'RFC 8200 §4.4' },
  'src.reserved': { type: 'bytes', label: 'Reserved', description: 'Unused bytes of a type 0 routing header.', rfc: 'RFC 2460 §4.4' },
  'src.addr': { type: 'ipv6', label: 'Address', description: 'A node the packet must pass through, in order.', rfc: 'RFC 2460 §4.4' },
  data: { type: 'bytes', label: 'Type-specific data', description: 'The rest of the routing header, in this routing type\'s own format.', rfc: 'RFC 8200 §4.4' },
});
const FRAG = defineFields('ipv6.fraghdr', {
  header: { type: 'none', name: 'ipv6.fraghdr', label: 'Fragment Header for IPv6', description: 'Present when the sender split the packet; says where this piece belongs.', rfc: 'RFC 8200 §4.5' },
  nxt: { type: 'uint8', values: IP_PROTOCOL_NAMES, label: 'Next header', description: 'The protocol of the reassembled packet\'s payload.', rfc: 'RFC 8200 §4.5' },
  reserved_octet: { type: 'uint8', base: 'hex', label: 'Reserved octet', description: 'Unused; zero.', rfc: 'RFC 8200 §4.5' },
  offset: { type: 'uint16', label: 'Offset', mask: 0xfff8, format: (v) => `${v} (${Number(v) * 8} bytes)`, show: (v) => String(v), description: 'Where this fragment\'s data belongs in the original payload, in units of 8 bytes.', rfc: 'RFC 8200 §4.5' },
  reserved_bits: { type: 'uint16', label: 'Reserved bits', mask: 0x0006, description: 'Unused; zero.', rfc: 'RFC 8200 §4.5' },
  more: { type: 'boolean', bits: 16, label: 'More Fragments', mask: 0x0001, tfs: ['Yes', 'No'], description: 'Set on every fragment except the last.', rfc: 'RFC 8200 §4.5' },
  ident: { type: 'uint32', base: 'hex', label: 'Identification', description: 'The same number on every fragment of one original packet, so they can be put back together.', rfc: 'RFC 8200 §4.5' },
});

/** Next Header values that are extension headers this file decodes. */
export function isExtensionHeader(nxt: number): boolean {
  return nxt === 0 || nxt === 43 || nxt === 44 || nxt === 60;
}

export interface ExtensionResult {
  /** The Next Header value after this header. */
  next: number;
  /** Where the header ends. */
  end: number;
  /**
   * For a routing header with segments left: where the packet's final destination address is,
   * which the upper-layer checksum's pseudo-header uses (RFC 8200 §8.1).
   */
  finalDestination?: number;
  /** For a fragment header: offset (in 8-byte units) and More Fragments. */
  fragment?: { offset: number; more: boolean; ident: number };
  /** False when the header could not be read (a problem was recorded). */
  ok: boolean;
}

/** Decodes the extension header `type` at `at` (not past `limit`) into the IPv6 layer. */
export function dissectExtensionHeader(b: LayerBuilder, type: number, at: number, limit: number): ExtensionResult {
  const bytes = b.frame.bytes;
  const fail: ExtensionResult = { next: 59, end: at, ok: false };
  if (type === 44) {
    if (!b.need(FRAG.header, at, 8)) return fail;
    const word = b.u16(at + 2);
    const ident = b.u32(at + 4);
    const next = b.u8(at);
    if (b.detail) {
      const h = b.add(null, FRAG.header, at, 8, null);
      b.add(h, FRAG.nxt, at, 1, next);
      b.add(h, FRAG.reserved_octet, at + 1, 1, bytes[at + 1]);
      b.bits(h, FRAG.offset, at + 2, 2);
      b.bits(h, FRAG.reserved_bits, at + 2, 2);
      b.bits(h, FRAG.more, at + 2, 2);
      b.add(h, FRAG.ident, at + 4, 4, ident);
    } else b.end = Math.max(b.end, at + 8);
    return { next, end: at + 8, ok: true, fragment: { offset: word >> 3, more: (word & 1) === 1, ident } };
  }
  const F = type === 0 ? HOP : type === 60 ? DST : RT;
  if (!b.need(F.header, at, 2)) return fail;
  const next = b.u8(at);
  const lenUnits = b.u8(at + 1);
  const length = (lenUnits + 1) * 8;
  if (at + length > limit) {
    b.problem(P.header_past_end, at + 1, { header: F.header.label, offset: at, length, limit }, F.len);
  }
  if (!b.need(F.header, at, length)) return fail;
  let finalDestination: number | undefined;
  if (type === 43 && bytes[at + 3] > 0) {
    const routingType = bytes[at + 2];
    // Type 0 lists the route with the final destination last; types 2 and 4 put it first.
    if (routingType === 0 && length >= 24) finalDestination = at + length - 16;
    else if ((routingType === 2 || routingType === 4) && length >= 24) finalDestination = at + 8;
  }
  if (!b.detail) {
    b.end = Math.max(b.end, at + length);
    return { next, end: at + length, ok: true, finalDestination };
  }
  const h = b.add(null, F.header, at, length, null);
  b.add(h, F.nxt, at, 1, next);
  b.add(h, F.len, at + 1, 1, lenUnits);
  b.add(h, F.len_oct, at + 1, 1, length);
  if (type === 43) dissectRouting(b, h, at, length);
  else dissectOptions(b, h, at + 2, at + length);
  return { next, end: at + length, ok: true, finalDestination };
}

function dissectRouting(b: LayerBuilder, h: Field, at: number, length: number): void {
  const bytes = b.frame.bytes;
  const type = bytes[at + 2];
  const segleft = bytes[at + 3];
  h.label = `${RT.header.label} (${type === 0 ? 'Source Route' : type === 2 ? 'Type 2 Routing' : type === 4 ? 'Segment Routing' : `type ${type}`})`;
  const typeField = b.add(h, RT_MORE.type, at + 2, 1, type);
  if (type === 0) b.problem(P.routing_type0, at + 2, undefined, typeField);
  b.add(h, RT_MORE.segleft, at + 3, 1, segleft);
  if (type === 0) {
    b.hexField(h, RT_MORE['src.reserved'], at + 4, 4);
    let o = at + 8;
    for (; o + 16 <= at + length; o += 16) {
      const addr = ipv6Address(bytes, o);
      b.add(h, RT_MORE['src.addr'], o, 16, addr);
    }
    // A length that is not 8 plus whole addresses leaves bytes no address owns.
    if (o < at + length) {
      b.hexField(h, RT_MORE.data, o, at + length - o);
    }
  } else if (length > 4) {
    b.hexField(h, RT_MORE.data, at + 4, length - 4);
  }
}

function dissectOptions(b: LayerBuilder, h: Field, at: number, end: number): void {
  const bytes = b.frame.bytes;
  const F = OPTION_FIELDS;
  let o = at;
  while (o < end) {
    const type = bytes[o];
    if (type === 0) {
      const opt = b.add(h, F.opt, o, 1, null);
      addType(b, opt, o, type);
      b.add(opt, F['opt.pad1'], o, 1, null);
      o += 1;
      continue;
    }
    if (o + 2 > end || o + 2 + bytes[o + 1] > end) {
      b.problem(P.option_past_end, o, { type: hexNumber(type, 2), offset: o, end }, h);
      b.hexField(h, F['opt.unknown'], o, end - o);
      return;
    }
    const len = bytes[o + 1];
    const opt = b.add(h, F.opt, o, 2 + len, null);
    addType(b, opt, o, type);
    b.add(opt, F['opt.length'], o + 1, 1, len);
    if (type === 1) b.hexField(opt, F['opt.padn'], o + 2, len);
    else if (type === 5 && len === 2) b.add(opt, F['opt.router_alert'], o + 2, 2, b.u16(o + 2));
    else if (type === 0xc2 && len === 4) b.add(opt, F['opt.jumbo'], o + 2, 4, b.u32(o + 2));
    else if (len > 0) b.hexField(opt, F['opt.unknown'], o + 2, len);
    o += 2 + len;
  }
}

function addType(b: LayerBuilder, parent: Field, at: number, type: number): void {
  const t = b.add(parent, OPTION_FIELDS['opt.type'], at, 1, type);
  b.bits(t, OPTION_FIELDS['opt.type.action'], at, 1);
  b.bits(t, OPTION_FIELDS['opt.type.change'], at, 1);
  b.bits(t, OPTION_FIELDS['opt.type.rest'], at, 1);
}

