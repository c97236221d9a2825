// TLS (RFC 5246, RFC 8446): each record with its content type, version and length; handshake
// messages taken apart (hellos with every extension, certificates with their subject, issuer and
// validity, key exchanges, session tickets), alerts, heartbeats, and everything encrypted shown as
// such. A record that goes on past its segment is put together by TCP reassembly and decoded in
// the segment that ends it; one that cannot be (its start not captured) is shown as segment data.
// Fields, lines and columns are tshark 4.0's with its default TCP reassembly.

import type { Field } from '../field-model.js';
import type { DissectContext, LayerReading, ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems, type ProblemSpec } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { decodeText } from '../byte-text.js';
import { md5Hex } from './md5.js';
import { addCertificate, certificateSubject, X509_FIELDS } from './x509.js';
import { NO_PDU, ONE_MORE_SEGMENT, reassembledTailAt, registerPduLength } from './tcp-reassembly.js';
import {
  isGrease, TLS_ALERT_DESCRIPTIONS, TLS_ALERT_LEVELS, TLS_ALPN_PROTOCOLS, TLS_CIPHER_SUITES, TLS_COMPRESSION_METHODS,
  TLS_CONTENT_TYPES, TLS_CURVE_TYPES, TLS_EC_POINT_FORMATS, TLS_EXTENSIONS, TLS_GROUPS, TLS_HANDSHAKE_TYPES, TLS_HASH_ALGORITHMS,
  TLS_HEARTBEAT_TYPES, TLS_PORT_PROTOCOLS, TLS_PSK_KE_MODES, TLS_SERVER_NAME_TYPES, TLS_SIGNATURE_ALGORITHMS,
  TLS_SIGNATURE_SCHEMES, TLS_STATUS_TYPES, TLS_VERSION_SHORT, TLS_VERSIONS,
} from './tls-values.js';

const blank = () => '';
const asLine = (v: number | string) => String(v);
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** tshark's duration of whole seconds: "2 hours", "1 day, 2 hours, 3 minutes, 4 seconds". */
function durationText(total: number): string {
  const parts: string[] = [];
  const units: Array<[number, string]> = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  let rest = total;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return parts.length ? parts.join(', ') : '0 seconds';
}

