// The one contract between the UI and the backend service. Electron IPC (through the preload) and
// browser mode's WebSocket both carry exactly these requests, responses and events, and both
// validate every request against it before the service sees it.
//
// This file must stay free of Node and Electron imports: the renderer imports its types too.

import type { DissectedPacket, OsiLayer } from '../dissect/field-model.js';
import type { Language } from '../text/catalog.js';
import { STREAM_PROTOCOLS, type FollowProtocol, type StreamProtocol } from '../analysis/stream-protocols.js';
import { ADDRESS_TYPES, type AddressType } from '../analysis/endpoint-pairs.js';

export interface NetworkInterface {
  /** Name to capture on ("lo", "eth0", "any"). */
  name: string;
  description?: string;
  addresses: string[];
  up: boolean;
  loopback: boolean;
  /** The interface Layerscope suggests (default route, else lo). */
  isDefault: boolean;
}

export interface CaptureOptions {
  interface: string;
  /** BPF capture filter, e.g. "tcp port 80". Empty: everything. */
  filter?: string;
  snapLength?: number;
  promiscuous?: boolean;
  /** Kernel buffer size in bytes. */
  bufferSize?: number;
}

/** One row of the packet list. */
export interface PacketRow {
  number: number;
  /** Seconds since the first packet. */
  time: number;
  /** Seconds since the previous packet (0 for the first). */
  delta: number;
  source: string;
  destination: string;
  protocol: string;
  length: number;
  info: string;
  /** The protocol of the innermost decoded layer ('tcp', 'udp', 'arp', ...), for row colour. */
  colorKey: string;
  /** The OSI layer of the innermost decoded layer. */
  topOsi: OsiLayer;
  /** Worst problem in the packet, if any. */
  problem?: 'note' | 'warning' | 'error';
  /** The packet has a comment (the file's, or the user's). */
  commented?: boolean;
  /** The user marked the packet (Ctrl+M). */
  marked?: boolean;
  /** The user ignored the packet (Ctrl+D). */
  ignored?: boolean;
  /** With colouring rules on: the first rule the packet matches, and its colours (#rrggbb). */
  colour?: { rule: string; foreground: string; background: string };
}

/** A colouring rule: the rows a display filter matches get these colours (#rrggbb). */
export interface ColouringRuleView {
  name: string;
  filter: string;
  foreground: string;
  background: string;
}

export interface PacketDetail {
  /**
   * The packet decoded in full. Its `sources` carry, as hex, the bytes it was decoded from besides
   * the frame's (an IP datagram put together from its fragments: at most 65,535 bytes each), which
   * layers and fields with a `source` number lie in.
   */
  packet: DissectedPacket;
  /** The captured bytes, hex-encoded (two characters per byte). */
  bytesHex: string;
}

export type SessionSource = 'none' | 'file' | 'live';

export interface SessionStatus {
  source: SessionSource;
  /** File name, or interface name while capturing. */
  name: string;
  packetCount: number;
  capturing: boolean;
  /** Packets the kernel dropped during a live capture. */
  dropped: number;
  /** Reading or capture warnings (a damaged file: where reading stopped). */
  warnings: string[];
  /** Whether the packets are saved somewhere the user chose. */
  saved: boolean;
  /** Closing it would lose something: comments changed, or captured packets, not saved since. */
  unsavedChanges?: boolean;
  /** How many packets are marked. */
  marked?: number;
  /** How many packets the user ignored (Ctrl+D), when any. */
  ignored?: number;
  /** When the first packet was captured (seconds and nanoseconds since 1970), for absolute times. */
  firstPacketTime?: { seconds: number; nanos: number };
}

/** The status before anything is opened: nothing to show, and nothing unsaved. */
export const NO_SESSION: SessionStatus = Object.freeze({
  source: 'none',
  name: '',
  packetCount: 0,
  capturing: false,
  dropped: 0,
  warnings: [],
  saved: true,
}) as SessionStatus;

export interface CapturePermission {
  canCapture: boolean;
  /** Which backend will capture: the cap helper, the cap helper elevated with pkexec, or dumpcap. */
  backend: 'cap' | 'cap-elevated' | 'dumpcap' | 'none';
  /** Why capture is not possible, and the exact commands that fix it on this system. */
  explanation?: string;
  fixCommands?: string[];
}

export interface OpenProgress {
  bytesRead: number;
  totalBytes: number;
  packets: number;
  done: boolean;
}

