// DNS (RFC 1035): the header, its flags, the questions and the resource records of the answer,
// authority and additional sections. Names may be compressed with pointers back into the message;
// pointer loops and names running off the message become problems, never hangs.

import type { Field } from '../field-model.js';
import type { Dissector } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-table.js';
import { hexNumber, ipv4Address, ipv6Address, plainHex } from '../display-format.js';

const F = defineFields('dns', {
  id: { label: 'Transaction ID', description: 'A number the client picks so it can match the response to its question.', rfc: 'RFC 1035 §4.1.1' },
  flags: { label: 'Flags', description: 'Says whether this is a query or a response, what kind, and how it went.', rfc: 'RFC 1035 §4.1.1' },
  response: { name: 'dns.flags.response', label: 'Response', mask: 0x8000, description: '0 for a question, 1 for the answer to one.', rfc: 'RFC 1035 §4.1.1' },
  opcode: { name: 'dns.flags.opcode', label: 'Opcode', mask: 0x7800, description: 'The kind of query; 0 is an ordinary lookup.', rfc: 'RFC 1035 §4.1.1' },
  authoritative: { name: 'dns.flags.authoritative', label: 'Authoritative', mask: 0x0400, description: 'Set when the answering server is in charge of the name, not repeating a cached answer.', rfc: 'RFC 1035 §4.1.1' },
  truncated: { name: 'dns.flags.truncated', label: 'Truncated', mask: 0x0200, description: 'Set when the message did not fit in one UDP datagram; the client should retry over TCP.', rfc: 'RFC 1035 §4.1.1' },
  recdesired: { name: 'dns.flags.recdesired', label: 'Recursion desired', mask: 0x0100, description: 'The client asks the server to chase the answer through other servers for it.', rfc: 'RFC 1035 §4.1.1' },
  recavail: { name: 'dns.flags.recavail', label: 'Recursion available', mask: 0x0080, description: 'The server says it is willing to do recursive lookups.', rfc: 'RFC 1035 §4.1.1' },
  z: { name: 'dns.flags.z', label: 'Z', mask: 0x0040, description: 'Reserved; must be zero.', rfc: 'RFC 1035 §4.1.1' },
  authenticated: { name: 'dns.flags.authenticated', label: 'Answer authenticated', mask: 0x0020, description: 'DNSSEC: the server checked the answer\'s signatures.', rfc: 'RFC 4035 §3.2.3' },
  checkdisable: { name: 'dns.flags.checkdisable', label: 'Non-authenticated data', mask: 0x0010, description: 'DNSSEC: the client accepts answers whose signatures were not checked.', rfc: 'RFC 4035 §3.2.2' },
  rcode: { name: 'dns.flags.rcode', label: 'Reply code', mask: 0x000f, description: 'How the lookup went: 0 no error, 3 no such name.', rfc: 'RFC 1035 §4.1.1' },
  queries: { name: 'dns.count.queries', label: 'Questions', description: 'How many questions follow the header.', rfc: 'RFC 1035 §4.1.1' },
  answers: { name: 'dns.count.answers', label: 'Answer RRs', description: 'How many answer records follow the questions.', rfc: 'RFC 1035 §4.1.1' },
  auth: { name: 'dns.count.auth_rr', label: 'Authority RRs', description: 'How many records name the servers in charge of the domain.', rfc: 'RFC 1035 §4.1.1' },
  add: { name: 'dns.count.add_rr', label: 'Additional RRs', description: 'How many extra records the server adds to save further lookups.', rfc: 'RFC 1035 §4.1.1' },
  query: { name: 'dns.query', label: 'Query', description: 'One question: a name, and what kind of record is wanted for it.', rfc: 'RFC 1035 §4.1.2' },
  qry_name: { name: 'dns.qry.name', label: 'Name', description: 'The domain name asked about, written as length-prefixed labels.', rfc: 'RFC 1035 §4.1.2' },
  qry_type: { name: 'dns.qry.type', label: 'Type', description: 'The kind of record wanted: A (IPv4 address), AAAA (IPv6 address), MX (mail server)...', rfc: 'RFC 1035 §3.2.2' },
  qry_class: { name: 'dns.qry.class', label: 'Class', description: 'The network family; always IN (Internet) in practice.', rfc: 'RFC 1035 §3.2.4' },
  answer: { name: 'dns.answer', label: 'Resource record', description: 'One record of the answer: a name, its type, how long it may be cached, and its data.', rfc: 'RFC 1035 §4.1.3' },
  resp_name: { name: 'dns.resp.name', label: 'Name', description: 'The domain name this record is about.', rfc: 'RFC 1035 §4.1.3' },
  resp_type: { name: 'dns.resp.type', label: 'Type', description: 'The kind of record: A, AAAA, CNAME, MX...', rfc: 'RFC 1035 §3.2.2' },
  resp_class: { name: 'dns.resp.class', label: 'Class', description: 'The network family; IN for the Internet.', rfc: 'RFC 1035 §3.2.4' },
  resp_ttl: { name: 'dns.resp.ttl', label: 'Time to live', description: 'How many seconds the answer may be kept in a cache before asking again.', rfc: 'RFC 1035 §4.1.3' },
  resp_len: { name: 'dns.resp.len', label: 'Data length', description: 'How many bytes of record data follow.', rfc: 'RFC 1035 §4.1.3' },
  a: { name: 'dns.a', label: 'Address', description: 'The IPv4 address the name stands for.', rfc: 'RFC 1035 §3.4.1' },
  aaaa: { name: 'dns.aaaa', label: 'AAAA Address', description: 'The IPv6 address the name stands for.', rfc: 'RFC 3596 §2.2' },
  cname: { name: 'dns.cname', label: 'CNAME', description: 'The canonical name: the name asked about is an alias of this one.', rfc: 'RFC 1035 §3.3.1' },
  ptr: { name: 'dns.ptr.domain_name', label: 'Domain Name', description: 'The name an address points back to (reverse lookup).', rfc: 'RFC 1035 §3.3.12' },
  ns: { name: 'dns.ns', label: 'Name Server', description: 'A server in charge of the domain.', rfc: 'RFC 1035 §3.3.11' },
  mx_pref: { name: 'dns.mx.preference', label: 'Preference', description: 'Lower numbers are tried first among mail servers.', rfc: 'RFC 1035 §3.3.9' },
  mx: { name: 'dns.mx.mail_exchange', label: 'Mail Exchange', description: 'A server that accepts mail for the domain.', rfc: 'RFC 1035 §3.3.9' },
  txt: { name: 'dns.txt', label: 'TXT', description: 'Free text attached to the name.', rfc: 'RFC 1035 §3.3.14' },
  rdata: { name: 'dns.data', label: 'Data', description: 'Record data of a type Layerscope does not decode further.', rfc: 'RFC 1035 §4.1.3' },
});

