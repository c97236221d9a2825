// Enough DER (X.690) and X.509 (RFC 5280) to show a certificate as tshark does: version, serial
// number, signature algorithm, issuer and subject names, validity, public key, extension ids, and
// the issuer's signature. Every element is read through one bounded reader: a length that runs
// past its parent ends the walk there, nesting is limited, so hostile certificates cost time in
// proportion to their size and never throw.

import type { Field } from '../field-model.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
import { plainHex } from '../display-format.js';
import { decodeText } from '../byte-text.js';

const blank = () => '';
const asLine = (v: number | string) => String(v);

const X = defineFields('x509af', {
  signedCertificate: { name: 'x509af.signedCertificate_element', label: 'signedCertificate', type: 'none', description: 'The part of the certificate the issuer signs: who it is for, who issued it, how long it is valid, and the public key.', rfc: 'RFC 5280 §4.1.2' },
  version: { label: 'version', type: 'int32', values: { 0: 'v1', 1: 'v2', 2: 'v3' }, description: 'The X.509 version (v3 has extensions).', rfc: 'RFC 5280 §4.1.2.1' },
  serialNumber: { label: 'serialNumber', type: 'bytes', format: (v) => hexInteger(String(v)), description: 'A number unique among the certificates of this issuer.', rfc: 'RFC 5280 §4.1.2.2' },
  signature: { name: 'x509af.signature_element', label: 'signature', type: 'none', line: asLine, show: blank, description: 'The algorithm the issuer signs with.', rfc: 'RFC 5280 §4.1.2.3' },
  algorithmId: { name: 'x509af.algorithm.id', label: 'Algorithm Id', type: 'string', description: 'An algorithm, named by its object identifier.', rfc: 'RFC 5280 §4.1.1.2' },
  issuer: { label: 'issuer', type: 'uint32', values: { 0: 'rdnSequence' }, description: 'Who issued (signed) the certificate; the same as the subject for a self-signed certificate.', rfc: 'RFC 5280 §4.1.2.4' },
  subject: { label: 'subject', type: 'uint32', values: { 0: 'rdnSequence' }, description: 'Who the certificate is for: its common name is usually the site\'s host name.', rfc: 'RFC 5280 §4.1.2.6' },
  validity: { name: 'x509af.validity_element', label: 'validity', type: 'none', description: 'When the certificate may be trusted: from notBefore to notAfter.', rfc: 'RFC 5280 §4.1.2.5' },
  notBefore: { label: 'notBefore', type: 'uint32', values: { 0: 'utcTime', 1: 'generalizedTime' }, description: 'The certificate is not valid before this time.', rfc: 'RFC 5280 §4.1.2.5' },
  notAfter: { label: 'notAfter', type: 'uint32', values: { 0: 'utcTime', 1: 'generalizedTime' }, description: 'The certificate expires at this time.', rfc: 'RFC 5280 §4.1.2.5' },
  utcTime: { label: 'utcTime', type: 'string', description: 'A time with a two-digit year.', rfc: 'RFC 5280 §4.1.2.5.1' },
  generalizedTime: { label: 'generalizedTime', type: 'string', description: 'A time with a four-digit year.', rfc: 'RFC 5280 §4.1.2.5.2' },
  spki: { name: 'x509af.subjectPublicKeyInfo_element', label: 'subjectPublicKeyInfo', type: 'none', description: 'The subject\'s public key and its algorithm.', rfc: 'RFC 5280 §4.1.2.7' },
  algorithm: { name: 'x509af.algorithm_element', label: 'algorithm', type: 'none', line: asLine, show: blank, description: 'The algorithm of the public key.', rfc: 'RFC 5280 §4.1.2.7' },
  subjectPublicKey: { label: 'subjectPublicKey', type: 'bytes', description: 'The public key itself.', rfc: 'RFC 5280 §4.1.2.7' },
  extensions: { label: 'extensions', type: 'uint32', format: (v) => `${v} item${v === 1 ? '' : 's'}`, description: 'Extensions of a v3 certificate (key usage, alternative names, constraints).', rfc: 'RFC 5280 §4.2' },
  extension: { name: 'x509af.Extension_element', label: 'Extension', type: 'none', line: asLine, show: blank, description: 'One extension: its identifier, whether it is critical, and its value.', rfc: 'RFC 5280 §4.1.2.9' },
  extensionId: { name: 'x509af.extension.id', label: 'Extension Id', type: 'string', description: 'Which extension, by object identifier.', rfc: 'RFC 5280 §4.1.2.9' },
  critical: { label: 'critical', type: 'boolean', description: 'A client that does not understand a critical extension must reject the certificate.', rfc: 'RFC 5280 §4.2' },
  algorithmIdentifier: { name: 'x509af.algorithmIdentifier_element', label: 'algorithmIdentifier', type: 'none', line: asLine, show: blank, description: 'The algorithm of the issuer\'s signature.', rfc: 'RFC 5280 §4.1.1.2' },
  padding: { name: 'ber.bitstring.padding', label: 'Padding', type: 'uint8', description: 'Unused bits at the end of the bit string (0).', rfc: 'X.690 §8.6.2' },
  encrypted: { label: 'encrypted', type: 'bytes', description: 'The issuer\'s signature over signedCertificate.', rfc: 'RFC 5280 §4.1.1.3' },
  rdnSequence: { name: 'x509if.rdnSequence', label: 'rdnSequence', type: 'uint32', line: asLine, description: 'A name as a sequence of parts (country, organisation, common name).', rfc: 'RFC 5280 §4.1.2.4' },
  subjectRdnSequence: { name: 'x509af.rdnSequence', label: 'rdnSequence', type: 'uint32', line: asLine, description: 'A name as a sequence of parts (country, organisation, common name).', rfc: 'RFC 5280 §4.1.2.6' },
  rdnItem: { name: 'x509if.RDNSequence_item', label: 'RDNSequence item', type: 'uint32', line: asLine, description: 'One part of a name.', rfc: 'RFC 5280 §4.1.2.4' },
  rdnElement: { name: 'x509if.RelativeDistinguishedName_item_element', label: 'RelativeDistinguishedName item', type: 'none', line: asLine, show: blank, description: 'One attribute of a name part: a type and a value.', rfc: 'RFC 5280 §4.1.2.4' },
  oid: { name: 'x509if.oid', label: 'Object Id', type: 'string', description: 'The attribute\'s type, by object identifier.', rfc: 'RFC 5280 §4.1.2.4' },
  countryName: { name: 'x509sat.CountryName', label: 'CountryName', type: 'string', description: 'A two-letter country code.', rfc: 'RFC 5280 App. A' },
  directoryString: { name: 'x509sat.DirectoryString', label: 'DirectoryString', type: 'uint32', values: { 0: 'teletexString', 1: 'printableString', 2: 'universalString', 3: 'bmpString', 4: 'uTF8String' }, description: 'A text attribute, in one of several string types.', rfc: 'RFC 5280 App. A' },
  printableString: { name: 'x509sat.printableString', label: 'printableString', type: 'string', description: 'The attribute\'s text.', rfc: 'RFC 5280 App. A' },
  uTF8String: { name: 'x509sat.uTF8String', label: 'uTF8String', type: 'string', description: 'The attribute\'s text.', rfc: 'RFC 5280 App. A' },
  teletexString: { name: 'x509sat.teletexString', label: 'teletexString', type: 'string', description: 'The attribute\'s text.', rfc: 'RFC 5280 App. A' },
});