const F = defineFields('tls', {
  record: { label: 'Record Layer', type: 'none', line: asLine, show: blank, description: 'One TLS record: everything TLS sends travels in records of up to 16 KB, each with a type, a version and a length.', rfc: 'RFC 8446 §5.1' },
  'record.content_type': { label: 'Content Type', type: 'uint8', values: TLS_CONTENT_TYPES, description: 'What the record carries: a handshake message, an alert, a cipher change or application data.', rfc: 'RFC 8446 §5.1' },
  'record.opaque_type': { label: 'Opaque Type', type: 'uint8', values: TLS_CONTENT_TYPES, description: 'In TLS 1.3 every encrypted record says "application data" here; its real type is hidden inside the encryption.', rfc: 'RFC 8446 §5.2' },
  'record.version': { label: 'Version', type: 'uint16', base: 'hex', values: TLS_VERSIONS, description: 'The protocol version of the record layer (TLS 1.3 keeps writing 1.2 here for old middleboxes).', rfc: 'RFC 8446 §5.1' },
  'record.length': { label: 'Length', type: 'uint16', description: 'How many bytes of content follow the record header.', rfc: 'RFC 8446 §5.1' },
  'segment.data': { label: 'TLS segment data', type: 'bytes', line: (v) => `TLS segment data (${String(v).length / 2} bytes)`, description: 'Bytes of a record whose other part is not in the capture (it began before the capture started, or was not put together): they cannot be decoded.', rfc: 'RFC 8446 §5.1' },
  change_cipher_spec: { label: 'Change Cipher Spec Message', type: 'none', description: 'From here on this side encrypts with the keys just agreed (in TLS 1.3 only sent for compatibility).', rfc: 'RFC 5246 §7.1' },
  alert_message: { label: 'Alert Message', type: 'none', show: blank, description: 'A warning or error: a fatal alert ends the connection; close_notify ends it cleanly.', rfc: 'RFC 8446 §6' },
  'alert_message.level': { label: 'Level', type: 'uint8', values: TLS_ALERT_LEVELS, description: 'Warning (the connection may go on) or fatal (it ends now).', rfc: 'RFC 5246 §7.2' },
  'alert_message.desc': { label: 'Description', type: 'uint8', values: TLS_ALERT_DESCRIPTIONS, description: 'What went wrong (or close_notify: the sender is done).', rfc: 'RFC 8446 §6' },
  app_data: { label: 'Encrypted Application Data', type: 'bytes', description: 'Application data (an HTTP request, a web page) encrypted with the session keys: only the two ends can read it.', rfc: 'RFC 8446 §5.2' },
  app_data_proto: { label: 'Application Data Protocol', type: 'string', generated: true, description: 'The protocol the encrypted data most likely carries, from the ALPN agreed in the handshake or the port.', rfc: 'RFC 7301' },
  heartbeat_message: { label: 'Heartbeat Message', type: 'none', description: 'A keep-alive message (the Heartbleed bug was in answering these).', rfc: 'RFC 6520 §3' },
  'heartbeat_message.type': { label: 'Type', type: 'uint8', values: TLS_HEARTBEAT_TYPES, description: 'Request or response.', rfc: 'RFC 6520 §4' },
  'heartbeat_message.payload_length': { label: 'Payload Length', type: 'uint16', description: 'How many bytes of payload the peer must echo back.', rfc: 'RFC 6520 §4' },
  'heartbeat_message.payload': { label: 'Payload', type: 'bytes', line: (v) => `Payload (${count(String(v).length / 2, 'byte', 'bytes')})`, description: 'The bytes to echo.', rfc: 'RFC 6520 §4' },
  'heartbeat_message.padding': { label: 'Padding and HMAC', type: 'bytes', line: (v) => `Padding and HMAC (${count(String(v).length / 2, 'byte', 'bytes')})`, description: 'Random padding after the payload.', rfc: 'RFC 6520 §4' },
  handshake: { label: 'Handshake Protocol', type: 'none', line: asLine, show: blank, description: 'One handshake message: how the two sides agree on a version, ciphers and keys, and prove who they are.', rfc: 'RFC 8446 §4' },
  'handshake.type': { label: 'Handshake Type', type: 'uint8', values: TLS_HANDSHAKE_TYPES, description: 'Which handshake message this is.', rfc: 'RFC 8446 §4' },
  'handshake.length': { label: 'Length', type: 'uint24', description: 'How many bytes the message has after this header.', rfc: 'RFC 8446 §4' },
  'handshake.version': { label: 'Version', type: 'uint16', base: 'hex', values: TLS_VERSIONS, description: 'The version of the hello (TLS 1.3 names itself in the supported_versions extension instead).', rfc: 'RFC 8446 §4.1.2' },
  'handshake.random': { label: 'Random', type: 'bytes', description: '32 random bytes from each side; both go into the keys, so an old session cannot be replayed.', rfc: 'RFC 8446 §4.1.2' },
  'handshake.random_time': { label: 'GMT Unix Time', type: 'absolute_time', description: 'Older TLS put the sender\'s clock in the first four random bytes; most now send random bytes here too.', rfc: 'RFC 5246 §7.4.1.2' },
  'handshake.random_bytes': { label: 'Random Bytes', type: 'bytes', description: 'The rest of the random value.', rfc: 'RFC 5246 §7.4.1.2' },
  'handshake.session_id_length': { label: 'Session ID Length', type: 'uint8', description: 'How many bytes of session ID follow.', rfc: 'RFC 8446 §4.1.2' },
  'handshake.session_id': { label: 'Session ID', type: 'bytes', description: 'Names a session to resume (TLS 1.3 sends a random one for compatibility).', rfc: 'RFC 8446 §4.1.2' },
  'handshake.cipher_suites_length': { label: 'Cipher Suites Length', type: 'uint16', description: 'How many bytes of cipher suite numbers follow.', rfc: 'RFC 8446 §4.1.2' },
  'handshake.ciphersuites': { show: blank, label: 'Cipher Suites', type: 'none', line: asLine, description: 'The combinations of key exchange, cipher and hash the client accepts, most preferred first.', rfc: 'RFC 8446 §4.1.2' },
  'handshake.ciphersuite': { label: 'Cipher Suite', type: 'uint16', base: 'hex', values: TLS_CIPHER_SUITES, description: 'A combination of key exchange, encryption and hash (the server picks one of the client\'s).', rfc: 'RFC 8446 §B.4' },
  'handshake.comp_methods_length': { label: 'Compression Methods Length', type: 'uint8', description: 'How many compression methods follow.', rfc: 'RFC 5246 §7.4.1.2' },
  'handshake.comp_methods': { show: blank, label: 'Compression Methods', type: 'none', line: asLine, description: 'Compression the client accepts; only "null" (none) is safe since the CRIME attack.', rfc: 'RFC 5246 §7.4.1.2' },
  'handshake.comp_method': { label: 'Compression Method', type: 'uint8', values: TLS_COMPRESSION_METHODS, description: 'A compression method; null means none.', rfc: 'RFC 5246 §7.4.1.2' },
  'handshake.extensions_length': { label: 'Extensions Length', type: 'uint16', description: 'How many bytes of extensions follow.', rfc: 'RFC 8446 §4.2' },
  'handshake.extension': { label: 'Extension', type: 'none', line: asLine, show: blank, description: 'One extension: a type, a length and its data; most of what modern TLS negotiates is in extensions.', rfc: 'RFC 8446 §4.2' },
  'handshake.extension.type': { label: 'Type', type: 'uint16', values: TLS_EXTENSIONS, description: 'Which extension this is.', rfc: 'RFC 8446 §4.2' },
  'handshake.extension.len': { label: 'Length', type: 'uint16', description: 'How many bytes of extension data follow.', rfc: 'RFC 8446 §4.2' },
  'handshake.extension.data': { label: 'Data', type: 'bytes', format: (v) => (v === '' ? '<MISSING>' : String(v)), description: 'The extension\'s data, for extensions Layerscope does not take apart.', rfc: 'RFC 8446 §4.2' },
  ticket_data: { name: 'tls.handshake.extension.data', label: 'Data', type: 'bytes', line: (v) => `Data (${count(String(v).length / 2, 'byte', 'bytes')})`, description: 'A session ticket to resume an earlier session, or empty to ask for one.', rfc: 'RFC 5077 §3.2' },
  'handshake.extensions_server_name_list_len': { label: 'Server Name list length', type: 'uint16', description: 'How many bytes of server names follow.', rfc: 'RFC 6066 §3' },
  'handshake.extensions_server_name_type': { label: 'Server Name Type', type: 'uint8', values: TLS_SERVER_NAME_TYPES, description: 'The kind of name (a DNS host name).', rfc: 'RFC 6066 §3' },
  'handshake.extensions_server_name_len': { label: 'Server Name length', type: 'uint16', description: 'How many bytes the name has.', rfc: 'RFC 6066 §3' },
  'handshake.extensions_server_name': { label: 'Server Name', type: 'string', description: 'Server Name Indication: the site the client wants, sent unencrypted so that one address can serve many sites.', rfc: 'RFC 6066 §3' },
  'handshake.extensions_supported_groups_length': { label: 'Supported Groups List Length', type: 'uint16', description: 'How many bytes of group numbers follow.', rfc: 'RFC 8446 §4.2.7' },
  'handshake.extensions_supported_groups': { show: blank, label: 'Supported Groups', type: 'none', line: asLine, description: 'The key-exchange groups (elliptic curves, finite fields) the client can use.', rfc: 'RFC 8446 §4.2.7' },
  'handshake.extensions_supported_group': { label: 'Supported Group', type: 'uint16', base: 'hex', values: TLS_GROUPS, description: 'A key-exchange group.', rfc: 'RFC 8446 §4.2.7' },
  'handshake.extensions_ec_point_formats_length': { label: 'EC point formats Length', type: 'uint8', description: 'How many point formats follow.', rfc: 'RFC 8422 §5.1.2' },
  'handshake.extensions_ec_point_formats': { show: blank, label: 'Elliptic curves point formats', type: 'none', line: asLine, description: 'How elliptic-curve points may be written.', rfc: 'RFC 8422 §5.1.2' },
  'handshake.extensions_ec_point_format': { label: 'EC point format', type: 'uint8', values: TLS_EC_POINT_FORMATS, description: 'A way of writing curve points.', rfc: 'RFC 8422 §5.1.2' },
  'handshake.sig_hash_alg_len': { label: 'Signature Hash Algorithms Length', type: 'uint16', description: 'How many bytes of signature schemes follow.', rfc: 'RFC 8446 §4.2.3' },
  'handshake.sig_hash_algs': { show: blank, label: 'Signature Hash Algorithms', type: 'none', line: asLine, description: 'The signature schemes the sender can check, most preferred first.', rfc: 'RFC 8446 §4.2.3' },
  'handshake.sig_hash_alg': { label: 'Signature Algorithm', type: 'uint16', base: 'hex', values: TLS_SIGNATURE_SCHEMES, description: 'A signature scheme: the algorithm and hash used to sign.', rfc: 'RFC 8446 §4.2.3' },
  'handshake.sig_hash_hash': { label: 'Signature Hash Algorithm Hash', type: 'uint8', values: TLS_HASH_ALGORITHMS, description: 'The hash half of a TLS 1.2 signature algorithm.', rfc: 'RFC 5246 §7.4.1.4.1' },
  'handshake.sig_hash_sig': { label: 'Signature Hash Algorithm Signature', type: 'uint8', values: TLS_SIGNATURE_ALGORITHMS, description: 'The signature half of a TLS 1.2 signature algorithm.', rfc: 'RFC 5246 §7.4.1.4.1' },
  'handshake.extensions_alpn_len': { label: 'ALPN Extension Length', type: 'uint16', description: 'How many bytes of protocol names follow.', rfc: 'RFC 7301 §3.1' },
  'handshake.extensions_alpn_list': { label: 'ALPN Protocol', type: 'none', description: 'The application protocols offered (client) or chosen (server), such as h2 or http/1.1.', rfc: 'RFC 7301 §3.1' },
  'handshake.extensions_alpn_str_len': { label: 'ALPN string length', type: 'uint8', description: 'How many bytes the protocol name has.', rfc: 'RFC 7301 §3.1' },
  'handshake.extensions_alpn_str': { label: 'ALPN Next Protocol', type: 'string', description: 'An application protocol name.', rfc: 'RFC 7301 §3.1' },
  'handshake.extensions.supported_versions_len': { label: 'Supported Versions length', type: 'uint8', description: 'How many bytes of versions follow.', rfc: 'RFC 8446 §4.2.1' },
  'handshake.extensions.supported_version': { label: 'Supported Version', type: 'uint16', base: 'hex', values: TLS_VERSIONS, description: 'A TLS version the client speaks, or the one the server chose: this is how TLS 1.3 is negotiated.', rfc: 'RFC 8446 §4.2.1' },
  'extension.psk_ke_modes_length': { label: 'PSK Key Exchange Modes Length', type: 'uint8', description: 'How many modes follow.', rfc: 'RFC 8446 §4.2.9' },
  'extension.psk_ke_mode': { label: 'PSK Key Exchange Mode', type: 'uint8', values: TLS_PSK_KE_MODES, description: 'How a resumed session may set up keys: with a fresh (EC)DHE exchange or from the pre-shared key alone.', rfc: 'RFC 8446 §4.2.9' },
  'handshake.extensions_key_share_client_length': { label: 'Client Key Share Length', type: 'uint16', description: 'How many bytes of key shares follow.', rfc: 'RFC 8446 §4.2.8' },
  'handshake.extensions_key_share_group': { label: 'Group', type: 'uint16', values: TLS_GROUPS, description: 'The group of this key share.', rfc: 'RFC 8446 §4.2.8' },
  'handshake.extensions_key_share_selected_group': { label: 'Selected Group', type: 'uint16', values: TLS_GROUPS, description: 'In a HelloRetryRequest: the group the server wants a key share for.', rfc: 'RFC 8446 §4.2.8' },
  'handshake.extensions_key_share_key_exchange_length': { label: 'Key Exchange Length', type: 'uint16', description: 'How many bytes the public key has.', rfc: 'RFC 8446 §4.2.8' },
  'handshake.extensions_key_share_key_exchange': { label: 'Key Exchange', type: 'bytes', description: 'A public key for the (EC)DHE exchange: TLS 1.3 sends it in the first message to save a round trip.', rfc: 'RFC 8446 §4.2.8' },
  'handshake.extensions_reneg_info_len': { label: 'Renegotiation info extension length', type: 'uint8', description: 'How many bytes of renegotiation data follow (0 on a first handshake).', rfc: 'RFC 5746 §3.2' },
  'handshake.extensions_reneg_info': { label: 'Renegotiation info', type: 'bytes', description: 'The Finished values of the previous handshake, tying a renegotiation to it.', rfc: 'RFC 5746 §3.2' },
  'handshake.extensions_padding_data': { label: 'Padding Data', type: 'bytes', description: 'Zero bytes that make the hello a size some servers handle better.', rfc: 'RFC 7685 §3' },
  'handshake.extensions_status_request_type': { label: 'Certificate Status Type', type: 'uint8', values: TLS_STATUS_TYPES, description: 'The client asks the server to staple a proof that its certificate is not revoked (OCSP).', rfc: 'RFC 6066 §8' },
  'handshake.extensions_status_request_responder_ids_len': { label: 'Responder ID list Length', type: 'uint16', description: 'How many bytes of trusted responder names follow.', rfc: 'RFC 6066 §8' },
  'handshake.extensions_status_request_exts_len': { label: 'Request Extensions Length', type: 'uint16', description: 'How many bytes of OCSP request extensions follow.', rfc: 'RFC 6066 §8' },
  'handshake.ja3_full': { label: 'JA3 Fullstring', type: 'string', description: 'The client\'s version, ciphers, extensions, groups and point formats in a row: a fingerprint of its TLS library.' },
  'handshake.ja3': { label: 'JA3', type: 'string', description: 'The MD5 digest of the JA3 string.' },
  'handshake.ja3s_full': { label: 'JA3S Fullstring', type: 'string', description: 'The server\'s version, chosen cipher and extensions in a row: a fingerprint of its TLS library.' },
  'handshake.ja3s': { label: 'JA3S', type: 'string', description: 'The MD5 digest of the JA3S string.' },
  'handshake.extension_body': { label: 'Extension body', type: 'none', line: asLine, show: blank, description: 'What the extension carries, taken apart.', rfc: 'RFC 8446 §4.2' },
  'handshake.key_share_entry': { label: 'Key Share Entry', type: 'none', line: asLine, show: blank, description: 'One public key for one group; the client may send several, the server answers with one.', rfc: 'RFC 8446 §4.2.8' },
  'handshake.params': { label: 'Key exchange parameters', type: 'none', line: asLine, show: blank, description: 'The values a key exchange message carries: a public key, and from the server its signature.', rfc: 'RFC 8422 §5.4' },
  'handshake.certificates_length': { label: 'Certificates Length', type: 'uint24', description: 'How many bytes of certificates follow.', rfc: 'RFC 5246 §7.4.2' },
  'handshake.certificates': { label: 'Certificates', type: 'none', line: asLine, show: blank, description: 'The server\'s certificate chain: its own certificate first, then the authorities that vouch for it.', rfc: 'RFC 5246 §7.4.2' },
  'handshake.certificate_length': { label: 'Certificate Length', type: 'uint24', description: 'How many bytes this certificate has.', rfc: 'RFC 5246 §7.4.2' },
  'handshake.certificate': { label: 'Certificate', type: 'bytes', description: 'One X.509 certificate: a public key bound to a name, signed by an issuer.', rfc: 'RFC 5280 §4.1' },
  'handshake.server_curve_type': { label: 'Curve Type', type: 'uint8', base: 'hex', values: TLS_CURVE_TYPES, description: 'How the curve is given: by name, in practice.', rfc: 'RFC 8422 §5.4' },
  'handshake.server_named_curve': { label: 'Named Curve', type: 'uint16', base: 'hex', values: TLS_GROUPS, description: 'The curve of the server\'s ephemeral key.', rfc: 'RFC 8422 §5.4' },
  'handshake.server_point_len': { label: 'Pubkey Length', type: 'uint8', description: 'How many bytes the public key has.', rfc: 'RFC 8422 §5.4' },
  'handshake.server_point': { label: 'Pubkey', type: 'bytes', description: 'The server\'s ephemeral public key for this connection only (forward secrecy).', rfc: 'RFC 8422 §5.4' },
  'handshake.p_len': { label: 'p Length', type: 'uint16', description: 'How many bytes the prime has.', rfc: 'RFC 5246 §7.4.3' },
  'handshake.p': { label: 'p', type: 'bytes', description: 'The prime modulus of the finite-field Diffie-Hellman group.', rfc: 'RFC 5246 §7.4.3' },
  'handshake.g_len': { label: 'g Length', type: 'uint16', description: 'How many bytes the generator has.', rfc: 'RFC 5246 §7.4.3' },
  'handshake.g': { label: 'g', type: 'bytes', description: 'The generator of the group (usually 2).', rfc: 'RFC 5246 §7.4.3' },
  'handshake.ys_len': { label: 'Pubkey Length', type: 'uint16', description: 'How many bytes the server\'s public value has.', rfc: 'RFC 5246 §7.4.3' },
  'handshake.ys': { label: 'Pubkey', type: 'bytes', description: 'The server\'s Diffie-Hellman public value g^x mod p, for this connection only.', rfc: 'RFC 5246 §7.4.3' },
  'handshake.yc_len': { label: 'Pubkey Length', type: 'uint16', description: 'How many bytes the client\'s public value has.', rfc: 'RFC 5246 §7.4.7.2' },
  'handshake.yc': { label: 'Pubkey', type: 'bytes', description: 'The client\'s Diffie-Hellman public value; with the server\'s it gives both the same secret.', rfc: 'RFC 5246 §7.4.7.2' },
  'handshake.sig_len': { label: 'Signature Length', type: 'uint16', description: 'How many bytes the signature has.', rfc: 'RFC 5246 §7.4.3' },
  'handshake.sig': { label: 'Signature', type: 'bytes', description: 'The server signs its key with its certificate\'s key, proving the key comes from it.', rfc: 'RFC 5246 §7.4.3' },
  'handshake.client_point_len': { label: 'Pubkey Length', type: 'uint8', description: 'How many bytes the public key has.', rfc: 'RFC 8422 §5.7' },
  'handshake.client_point': { label: 'Pubkey', type: 'bytes', description: 'The client\'s ephemeral public key; with the server\'s it gives both the same secret.', rfc: 'RFC 8422 §5.7' },
  'handshake.epms_len': { label: 'Encrypted PreMaster length', type: 'uint16', description: 'How many bytes the encrypted secret has.', rfc: 'RFC 5246 §7.4.7.1' },
  'handshake.epms': { label: 'Encrypted PreMaster', type: 'bytes', description: 'The secret the keys are made from, encrypted with the server\'s public key (no forward secrecy).', rfc: 'RFC 5246 §7.4.7.1' },
  'handshake.session_ticket_lifetime_hint': { label: 'Session Ticket Lifetime Hint', type: 'uint32', format: (v) => `${v} ${Number(v) === 1 ? 'second' : 'seconds'} (${durationText(Number(v))})`, description: 'How long the client may keep the ticket.', rfc: 'RFC 5077 §3.3' },
  'handshake.session_ticket_length': { label: 'Session Ticket Length', type: 'uint16', description: 'How many bytes the ticket has.', rfc: 'RFC 5077 §3.3' },
  'handshake.session_ticket': { label: 'Session Ticket', type: 'bytes', description: 'The session\'s state encrypted by the server; the client sends it back to resume without a full handshake.', rfc: 'RFC 5077 §3.3' },
});

