// DNS (RFC 1035): the header and its flags word, the questions and the resource records of the
// answer, authority and additional sections, with the record data of the common types decoded
// (addresses, names, mail exchangers, text, zone authority, services, EDNS options). Queries are
// matched with their responses across the capture. Every field is shown as tshark shows it.

import type { Field } from '../field-model.js';
import type { ColumnText } from '../column-text.js';
import type { DissectContext, LayerReading, ProtocolModule } from '../dissector.js';
import type { BitFields, LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems, type ProblemSpec } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber, ipv4Address, ipv6Address } from '../display-format.js';
import { labelText, MAX_NAME_OCTETS, MAX_POINTERS, MessageNames, readName, type DnsName, type NameTrouble } from './dns-names.js';
import { trackTransaction, type TransactionView } from './dns-transactions.js';
import { durationText, DNS_CLASSES, DNS_OPCODES, DNS_OPTION_CODES, DNS_RCODES, DNS_TYPE_ABBREVIATIONS, DNS_TYPES } from './dns-values.js';

const ttl = (v: number | string) => `${v} (${durationText(Number(v))})`;

const F = defineFields('dns', {
  id: { label: 'Transaction ID', type: 'uint16', base: 'hex', description: 'A number the client picks so it can match the response to its question.', rfc: 'RFC 1035 §4.1.1' },
  flags: { label: 'Flags', type: 'uint16', base: 'hex', description: 'Sixteen bits saying whether this is a query or a response, what kind, and how it went.', rfc: 'RFC 1035 §4.1.1' },
  'flags.response': { label: 'Response', type: 'boolean', bits: 16, mask: 0x8000, tfs: ['Message is a response', 'Message is a query'], description: '0 for a question, 1 for the answer to one.', rfc: 'RFC 1035 §4.1.1' },
  'flags.opcode': { label: 'Opcode', type: 'uint16', mask: 0x7800, values: DNS_OPCODES, description: 'The kind of message; 0 is an ordinary lookup.', rfc: 'RFC 1035 §4.1.1' },
  'flags.authoritative': { label: 'Authoritative', type: 'boolean', bits: 16, mask: 0x0400, tfs: ['Server is an authority for domain', 'Server is not an authority for domain'], description: 'Set when the answering server is in charge of the name, not repeating a cached answer.', rfc: 'RFC 1035 §4.1.1' },
  'flags.truncated': { label: 'Truncated', type: 'boolean', bits: 16, mask: 0x0200, tfs: ['Message is truncated', 'Message is not truncated'], description: 'Set when the message did not fit in one UDP datagram; the client should ask again over TCP.', rfc: 'RFC 1035 §4.1.1' },
  'flags.recdesired': { label: 'Recursion desired', type: 'boolean', bits: 16, mask: 0x0100, tfs: ['Do query recursively', "Don't do query recursively"], description: 'The client asks the server to chase the answer through other servers for it.', rfc: 'RFC 1035 §4.1.1' },
  'flags.recavail': { label: 'Recursion available', type: 'boolean', bits: 16, mask: 0x0080, tfs: ['Server can do recursive queries', "Server can't do recursive queries"], description: 'The server says it is willing to do recursive lookups.', rfc: 'RFC 1035 §4.1.1' },
  'flags.z': { label: 'Z', type: 'boolean', bits: 16, mask: 0x0040, tfs: ['reserved - incorrect!', 'reserved (0)'], description: 'Reserved; must be zero.', rfc: 'RFC 1035 §4.1.1' },
  'flags.authenticated': { label: 'Answer authenticated', type: 'boolean', bits: 16, mask: 0x0020, tfs: ['Answer/authority portion was authenticated by the server', 'Answer/authority portion was not authenticated by the server'], description: "DNSSEC: the server checked the answer's signatures.", rfc: 'RFC 4035 §3.2.3' },
  'flags.checkdisable': { label: 'Non-authenticated data', type: 'boolean', bits: 16, mask: 0x0010, tfs: ['Acceptable', 'Unacceptable'], description: 'DNSSEC: the client accepts answers whose signatures were not checked.', rfc: 'RFC 4035 §3.2.2' },
  'flags.rcode': { label: 'Reply code', type: 'uint16', mask: 0x000f, values: DNS_RCODES, description: 'How the lookup went: 0 no error, 3 no such name.', rfc: 'RFC 1035 §4.1.1' },
  'count.queries': { label: 'Questions', type: 'uint16', description: 'How many questions follow the header.', rfc: 'RFC 1035 §4.1.1' },
  'count.zones': { label: 'Zones', type: 'uint16', description: 'In a dynamic update: how many zones are named (always 1).', rfc: 'RFC 2136 §2.3' },
  'count.answers': { label: 'Answer RRs', type: 'uint16', description: 'How many answer records follow the questions.', rfc: 'RFC 1035 §4.1.1' },
  'count.prerequisites': { label: 'Prerequisites', type: 'uint16', description: 'In a dynamic update: how many records state what must (not) exist before the update applies.', rfc: 'RFC 2136 §2.4' },
  'count.auth_rr': { label: 'Authority RRs', type: 'uint16', description: 'How many records name the servers in charge of the domain.', rfc: 'RFC 1035 §4.1.1' },
  'count.updates': { label: 'Updates', type: 'uint16', description: 'In a dynamic update: how many records are to be added or deleted.', rfc: 'RFC 2136 §2.5' },
  'count.add_rr': { label: 'Additional RRs', type: 'uint16', description: 'How many extra records the server adds to save further lookups.', rfc: 'RFC 1035 §4.1.1' },
  queries: { label: 'Queries', type: 'none', description: 'The question section: what the client asks.', rfc: 'RFC 1035 §4.1.2' },
  zones: { label: 'Zone', type: 'none', description: 'In a dynamic update: the zone the update is for.', rfc: 'RFC 2136 §2.3' },
  answers: { label: 'Answers', type: 'none', description: 'The answer section: records that answer the question.', rfc: 'RFC 1035 §4.1.3' },
  prerequisites: { label: 'Prerequisites', type: 'none', description: 'In a dynamic update: records that must (or must not) exist for the update to apply.', rfc: 'RFC 2136 §2.4' },
  authorities: { label: 'Authoritative nameservers', type: 'none', description: 'The authority section: the servers in charge of the name (or, for a missing name, the zone\'s SOA record).', rfc: 'RFC 1035 §4.1.3' },
  updates: { label: 'Updates', type: 'none', description: 'In a dynamic update: the records to add or delete.', rfc: 'RFC 2136 §2.5' },
  additionals: { label: 'Additional records', type: 'none', description: 'The additional section: records that save further lookups (server addresses) and EDNS options.', rfc: 'RFC 1035 §4.1.3' },
  query: { label: 'Query', type: 'none', description: 'One question: a name and the type of record wanted.', rfc: 'RFC 1035 §4.1.2' },
  'qry.name': { label: 'Name', type: 'string', description: 'The name asked about, sent as length-prefixed labels.', rfc: 'RFC 1035 §4.1.2' },
  'qry.name.len': { label: 'Name Length', type: 'uint16', generated: true, description: 'Characters in the name written with dots.' },
  'count.labels': { label: 'Label Count', type: 'uint16', generated: true, description: 'Labels (the parts between dots) in the name.' },
  'qry.type': { label: 'Type', type: 'uint16', values: DNS_TYPES, description: 'The kind of record wanted: A (IPv4 address), AAAA (IPv6), MX (mail)...', rfc: 'RFC 1035 §3.2.2' },
  'qry.class': { label: 'Class', type: 'uint16', base: 'hex', values: DNS_CLASSES, description: 'The network family: IN (Internet) in practice.', rfc: 'RFC 1035 §3.2.4' },
  answer: { label: 'Resource record', type: 'none', description: 'One record: a name, its type, how long it may be cached, and its data.', rfc: 'RFC 1035 §4.1.3' },
  'resp.name': { label: 'Name', type: 'string', description: 'The domain name this record is about.', rfc: 'RFC 1035 §4.1.3' },
  'resp.type': { label: 'Type', type: 'uint16', values: DNS_TYPES, description: 'The kind of record: A, AAAA, CNAME, MX...', rfc: 'RFC 1035 §3.2.2' },
  'resp.class': { label: 'Class', type: 'uint16', base: 'hex', values: DNS_CLASSES, description: 'The network family; IN for the Internet.', rfc: 'RFC 1035 §3.2.4' },
  'resp.ttl': { label: 'Time to live', type: 'uint32', format: ttl, description: 'How many seconds the record may be kept in a cache before asking again.', rfc: 'RFC 1035 §4.1.3' },
  'resp.len': { label: 'Data length', type: 'uint16', description: 'How many bytes of record data follow.', rfc: 'RFC 1035 §4.1.3' },
  'srv.service': { label: 'Service', type: 'string', description: 'The service a SRV record is for, the first label of its name ("_sip").', rfc: 'RFC 2782' },
  'srv.proto': { label: 'Protocol', type: 'string', description: 'The transport of the service, the second label of its name ("_tcp").', rfc: 'RFC 2782' },
  'srv.name': { label: 'Name', type: 'string', description: 'The domain the service is offered in.', rfc: 'RFC 2782' },
  a: { label: 'Address', type: 'ipv4', description: 'The IPv4 address the name stands for.', rfc: 'RFC 1035 §3.4.1' },
  aaaa: { label: 'AAAA Address', type: 'ipv6', description: 'The IPv6 address the name stands for.', rfc: 'RFC 3596 §2.2' },
  cname: { label: 'CNAME', type: 'string', description: 'The canonical name: the name asked about is an alias of this one.', rfc: 'RFC 1035 §3.3.1' },
  ns: { label: 'Name Server', type: 'string', description: 'A server in charge of the domain.', rfc: 'RFC 1035 §3.3.11' },
  'ptr.domain_name': { label: 'Domain Name', type: 'string', description: 'The name an address points back to (reverse lookup).', rfc: 'RFC 1035 §3.3.12' },
  'mx.preference': { label: 'Preference', type: 'uint16', description: 'Lower numbers are tried first among mail servers.', rfc: 'RFC 1035 §3.3.9' },
  'mx.mail_exchange': { label: 'Mail Exchange', type: 'string', description: 'A server that accepts mail for the domain.', rfc: 'RFC 1035 §3.3.9' },
  'txt.length': { label: 'TXT Length', type: 'uint8', description: 'How many bytes the text string that follows has.', rfc: 'RFC 1035 §3.3.14' },
  txt: { label: 'TXT', type: 'string', description: 'Free text attached to the name (mail policies, ownership proofs...).', rfc: 'RFC 1035 §3.3.14' },
  'soa.mname': { label: 'Primary name server', type: 'string', description: 'The server that holds the master copy of the zone.', rfc: 'RFC 1035 §3.3.13' },
  'soa.rname': { label: "Responsible authority's mailbox", type: 'string', description: 'The mailbox of the zone\'s administrator, its "@" written as the first dot.', rfc: 'RFC 1035 §3.3.13' },
  'soa.serial_number': { label: 'Serial Number', type: 'uint32', description: 'The version of the zone; secondary servers copy it again when it grows.', rfc: 'RFC 1035 §3.3.13' },
  'soa.refresh_interval': { label: 'Refresh Interval', type: 'uint32', format: ttl, description: 'How often secondary servers check for a new version of the zone.', rfc: 'RFC 1035 §3.3.13' },
  'soa.retry_interval': { label: 'Retry Interval', type: 'uint32', format: ttl, description: 'How long a secondary server waits before trying again after a failed check.', rfc: 'RFC 1035 §3.3.13' },
  'soa.expire_limit': { label: 'Expire limit', type: 'uint32', format: ttl, description: 'How long a secondary server keeps answering for the zone without reaching the primary.', rfc: 'RFC 1035 §3.3.13' },
  'soa.minimum_ttl': { label: 'Minimum TTL', type: 'uint32', format: ttl, description: 'How long resolvers may remember that a name does not exist (negative caching).', rfc: 'RFC 2308 §4' },
  'srv.priority': { label: 'Priority', type: 'uint16', description: 'Servers with the lowest priority are tried first.', rfc: 'RFC 2782' },
  'srv.weight': { label: 'Weight', type: 'uint16', description: 'Among servers of equal priority, how much of the load this one should get.', rfc: 'RFC 2782' },
  'srv.port': { label: 'Port', type: 'uint16', description: 'The port the service listens on.', rfc: 'RFC 2782' },
  'srv.target': { label: 'Target', type: 'string', description: 'The host that offers the service.', rfc: 'RFC 2782' },
  'hinfo.cpu_length': { label: 'CPU Length', type: 'uint8', description: 'How many bytes the CPU text has.', rfc: 'RFC 1035 §3.3.2' },
  'hinfo.cpu': { label: 'CPU', type: 'string', description: 'The kind of processor of the host.', rfc: 'RFC 1035 §3.3.2' },
  'hinfo.os_length': { label: 'OS Length', type: 'uint8', description: 'How many bytes the operating system text has.', rfc: 'RFC 1035 §3.3.2' },
  'hinfo.os': { label: 'OS', type: 'string', description: 'The operating system of the host.', rfc: 'RFC 1035 §3.3.2' },
  'rr.udp_payload_size': { label: 'UDP payload size', type: 'uint16', description: 'EDNS: the largest UDP message the sender can receive (so answers need not be cut to 512 bytes).', rfc: 'RFC 6891 §6.2.3' },
  'resp.ext_rcode': { label: 'Higher bits in extended RCODE', type: 'uint8', base: 'hex', description: 'EDNS: the upper bits of a reply code too large for the header\'s four bits.', rfc: 'RFC 6891 §6.1.3' },
  'resp.edns0_version': { label: 'EDNS0 version', type: 'uint8', description: 'EDNS: the version of the extension mechanism the sender speaks (0).', rfc: 'RFC 6891 §6.1.3' },
  'resp.z': { label: 'Z', type: 'uint16', base: 'hex', description: 'EDNS: extended flags.', rfc: 'RFC 6891 §6.1.4' },
  'resp.z.do': { label: 'DO bit', type: 'boolean', bits: 16, mask: 0x8000, tfs: ['Accepts DNSSEC security RRs', 'Cannot handle DNSSEC security RRs'], description: 'DNSSEC OK: the sender wants DNSSEC signatures in the answer.', rfc: 'RFC 3225 §3' },
  'resp.z.reserved': { label: 'Reserved', type: 'uint16', base: 'hex', mask: 0x7fff, description: 'EDNS: flags not yet defined; must be zero.', rfc: 'RFC 6891 §6.1.4' },
  opt: { label: 'Option', type: 'none', show: () => '', description: 'One EDNS option: a code saying what it is, a length and its data.', rfc: 'RFC 6891 §6.1.2' },
  'opt.code': { label: 'Option Code', type: 'uint16', values: DNS_OPTION_CODES, description: 'What the option is (COOKIE, Client subnet, PADDING...).', rfc: 'RFC 6891 §6.1.2' },
  'opt.len': { label: 'Option Length', type: 'uint16', description: 'How many bytes of option data follow.', rfc: 'RFC 6891 §6.1.2' },
  'opt.data': { label: 'Option Data', type: 'bytes', description: 'The option\'s data as bytes.', rfc: 'RFC 6891 §6.1.2' },
  'opt.cookie.client': { label: 'Client Cookie', type: 'bytes', description: 'A random value the client sends to recognise genuine answers (against spoofing).', rfc: 'RFC 7873 §4' },
  'opt.cookie.server': { label: 'Server Cookie', type: 'bytes', format: (v) => (v === '' ? '<MISSING>' : String(v)), description: 'The server\'s part of the cookie; absent in a client\'s first query.', rfc: 'RFC 7873 §4' },
  'opt.client.family': { label: 'Family', type: 'uint16', values: { 1: 'IPv4', 2: 'IPv6' }, description: 'The address family of the client subnet.', rfc: 'RFC 7871 §6' },
  'opt.client.netmask': { label: 'Source Netmask', type: 'uint8', description: 'How many leading bits of the client\'s address are given (the rest stays private).', rfc: 'RFC 7871 §6' },
  'opt.client.scope': { label: 'Scope Netmask', type: 'uint8', description: 'In an answer: how many bits of the address the answer is valid for.', rfc: 'RFC 7871 §6' },
  'opt.client.addr4': { label: 'Client Subnet', type: 'ipv4', description: 'The start of the client\'s IPv4 address, so the server can answer with a nearby site.', rfc: 'RFC 7871 §6' },
  'opt.client.addr6': { label: 'Client Subnet', type: 'ipv6', description: 'The start of the client\'s IPv6 address, so the server can answer with a nearby site.', rfc: 'RFC 7871 §6' },
  'opt.padding': { label: 'Padding', type: 'bytes', description: 'Filler that hides the real length of an encrypted message.', rfc: 'RFC 7830 §3' },
  incomplete: { label: 'Incomplete field', type: 'bytes', description: 'The first bytes of a header field the message ends inside of: too few to read its value.' },
  undecoded: { label: 'Undecoded', type: 'bytes', description: 'The rest of the message after a name that cannot be followed: where the next part starts is unknown.' },
  data: { label: 'Data', type: 'bytes', description: 'Record data of a type Layerscope does not decode further.', rfc: 'RFC 1035 §4.1.3' },
  'extraneous.data': { label: 'Extraneous Data Bytes', type: 'bytes', description: 'Bytes after the last record the header announces: no record owns them.' },
  'extraneous.length': { label: 'Extraneous Data Length', type: 'int32', generated: true, description: 'How many bytes follow the last record.' },
  response_in: { label: 'Response In', type: 'framenum', generated: true, description: 'The packet that answers this query.' },
  response_to: { label: 'Request In', type: 'framenum', generated: true, description: 'The packet with the query this response answers.' },
  time: { label: 'Time', type: 'relative_time', generated: true, description: 'How long the answer took: the time from the query to this response.' },
  unsolicited: { label: 'Unsolicited', type: 'boolean', generated: true, description: 'Set on a response to no query seen in this capture.' },
  retransmit_request_in: { label: 'Retransmitted request. Original request in', type: 'framenum', generated: true, description: 'This query repeats an unanswered one: the packet of the first.' },
  retransmit_response_in: { label: 'Retransmitted response. Original response in', type: 'framenum', generated: true, description: 'This response repeats an earlier one: the packet of the first.' },
  retransmission: { label: 'Retransmission', type: 'boolean', generated: true, description: 'Set when the message repeats an earlier query or response.' },
});