/** A big integer as tshark writes it: "0x" and its bytes, at most 36 of them, then "…". */
function hexInteger(hex: string): string {
  return `0x${hex.length > 72 ? hex.slice(0, 72) + '…' : hex}`;
}

const K = defineFields('pkcs1', {
  modulus: { label: 'modulus', type: 'bytes', format: (v) => hexInteger(String(v)), description: 'The RSA modulus n: the product of two secret primes.', rfc: 'RFC 8017 §A.1.1' },
  publicExponent: { label: 'publicExponent', type: 'uint32', description: 'The RSA public exponent e (almost always 65537).', rfc: 'RFC 8017 §A.1.1' },
});

const CE = defineFields('x509ce', {
  SubjectKeyIdentifier: { label: 'SubjectKeyIdentifier', type: 'bytes', description: 'An identifier of the certificate\'s public key, to find chains by.', rfc: 'RFC 5280 §4.2.1.2' },
  AuthorityKeyIdentifier_element: { label: 'AuthorityKeyIdentifier', type: 'none', description: 'Identifies the issuer\'s key that signed this certificate.', rfc: 'RFC 5280 §4.2.1.1' },
  keyIdentifier: { label: 'keyIdentifier', type: 'bytes', description: 'The issuer\'s key identifier.', rfc: 'RFC 5280 §4.2.1.1' },
  BasicConstraintsSyntax_element: { label: 'BasicConstraintsSyntax', type: 'none', description: 'Whether the certificate belongs to an authority that may sign other certificates.', rfc: 'RFC 5280 §4.2.1.9' },
  cA: { label: 'cA', type: 'boolean', description: 'True for a certificate authority.', rfc: 'RFC 5280 §4.2.1.9' },
});