const P = defineProblems('tls', {
  record_continues: ['note', 'The TLS record at offset {offset} has {length, plural, one {# byte} other {# bytes}} of content but the segment holds {present}; it continues in the next segment'],
  header_continues: ['note', 'Only {present} of the 5 bytes of a TLS record header are in this segment (offset {offset}); the rest is in the next segment'],
  continuation: ['note', 'The segment does not start a TLS record (offset {offset}): it continues a record begun in an earlier segment'],
  record_too_long: ['error', 'The TLS record length {length} at offset {offset} exceeds 2^14 + 2048 = 18432 bytes, the most a record may carry (RFC 5246 §6.2.3)'],
  ignored_unknown: ['warning', 'Ignored Unknown Record: the bytes at offset {offset} start no TLS record (the continuation of one, or not TLS)'],
  bad_length: ['error', 'A TLS {what} length at offset {offset} says {length, plural, one {# byte} other {# bytes}} but only {room} remain'],
});

const N = defineMessages('tls.narrative', {
  layer: 'TLS encrypts and authenticates what the application sends: it sits between TCP and the application (in OSI terms at the session and presentation layers; in TCP/IP, part of the application layer, since the application itself calls it)',
  client_hello: 'Client Hello: the client opens the handshake with the versions, cipher suites and extensions it supports and a random value',
  client_hello_sni: 'Client Hello for {name}: the client opens the handshake with the versions, cipher suites and extensions it supports and a random value',
  server_hello: 'Server Hello: the server picks the version ({version}) and cipher suite ({suite}) and sends its own random value',
  certificate: 'Certificate: the server sends its certificate chain ({count, plural, one {# certificate} other {# certificates}}) so the client can check who it is talking to',
  server_key_exchange: 'Server Key Exchange: the server sends its ephemeral key-exchange key, signed with its certificate\'s key',
  server_hello_done: 'Server Hello Done: the server has said everything it has to say for now',
  client_key_exchange: 'Client Key Exchange: the client sends its share of the key exchange; both sides now compute the same secret',
  change_cipher_spec: 'Change Cipher Spec: from here on this side encrypts with the new keys',
  encrypted_handshake: 'an encrypted handshake message (usually Finished: a check that both sides saw the same handshake)',
  hello_retry: 'Hello Retry Request: the server asks the client to start again with a key share for {group}',
  new_session_ticket: 'New Session Ticket: the server gives the client a ticket to resume this session later without a full handshake',
  handshake_other: '{type}',
  alert: 'Alert ({level}): {description}',
  encrypted_alert: 'an encrypted alert (often close_notify, closing the connection)',
  application_data: '{count, plural, one {# record} other {# records}} of encrypted application data ({length, plural, one {# byte} other {# bytes}})',
  tls13_opaque: 'in TLS 1.3 every record after the Server Hello is encrypted and typed as application data, the rest of the handshake (certificate, Finished) included',
  continues: 'part of a TLS record whose other part was not captured, so it cannot be decoded',
});

