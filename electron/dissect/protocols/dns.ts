// DNS (RFC 1035): the header, its flags, the questions and the resource records of the answer,
// authority and additional sections. Names may be compressed with pointers into the message;
// names over RFC 1035's 255 bytes, pointer loops and names running off the message become
// problems, and no name costs more than a bounded amount of work, however its pointers jump.

import type { Field } from '../field-model.js';
import type { Dissector, ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
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
  qry_name_len: { name: 'dns.qry.name.len', label: 'Name Length', description: 'How many characters the name has when written with dots.' },
  count_labels: { name: 'dns.count.labels', label: 'Label Count', description: 'How many labels (the parts between dots) the name has.' },
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
  /** The name's own bytes ran past the end of the message (not a pointer's target). */
  runsOff?: boolean;
}

/** RFC 1035 §2.3.4: a name is at most 255 bytes in wire form, its length bytes and final zero included. */
const MAX_NAME_OCTETS = 255;
/**
 * Pointers followed for one name before it is given up: a name of 255 bytes has at most 127 labels,
 * so a name that needs more pointers than that is a loop or a trick. With the 255-byte limit this
 * bounds the work per name, so a message costs at most a constant per byte however its pointers
 * jump (forward, backward, in circles).
 */
const MAX_POINTERS = 128;
/** What tshark shows for a name over 255 bytes, and for one that goes round in circles. */
const TOO_LONG = '<Name too long>';
const LOOPS = '<Name contains a pointer that loops>';

/**
 * One DNS message, as its names are read: where it starts and ends, and (made when a name first
 * overruns a limit) what is known of where each position's labels and pointers lead, so telling a
 * loop from a long name costs each byte of the message once, however many names lead there.
 */
interface MessageNames {
  readonly base: number;
  readonly end: number;
  fate: Uint8Array | null;
}

const UNKNOWN = 0;
const ON_THIS_WALK = 1;
const ENDS = 2;
const LOOPS_ROUND = 3;

/** Whether the labels and pointers from `pos` on come back to where they have been, rather than end. */
function loopsFrom(b: LayerBuilder, m: MessageNames, pos: number): boolean {
  const fate = (m.fate ??= new Uint8Array(m.end - m.base));
  const walked: number[] = [];
  let result = ENDS;
  while (pos >= m.base && pos < m.end && b.has(pos, 1)) {
    const known = fate[pos - m.base];
    if (known === ON_THIS_WALK) {
      result = LOOPS_ROUND;
      break;
    }
    if (known !== UNKNOWN) {
      result = known;
      break;
    }
    fate[pos - m.base] = ON_THIS_WALK;
    walked.push(pos);
    const n = b.u8(pos);
    if (n === 0 || (n & 0xc0) === 0x40 || (n & 0xc0) === 0x80) break;
    if ((n & 0xc0) === 0xc0) {
      if (pos + 2 > m.end || !b.has(pos, 2)) break;
      pos = m.base + (b.u16(pos) & 0x3fff);
    } else {
      pos += 1 + n;
    }
  }
  for (const p of walked) fate[p - m.base] = result;
  return result === LOOPS_ROUND;
}

/** Reads a possibly compressed domain name at `at`, within the message `m`, ending by `end`. */
function readName(b: LayerBuilder, m: MessageNames, at: number, end: number): Name {
  const base = m.base;
  const labels: string[] = [];
  let pos = at;
  /** Bytes the name takes where it is written, once a pointer has ended them (-1 before). */
  let length = -1;
  let octets = 1;
  let pointers = 0;
  let tooLong = false;
  for (;;) {
    if (pos >= end || !b.has(pos, 1)) return { text: tooLong ? TOO_LONG : labels.join('.'), length: length < 0 ? pos - at : length, problem: `the name at offset ${at} runs past the end of the message`, runsOff: length < 0 };
    const n = b.u8(pos);
    if (n === 0) {
      if (length < 0) length = pos + 1 - at;
      if (tooLong) return tooLongName(at, length);
      return { text: labels.length ? labels.join('.') : '<Root>', length };
    }
    if ((n & 0xc0) === 0xc0) {
      if (!b.has(pos, 2) || pos + 2 > end) return { text: tooLong ? TOO_LONG : labels.join('.'), length: length < 0 ? end - at : length, problem: `a compression pointer at offset ${pos} is cut off`, runsOff: length < 0 };
      if (length < 0) length = pos + 2 - at;
      // Once too long, the name's own bytes were still read, to know where it ends.
      if (tooLong) return overrun(b, m, at, length, pos, false);
      if (++pointers > MAX_POINTERS) return overrun(b, m, at, length, pos, true);
      pos = base + (b.u16(pos) & 0x3fff);
      continue;
    }
    if ((n & 0xc0) !== 0) return { text: tooLong ? TOO_LONG : labels.join('.'), length: length < 0 ? pos + 1 - at : length, problem: `label type 0x${(n & 0xc0).toString(16)} at offset ${pos} is not supported` };
    if (pos + 1 + n > end || !b.has(pos + 1, n)) return { text: tooLong ? TOO_LONG : labels.join('.'), length: length < 0 ? end - at : length, problem: `a ${n}-byte label at offset ${pos} runs past the end of the message`, runsOff: length < 0 };
    octets += 1 + n;
    if (octets > MAX_NAME_OCTETS) {
      tooLong = true;
      // Pointed-to bytes are not this name's own: it ends where its first pointer is.
      if (length >= 0) return overrun(b, m, at, length, pos, false);
    }
    if (!tooLong) labels.push(latin1Label(b, pos + 1, n));
    pos += 1 + n;
  }
}

