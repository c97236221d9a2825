// The names TLS gives its numbers (IANA's TLS registries), as tshark 4.0 shows them: record
// content types, handshake types, versions, cipher suites, extensions, named groups, signature
// schemes, alerts. Data only, read by the field table in tls.ts.

export const TLS_CONTENT_TYPES: Readonly<Record<number, string>> = {
  20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat', 25: 'Connection ID',
};

export const TLS_HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 3: 'Hello Verify Request', 4: 'New Session Ticket',
  5: 'End of Early Data', 6: 'Hello Retry Request', 8: 'Encrypted Extensions', 11: 'Certificate', 12: 'Server Key Exchange',
  13: 'Certificate Request', 14: 'Server Hello Done', 15: 'Certificate Verify', 16: 'Client Key Exchange', 20: 'Finished',
  21: 'Certificate URL', 22: 'Certificate Status', 23: 'Supplemental Data', 24: 'Key Update', 25: 'Compressed Certificate',
  67: 'Encrypted Extensions',
};

/** Versions as the record and hello version fields name them. */
export const TLS_VERSIONS: Readonly<Record<number, string>> = {
  0x0002: 'SSL 2.0', 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3',
  0x7f0e: 'TLS 1.3 (draft 14)', 0x7f0f: 'TLS 1.3 (draft 15)', 0x7f10: 'TLS 1.3 (draft 16)', 0x7f11: 'TLS 1.3 (draft 17)',
  0x7f12: 'TLS 1.3 (draft 18)', 0x7f13: 'TLS 1.3 (draft 19)', 0x7f14: 'TLS 1.3 (draft 20)', 0x7f15: 'TLS 1.3 (draft 21)',
  0x7f16: 'TLS 1.3 (draft 22)', 0x7f17: 'TLS 1.3 (draft 23)', 0x7f18: 'TLS 1.3 (draft 24)', 0x7f19: 'TLS 1.3 (draft 25)',
  0x7f1a: 'TLS 1.3 (draft 26)', 0x7f1b: 'TLS 1.3 (draft 27)', 0x7f1c: 'TLS 1.3 (draft 28)', 0xfefd: 'DTLS 1.2', 0xfeff: 'DTLS 1.0',
  0x0a0a: 'Reserved (GREASE)', 0x1a1a: 'Reserved (GREASE)', 0x2a2a: 'Reserved (GREASE)', 0x3a3a: 'Reserved (GREASE)',
  0x4a4a: 'Reserved (GREASE)', 0x5a5a: 'Reserved (GREASE)', 0x6a6a: 'Reserved (GREASE)', 0x7a7a: 'Reserved (GREASE)',
  0x8a8a: 'Reserved (GREASE)', 0x9a9a: 'Reserved (GREASE)', 0xaaaa: 'Reserved (GREASE)', 0xbaba: 'Reserved (GREASE)',
  0xcaca: 'Reserved (GREASE)', 0xdada: 'Reserved (GREASE)', 0xeaea: 'Reserved (GREASE)', 0xfafa: 'Reserved (GREASE)',
};

/** The short name the protocol column and record lines use ("TLSv1.2"). */
export const TLS_VERSION_SHORT: Readonly<Record<number, string>> = {
  0x0002: 'SSLv2', 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3',
};

/** GREASE values (RFC 8701): 0x?a?a with both bytes equal. */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && (v >> 8) === (v & 0xff);
}

const GREASE: Record<number, string> = {};
for (let i = 0; i < 16; i++) GREASE[(i << 12) | 0x0a00 | (i << 4) | 0x0a] = 'Reserved (GREASE)';

export const TLS_CIPHER_SUITES: Readonly<Record<number, string>> = {
  ...GREASE,
  0x0000: 'TLS_NULL_WITH_NULL_NULL', 0x0001: 'TLS_RSA_WITH_NULL_MD5', 0x0002: 'TLS_RSA_WITH_NULL_SHA',
  0x0004: 'TLS_RSA_WITH_RC4_128_MD5', 0x0005: 'TLS_RSA_WITH_RC4_128_SHA', 0x000a: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  0x0016: 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', 0x002f: 'TLS_RSA_WITH_AES_128_CBC_SHA', 0x0032: 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA',
  0x0033: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 0x0035: 'TLS_RSA_WITH_AES_256_CBC_SHA', 0x0038: 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA',
  0x0039: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 0x003c: 'TLS_RSA_WITH_AES_128_CBC_SHA256', 0x003d: 'TLS_RSA_WITH_AES_256_CBC_SHA256',
  0x0040: 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256', 0x0067: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 0x006a: 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256',
  0x006b: 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 0x008c: 'TLS_PSK_WITH_AES_128_CBC_SHA', 0x008d: 'TLS_PSK_WITH_AES_256_CBC_SHA',
  0x009c: 'TLS_RSA_WITH_AES_128_GCM_SHA256', 0x009d: 'TLS_RSA_WITH_AES_256_GCM_SHA384', 0x009e: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  0x009f: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 0x00a2: 'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256', 0x00a3: 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384',
  0x00a8: 'TLS_PSK_WITH_AES_128_GCM_SHA256', 0x00a9: 'TLS_PSK_WITH_AES_256_GCM_SHA384',
  0x00ff: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV', 0x5600: 'TLS_FALLBACK_SCSV',
  0x1301: 'TLS_AES_128_GCM_SHA256', 0x1302: 'TLS_AES_256_GCM_SHA384', 0x1303: 'TLS_CHACHA20_POLY1305_SHA256',
  0x1304: 'TLS_AES_128_CCM_SHA256', 0x1305: 'TLS_AES_128_CCM_8_SHA256',
  0xc009: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 0xc00a: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  0xc012: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', 0xc013: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 0xc014: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  0xc023: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 0xc024: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
  0xc027: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 0xc028: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
  0xc02b: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 0xc02c: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  0xc02f: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 0xc030: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  0xc09c: 'TLS_RSA_WITH_AES_128_CCM', 0xc09d: 'TLS_RSA_WITH_AES_256_CCM', 0xc0ac: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',
  0xc0ad: 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',
  0xcca8: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 0xcca9: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  0xccaa: 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 0xccab: 'TLS_PSK_WITH_CHACHA20_POLY1305_SHA256',
};

