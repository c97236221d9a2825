// ARP (RFC 826): asks "who has this IP address?" on the local link and answers with a hardware
// address. Placed on OSI layer 2 / the TCP/IP link layer, as RFC 1122 §2.3.2.1 and Packet
// Tracer's OSI view do: ARP never leaves the link, though it speaks about network addresses.

import type { ColumnText } from '../column-text.js';
import type { ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber, macAddress, plainHex } from '../display-format.js';
import { ETHERTYPE_NAMES } from './ethertype-names.js';
import { HARDWARE_TYPE_NAMES } from './hardware-type-names.js';

/** Wireshark's names of ARP operations (RFC 826, RFC 903, RFC 1293, RFC 2022, RFC 5494...). */
const OPCODE_NAMES: Readonly<Record<number, string>> = {
  0: 'reserved',
  1: 'request',
  2: 'reply',
  3: 'reverse request',
  4: 'reverse reply',
  5: 'drarp request',
  6: 'drarp reply',
  7: 'drarp error',
  8: 'inverse request',
  9: 'inverse reply',
  10: 'arp nak',
  11: 'mars request',
  12: 'mars multi',
  13: 'mars mserv',
  14: 'mars join',
  15: 'mars leave',
  16: 'mars nak',
  17: 'mars unserv',
  18: 'mars sjoin',
  19: 'mars sleave',
  20: 'mars grouplist request',
  21: 'mars grouplist reply',
  22: 'mars redirect map',
  23: 'mapos unarp',
  24: 'experimental 1',
  25: 'experimental 2',
  65535: 'reserved',
};

const F = defineFields('arp', {
  'hw.type': { label: 'Hardware type', type: 'uint16', values: HARDWARE_TYPE_NAMES, description: 'The kind of link the hardware addresses belong to: 1 is Ethernet.', rfc: 'RFC 826' },
  'proto.type': { label: 'Protocol type', type: 'uint16', base: 'hex', values: ETHERTYPE_NAMES, description: 'The kind of network address being resolved, as an EtherType: 0x0800 is IPv4.', rfc: 'RFC 826' },
  'hw.size': { label: 'Hardware size', type: 'uint8', description: 'Bytes in each hardware address: 6 for a MAC address.', rfc: 'RFC 826' },
  'proto.size': { label: 'Protocol size', type: 'uint8', description: 'Bytes in each network address: 4 for IPv4.', rfc: 'RFC 826' },
  opcode: { label: 'Opcode', type: 'uint16', values: OPCODE_NAMES, description: 'What this message is: 1 a request ("who has…?"), 2 a reply ("… is at …").', rfc: 'RFC 826' },
  isgratuitous: { label: 'Is gratuitous', type: 'boolean', generated: true, description: 'The sender asks about (or answers for) its own address: it announces its MAC address, or checks nobody else uses its IP address.', rfc: 'RFC 5227' },
  isprobe: { label: 'Is probe', type: 'boolean', generated: true, description: 'A sender without an address yet (0.0.0.0) asks whether anyone uses the address it wants to take.', rfc: 'RFC 5227 §2.1.1' },
  isannouncement: { label: 'Is announcement', type: 'boolean', generated: true, description: 'A request for the sender\'s own address: it tells every host on the link that it now has this address.', rfc: 'RFC 5227 §2.3' },
  'src.hw_mac': { label: 'Sender MAC address', type: 'ether', description: 'The hardware address of the host sending this message.', rfc: 'RFC 826' },
  'src.hw': { label: 'Sender hardware address', type: 'bytes', description: 'The hardware address of the host sending this message.', rfc: 'RFC 826' },
  'src.proto_ipv4': { label: 'Sender IP address', type: 'ipv4', description: 'The IP address of the host sending this message; receivers may note it with the sender\'s MAC.', rfc: 'RFC 826' },
  'src.proto': { label: 'Sender protocol address', type: 'bytes', description: 'The network address of the host sending this message.', rfc: 'RFC 826' },
  'dst.hw_mac': { label: 'Target MAC address', type: 'ether', description: 'The hardware address being asked for; all zeros in a request, because it is not yet known.', rfc: 'RFC 826' },
  'dst.hw': { label: 'Target hardware address', type: 'bytes', description: 'The hardware address being asked for; zeros in a request.', rfc: 'RFC 826' },
  'dst.proto_ipv4': { label: 'Target IP address', type: 'ipv4', description: 'The IP address whose owner the sender wants to find (or is answering).', rfc: 'RFC 826' },
  'dst.proto': { label: 'Target protocol address', type: 'bytes', description: 'The network address whose owner the sender wants to find.', rfc: 'RFC 826' },
});