const TYPES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 41: 'OPT', 65: 'HTTPS', 255: 'ANY' };
const RCODES: Record<number, string> = { 0: 'No error', 1: 'Format error', 2: 'Server failure', 3: 'No such name', 4: 'Not implemented', 5: 'Refused' };
const typeName = (t: number) => TYPES[t] ?? `Unknown (${t})`;

interface Name {
  text: string;
  /** Bytes the name takes where it is written (a pointer ends it). */
  length: number;
  problem?: string;
}

/** Reads a possibly compressed domain name at `at`; `base` is where the DNS message starts. */
function readName(b: LayerBuilder, base: number, at: number, end: number): Name {
  const labels: string[] = [];
  let pos = at;
  let length = -1;
  for (let jumps = 0; jumps < 64; ) {
    if (pos >= end || !b.has(pos, 1)) return { text: labels.join('.'), length: (length < 0 ? pos - at : length), problem: `the name at offset ${at} runs past the end of the message` };
    const n = b.u8(pos);
    if (n === 0) {
      if (length < 0) length = pos + 1 - at;
      return { text: labels.length ? labels.join('.') : '<Root>', length };
    }
    if ((n & 0xc0) === 0xc0) {
      if (!b.has(pos, 2) || pos + 2 > end) return { text: labels.join('.'), length: end - at, problem: `a compression pointer at offset ${pos} is cut off` };
      if (length < 0) length = pos + 2 - at;
      pos = base + (b.u16(pos) & 0x3fff);
      jumps++;
      continue;
    }
    if ((n & 0xc0) !== 0) return { text: labels.join('.'), length: length < 0 ? pos + 1 - at : length, problem: `label type 0x${(n & 0xc0).toString(16)} at offset ${pos} is not supported` };
    if (pos + 1 + n > end || !b.has(pos + 1, n)) return { text: labels.join('.'), length: (length < 0 ? end - at : length), problem: `a ${n}-byte label at offset ${pos} runs past the end of the message` };
    let label = '';
    for (let i = 0; i < n; i++) label += String.fromCharCode(b.u8(pos + 1 + i));
    labels.push(label);
    pos += 1 + n;
  }
  return { text: labels.join('.'), length: Math.max(length, 2), problem: `the name at offset ${at} has a compression loop` };
}

