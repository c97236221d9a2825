// ARP (RFC 826): asks "who has this IP address?" on the local link and answers with a hardware
// address. Placed on OSI layer 2 / the TCP/IP link layer, as RFC 1122 §2.3.2.1 and Packet
// Tracer's OSI view do: ARP never leaves the link, though it speaks about network addresses.

import type { Dissector, ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { colonHex, hexNumber, ipv4Address, macAddress } from '../display-format.js';

const F = defineFields('arp', {
  'hw.type': { label: 'Hardware type', description: 'The kind of link the hardware addresses belong to: 1 is Ethernet.', rfc: 'RFC 826' },
  'proto.type': { label: 'Protocol type', description: 'The kind of network address being resolved, as an EtherType: 0x0800 is IPv4.', rfc: 'RFC 826' },
  'hw.size': { label: 'Hardware size', description: 'Bytes in each hardware address: 6 for a MAC address.', rfc: 'RFC 826' },
  'proto.size': { label: 'Protocol size', description: 'Bytes in each network address: 4 for IPv4.', rfc: 'RFC 826' },
  opcode: { label: 'Opcode', description: 'What this message is: 1 a request ("who has…?"), 2 a reply ("… is at …").', rfc: 'RFC 826' },
  'src.hw_mac': { label: 'Sender MAC address', description: 'The hardware address of the host sending this message.', rfc: 'RFC 826' },
  'src.hw': { label: 'Sender hardware address', description: 'The hardware address of the host sending this message.', rfc: 'RFC 826' },
  'src.proto_ipv4': { label: 'Sender IP address', description: 'The IP address of the host sending this message; receivers may note it with the sender\'s MAC.', rfc: 'RFC 826' },
  'src.proto': { label: 'Sender protocol address', description: 'The network address of the host sending this message.', rfc: 'RFC 826' },
  'dst.hw_mac': { label: 'Target MAC address', description: 'The hardware address being asked for; all zeros in a request, because it is not yet known.', rfc: 'RFC 826' },
  'dst.hw': { label: 'Target hardware address', description: 'The hardware address being asked for; zeros in a request.', rfc: 'RFC 826' },
  'dst.proto_ipv4': { label: 'Target IP address', description: 'The IP address whose owner the sender wants to find (or is answering).', rfc: 'RFC 826' },
  'dst.proto': { label: 'Target protocol address', description: 'The network address whose owner the sender wants to find.', rfc: 'RFC 826' },
});

const OPCODES: Record<number, string> = { 1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply' };

export const arpDissector: Dissector = {
  place: { protocol: 'arp', osi: 2, tcpip: 'link' },
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    b.title = 'Address Resolution Protocol';
    ctx.columns.protocol = 'ARP';
    if (!b.need(F['hw.type'], at, 2)) return undefined;
    const hwType = b.u16(at);
    b.add(null, F['hw.type'], at, 2, hwType, b.detail ? String(hwType) : '');
    if (!b.need(F['proto.type'], at + 2, 2)) return undefined;
    const protoType = b.u16(at + 2);
    b.add(null, F['proto.type'], at + 2, 2, protoType, b.detail ? hexNumber(protoType, 4) : '');
    if (!b.need(F['hw.size'], at + 4, 1)) return undefined;
    const hwSize = b.u8(at + 4);
    b.add(null, F['hw.size'], at + 4, 1, hwSize, b.detail ? String(hwSize) : '');
    if (!b.need(F['proto.size'], at + 5, 1)) return undefined;
    const protoSize = b.u8(at + 5);
    b.add(null, F['proto.size'], at + 5, 1, protoSize, b.detail ? String(protoSize) : '');
    if (!b.need(F.opcode, at + 6, 2)) return undefined;
    const opcode = b.u16(at + 6);
    b.add(null, F.opcode, at + 6, 2, opcode, b.detail ? String(opcode) : '');
    const ethernet = hwSize === 6;
    const ipv4 = protoType === 0x0800 && protoSize === 4;
    const address = (o: number, hw: boolean): string =>
      hw ? (ethernet ? macAddress(bytes, o) : colonHex(bytes.subarray(o, o + hwSize))) : ipv4 ? ipv4Address(bytes, o) : colonHex(bytes.subarray(o, o + protoSize));
    const parts: Array<[typeof F['src.hw'], number, boolean]> = [
      [ethernet ? F['src.hw_mac'] : F['src.hw'], at + 8, true],
      [ipv4 ? F['src.proto_ipv4'] : F['src.proto'], at + 8 + hwSize, false],
      [ethernet ? F['dst.hw_mac'] : F['dst.hw'], at + 8 + hwSize + protoSize, true],
      [ipv4 ? F['dst.proto_ipv4'] : F['dst.proto'], at + 8 + 2 * hwSize + protoSize, false],
    ];
    const shown: string[] = [];
    for (const [spec, o, hw] of parts) {
      const size = hw ? hwSize : protoSize;
      if (!b.need(spec, o, size)) return undefined;
      const text = address(o, hw);
      shown.push(text);
      b.add(null, spec, o, size, text, text);
    }
    const [senderHw, senderIp, , targetIp] = shown;
    const gratuitous = opcode === 1 && senderIp === targetIp;
    if (opcode === 1) {
      ctx.columns.info.set(gratuitous ? `ARP Announcement for ${senderIp}` : `Who has ${targetIp}? Tell ${senderIp}`);
    } else if (opcode === 2) {
      ctx.columns.info.set(`${senderIp} is at ${senderHw}`);
    } else {
      ctx.columns.info.set(`ARP opcode ${opcode}`);
    }
    if (ctx.detail) {
      const op = OPCODES[opcode] ?? 'unknown opcode';
      b.title = `Address Resolution Protocol (${gratuitous ? 'ARP Announcement' : op})`;
    }
    // ARP carries no payload: what follows its last address is link-layer padding.
    return b.next('ethertype', b.end, Math.min(b.end, end));
  },
};

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const arp = { ...arpDissector, name: 'ARP', fields: {}, registrations: [{ table: 'ethertype', keys: [0x0806] }] } as unknown as ProtocolModule;