const P = defineProblems('dns', {
  header_short: ['error', 'A DNS header needs 12 bytes but the message has only {length} (offset {offset})'],
  questions_missing: ['error', 'The header announces {count, plural, one {# question} other {# questions}} but the message ends after {found} (offset {offset})'],
  question_cut: ['error', 'Question {number} at offset {offset} is cut off before its type and class'],
  records_missing: ['error', 'The header announces {count, plural, one {# resource record} other {# resource records}} but the message ends after {found} (offset {offset})'],
  record_cut: ['error', 'Resource record {number} at offset {offset} is cut off before its fixed fields'],
  rdata_past_end: ['error', 'Record data length {length} at offset {offset} runs past the end of the message'],
  rdata_length: ['error', 'The {type} record data at offset {offset} is {length, plural, one {# byte} other {# bytes}} long; a {type} record carries {expected}'],
  rdata_short: ['error', 'The {type} record data at offset {offset} ends before its fields do'],
  name_runs_off: ['error', 'DNS name at offset {offset}: it runs past the end of the message'],
  name_pointer_cut: ['error', 'DNS name at offset {offset}: the compression pointer at offset {at} is cut off'],
  name_label_type: ['error', 'DNS name at offset {offset}: label type {type} at offset {at} is not supported'],
  name_label_cut: ['error', 'DNS name at offset {offset}: the label at offset {at} runs past the end of the message'],
  name_loop: ['error', 'DNS name at offset {offset}: its compression pointers go round in a loop'],
  name_too_many_pointers: ['error', 'DNS name at offset {offset}: it follows more than {max} compression pointers'],
  name_too_long: ['error', 'DNS name at offset {offset}: it is longer than {max} bytes, the most a DNS name may have (RFC 1035 §2.3.4)'],
  extraneous: ['note', '{length, plural, one {# byte} other {# bytes}} after the last DNS record (from offset {offset}) belong to no record'],
  retransmitted_query: ['warning', 'DNS query retransmission: the original query is in packet {original}'],
  retransmitted_response: ['warning', 'DNS response retransmission: the original response is in packet {original}'],
});