const N = defineMessages('arp.narrative', {
  request: 'ARP request: who has {target}? Tell {sender}',
  reply: 'ARP reply: {sender} is at {senderHw}',
  announcement: 'ARP announcement: {sender} tells the link it now uses this address, at {senderHw}',
  gratuitous: 'gratuitous ARP: {sender} speaks of its own address, at {senderHw}, so every host on the link updates its cache',
  probe: 'ARP probe: a host without an address yet asks whether anyone already uses {target}',
  operation: 'ARP {operation} (opcode {opcode}) about {target}',
  other: 'ARP message (opcode {opcode}) about {target}',
});

const OP = { REQUEST: 1, REPLY: 2 } as const;
/** The fixed part of the header, before the four addresses. */
const FIXED = 8;

/** The packet list's protocol per operation, as Wireshark names the protocol using it. */
function protocolColumn(op: number): string {
  if (op === 3 || op === 4) return 'RARP';
  if (op >= 5 && op <= 7) return 'DRARP';
  if (op === 8 || op === 9) return 'Inverse ARP';
  if (op >= 11 && op <= 22) return 'MARS';
  if (op === 23) return 'MAPOS';
  return 'ARP';
}

/** What Wireshark's info column says before "from <sender> at <address>" for MARS operations. */
const MARS_INFO: Readonly<Record<number, string>> = {
  11: 'MARS request', 12: 'MARS MULTI request', 13: 'MARS MSERV request', 14: 'MARS JOIN request', 15: 'MARS LEAVE',
  16: 'MARS NAK', 17: 'MARS UNSERV request', 18: 'MARS SJOIN request', 19: 'MARS SLEAVE', 20: 'MARS grouplist request',
  21: 'MARS grouplist reply', 22: 'MARS redirect map', 23: 'MAPOS UNARP request',
};

/** Where the four addresses are, how long, and whether they are MAC and IPv4 addresses. */
interface Addresses {
  sha: number;
  spa: number;
  tha: number;
  tpa: number;
  hln: number;
  pln: number;
  ether: boolean;
  ipv4: boolean;
}

/** Appends an address to a column as Wireshark writes it: MAC or dotted IPv4, else plain hex. */
function appendAddress(col: ColumnText, bytes: Uint8Array, at: number, length: number, known: boolean, kind: 'mac' | 'ipv4'): void {
  if (length === 0) col.text('<No address>');
  else if (known && kind === 'ipv4') col.ipv4(bytes, at);
  else col.text(known ? macAddress(bytes, at) : plainHex(bytes.subarray(at, at + length)));
}

/** The info column as tshark writes it for this operation. */
function writeInfo(col: ColumnText, bytes: Uint8Array, op: number, a: Addresses, gratuitous: boolean, announcement: boolean, probe: boolean): void {
  const hw = (at: number) => appendAddress(col, bytes, at, a.hln, a.ether, 'mac');
  const proto = (at: number) => appendAddress(col, bytes, at, a.pln, a.ipv4, 'ipv4');
  col.clear();
  if (op === OP.REQUEST) {
    if (announcement) {
      col.text('ARP Announcement for ');
      proto(a.tpa);
    } else if (gratuitous) {
      col.text('Gratuitous ARP for ');
      proto(a.tpa);
      col.text(' (Request)');
    } else {
      col.text('Who has ');
      proto(a.tpa);
      if (probe) col.text('? (ARP Probe)');
      else {
        col.text('? Tell ');
        proto(a.spa);
      }
    }
  } else if (op === OP.REPLY) {
    if (gratuitous) {
      col.text('Gratuitous ARP for ');
      proto(a.spa);
      col.text(' (Reply)');
    } else {
      proto(a.spa);
      col.text(' is at ');
      hw(a.sha);
    }
  } else if (op === 3 || op === 5 || op === 8) {
    col.text('Who is ');
    hw(a.tha);
    col.text('? Tell ');
    hw(a.sha);
  } else if (op === 4 || op === 6) {
    hw(a.tha);
    col.text(' is at ');
    proto(a.tpa);
  } else if (op === 9) {
    hw(a.sha);
    col.text(' is at ');
    proto(a.spa);
  } else if (MARS_INFO[op] !== undefined) {
    col.text(MARS_INFO[op]).text(' from ');
    hw(a.sha);
    col.text(' at ');
    proto(a.spa);
  } else {
    col.text(OTHER_INFO[op] ?? `Unknown ARP opcode ${hexNumber(op, 4)}`);
  }
}

/** Info texts of the operations that name no address. */
const OTHER_INFO: Readonly<Record<number, string>> = {
  0: 'Reserved opcode 0',
  7: 'DRARP Error',
  10: 'ARP NAK',
  24: 'Experimental 1 ( opcode 24 )',
  25: 'Experimental 2 ( opcode 25 )',
  65535: 'Reserved opcode 65535',
};

/** Whether the `length` bytes at `a` and at `b` are equal. */
function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

function allZero(bytes: Uint8Array, at: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[at + i] !== 0) return false;
  return true;
}