// --- The Socket Lab: real socket calls on loopback, one at a time (electron/lab/) ---

export type LabSideName = 'client' | 'server';
export const LAB_SCENARIO_NAMES = ['tcp', 'reuse', 'refused', 'reset', 'udp', 'timeout'] as const;
export type LabScenarioName = (typeof LAB_SCENARIO_NAMES)[number];
export const LAB_CALL_NAMES = [
  'socket', 'setsockopt', 'bind', 'listen', 'accept', 'connect', 'connect_ex', 'send', 'sendall', 'recv',
  'sendto', 'recvfrom', 'shutdown', 'close', 'settimeout', 'setblocking',
] as const;
export type LabCallName = (typeof LAB_CALL_NAMES)[number];

/** One socket call as the page asks for it; `socket` names a socket of that side (s1, s2, …). */
export interface LabCallRequest {
  call: LabCallName;
  socket?: string;
  type?: 'SOCK_STREAM' | 'SOCK_DGRAM';
  host?: string;
  port?: number;
  /** Data to send, as text. */
  text?: string;
  bufsize?: number;
  backlog?: number;
  how?: 'SHUT_RD' | 'SHUT_WR' | 'SHUT_RDWR';
  option?: 'SO_REUSEADDR' | 'SO_LINGER';
  value?: number;
  seconds?: number | null;
  flag?: boolean;
}

/** A socket in the kernel's table after a step, as `ss` shows it, with the lab socket holding it. */
export interface LabKernelSocketView {
  protocol: 'tcp' | 'udp';
  /** RFC 9293's state name (LISTEN, ESTABLISHED, TIME-WAIT, …), UNCONNECTED/CONNECTED for UDP. */
  state: string;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  recvQ: number;
  sendQ: number;
  /** Absent: only the kernel holds it (TIME-WAIT, a connection not yet accepted). */
  owner?: { side: LabSideName; socket: string };
  timeWaitSeconds?: number;
}

export interface LabPacketView {
  number: number;
  sender: LabSideName;
  /** 'call': sent because of the step's call; 'kernel': the other side's kernel answering. */
  cause: 'call' | 'kernel';
  protocol: string;
  info: string;
  tcpFlags: string[];
  comment: string;
  /** A TCP packet as the lab's ladder draws it: its endpoints ("address:port"), its time (seconds since the epoch) and its arrow. */
  tcp?: Omit<LadderPacket, 'number' | 'time' | 'direction'> & { src: string; dst: string; time: number };
}

export interface LabStepView {
  index: number;
  side: LabSideName;
  /** Seconds from the lab's first call to this one's start, and how long this call took. */
  time: number;
  duration: number;
  call: LabCallRequest;
  /** The call as the course writes it, and what it returned. */
  python: string;
  c: string;
  pythonResult: string;
  cResult: string;
  ok: boolean;
  /** The errno's name when the call failed (ECONNREFUSED, EADDRINUSE, …), or 'timeout'. */
  error?: string;
  /** The socket the call made (socket(), accept()), as later calls name it: s1, s2, … */
  made?: string;
  packets: LabPacketView[];
  kernel: LabKernelSocketView[];
  /** When the kernel's table was read (ms since the epoch), so TIME-WAIT timers can count down. */
  kernelReadAt: number;
  /** What happened and why: a catalog message id with its parameters, and its English text. */
  explanation: { id: string; params: Record<string, string | number> };
  sentence: string;
}

export interface LabView {
  /** Null when no lab is open. */
  scenario: LabScenarioName | null;
  port: number;
  /** Why the lab shows no packets (no capture permission), with the commands that fix it. */
  captureProblem?: { message: string; fixCommands: string[] };
  steps: LabStepView[];
  /** The scenario's next call, or null when it is complete. */
  next: { side: LabSideName; call: LabCallName } | null;
  /** Calls still running (blocked), one per side at most. */
  running: { side: LabSideName; call: LabCallName }[];
}

/** Find Packet: what to look for, where, and from which packet in which direction. */
export interface FindParams {
  query: string;
  /** A string, a hex byte sequence ("47 45 54", "47:45:54"; bytes only), or a display filter (the packet it matches). */
  kind: 'string' | 'hex' | 'filter';
  /** The packet list's text, the packet details' text (every field's "label: value"), or the bytes. */
  scope: 'list' | 'details' | 'bytes';
  caseSensitive?: boolean;
  /** The packet to search after (before, going backwards); 0 starts at the beginning. */
  from: number;
  direction: 'next' | 'previous';
}