const NAME_PROBLEMS: Readonly<Record<NameTrouble, ProblemSpec>> = {
  runs_off: P.name_runs_off,
  pointer_cut: P.name_pointer_cut,
  label_type: P.name_label_type,
  label_cut: P.name_label_cut,
  loop: P.name_loop,
  too_many_pointers: P.name_too_many_pointers,
  too_long: P.name_too_long,
};

const N = defineMessages('dns.narrative', {
  ask_a: 'DNS query: what is the IPv4 address (A) of {name}?',
  ask_aaaa: 'DNS query: what is the IPv6 address (AAAA) of {name}?',
  ask_mx: 'DNS query: which servers take the mail (MX) for {name}?',
  ask_ns: 'DNS query: which name servers (NS) are in charge of {name}?',
  ask_cname: 'DNS query: which name is {name} an alias of (CNAME)?',
  ask_ptr: 'DNS query: which host name belongs to {name} (PTR, a reverse lookup)?',
  ask_txt: 'DNS query: what text (TXT) is published for {name}?',
  ask_srv: 'DNS query: which servers offer the service {name} (SRV)?',
  ask_soa: 'DNS query: who is in charge of the zone {name} (SOA)?',
  ask_any: 'DNS query: every record the server has for {name} (ANY)',
  ask_other: 'DNS query: the {type} records of {name}',
  query_plain: 'DNS {opcode} message',
  response_addresses: 'DNS response: {name} is {addresses} ({count, plural, one {# answer} other {# answers}})',
  response_alias: 'DNS response: {name} is another name for {target} (CNAME; {count, plural, one {# answer} other {# answers}})',
  response_mail: 'DNS response: mail for {name} goes to {servers} ({count, plural, one {# answer} other {# answers}})',
  response_servers: 'DNS response: {name} is served by the name servers {servers} ({count, plural, one {# answer} other {# answers}})',
  response_host: 'DNS response: {name} belongs to {hosts} ({count, plural, one {# answer} other {# answers}})',
  response_answers: 'DNS response for {name}: {count, plural, one {# answer} other {# answers}}',
  response_empty: 'DNS response for {name}: no {type} record (the name exists, the answer is empty)',
  response_missing: 'DNS response: {name} does not exist (No such name)',
  response_error: 'DNS response for {name}: {rcode}',
  response_plain: 'DNS response ({rcode})',
  recursion: 'the client asks the server to find the answer for it (recursion desired)',
  authoritative: 'the server is in charge of the name (an authoritative answer)',
  cached: 'the server answers from elsewhere or its cache (not authoritative)',
  truncated: 'the message was cut to fit UDP: the client should ask again over TCP',
  answered_in: 'the answer is in packet {frame}',
  answers: 'answers the query in packet {frame} after {ms} ms',
  unsolicited: 'answers no query seen in this capture',
  retransmission: 'repeats packet {frame}',
});