const OIDS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'id-at-commonName', '2.5.4.5': 'id-at-serialNumber', '2.5.4.6': 'id-at-countryName', '2.5.4.7': 'id-at-localityName',
  '2.5.4.8': 'id-at-stateOrProvinceName', '2.5.4.9': 'id-at-streetAddress', '2.5.4.10': 'id-at-organizationName',
  '2.5.4.11': 'id-at-organizationalUnitName', '1.2.840.113549.1.9.1': 'pkcs-9-at-emailAddress',
  '1.2.840.113549.1.1.1': 'rsaEncryption', '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption', '1.2.840.113549.1.1.10': 'rsassa-pss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption', '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption', '1.2.840.10045.2.1': 'ecPublicKey', '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384', '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512', '1.3.101.112': 'id-Ed25519', '1.3.101.113': 'id-Ed448',
  '2.5.29.14': 'id-ce-subjectKeyIdentifier', '2.5.29.15': 'id-ce-keyUsage', '2.5.29.17': 'id-ce-subjectAltName',
  '2.5.29.19': 'id-ce-basicConstraints', '2.5.29.31': 'id-ce-cRLDistributionPoints', '2.5.29.32': 'id-ce-certificatePolicies',
  '2.5.29.35': 'id-ce-authorityKeyIdentifier', '2.5.29.37': 'id-ce-extKeyUsage', '1.3.6.1.5.5.7.1.1': 'id-pe-authorityInfoAccess',
};

/** One DER element: tag, where its header and contents are. */
interface Tlv {
  tag: number;
  start: number;
  content: number;
  end: number;
}

/** The element at `at` if it fits before `limit` (single-byte tags, lengths up to four bytes). */
function tlv(d: Uint8Array, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = d[at];
  if ((tag & 0x1f) === 0x1f) return undefined;
  let len = d[at + 1];
  let content = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || content + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + d[content + i];
    content += n;
  }
  if (content + len > limit) return undefined;
  return { tag, start: at, content, end: content + len };
}

/** The elements inside `parent`, in order (stops at the first that does not fit). */
function children(d: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.content; at < parent.end; ) {
    const t = tlv(d, at, parent.end);
    if (!t) break;
    out.push(t);
    at = t.end;
  }
  return out;
}