/**
 * What TLS remembers of one TCP conversation: the negotiated version, from which packet, the
 * cipher and ALPN, and the last packet decoded (a packet decoded again is on tshark's second pass).
 */
interface Session {
  version: number;
  versionFrom: number;
  cipher: number;
  alpn: string;
  lastFrame: number;
}

function sessionOf(ctx: DissectContext): Session | undefined {
  if (ctx.stream < 0) return undefined;
  const sessions = ctx.state.slot('tls', () => new Map<number, Session>());
  let s = sessions.get(ctx.stream);
  if (!s) sessions.set(ctx.stream, (s = { version: -1, versionFrom: 0, cipher: -1, alpn: '', lastFrame: 0 }));
  return s;
}

/** The packet being decoded: builder, bounds, and what the records so far said. */
interface Pass {
  readonly b: LayerBuilder;
  readonly ctx: DissectContext;
  readonly stop: number;
  /** The session version as this packet sees it (-1: not yet known). */
  version: number;
  session: Session | undefined;
  /** Info column parts, joined by ", ". */
  info: string[];
  /** The short version name of the last record decoded (the protocol column). */
  lastLabel: string;
}

const RECORD_HEADER = 5;
/** The longest record content TLS allows (TLSCiphertext: 2^14 plus room for expansion). */
const MAX_RECORD = 16384 + 2048;

function plausibleRecord(b: LayerBuilder, at: number): boolean {
  const type = b.u8(at);
  const version = b.u16(at + 1);
  return type >= 20 && type <= 24 && (version >> 8) === 3 && (version & 0xff) <= 4;
}

/** The TCP ports tshark 4.0 decodes as TLS. */
const TLS_PORTS = [324, 443, 465, 636, 802, 853, 993, 995, 1300, 2221, 2443, 3249, 3250, 3251, 3252, 3496, 5061, 5671, 5684, 5868, 8883, 11207, 19999, 27017];

/**
 * How long the record starting at `at` is, for TCP reassembly: a record that goes on past its
 * segment is put together and decoded where it ends, as tshark desegments TLS.
 */
function recordPduLength(bytes: Uint8Array, at: number, end: number): number {
  if (end - at < RECORD_HEADER) {
    // A header split across segments: wait for the rest if what is here could start one.
    const type = bytes[at];
    return type >= 20 && type <= 24 && (end - at < 2 || bytes[at + 1] === 3) ? ONE_MORE_SEGMENT : NO_PDU;
  }
  const type = bytes[at];
  if (type < 20 || type > 24 || bytes[at + 1] !== 3 || bytes[at + 2] > 4) return NO_PDU;
  return RECORD_HEADER + ((bytes[at + 3] << 8) | bytes[at + 4]);
}

registerPduLength(TLS_PORTS, recordPduLength);