/**
 * A name that overran a limit at `pos` (255 bytes, or `MAX_POINTERS` pointers): shown as tshark
 * shows it, as a loop when going on from `pos` would come round again, else as too long.
 */
function overrun(b: LayerBuilder, m: MessageNames, at: number, length: number, pos: number, tooManyPointers: boolean): Name {
  if (loopsFrom(b, m, pos)) return { text: LOOPS, length, problem: `the name at offset ${at} has a compression loop: its pointers lead back to where they have been` };
  if (tooManyPointers) return { text: TOO_LONG, length, problem: `the name at offset ${at} follows more than ${MAX_POINTERS} compression pointers` };
  return tooLongName(at, length);
}

function tooLongName(at: number, length: number): Name {
  return { text: TOO_LONG, length, problem: `the name at offset ${at} is longer than ${MAX_NAME_OCTETS} bytes, the most a DNS name may have (RFC 1035 §2.3.4)` };
}

function latin1Label(b: LayerBuilder, at: number, n: number): string {
  let label = '';
  for (let i = 0; i < n; i++) label += String.fromCharCode(b.u8(at + i));
  return label;
}

function addName(b: LayerBuilder, parent: Field | null, spec: typeof F.qry_name, name: Name, at: number): Field {
  const field = b.add(parent, spec, at, name.length, name.text, name.text);
  if (name.problem) b.problem('error', `DNS name: ${name.problem}`, at, spec.name, field);
  return field;
}

/**
 * Where a DNS message's parts stop fitting: past the captured bytes of a message the snap length
 * cut (a warning naming the part), or past the end of the message (an error: it is malformed).
 * Bytes after the last part that fits are left to the "data" layer that follows.
 */
class MessageBounds {
  constructor(
    private readonly b: LayerBuilder,
    /** End of the message as its UDP/TCP payload gives it, within the captured bytes. */
    readonly end: number,
    /** Whether the snap length cut the message at `end`. */
    readonly cut: boolean,
  ) {}

  fits(offset: number, length: number): boolean {
    return offset + length <= this.end && this.b.has(offset, length);
  }

  /** Reports that `what` (`length` bytes at `offset`) is missing; `malformed` says why when it is not a cut. */
  missing(what: string, offset: number, length: number, fieldName: string, malformed: string, field?: Field): void {
    if (this.cut) {
      this.b.problem('warning', `${what} (${length > 0 ? `${length} byte${length === 1 ? '' : 's'} ` : ''}at offset ${offset}) was cut off by the capture's snap length (${this.b.capturedText()})`, offset, fieldName, field);
    } else {
      this.b.problem('error', malformed, offset, fieldName, field);
    }
  }
}