export interface FindResult {
  /** The packet found, or null when none matches. */
  number: number | null;
  /** The search went past the end (or the start) and came round. */
  wrapped: boolean;
  /** A newer search replaced this one before it finished. */
  superseded?: boolean;
  /** In the details: the field (or layer) found, by the tree's id ("2.0.3"). */
  fieldId?: string;
  /** The bytes matched (bytes), or the found field's bytes (details). */
  offset?: number;
  length?: number;
}

/**
 * Which packets Export Specified Packets writes, as Wireshark offers them: all, those the display
 * filter shows, the marked ones, or a range such as "1-10,15,20-" (default: all, and then the
 * capture counts as saved).
 */
export type PacketSelection = { which: 'all' } | { which: 'displayed' } | { which: 'marked' } | { which: 'range'; range: string };

/** What a report holds and how it reads. */
export interface ReportRequest {
  packets: PacketSelection | { which: 'selected'; number: number };
  view: 'sender' | 'receiver';
  title?: string;
  student?: string;
  course?: string;
  /** A conversation whose ladder diagram and statistics the report draws before the packets. */
  conversation?: { protocol: ConversationProtocol; stream: number };
}

/** Where applying a display filter has got: how many packets it shows of how many, tested so far. */
export interface DisplayStatus {
  /** The filter shown ('' when every packet is). */
  filter: string;
  displayed: number;
  checked: number;
  total: number;
  done: boolean;
  /** A newer filter replaced this one before it finished. */
  superseded?: boolean;
}

/** What the filter bar shows as the user types: valid, or the error and where it is. */
export type FilterCheckResult =
  | { ok: true }
  | { ok: false; code: string; message: string; position: number; length: number };

// --- Conversations and the ladder diagram (electron/analysis/conversation-index.ts) ---

/** The transport whose streams (tcp.stream, udp.stream) make conversations (the analysis's list). */
export const CONVERSATION_PROTOCOLS = STREAM_PROTOCOLS;
export type ConversationProtocol = StreamProtocol;

/** The kinds of address the Conversations and Endpoints tables count, as tshark's `-z conv,TYPE` names them. */
export const CONVERSATION_TYPES = ADDRESS_TYPES;
export type ConversationType = AddressType;

/** One row of the Conversations table; endpoint A sent the conversation's first packet. */
export interface ConversationRow {
  type: ConversationType;
  /** tcp.stream or udp.stream (TCP and UDP conversations only). */
  stream?: number;
  /** Each side: an address, or "address:port" for TCP and UDP. */
  a: string;
  b: string;
  framesAtoB: number;
  bytesAtoB: number;
  framesBtoA: number;
  bytesBtoA: number;
  /** Seconds from the capture's first packet to the conversation's first. */
  start: number;
  /** Seconds from its first packet to its last. */
  duration: number;
}

