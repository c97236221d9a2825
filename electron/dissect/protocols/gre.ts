// GRE, Generic Routing Encapsulation (RFC 2784, key and sequence number RFC 2890; version 1 is
// PPTP's enhanced GRE, RFC 2637): a small header after an IP header that says which protocol the
// tunnelled packet is, by EtherType, so a whole second packet (IPv4, IPv6, an Ethernet frame)
// travels inside the outer one.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber } from '../display-format.js';
import { checksumSkipping } from './internet-checksum.js';
import { CHECKSUM_STATUS } from './checksum-status.js';
import { ETHERTYPE_NAMES } from './ethertype-names.js';

const ERSPAN = 0x88be;
const TRANSPARENT_ETHERNET = 0x6558;

const YES_NO = ['Yes', 'No'] as const;

/** Wireshark's names of GRE protocol types (its own for a few, EtherType names for the rest). */
const GRE_TYPE_NAMES: Readonly<Record<number, string>> = {
  ...ETHERTYPE_NAMES,
  0x0800: 'IP',
  0x880b: 'PPP',
  0x88be: 'ERSPAN',
  0x22eb: 'ERSPAN III',
  0x8847: 'MPLS label switched packet',
  0x6558: 'Transparent Ethernet bridging',
};

const F = defineFields('gre', {
  flags_and_version: { label: 'Flags and Version', type: 'uint16', base: 'hex', description: 'Which optional fields follow (checksum, key, sequence number) and the GRE version.', rfc: 'RFC 2784 §2' },
  'flags.checksum': { label: 'Checksum Bit', type: 'boolean', bits: 16, mask: 0x8000, tfs: YES_NO, description: 'Set when a checksum over the GRE header and payload follows.', rfc: 'RFC 2784 §2.1' },
  'flags.routing': { label: 'Routing Bit', type: 'boolean', bits: 16, mask: 0x4000, tfs: YES_NO, description: 'Set when source-routing information follows (RFC 1701; obsolete).', rfc: 'RFC 1701 §2.1' },
  'flags.key': { label: 'Key Bit', type: 'boolean', bits: 16, mask: 0x2000, tfs: YES_NO, description: 'Set when a key follows that tells the tunnels between the same two endpoints apart.', rfc: 'RFC 2890 §2' },
  'flags.sequence_number': { label: 'Sequence Number Bit', type: 'boolean', bits: 16, mask: 0x1000, tfs: YES_NO, description: 'Set when a sequence number follows, so the receiver can keep packets in order.', rfc: 'RFC 2890 §2' },
  'flags.strict_source_route': { label: 'Strict Source Route Bit', type: 'boolean', bits: 16, mask: 0x0800, tfs: YES_NO, description: 'Part of the obsolete source routing of RFC 1701.', rfc: 'RFC 1701 §2.1' },
  'flags.recursion_control': { label: 'Recursion control', type: 'uint16', mask: 0x0700, description: 'How many more times the packet may be encapsulated (RFC 1701; obsolete, sent as 0).', rfc: 'RFC 1701 §2.1' },
  'flags.ack': { label: 'Acknowledgment', type: 'boolean', bits: 16, mask: 0x0080, tfs: YES_NO, description: 'Enhanced GRE (PPTP): set when an acknowledgment number follows.', rfc: 'RFC 2637 §4.1' },
  'flags.reserved': { label: 'Flags (Reserved)', type: 'uint16', mask: 0x00f8, description: 'Reserved bits; a sender sets them to 0.', rfc: 'RFC 2784 §2' },
  'flags.reserved_ppp': { name: 'gre.flags.reserved', label: 'Flags (Reserved)', type: 'uint16', mask: 0x0078, description: 'Reserved bits; a sender sets them to 0.', rfc: 'RFC 2637 §4.1' },
  'flags.version': { label: 'Version', type: 'uint16', mask: 0x0007, values: { 0: 'GRE', 1: 'Enhanced GRE' }, description: '0 for GRE, 1 for the enhanced GRE of PPTP.', rfc: 'RFC 2784 §2.1' },
  proto: { label: 'Protocol Type', type: 'uint16', base: 'hex', values: GRE_TYPE_NAMES, description: 'The EtherType of the tunnelled packet: 0x0800 IPv4, 0x86dd IPv6, 0x6558 a whole Ethernet frame.', rfc: 'RFC 2784 §2.4' },
  checksum: { label: 'Checksum', type: 'uint16', base: 'hex', description: 'The Internet checksum over the GRE header and its payload.', rfc: 'RFC 2784 §2.5' },
  'checksum.status': { label: 'Checksum Status', type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, description: 'Whether Layerscope recomputed the checksum and it matched.' },
  offset: { label: 'Offset', type: 'uint16', description: 'Reserved when only the checksum is present (RFC 2784); the offset of routing information in RFC 1701.', rfc: 'RFC 2784 §2.5' },
  key: { label: 'Key', type: 'uint32', base: 'hex', description: 'A number the two tunnel endpoints agree on, telling apart flows or tunnels between the same pair.', rfc: 'RFC 2890 §2.1' },
  key_payload_length: { name: 'gre.key.payload_length', label: 'Payload Length', type: 'uint16', description: 'Enhanced GRE (PPTP): the length of the PPP payload.', rfc: 'RFC 2637 §4.1' },
  key_call_id: { name: 'gre.key.call_id', label: 'Call ID', type: 'uint16', description: 'Enhanced GRE (PPTP): the peer\'s call ID this packet belongs to.', rfc: 'RFC 2637 §4.1' },
  sequence_number: { label: 'Sequence Number', type: 'uint32', description: 'Counts the packets of the tunnel, so the receiver can notice loss and reordering.', rfc: 'RFC 2890 §2.2' },
  ack_number: { label: 'Acknowledgment Number', type: 'uint32', description: 'Enhanced GRE (PPTP): the highest sequence number received.', rfc: 'RFC 2637 §4.1' },
});