function addName(b: LayerBuilder, parent: Field | null, spec: typeof F.qry_name, name: Name, at: number): Field {
  const field = b.add(parent, spec, at, name.length, name.text, name.text);
  if (name.problem) b.problem('error', `DNS name: ${name.problem}`, at, spec.name, field);
  return field;
}

export const dnsDissector: Dissector = {
  place: { protocol: 'dns', osi: 7, tcpip: 'application' },
  dissect(b, ctx, end) {
    const base = b.start;
    b.title = 'Domain Name System';
    ctx.summary.protocol = 'DNS';
    if (!b.has(base, 12) || base + 12 > end) {
      b.problem('error', `A DNS header needs 12 bytes but only ${Math.max(0, Math.min(end, b.captured) - base)} are there (offset ${base})`, base, F.id.name);
      b.end = Math.min(end, b.captured);
      return undefined;
    }
    const id = b.u16(base);
    b.add(null, F.id, base, 2, id, b.detail ? hexNumber(id, 4) : '');
    const flags = b.u16(base + 2);
    const isResponse = (flags & 0x8000) !== 0;
    const rcode = flags & 0x000f;
    const flagsField = b.add(null, F.flags, base + 2, 2, flags, b.detail ? hexNumber(flags, 4) : '');
    if (ctx.detail) {
      b.bits(flagsField, F.response, base + 2, 2);
      b.bits(flagsField, F.opcode, base + 2, 2);
      if (isResponse) b.bits(flagsField, F.authoritative, base + 2, 2);
      b.bits(flagsField, F.truncated, base + 2, 2);
      b.bits(flagsField, F.recdesired, base + 2, 2);
      if (isResponse) b.bits(flagsField, F.recavail, base + 2, 2);
      b.bits(flagsField, F.z, base + 2, 2);
      if (isResponse) b.bits(flagsField, F.authenticated, base + 2, 2);
      b.bits(flagsField, F.checkdisable, base + 2, 2);
      if (isResponse) b.bits(flagsField, F.rcode, base + 2, 2);
    }
    const counts = [F.queries, F.answers, F.auth, F.add].map((spec, i) => {
      const n = b.u16(base + 4 + 2 * i);
      b.add(null, spec, base + 4 + 2 * i, 2, n, String(n));
      return n;
    });
    b.title = `Domain Name System (${isResponse ? 'response' : 'query'})`;

    let pos = base + 12;
    const questions: string[] = [];
    for (let i = 0; i < counts[0] && pos < end; i++) {
      const name = readName(b, base, pos, end);
      if (!b.has(pos + name.length, 4) || pos + name.length + 4 > end) {
        addName(b, null, F.qry_name, name, pos);
        b.problem('error', `Question ${i + 1} at offset ${pos} is cut off before its type and class`, pos, F.query.name);
        pos = Math.min(end, b.captured);
        break;
      }
      const type = b.u16(pos + name.length);
      const cls = b.u16(pos + name.length + 2);
      const q = b.add(null, F.query, pos, name.length + 4, name.text, b.detail ? `${name.text}: type ${typeName(type)}, class ${cls === 1 ? 'IN' : hexNumber(cls, 4)}` : '');
      addName(b, q, F.qry_name, name, pos);
      b.add(q, F.qry_type, pos + name.length, 2, type, String(type));
      b.add(q, F.qry_class, pos + name.length + 2, 2, cls, hexNumber(cls, 4));
      questions.push(`${typeName(type)} ${name.text}`);
      pos += name.length + 4;
    }

    const answers: string[] = [];
    const records = counts[1] + counts[2] + counts[3];
    for (let i = 0; i < records && pos < end; i++) {
      const name = readName(b, base, pos, end);
      const fixed = pos + name.length;
      if (!b.has(fixed, 10) || fixed + 10 > end) {
        addName(b, null, F.resp_name, name, pos);
        b.problem('error', `Resource record ${i + 1} at offset ${pos} is cut off before its fixed fields`, pos, F.answer.name);
        pos = Math.min(end, b.captured);
        break;
      }
      const type = b.u16(fixed);
      const cls = b.u16(fixed + 2);
      const ttl = b.u32(fixed + 4);
      const rdlen = b.u16(fixed + 8);
      const rdata = fixed + 10;
      const total = name.length + 10 + rdlen;
      const rr = b.add(null, F.answer, pos, Math.min(total, end - pos), name.text, b.detail ? `${name.text}: type ${typeName(type)}, class ${cls === 1 ? 'IN' : hexNumber(cls, 4)}` : '');
      addName(b, rr, F.resp_name, name, pos);
      b.add(rr, F.resp_type, fixed, 2, type, String(type));
      b.add(rr, F.resp_class, fixed + 2, 2, cls, hexNumber(cls, 4));
      b.add(rr, F.resp_ttl, fixed + 4, 4, ttl, String(ttl));
      const lenField = b.add(rr, F.resp_len, fixed + 8, 2, rdlen, String(rdlen));
      if (rdata + rdlen > end || !b.has(rdata, rdlen)) {
        b.problem('error', `Record data length ${rdlen} at offset ${fixed + 8} runs past the end of the message`, fixed + 8, F.resp_len.name, lenField);
        pos = Math.min(end, b.captured);
        break;
      }
      const shown = addRecordData(b, rr, type, base, rdata, rdlen);
      if (i < counts[1]) answers.push(`${typeName(type)} ${shown}`);
      pos = rdata + rdlen;
    }
    if (pos < end && b.has(pos, 1)) {
      b.problem('warning', `${Math.min(end, b.captured) - pos} bytes after the last DNS record (from offset ${pos}) belong to no record`, pos);
    }
    b.end = Math.max(b.end, Math.min(end, b.captured));

    const kind = isResponse ? 'Standard query response' : 'Standard query';
    const error = isResponse && rcode !== 0 ? ` ${RCODES[rcode] ?? `rcode ${rcode}`}` : '';
    ctx.summary.info = [`${kind} ${hexNumber(id, 4)}${error}`, ...questions, ...answers].join(' ');
    return undefined;
  },
};

