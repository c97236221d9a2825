// TCP (RFC 9293): ports, sequence and acknowledgment numbers (shown relative to each connection's
// start, as Wireshark does), header length, flags, window, checksum over the pseudo-header, urgent
// pointer and options. The payload goes to the next decoder by port ('tcp.port' table).

import type { Field } from '../field-model.js';
import type { DissectContext, ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { CHECKSUM_STATUS } from './checksum-status.js';
import { hexNumber } from '../display-format.js';
import { checksumSkipping, pseudoHeaderSum } from './internet-checksum.js';
import { OPTION_FIELDS, dissectTcpOptions, findWindowShift } from './tcp-options.js';
import { TcpConversations } from './tcp-streams.js';
import { endpointKeyOf } from './endpoint-pair-table.js';

const F = defineFields('tcp', {
  srcport: { type: 'uint16', label: 'Source Port', description: 'The port of the program that sent this segment; together with the address it names one end of the connection.', rfc: 'RFC 9293 §3.1' },
  dstport: { type: 'uint16', label: 'Destination Port', description: 'The port of the program this segment is for (80 web, 443 HTTPS, 22 SSH...).', rfc: 'RFC 9293 §3.1' },
  stream: { type: 'uint32', generated: true, label: 'Stream index', description: 'Layerscope\'s number for this connection within the capture, counting from 0, so all its segments can be found together.' },
  len: { type: 'uint32', generated: true, label: 'TCP Segment Len', description: 'How many bytes of data this segment carries after its header.' },
  seq: { type: 'uint32', format: (v) => `${v}    (relative sequence number)`, label: 'Sequence Number', description: 'Position of this segment\'s first data byte in the sender\'s byte stream, shown relative to the start of the connection.', rfc: 'RFC 9293 §3.4' },
  seq_raw: { type: 'uint32', label: 'Sequence Number (raw)', description: 'The sequence number as sent; each side starts from a random initial number.', rfc: 'RFC 9293 §3.4' },
  nxtseq: { type: 'uint32', generated: true, format: (v) => `${v}    (relative sequence number)`, label: 'Next Sequence Number', description: 'The sequence number the sender\'s next new segment will carry (this one\'s plus its length; SYN and FIN count as one).' },
  ack: { type: 'uint32', label: 'Acknowledgment Number', description: 'When ACK is set: the next byte the sender expects from the other side, meaning everything before it arrived (relative).', rfc: 'RFC 9293 §3.4' },
  ack_raw: { type: 'uint32', label: 'Acknowledgment number (raw)', description: 'The acknowledgment number as sent.', rfc: 'RFC 9293 §3.4' },
  hdr_len: { type: 'uint8', multiplier: 4, format: (v) => `${v} bytes (${Number(v) / 4})`, label: 'Header Length', mask: 0xf0, description: 'How long the TCP header is, in 4-byte words on the wire (shown in bytes); 20 bytes without options, at most 60.', rfc: 'RFC 9293 §3.1' },
  flags: { type: 'uint16', base: 'hex', line: (v) => `Flags: 0x${Number(v).toString(16).padStart(3, '0')} (${FLAG_TEXT[Number(v)]})`, label: 'Flags', mask: 0x0fff, description: 'Control bits that open (SYN), acknowledge (ACK), push (PSH), and close (FIN) or abort (RST) the connection.', rfc: 'RFC 9293 §3.1' },
  res: { type: 'boolean', bits: 12, displayMask: 0xe00, name: 'tcp.flags.res', label: 'Reserved', mask: 0x0e, description: 'Bits kept for future use; senders must set them to zero.', rfc: 'RFC 9293 §3.1' },
  ae: { type: 'boolean', bits: 12, displayMask: 0x100, name: 'tcp.flags.ae', label: 'Accurate ECN', mask: 0x01, description: 'Used by Accurate ECN to count congestion marks more precisely (formerly the ECN nonce).', rfc: 'RFC 3540' },
  cwr: { type: 'boolean', bits: 12, name: 'tcp.flags.cwr', label: 'Congestion Window Reduced', mask: 0x80, description: 'The sender says it slowed down after being told the network is congested.', rfc: 'RFC 3168 §6.1' },
  ece: { type: 'boolean', bits: 12, name: 'tcp.flags.ece', label: 'ECN-Echo', mask: 0x40, description: 'Tells the other side a router marked its packets as having met congestion (in a SYN: ECN is supported).', rfc: 'RFC 3168 §6.1' },
  urg: { type: 'boolean', bits: 12, name: 'tcp.flags.urg', label: 'Urgent', mask: 0x20, description: 'The urgent pointer field is meaningful: some data should be handled ahead of the rest.', rfc: 'RFC 9293 §3.1' },
  ackflag: { type: 'boolean', bits: 12, name: 'tcp.flags.ack', label: 'Acknowledgment', mask: 0x10, description: 'The acknowledgment number is valid; set on every segment after the first SYN.', rfc: 'RFC 9293 §3.1' },
  push: { type: 'boolean', bits: 12, name: 'tcp.flags.push', label: 'Push', mask: 0x08, description: 'Asks the receiver to hand the data to the application right away instead of waiting for more.', rfc: 'RFC 9293 §3.1' },
  reset: { type: 'boolean', bits: 12, name: 'tcp.flags.reset', label: 'Reset', mask: 0x04, description: 'Aborts the connection at once, e.g. when nothing listens on the port.', rfc: 'RFC 9293 §3.1' },
  syn: { type: 'boolean', bits: 12, name: 'tcp.flags.syn', label: 'Syn', mask: 0x02, description: 'Synchronize: opens a connection and announces the sender\'s initial sequence number (first two steps of the handshake).', rfc: 'RFC 9293 §3.5' },
  fin: { type: 'boolean', bits: 12, name: 'tcp.flags.fin', label: 'Fin', mask: 0x01, description: 'Finish: the sender has no more data to send and starts closing the connection.', rfc: 'RFC 9293 §3.6' },
  flags_str: { type: 'string', name: 'tcp.flags.str', label: 'TCP Flags', description: 'All twelve flag bits at a glance; a letter for each bit that is set, a dot for each that is not.' },
  window_size_value: { type: 'uint16', label: 'Window', description: 'How many more bytes the sender is ready to receive, before scaling.', rfc: 'RFC 9293 §3.1' },
  window_size: { type: 'uint32', generated: true, label: 'Calculated window size', description: 'The window after applying the scale factor agreed in the handshake: the real number of bytes the sender can take.', rfc: 'RFC 7323 §2' },
  window_size_scalefactor: { type: 'int32', generated: true, format: (v) => (v === -1 ? '-1 (unknown)' : v === -2 ? '-2 (no window scaling used)' : String(v)), label: 'Window size scaling factor', description: 'The factor the window field is multiplied by (-1: the handshake was not captured so it is unknown; -2: no scaling).' },
  checksum: { type: 'uint16', base: 'hex', label: 'Checksum', description: 'Detects corrupted segments: the one\'s-complement sum over the header, data and a pseudo-header of IP addresses.', rfc: 'RFC 9293 §3.1' },
  checksum_status: { type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, name: 'tcp.checksum.status', label: 'Checksum Status', description: 'Whether Layerscope recomputed the checksum and it matched (1 good, 0 bad, 2 not verified).' },
  checksum_calculated: { type: 'uint16', base: 'hex', generated: true, label: 'Calculated Checksum', description: 'The checksum Layerscope computed over the received bytes; it should equal the one sent.' },
  urgent_pointer: { type: 'uint16', label: 'Urgent Pointer', description: 'When URG is set: how far past the sequence number the urgent data ends.', rfc: 'RFC 9293 §3.1' },
  analysis: { type: 'none', generated: true, label: 'SEQ/ACK analysis', description: 'What Layerscope concluded from the sequence numbers of this connection.' },
  retransmission: { type: 'none', generated: true, name: 'tcp.analysis.retransmission', label: 'This frame is a (suspected) retransmission', description: 'The segment repeats data already sent: the sender thought it was lost.' },
});

const P = defineProblems('tcp', {
  hdr_len_short: ['error', 'TCP header length {length} bytes (field value {words}) at offset {offset} is below the minimum of 20; the rest of the segment cannot be decoded'],
  hdr_len_long: ['error', 'TCP header length {length} bytes at offset {offset} is longer than the {segment} bytes of the segment; the packet is malformed'],
  urgent_without_urg: ['note', 'The urgent pointer is {urgent} but the URG flag is not set'],
  retransmission: ['note', 'This segment repeats data already sent in this connection: a (suspected) retransmission'],
  bad_checksum: ['error', 'Bad TCP checksum {checksum}: it should be {expected} (the segment was corrupted, or the sender\'s network card fills it in after capture: "checksum offload")'],
});

const N = defineMessages('tcp.narrative', {
  ports: 'TCP from port {src} to port {dst}',
  rst: 'RST aborts the connection',
  syn: 'SYN asks to open a connection',
  syn_ack: 'SYN-ACK agrees to open the connection',
  fin: 'FIN says this side has finished sending',
  data: 'it carries {length, plural, one {# byte} other {# bytes}} of data',
  ack: 'ACK confirms the data received so far',
  mss_client: 'the client proposes MSS {mss}',
  mss_server: 'the server proposes MSS {mss}',
  mss_sender: 'the sender proposes MSS {mss}',
  window_scale: 'window scale ×{multiplier}',
  sack_permitted: 'selective acknowledgements permitted',
});

/** Flag names in the order tshark lists them in the info column. */
const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x001, 'FIN'], [0x002, 'SYN'], [0x004, 'RST'], [0x008, 'PSH'], [0x010, 'ACK'], [0x020, 'URG'],
  [0x040, 'ECE'], [0x080, 'CWR'], [0x100, 'AE'], [0xe00, 'Reserved'],
];