export const dnsDissector: Dissector = {
  place: { protocol: 'dns', osi: 7, tcpip: 'application' },
  dissect(b, ctx, end) {
    const base = b.start;
    b.title = 'Domain Name System';
    ctx.columns.protocol = 'DNS';
    end = Math.min(end, b.captured);
    const m = new MessageBounds(b, end, end === b.captured && (ctx.network?.payloadEnd ?? end) > end);
    // The header, field by field, so a cut names the first field missing.
    const shortHeader = `A DNS header needs 12 bytes but only ${Math.max(0, end - base)} are there (offset ${base})`;
    if (!m.fits(base, 2)) {
      m.missing(F.id.label, base, 2, F.id.name, shortHeader);
      return undefined;
    }
    const id = b.u16(base);
    b.add(null, F.id, base, 2, id, b.detail ? hexNumber(id, 4) : '');
    if (!m.fits(base + 2, 2)) {
      m.missing(F.flags.label, base + 2, 2, F.flags.name, shortHeader);
      return undefined;
    }
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
    b.title = `Domain Name System (${isResponse ? 'response' : 'query'})`;
    const counts = [0, 0, 0, 0];
    const countSpecs = [F.queries, F.answers, F.auth, F.add];
    for (let i = 0; i < 4; i++) {
      const at = base + 4 + 2 * i;
      if (!m.fits(at, 2)) {
        m.missing(countSpecs[i].label, at, 2, countSpecs[i].name, shortHeader);
        return undefined;
      }
      counts[i] = b.u16(at);
      b.add(null, countSpecs[i], at, 2, counts[i], b.detail ? String(counts[i]) : '');
    }

    // The info column, built as the message is read; the column itself stops growing at its bound.
    const info = ctx.columns.info;
    info.set(`${isResponse ? 'Standard query response' : 'Standard query'} ${hexNumber(id, 4)}`);
    if (isResponse && rcode !== 0) info.text(` ${RCODES[rcode] ?? `rcode ${rcode}`}`);

    const names: MessageNames = { base, end, fate: null };
    let pos = base + 12;
    let complete = true;
    for (let i = 0; i < counts[0]; i++) {
      if (pos >= end) {
        m.missing(`Question ${i + 1}`, pos, 0, F.query.name, `The header announces ${counts[0]} question${counts[0] === 1 ? '' : 's'} but the message ends after ${i} (offset ${pos})`);
        complete = false;
        break;
      }
      const name = readName(b, names, pos, end);
      if (name.runsOff && m.cut) {
        m.missing(`The name of question ${i + 1}`, pos, 0, F.qry_name.name, '');
        complete = false;
        break;
      }
      const at = pos + name.length;
      const typeFits = m.fits(at, 2);
      const classFits = typeFits && m.fits(at + 2, 2);
      const type = typeFits ? b.u16(at) : 0;
      const cls = classFits ? b.u16(at + 2) : 0;
      const q = b.add(null, F.query, pos, name.length + (classFits ? 4 : typeFits ? 2 : 0), name.text, b.detail ? `${name.text}: type ${typeName(type)}, class ${cls === 1 ? 'IN' : hexNumber(cls, 4)}` : '');
      addName(b, q, F.qry_name, name, pos);
      if (b.detail) {
        // tshark's two summaries of the name, over the same bytes.
        const root = name.text === '<Root>' || name.text === '';
        b.add(q, F.qry_name_len, pos, name.length, root ? 0 : name.text.length, String(root ? 0 : name.text.length));
        const labels = root ? 0 : name.text.split('.').length;
        b.add(q, F.count_labels, pos, name.length, labels, String(labels));
      }
      if (typeFits) b.add(q, F.qry_type, at, 2, type, b.detail ? String(type) : '');
      if (classFits) b.add(q, F.qry_class, at + 2, 2, cls, b.detail ? hexNumber(cls, 4) : '');
      if (!classFits) {
        const missingSpec = typeFits ? F.qry_class : F.qry_type;
        m.missing(`The ${missingSpec.label.toLowerCase()} of question ${i + 1}`, typeFits ? at + 2 : at, 2, missingSpec.name, `Question ${i + 1} at offset ${pos} is cut off before its type and class`, q);
        complete = false;
        break;
      }
      if (!info.full) info.char(0x20).text(typeName(type)).char(0x20).text(name.text);
      pos = at + 4;
    }

    const records = counts[1] + counts[2] + counts[3];
    for (let i = 0; complete && i < records; i++) {
      if (pos >= end) {
        m.missing(`Resource record ${i + 1}`, pos, 0, F.answer.name, `The header announces ${records} resource record${records === 1 ? '' : 's'} but the message ends after ${i} (offset ${pos})`);
        complete = false;
        break;
      }
      const name = readName(b, names, pos, end);
      if (name.runsOff && m.cut) {
        m.missing(`The name of resource record ${i + 1}`, pos, 0, F.resp_name.name, '');
        complete = false;
        break;
      }
      const fixed = pos + name.length;
      // Type, class, TTL and data length, as far as they fit.
      const sizes = [2, 2, 4, 2];
      const specs = [F.resp_type, F.resp_class, F.resp_ttl, F.resp_len];
      let have = 0;
      let off = fixed;
      while (have < 4 && m.fits(off, sizes[have])) off += sizes[have++];
      const type = have > 0 ? b.u16(fixed) : 0;
      const cls = have > 1 ? b.u16(fixed + 2) : 0;
      const ttl = have > 2 ? b.u32(fixed + 4) : 0;
      const rdlen = have > 3 ? b.u16(fixed + 8) : 0;
      const rdata = fixed + 10;
      const rdataFits = have === 4 && m.fits(rdata, rdlen);
      const rr = b.add(null, F.answer, pos, (rdataFits ? rdata + rdlen : off) - pos, name.text, b.detail ? `${name.text}: type ${typeName(type)}, class ${cls === 1 ? 'IN' : hexNumber(cls, 4)}` : '');
      addName(b, rr, F.resp_name, name, pos);
      if (have > 0) b.add(rr, F.resp_type, fixed, 2, type, b.detail ? String(type) : '');
      if (have > 1) b.add(rr, F.resp_class, fixed + 2, 2, cls, b.detail ? hexNumber(cls, 4) : '');
      if (have > 2) b.add(rr, F.resp_ttl, fixed + 4, 4, ttl, b.detail ? String(ttl) : '');
      const lenField = have > 3 ? b.add(rr, F.resp_len, fixed + 8, 2, rdlen, String(rdlen)) : undefined;
      if (have < 4) {
        m.missing(`The ${specs[have].label.toLowerCase()} of resource record ${i + 1}`, off, sizes[have], specs[have].name, `Resource record ${i + 1} at offset ${pos} is cut off before its fixed fields`, rr);
        complete = false;
        break;
      }
      if (!rdataFits) {
        m.missing(`The data of resource record ${i + 1}`, rdata, rdlen, F.rdata.name, `Record data length ${rdlen} at offset ${fixed + 8} runs past the end of the message`, m.cut ? rr : lenField);
        complete = false;
        break;
      }
      const shown = addRecordData(b, rr, type, names, rdata, rdlen, i < counts[1] && !info.full);
      if (i < counts[1] && !info.full) {
        info.char(0x20).text(typeName(type));
        if (shown !== '') info.char(0x20).text(shown);
      }
      pos = rdata + rdlen;
    }
    if (complete && pos < end) {
      // Shown as data after the DNS layer.
      b.problem('warning', `${end - pos} bytes after the last DNS record (from offset ${pos}) belong to no record`, pos);
    }
    return undefined;
  },
};