/** The four sections after the header, as an ordinary message and as a dynamic update names them. */
const SECTIONS: ReadonlyArray<readonly [count: FieldSpec, section: FieldSpec]> = [
  [F['count.queries'], F.queries],
  [F['count.answers'], F.answers],
  [F['count.auth_rr'], F.authorities],
  [F['count.add_rr'], F.additionals],
];
const UPDATE_SECTIONS: ReadonlyArray<readonly [count: FieldSpec, section: FieldSpec]> = [
  [F['count.zones'], F.zones],
  [F['count.prerequisites'], F.prerequisites],
  [F['count.updates'], F.updates],
  [F['count.add_rr'], F.additionals],
];
const OPCODE_UPDATE = 5;
const TYPE_A = 1;
const TYPE_NS = 2;
const TYPE_CNAME = 5;
const TYPE_SOA = 6;
const TYPE_PTR = 12;
const TYPE_HINFO = 13;
const TYPE_MX = 15;
const TYPE_TXT = 16;
const TYPE_AAAA = 28;
const TYPE_SRV = 33;
const TYPE_OPT = 41;
const TYPE_ANY = 255;

/** The short name of a type, as the info column and record lines write it ("A", "Unknown (1234)"). */
function typeAbbreviation(type: number): string {
  return DNS_TYPE_ABBREVIATIONS[type] ?? `Unknown (${type})`;
}

function className(cls: number): string {
  return DNS_CLASSES[cls] ?? 'Unknown';
}

/** What the flags line adds: " Standard query", " Standard query response, No error". */
function flagsText(opcodeName: string, rcodeName: string | undefined): string {
  return rcodeName === undefined ? ` ${opcodeName}` : ` ${opcodeName} response, ${rcodeName}`;
}

/** The flags' bits in a query and in a response (which has four more), from the message's start. */
const QUERY_FLAG_BITS: BitFields = [
  [F['flags.response'], 2, 2], [F['flags.opcode'], 2, 2], [F['flags.truncated'], 2, 2], [F['flags.recdesired'], 2, 2],
  [F['flags.z'], 2, 2], [F['flags.checkdisable'], 2, 2],
];
const RESPONSE_FLAG_BITS: BitFields = [
  [F['flags.response'], 2, 2], [F['flags.opcode'], 2, 2], [F['flags.authoritative'], 2, 2], [F['flags.truncated'], 2, 2],
  [F['flags.recdesired'], 2, 2], [F['flags.recavail'], 2, 2], [F['flags.z'], 2, 2], [F['flags.authenticated'], 2, 2],
  [F['flags.checkdisable'], 2, 2], [F['flags.rcode'], 2, 2],
];

/** Where the message ends, and whether the capture's snap length cut it there. */
interface DnsMessage {
  readonly end: number;
  readonly cut: boolean;
  readonly names: MessageNames;
}

