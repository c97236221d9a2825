// TCP (RFC 9293): ports, sequence and acknowledgment numbers (shown relative to each connection's
// start, as Wireshark does), header length, flags, window, checksum over the pseudo-header, urgent
// pointer and options. The payload goes to the next decoder by port ('tcp.port' table).

import type { Field } from '../field-model.js';
import type { BitFields, LayerBuilder } from '../layer-builder.js';
import type { DissectContext, ProtocolModule } from '../dissector.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems, type ProblemSpec } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { hexNumber } from '../display-format.js';
import { checksumSkipping, pseudoHeaderSum } from './internet-checksum.js';
import { dissectTcpOptions, findWindowShift, OPTION_FIELDS } from './tcp-options.js';
import { TcpConversations, type TcpSegmentInfo, type TcpSegmentTiming } from './tcp-streams.js';
import { TcpFlag } from '../../analysis/tcp-analysis.js';
import { TCP_STATE_NAMES } from '../../analysis/tcp-states.js';
import { endpointKeyOf } from './endpoint-pair-table.js';
import { CHECKSUM_STATUS } from './checksum-status.js';
import { PART, PASS, REASSEMBLY_FIELDS, reassembleSegment, retransmittedData, type SegmentInput } from './tcp-reassembly.js';

const F = defineFields('tcp', {
  srcport: { label: 'Source Port', type: 'uint16', description: 'The port of the program that sent this segment; together with the address it names one end of the connection.', rfc: 'RFC 9293 §3.1' },
  dstport: { label: 'Destination Port', type: 'uint16', description: 'The port of the program this segment is for (80 web, 443 HTTPS, 22 SSH...).', rfc: 'RFC 9293 §3.1' },
  port: { label: 'Source or Destination Port', type: 'uint16', anyOf: ['tcp.srcport', 'tcp.dstport'], description: 'Either port of the segment: the filter tcp.port == 80 finds both directions of web traffic.', rfc: 'RFC 9293 §3.1' },
  stream: { label: 'Stream index', type: 'uint32', generated: true, description: 'Layerscope\'s number for this connection within the capture, counting from 0, so all its segments can be found together.' },
  len: { label: 'TCP Segment Len', type: 'uint32', generated: true, description: 'How many bytes of data this segment carries after its header.' },
  seq: { label: 'Sequence Number', type: 'uint32', format: (v) => `${v}    (relative sequence number)`, description: 'Position of this segment\'s first data byte in the sender\'s byte stream, shown relative to the start of the connection.', rfc: 'RFC 9293 §3.4' },
  seq_raw: { label: 'Sequence Number (raw)', type: 'uint32', description: 'The sequence number as sent; each side starts from a random initial number.', rfc: 'RFC 9293 §3.4' },
  nxtseq: { label: 'Next Sequence Number', type: 'uint32', generated: true, format: (v) => `${v}    (relative sequence number)`, description: 'The sequence number the sender\'s next new segment will carry (this one\'s plus its length; SYN and FIN count as one).' },
  ack: { label: 'Acknowledgment Number', type: 'uint32', description: 'When ACK is set: the next byte the sender expects from the other side, meaning everything before it arrived (relative).', rfc: 'RFC 9293 §3.4' },
  ack_raw: { label: 'Acknowledgment number (raw)', type: 'uint32', description: 'The acknowledgment number as sent.', rfc: 'RFC 9293 §3.4' },
  hdr_len: { label: 'Header Length', type: 'uint8', mask: 0xf0, multiplier: 4, format: (v) => `${v} bytes (${Number(v) / 4})`, description: 'How long the TCP header is, in 4-byte words on the wire (shown in bytes); 20 bytes without options, at most 60.', rfc: 'RFC 9293 §3.1' },
  flags: { label: 'Flags', type: 'uint16', base: 'hex', mask: 0x0fff, line: (v) => `Flags: ${hexNumber(Number(v), 3)} (${flagText(Number(v) & 0xfff)})`, description: 'Control bits that open (SYN), acknowledge (ACK), push (PSH), and close (FIN) or abort (RST) the connection.', rfc: 'RFC 9293 §3.1' },
  res: { name: 'tcp.flags.res', label: 'Reserved', type: 'uint8', format: (v) => (v ? 'Set' : 'Not set'), show: (v) => (v ? '1' : '0'), mask: 0x0e, bits: 12, displayMask: 0xe00, description: 'Bits kept for future use; senders must set them to zero.', rfc: 'RFC 9293 §3.1' },
  ae: { name: 'tcp.flags.ae', label: 'Accurate ECN', type: 'boolean', mask: 0x01, bits: 12, displayMask: 0x100, description: 'Used by Accurate ECN to count congestion marks more precisely (formerly the ECN nonce).', rfc: 'RFC 3540' },
  cwr: { name: 'tcp.flags.cwr', label: 'Congestion Window Reduced', type: 'boolean', mask: 0x80, bits: 12, description: 'The sender says it slowed down after being told the network is congested.', rfc: 'RFC 3168 §6.1' },
  ece: { name: 'tcp.flags.ece', label: 'ECN-Echo', type: 'boolean', mask: 0x40, bits: 12, description: 'Tells the other side a router marked its packets as having met congestion (in a SYN: ECN is supported).', rfc: 'RFC 3168 §6.1' },
  urg: { name: 'tcp.flags.urg', label: 'Urgent', type: 'boolean', mask: 0x20, bits: 12, description: 'The urgent pointer field is meaningful: some data should be handled ahead of the rest.', rfc: 'RFC 9293 §3.1' },
  ackflag: { name: 'tcp.flags.ack', label: 'Acknowledgment', type: 'boolean', mask: 0x10, bits: 12, description: 'The acknowledgment number is valid; set on every segment after the first SYN.', rfc: 'RFC 9293 §3.1' },
  push: { name: 'tcp.flags.push', label: 'Push', type: 'boolean', mask: 0x08, bits: 12, description: 'Asks the receiver to hand the data to the application right away instead of waiting for more.', rfc: 'RFC 9293 §3.1' },
  reset: { name: 'tcp.flags.reset', label: 'Reset', type: 'boolean', mask: 0x04, bits: 12, description: 'Aborts the connection at once, e.g. when nothing listens on the port.', rfc: 'RFC 9293 §3.1' },
  syn: { name: 'tcp.flags.syn', label: 'Syn', type: 'boolean', mask: 0x02, bits: 12, description: 'Synchronize: opens a connection and announces the sender\'s initial sequence number (first two steps of the handshake).', rfc: 'RFC 9293 §3.5' },
  fin: { name: 'tcp.flags.fin', label: 'Fin', type: 'boolean', mask: 0x01, bits: 12, description: 'Finish: the sender has no more data to send and starts closing the connection.', rfc: 'RFC 9293 §3.6' },
  flags_str: { name: 'tcp.flags.str', label: 'TCP Flags', type: 'string', generated: true, description: 'All twelve flag bits at a glance; a letter for each bit that is set, a dot for each that is not.' },
  window_size_value: { label: 'Window', type: 'uint16', description: 'How many more bytes the sender is ready to receive, before scaling.', rfc: 'RFC 9293 §3.1' },
  window_size: { label: 'Calculated window size', type: 'uint32', generated: true, description: 'The window after applying the scale factor agreed in the handshake: the real number of bytes the sender can take.', rfc: 'RFC 7323 §2' },
  window_size_scalefactor: { label: 'Window size scaling factor', type: 'int32', generated: true, format: (v) => (v === -1 ? '-1 (unknown)' : v === -2 ? '-2 (no window scaling used)' : String(v)), description: 'The factor the window field is multiplied by (-1: the handshake was not captured so it is unknown; -2: no scaling).' },
  checksum: { label: 'Checksum', type: 'uint16', base: 'hex', description: 'Detects corrupted segments: the one\'s-complement sum over the header, data and a pseudo-header of IP addresses.', rfc: 'RFC 9293 §3.1' },
  checksum_status: { name: 'tcp.checksum.status', label: 'Checksum Status', type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, description: 'Whether Layerscope recomputed the checksum and it matched.' },
  checksum_calculated: { label: 'Calculated Checksum', type: 'uint16', base: 'hex', generated: true, description: 'The checksum Layerscope computed over the received bytes; it should equal the one sent.' },
  urgent_pointer: { label: 'Urgent Pointer', type: 'uint16', description: 'When URG is set: how far past the sequence number the urgent data ends.', rfc: 'RFC 9293 §3.1' },
  payload: { label: 'TCP payload', type: 'bytes', generated: true, line: (v) => `TCP payload (${String(v).length / 2} byte${String(v).length === 2 ? '' : 's'})`, description: 'The data this segment carries after its header, handed to the application\'s decoder.' },
  analysis: { label: 'SEQ/ACK analysis', type: 'none', generated: true, description: 'What Layerscope concluded from the sequence and acknowledgment numbers of this connection, as Wireshark\'s TCP analysis does.' },
  acks_frame: { name: 'tcp.analysis.acks_frame', label: 'This is an ACK to the segment in frame', type: 'framenum', generated: true, description: 'The earlier segment whose last byte this acknowledgment number confirms.' },
  ack_rtt: { name: 'tcp.analysis.ack_rtt', label: 'The RTT to ACK the segment was', type: 'relative_time', generated: true, description: 'Round-trip time: how long after that segment this acknowledgment was captured.' },
  initial_rtt: { name: 'tcp.analysis.initial_rtt', label: 'iRTT', type: 'relative_time', generated: true, description: 'Initial round-trip time: from the SYN to the ACK that completed the handshake, the connection\'s first measure of its delay.' },
  analysis_flags: { name: 'tcp.analysis.flags', label: 'TCP Analysis Flags', type: 'none', generated: true, description: 'Something in this segment is unusual for the connection (a retransmission, a lost segment, a duplicate ACK, a zero window...); the marks below say what.' },
  retransmission: { name: 'tcp.analysis.retransmission', label: 'This frame is a (suspected) retransmission', type: 'none', generated: true, description: 'The segment repeats data already sent: the sender thought it was lost.' },
  fast_retransmission: { name: 'tcp.analysis.fast_retransmission', label: 'This frame is a (suspected) fast retransmission', type: 'none', generated: true, description: 'Data sent again right after duplicate ACKs showed the receiver missed it, without waiting for the retransmission timer.', rfc: 'RFC 5681 §3.2' },
  spurious_retransmission: { name: 'tcp.analysis.spurious_retransmission', label: 'This frame is a (suspected) spurious retransmission', type: 'none', generated: true, description: 'Data sent again although the receiver had already acknowledged it: the retransmission was not needed.' },
  out_of_order: { name: 'tcp.analysis.out_of_order', label: 'This frame is a (suspected) out-of-order segment', type: 'none', generated: true, description: 'The segment comes just after one that followed it in the byte stream: the network delivered them in the wrong order.' },
  lost_segment: { name: 'tcp.analysis.lost_segment', label: 'Previous segment(s) not captured (common at capture start)', type: 'none', generated: true, description: 'The segment starts beyond where the sender\'s previous one ended: the bytes between were not captured (lost, or sent before the capture began).' },
  ack_lost_segment: { name: 'tcp.analysis.ack_lost_segment', label: 'ACKed segment that wasn\'t captured (common at capture start)', type: 'none', generated: true, description: 'The acknowledgment number confirms data this capture never saw from the other side.' },
  keep_alive: { name: 'tcp.analysis.keep_alive', label: 'TCP keep-alive segment', type: 'none', generated: true, description: 'A segment one byte behind the sender\'s next sequence number, sent only to check the other side is still there.', rfc: 'RFC 9293 §3.8.4' },
  keep_alive_ack: { name: 'tcp.analysis.keep_alive_ack', label: 'ACK to a TCP keep-alive segment', type: 'none', generated: true, description: 'The answer to a keep-alive: the other side is still there.' },
  window_update: { name: 'tcp.analysis.window_update', label: 'TCP window update', type: 'none', generated: true, description: 'A segment that only announces a new receive window (no data, nothing new acknowledged).' },
  window_full: { name: 'tcp.analysis.window_full', label: 'TCP window specified by the receiver is now completely full', type: 'none', generated: true, description: 'This data fills all the room the receiver announced: the sender must wait for it to acknowledge some.' },
  duplicate_ack: { name: 'tcp.analysis.duplicate_ack', label: 'This is a TCP duplicate ack', type: 'none', generated: true, description: 'The same acknowledgment again with nothing new: the receiver is still waiting for a segment (three of these usually trigger a fast retransmission).', rfc: 'RFC 5681 §2' },
  duplicate_ack_num: { name: 'tcp.analysis.duplicate_ack_num', label: 'Duplicate ACK #', type: 'uint32', generated: true, description: 'How many times this acknowledgment has been repeated so far.' },
  duplicate_ack_frame: { name: 'tcp.analysis.duplicate_ack_frame', label: 'Duplicate to the ACK in frame', type: 'framenum', generated: true, description: 'The packet with the acknowledgment this one repeats.' },
  zero_window_probe: { name: 'tcp.analysis.zero_window_probe', label: 'TCP Zero Window Probe', type: 'none', generated: true, description: 'One byte sent into a closed window, to find out when the receiver has room again.', rfc: 'RFC 9293 §3.8.6.1' },
  zero_window: { name: 'tcp.analysis.zero_window', label: 'TCP Zero Window segment', type: 'none', generated: true, description: 'The sender announces a window of 0: its receive buffer is full, so the other side must stop sending.' },
  zero_window_probe_ack: { name: 'tcp.analysis.zero_window_probe_ack', label: 'ACK to a TCP Zero Window Probe', type: 'none', generated: true, description: 'The answer to a zero window probe.' },
  reused_ports: { name: 'tcp.analysis.reused_ports', label: 'A new tcp session is started with the same ports as an earlier session in this trace', type: 'none', generated: true, description: 'A SYN opens a new connection on the same addresses and ports as an earlier one of this capture.' },
  state_src: { name: 'tcp.state.src', label: 'Sender\'s state', type: 'string', generated: true, description: 'The TCP state (RFC 9293) of the endpoint that sent this segment, after sending it, as the segments seen so far show it; UNKNOWN until a SYN, FIN or RST is seen (or segments both ways show the connection is established).', rfc: 'RFC 9293 §3.3.2' },
  state_dst: { name: 'tcp.state.dst', label: 'Receiver\'s state', type: 'string', generated: true, description: 'The TCP state (RFC 9293) of the endpoint this segment is for, after receiving it, as the segments seen so far show it; UNKNOWN until a SYN, FIN or RST is seen (or segments both ways show the connection is established).', rfc: 'RFC 9293 §3.3.2' },
  state_src_previous: { name: 'tcp.state.src_previous', label: 'Sender\'s state before', type: 'string', generated: true, description: 'The sender\'s TCP state before this segment, shown when the segment changed it.', rfc: 'RFC 9293 §3.3.2' },
  state_dst_previous: { name: 'tcp.state.dst_previous', label: 'Receiver\'s state before', type: 'string', generated: true, description: 'The receiver\'s TCP state before this segment, shown when the segment changed it.', rfc: 'RFC 9293 §3.3.2' },
});