export const tls: ProtocolModule = {
  place: { protocol: 'tls', osi: 6, tcpip: 'application' },
  name: 'TLS',
  fields: { ...F, ...X509_FIELDS },
  registrations: [{ table: 'tcp.port', keys: TLS_PORTS }],
  dissect(b, ctx, end) {
    // A record that starts here and ends in a later segment is decoded there (tcp-reassembly.ts).
    const tail = reassembledTailAt(ctx);
    const stop = Math.min(end, b.captured, tail >= b.start ? tail : Infinity);
    b.title = 'Transport Layer Security';
    if (b.start >= stop) {
      // Nothing of the payload was captured: the first record's type is what the snap length cut.
      if (b.truncated && stop >= b.captured) b.missing(F['record.content_type'], b.start, 1);
      return undefined;
    }
    const session = sessionOf(ctx);
    // Records after the ServerHello carry its version; when a packet is decoded again (its tree,
    // after the list has seen the whole capture: tshark's second pass), every record of the session does.
    const version = session && session.version >= 0 && (ctx.number > session.versionFrom || session.lastFrame >= ctx.number) ? session.version : -1;
    const pass: Pass = { b, ctx, stop, version, session, info: [], lastLabel: '' };
    // The capture's snap length cut the segment: what is missing is named, field by field.
    const snapCut = b.truncated && stop >= b.captured;
    let pos = b.start;
    while (pos < stop) {
      if (snapCut && (stop - pos < RECORD_HEADER || pos + RECORD_HEADER + b.u16(pos + 3) > stop) && (stop - pos < 3 || plausibleRecord(b, pos))) {
        cutRecord(pass, pos);
        break;
      }
      if (stop - pos < RECORD_HEADER) {
        if (pos === b.start || plausiblePrefix(b, pos, stop)) {
          segmentData(pass, pos, P.header_continues, { present: stop - pos, offset: pos });
        } else segmentData(pass, pos, P.continuation, { offset: pos });
        break;
      }
      if (!plausibleRecord(b, pos)) {
        // Once the session's version is known, tshark calls bytes that start no record an ignored
        // unknown record; before, the continuation of one.
        if (pass.version >= 0) {
          pass.info.push('Ignored Unknown Record');
          segmentData(pass, pos, P.ignored_unknown, { offset: pos });
        } else {
          if (pos === b.start) pass.info.push('Continuation Data');
          segmentData(pass, pos, P.continuation, { offset: pos });
        }
        break;
      }
      const length = b.u16(pos + 3);
      if (pos + RECORD_HEADER + length > stop) {
        segmentData(pass, pos, P.record_continues, { offset: pos, length, present: stop - pos - RECORD_HEADER });
        break;
      }
      decodeRecord(pass, pos, length);
      pos += RECORD_HEADER + length;
    }
    // Cut at a record's boundary: the next record's type is the first field missing.
    if (snapCut && pos === stop && (ctx.network?.payloadEnd ?? b.frame.reportedLength) > pos) b.missing(F['record.content_type'], pos, 1);
    if (session && ctx.number > session.lastFrame) session.lastFrame = ctx.number;
    // A second TLS layer in the packet (records after a reassembled one) adds to the first's info.
    const after = isTlsLabel(ctx.columns.protocol);
    // Named by the version known after the last record (a ServerHello alone already says its own).
    ctx.columns.protocol = pass.version >= 0 ? versionLabel(pass.version) : pass.lastLabel || 'SSL';
    const info = ctx.columns.info;
    if (after) {
      if (pass.info.length) info.text(', ').text(pass.info.join(', '));
    } else info.set(pass.info.join(', '));
    return undefined;
  },
  narrative(r) {
    return narrate(r);
  },
};

/** Whether the bytes [at, stop) could start a record header (a type and version so far plausible). */
function plausiblePrefix(b: LayerBuilder, at: number, stop: number): boolean {
  const type = b.u8(at);
  if (type < 20 || type > 24) return false;
  return stop - at < 2 || b.u8(at + 1) === 3;
}

/** A record the snap length cut: its header fields as far as they were captured, and what is missing. */
function cutRecord(pass: Pass, at: number): void {
  const { b, stop } = pass;
  const header: Array<[(typeof F)[keyof typeof F], number]> = [[F['record.content_type'], 0], [F['record.version'], 1], [F['record.length'], 3]];
  for (const [spec, offset] of header) {
    if (at + offset + spec.size > stop) {
      b.missing(spec, at + offset, spec.size);
      return;
    }
  }
  const record = b.add(null, F.record, at, RECORD_HEADER, `${versionLabel(pass.version >= 0 ? pass.version : b.u16(at + 1))} Record Layer`);
  for (const [spec, offset] of header) b.uint(record, spec, at + offset);
  const type = b.u8(at);
  const body = type === 22 ? F.handshake : type === 21 ? F.alert_message : type === 20 ? F.change_cipher_spec : type === 23 ? F.app_data : F.heartbeat_message;
  // What the snap length cut is the record's share of this segment (the rest of a longer one
  // would come in the next segments).
  const segmentEnd = pass.ctx.network?.payloadEnd ?? b.frame.reportedLength;
  b.missing(body, at + RECORD_HEADER, Math.min(b.u16(at + 3), Math.max(0, segmentEnd - at - RECORD_HEADER)), record);
}

function segmentData(pass: Pass, at: number, problem: ProblemSpec, params: Record<string, number>): void {
  const { b, stop } = pass;
  const f = b.hexField(null, F['segment.data'], at, stop - at);
  b.problem(problem, at, params, f);
}

function versionLabel(version: number): string {
  return TLS_VERSION_SHORT[version] ?? 'TLS';
}

function isTlsLabel(protocol: string): boolean {
  return protocol === 'SSL' || protocol === 'TLS' || protocol.startsWith('TLSv') || protocol.startsWith('SSLv');
}

function decodeRecord(pass: Pass, at: number, length: number): void {
  const { b } = pass;
  const type = b.u8(at);
  const recordVersion = b.u16(at + 1);
  const label = versionLabel(pass.version >= 0 ? pass.version : recordVersion);
  pass.lastLabel = label;
  noteRecordVersion(pass, type, recordVersion, length > 0 ? b.u8(at + RECORD_HEADER) : -1);
  const record = b.add(null, F.record, at, RECORD_HEADER + length, '');
  const opaque = type === 23 && pass.version === 0x0304;
  b.uint(record, opaque ? F['record.opaque_type'] : F['record.content_type'], at);
  b.uint(record, F['record.version'], at + 1);
  b.uint(record, F['record.length'], at + 3);
  if (length > MAX_RECORD) b.problem(P.record_too_long, at + 3, { length, offset: at + 3 }, b.last);
  const body = at + RECORD_HEADER;
  const end = body + length;
  let what: string;
  switch (type) {
    case 20:
      b.add(record, F.change_cipher_spec, body, length, null);
      what = 'Change Cipher Spec Protocol: Change Cipher Spec';
      pass.info.push('Change Cipher Spec');
      break;
    case 21:
      what = alert(pass, record, body, length);
      break;
    case 22:
      what = `Handshake Protocol: ${handshakes(pass, record, body, end)}`;
      break;
    case 23: {
      b.hex(record, F.app_data, body, length);
      const proto = applicationProtocol(pass);
      if (proto) b.add(record, F.app_data_proto, at, 0, proto);
      what = `Application Data Protocol: ${proto || 'Application Data'}`;
      pass.info.push('Application Data');
      break;
    }
    default:
      what = heartbeat(pass, record, body, length);
  }
  b.rewrite(record, recordLine, label, what);
}

const recordLine = (label: string, what: string) => `${label} Record Layer: ${what}`;

/**
 * Until a ServerHello says which version the session speaks, any record but a ClientHello names
 * it by its own version (as tshark takes it): the packets decoded again later are labelled so.
 */
function noteRecordVersion(pass: Pass, type: number, version: number, handshakeType: number): void {
  const s = pass.session;
  if (!s || s.version >= 0 || version < 0x0300 || version > 0x0303) return;
  if (type === 22 && (handshakeType === 1 || TLS_HANDSHAKE_TYPES[handshakeType] === undefined)) return;
  s.version = version;
  s.versionFrom = pass.ctx.number;
}

function applicationProtocol(pass: Pass): string {
  const s = pass.session;
  if (s && s.alpn !== '' && TLS_ALPN_PROTOCOLS[s.alpn]) return TLS_ALPN_PROTOCOLS[s.alpn];
  // The ports TCP noted, also for a record reassembled from several segments.
  const { lowPort, highPort } = pass.ctx;
  return TLS_PORT_PROTOCOLS[lowPort] ?? TLS_PORT_PROTOCOLS[highPort] ?? '';
}

function alert(pass: Pass, record: Field, body: number, length: number): string {
  const { b } = pass;
  if (length !== 2) {
    b.add(record, F.alert_message, body, length, 'Encrypted Alert');
    pass.info.push('Encrypted Alert');
    return 'Encrypted Alert';
  }
  const msg = b.add(record, F.alert_message, body, 2, null);
  const level = b.uint(msg, F['alert_message.level'], body);
  const desc = b.uint(msg, F['alert_message.desc'], body + 1);
  const text = `Alert (Level: ${TLS_ALERT_LEVELS[level] ?? 'Unknown'}, Description: ${TLS_ALERT_DESCRIPTIONS[desc] ?? 'Unknown'})`;
  pass.info.push(text);
  return text;
}