/** Adds the typed record data and returns its display text for the info column. */
function addRecordData(b: LayerBuilder, rr: Field, type: number, base: number, at: number, length: number): string {
  const bytes = b.frame.bytes;
  if (type === 1 && length === 4) {
    const a = ipv4Address(bytes, at);
    b.add(rr, F.a, at, 4, a, a);
    return a;
  }
  if (type === 28 && length === 16) {
    const a = ipv6Address(bytes, at);
    b.add(rr, F.aaaa, at, 16, a, a);
    return a;
  }
  if (type === 5 || type === 12 || type === 2) {
    const name = readName(b, base, at, at + length);
    addName(b, rr, type === 5 ? F.cname : type === 12 ? F.ptr : F.ns, name, at);
    return name.text;
  }
  if (type === 15 && length >= 3) {
    const pref = b.u16(at);
    b.add(rr, F.mx_pref, at, 2, pref, String(pref));
    const name = readName(b, base, at + 2, at + length);
    addName(b, rr, F.mx, name, at + 2);
    return `${pref} ${name.text}`;
  }
  if (type === 16 && length >= 1) {
    let text = '';
    for (let i = 1; i < length && i <= b.u8(at); i++) text += String.fromCharCode(b.u8(at + i));
    b.add(rr, F.txt, at, length, text, text);
    return text;
  }
  const hex = plainHex(b.bytes(at, length));
  b.add(rr, F.rdata, at, length, hex, hex);
  return hex;
}