export const TLS_EXTENSIONS: Readonly<Record<number, string>> = {
  ...GREASE,
  0: 'server_name', 1: 'max_fragment_length', 2: 'client_certificate_url', 3: 'trusted_ca_keys', 4: 'truncated_hmac',
  5: 'status_request', 6: 'user_mapping', 7: 'client_authz', 8: 'server_authz', 9: 'cert_type', 10: 'supported_groups',
  11: 'ec_point_formats', 12: 'srp', 13: 'signature_algorithms', 14: 'use_srtp', 15: 'heartbeat',
  16: 'application_layer_protocol_negotiation', 17: 'status_request_v2', 18: 'signed_certificate_timestamp',
  19: 'client_certificate_type', 20: 'server_certificate_type', 21: 'padding', 22: 'encrypt_then_mac',
  23: 'extended_master_secret', 24: 'token_binding', 25: 'cached_info', 27: 'compress_certificate', 28: 'record_size_limit',
  35: 'session_ticket', 41: 'pre_shared_key', 42: 'early_data', 43: 'supported_versions', 44: 'cookie',
  45: 'psk_key_exchange_modes', 47: 'certificate_authorities', 48: 'oid_filters', 49: 'post_handshake_auth',
  50: 'signature_algorithms_cert', 51: 'key_share', 52: 'transparency_info', 53: 'connection_id', 57: 'quic_transport_parameters',
  13172: 'next_protocol_negotiation', 17513: 'application_settings', 65037: 'encrypted_client_hello', 65281: 'renegotiation_info',
};

export const TLS_GROUPS: Readonly<Record<number, string>> = {
  ...GREASE,
  1: 'sect163k1', 2: 'sect163r1', 3: 'sect163r2', 4: 'sect193r1', 5: 'sect193r2', 6: 'sect233k1', 7: 'sect233r1',
  8: 'sect239k1', 9: 'sect283k1', 10: 'sect283r1', 11: 'sect409k1', 12: 'sect409r1', 13: 'sect571k1', 14: 'sect571r1',
  15: 'secp160k1', 16: 'secp160r1', 17: 'secp160r2', 18: 'secp192k1', 19: 'secp192r1', 20: 'secp224k1', 21: 'secp224r1',
  22: 'secp256k1', 23: 'secp256r1', 24: 'secp384r1', 25: 'secp521r1', 26: 'brainpoolP256r1', 27: 'brainpoolP384r1',
  28: 'brainpoolP512r1', 29: 'x25519', 30: 'x448', 256: 'ffdhe2048', 257: 'ffdhe3072', 258: 'ffdhe4096', 259: 'ffdhe6144',
  260: 'ffdhe8192', 0x6399: 'X25519Kyber768Draft00',
};

export const TLS_SIGNATURE_SCHEMES: Readonly<Record<number, string>> = {
  0x0201: 'rsa_pkcs1_sha1', 0x0202: 'SHA1 DSA', 0x0203: 'ecdsa_sha1',
  0x0301: 'SHA224 RSA', 0x0302: 'SHA224 DSA', 0x0303: 'SHA224 ECDSA',
  0x0401: 'rsa_pkcs1_sha256', 0x0402: 'SHA256 DSA', 0x0403: 'ecdsa_secp256r1_sha256',
  0x0501: 'rsa_pkcs1_sha384', 0x0502: 'SHA384 DSA', 0x0503: 'ecdsa_secp384r1_sha384',
  0x0601: 'rsa_pkcs1_sha512', 0x0602: 'SHA512 DSA', 0x0603: 'ecdsa_secp521r1_sha512',
  0x0804: 'rsa_pss_rsae_sha256', 0x0805: 'rsa_pss_rsae_sha384', 0x0806: 'rsa_pss_rsae_sha512', 0x0807: 'ed25519',
  0x0808: 'ed448', 0x0809: 'rsa_pss_pss_sha256', 0x080a: 'rsa_pss_pss_sha384', 0x080b: 'rsa_pss_pss_sha512',
};

