// EAPOL, EAP over LAN (IEEE 802.1X, EtherType 0x888e): how a station proves who it is before a
// port (or a Wi-Fi association) lets its traffic through, and how WPA's 4-way handshake sends
// its keys. Its header: version, packet type, body length; the body (EAP messages, key
// descriptors) is shown as data here. IEEE Std 802.1X-2020 §11.3.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineMessages } from '../../text/catalog.js';

const TYPES: Readonly<Record<number, string>> = {
  0: 'EAP Packet', 1: 'Start', 2: 'Logoff', 3: 'Key', 4: 'Encapsulated ASF Alert', 5: 'MKA', 6: 'Announcement (Generic)', 7: 'Announcement (Specific)', 8: 'Announcement Request',
};

const STD = 'IEEE 802.1X-2020 §11.3';

const F = defineFields('eapol', {
  version: { label: 'Version', type: 'uint8', values: { 1: '802.1X-2001', 2: '802.1X-2004', 3: '802.1X-2010' }, description: 'Which edition of IEEE 802.1X the sender follows.', rfc: STD },
  type: { label: 'Type', type: 'uint8', values: TYPES, description: 'What the packet is: an EAP message (the login conversation), Start (the station asks to begin), Logoff, or Key (WPA\'s 4-way handshake).', rfc: STD },
  len: { label: 'Length', type: 'uint16', description: 'Bytes of the body after this 4-byte header.', rfc: STD },
});

const N = defineMessages('eapol.narrative', {
  packet: '802.1X {type}: port-based authentication, before the network lets the station\'s traffic through',
});

export const eapol: ProtocolModule = {
  place: { protocol: 'eapol', osi: 2, tcpip: 'link' },
  name: 'EAPOL',
  fields: F,
  registrations: [{ table: 'ethertype', keys: [0x888e] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = '802.1X Authentication';
    ctx.columns.protocol = 'EAPOL';
    if (b.uint(null, F.version, at) < 0) return undefined;
    const type = b.uint(null, F.type, at + 1);
    if (type < 0) return undefined;
    ctx.columns.info.set(TYPES[type] ?? 'Unknown');
    const length = b.uint(null, F.len, at + 2);
    if (length < 0) return undefined;
    return b.next('eapol.type', at + 4, Math.min(end, at + 4 + length), type);
  },
  narrative(r) {
    return [{ id: N.packet.id, params: { type: r.field(F.type)?.showname.slice('Type: '.length) ?? '?' } }];
  },
};