const P = defineProblems('tcp', {
  hdr_len_short: ['error', 'TCP header length {length} bytes (field value {words}) at offset {offset} is below the minimum of 20; the rest of the segment cannot be decoded'],
  hdr_len_long: ['error', 'TCP header length {length} bytes at offset {offset} is longer than the {room} bytes of the segment; the packet is malformed'],
  urgent_without_urg: ['note', 'The urgent pointer is {urgent} but the URG flag is not set'],
  bad_checksum: ['error', 'Bad TCP checksum {checksum}: it should be {expected} (the segment was corrupted, or the sender\'s network card fills it in after capture: "checksum offload")'],
  retransmission: ['note', 'This segment repeats data already sent in this connection: a (suspected) retransmission'],
  fast_retransmission: ['note', 'This frame is a (suspected) fast retransmission: data sent again after duplicate ACKs'],
  spurious_retransmission: ['note', 'This frame is a (suspected) spurious retransmission: the data had already been acknowledged'],
  out_of_order: ['warning', 'This frame is a (suspected) out-of-order segment'],
  lost_segment: ['warning', 'Previous segment(s) not captured (common at capture start)'],
  ack_lost_segment: ['warning', 'ACKed segment that wasn\'t captured (common at capture start)'],
  keep_alive: ['note', 'TCP keep-alive segment'],
  keep_alive_ack: ['note', 'ACK to a TCP keep-alive segment'],
  window_update: ['note', 'TCP window update'],
  window_full: ['warning', 'TCP window specified by the receiver is now completely full'],
  duplicate_ack: ['note', 'Duplicate ACK (#{number})'],
  zero_window_probe: ['note', 'TCP Zero Window Probe'],
  zero_window: ['warning', 'TCP Zero Window segment'],
  zero_window_probe_ack: ['note', 'ACK to a TCP Zero Window Probe'],
  reused_ports: ['note', 'A new tcp session is started with the same ports as an earlier session in this trace'],
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
  wscale: 'window scale ×{multiplier}',
  sack_perm: 'selective acknowledgements permitted',
  // A state a segment moved its sender or receiver into (RFC 9293 names, never translated).
  state_syn_sent: '{side, select, sender {the sender} other {the receiver}} is now in SYN-SENT: it has sent its SYN and waits for the other side\'s SYN-ACK',
  state_syn_received: '{side, select, sender {the sender} other {the receiver}} is now in SYN-RECEIVED: it has received a SYN, answers with its own and waits for that to be acknowledged',
  state_established: '{side, select, sender {the sender} other {the receiver}} is now in ESTABLISHED: the handshake is done for it and data can flow both ways',
  state_fin_wait_1: '{side, select, sender {the sender} other {the receiver}} is now in FIN-WAIT-1: it has sent its FIN and waits for it to be acknowledged',
  state_fin_wait_2: '{side, select, sender {the sender} other {the receiver}} is now in FIN-WAIT-2: its FIN was acknowledged; it waits for the other side\'s FIN',
  state_close_wait: '{side, select, sender {the sender} other {the receiver}} is now in CLOSE-WAIT: the other side has finished sending; it may still send until its application closes',
  state_closing: '{side, select, sender {the sender} other {the receiver}} is now in CLOSING: both sides sent a FIN at once; it waits for its own to be acknowledged',
  state_last_ack: '{side, select, sender {the sender} other {the receiver}} is now in LAST-ACK: it has sent its FIN after the other\'s and waits for the last acknowledgment',
  state_time_wait: '{side, select, sender {the sender} other {the receiver}} is now in TIME-WAIT: the connection is closed; it waits twice the maximum segment lifetime before forgetting it',
  state_closed: '{side, select, sender {the sender} other {the receiver}} is now in CLOSED: the connection is over for it',
  state_listen: '{side, select, sender {the sender} other {the receiver}} is now in LISTEN: it waits for a connection request',
});