export const TLS_HASH_ALGORITHMS: Readonly<Record<number, string>> = { 0: 'None', 1: 'MD5', 2: 'SHA1', 3: 'SHA224', 4: 'SHA256', 5: 'SHA384', 6: 'SHA512' };
export const TLS_SIGNATURE_ALGORITHMS: Readonly<Record<number, string>> = { 0: 'Anonymous', 1: 'RSA', 2: 'DSA', 3: 'ECDSA', 4: 'SM2' };

export const TLS_ALERT_LEVELS: Readonly<Record<number, string>> = { 1: 'Warning', 2: 'Fatal' };

export const TLS_ALERT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0: 'Close Notify', 10: 'Unexpected Message', 20: 'Bad Record MAC', 21: 'Decryption Failed', 22: 'Record Overflow',
  30: 'Decompression Failure', 40: 'Handshake Failure', 41: 'No Certificate', 42: 'Bad Certificate', 43: 'Unsupported Certificate',
  44: 'Certificate Revoked', 45: 'Certificate Expired', 46: 'Certificate Unknown', 47: 'Illegal Parameter', 48: 'Unknown CA',
  49: 'Access Denied', 50: 'Decode Error', 51: 'Decrypt Error', 60: 'Export Restriction', 70: 'Protocol Version',
  71: 'Insufficient Security', 80: 'Internal Error', 86: 'Inappropriate Fallback', 90: 'User Canceled', 100: 'No Renegotiation',
  109: 'Missing Extension', 110: 'Unsupported Extension', 111: 'Certificate Unobtainable', 112: 'Unrecognized Name',
  113: 'Bad Certificate Status Response', 114: 'Bad Certificate Hash Value', 115: 'Unknown PSK Identity',
  116: 'Certificate Required', 120: 'No application Protocol',
};

export const TLS_EC_POINT_FORMATS: Readonly<Record<number, string>> = { 0: 'uncompressed', 1: 'ansiX962_compressed_prime', 2: 'ansiX962_compressed_char2' };
export const TLS_COMPRESSION_METHODS: Readonly<Record<number, string>> = { 0: 'null', 1: 'DEFLATE', 64: 'LZS' };
export const TLS_CURVE_TYPES: Readonly<Record<number, string>> = { 1: 'explicit_prime', 2: 'explicit_char2', 3: 'named_curve' };
export const TLS_PSK_KE_MODES: Readonly<Record<number, string>> = {
  0: 'PSK-only key establishment (psk_ke)', 1: 'PSK with (EC)DHE key establishment (psk_dhe_ke)',
};
export const TLS_HEARTBEAT_TYPES: Readonly<Record<number, string>> = { 1: 'Request', 2: 'Response' };
export const TLS_STATUS_TYPES: Readonly<Record<number, string>> = { 1: 'OCSP', 2: 'OCSP Multi' };
export const TLS_SERVER_NAME_TYPES: Readonly<Record<number, string>> = { 0: 'host_name' };

/** The application protocol tshark names for encrypted data: by ALPN, else by the port TLS was found on. */
export const TLS_ALPN_PROTOCOLS: Readonly<Record<string, string>> = {
  'http/1.1': 'Hypertext Transfer Protocol', 'http/1.0': 'Hypertext Transfer Protocol', h2: 'HyperText Transfer Protocol 2',
};
export const TLS_PORT_PROTOCOLS: Readonly<Record<number, string>> = {
  324: 'RPKI-Router Protocol', 443: 'Hypertext Transfer Protocol', 465: 'Simple Mail Transfer Protocol',
  636: 'Lightweight Directory Access Protocol', 802: 'Modbus/TCP', 853: 'Domain Name System',
  993: 'Internet Message Access Protocol', 995: 'Post Office Protocol', 1300: 'Q.931', 2221: 'EtherNet/IP (Industrial Protocol)',
  2443: 'Skinny Client Control Protocol', 3249: 'Intel Omni-Path FE Header - Omni-Path Fabric Executive Header',
  3250: 'Intel Omni-Path FE Header - Omni-Path Fabric Executive Header', 3251: 'Intel Omni-Path FE Header - Omni-Path Fabric Executive Header',
  3252: 'Intel Omni-Path FE Header - Omni-Path Fabric Executive Header', 3496: 'DoIP (ISO13400) Protocol', 5061: 'Session Initiation Protocol',
  5671: 'Advanced Message Queuing Protocol', 5684: 'Constrained Application Protocol', 5868: 'Diameter Protocol',
  8883: 'MQ Telemetry Transport Protocol', 11207: 'Couchbase Protocol', 19999: 'Distributed Network Protocol 3.0',
  27017: 'Mongo Wire Protocol',
};