export const dns: ProtocolModule = {
  place: { protocol: 'dns', osi: 7, tcpip: 'application' },
  name: 'DNS',
  fields: F,
  registrations: [{ table: 'udp.port', keys: [53, 5353] }],
  dissect(b, ctx, end) {
    const base = b.start;
    b.title = 'Domain Name System';
    ctx.columns.protocol = 'DNS';
    end = Math.min(end, b.captured);
    // The snap length cut the message when the datagram goes on past the captured bytes.
    const cut = b.truncated && end === b.captured && (ctx.network?.payloadEnd ?? b.frame.reportedLength) > end;
    const m: DnsMessage = { end, cut, names: new MessageNames(base, end) };

    // The header, field by field, so that a message cut short names the first field missing.
    if (!headerFits(b, m, F.id, base)) return undefined;
    const id = b.uint(null, F.id, base);
    if (!headerFits(b, m, F.flags, base + 2)) return undefined;
    const flags = b.uint(null, F.flags, base + 2);
    const flagsField = b.last;
    const isResponse = (flags & 0x8000) !== 0;
    const opcode = (flags >> 11) & 0x0f;
    const rcode = flags & 0x000f;
    const opcodeName = DNS_OPCODES[opcode] ?? `Unknown operation (${opcode})`;
    const rcodeName = DNS_RCODES[rcode] ?? `Unknown error (${rcode})`;
    b.annotate(flagsField, flagsText, opcodeName, isResponse ? rcodeName : undefined);
    b.bitmask(flagsField, isResponse ? RESPONSE_FLAG_BITS : QUERY_FLAG_BITS, base);
    b.title = isResponse ? 'Domain Name System (response)' : 'Domain Name System (query)';

    const sections = opcode === OPCODE_UPDATE ? UPDATE_SECTIONS : SECTIONS;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      const spec = sections[i][0];
      if (!headerFits(b, m, spec, base + 4 + 2 * i)) return undefined;
      counts[i] = b.uint(null, spec, base + 4 + 2 * i);
    }

    // The info column, built as the message is read; the column itself stops growing at its bound.
    const info = ctx.columns.info;
    info.set(opcodeName);
    if (isResponse) info.text(' response');
    info.char(0x20).text(hexNumber(id, 4));
    if (isResponse && rcode !== 0) info.char(0x20).text(rcodeName);

    let pos = base + 12;
    let complete = true;
    let parent: Field | null = null;
    // Questions.
    for (let i = 0; i < counts[0] && complete; i++) {
      if (i === 0) parent = b.add(null, sections[0][1], pos, 0, null);
      const question = addQuestion(b, m, parent!, pos, i, counts[0]);
      if (!question) complete = false;
      else {
        if (!info.full) info.char(0x20).text(typeAbbreviation(question.type)).char(0x20).text(question.name);
        pos = question.next;
      }
    }
    // Records of the answer, authority and additional sections.
    const records = counts[1] + counts[2] + counts[3];
    for (let i = 0, section = 1, inSection = 0; i < records && complete; i++, inSection++) {
      while (inSection >= counts[section]) {
        section++;
        inSection = 0;
      }
      if (inSection === 0) parent = b.add(null, sections[section][1], pos, 0, null);
      const next = addRecord(b, m, parent!, pos, i, records, info.full ? null : info);
      if (next < 0) complete = false;
      else pos = next;
    }
    if (complete && pos < end) {
      // tshark keeps them in DNS, as bytes no record owns.
      b.hex(null, F['extraneous.data'], pos, end - pos);
      const extraneous = b.last;
      b.add(extraneous, F['extraneous.length'], end, 0, end - pos);
      b.problem(P.extraneous, pos, { length: end - pos, offset: pos }, extraneous);
    }
    if (!ctx.quoted && ctx.network) addTransaction(b, ctx, base, isResponse, id);
    return undefined;
  },
  narrative(r) {
    return narrate(r);
  },
};

/** Whether the header field `spec` at `at` fits the message; if not, says why and keeps the last bytes DNS's. */
function headerFits(b: LayerBuilder, m: DnsMessage, spec: FieldSpec, at: number): boolean {
  if (at + spec.size <= m.end) return true;
  if (m.cut) b.missing(spec, at, spec.size);
  else b.problem(P.header_short, at, { length: Math.max(0, m.end - b.start), offset: b.start }, spec);
  // A last byte too few for its field is still DNS's.
  if (at < m.end) b.hex(null, F.incomplete, at, m.end - at);
  return false;
}

/**
 * Adds question `index` (of `count`) at `pos` under `parent`; returns its name and type and where
 * the next part starts, or null when the message ends inside it (the problem is recorded). The
 * bytes of a question cut short stay DNS's.
 */
function addQuestion(b: LayerBuilder, m: DnsMessage, parent: Field, pos: number, index: number, count: number): { name: string; type: number; next: number } | null {
  if (pos >= m.end) {
    missingPart(b, m, F.query, pos, P.questions_missing, { count, found: index, offset: pos }, parent);
    return null;
  }
  const name = readName(b, m.names, pos, m.end);
  const at = pos + name.length;
  const typeFits = at + 2 <= m.end;
  const classFits = at + 4 <= m.end;
  const type = typeFits ? b.u16(at) : 0;
  const cls = classFits ? b.u16(at + 2) : 0;
  const broken = breaksMessage(name);
  const q = b.add(parent, F.query, pos, classFits && !broken ? name.length + 4 : m.end - pos, null);
  b.rewrite(q, recordLine, name.text, type, cls);
  extend(b, parent, q);
  if (name.runsOff && m.cut) {
    b.missing(F['qry.name'], pos, 0, b.add(q, F['qry.name'], pos, name.length, name.text));
    return null;
  }
  addName(b, q, F['qry.name'], name, pos);
  if (broken) {
    undecodedRest(b, q, at, m.end);
    return null;
  }
  b.add(q, F['qry.name.len'], pos, name.length, name.textLength);
  b.add(q, F['count.labels'], pos, name.length, name.labels);
  if (typeFits) b.uint(q, F['qry.type'], at);
  if (classFits) b.uint(q, F['qry.class'], at + 2);
  if (!classFits) {
    const spec = typeFits ? F['qry.class'] : F['qry.type'];
    missingPart(b, m, spec, typeFits ? at + 2 : at, P.question_cut, { number: index + 1, offset: pos }, q, 2);
    if (typeFits ? at + 2 < m.end : at < m.end) b.hex(q, F.incomplete, typeFits ? at + 2 : at, m.end - (typeFits ? at + 2 : at));
    return null;
  }
  return { name: name.text, type, next: at + 4 };
}

/**
 * Adds resource record `index` (of `total`) at `pos` under its section `parent`, and its part of
 * the info column; returns where the next record starts, or -1 when the message ends inside it.
 */