function heartbeat(pass: Pass, record: Field, body: number, length: number): string {
  const { b } = pass;
  const msg = b.add(record, F.heartbeat_message, body, length, null);
  if (length < 3) return 'Heartbeat';
  const type = b.uint(msg, F['heartbeat_message.type'], body);
  const payload = b.uint(msg, F['heartbeat_message.payload_length'], body + 1);
  const name = `Heartbeat ${TLS_HEARTBEAT_TYPES[type] ?? 'Unknown'}`;
  pass.info.push(name);
  if (body + 3 + payload <= body + length) {
    b.hex(msg, F['heartbeat_message.payload'], body + 3, payload);
    b.hex(msg, F['heartbeat_message.padding'], body + 3 + payload, length - 3 - payload);
  }
  return name;
}

/** The handshake messages of a record; returns what the record line says of them. */
function handshakes(pass: Pass, record: Field, body: number, end: number): string {
  const { b } = pass;
  // A message whose header does not fit or whose length runs past the record is encrypted
  // (Finished after Change Cipher Spec), as tshark judges it.
  const first = body + 4 <= end ? b.u24(body + 1) : -1;
  if (first < 0 || body + 4 + first > end || TLS_HANDSHAKE_TYPES[b.u8(body)] === undefined) {
    b.add(record, F.handshake, body, end - body, 'Handshake Protocol: Encrypted Handshake Message');
    pass.info.push('Encrypted Handshake Message');
    return 'Encrypted Handshake Message';
  }
  const names: string[] = [];
  let pos = body;
  while (pos + 4 <= end) {
    const type = b.u8(pos);
    const length = b.u24(pos + 1);
    if (pos + 4 + length > end) break;
    const name = type === 2 && isHelloRetry(b, pos + 4, pos + 4 + length) ? 'Hello Retry Request' : TLS_HANDSHAKE_TYPES[type] ?? `Unknown (${type})`;
    names.push(name);
    const msg = b.add(record, F.handshake, pos, 4 + length, `Handshake Protocol: ${name}`);
    b.uint(msg, F['handshake.type'], pos);
    b.uint(msg, F['handshake.length'], pos + 1);
    const info = handshakeBody(pass, msg, type, pos + 4, pos + 4 + length);
    pass.info.push(info ?? name);
    pos += 4 + length;
  }
  return names.length === 1 ? names[0] : 'Multiple Handshake Messages';
}

/** SHA-256 of "HelloRetryRequest": the random of a ServerHello that is a HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = [
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

function isHelloRetry(b: LayerBuilder, at: number, end: number): boolean {
  if (at + 34 > end) return false;
  for (let i = 0; i < 32; i++) if (b.u8(at + 2 + i) !== HRR_RANDOM[i]) return false;
  return true;
}

/** Decodes one handshake message's body; returns its info text when it differs from its name. */
function handshakeBody(pass: Pass, msg: Field, type: number, at: number, end: number): string | undefined {
  switch (type) {
    case 1: hello(pass, msg, at, end, true); return undefined;
    case 2: hello(pass, msg, at, end, false); return undefined;
    case 4: sessionTicket(pass, msg, at, end); return undefined;
    case 11: certificates(pass, msg, at, end); return undefined;
    case 12: serverKeyExchange(pass, msg, at, end); return undefined;
    case 16: clientKeyExchange(pass, msg, at, end); return undefined;
    default: return undefined;
  }
}