const P = defineProblems('gre', {
  bad_checksum: ['warning', 'Incorrect GRE checksum {checksum} (should be {expected})'],
});

const N = defineMessages('gre.narrative', {
  carries: 'GRE carries a whole {next} packet inside this one: the outer IP header takes it between the tunnel\'s endpoints, the inner one is the packet as its own sender made it',
  carries_type: 'GRE tunnel header for protocol type {type}',
  key: 'key {key} tells this tunnel apart',
  sequence: 'sequence number {sequence}',
});

export const gre: ProtocolModule = {
  place: { protocol: 'gre', osi: 3, tcpip: 'internet' },
  name: 'GRE',
  fields: F,
  registrations: [{ table: 'ip.proto', keys: [47] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Generic Routing Encapsulation';
    ctx.columns.protocol = 'GRE';
    const word = b.uint(null, F.flags_and_version, at);
    if (word < 0) return undefined;
    const flags = b.last;
    const version = word & 7;
    for (const spec of [F['flags.checksum'], F['flags.routing'], F['flags.key'], F['flags.sequence_number'], F['flags.strict_source_route'], F['flags.recursion_control']]) b.bits(flags, spec, at, 2);
    if (version === 1) {
      b.bits(flags, F['flags.ack'], at, 2);
      b.bits(flags, F['flags.reserved_ppp'], at, 2);
    } else b.bits(flags, F['flags.reserved'], at, 2);
    b.bits(flags, F['flags.version'], at, 2);
    const type = b.uint(null, F.proto, at + 2);
    if (type < 0) return undefined;
    const typeName = GRE_TYPE_NAMES[type] ?? hexNumber(type, 4);
    if (b.detail) b.title = `Generic Routing Encapsulation (${typeName})`;
    ctx.columns.info.set(`Encapsulated ${typeName}`);
    let o = at + 4;
    if (word & 0xc000) {
      const checksum = b.uint(null, F.checksum, o);
      if (checksum < 0) return undefined;
      const field = b.last;
      if (word & 0x8000) {
        // The sum runs over the whole GRE packet: only checkable when all of it was captured.
        if (b.detail && end <= b.captured && !(end === b.captured && b.truncated)) {
          const expected = checksumSkipping(b.frame.bytes, at, end, o, 0);
          if (expected === checksum) {
            b.annotate(field, ' [correct]');
            b.add(null, F['checksum.status'], o, 0, 1);
          } else {
            b.annotate(field, ` incorrect, should be ${hexNumber(expected, 4)}`);
            b.add(null, F['checksum.status'], o, 0, 0);
            b.problem(P.bad_checksum, o, { checksum: hexNumber(checksum, 4), expected: hexNumber(expected, 4) }, field);
          }
        } else b.add(null, F['checksum.status'], o, 0, 2);
      }
      if (b.uint(null, F.offset, o + 2) < 0) return undefined;
      o += 4;
    }
    if (word & 0x2000) {
      if (version === 1) {
        if (b.uint(null, F.key_payload_length, o) < 0 || b.uint(null, F.key_call_id, o + 2) < 0) return undefined;
      } else if (b.uint(null, F.key, o) < 0) return undefined;
      o += 4;
    }
    if (word & 0x1000) {
      if (b.uint(null, F.sequence_number, o) < 0) return undefined;
      o += 4;
    }
    if (version === 1 && word & 0x0080) {
      if (b.uint(null, F.ack_number, o) < 0) return undefined;
      o += 4;
    }
    // Source routing (RFC 1701) is obsolete: what follows it is not decoded.
    if (word & 0x4000) return undefined;
    // ERSPAN type I has no header of its own: without a sequence number, the mirrored Ethernet
    // frame follows GRE directly.
    const key = type === ERSPAN && (word & 0x1000) === 0 ? TRANSPARENT_ETHERNET : type;
    return b.next(version === 1 ? 'gre.proto' : 'ethertype', o, end, key);
  },
  narrative(r) {
    const parts: Message[] = [];
    const next = r.next;
    parts.push(next && next.protocol !== 'data' ? { id: N.carries.id, params: { next: next.name } } : { id: N.carries_type.id, params: { type: r.show(F.proto) ?? '?' } });
    const key = r.show(F.key);
    if (key !== undefined) parts.push({ id: N.key.id, params: { key } });
    const sequence = r.number(F.sequence_number);
    if (sequence !== undefined) parts.push({ id: N.sequence.id, params: { sequence } });
    return parts;
  },
};