function addRecord(b: LayerBuilder, m: DnsMessage, parent: Field, pos: number, index: number, total: number, info: ColumnText | null): number {
  if (pos >= m.end) {
    missingPart(b, m, F.answer, pos, P.records_missing, { count: total, found: index, offset: pos }, parent);
    return -1;
  }
  const name = readName(b, m.names, pos, m.end);
  const broken = breaksMessage(name);
  const fixed = pos + name.length;
  const type = fixed + 2 <= m.end ? b.u16(fixed) : 0;
  const isOpt = type === TYPE_OPT;
  // Type, class, TTL and data length, as far as they fit (OPT puts other things in class and TTL).
  const specs = isOpt ? OPT_FIXED_FIELDS : FIXED_FIELDS;
  let have = 0;
  let off = fixed;
  while (have < 4 && off + FIXED_SIZES[have] <= m.end) off += FIXED_SIZES[have++];
  const cls = have > 1 ? b.u16(fixed + 2) : 0;
  const rdlen = have > 3 ? b.u16(fixed + 8) : 0;
  const rdata = fixed + 10;
  const rdataFits = have === 4 && rdata + rdlen <= m.end;
  // A record cut short, or whose data length runs past the message, keeps the rest of the message.
  const rr = b.add(parent, F.answer, pos, (rdataFits && !broken ? rdata + rdlen : m.end) - pos, null);
  extend(b, parent, rr);
  // The record's line; its data adds to it once read.
  b.rewrite(rr, recordLine, name.text, type, isOpt ? -1 : cls);
  if (name.runsOff && m.cut) {
    b.missing(F['resp.name'], pos, 0, b.add(rr, F['resp.name'], pos, name.length, name.text));
    return -1;
  }
  if (broken) {
    addName(b, rr, F['resp.name'], name, pos);
    undecodedRest(b, rr, fixed, m.end);
    return -1;
  }
  // A service record's name is shown as its service, protocol and domain, as tshark does.
  const service = type === TYPE_SRV && rdataFits && name.trouble === undefined && splitService(b, rr, name, pos);
  if (!service) addName(b, rr, F['resp.name'], name, pos);
  if (have > 0) b.uint(rr, F['resp.type'], fixed);
  if (isOpt) {
    if (have > 1) b.uint(rr, F['rr.udp_payload_size'], fixed + 2);
    if (have > 2) {
      b.uint(rr, F['resp.ext_rcode'], fixed + 4);
      b.uint(rr, F['resp.edns0_version'], fixed + 5);
      b.uint(rr, F['resp.z'], fixed + 6);
      const z = b.last;
      b.bits(z, F['resp.z.do'], fixed + 6, 2);
      b.bits(z, F['resp.z.reserved'], fixed + 6, 2);
    }
  } else {
    if (have > 1) b.uint(rr, F['resp.class'], fixed + 2);
    if (have > 2) b.uint(rr, F['resp.ttl'], fixed + 4);
  }
  if (have > 3) b.uint(rr, F['resp.len'], fixed + 8);
  const lenField = b.last;
  if (have < 4) {
    missingPart(b, m, specs[have], off, P.record_cut, { number: index + 1, offset: pos }, rr, FIXED_SIZES[have]);
    if (off < m.end) b.hex(rr, F.incomplete, off, m.end - off);
    return -1;
  }
  if (!rdataFits) {
    // What there is of the data stays the record's.
    let data = rr;
    if (rdata < m.end) {
      b.hex(rr, F.data, rdata, m.end - rdata);
      data = b.last;
    }
    if (m.cut) b.missing(F.data, rdata, rdlen, data);
    else b.problem(P.rdata_past_end, fixed + 8, { length: rdlen, offset: fixed + 8 }, lenField);
    return -1;
  }
  const shown = addRecordData(b, m, rr, type, rdata, rdlen);
  if (info && !info.full) {
    info.char(0x20).text(typeAbbreviation(type));
    if (shown !== '') info.char(0x20).text(shown);
  }
  return rdata + rdlen;
}

/**
 * Whether a question's or record's name leaves nothing after it to trust: its labels or pointers
 * run off the message or use an unknown label type, so where the name ends is not known. tshark
 * stops there too ("Malformed Packet"); the rest of the message stays DNS's, undecoded.
 */
function breaksMessage(name: DnsName): boolean {
  return name.trouble === 'runs_off' || name.trouble === 'pointer_cut' || name.trouble === 'label_type' || name.trouble === 'label_cut';
}

/** The rest of the message after a name that cannot be followed: DNS's bytes, undecoded. */
function undecodedRest(b: LayerBuilder, parent: Field, from: number, to: number): void {
  if (from < to) b.hex(parent, F.undecoded, from, to - from);
}

/** The fields of a record after its name, and their sizes (OPT puts other things in class and TTL). */
const FIXED_FIELDS = [F['resp.type'], F['resp.class'], F['resp.ttl'], F['resp.len']];
const OPT_FIXED_FIELDS = [F['resp.type'], F['rr.udp_payload_size'], F['resp.ext_rcode'], F['resp.len']];
const FIXED_SIZES = [2, 2, 4, 2];

/** A question's or record's line before its data: "example.com: type A, class IN" (class -1: OPT's line). */
function recordLine(name: string, type: number, cls: number): string {
  return cls < 0 ? `${name}: type OPT` : `${name}: type ${typeAbbreviation(type)}, class ${className(cls)}`;
}

/** Makes a section or entry field cover `child` too (they are added before their contents). */
function extend(b: LayerBuilder, parent: Field, child: Field): void {
  if (!b.detail) return;
  const end = Math.max(parent.offset + parent.length, child.offset + child.length);
  parent.length = end - parent.offset;
}

/**
 * A part of the message the header announces but that is not all there: cut by the snap length,
 * or the message is malformed (`problem`).
 */
function missingPart(b: LayerBuilder, m: DnsMessage, spec: FieldSpec, offset: number, problem: ProblemSpec, params: Record<string, number>, on: Field, length = 0): void {
  if (m.cut) b.missing(spec, offset, length, on);
  else b.problem(problem, offset, params, on);
}

function addName(b: LayerBuilder, parent: Field, spec: FieldSpec, name: DnsName, at: number): Field {
  const field = b.add(parent, spec, at, name.length, name.text);
  if (name.trouble !== undefined) {
    const params: Record<string, number | string> = { offset: at };
    // Where inside the name, for the troubles that have a place (a loop or a length is the whole name's).
    if (name.trouble === 'pointer_cut' || name.trouble === 'label_type' || name.trouble === 'label_cut') params.at = name.troubleAt ?? at;
    if (name.trouble === 'label_type') params.type = hexNumber(b.u8(name.troubleAt ?? at) & 0xc0, 2);
    if (name.trouble === 'too_long') params.max = MAX_NAME_OCTETS;
    if (name.trouble === 'too_many_pointers') params.max = MAX_POINTERS;
    b.problem(NAME_PROBLEMS[name.trouble], at, params, field);
  }
  return field;
}

/**
 * A SRV record's name "_service._proto.domain" as its three parts over the name's bytes; false
 * when it does not have them.
 */
function splitService(b: LayerBuilder, rr: Field, name: DnsName, at: number): boolean {
  const first = name.text.indexOf('.');
  const second = first < 0 ? -1 : name.text.indexOf('.', first + 1);
  if (second < 0 || name.text[0] !== '_') return false;
  b.add(rr, F['srv.service'], at, name.length, name.text.slice(0, first));
  b.add(rr, F['srv.proto'], at, name.length, name.text.slice(first + 1, second));
  b.add(rr, F['srv.name'], at, name.length, name.text.slice(second + 1));
  return true;
}

/**
 * Adds the record data of `type` at `at` (`length` bytes, all captured) and returns its text for
 * the info column ('' when tshark's column names only the type); adds to the record's line.
 */
