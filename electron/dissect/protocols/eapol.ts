// EAPOL, EAP over LAN (IEEE 802.1X, EtherType 0x888e): how a station proves who it is before a
// port (or a Wi-Fi association) lets its traffic through, and how WPA's 4-way handshake sends its
// keys. Its header: version, packet type, body length. A Key packet's body is a key descriptor:
// which message of the handshake it is (from its key information bits), the replay counter, the
// nonce each side contributes, the MIC that proves the sender knows the passphrase, and key data
// (elements such as RSN, or the group key, encrypted). IEEE Std 802.1X-2020 §11.3, IEEE Std
// 802.11-2020 §12.7.2.

import type { ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { addElements, ELEMENT_FIELDS, elementSummary } from './ieee80211-elements.js';

const TYPES: Readonly<Record<number, string>> = {
  0: 'EAP Packet', 1: 'Start', 2: 'Logoff', 3: 'Key', 4: 'Encapsulated ASF Alert', 5: 'MKA', 6: 'Announcement (Generic)', 7: 'Announcement (Specific)', 8: 'Announcement Request',
};

const STD = 'IEEE 802.1X-2020 §11.3';
const KEY = 'IEEE 802.11-2020 §12.7.2';
const KEY_TYPE = 3;
const RSN_KEY = 2;
const WPA_KEY = 254;
/** The fixed part of a key descriptor, before its key data: type to key data length. */
const DESCRIPTOR = 95;

const F = defineFields('eapol', {
  version: { label: 'Version', type: 'uint8', values: { 1: '802.1X-2001', 2: '802.1X-2004', 3: '802.1X-2010' }, description: 'Which edition of IEEE 802.1X the sender follows.', rfc: STD },
  type: { label: 'Type', type: 'uint8', values: TYPES, description: 'What the packet is: an EAP message (the login conversation), Start (the station asks to begin), Logoff, or Key (WPA\'s 4-way handshake).', rfc: STD },
  len: { label: 'Length', type: 'uint16', description: 'Bytes of the body after this 4-byte header.', rfc: STD },
  'keydes.type': { label: 'Key Descriptor Type', type: 'uint8', values: { 1: 'RC4 Descriptor', 2: 'EAPOL RSN Key', 254: 'EAPOL WPA Key' }, description: 'The key descriptor\'s format: RSN (WPA2 and later) or the older WPA.', rfc: KEY },
  'keydes.key_len': { label: 'Key Length', type: 'uint16', description: 'How long the pairwise key is, in bytes (16 for CCMP).', rfc: KEY },
  'keydes.replay_counter': { label: 'Replay Counter', type: 'uint64', description: 'Counts the authenticator\'s key messages: the answer repeats it, and an old number is refused, so a recorded message cannot be replayed.', rfc: KEY },
  'keydes.key_iv': { label: 'Key IV', type: 'bytes', description: 'An initialization vector for encrypting the key data (zero in WPA2).', rfc: KEY },
});

const K = defineFields('wlan_rsna_eapol.keydes', {
  msgnr: { label: 'Message number', type: 'uint8', generated: true, description: 'Which message of the 4-way handshake (or of the 2-message group key handshake) this is, worked out from the key information bits.', rfc: KEY },
  key_info: { label: 'Key Information', type: 'uint16', base: 'hex', description: 'Bits that say what this key message carries and asks for: which key, whether to install it, whether it is acknowledged and signed.', rfc: KEY },
  'key_info.keydes_version': { label: 'Key Descriptor Version', type: 'uint16', mask: 0x0007, values: { 0: 'AKM defined', 1: 'RC4 Cipher, HMAC-MD5 MIC', 2: 'AES Cipher, HMAC-SHA1 MIC', 3: 'AES Cipher, AES-128-CMAC MIC' }, description: 'Which algorithms protect the key data and compute the MIC.', rfc: KEY },
  'key_info.key_type': { label: 'Key Type', type: 'boolean', bits: 16, mask: 0x0008, tfs: ['Pairwise Key', 'Group Key'], description: 'Whether the handshake sets up the pairwise key (for this station) or the group key (for broadcasts).', rfc: KEY },
  'key_info.key_index': { label: 'Key Index', type: 'uint16', mask: 0x0030, description: 'A key index (0 in WPA2).', rfc: KEY },
  'key_info.install': { label: 'Install', type: 'boolean', bits: 16, mask: 0x0040, description: 'Set when the receiver is to start using the key (message 3).', rfc: KEY },
  'key_info.key_ack': { label: 'Key ACK', type: 'boolean', bits: 16, mask: 0x0080, description: 'Set when the authenticator (access point) wants an answer: messages 1 and 3.', rfc: KEY },
  'key_info.key_mic': { label: 'Key MIC', type: 'boolean', bits: 16, mask: 0x0100, description: 'Set when the message carries a MIC, proof that the sender knows the shared key: messages 2, 3 and 4.', rfc: KEY },
  'key_info.secure': { label: 'Secure', type: 'boolean', bits: 16, mask: 0x0200, description: 'Set once the keys are in place: messages 3 and 4.', rfc: KEY },
  'key_info.error': { label: 'Error', type: 'boolean', bits: 16, mask: 0x0400, description: 'Set by a station reporting a MIC failure.', rfc: KEY },
  'key_info.request': { label: 'Request', type: 'boolean', bits: 16, mask: 0x0800, description: 'Set when the station asks the authenticator to start a handshake.', rfc: KEY },
  'key_info.encrypted_key_data': { label: 'Encrypted Key Data', type: 'boolean', bits: 16, mask: 0x1000, description: 'Set when the key data is encrypted (message 3 carries the group key so).', rfc: KEY },
  'key_info.smk_message': { label: 'SMK Message', type: 'boolean', bits: 16, mask: 0x2000, description: 'Set in a station-to-station key message.', rfc: KEY },
  nonce: { label: 'WPA Key Nonce', type: 'bytes', description: 'A random number each side contributes (ANonce from the access point, SNonce from the station): with the passphrase and both addresses, they make the session\'s keys.', rfc: KEY },
  rsc: { label: 'WPA Key RSC', type: 'bytes', description: 'The receive sequence counter the group key starts at.', rfc: KEY },
  id: { label: 'WPA Key ID', type: 'bytes', description: 'Reserved (zero).', rfc: KEY },
  mic: { label: 'WPA Key MIC', type: 'bytes', description: 'The message integrity code: a keyed hash over the message that only a holder of the passphrase can compute.', rfc: KEY },
  data_len: { label: 'WPA Key Data Length', type: 'uint16', description: 'Bytes of key data that follow.', rfc: KEY },
  data: { label: 'WPA Key Data', type: 'bytes', description: 'Elements (the RSN element a station repeats in message 2) or, encrypted, the group key (message 3).', rfc: KEY },
});

const KEY_INFO = [
  K['key_info.keydes_version'], K['key_info.key_type'], K['key_info.key_index'], K['key_info.install'], K['key_info.key_ack'], K['key_info.key_mic'],
  K['key_info.secure'], K['key_info.error'], K['key_info.request'], K['key_info.encrypted_key_data'], K['key_info.smk_message'],
];

const N = defineMessages('eapol.narrative', {
  packet: '802.1X {type}: port-based authentication, before the network lets the station\'s traffic through',
  pairwise: 'WPA key message {n} of 4 (the 4-way handshake that sets up this station\'s keys)',
  group: 'WPA group key message {n} of 2 (the handshake that hands out the broadcast key)',
  message1: 'the access point sends its random ANonce',
  message2: 'the station answers with its SNonce and a MIC proving it knows the passphrase',
  message3: 'the access point says to install the keys, and sends the group key encrypted',
  message4: 'the station confirms: from now on their frames are encrypted',
  group1: 'the access point sends the new group key',
  group2: 'the station confirms the group key',
});

const PAIRWISE = 0x0008;
const ACK = 0x0080;
const MIC = 0x0100;
const SECURE = 0x0200;
const ENCRYPTED = 0x1000;

/** Which handshake message a key descriptor is, as tshark tells them apart (0: neither). */
function messageNumber(b: LayerBuilder, info: number, nonceAt: number): number {
  if ((info & PAIRWISE) === 0) return info & ACK ? 1 : 2;
  if (info & ACK) return info & MIC ? 3 : 1;
  if ((info & MIC) === 0) return 0;
  if (info & SECURE) return 4;
  // Message 4 from an older station has no Secure bit, but (unlike message 2) no nonce either.
  for (let i = 0; i < 32; i++) if (b.u8(nonceAt + i) !== 0) return 2;
  return 4;
}

/** A key descriptor at `at` (its fixed part captured), the body ending at `end`. */
function addKeyDescriptor(b: LayerBuilder, at: number, end: number): number {
  const info = b.u16(at + 1);
  const n = messageNumber(b, info, at + 17);
  b.add(null, K.msgnr, at + 1, 0, n);
  const infoField = b.add(null, K.key_info, at + 1, 2, info);
  for (const spec of KEY_INFO) b.bits(infoField, spec, at + 1, 2);
  b.uint(null, F['keydes.key_len'], at + 3);
  b.addLazy(null, F['keydes.replay_counter'], at + 5, 8, () => String((BigInt(b.u32(at + 5)) << 32n) | BigInt(b.u32(at + 9))));
  b.hex(null, K.nonce, at + 13, 32);
  b.hex(null, F['keydes.key_iv'], at + 45, 16);
  b.hex(null, K.rsc, at + 61, 8);
  b.hex(null, K.id, at + 69, 8);
  b.hex(null, K.mic, at + 77, 16);
  const length = b.uint(null, K.data_len, at + 93);
  const room = Math.max(0, Math.min(end, b.captured) - (at + DESCRIPTOR));
  const shown = Math.min(length, room);
  if (length > room) b.missing(K.data, at + DESCRIPTOR, length);
  if (shown > 0) {
    const data = b.hexField(null, K.data, at + DESCRIPTOR, shown);
    // Unencrypted key data is a list of elements (message 2 repeats the station's RSN element).
    if ((info & ENCRYPTED) === 0) addElements(b, at + DESCRIPTOR, at + DESCRIPTOR + shown, elementSummary(false), data);
  }
  return n;
}

export const eapol: ProtocolModule = {
  place: { protocol: 'eapol', osi: 2, tcpip: 'link' },
  name: 'EAPOL',
  // The key data's information elements are 802.11's, decoded here.
  fields: { ...F, ...K, ...ELEMENT_FIELDS },
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
    const bodyEnd = Math.min(end, at + 4 + length);
    if (type !== KEY_TYPE) return b.next('eapol.type', at + 4, bodyEnd, type);
    const descriptor = b.uint(null, F['keydes.type'], at + 4);
    if (descriptor < 0) return undefined;
    if ((descriptor !== RSN_KEY && descriptor !== WPA_KEY) || !b.need(K.data_len, at + 4, DESCRIPTOR)) return b.next('eapol.key', at + 5, bodyEnd);
    const n = addKeyDescriptor(b, at + 4, bodyEnd);
    const group = (b.u16(at + 5) & PAIRWISE) === 0;
    if (n > 0) ctx.columns.info.set(group ? `Key (Group Message ${n} of 2)` : `Key (Message ${n} of 4)`);
    if (b.end < bodyEnd) b.end = bodyEnd;
    return b.next('eapol.key', b.end, bodyEnd);
  },
  narrative(r) {
    const n = r.number(K.msgnr);
    if (n === undefined || n === 0) return [{ id: N.packet.id, params: { type: r.field(F.type)?.showname.slice('Type: '.length) ?? '?' } }];
    const group = !r.isSet(K['key_info.key_type']);
    const roles = group ? [N.group1, N.group2] : [N.message1, N.message2, N.message3, N.message4];
    const parts: Message[] = [{ id: (group ? N.group : N.pairwise).id, params: { n } }];
    if (roles[n - 1]) parts.push({ id: roles[n - 1].id });
    return parts;
  },
};
