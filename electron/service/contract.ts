// The one contract between the UI and the backend service. Electron IPC (through the preload) and
// browser mode's WebSocket both carry exactly these requests, responses and events, and both
// validate every request against it before the service sees it.
//
// This file must stay free of Node and Electron imports: the renderer imports its types too.

import type { DissectedPacket, OsiLayer } from '../dissect/field-model.js';

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
}

export interface PacketDetail {
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

/** Every request: its parameters and its result. */
export interface Requests {
  'interfaces.list': { params: Record<string, never>; result: { interfaces: NetworkInterface[]; permission: CapturePermission } };
  'capture.start': { params: CaptureOptions; result: SessionStatus };
  'capture.stop': { params: Record<string, never>; result: SessionStatus };
  /** Answers after the first slice of packets is indexed; the rest follows as 'open.progress' and 'packets.added' events. */
  'file.open': { params: { path: string }; result: SessionStatus };
  /** Browser mode: a file the user dropped or picked, sent as base64. */
  'file.upload': { params: { name: string; base64: string }; result: SessionStatus };
  'sample.open': { params: Record<string, never>; result: SessionStatus };
  'session.status': { params: Record<string, never>; result: SessionStatus };
  /** Rows [start, start + count): `start` is 0-based (row `start` is packet number start + 1); clipped to what exists; count ≤ 10,000. */
  'rows.get': { params: { start: number; count: number }; result: { total: number; rows: PacketRow[] } };
  'packet.get': { params: { number: number }; result: PacketDetail };
  /** `warning` says how many packets were saved and why, when fewer than the session holds. */
  'capture.save': { params: { path: string; format: 'pcapng' | 'pcap' }; result: { path: string; packets: number; warning?: string } };
  /** Electron only: the native Open dialog; null when the user cancelled. Then ask 'file.open'. */
  'dialog.open': { params: Record<string, never>; result: { path: string | null } };
  /** Electron only: the native Save dialog; null when the user cancelled. Then ask 'capture.save'. */
  'dialog.save': { params: { format: 'pcapng' | 'pcap' }; result: { path: string | null } };
}

export type RequestName = keyof Requests;
export type Params<N extends RequestName> = Requests[N]['params'];
export type Result<N extends RequestName> = Requests[N]['result'];

/** Events the service pushes to the UI. */
export interface Events {
  /** New packets arrived (a batch, every 50-100 ms while capturing) or a file finished loading. */
  'packets.added': { total: number };
  'session.status': SessionStatus;
  'open.progress': OpenProgress;
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

/**
 * Browser mode's save: GET /download?format=pcapng|pcap (same origin, the token cookie set by the
 * page) answers the session's packets as a file attachment.
 */
export const DOWNLOAD_PATH = '/download';

/** Electron IPC channel names used by the preload and main process. */
export const IPC_REQUEST_CHANNEL = 'layerscope:request';
export const IPC_EVENT_CHANNEL = 'layerscope:event';