function addRecordData(b: LayerBuilder, m: DnsMessage, rr: Field, type: number, at: number, length: number): string {
  const end = at + length;
  switch (type) {
    case TYPE_A:
    case TYPE_AAAA: {
      const spec = type === TYPE_A ? F.a : F.aaaa;
      if (length < spec.size) {
        b.hex(rr, F.data, at, length);
        b.problem(P.rdata_length, at, { type: typeAbbreviation(type), expected: spec.size, length, offset: at }, b.last);
        return '';
      }
      b.address(rr, spec, at);
      const address = type === TYPE_A ? ipv4Address(b.frame.bytes, at) : ipv6Address(b.frame.bytes, at);
      if (length > spec.size) {
        b.hex(rr, F.data, at + spec.size, length - spec.size);
        b.problem(P.rdata_length, at, { type: typeAbbreviation(type), expected: spec.size, length, offset: at }, b.last);
      }
      b.annotate(rr, addressText, address);
      return address;
    }
    case TYPE_NS:
    case TYPE_CNAME:
    case TYPE_PTR: {
      const name = readName(b, m.names, at, end);
      addName(b, rr, type === TYPE_NS ? F.ns : type === TYPE_CNAME ? F.cname : F['ptr.domain_name'], name, at);
      addRest(b, rr, at + name.length, end);
      b.annotate(rr, nameDataText, type, name.text);
      return name.text;
    }
    case TYPE_MX: {
      if (length < 3) return shortData(b, rr, type, at, length);
      const preference = b.uint(rr, F['mx.preference'], at);
      const name = readName(b, m.names, at + 2, end);
      addName(b, rr, F['mx.mail_exchange'], name, at + 2);
      addRest(b, rr, at + 2 + name.length, end);
      b.annotate(rr, mxText, preference, name.text);
      return `${preference} ${name.text}`;
    }
    case TYPE_TXT: {
      let pos = at;
      while (pos < end) {
        const n = b.uint(rr, F['txt.length'], pos);
        if (pos + 1 + n > end) {
          b.hex(rr, F.data, pos + 1, end - pos - 1);
          b.problem(P.rdata_short, pos, { type: 'TXT', offset: pos }, b.last);
          break;
        }
        b.addLazy(rr, F.txt, pos + 1, n, () => labelText(b.frame.bytes, pos + 1, n));
        pos += 1 + n;
      }
      return '';
    }
    case TYPE_SOA: {
      const mname = readName(b, m.names, at, end);
      addName(b, rr, F['soa.mname'], mname, at);
      let pos = at + mname.length;
      const rname = readName(b, m.names, pos, end);
      addName(b, rr, F['soa.rname'], rname, pos);
      pos += rname.length;
      const numbers = [F['soa.serial_number'], F['soa.refresh_interval'], F['soa.retry_interval'], F['soa.expire_limit'], F['soa.minimum_ttl']];
      for (const spec of numbers) {
        if (pos + 4 > end) {
          addRest(b, rr, pos, end);
          b.problem(P.rdata_short, pos, { type: 'SOA', offset: pos }, rr);
          break;
        }
        b.uint(rr, spec, pos);
        pos += 4;
      }
      if (pos < end) addRest(b, rr, pos, end);
      b.annotate(rr, mnameText, mname.text);
      return mname.text;
    }
    case TYPE_SRV: {
      if (length < 7) return shortData(b, rr, type, at, length);
      const priority = b.uint(rr, F['srv.priority'], at);
      const weight = b.uint(rr, F['srv.weight'], at + 2);
      const port = b.uint(rr, F['srv.port'], at + 4);
      const target = readName(b, m.names, at + 6, end);
      addName(b, rr, F['srv.target'], target, at + 6);
      addRest(b, rr, at + 6 + target.length, end);
      b.annotate(rr, () => `, priority ${priority}, weight ${weight}, port ${port}, target ${target.text}`);
      return `${priority} ${weight} ${port} ${target.text}`;
    }
    case TYPE_HINFO: {
      if (length < 2) return shortData(b, rr, type, at, length);
      const cpuLength = b.uint(rr, F['hinfo.cpu_length'], at);
      if (at + 1 + cpuLength >= end) return shortData(b, rr, type, at + 1, length - 1);
      const cpu = labelText(b.frame.bytes, at + 1, cpuLength);
      b.add(rr, F['hinfo.cpu'], at + 1, cpuLength, cpu);
      const osAt = at + 1 + cpuLength;
      const osLength = b.uint(rr, F['hinfo.os_length'], osAt);
      if (osAt + 1 + osLength > end) return shortData(b, rr, type, osAt + 1, end - osAt - 1);
      const os = labelText(b.frame.bytes, osAt + 1, osLength);
      b.add(rr, F['hinfo.os'], osAt + 1, osLength, os);
      addRest(b, rr, osAt + 1 + osLength, end);
      b.annotate(rr, hinfoText, cpu, os);
      return `${cpu} ${os}`;
    }
    case TYPE_OPT:
      addOptions(b, rr, at, end);
      return '';
    default:
      b.hex(rr, F.data, at, length);
      return '';
  }
}

/** What the data of a record adds to its line (functions, so that the packet list makes no text). */
function addressText(address: string): string {
  return `, addr ${address}`;
}

function mnameText(name: string): string {
  return `, mname ${name}`;
}

/** What the data of an NS, CNAME or PTR record adds to its line. */
function nameDataText(type: number, name: string): string {
  return type === TYPE_NS ? `, ns ${name}` : type === TYPE_CNAME ? `, cname ${name}` : `, ${name}`;
}

function hinfoText(cpu: string, os: string): string {
  return `, CPU ${cpu}, OS ${os}`;
}

function mxText(preference: number, name: string): string {
  return `, preference ${preference}, mx ${name}`;
}

/** Record data too short for its type's fields: shown raw, with a problem. */
function shortData(b: LayerBuilder, rr: Field, type: number, at: number, length: number): string {
  b.hex(rr, F.data, at, length);
  b.problem(P.rdata_short, at, { type: typeAbbreviation(type), offset: at }, b.last);
  return '';
}

/** Record data bytes after a name that ends before the data does: shown raw, so none go unowned. */
function addRest(b: LayerBuilder, rr: Field, from: number, to: number): void {
  if (from < to) b.hex(rr, F.data, from, to - from);
}

/** The EDNS options of an OPT record (RFC 6891 §6.1.2): code, length, data, decoded for a few codes. */
function addOptions(b: LayerBuilder, rr: Field, at: number, end: number): void {
  let pos = at;
  while (pos < end) {
    if (pos + 4 > end) {
      b.hex(rr, F.data, pos, end - pos);
      b.problem(P.rdata_short, pos, { type: 'OPT', offset: pos }, b.last);
      return;
    }
    const code = b.u16(pos);
    const length = b.u16(pos + 2);
    const dataEnd = Math.min(pos + 4 + length, end);
    const option = b.addLazy(rr, F.opt, pos, dataEnd - pos, () => DNS_OPTION_CODES[code] ?? 'Unknown');
    b.uint(option, F['opt.code'], pos);
    b.uint(option, F['opt.len'], pos + 2);
    if (pos + 4 + length > end) {
      b.hex(option, F['opt.data'], pos + 4, end - pos - 4);
      b.problem(P.rdata_short, pos, { type: 'OPT', offset: pos }, option);
      return;
    }
    if (length > 0) b.hex(option, F['opt.data'], pos + 4, length);
    addOptionData(b, option, code, pos + 4, length);
    pos += 4 + length;
  }
}

