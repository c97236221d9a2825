// IEEE 802.2 Logical Link Control, and SNAP inside it: the header that 802.11 data frames and
// IEEE 802.3 (length-field) Ethernet frames put before their payload. DSAP and SSAP name the
// protocol on each side (0x42 spanning tree); DSAP 0xaa is SNAP, whose 3-byte organisation code
// and 2-byte protocol ID say what follows (organisation 00:00:00: an EtherType, so IPv4, IPv6, ARP,
// EAPOL travel over Wi-Fi exactly as over Ethernet II). IEEE Std 802.2, IEEE Std 802-2014 §9.3.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineMessages } from '../../text/catalog.js';
import { defineProblems } from '../problem-spec.js';
import { colonHex, hexNumber } from '../display-format.js';
import { ETHERTYPE_NAMES, announceEtherType } from './ethertype-names.js';

const SAP_NAMES: Readonly<Record<number, string>> = {
  0x00: 'NULL LSAP', 0x02: 'LLC Sub-Layer Management', 0x04: 'SNA Path Control', 0x06: 'TCP/IP', 0x42: 'Spanning Tree BPDU',
  0x7e: 'ISO 8208 (X.25 over 802.2)', 0x80: 'XNS', 0x98: 'ARP', 0xaa: 'SNAP', 0xe0: 'NetWare', 0xf0: 'NetBIOS', 0xfe: 'ISO Network Layer', 0xff: 'Global LSAP',
};

const ORGANIZATIONS: Readonly<Record<number, string>> = {
  0x000000: 'Officially Xerox, but',
  0x00000c: 'Cisco Systems, Inc',
  0x0000f8: 'Cisco 90-Compatible',
  0x000142: 'Cisco',
  0x0080c2: 'IEEE 802.1 Committee',
};

const CISCO_PIDS: Readonly<Record<number, string>> = {
  0x0102: 'DRIP', 0x0104: 'PAgP', 0x0105: 'MLS Hello', 0x010b: 'PVSTP+', 0x010c: 'VLAN Bridge', 0x0111: 'UDLD', 0x2000: 'CDP', 0x2001: 'CGMP',
  0x2003: 'VTP', 0x2004: 'DTP', 0x200a: 'STP Uplink Fast',
};

/** A SAP's name by its whole byte, for the 7-bit SAP subfield (which holds the byte shifted down). */
const sapName = (v: number | string) => SAP_NAMES[Number(v) << 1] ?? 'Unknown';
const UNNUMBERED: Readonly<Record<number, string>> = { 0x00: 'Unnumbered Information', 0x2b: 'Exchange Identification', 0x38: 'Test', 0x1b: 'Set Asynchronous Balanced Mode Extended', 0x18: 'Unnumbered Acknowledge', 0x10: 'Disconnect' };
const UNNUMBERED_SHORT: Readonly<Record<number, string>> = { 0x00: 'UI', 0x2b: 'XID', 0x38: 'TEST', 0x1b: 'SABME', 0x18: 'UA', 0x10: 'DISC' };

const STD = 'IEEE 802.2 §3';

const F = defineFields('llc', {
  dsap: { label: 'DSAP', type: 'uint8', base: 'hex', values: SAP_NAMES, description: 'The destination service access point: which protocol on the receiving side gets the payload (0xaa: SNAP says it below).', rfc: STD },
  'dsap.sap': { label: 'SAP', type: 'uint8', mask: 0xfe, format: sapName, description: 'The service access point itself (the upper seven bits).', rfc: STD },
  'dsap.ig': { label: 'IG Bit', type: 'boolean', bits: 8, mask: 0x01, tfs: ['Group', 'Individual'], description: 'Set when the destination is a group of service access points.', rfc: STD },
  ssap: { label: 'SSAP', type: 'uint8', base: 'hex', values: SAP_NAMES, description: 'The source service access point: which protocol on the sending side sent the payload.', rfc: STD },
  'ssap.sap': { label: 'SAP', type: 'uint8', mask: 0xfe, format: sapName, description: 'The service access point itself (the upper seven bits).', rfc: STD },
  'ssap.cr': { label: 'CR Bit', type: 'boolean', bits: 8, mask: 0x01, tfs: ['Response', 'Command'], description: 'Set for a response, clear for a command.', rfc: STD },
  control: { label: 'Control field', type: 'uint16', base: 'hex', description: 'The LLC frame\'s kind: nearly always 0x03, "unnumbered information" (LLC type 1: datagrams with no connection).', rfc: STD },
  'control.u_modifier_cmd': { label: 'Command', type: 'uint8', base: 'hex', mask: 0xec, values: UNNUMBERED, description: 'Which unnumbered command this is (UI: plain data).', rfc: STD },
  'control.ftype': { label: 'Frame type', type: 'uint8', base: 'hex', mask: 0x03, values: { 0: 'Information frame', 1: 'Supervisory frame', 2: 'Information frame', 3: 'Unnumbered frame' }, description: 'Information, supervisory or unnumbered frame.', rfc: STD },
  oui: { label: 'Organization Code', type: 'uint24', format: (v) => organizationText(Number(v)), description: 'SNAP: the organisation that defines the protocol ID after it (00:00:00: the protocol ID is an EtherType).', rfc: 'IEEE 802-2014 §9.3' },
  type: { label: 'Type', type: 'uint16', base: 'hex', values: ETHERTYPE_NAMES, description: 'SNAP with organisation 00:00:00: the EtherType of the payload, as in an Ethernet II frame.', rfc: 'IEEE 802-2014 §9.3' },
  cisco_pid: { label: 'PID', type: 'uint16', base: 'hex', values: CISCO_PIDS, description: 'SNAP with Cisco\'s organisation code: which Cisco protocol follows (0x2000: CDP).', rfc: 'IEEE 802-2014 §9.3' },
  pid: { label: 'Protocol ID', type: 'uint16', base: 'hex', description: 'SNAP: the protocol ID, defined by the organisation before it.', rfc: 'IEEE 802-2014 §9.3' },
});