/** The narrative's sentence for each state a segment can move an endpoint into, by TcpState value. */
const STATE_MESSAGES: ReadonlyArray<Message['id'] | undefined> = [
  undefined, N.state_listen.id, N.state_syn_sent.id, N.state_syn_received.id, N.state_established.id, N.state_fin_wait_1.id,
  N.state_fin_wait_2.id, N.state_close_wait.id, N.state_closing.id, N.state_last_ack.id, N.state_time_wait.id, N.state_closed.id,
];

/**
 * The analysis flags in the order tshark's tree lists them, each with its field, its problem and
 * its mark in the info column (tshark puts each mark in front of those before it, so the info
 * reads them backwards). The duplicate ACK's mark carries numbers and is written apart.
 */
const ANALYSIS_MARKS: ReadonlyArray<readonly [flag: number, field: FieldSpec, problem: ProblemSpec, info: string]> = [
  [TcpFlag.FAST_RETRANSMISSION, F.fast_retransmission, P.fast_retransmission, '[TCP Fast Retransmission] '],
  [TcpFlag.SPURIOUS_RETRANSMISSION, F.spurious_retransmission, P.spurious_retransmission, '[TCP Spurious Retransmission] '],
  [TcpFlag.RETRANSMISSION, F.retransmission, P.retransmission, '[TCP Retransmission] '],
  [TcpFlag.OUT_OF_ORDER, F.out_of_order, P.out_of_order, '[TCP Out-Of-Order] '],
  [TcpFlag.LOST_SEGMENT, F.lost_segment, P.lost_segment, '[TCP Previous segment not captured] '],
  [TcpFlag.ACK_LOST_SEGMENT, F.ack_lost_segment, P.ack_lost_segment, '[TCP ACKed unseen segment] '],
  [TcpFlag.KEEP_ALIVE, F.keep_alive, P.keep_alive, '[TCP Keep-Alive] '],
  [TcpFlag.WINDOW_UPDATE, F.window_update, P.window_update, '[TCP Window Update] '],
  [TcpFlag.WINDOW_FULL, F.window_full, P.window_full, '[TCP Window Full] '],
  [TcpFlag.KEEP_ALIVE_ACK, F.keep_alive_ack, P.keep_alive_ack, '[TCP Keep-Alive ACK] '],
  [TcpFlag.DUPLICATE_ACK, F.duplicate_ack, P.duplicate_ack, ''],
  [TcpFlag.ZERO_WINDOW_PROBE, F.zero_window_probe, P.zero_window_probe, '[TCP ZeroWindowProbe] '],
  [TcpFlag.ZERO_WINDOW, F.zero_window, P.zero_window, '[TCP ZeroWindow] '],
  [TcpFlag.ZERO_WINDOW_PROBE_ACK, F.zero_window_probe_ack, P.zero_window_probe_ack, '[TCP ZeroWindowProbeAck] '],
  [TcpFlag.REUSED_PORTS, F.reused_ports, P.reused_ports, '[TCP Port numbers reused] '],
];
/** Each end's state field, the field shown when the segment changed it, and the narrative's name for that end. */
const STATE_SIDES: ReadonlyArray<readonly [FieldSpec, FieldSpec, string]> = [
  [F.state_src, F.state_src_previous, 'sender'],
  [F.state_dst, F.state_dst_previous, 'receiver'],
];