const OPTION_CSUBNET = 8;
const OPTION_COOKIE = 10;
const OPTION_PADDING = 12;

function addOptionData(b: LayerBuilder, option: Field, code: number, at: number, length: number): void {
  if (code === OPTION_COOKIE && length >= 8) {
    b.hex(option, F['opt.cookie.client'], at, 8);
    b.hex(option, F['opt.cookie.server'], at + 8, length - 8);
  } else if (code === OPTION_PADDING) {
    b.hex(option, F['opt.padding'], at, length);
  } else if (code === OPTION_CSUBNET && length >= 4) {
    const family = b.uint(option, F['opt.client.family'], at);
    b.uint(option, F['opt.client.netmask'], at + 2);
    b.uint(option, F['opt.client.scope'], at + 3);
    const n = length - 4;
    const size = family === 1 ? 4 : family === 2 ? 16 : 0;
    if (size > 0 && n <= size) {
      // Only the bits the netmask covers are sent; the rest of the address is zero.
      b.addLazy(option, family === 1 ? F['opt.client.addr4'] : F['opt.client.addr6'], at + 4, n, () => {
        const full = new Uint8Array(size);
        full.set(b.bytes(at + 4, n));
        return family === 1 ? ipv4Address(full, 0) : ipv6Address(full, 0);
      });
    }
  }
}

/** Matches the message with its query or response and shows how, as tshark does. */
function addTransaction(b: LayerBuilder, ctx: DissectContext, base: number, isResponse: boolean, id: number): void {
  if (ctx.stream < 0) return;
  const view: TransactionView = trackTransaction(ctx, isResponse, id);
  if (view.responseIn !== undefined) b.add(null, F.response_in, base, 0, view.responseIn);
  if (view.requestIn !== undefined) {
    b.add(null, F.response_to, base, 0, view.requestIn);
    b.add(null, F.time, base, 0, (view.seconds ?? 0) + (view.nanos ?? 0) / 1e9);
  }
  if (view.unsolicited) b.add(null, F.unsolicited, base, 0, true);
  if (view.retransmissionOf !== undefined) {
    b.add(null, isResponse ? F.retransmit_response_in : F.retransmit_request_in, base, 0, view.retransmissionOf);
    b.add(null, F.retransmission, base, 0, true);
    b.problem(isResponse ? P.retransmitted_response : P.retransmitted_query, base, { original: view.retransmissionOf }, b.last);
  }
}

const QUESTIONS: Readonly<Record<number, { id: string }>> = {
  [TYPE_A]: N.ask_a,
  [TYPE_AAAA]: N.ask_aaaa,
  [TYPE_MX]: N.ask_mx,
  [TYPE_NS]: N.ask_ns,
  [TYPE_CNAME]: N.ask_cname,
  [TYPE_PTR]: N.ask_ptr,
  [TYPE_TXT]: N.ask_txt,
  [TYPE_SRV]: N.ask_srv,
  [TYPE_SOA]: N.ask_soa,
  [TYPE_ANY]: N.ask_any,
};

function narrate(r: LayerReading): Message[] {
  const parts: Message[] = [];
  const name = r.show(F['qry.name']);
  const type = r.number(F['qry.type']);
  const opcode = r.number(F['flags.opcode']) ?? 0;
  const rcode = r.number(F['flags.rcode']) ?? 0;
  const rcodeText = DNS_RCODES[rcode] ?? `Unknown error (${rcode})`;
  if (!r.isSet(F['flags.response'])) {
    if (name !== undefined && type !== undefined && opcode === 0) {
      const question = QUESTIONS[type] ?? N.ask_other;
      parts.push({ id: question.id, params: { name, type: typeAbbreviation(type) } });
    } else {
      parts.push({ id: N.query_plain.id, params: { opcode: DNS_OPCODES[opcode] ?? `opcode ${opcode}` } });
    }
    if (r.isSet(F['flags.recdesired'])) parts.push({ id: N.recursion.id });
    const answeredIn = r.number(F.response_in);
    if (answeredIn !== undefined) parts.push({ id: N.answered_in.id, params: { frame: answeredIn } });
  } else {
    const count = r.number(F['count.answers']) ?? 0;
    // The section is looked up once: once per record would cost time quadratic in the records.
    const section = r.field(F.answers);
    const answered = (spec: FieldSpec) => (section === undefined ? '' : r.all(spec).filter((f) => within(section, f)).map((f) => f.show).join(', '));
    const addresses = [answered(F.a), answered(F.aaaa)].filter((a) => a !== '').join(', ');
    if (name === undefined) parts.push({ id: N.response_plain.id, params: { rcode: rcodeText } });
    else if (rcode === 3) parts.push({ id: N.response_missing.id, params: { name } });
    else if (rcode !== 0) parts.push({ id: N.response_error.id, params: { name, rcode: rcodeText } });
    else if (addresses !== '') parts.push({ id: N.response_addresses.id, params: { name, addresses, count } });
    else if (answered(F['mx.mail_exchange']) !== '') parts.push({ id: N.response_mail.id, params: { name, servers: answered(F['mx.mail_exchange']), count } });
    else if (answered(F.cname) !== '') parts.push({ id: N.response_alias.id, params: { name, target: answered(F.cname), count } });
    else if (answered(F.ns) !== '') parts.push({ id: N.response_servers.id, params: { name, servers: answered(F.ns), count } });
    else if (answered(F['ptr.domain_name']) !== '') parts.push({ id: N.response_host.id, params: { name, hosts: answered(F['ptr.domain_name']), count } });
    else if (count > 0) parts.push({ id: N.response_answers.id, params: { name, count } });
    else parts.push({ id: N.response_empty.id, params: { name, type: typeAbbreviation(type ?? 0) } });
    if (count > 0 || rcode !== 0) parts.push({ id: r.isSet(F['flags.authoritative']) ? N.authoritative.id : N.cached.id });
    const requestIn = r.number(F.response_to);
    const time = r.number(F.time);
    if (requestIn !== undefined && time !== undefined) parts.push({ id: N.answers.id, params: { frame: requestIn, ms: Math.round(time * 1e6) / 1e3 } });
    if (r.isSet(F.unsolicited)) parts.push({ id: N.unsolicited.id });
  }
  if (r.isSet(F['flags.truncated'])) parts.push({ id: N.truncated.id });
  const original = r.number(F.retransmit_request_in) ?? r.number(F.retransmit_response_in);
  if (original !== undefined) parts.push({ id: N.retransmission.id, params: { frame: original } });
  return parts;
}

/** Whether `field` lies in the bytes of `section` (a record of the answers, not of another section). */
function within(section: Field, field: Field): boolean {
  return field.offset >= section.offset && field.offset < section.offset + section.length;
}