/** Adds one address: a MAC or IPv4 address when the sizes say so, else its bytes. */
function addAddress(b: LayerBuilder, known: FieldSpec, other: FieldSpec, at: number, length: number, isKnown: boolean): boolean {
  if (length === 0) return true;
  return isKnown ? b.address(null, known, at) : b.hex(null, other, at, length);
}

export const arp: ProtocolModule = {
  place: { protocol: 'arp', osi: 2, tcpip: 'link' },
  name: 'ARP',
  fields: F,
  registrations: [{ table: 'ethertype', keys: [0x0806] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    b.title = 'Address Resolution Protocol';
    ctx.columns.protocol = 'ARP';
    ctx.columns.info.clear();
    const hrd = b.uint(null, F['hw.type'], at);
    if (hrd < 0) return undefined;
    const pro = b.uint(null, F['proto.type'], at + 2);
    if (pro < 0) return undefined;
    const hln = b.uint(null, F['hw.size'], at + 4);
    if (hln < 0) return undefined;
    const pln = b.uint(null, F['proto.size'], at + 5);
    if (pln < 0) return undefined;
    const op = b.uint(null, F.opcode, at + 6);
    if (op < 0) return undefined;
    ctx.columns.protocol = protocolColumn(op);
    const sha = at + FIXED;
    const a: Addresses = { sha, spa: sha + hln, tha: sha + hln + pln, tpa: sha + 2 * hln + pln, hln, pln, ether: (hrd === 1 || hrd === 6) && hln === 6, ipv4: pro === 0x0800 && pln === 4 };
    const complete = b.has(at, FIXED + 2 * hln + 2 * pln);
    // RFC 5227's cases, told apart as Wireshark does (the target hardware address read as 6 bytes).
    const asking = op === OP.REQUEST || op === OP.REPLY;
    const gratuitous = complete && asking && pln > 0 && sameBytes(bytes, a.spa, a.tpa, pln);
    const zeroTarget = op === OP.REQUEST && b.has(a.tha, 6) && allZero(bytes, a.tha, 6);
    const announcement = gratuitous && zeroTarget;
    const probe = complete && !gratuitous && zeroTarget && b.has(a.spa, 4) && allZero(bytes, a.spa, 4);
    if (gratuitous) b.add(null, F.isgratuitous, at, 0, 1);
    if (probe) b.add(null, F.isprobe, at, 0, 1);
    if (announcement) b.add(null, F.isannouncement, at, 0, 1);
    if (!addAddress(b, F['src.hw_mac'], F['src.hw'], a.sha, hln, a.ether)) return undefined;
    if (!addAddress(b, F['src.proto_ipv4'], F['src.proto'], a.spa, pln, a.ipv4)) return undefined;
    if (!addAddress(b, F['dst.hw_mac'], F['dst.hw'], a.tha, hln, a.ether)) return undefined;
    if (!addAddress(b, F['dst.proto_ipv4'], F['dst.proto'], a.tpa, pln, a.ipv4)) return undefined;
    writeInfo(ctx.columns.info, bytes, op, a, gratuitous, announcement, probe);
    if (b.detail) {
      const name = OPCODE_NAMES[op];
      const kind = announcement ? 'ARP Announcement' : probe ? 'ARP Probe' : gratuitous ? `${name}/gratuitous ARP` : name;
      b.title = `Address Resolution Protocol (${kind ?? `opcode ${hexNumber(op, 4)}`})`;
    }
    // ARP carries no payload: what follows its last address is the link layer's padding.
    return b.next('ethertype', b.end, Math.min(b.end, end));
  },
  narrative(r) {
    const sender = r.show(F['src.proto_ipv4']) ?? r.show(F['src.proto']) ?? '?';
    const target = r.show(F['dst.proto_ipv4']) ?? r.show(F['dst.proto']) ?? '?';
    const senderHw = r.show(F['src.hw_mac']) ?? r.show(F['src.hw']) ?? '?';
    const op = r.number(F.opcode);
    let part: Message;
    if (r.isSet(F.isannouncement)) part = { id: N.announcement.id, params: { sender, senderHw } };
    else if (r.isSet(F.isgratuitous)) part = { id: N.gratuitous.id, params: { sender, senderHw } };
    else if (r.isSet(F.isprobe)) part = { id: N.probe.id, params: { target } };
    else if (op === OP.REQUEST) part = { id: N.request.id, params: { sender, target } };
    else if (op === OP.REPLY) part = { id: N.reply.id, params: { sender, senderHw } };
    else if (op !== undefined && OPCODE_NAMES[op] !== undefined) part = { id: N.operation.id, params: { operation: OPCODE_NAMES[op], opcode: op, target } };
    else part = { id: N.other.id, params: { opcode: op ?? '?', target } };
    return [part];
  },
};