/** Fast and spurious retransmissions are retransmissions too, but the info names only the kind. */
const NAMED_RESENT = TcpFlag.FAST_RETRANSMISSION | TcpFlag.SPURIOUS_RETRANSMISSION;

/** Flag names in the order tshark lists them in the info column. */
const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x001, 'FIN'], [0x002, 'SYN'], [0x004, 'RST'], [0x008, 'PSH'], [0x010, 'ACK'], [0x020, 'URG'],
  [0x040, 'ECE'], [0x080, 'CWR'], [0x100, 'AE'], [0xe00, 'Reserved'],
];

/** The letters of tcp.flags.str, most significant bit first. */
const FLAG_LETTERS = 'RRRACEUAPRSF';

/**
 * The info's names of each flag combination, computed the first time it is seen: a capture holds a
 * handful of combinations, and building all 4,096 would cost every start of the command line.
 */
const FLAG_TEXT: string[] = new Array<string>(0x1000).fill('');

function flagText(flags: number): string {
  const known = FLAG_TEXT[flags];
  if (known !== '') return known;
  const names: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) names.push(name);
  return (FLAG_TEXT[flags] = names.length ? names.join(', ') : '<None>');
}

function conversations(ctx: DissectContext): TcpConversations {
  return ctx.state.slot('tcp', ctx.state.treesLater ? newKeepingConversations : newConversations);
}