/** The letters of tcp.flags.str, most significant bit first. */
const FLAG_LETTERS = 'RRRACEUAPRSF';

/** Flag combinations seen over and over, computed once. */
const FLAG_TEXT: string[] = [];
for (let f = 0; f < 0x1000; f++) {
  const names: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (f & bit) names.push(name);
  FLAG_TEXT.push(names.length ? names.join(', ') : '<None>');
}

function conversations(ctx: DissectContext): TcpConversations {
  return ctx.state.slot('tcp', newConversations);
}

// A named function rather than an arrow at the call: nothing is allocated per segment.
function newConversations(): TcpConversations {
  return new TcpConversations();
}

export const tcp: ProtocolModule = {
  place: { protocol: 'tcp', osi: 4, tcpip: 'transport' },
  name: 'TCP',
  fields: F,
  registrations: [{ table: 'ip.proto', keys: [6] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    const detail = b.detail;
    if (!b.need(F.srcport, at, 2)) return undefined;
    const sport = (bytes[at] << 8) | bytes[at + 1];
    if (detail) b.add(null, F.srcport, at, 2, sport);
    if (!b.need(F.dstport, at + 2, 2)) return undefined;
    const dport = (bytes[at + 2] << 8) | bytes[at + 3];
    if (detail) {
      b.add(null, F.dstport, at + 2, 2, dport);
      b.title = `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}`;
    }
    const columns = ctx.columns;
    columns.protocol = 'TCP';
    const info = columns.info.clear().uint(sport).arrow().uint(dport);
    if (!b.need(F.seq, at + 4, 4) || !b.need(F.ack, at + 8, 4) || !b.need(F.hdr_len, at + 12, 2)) return undefined;
    // Summary mode reads values without building fields; the header end is recorded here instead.
    b.end = Math.max(b.end, at + 14);

    const seq = b.u32(at + 4);
    const ack = b.u32(at + 8);
    const hdrLen = (bytes[at + 12] >> 4) * 4;
    const flags = ((bytes[at + 12] << 8) | bytes[at + 13]) & 0x0fff;
    const syn = (flags & 0x02) !== 0;
    const fin = (flags & 0x01) !== 0;
    const ackFlag = (flags & 0x10) !== 0;
    const net = ctx.network;
    // The segment's length as the IP header gives it (the bytes may have been cut by the snap length).
    const segmentEnd = net !== undefined && net.payloadEnd >= end ? net.payloadEnd : end;
    const headerOk = hdrLen >= 20 && at + hdrLen <= segmentEnd;
    // As in tshark, a too-short header length still leaves the rest counted as payload.
    const payloadLength = Math.max(0, segmentEnd - at - hdrLen);

    // Conversation tracking: stream index and relative numbers (needs the IP addresses).
    let stream = -1;
    let relSeq = seq;
    let relAck = ack;
    let ackBase = 0;
    let windowScale = -1;
    let retransmission = false;
    // A segment quoted in an ICMP error is not part of the connection's flow: leave the state alone.
    if (net && !ctx.quoted) {
      const shift = syn && headerOk && b.has(at, hdrLen) ? findWindowShift(bytes, at + 20, at + hdrLen) : -1;
      const srcKey = endpointKeyOf(bytes, net, net.src, sport);
      const dstKey = endpointKeyOf(bytes, net, net.dst, dport);
      const info = conversations(ctx).track(ctx.number, srcKey, dstKey, seq, ack, flags, payloadLength, shift);
      stream = info.stream;
      relSeq = info.relativeSeq;
      relAck = info.relativeAck;
      ackBase = info.ackBase;
      windowScale = info.windowScale;
      retransmission = info.retransmission;
    }

    let hdrField: Field | undefined;
    if (detail) {
      if (stream >= 0) b.add(null, F.stream, at, 0, stream);
      b.add(null, F.len, at, 0, payloadLength);
      b.add(null, F.seq, at + 4, 4, relSeq);
      b.add(null, F.seq_raw, at + 4, 4, seq);
      // SYN and FIN each take one sequence number; tshark counts one even when both are set.
      const nextSeq = relSeq + payloadLength + (syn || fin ? 1 : 0);
      b.add(null, F.nxtseq, at, 0, nextSeq);
      b.add(null, F.ack, at + 8, 4, ackFlag ? relAck : ack);
      if (ackFlag) b.annotate(b.last, '    (relative ack number)');
      b.add(null, F.ack_raw, at + 8, 4, ack);
      hdrField = b.add(null, F.hdr_len, at + 12, 1, hdrLen);
      b.title += `, Seq: ${relSeq}${ackFlag ? `, Ack: ${relAck}` : ''}, Len: ${payloadLength}`;
    }

    // The flags share their two bytes with the header length, so they are shown even when the
    // length is impossible: every byte of the header keeps an owner.
    if (detail) addFlagBits(b, b.add(null, F.flags, at + 12, 2, flags), at, flags);

    if (hdrLen < 20) {
      b.problem(P.hdr_len_short, at + 12, { length: hdrLen, words: hdrLen / 4, offset: at + 12 }, hdrField ?? F.hdr_len);
      const window = b.has(at + 14, 2) ? ` Win=${b.u16(at + 14)}` : '';
      info.set(`${sport} → ${dport} [${FLAG_TEXT[flags]}] Seq=${relSeq}${ackFlag ? ` Ack=${relAck}` : ''}${window}, bogus TCP header length (${hdrLen}, must be at least 20)`);
      return undefined;
    }
    if (at + hdrLen > segmentEnd && !ctx.quoted) {
      b.problem(P.hdr_len_long, at + 12, { length: hdrLen, offset: at + 12, segment: segmentEnd - at }, hdrField ?? F.hdr_len);
    }

    if (!b.need(F.window_size_value, at + 14, 2)) return undefined;
    const window = (bytes[at + 14] << 8) | bytes[at + 15];
    const calculated = windowScale > 0 && !syn ? window * windowScale : window;
    if (detail) {
      b.add(null, F.window_size_value, at + 14, 2, window);
      b.add(null, F.window_size, at + 14, 2, calculated);
      if (!syn) b.add(null, F.window_size_scalefactor, at + 14, 2, windowScale);
    }

    if (!b.need(F.checksum, at + 16, 2)) return undefined;
    // Verifying sums every payload byte; the packet list (summary mode) skips it, as tshark does by default.
    if (detail) addChecksum(b, at, net && segmentEnd <= b.captured ? expectedChecksum(bytes, net, at, segmentEnd) : -1);

    if (!b.need(F.urgent_pointer, at + 18, 2)) return undefined;
    b.end = Math.max(b.end, at + 20);
    const urgent = (bytes[at + 18] << 8) | bytes[at + 19];
    if (detail) {
      const urgentField = b.add(null, F.urgent_pointer, at + 18, 2, urgent);
      if (urgent !== 0 && (flags & 0x20) === 0) {
        b.problem(P.urgent_without_urg, at + 18, { urgent }, urgentField);
      }
    }

    // The info column: "[TCP Retransmission] 40000 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 ...".
    info.clear();
    if (retransmission) info.text('[TCP Retransmission] ');
    info.uint(sport).arrow().uint(dport).text(' [').text(FLAG_TEXT[flags]).text('] Seq=').uint(relSeq);
    if (ackFlag) info.text(' Ack=').uint(relAck);
    info.text(' Win=').uint(calculated);
    if (flags & 0x20) info.text(' Urg=').uint(urgent);
    info.text(' Len=').uint(payloadLength);
    if (hdrLen > 20) {
      // Options cut by the snap length are decoded as far as they were captured.
      dissectTcpOptions(b, at + 20, Math.max(at + 20, Math.min(at + hdrLen, segmentEnd)), hdrLen - 20, ackBase, info);
    }

    if (retransmission) {
      const analysis = b.add(null, F.analysis, at, 0, '');
      const r = b.add(analysis, F.retransmission, at, 0, '');
      b.problem(P.retransmission, at, undefined, r);
    }

    // Repeated data is not handed to the application decoder again (tshark does the same).
    if (!headerOk || retransmission) return undefined;
    const payloadStart = at + hdrLen;
    // A payload cut off entirely by the snap length still goes to its decoder, to say what was lost.
    if (payloadStart > end || (payloadStart === end && (end < b.captured || b.captured >= b.frame.reportedLength))) return undefined;
    // The application decoder pairs requests and responses per connection.
    if (stream >= 0) ctx.stream = stream;
    return b.next('tcp.port', payloadStart, end, Math.min(sport, dport), Math.max(sport, dport));
  },
  narrative(r) {
    const parts: Message[] = [{ id: N.ports.id, params: { src: r.show(F.srcport) ?? '?', dst: r.show(F.dstport) ?? '?' } }];
    const syn = r.isSet(F.syn);
    const ack = r.isSet(F.ackflag);
    const fin = r.isSet(F.fin);
    const rst = r.isSet(F.reset);
    const length = r.number(F.len) ?? 0;
    if (rst) parts.push({ id: N.rst.id });
    else if (syn) parts.push({ id: ack ? N.syn_ack.id : N.syn.id });
    else if (fin) parts.push({ id: N.fin.id });
    if (length > 0) parts.push({ id: N.data.id, params: { length } });
    else if (ack && !syn && !fin && !rst) parts.push({ id: N.ack.id });
    const mss = r.show(OPTION_FIELDS.mss_val);
    if (mss !== undefined) parts.push({ id: (syn && !ack ? N.mss_client : syn ? N.mss_server : N.mss_sender).id, params: { mss } });
    const multiplier = r.number(OPTION_FIELDS.wscale_multiplier);
    if (multiplier !== undefined) parts.push({ id: N.window_scale.id, params: { multiplier } });
    if (r.field(OPTION_FIELDS.sack_perm)) parts.push({ id: N.sack_permitted.id });
    return parts;
  },
};

/** The checksum field, its status (1 good, 0 bad, 2 not verified) and, when wrong, a problem saying the right value. */
function addChecksum(b: LayerBuilder, at: number, expected: number): void {
  const checksum = b.u16(at + 16);
  const checksumField = b.add(null, F.checksum, at + 16, 2, checksum);
  if (expected < 0) {
    b.annotate(checksumField, ' [unverified]');
    b.add(null, F.checksum_status, at + 16, 0, 2);
  } else if (expected === checksum || (expected === 0 && checksum === 0xffff)) {
    b.annotate(checksumField, ' [correct]');
    b.add(null, F.checksum_status, at + 16, 0, 1);
    b.add(null, F.checksum_calculated, at + 16, 2, expected);
  } else {
    b.annotate(checksumField, ` incorrect, should be ${hexNumber(expected, 4)}(maybe caused by "TCP checksum offload"?)`);
    b.add(null, F.checksum_status, at + 16, 0, 0);
    b.add(null, F.checksum_calculated, at + 16, 2, expected);
    b.problem(P.bad_checksum, at + 16, { checksum: hexNumber(checksum, 4), expected: hexNumber(expected, 4) }, checksumField);
  }
}

function addFlagBits(b: LayerBuilder, parent: Field, at: number, flags: number): void {
  // tshark shows the three reserved bits as one flag, set when any of them is.
  b.bits(parent, F.res, at + 12, 1);
  b.bits(parent, F.ae, at + 12, 1);
  b.bits(parent, F.cwr, at + 13, 1);
  b.bits(parent, F.ece, at + 13, 1);
  b.bits(parent, F.urg, at + 13, 1);
  b.bits(parent, F.ackflag, at + 13, 1);
  b.bits(parent, F.push, at + 13, 1);
  b.bits(parent, F.reset, at + 13, 1);
  b.bits(parent, F.syn, at + 13, 1);
  b.bits(parent, F.fin, at + 13, 1);
  let letters = '';
  for (let i = 0; i < 12; i++) letters += flags & (0x800 >> i) ? FLAG_LETTERS[i] : '·';
  b.add(parent, F.flags_str, at + 12, 2, letters);
}

/** The checksum the segment [at, end) should carry, given its IP addresses. */
function expectedChecksum(bytes: Uint8Array, net: NonNullable<DissectContext['network']>, at: number, end: number): number {
  return checksumSkipping(bytes, at, end, at + 16, pseudoHeaderSum(bytes, net, 6, end - at));
}