/**
 * Adds the typed record data and returns its display text for the info column (raw data is only
 * formatted when the tree or the info column shows it).
 */
function addRecordData(b: LayerBuilder, rr: Field, type: number, names: MessageNames, at: number, length: number, forInfo: boolean): string {
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
    const name = readName(b, names, at, at + length);
    addName(b, rr, type === 5 ? F.cname : type === 12 ? F.ptr : F.ns, name, at);
    addRest(b, rr, at + name.length, at + length);
    return name.text;
  }
  if (type === 15 && length >= 3) {
    const pref = b.u16(at);
    b.add(rr, F.mx_pref, at, 2, pref, b.detail ? String(pref) : '');
    const name = readName(b, names, at + 2, at + length);
    addName(b, rr, F.mx, name, at + 2);
    addRest(b, rr, at + 2 + name.length, at + length);
    return `${pref} ${name.text}`;
  }
  if (type === 16 && length >= 1) {
    let text = '';
    for (let i = 1; i < length && i <= b.u8(at); i++) text += String.fromCharCode(b.u8(at + i));
    b.add(rr, F.txt, at, length, text, text);
    return text;
  }
  const hex = b.detail || forInfo ? plainHex(b.bytes(at, length)) : '';
  b.add(rr, F.rdata, at, length, hex, hex);
  // tshark's info column names a type it does not know and nothing more.
  return TYPES[type] === undefined ? '' : hex;
}

/** Record data bytes after a name that ends before the data does: shown raw, so none go unowned. */
function addRest(b: LayerBuilder, rr: Field, from: number, to: number): void {
  if (from >= to) return;
  const hex = b.detail ? plainHex(b.bytes(from, to - from)) : '';
  b.add(rr, F.rdata, from, to - from, hex, hex);
}

// INTERIM (protocol-module conversion in progress): the old decoder under its module's name.
export const dns = { ...dnsDissector, name: 'DNS', fields: {}, registrations: [{ table: 'udp.port', keys: [53, 5353] }] } as unknown as ProtocolModule;