// Named functions rather than arrows at the call: nothing is allocated per segment.
function newKeepingConversations(): TcpConversations {
  return new TcpConversations(true);
}

/** For a capture whose packets are each decoded once: nothing is kept per packet for a replay. */
function newConversations(): TcpConversations {
  return new TcpConversations(false);
}

/** The segment as reassembly sees it (one object, refilled for each segment). */
const segment: SegmentInput = { stream: 0, direction: 0, seq: 0, at: 0, end: 0, sport: 0, dport: 0, inOrder: true, outOfOrder: false, fin: false, cut: false, info: undefined as unknown as SegmentInput['info'] };

/** The segment's time and window for the analysis (one object, refilled for each segment). */
const timing: TcpSegmentTiming = { seconds: 0, nanos: 0, window: 0 };

export const tcp: ProtocolModule = {
  place: { protocol: 'tcp', osi: 4, tcpip: 'transport' },
  name: 'TCP',
  fields: { ...F, ...REASSEMBLY_FIELDS },
  registrations: [{ table: 'ip.proto', keys: [6] }],
  dissect(b, ctx, end) {
    const at = b.start;
    const bytes = b.frame.bytes;
    const sport = b.uint(null, F.srcport, at);
    if (sport < 0) return undefined;
    const dport = b.uint(null, F.dstport, at + 2);
    if (dport < 0) return undefined;
    if (b.detail) b.title = `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}`;
    const columns = ctx.columns;
    columns.protocol = 'TCP';
    const info = columns.info.clear().uint(sport).arrow().uint(dport);
    if (!b.need(F.seq, at + 4, 4) || !b.need(F.ack, at + 8, 4) || !b.need(F.hdr_len, at + 12, 2)) return undefined;

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
    // Whether the payload is kept from the application decoder (resent or out-of-order data, a keep-alive).
    let withheld = false;
    let t: TcpSegmentInfo | undefined;
    let direction = 0;
    // A segment quoted in an ICMP error is not part of the connection's flow: leave the state alone.
    if (net && !ctx.quoted) {
      const shift = syn && headerOk && b.has(at, hdrLen) ? findWindowShift(bytes, at + 20, at + hdrLen) : -1;
      const srcKey = endpointKeyOf(bytes, net, net.src, sport);
      const dstKey = endpointKeyOf(bytes, net, net.dst, dport);
      timing.seconds = ctx.seconds;
      timing.nanos = ctx.nanos;
      // (-1: the header was cut before its window.)
      timing.window = b.has(at + 14, 2) ? b.u16(at + 14) : -1;
      t = conversations(ctx).track(ctx.number, srcKey, dstKey, seq, ack, flags, payloadLength, shift, timing);
      stream = t.stream;
      direction = sport < dport || (sport === dport && srcKey < dstKey) ? 0 : 1;
      relSeq = t.relativeSeq;
      relAck = t.relativeAck;
      ackBase = t.ackBase;
      windowScale = t.windowScale;
      const f = t.analysis.flags;
      withheld = (f & (TcpFlag.OUT_OF_ORDER | TcpFlag.KEEP_ALIVE)) !== 0 || ((f & TcpFlag.RETRANSMISSION) !== 0 && (f & NAMED_RESENT) === 0);
    }

    if (stream >= 0) b.add(null, F.stream, at, 0, stream);
    b.add(null, F.len, at, 0, payloadLength);
    b.add(null, F.seq, at + 4, 4, relSeq);
    b.add(null, F.seq_raw, at + 4, 4, seq);
    // SYN and FIN each take one sequence number; tshark counts one even when both are set.
    b.add(null, F.nxtseq, at, 0, (relSeq + payloadLength + (syn || fin ? 1 : 0)) >>> 0);
    const ackField = b.add(null, F.ack, at + 8, 4, ackFlag ? relAck : ack);
    if (ackFlag) b.annotate(ackField, '    (relative ack number)');
    b.add(null, F.ack_raw, at + 8, 4, ack);
    b.bits(null, F.hdr_len, at + 12);
    const hdrField = b.last;
    if (b.detail) b.title += `, Seq: ${relSeq}${ackFlag ? `, Ack: ${relAck}` : ''}, Len: ${payloadLength}`;

    // The flags share their two bytes with the header length, so they are shown even when the
    // length is impossible: every byte of the header keeps an owner.
    b.bits(null, F.flags, at + 12, 2);
    addFlagBits(b, b.last, at, flags);

    if (hdrLen < 20) {
      b.problem(P.hdr_len_short, at + 12, { length: hdrLen, words: hdrLen / 4, offset: at + 12 }, hdrField);
      const window = b.has(at + 14, 2) ? ` Win=${b.u16(at + 14)}` : '';
      info.set(`${sport} → ${dport} [${flagText(flags)}] Seq=${relSeq}${ackFlag ? ` Ack=${relAck}` : ''}${window}, bogus TCP header length (${hdrLen}, must be at least 20)`);
      return undefined;
    }
    if (at + hdrLen > segmentEnd && !ctx.quoted) {
      b.problem(P.hdr_len_long, at + 12, { length: hdrLen, offset: at + 12, room: segmentEnd - at }, hdrField);
    }

    const window = b.uint(null, F.window_size_value, at + 14);
    if (window < 0) return undefined;
    const calculated = windowScale > 0 && !syn ? window * windowScale : window;
    b.add(null, F.window_size, at + 14, 2, calculated);
    if (!syn) b.add(null, F.window_size_scalefactor, at + 14, 2, windowScale);

    const checksum = b.uint(null, F.checksum, at + 16);
    if (checksum < 0) return undefined;
    const checksumField = b.last;
    // Verifying sums every payload byte; the packet list (summary mode) skips it, as tshark does by default.
    const expected = b.shows(F.checksum_status, F.checksum_calculated) && net && segmentEnd <= b.captured ? expectedChecksum(bytes, net, at, segmentEnd) : -1;
    if (expected < 0) {
      b.annotate(checksumField, ' [unverified]');
      b.add(null, F.checksum_status, at + 16, 0, 2);
    } else if (expected === checksum || (expected === 0 && checksum === 0xffff)) {
      b.annotate(checksumField, ' [correct]');
      b.add(null, F.checksum_calculated, at + 16, 2, expected);
      b.add(null, F.checksum_status, at + 16, 0, 1);
    } else {
      b.annotate(checksumField, ` incorrect, should be ${hexNumber(expected, 4)}(maybe caused by "TCP checksum offload"?)`);
      b.add(null, F.checksum_calculated, at + 16, 2, expected);
      b.add(null, F.checksum_status, at + 16, 0, 0);
      b.problem(P.bad_checksum, at + 16, { checksum: hexNumber(checksum, 4), expected: hexNumber(expected, 4) }, checksumField);
    }

    const urgent = b.uint(null, F.urgent_pointer, at + 18);
    if (urgent < 0) return undefined;
    if (urgent !== 0 && (flags & 0x20) === 0) b.problem(P.urgent_without_urg, at + 18, { urgent }, b.last);

    // The info column: "[TCP Retransmission] 40000 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 ...".
    info.clear();
    const marks = t ? t.analysis.flags : 0;
    if (marks !== 0) {
      // tshark writes each mark in front of the ones before it: the last in tree order comes first.
      for (let i = ANALYSIS_MARKS.length - 1; i >= 0; i--) {
        const [flag, , , text] = ANALYSIS_MARKS[i];
        if ((marks & flag) === 0 || (flag === TcpFlag.RETRANSMISSION && (marks & NAMED_RESENT) !== 0)) continue;
        if (flag === TcpFlag.DUPLICATE_ACK) info.text('[TCP Dup ACK ').uint(t!.analysis.dupFrame).text('#').uint(t!.analysis.dupNum).text('] ');
        else info.text(text);
      }
      // The marks stay when the application's decoder writes its own info (tshark's fence).
      info.fence();
    }
    info.uint(sport).arrow().uint(dport).text(' [').text(flagText(flags)).text('] Seq=').uint(relSeq);
    if (ackFlag) info.text(' Ack=').uint(relAck);
    info.text(' Win=').uint(calculated);
    if (flags & 0x20) info.text(' Urg=').uint(urgent);
    info.text(' Len=').uint(payloadLength);
    if (hdrLen > 20) {
      // Options cut by the snap length are decoded as far as they were captured.
      dissectTcpOptions(b, at + 20, Math.max(at + 20, Math.min(at + hdrLen, segmentEnd)), ackBase, ack, info, hdrLen - 20);
    }

    if (t) addAnalysis(b, at, t, payloadLength);

    const payloadStart = at + hdrLen;
    if (headerOk && payloadStart < end) {
      // tshark names the payload inside the TCP tree too; the bytes still belong to the next
      // layer, so the header's end is put back where the header stops.
      const headerEnd = b.end;
      b.hex(null, F.payload, payloadStart, Math.min(end, b.captured) - payloadStart);
      b.end = headerEnd;
    }
    if (stream >= 0) ctx.stream = stream;
    ctx.lowPort = Math.min(sport, dport);
    ctx.highPort = Math.max(sport, dport);
    // Data sent before, out of order, or a keep-alive's byte is not handed to the application
    // decoder (as tshark does; a fast or spurious retransmission is).
    if (!headerOk) return undefined;
    // A payload cut off entirely by the snap length still goes to its decoder, to say what was lost.
    const noPayload = payloadStart > end || (payloadStart === end && (end < b.captured || b.captured >= b.frame.reportedLength));
    if (noPayload && !fin) return undefined;
    const outOfOrder = t !== undefined && (t.analysis.flags & TcpFlag.OUT_OF_ORDER) !== 0;
    if (stream >= 0 && (payloadStart < end || (fin && payloadStart === end)) && !ctx.quoted) {
      // Segments of an application message spanning several are put together (tcp-reassembly.ts).
      const s = segment;
      s.stream = stream;
      s.direction = direction;
      s.seq = seq;
      s.at = payloadStart;
      s.end = end;
      s.sport = sport;
      s.dport = dport;
      s.inOrder = !withheld;
      s.outOfOrder = outOfOrder;
      s.fin = fin;
      s.cut = segmentEnd > b.captured;
      s.info = info;
      // Resent data goes to no decoder where messages are reassembled (a spurious retransmission
      // neither, as tshark; a fast one fills a gap, so it is new to the decoder), and is shown as resent.
      const resent = t === undefined ? 0 : t.analysis.flags & (TcpFlag.RETRANSMISSION | TcpFlag.FAST_RETRANSMISSION);
      if (resent === TcpFlag.RETRANSMISSION && retransmittedData(b, s, (t!.analysis.flags & TcpFlag.SPURIOUS_RETRANSMISSION) === 0)) return undefined;
      if (withheld && !outOfOrder) return undefined;
      const r = reassembleSegment(b, ctx, s);
      // A piece of a message decoded elsewhere: its bytes are the segment data's, with no data layer after it.
      if (r === PART) return b.next('tcp.segment', end, end);
      if (r !== PASS) return b.nextIn(r, end, 'tcp.port', Math.min(sport, dport), Math.max(sport, dport), r.restAt ?? -1);
    }
    if (withheld || noPayload) return undefined;
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
    else if (syn && !ack) parts.push({ id: N.syn.id });
    else if (syn) parts.push({ id: N.syn_ack.id });
    else if (fin) parts.push({ id: N.fin.id });
    if (length > 0) parts.push({ id: N.data.id, params: { length } });
    else if (ack && !syn && !fin && !rst) parts.push({ id: N.ack.id });
    const mss = r.show(OPTION_FIELDS.mss_val);
    if (mss !== undefined) parts.push({ id: (syn && !ack ? N.mss_client : syn ? N.mss_server : N.mss_sender).id, params: { mss } });
    const multiplier = r.number(OPTION_FIELDS.wscale_multiplier);
    if (multiplier !== undefined) parts.push({ id: N.wscale.id, params: { multiplier } });
    if (r.field(OPTION_FIELDS.sack_perm)) parts.push({ id: N.sack_perm.id });
    // A state this segment moved either end into.
    for (const [now, before, side] of STATE_SIDES) {
      if (r.field(before) === undefined) continue;
      const id = STATE_MESSAGES[TCP_STATE_NAMES.indexOf(r.show(now) ?? '')];
      if (id !== undefined) parts.push({ id, params: { side } });
    }
    return parts;
  },
};