function oidText(d: Uint8Array, from: number, to: number): string {
  if (from >= to) return '';
  const parts: number[] = [];
  let v = 0;
  for (let i = from; i < to; i++) {
    v = v * 128 + (d[i] & 0x7f);
    if ((d[i] & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
    // An identifier of absurd length is cut short rather than walked to its end.
    if (parts.length > 64) break;
  }
  return parts.join('.');
}

const oidName = (oid: string) => OIDS[oid] ?? oid;

/** The attribute type and text of one name part, or undefined. */
function attribute(d: Uint8Array, seq: Tlv): { oid: Tlv; value: Tlv; type: string; text: string } | undefined {
  const [oid, value] = children(d, seq);
  if (!oid || !value || oid.tag !== 0x06) return undefined;
  const type = oidName(oidText(d, oid.content, oid.end));
  return { oid, value, type, text: decodeText(d, value.content, value.end) };
}

/** "id-at-commonName=localhost,id-at-organizationName=…": a Name's parts, last first, as tshark writes it. */
function nameText(d: Uint8Array, name: Tlv): string {
  const parts: string[] = [];
  for (const set of children(d, name)) {
    const inner: string[] = [];
    for (const seq of children(d, set)) {
      const a = attribute(d, seq);
      if (a) inner.push(`${a.type}=${a.text}`);
    }
    parts.unshift(inner.join('+'));
    if (parts.length > 64) break;
  }
  return parts.join(',');
}

/** The TBSCertificate's parts by position (version present or not). */
function tbsParts(d: Uint8Array, from: number, to: number): { cert: Tlv; tbs: Tlv; parts: Tlv[]; version?: Tlv } | undefined {
  const cert = tlv(d, from, to);
  if (!cert || cert.tag !== 0x30) return undefined;
  const tbs = tlv(d, cert.content, cert.end);
  if (!tbs || tbs.tag !== 0x30) return undefined;
  const all = children(d, tbs);
  const version = all[0]?.tag === 0xa0 ? all[0] : undefined;
  return { cert, tbs, parts: version ? all.slice(1) : all, version };
}

/** The subject of the certificate in [from, to), as tshark writes it after the certificate's bytes. */
export function certificateSubject(d: Uint8Array, from: number, to: number): string | undefined {
  const t = tbsParts(d, from, to);
  const subject = t?.parts[4];
  return subject && subject.tag === 0x30 ? nameText(d, subject) : undefined;
}

function addName(b: LayerBuilder, parent: Field, spec: typeof X.issuer, name: Tlv): void {
  const d = b.frame.bytes;
  const top = b.add(parent, spec, name.start, name.end - name.start, 0);
  const sets = children(d, name);
  const seq = b.add(top, spec === X.subject ? X.subjectRdnSequence : X.rdnSequence, name.content, name.end - name.content, sets.length);
  b.rewrite(seq, (n: number, text: string) => `rdnSequence: ${n} item${n === 1 ? '' : 's'} (${text})`, sets.length, nameText(d, name));
  for (const set of sets) {
    const seqs = children(d, set);
    const texts = seqs.map((s) => attribute(d, s)).filter((a) => a !== undefined).map((a) => `${a!.type}=${a!.text}`).join('+');
    const item = b.add(seq, X.rdnItem, set.content, set.end - set.content, seqs.length);
    b.rewrite(item, (n: number, text: string) => `RDNSequence item: ${n} item${n === 1 ? '' : 's'} (${text})`, seqs.length, texts);
    for (const s of seqs) {
      const a = attribute(d, s);
      if (!a) continue;
      const el = b.add(item, X.rdnElement, s.start, s.end - s.start, `RelativeDistinguishedName item (${a.type}=${a.text})`);
      const oid = oidText(d, a.oid.content, a.oid.end);
      b.add(el, X.oid, a.oid.content, a.oid.end - a.oid.content, oid);
      b.rewrite(b.last, (o: string) => `Object Id: ${o} (${oidName(o)})`, oid);
      if (a.type === 'id-at-countryName') {
        b.add(el, X.countryName, a.value.content, a.value.end - a.value.content, a.text);
        continue;
      }
      const choice = STRING_CHOICES[a.value.tag];
      if (choice === undefined) continue;
      const ds = b.add(el, X.directoryString, a.value.start, a.value.end - a.value.start, choice[0]);
      b.add(ds, choice[1], a.value.content, a.value.end - a.value.content, a.text);
    }
  }
}

const STRING_CHOICES: Readonly<Record<number, readonly [number, typeof X.uTF8String]>> = {
  0x14: [0, X.teletexString], 0x13: [1, X.printableString], 0x0c: [4, X.uTF8String],
};

function timeText(d: Uint8Array, t: Tlv): string {
  const s = decodeText(d, t.content, t.end);
  const m = t.tag === 0x17 ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s) : /^(\d\d\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s);
  if (!m) return s;
  const year = t.tag === 0x17 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return `${year}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} (UTC)`;
}

function addAlgorithm(b: LayerBuilder, parent: Field, spec: typeof X.signature, alg: Tlv): void {
  const d = b.frame.bytes;
  const [oid] = children(d, alg);
  const text = oid && oid.tag === 0x06 ? oidText(d, oid.content, oid.end) : '';
  const f = b.add(parent, spec, alg.start, alg.end - alg.start, `${spec.label} (${oidName(text)})`);
  if (oid && oid.tag === 0x06) {
    b.add(f, X.algorithmId, oid.content, oid.end - oid.content, text);
    b.rewrite(b.last, (o: string) => `Algorithm Id: ${o} (${oidName(o)})`, text);
  }
}

/** Adds the X.509 fields of the certificate in [from, to) under `parent` (tree only). */
export function addCertificate(b: LayerBuilder, parent: Field, from: number, to: number): void {
  const d = b.frame.bytes;
  const t = tbsParts(d, from, to);
  if (!t) return;
  const tbs = b.add(parent, X.signedCertificate, t.tbs.start, t.tbs.end - t.tbs.start, null);
  if (t.version) {
    const v = tlv(d, t.version.content, t.version.end);
    if (v && v.tag === 0x02 && v.end - v.content === 1) b.add(tbs, X.version, v.content, 1, d[v.content]);
  }
  const [serial, signature, issuer, validity, subject, spki, ...rest] = t.parts;
  if (serial?.tag === 0x02) b.add(tbs, X.serialNumber, serial.content, serial.end - serial.content, plainHex(d.subarray(serial.content, serial.end)));
  if (signature?.tag === 0x30) addAlgorithm(b, tbs, X.signature, signature);
  if (issuer?.tag === 0x30) addName(b, tbs, X.issuer, issuer);
  if (validity?.tag === 0x30) {
    const v = b.add(tbs, X.validity, validity.start, validity.end - validity.start, null);
    const times = children(d, validity);
    times.slice(0, 2).forEach((time, i) => {
      if (time.tag !== 0x17 && time.tag !== 0x18) return;
      const utc = time.tag === 0x17;
      const f = b.add(v, i === 0 ? X.notBefore : X.notAfter, time.start, time.end - time.start, utc ? 0 : 1);
      b.add(f, utc ? X.utcTime : X.generalizedTime, time.content, time.end - time.content, timeText(d, time));
    });
  }
  if (subject?.tag === 0x30) addName(b, tbs, X.subject, subject);
  if (spki?.tag === 0x30) {
    const s = b.add(tbs, X.spki, spki.start, spki.end - spki.start, null);
    const [alg, key] = children(d, spki);
    if (alg?.tag === 0x30) addAlgorithm(b, s, X.algorithm, alg);
    if (key?.tag === 0x03 && key.end > key.content) {
      const k = b.add(s, X.subjectPublicKey, key.content + 1, key.end - key.content - 1, plainHex(d.subarray(key.content + 1, key.end)));
      if (alg && oidName(oidText(d, (children(d, alg)[0]?.content ?? 0), (children(d, alg)[0]?.end ?? 0))) === 'rsaEncryption') rsaKey(b, k, key.content + 1, key.end);
    }
  }
  const extWrap = rest.find((r) => r.tag === 0xa3);
  const exts = extWrap ? tlv(d, extWrap.content, extWrap.end) : undefined;
  if (exts && exts.tag === 0x30) {
    const list = children(d, exts);
    const e = b.add(tbs, X.extensions, exts.content, exts.end - exts.content, list.length);
    for (const ext of list) {
      const [id, second] = children(d, ext);
      if (!id || id.tag !== 0x06) continue;
      const oid = oidText(d, id.content, id.end);
      const f = b.add(e, X.extension, ext.start, ext.end - ext.start, `Extension (${oidName(oid)})`);
      b.add(f, X.extensionId, id.content, id.end - id.content, oid);
      b.rewrite(b.last, (o: string) => `Extension Id: ${o} (${oidName(o)})`, oid);
      if (second?.tag === 0x01 && second.end - second.content === 1) b.add(f, X.critical, second.content, 1, d[second.content] !== 0);
      const value = children(d, ext).find((c, i) => i > 0 && c.tag === 0x04);
      if (value) extensionValue(b, f, oid, value);
    }
  }
  const after = children(d, t.cert).slice(1);
  const [alg, sig] = after;
  if (alg?.tag === 0x30) addAlgorithm(b, parent, X.algorithmIdentifier, alg);
  if (sig?.tag === 0x03 && sig.end > sig.content) {
    b.add(parent, X.padding, sig.content, 1, d[sig.content]);
    b.add(parent, X.encrypted, sig.content + 1, sig.end - sig.content - 1, plainHex(d.subarray(sig.content + 1, sig.end)));
  }
}

/** The modulus and exponent of an RSA public key (its SEQUENCE of two INTEGERs) in [from, to). */
function rsaKey(b: LayerBuilder, parent: Field, from: number, to: number): void {
  const d = b.frame.bytes;
  const seq = tlv(d, from, to);
  if (!seq || seq.tag !== 0x30) return;
  const [n, e] = children(d, seq);
  if (n?.tag === 0x02) b.add(parent, K.modulus, n.content, n.end - n.content, plainHex(d.subarray(n.content, n.end)));
  if (e?.tag === 0x02 && e.end - e.content <= 4 && e.end > e.content) {
    let v = 0;
    for (let i = e.content; i < e.end; i++) v = v * 256 + d[i];
    b.add(parent, K.publicExponent, e.content, e.end - e.content, v);
  }
}

/** The decoded value of the extensions tshark takes apart that self-signed certificates carry. */
function extensionValue(b: LayerBuilder, parent: Field, oid: string, wrapper: Tlv): void {
  const d = b.frame.bytes;
  const inner = tlv(d, wrapper.content, wrapper.end);
  if (!inner) return;
  if (oid === '2.5.29.14' && inner.tag === 0x04) {
    b.add(parent, CE.SubjectKeyIdentifier, inner.content, inner.end - inner.content, plainHex(d.subarray(inner.content, inner.end)));
  } else if (oid === '2.5.29.35' && inner.tag === 0x30) {
    const aki = b.add(parent, CE.AuthorityKeyIdentifier_element, inner.start, inner.end - inner.start, null);
    const id = children(d, inner).find((c) => c.tag === 0x80);
    if (id) b.add(aki, CE.keyIdentifier, id.content, id.end - id.content, plainHex(d.subarray(id.content, id.end)));
  } else if (oid === '2.5.29.19' && inner.tag === 0x30) {
    const bc = b.add(parent, CE.BasicConstraintsSyntax_element, inner.start, inner.end - inner.start, null);
    const ca = children(d, inner).find((c) => c.tag === 0x01 && c.end - c.content === 1);
    if (ca) b.add(bc, CE.cA, ca.content, 1, d[ca.content] !== 0);
  }
}

export const X509_FIELDS = { ...X, ...K, ...CE };
