// VXLAN, Virtual eXtensible LAN (RFC 7348, group policy extension draft-smith-vxlan-group-policy):
// an 8-byte header in a UDP datagram (port 4789) that carries a whole Ethernet frame between
// two tunnel endpoints, with a 24-bit network number (VNI) that keeps tenants' networks apart.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';

const TRUE_FALSE = ['True', 'False'] as const;

const F = defineFields('vxlan', {
  flags: { label: 'Flags', type: 'uint16', base: 'hex', description: 'Which fields of the header are valid: the I flag must be set for the VNI to count.', rfc: 'RFC 7348 §5' },
  flag_g: { label: 'GBP Extension', type: 'boolean', bits: 16, mask: 0x8000, tfs: ['Defined', 'Not defined'], description: 'Set when the group policy extension is used: the Group Policy ID is valid.', rfc: 'draft-smith-vxlan-group-policy §2.1' },
  flag_i: { label: 'VXLAN Network ID (VNI)', type: 'boolean', bits: 16, mask: 0x0800, tfs: TRUE_FALSE, description: 'Set when the VNI field is valid; RFC 7348 requires it.', rfc: 'RFC 7348 §5' },
  flag_d: { label: "Don't Learn", type: 'boolean', bits: 16, mask: 0x0040, tfs: TRUE_FALSE, description: 'Group policy extension: the receiving endpoint should not learn the inner source address.', rfc: 'draft-smith-vxlan-group-policy §2.1' },
  flag_a: { label: 'Policy Applied', type: 'boolean', bits: 16, mask: 0x0008, tfs: TRUE_FALSE, description: 'Group policy extension: the policy has already been applied to this frame.', rfc: 'draft-smith-vxlan-group-policy §2.1' },
  flags_reserved: { label: 'Reserved(R)', type: 'uint16', base: 'hex', mask: 0x77b7, description: 'Reserved flag bits; a sender sets them to 0.', rfc: 'RFC 7348 §5' },
  gbp: { label: 'Group Policy ID', type: 'uint16', description: 'Group policy extension: the policy group of the frame\'s sender (0 otherwise).', rfc: 'draft-smith-vxlan-group-policy §2.1' },
  vni: { label: 'VXLAN Network Identifier (VNI)', type: 'uint24', description: 'The virtual network this frame belongs to; frames only reach machines in the same VNI, like a VLAN number but with 16 million of them.', rfc: 'RFC 7348 §5' },
  reserved8: { label: 'Reserved', type: 'uint8', description: 'Reserved; a sender sets it to 0.', rfc: 'RFC 7348 §5' },
});

const N = defineMessages('vxlan.narrative', {
  carries: 'VXLAN carries a whole {next} frame inside this UDP datagram, in virtual network {vni}: the outer headers take it between the tunnel endpoints, the inner frame is what the virtual machines exchanged',
  header: 'VXLAN header for virtual network {vni}',
});

/** Flag bits and the names Wireshark lists after the flags' value. */
const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [[0x8000, 'GBP Extension'], [0x0800, 'VXLAN Network ID (VNI)'], [0x0040, "Don't Learn"], [0x0008, 'Policy Applied']];

export const vxlan: ProtocolModule = {
  // An Ethernet overlay (OSI 2) that the outer UDP delivers as its payload, like an application's.
  place: { protocol: 'vxlan', osi: 2, tcpip: 'application' },
  name: 'VXLAN',
  fields: F,
  registrations: [{ table: 'udp.port', keys: [4789] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Virtual eXtensible Local Area Network';
    ctx.columns.protocol = 'VxLAN';
    ctx.columns.info.clear();
    const flags = b.uint(null, F.flags, at);
    if (flags < 0) return undefined;
    const field = b.last;
    b.annotate(field, () => FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => `, ${name}`).join(''));
    for (const spec of [F.flag_g, F.flag_i, F.flag_d, F.flag_a, F.flags_reserved]) b.bits(field, spec, at, 2);
    if (b.uint(null, F.gbp, at + 2) < 0) return undefined;
    if (b.uint(null, F.vni, at + 4) < 0) return undefined;
    if (b.uint(null, F.reserved8, at + 7) < 0) return undefined;
    // The payload is an Ethernet frame: the EtherType of Transparent Ethernet Bridging finds its decoder.
    return b.next('ethertype', at + 8, end, 0x6558);
  },
  narrative(r): Message[] {
    const vni = r.show(F.vni) ?? '?';
    const next = r.next;
    return [next && next.protocol !== 'data' ? { id: N.carries.id, params: { next: next.name, vni } } : { id: N.header.id, params: { vni } }];
  },
};