/**
 * The SEQ/ACK analysis subtree as tshark shows it (the frame acknowledged, RTTs, each flag with
 * its problem), then both endpoints' states. Every field is generated and has no bytes of its own.
 */
function addAnalysis(b: LayerBuilder, at: number, t: TcpSegmentInfo, payloadLength: number): void {
  const a = t.analysis;
  // tshark shows the subtree for an ACK of an earlier segment, a flag, or data (its bytes in
  // flight, which Layerscope does not count); the iRTT only inside it.
  if (a.acksFrame !== 0 || a.flags !== 0 || payloadLength > 0) {
    const analysis = b.add(null, F.analysis, at, 0, '');
    if (a.acksFrame !== 0) {
      b.add(analysis, F.acks_frame, at, 0, a.acksFrame);
      // tshark leaves out a round-trip time of zero (captures without real times).
      if (a.ackRtt !== 0) b.add(analysis, F.ack_rtt, at, 0, a.ackRtt);
    }
    if (a.irtt > 0) b.add(analysis, F.initial_rtt, at, 0, a.irtt);
    if (a.flags !== 0) {
      const flags = b.add(analysis, F.analysis_flags, at, 0, '');
      for (const [flag, field, problem] of ANALYSIS_MARKS) {
        if ((a.flags & flag) === 0) continue;
        const item = b.add(flags, field, at, 0, '');
        if (flag === TcpFlag.DUPLICATE_ACK) {
          b.add(analysis, F.duplicate_ack_num, at, 0, a.dupNum);
          b.add(analysis, F.duplicate_ack_frame, at, 0, a.dupFrame);
          b.problem(problem, at, { number: a.dupNum }, item);
        } else {
          b.problem(problem, at, undefined, item);
        }
      }
    }
  }
  b.add(null, F.state_src, at, 0, TCP_STATE_NAMES[t.srcState]);
  if (t.srcBefore !== t.srcState) b.add(null, F.state_src_previous, at, 0, TCP_STATE_NAMES[t.srcBefore]);
  b.add(null, F.state_dst, at, 0, TCP_STATE_NAMES[t.dstState]);
  if (t.dstBefore !== t.dstState) b.add(null, F.state_dst_previous, at, 0, TCP_STATE_NAMES[t.dstBefore]);
}

/** The flags' bits, by their byte in the header (byte 12 holds AE, byte 13 CWR to FIN). */
export const TCP_FLAG_BITS: BitFields = [
  [F.res, 12, 1], [F.ae, 12, 1], [F.cwr, 13, 1], [F.ece, 13, 1], [F.urg, 13, 1],
  [F.ackflag, 13, 1], [F.push, 13, 1], [F.reset, 13, 1], [F.syn, 13, 1], [F.fin, 13, 1],
];

function addFlagBits(b: LayerBuilder, parent: Field, at: number, flags: number): void {
  b.bitmask(parent, TCP_FLAG_BITS, at);
  b.addLazy(parent, F.flags_str, at + 12, 2, flagLetters, flags);
}

function flagLetters(flags: number): string {
  let letters = '';
  for (let i = 0; i < 12; i++) letters += flags & (0x800 >> i) ? FLAG_LETTERS[i] : '·';
  return letters;
}

/** The checksum the segment [at, end) should carry, given its IP addresses. */
function expectedChecksum(bytes: Uint8Array, net: NonNullable<DissectContext['network']>, at: number, end: number): number {
  return checksumSkipping(bytes, at, end, at + 16, pseudoHeaderSum(bytes, net, 6, end - at));
}
