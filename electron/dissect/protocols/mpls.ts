// MPLS, MultiProtocol Label Switching (RFC 3032; over UDP RFC 7510): a stack of 4-byte label
// entries in front of a packet. Routers forward by the top label instead of the IP address; the
// entry with the bottom-of-stack bit is the last, and the packet after it is IPv4 or IPv6 as its
// first four bits say (MPLS itself does not say which). Each entry is a layer of its own.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';

/** Reserved label values (RFC 3032 §2.1, RFC 7274), as Wireshark names them. */
const SPECIAL_LABELS: Readonly<Record<number, string>> = {
  0: 'IPv4 Explicit-Null',
  1: 'Router Alert',
  2: 'IPv6 Explicit-Null',
  3: 'Implicit-Null',
  7: 'Entropy Label Indicator',
  13: 'Generic Associated Channel Label (GAL)',
  14: 'OAM Alert',
  15: 'Extension',
};

const F = defineFields('mpls', {
  label: {
    label: 'MPLS Label', type: 'uint32', mask: 0xfffff000, bits: 32,
    format: (v) => (SPECIAL_LABELS[Number(v)] !== undefined ? `${SPECIAL_LABELS[Number(v)]} (${v})` : `${v} (0x${Number(v).toString(16).padStart(5, '0')})`),
    description: 'The number routers forward by: each router looks it up, swaps it for the next hop\'s label and sends the packet on, without reading the IP header.', rfc: 'RFC 3032 §2.1',
  },
  exp: { label: 'MPLS Experimental Bits', type: 'uint32', mask: 0x00000e00, bits: 32, description: 'Traffic class (formerly "experimental"): the packet\'s priority class for queueing.', rfc: 'RFC 5462' },
  bottom: { label: 'MPLS Bottom Of Label Stack', type: 'uint32', mask: 0x00000100, bits: 32, description: '1 on the last label entry: the packet itself follows.', rfc: 'RFC 3032 §2.1' },
  // Read to choose the next decoder, not shown: it is the next header's own first field.
  payload_version: { label: 'Version of the packet after the label stack', type: 'uint8', mask: 0xf0, description: 'The first four bits after the label stack: 4 for IPv4, 6 for IPv6 (MPLS itself does not say what it carries).', rfc: 'RFC 3032 §2.2' },
  ttl: { label: 'MPLS TTL', type: 'uint32', mask: 0x000000ff, bits: 32, description: 'Like IP\'s time to live: each router subtracts 1 and drops the packet at 0.', rfc: 'RFC 3032 §2.1' },
});

const P = defineProblems('mpls', {
  no_bottom: ['error', 'The MPLS label stack ends at offset {offset} without an entry marked bottom of stack'],
});

const N = defineMessages('mpls.narrative', {
  label: 'MPLS label {label}: routers forward the packet by this label, not by its IP address (TTL {ttl})',
  more: 'another label entry follows',
  bottom: 'the last label of the stack; {next} follows',
  bottom_unknown: 'the last label of the stack',
});

/** What the first nibble of the packet after the stack says it is, as an EtherType. */
const NIBBLE_ETHERTYPES: readonly number[] = [-1, -1, -1, -1, 0x0800, -1, 0x86dd, -1, -1, -1, -1, -1, -1, -1, -1, -1];

export const mpls: ProtocolModule = {
  place: { protocol: 'mpls', osi: 2, tcpip: 'link' },
  name: 'MPLS',
  fields: F,
  registrations: [{ table: 'ethertype', keys: [0x8847, 0x8848] }, { table: 'udp.port', keys: [6635] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'MultiProtocol Label Switching Header';
    ctx.columns.protocol = 'MPLS';
    ctx.columns.info.set('MPLS Label Switched Packet');
    const label = b.bits(null, F.label, at, 4);
    if (label < 0) return undefined;
    const exp = b.bits(null, F.exp, at, 4);
    const bottom = b.bits(null, F.bottom, at, 4);
    const ttl = b.bits(null, F.ttl, at, 4);
    if (b.detail) b.title = `MultiProtocol Label Switching Header, Label: ${label}, Exp: ${exp}, S: ${bottom}, TTL: ${ttl}`;
    if (!bottom) {
      // (When the snap length cut the frame here, the next entry's decoder says what was lost.)
      if (at + 4 >= end && !(b.truncated && at + 4 === b.captured)) {
        b.problem(P.no_bottom, at + 4, { offset: at + 4 });
        return undefined;
      }
      return b.next('ethertype', at + 4, end, 0x8847);
    }
    if (at + 4 >= end) {
      if (b.truncated && at + 4 === b.captured) b.missing(F.payload_version, at + 4, 1);
      return undefined;
    }
    return b.next('ethertype', at + 4, end, NIBBLE_ETHERTYPES[b.u8(at + 4) >> 4]);
  },
  narrative(r) {
    const parts: Message[] = [{ id: N.label.id, params: { label: r.show(F.label) ?? '?', ttl: r.show(F.ttl) ?? '?' } }];
    if (r.number(F.bottom) === 0) parts.push({ id: N.more.id });
    else if (r.next && r.next.protocol !== 'data') parts.push({ id: N.bottom.id, params: { next: r.next.name } });
    else parts.push({ id: N.bottom_unknown.id });
    return parts;
  },
};