/** A reader of one bounded part of a message: every read checks against `end`, and stops for good once one fails. */
class Part {
  ok = true;
  constructor(readonly b: LayerBuilder, public pos: number, readonly end: number) {}
  fits(n: number): boolean {
    if (this.ok && this.pos + n <= this.end) return true;
    this.ok = false;
    return false;
  }
  uint(parent: Field, spec: (typeof F)[keyof typeof F]): number {
    if (!this.fits(spec.size)) return -1;
    const v = this.b.uint(parent, spec, this.pos);
    this.pos += spec.size;
    return v;
  }
  hex(parent: Field, spec: (typeof F)[keyof typeof F], n: number): boolean {
    if (!this.fits(n)) return false;
    this.b.hex(parent, spec, this.pos, n);
    this.pos += n;
    return true;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** tshark's UTC time: "Jan  9, 2076 23:44:26.000000000 UTC". */
function utcText(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.000000000 UTC`;
}

function nonGrease(values: number[]): string {
  return values.filter((v) => !isGrease(v)).join('-');
}

function hello(pass: Pass, msg: Field, at: number, end: number, client: boolean): void {
  const { b } = pass;
  const p = new Part(b, at, end);
  // A server that chose TLS 1.3 says so in supported_versions; tshark reads it first, and then
  // shows the random whole.
  const chosen = client ? -1 : serverChosenVersion(b, at, end);
  const version = p.uint(msg, F['handshake.version']);
  if (!p.fits(32)) return;
  const random = b.hexField(msg, F['handshake.random'], p.pos, 32);
  const retry = !client && isHelloRetry(b, at, end);
  if (retry) b.annotate(random, ' (HelloRetryRequest magic)');
  // A TLS 1.3 random is random through and through; older ones began with the time.
  else if (pass.version !== 0x0304 && (client || chosen !== 0x0304)) {
    b.parts(random, (bb, parent, pos: number) => {
      bb.add(parent, F['handshake.random_time'], pos, 4, utcText(bb.u32(pos)));
      bb.hex(parent, F['handshake.random_bytes'], pos + 4, 28);
    }, p.pos, undefined, undefined);
  }
  p.pos += 32;
  const sidLength = p.uint(msg, F['handshake.session_id_length']);
  if (sidLength > 0 && !p.hex(msg, F['handshake.session_id'], sidLength)) return;
  const ciphers: number[] = [];
  if (client) {
    const suitesLength = p.uint(msg, F['handshake.cipher_suites_length']);
    if (!p.fits(suitesLength)) return;
    const n = suitesLength >> 1;
    const list = b.add(msg, F['handshake.ciphersuites'], p.pos, suitesLength, `Cipher Suites (${count(n, 'suite', 'suites')})`);
    for (let i = 0; i < n; i++) ciphers.push(b.uint(list, F['handshake.ciphersuite'], p.pos + 2 * i));
    p.pos += suitesLength;
    const compLength = p.uint(msg, F['handshake.comp_methods_length']);
    if (!p.fits(compLength)) return;
    const comps = b.add(msg, F['handshake.comp_methods'], p.pos, compLength, `Compression Methods (${count(compLength, 'method', 'methods')})`);
    for (let i = 0; i < compLength; i++) b.uint(comps, F['handshake.comp_method'], p.pos + i);
    p.pos += compLength;
  } else {
    ciphers.push(p.uint(msg, F['handshake.ciphersuite']));
    p.uint(msg, F['handshake.comp_method']);
  }
  if (!p.ok || p.pos + 2 > end) {
    finishHello(pass, client, version, chosen, ciphers[0] ?? -1);
    return;
  }
  const extAt = p.pos;
  const extLength = p.uint(msg, F['handshake.extensions_length']);
  const x: Seen = { retry, types: [], groups: [], points: [], alpn: '' };
  const extEnd = Math.min(p.pos + extLength, end);
  let pos = p.pos;
  let broken = false;
  while (pos + 4 <= extEnd) {
    const type = b.u16(pos);
    const len = b.u16(pos + 2);
    if (pos + 4 + len > extEnd) {
      b.problem(P.bad_length, pos + 2, { what: 'extension', offset: pos + 2, length: len, room: extEnd - pos - 4 });
      broken = true;
      break;
    }
    x.types.push(type);
    const name = TLS_EXTENSIONS[type] ?? `Unknown type ${type}`;
    const ext = b.add(msg, F['handshake.extension'], pos, 4 + len, `Extension: ${name} (len=${len})`);
    b.uint(ext, F['handshake.extension.type'], pos);
    b.uint(ext, F['handshake.extension.len'], pos + 2);
    extension(pass, ext, type, pos + 4, pos + 4 + len, client, x);
    pos += 4 + len;
  }
  // JA3 (client) and JA3S (server) fingerprints, as tshark adds them after the extensions.
  // tshark stops a message at a bad length, before its fingerprint. (Only the tree builds it.)
  if (!broken) b.parts(msg, addFingerprint, { client, version, ciphers, seen: x }, extAt, undefined);
  if (!client && x.alpn !== '' && pass.session) pass.session.alpn = x.alpn;
  finishHello(pass, client, version, chosen, ciphers[0] ?? -1);
}

/** What a hello's JA3 (client) or JA3S (server) fingerprint is made of. */
interface Fingerprint {
  client: boolean;
  version: number;
  ciphers: number[];
  seen: Seen;
}

function addFingerprint(b: LayerBuilder, msg: Field, fp: Fingerprint, at: number): void {
  const { client, version, ciphers, seen } = fp;
  const full = client
    ? `${version},${nonGrease(ciphers)},${nonGrease(seen.types)},${nonGrease(seen.groups)},${seen.points.join('-')}`
    : `${version},${ciphers[0]},${seen.types.join('-')}`;
  b.add(msg, client ? F['handshake.ja3_full'] : F['handshake.ja3s_full'], at, 0, full);
  b.add(msg, client ? F['handshake.ja3'] : F['handshake.ja3s'], at, 0, md5Hex(full));
}

/** After a ServerHello, the session's version (and cipher) are known for the records that follow. */
function finishHello(pass: Pass, client: boolean, version: number, chosen: number, cipher: number): void {
  if (client || version < 0) return;
  pass.version = chosen > 0 ? chosen : version;
  const s = pass.session;
  if (s) {
    s.version = pass.version;
    s.versionFrom = pass.ctx.number;
    s.cipher = cipher;
  }
}

/** The version a ServerHello's supported_versions extension names, or -1. */
function serverChosenVersion(b: LayerBuilder, at: number, end: number): number {
  let pos = at + 2 + 32;
  if (pos >= end) return -1;
  pos += 1 + b.u8(pos) + 3;
  if (pos + 2 > end) return -1;
  const extEnd = Math.min(end, pos + 2 + b.u16(pos));
  pos += 2;
  while (pos + 4 <= extEnd) {
    const type = b.u16(pos);
    const len = b.u16(pos + 2);
    if (type === 43 && len === 2 && pos + 6 <= extEnd) return b.u16(pos + 4);
    pos += 4 + len;
  }
  return -1;
}

/** What the extensions of a hello said that the fingerprint and session need. */
interface Seen {
  /** The hello is a HelloRetryRequest (its key_share names a group instead of carrying a key). */
  retry: boolean;
  types: number[];
  groups: number[];
  points: number[];
  alpn: string;
}

function extension(pass: Pass, ext: Field, type: number, at: number, end: number, client: boolean, x: Seen): void {
  const { b } = pass;
  const p = new Part(b, at, end);
  const len = end - at;
  switch (type) {
    case 0: {
      if (len === 0) return;
      const sni = b.add(ext, F['handshake.extension_body'], at, len, 'Server Name Indication extension');
      const listLength = p.uint(sni, F['handshake.extensions_server_name_list_len']);
      const listEnd = Math.min(end, p.pos + Math.max(0, listLength));
      while (p.ok && p.pos + 3 <= listEnd) {
        p.uint(sni, F['handshake.extensions_server_name_type']);
        const n = p.uint(sni, F['handshake.extensions_server_name_len']);
        if (!p.fits(n)) break;
        b.text(sni, F['handshake.extensions_server_name'], p.pos, n);
        p.pos += n;
      }
      return;
    }
    case 5: {
      if (len === 0) return;
      p.uint(ext, F['handshake.extensions_status_request_type']);
      const ids = p.uint(ext, F['handshake.extensions_status_request_responder_ids_len']);
      if (ids > 0) p.pos += ids;
      p.uint(ext, F['handshake.extensions_status_request_exts_len']);
      return;
    }
    case 10: {
      const n = p.uint(ext, F['handshake.extensions_supported_groups_length']);
      if (!p.fits(n)) return;
      const list = b.add(ext, F['handshake.extensions_supported_groups'], p.pos, n, `Supported Groups (${count(n >> 1, 'group', 'groups')})`);
      for (let i = 0; i + 2 <= n; i += 2) x.groups.push(b.uint(list, F['handshake.extensions_supported_group'], p.pos + i));
      return;
    }
    case 11: {
      const n = p.uint(ext, F['handshake.extensions_ec_point_formats_length']);
      if (!p.fits(n)) return;
      const list = b.add(ext, F['handshake.extensions_ec_point_formats'], p.pos, n, `Elliptic curves point formats (${n})`);
      for (let i = 0; i < n; i++) x.points.push(b.uint(list, F['handshake.extensions_ec_point_format'], p.pos + i));
      return;
    }
    case 13: case 50: {
      const n = p.uint(ext, F['handshake.sig_hash_alg_len']);
      if (!p.fits(n)) return;
      const list = b.add(ext, F['handshake.sig_hash_algs'], p.pos, n, `Signature Hash Algorithms (${count(n >> 1, 'algorithm', 'algorithms')})`);
      for (let i = 0; i + 2 <= n; i += 2) signatureAlgorithm(b, list, p.pos + i);
      return;
    }
    case 16: {
      const n = p.uint(ext, F['handshake.extensions_alpn_len']);
      if (!p.fits(n)) return;
      const list = b.add(ext, F['handshake.extensions_alpn_list'], p.pos, n, null);
      const listEnd = p.pos + n;
      while (p.pos < listEnd) {
        const l = p.uint(list, F['handshake.extensions_alpn_str_len']);
        if (l < 0 || p.pos + l > listEnd) break;
        b.text(list, F['handshake.extensions_alpn_str'], p.pos, l);
        if (!client) x.alpn = decodeText(b.frame.bytes, p.pos, p.pos + l);
        p.pos += l;
      }
      return;
    }
    case 21:
      b.hex(ext, F['handshake.extensions_padding_data'], at, len);
      return;
    case 22: case 23:
      return;
    case 35:
      b.hex(ext, F.ticket_data, at, len);
      return;
    case 43: {
      if (!client) {
        p.uint(ext, F['handshake.extensions.supported_version']);
        return;
      }
      const n = p.uint(ext, F['handshake.extensions.supported_versions_len']);
      for (let i = 0; i + 2 <= n && p.ok; i += 2) p.uint(ext, F['handshake.extensions.supported_version']);
      return;
    }
    case 45: {
      const n = p.uint(ext, F['extension.psk_ke_modes_length']);
      for (let i = 0; i < n && p.ok; i++) p.uint(ext, F['extension.psk_ke_mode']);
      return;
    }
    case 51: {
      const share = b.add(ext, F['handshake.extension_body'], at, len, 'Key Share extension');
      if (x.retry) {
        p.uint(share, F['handshake.extensions_key_share_selected_group']);
        return;
      }
      let entriesEnd = end;
      if (client) {
        const n = p.uint(share, F['handshake.extensions_key_share_client_length']);
        entriesEnd = Math.min(end, p.pos + Math.max(0, n));
      }
      while (p.ok && p.pos + 4 <= entriesEnd) {
        const group = b.u16(p.pos);
        const n = b.u16(p.pos + 2);
        const entry = b.add(share, F['handshake.key_share_entry'], p.pos, Math.min(4 + n, entriesEnd - p.pos), `Key Share Entry: Group: ${TLS_GROUPS[group] ?? 'Unknown'}, Key Exchange length: ${n}`);
        p.uint(entry, F['handshake.extensions_key_share_group']);
        p.uint(entry, F['handshake.extensions_key_share_key_exchange_length']);
        if (!p.hex(entry, F['handshake.extensions_key_share_key_exchange'], n)) break;
        if (!client) break;
      }
      return;
    }
    case 0xff01: {
      const reneg = b.add(ext, F['handshake.extension_body'], at, len, 'Renegotiation Info extension');
      const n = p.uint(reneg, F['handshake.extensions_reneg_info_len']);
      if (n > 0) p.hex(reneg, F['handshake.extensions_reneg_info'], n);
      return;
    }
    default:
      b.hex(ext, F['handshake.extension.data'], at, len);
  }
}

function signatureAlgorithm(b: LayerBuilder, parent: Field, at: number): void {
  b.uint(parent, F['handshake.sig_hash_alg'], at);
  const alg = b.last;
  b.uint(alg, F['handshake.sig_hash_hash'], at);
  b.uint(alg, F['handshake.sig_hash_sig'], at + 1);
}

function sessionTicket(pass: Pass, msg: Field, at: number, end: number): void {
  const p = new Part(pass.b, at, end);
  if (pass.version === 0x0304) return;
  const ticket = pass.b.add(msg, F['handshake.extension_body'], at, end - at, 'TLS Session Ticket');
  p.uint(ticket, F['handshake.session_ticket_lifetime_hint']);
  const n = p.uint(ticket, F['handshake.session_ticket_length']);
  if (n > 0) p.hex(ticket, F['handshake.session_ticket'], n);
}

function certificates(pass: Pass, msg: Field, at: number, end: number): void {
  const { b } = pass;
  const p = new Part(b, at, end);
  if (pass.version === 0x0304) return;
  const total = p.uint(msg, F['handshake.certificates_length']);
  if (total <= 0 || !p.fits(total)) return;
  const list = b.add(msg, F['handshake.certificates'], p.pos, total, `Certificates (${count(total, 'byte', 'bytes')})`);
  const listEnd = p.pos + total;
  while (p.pos + 3 <= listEnd) {
    const n = p.uint(list, F['handshake.certificate_length']);
    if (n < 0 || p.pos + n > listEnd) break;
    const cert = b.hexField(list, F['handshake.certificate'], p.pos, n);
    b.parts(cert, describeCertificate, p.pos, n, undefined);
    p.pos += n;
  }
}

/** The certificate's line ("Certificate: 3082… (id-at-commonName=…)") and its X.509 fields. */
function describeCertificate(b: LayerBuilder, cert: Field, at: number, n: number): void {
  const subject = certificateSubject(b.frame.bytes, at, at + n);
  if (subject !== undefined) b.annotate(cert, ` (${subject})`);
  addCertificate(b, cert, at, at + n);
}

function serverKeyExchange(pass: Pass, msg: Field, at: number, end: number): void {
  const { b } = pass;
  const p = new Part(b, at, end);
  const cipher = TLS_CIPHER_SUITES[pass.session?.cipher ?? -1] ?? '';
  let params: Field;
  if (cipher.includes('_ECDHE_')) {
    params = b.add(msg, F['handshake.params'], at, end - at, 'EC Diffie-Hellman Server Params');
    p.uint(params, F['handshake.server_curve_type']);
    p.uint(params, F['handshake.server_named_curve']);
    const n = p.uint(params, F['handshake.server_point_len']);
    if (!p.hex(params, F['handshake.server_point'], n)) return;
  } else if (cipher.includes('_DHE_')) {
    params = b.add(msg, F['handshake.params'], at, end - at, 'Diffie-Hellman Server Params');
    for (const [len, value] of [[F['handshake.p_len'], F['handshake.p']], [F['handshake.g_len'], F['handshake.g']], [F['handshake.ys_len'], F['handshake.ys']]] as const) {
      const n = p.uint(params, len);
      if (!p.hex(params, value, n)) return;
    }
  } else return;
  if (pass.version === 0x0303 && p.fits(2)) {
    signatureAlgorithm(b, params, p.pos);
    p.pos += 2;
  }
  const s = p.uint(params, F['handshake.sig_len']);
  p.hex(params, F['handshake.sig'], s);
}

function clientKeyExchange(pass: Pass, msg: Field, at: number, end: number): void {
  const { b } = pass;
  const p = new Part(b, at, end);
  const cipher = TLS_CIPHER_SUITES[pass.session?.cipher ?? -1] ?? '';
  if (cipher.includes('_ECDHE_')) {
    const params = b.add(msg, F['handshake.params'], at, end - at, 'EC Diffie-Hellman Client Params');
    const n = p.uint(params, F['handshake.client_point_len']);
    p.hex(params, F['handshake.client_point'], n);
  } else if (cipher.includes('_DHE_')) {
    const params = b.add(msg, F['handshake.params'], at, end - at, 'Diffie-Hellman Client Params');
    const n = p.uint(params, F['handshake.yc_len']);
    p.hex(params, F['handshake.yc'], n);
  } else if (cipher.startsWith('TLS_RSA_')) {
    const params = b.add(msg, F['handshake.params'], at, end - at, 'RSA Encrypted PreMaster Secret');
    const n = p.uint(params, F['handshake.epms_len']);
    p.hex(params, F['handshake.epms'], n);
  }
}

function narrate(r: LayerReading): Message[] {
  const parts: Message[] = [{ id: N.layer.id }];
  let dataRecords = 0;
  let dataBytes = 0;
  // Record by record, in the order they were sent.
  for (const record of r.all(F.record)) {
    for (const part of record.children) {
      if (part.name === F.handshake.name) parts.push(handshakeSentence(part));
      else if (part.name === F.change_cipher_spec.name) parts.push({ id: N.change_cipher_spec.id });
      else if (part.name === F.alert_message.name) {
        const [level, desc] = part.children;
        parts.push(level === undefined ? { id: N.encrypted_alert.id } : { id: N.alert.id, params: { level: TLS_ALERT_LEVELS[level.value as number] ?? 'unknown', description: TLS_ALERT_DESCRIPTIONS[desc?.value as number] ?? 'unknown' } });
      } else if (part.name === F.app_data.name) {
        dataRecords++;
        dataBytes += part.length;
      }
    }
  }
  if (dataRecords > 0) parts.push({ id: N.application_data.id, params: { count: dataRecords, length: dataBytes } });
  if (r.field(F['record.opaque_type'])) parts.push({ id: N.tls13_opaque.id });
  if (r.field(F['segment.data'])) parts.push({ id: N.continues.id });
  return parts;
}

/** The sentence for one handshake message (a field of F.handshake). */
function handshakeSentence(hs: Field): Message {
  const child = (spec: FieldSpec) => hs.children.find((c) => c.name === spec.name);
  const type = child(F['handshake.type'])?.value;
  if (type === undefined) return { id: N.encrypted_handshake.id };
  const all = (spec: FieldSpec): Field[] => {
    const found: Field[] = [];
    const walk = (fields: readonly Field[]) => {
      for (const f of fields) {
        if (f.name === spec.name) found.push(f);
        walk(f.children);
      }
    };
    walk(hs.children);
    return found;
  };
  switch (type) {
    case 1: {
      const sni = all(F['handshake.extensions_server_name'])[0]?.show;
      return sni ? { id: N.client_hello_sni.id, params: { name: sni } } : { id: N.client_hello.id };
    }
    case 2: {
      const selected = all(F['handshake.extensions_key_share_selected_group'])[0];
      if (selected) return { id: N.hello_retry.id, params: { group: TLS_GROUPS[selected.value as number] ?? String(selected.value) } };
      const versions = all(F['handshake.extensions.supported_version']);
      const v = versions.length > 0 ? (versions[0].value as number) : (child(F['handshake.version'])?.value as number | undefined);
      const suite = child(F['handshake.ciphersuite'])?.value as number | undefined;
      return { id: N.server_hello.id, params: { version: v !== undefined ? TLS_VERSIONS[v] ?? 'unknown' : 'unknown', suite: TLS_CIPHER_SUITES[suite ?? -1] ?? 'unknown' } };
    }
    case 4: return { id: N.new_session_ticket.id };
    case 11: return { id: N.certificate.id, params: { count: all(F['handshake.certificate']).length } };
    case 12: return { id: N.server_key_exchange.id };
    case 14: return { id: N.server_hello_done.id };
    case 16: return { id: N.client_key_exchange.id };
    default: return { id: N.handshake_other.id, params: { type: TLS_HANDSHAKE_TYPES[type as number] ?? String(type) } };
  }
}