function organizationText(oui: number): string {
  const text = colonHex(Uint8Array.of((oui >>> 16) & 0xff, (oui >>> 8) & 0xff, oui & 0xff));
  const name = ORGANIZATIONS[oui];
  // Wireshark's name for 00:00:00 is cut short in its line, parenthesis and all.
  if (oui === 0) return `${text} (${name}`;
  return name ? `${text} (${name})` : text;
}

const P = defineProblems('llc', {
  snap_short: ['error', 'The SNAP header at offset {offset} (5 bytes) runs past the end of the LLC data at offset {end}'],
});

const N = defineMessages('llc.narrative', {
  snap: 'LLC with SNAP: type {type} says {next} comes next',
  snap_unknown: 'LLC with SNAP: organisation {oui}, protocol {pid}',
  sap: 'LLC from service access point {ssap} to {dsap}',
});

const SNAP = 0xaa;
const CISCO = 0x00000c;

export const llc: ProtocolModule = {
  place: { protocol: 'llc', osi: 2, tcpip: 'link' },
  name: 'LLC',
  fields: F,
  registrations: [{ table: 'llc', keys: [0] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Logical-Link Control';
    ctx.columns.protocol = 'LLC';
    const dsap = b.uint(null, F.dsap, at);
    if (dsap < 0) return undefined;
    const dsapField = b.last;
    b.bits(dsapField, F['dsap.sap'], at);
    b.bits(dsapField, F['dsap.ig'], at);
    const ssap = b.uint(null, F.ssap, at + 1);
    if (ssap < 0) return undefined;
    const ssapField = b.last;
    b.bits(ssapField, F['ssap.sap'], at + 1);
    b.bits(ssapField, F['ssap.cr'], at + 1);
    const control = b.u8(at + 2);
    if (!b.need(F.control, at + 2, 1)) return undefined;
    const controlField = b.add(null, F.control, at + 2, 1, control);
    const unnumbered = (control & 0x03) === 0x03;
    if (unnumbered) {
      const modifier = (control & 0xec) >> 2;
      if (b.detail) b.rewrite(controlField, () => `Control field: U, func=${UNNUMBERED_SHORT[modifier] ?? hexNumber(modifier, 2)} (${hexNumber(control, 2)})`);
      b.add(controlField, F['control.u_modifier_cmd'], at + 2, 1, modifier);
    }
    b.add(controlField, F['control.ftype'], at + 2, 1, control & 0x03);
    ctx.columns.info.clear().text(unnumbered ? `U, func=${UNNUMBERED_SHORT[(control & 0xec) >> 2] ?? '?'}` : 'I/S');
    if (dsap !== SNAP || ssap !== SNAP) return b.next('llc.dsap', at + 3, end, dsap);
    // The SNAP header must fit in what the length before it (802.3) or the frame (802.11) leaves.
    if (at + 8 > end && b.has(at + 3, 5)) {
      b.problem(P.snap_short, at + 3, { offset: at + 3, end });
      return undefined;
    }
    const oui = b.uint(null, F.oui, at + 3);
    if (oui < 0) return undefined;
    if (oui === 0) {
      const type = b.uint(null, F.type, at + 6);
      if (type < 0) return undefined;
      if (at + 8 < end) announceEtherType(ctx.columns, type);
      return b.next('ethertype', at + 8, end, type);
    }
    const pid = b.uint(null, oui === CISCO ? F.cisco_pid : F.pid, at + 6);
    if (pid < 0) return undefined;
    return b.next(oui === CISCO ? 'llc.cisco_pid' : 'llc.pid', at + 8, end, pid);
  },
  narrative(r) {
    const type = r.field(F.type);
    if (type) return [{ id: N.snap.id, params: { type: type.showname.slice('Type: '.length), next: r.next?.name ?? '?' } }];
    const oui = r.field(F.oui);
    if (oui) return [{ id: N.snap_unknown.id, params: { oui: oui.showname.slice('Organization Code: '.length), pid: (r.field(F.cisco_pid) ?? r.field(F.pid))?.show ?? '?' } }];
    return [{ id: N.sap.id, params: { dsap: r.field(F.dsap)?.showname.slice('DSAP: '.length) ?? '?', ssap: r.field(F.ssap)?.showname.slice('SSAP: '.length) ?? '?' } }];
  },
};