/** One row of the Endpoints table: what an address (and port, for TCP and UDP) sent and received. */
export interface EndpointRow {
  type: ConversationType;
  address: string;
  port?: string;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

/** The columns the Conversations table sorts by ('frames' and 'bytes' are both ways together). */
export const CONVERSATION_COLUMNS = ['stream', 'a', 'b', 'frames', 'bytes', 'framesAtoB', 'bytesAtoB', 'framesBtoA', 'bytesBtoA', 'start', 'duration', 'bpsAtoB', 'bpsBtoA'] as const;
export type ConversationColumn = (typeof CONVERSATION_COLUMNS)[number];
/** The columns the Endpoints table sorts by ('packets' and 'bytes' are sent and received together). */
export const ENDPOINT_COLUMNS = ['address', 'port', 'packets', 'bytes', 'txPackets', 'txBytes', 'rxPackets', 'rxBytes'] as const;
export type EndpointColumn = (typeof ENDPOINT_COLUMNS)[number];

/**
 * Which rows of a Conversations or Endpoints table to send: of one type, sorted by a column (when
 * none, in tshark's order: TCP and UDP by stream, the others most packets first), rows
 * [start, start + count) of that order (start 0 and count 200 when not given; count 0 answers the
 * total alone).
 */
export interface TableWindowParams<C extends string> {
  type: ConversationType;
  /**
   * Count only the packets the display filter shows (Wireshark's "Limit to display filter"); every
   * packet when no filter is applied.
   */
  displayed?: boolean;
  sort?: C;
  descending?: boolean;
  start?: number;
  count?: number;
}

export interface TableWindow<R> {
  rows: R[];
  /** Rows of this type in all. */
  total: number;
  /** Where `rows[0]` is in the sorted table (clipped to it). */
  start: number;
}

/** One arrow of the ladder: a packet of the conversation. */
export interface LadderPacket {
  number: number;
  /** Seconds since the conversation's first packet. */
  time: number;
  /** From endpoint A to B, or back. */
  direction: 'AtoB' | 'BtoA';
  /** TCP flags as Wireshark writes them ("SYN, ACK"); '' for UDP. */
  flags: string;
  /** Relative sequence number (TCP). */
  seq?: number;
  /** Relative acknowledgment number, when ACK is set (TCP). */
  ack?: number;
  /** Payload bytes. */
  len: number;
  /** The tcp.analysis flags the packet has, by their field names' last part ("retransmission", "duplicate_ack"). */
  marks: string[];
  /** TCP state of the sender after sending it and of the receiver after receiving it (RFC 9293 names), when known. */
  senderState?: string;
  receiverState?: string;
}

/** A window of one conversation's packets, for the ladder diagram. */
export interface LadderView {
  protocol: ConversationProtocol;
  stream: number;
  a: string;
  b: string;
  /** Seconds from the capture's first packet to the conversation's first. */
  start: number;
  /** Packets in the conversation so far. */
  total: number;
  /** The stream position of `packets[0]` (0-based). */
  from: number;
  packets: LadderPacket[];
  /** Each side's TCP state before `packets[0]` (after the packet before it), when known. */
  before?: { a?: string; b?: string };
  /** TCP: the three-way handshake and the teardown, as stream positions (first and last packet). */
  handshake?: { first: number; last: number };
  teardown?: { first: number; last: number };
}

/** Every request: its parameters and its result. */
export interface Requests {
  'interfaces.list': { params: Record<string, never>; result: { interfaces: NetworkInterface[]; permission: CapturePermission } };
  'capture.start': { params: CaptureOptions; result: SessionStatus };
  'capture.stop': { params: Record<string, never>; result: SessionStatus };
  /**
   * Answers after the first slice of packets is indexed; the rest follows as 'open.progress' and 'packets.added' events.
   * From the page, only a path 'dialog.open' returned (the service refuses any other: path-grants.ts).
   */
  'file.open': { params: { path: string }; result: SessionStatus };
  /**
   * A file the user picked or dropped in the page, sent in chunks: 'upload.start' announces its
   * size (refused at once when too large), 'upload.chunk' carries each piece in order, as bytes
   * (over Electron IPC; browser mode POSTs the whole body to UPLOAD_PATH instead, which the server
   * turns into these chunks), 'upload.finish' opens it; 'upload.cancel' gives up.
   */
  'upload.start': { params: { name: string; size: number }; result: { id: string; chunkBytes: number } };
  'upload.chunk': { params: { id: string; offset: number; bytes: Uint8Array }; result: { received: number } };
  'upload.finish': { params: { id: string }; result: SessionStatus };
  'upload.cancel': { params: { id: string }; result: Record<string, never> };
  'sample.open': { params: Record<string, never>; result: SessionStatus };
  /**
   * The language the service speaks to the page from now on (packet trees, explanations,
   * narrative, problems, filter errors, the Socket Lab): one of LANGUAGES in catalog.ts, which the
   * page chose from the user's setting or the system's. The page asks for its packet again after.
   */
  'language.set': { params: { language: Language }; result: { language: Language } };
  'session.status': { params: Record<string, never>; result: SessionStatus };
  /** Rows [start, start + count): `start` is 0-based (row `start` is packet number start + 1); clipped to what exists; count ≤ 10,000. */
  'rows.get': { params: { start: number; count: number }; result: { total: number; rows: PacketRow[] } };
  'packet.get': { params: { number: number }; result: PacketDetail };
  /**
   * Sets a packet's comments, all of them in order (an empty list deletes them, the file's own
   * included; empty ones are left out); saved into the capture by Save.
   */
  'packet.comments': { params: { number: number; comments: string[] }; result: SessionStatus };
  /** Marks or unmarks packets (Ctrl+M), as Wireshark does: marks are for this session, not the file. */
  'packets.mark': { params: { numbers: number[]; marked: boolean }; result: SessionStatus };
  /**
   * Ignores or stops ignoring packets (Ctrl+D), as Wireshark does: an ignored packet shows in the
   * list as ignored, no display filter matches it, and exports can leave it out.
   */
  'packets.ignore': { params: { numbers: number[]; ignored: boolean }; result: SessionStatus };
  /** Find Packet (Ctrl+F): the next (or previous) packet matching, wrapping around once. */
  'packets.find': { params: FindParams; result: FindResult };
  /** Checks a display filter as it is typed (nothing is applied). */
  'filter.check': { params: { text: string }; result: FilterCheckResult };
  /** Field and protocol names starting with `prefix`, for completion in the filter bar. */
  'filter.names': { params: { prefix: string }; result: { names: string[] } };
  /**
   * Shows only the packets the filter matches ('' shows all): 'rows.get' then gives those rows;
   * answers when every packet is tested, with 'display.changed' events on the way.
   */
  'filter.apply': { params: { text: string }; result: DisplayStatus };
  /**
   * How rows are coloured: by the layer of their innermost protocol (Layerscope's own), or by
   * colouring rules: the user's own (first) then Wireshark's defaults. Answers the rules left out
   * because their filter is not valid, with why.
   */
  'colouring.set': {
    params: { mode: 'layers' | 'rules'; rules?: ColouringRuleView[] };
    result: { invalid: { name: string; message: string }[] };
  };
  /** Where packet `number` is in the list as shown; null when the display filter hides it. */
  'rows.locate': { params: { number: number }; result: { index: number | null } };
  /**
   * From the page, only a path 'dialog.save' returned (the service refuses any other:
   * path-grants.ts). `warning` says how many packets were saved and why, when fewer than the
   * session holds.
   */
  'capture.save': { params: { path: string; format: 'pcapng' | 'pcap'; packets?: PacketSelection; leaveOutIgnored?: boolean }; result: { path: string; packets: number; warning?: string } };
  /**
   * Browser mode: a single-use address (valid for a minute) from which the page downloads the
   * session's packets; no credential travels in it.
   */
  'download.prepare': { params: { format: 'pcapng' | 'pcap'; packets?: PacketSelection; leaveOutIgnored?: boolean }; result: { url: string } };
  /** Electron only: the native Open dialog; null when the user cancelled. Then ask 'file.open'. */
  'dialog.open': { params: Record<string, never>; result: { path: string | null } };
  /** Electron only: the native Save dialog; null when the user cancelled. Then ask 'capture.save'. */
  'dialog.save': { params: { format: 'pcapng' | 'pcap' }; result: { path: string | null } };
  /** Starts a Socket Lab scenario (closing any lab before): both sides ready, nothing called yet. */
  'lab.open': { params: { scenario: LabScenarioName }; result: LabView };
  /** Performs the scenario's next call; answers when it has returned. */
  'lab.next': { params: Record<string, never>; result: LabView };
  /** Performs a call of the student's own choosing on one side (loopback, the lab's ports only). */
  'lab.call': { params: { side: LabSideName; call: LabCallRequest }; result: LabView };
  'lab.close': { params: Record<string, never>; result: LabView };
  /**
   * The lab session to keep: its packets as pcapng (each call as the packet's comment), or its
   * timeline as text. The page saves it (a download; Electron asks where).
   */
  'lab.export': { params: { format: 'pcapng' | 'timeline' }; result: { fileName: string; mimeType: string; base64: string } };
  /**
   * The coursework report (one self-contained HTML file, print styles for PDF) of the packets
   * chosen: the selected one, or as Export Specified Packets chooses them.
   */
  'report.make': { params: ReportRequest; result: { fileName: string; html: string } };
  /**
   * Export Packet Dissections of the packets chosen, as Wireshark's plain text, the list's CSV or
   * Layerscope's JSON lines (the formats `layerscope dissect --format` writes), comments included.
   */
  'dissections.export': {
    params: { packets: PacketSelection; format: 'text' | 'csv' | 'json'; leaveOutIgnored?: boolean };
    result: { fileName: string; mimeType: string; text: string };
  };
  /**
   * Opens the lab's packets, each with the call that caused it as its comment, as the capture
   * of the packet list (details, layer stack, filters); unsaved until saved.
   */
  'lab.openPackets': { params: Record<string, never>; result: SessionStatus };
  /**
   * Follow Stream: conversation `stream` (tcp.stream or udp.stream) of the open capture, its data
   * each way in order (as `layerscope follow` and tshark's follow put it together).
   */
  'stream.follow': { params: { protocol: FollowProtocol; stream: number }; result: FollowedStreamView };
  /**
   * A window of the capture's conversations of one type (as far as it is read), equal to tshark's
   * `-z conv,TYPE`; TCP and UDP rows carry their stream index.
   */
  'conversation.list': { params: TableWindowParams<ConversationColumn>; result: TableWindow<ConversationRow> };
  /** A window of the capture's endpoints of one type, equal to tshark's `-z endpoints,TYPE`. */
  'endpoint.list': { params: TableWindowParams<EndpointColumn>; result: TableWindow<EndpointRow> };
  /**
   * Packets [from, from + count) of one conversation for the ladder diagram (protocol 'tcp' when
   * not given, from 0, count at most MAX_LADDER_PACKETS, 200 when not given); refused when there
   * is no such stream.
   */
  'conversation.ladder': { params: { protocol?: ConversationProtocol; stream: number; from?: number; count?: number }; result: LadderView };
  /** The conversation packet `number` travels in, and its position there; null when none. */
  'conversation.locate': { params: { number: number }; result: { conversation: { protocol: ConversationProtocol; stream: number; index: number } | null } };
}

/** One conversation's data as Follow Stream shows it. */
export interface FollowedStreamView {
  /** tcp or udp: the conversation's data; http: the HTTP messages of a TCP conversation. */
  protocol: FollowProtocol;
  stream: number;
  /** "address:port" of the endpoint that sent the first packet, then of the other; null when no packet has the stream. */
  nodes: [string, string] | null;
  /** The pieces in order; node 1's are `fromSecond`. Bytes hex-encoded. */
  chunks: { fromSecond: boolean; packet: number; hex: string }[];
  /** All the stream's bytes each way (node 0 → node 1, node 1 → node 0), counting any cut off. */
  bytes: [number, number];
  /** The stream is longer than one answer carries: chunks stop where it was cut. */
  truncated: boolean;
}

export type RequestName = keyof Requests;
export type Params<N extends RequestName> = Requests[N]['params'];
export type Result<N extends RequestName> = Requests[N]['result'];

/** Events the service pushes to the UI. */
export interface Events {
  /** New packets arrived (a batch, every 50-100 ms while capturing) or a file finished loading. */
  'packets.added': { total: number };
  'display.changed': DisplayStatus;
  'session.status': SessionStatus;
  'open.progress': OpenProgress;
  /** The lab changed: a call began (running) or returned (a new step). */
  'lab.changed': LabView;
}

export type EventName = keyof Events;

/** What the UI sees of the backend, in Electron and in browser mode alike. */
export interface LayerscopeApi {
  request<N extends RequestName>(name: N, params: Params<N>): Promise<Result<N>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
  /** 'electron' or 'browser': the UI offers native dialogs only in Electron. */
  readonly mode: 'electron' | 'browser';
}

// --- Wire format of browser mode's WebSocket (Electron IPC carries the same names and payloads) ---

/** The WebSocket path; the page connects to ws://127.0.0.1:PORT/api?token=TOKEN. */
export const API_PATH = '/api';

export interface ClientMessage {
  id: number;
  request: RequestName;
  params: unknown;
}

/** The answer to one request; errors travel as data so their messages arrive clean. */
export type Reply = { result: unknown } | { error: { message: string; code?: string } };

export type ServerMessage = ({ id: number } & Reply) | { event: EventName; payload: unknown };


/** Browser mode's save: GET /download/TICKET (a 'download.prepare' ticket) answers the packets as a file. */
export const DOWNLOAD_PATH = '/download';

/**
 * Browser mode's fast way for an upload's bytes: POST /upload/ID (the id 'upload.start' gave)
 * with the file as the body, streamed by the browser itself; the server feeds it to the upload as
 * the 'upload.chunk' requests it stands for, and answers {received}.
 */
export const UPLOAD_PATH = '/upload';

/** Electron IPC channel names used by the preload and main process. */
export const IPC_REQUEST_CHANNEL = 'layerscope:request';
export const IPC_EVENT_CHANNEL = 'layerscope:event';
