// tshark as the test oracle: decodes a capture with `tshark -T pdml` and with Layerscope, and
// compares every field both produce by name, byte offset (pos), length (size) and display text
// (show), the way Wireshark's own tests compare tshark output.

import { CaptureFrameInputs } from '../../electron/dissect/record-frame-input.js';
import type { FrameInput } from '../../electron/dissect/frame-dissector.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DissectedPacket, Field } from '../../electron/dissect/field-model.js';
import { dissectFrame, summarizeFrame } from '../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { walk } from '../unit/dissection-invariants.js';
import { PACKET_FIELDS } from '../../electron/dissect/packet-problems.js';

const run = promisify(execFile);

/**
 * Preferences that make tshark decode the way Layerscope does: checksums (and 802.11 frame check
 * sequences) verified, IP fragments reassembled (tshark's default, as Layerscope does). TCP
 * reassembly stays off here for the link, Wi-Fi and TLS comparisons (Layerscope reassembles only
 * HTTP's messages; TLS records over several segments are not yet put together): the TCP, HTTP,
 * filter and reassembly tests turn it on (`-o tcp.desegment_tcp_streams:TRUE`, tshark's default)
 * with two passes.
 */
export const TSHARK_PREFERENCES: readonly string[] = [
  '-o', 'ip.check_checksum:TRUE',
  '-o', 'tcp.check_checksum:TRUE',
  '-o', 'udp.check_checksum:TRUE',
  '-o', 'wlan.check_checksum:TRUE',
  '-o', 'ip.defragment:TRUE',
  '-o', 'ipv6.defragment:TRUE',
  '-o', 'tcp.desegment_tcp_streams:FALSE',
];

/** One field (or protocol) element of a PDML packet, with what the comparison needs. */
interface PdmlField {
  name: string;
  /** Undefined for elements without a position (e.g. the data protocol wrapper). */
  pos?: number;
  size?: number;
  /** Undefined for protocol elements, which have only a showname. */
  show?: string;
  showname?: string;
  hidden: boolean;
  /**
   * Inside an expert item (`_ws.expert`): Wireshark's way of reporting a problem, which Layerscope
   * reports as a problem with a code, not as a field (`dhcp.bad_length`, `ipv6.plen_exceeds_framing`).
   */
  expert: boolean;
  /** The protocol element the field is inside (`tcp`). */
  proto: string;
}

export interface PdmlPacket {
  /** Every element of the packet, nested ones included, in document order. */
  fields: PdmlField[];
}

export interface Mismatch {
  packet: number;
  name: string;
  ours: { offset: number; length: number; show: string };
  /** tshark's fields of the same name in the same packet (the closest first). */
  tshark: Array<{ pos?: number; size?: number; show?: string }>;
}

export interface ShownameMismatch {
  packet: number;
  name: string;
  ours: string;
  tshark: string;
}

/** A field tshark shows in a protocol we decode, with no field of ours at the same place. */
export interface TsharkOnly {
  packet: number;
  name: string;
  pos?: number;
  size?: number;
  showname?: string;
}

export interface OursOnly {
  packet: number;
  name: string;
  offset: number;
  length: number;
}

export interface OracleReport {
  packets: number;
  /** How many of our fields had a tshark counterpart and agreed. */
  matched: number;
  mismatches: Mismatch[];
  /** Fields we produce whose name tshark does not produce in that packet. */
  oursOnly: OursOnly[];
  /** Matched fields whose tree line (PDML showname) differs from ours. */
  shownameMismatches: ShownameMismatch[];
  /** tshark's visible fields of the protocols we decoded that we do not show. */
  tsharkOnly: TsharkOnly[];
  /** tshark's visible fields of the protocols we decoded (the denominator of coverage). */
  tsharkFields: number;
  /** Set when tshark and Layerscope saw different numbers of packets. */
  packetCountDiffers?: { ours: number; tshark: number };
}

export interface CompareOptions {
  /** Only compare fields of our layers with these protocols (default: every layer but `frame`). */
  protocols?: readonly string[];
  /** More tshark arguments, e.g. `['--disable-protocol', 'dns']` or `['-o', 'tcp.relative_sequence_numbers:FALSE']`. */
  tsharkArgs?: readonly string[];
  /**
   * Decode as the app does, the whole capture's packet list first and then each packet's tree
   * (so a fragment says where its datagram was reassembled), against tshark's two passes (-2).
   */
  twoPass?: boolean;
}

/** The longest tree line tshark writes (ITEM_LABEL_LENGTH, 240 bytes with its terminating NUL); a longer one is cut. */
const TSHARK_LABEL_MAX = 239;

/** Whether tshark's line is ours cut at its label limit (a list of 50 reassembled segments): we show the whole line. */
function cutLabelOf(theirs: string, ours: string): boolean {
  return Buffer.byteLength(theirs) === TSHARK_LABEL_MAX && ours.startsWith(theirs);
}

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? whole;
  });
}

/**
 * Parses tshark's PDML into packets of flat field lists. PDML is a small, regular XML dialect
 * (packet, proto and field elements with attributes only), so a tag scanner is enough.
 */
function parsePdml(xml: string): PdmlPacket[] {
  const packets: PdmlPacket[] = [];
  let current: PdmlPacket | null = null;
  // Elements inside a hidden element are hidden too; those inside an expert item are expert too.
  const hiddenStack: boolean[] = [];
  const expertStack: boolean[] = [];
  // Which element each open one is, to know the protocol a field is in.
  const elementStack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+="[^"]*")*)\s*(\/?)>/g;
  const attr = /([\w.:-]+)="([^"]*)"/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [, closing, element, attrs, selfClosing] = m;
    if (element === 'packet') {
      if (closing) {
        if (current) packets.push(current);
        current = null;
      } else current = { fields: [] };
      continue;
    }
    if (element !== 'field' && element !== 'proto') continue;
    if (closing) {
      hiddenStack.pop();
      expertStack.pop();
      elementStack.pop();
      continue;
    }
    const a: Record<string, string> = {};
    for (let x = attr.exec(attrs); x; x = attr.exec(attrs)) a[x[1]] = decodeEntities(x[2]);
    attr.lastIndex = 0;
    const hidden = a.hide === 'yes' || hiddenStack[hiddenStack.length - 1] === true;
    const expert = a.name === '_ws.expert' || expertStack[expertStack.length - 1] === true;
    let proto = element === 'proto' ? a.name ?? '' : '';
    for (let i = elementStack.length - 1; i >= 0 && proto === ''; i--) proto = elementStack[i];
    if (!selfClosing) {
      hiddenStack.push(hidden);
      expertStack.push(expert);
      elementStack.push(element === 'proto' ? a.name ?? '' : '');
    }
    if (!current) continue;
    current.fields.push({
      name: a.name ?? '',
      pos: a.pos !== undefined ? Number(a.pos) : undefined,
      size: a.size !== undefined ? Number(a.size) : undefined,
      show: element === 'field' ? a.show : undefined,
      showname: a.showname,
      hidden,
      expert,
      proto,
    });
  }
  return packets;
}

/** Runs `tshark -T pdml` on the file with the comparison preferences and parses the output. */
export async function tsharkPdml(path: string, extraArgs: readonly string[] = []): Promise<PdmlPacket[]> {
  const { stdout } = await run('tshark', ['-n', '-r', path, '-T', 'pdml', ...TSHARK_PREFERENCES, ...extraArgs], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  return parsePdml(stdout);
}

/** Decodes every packet of a capture file with Layerscope, in detail. */
export function dissectFile(path: string, options: { twoPass?: boolean } = {}): DissectedPacket[] {
  return decodeFile(path, options).map((d) => d.packet);
}

/**
 * Every packet of a capture file decoded in detail, with its captured bytes; `texts: false`
 * decodes as a display filter does (values only).
 */
export function decodeFile(path: string, options: { texts?: boolean; twoPass?: boolean } = {}): { packet: DissectedPacket; bytes: Uint8Array }[] {
  const reader = openCaptureFile(path);
  const state = new DissectState();
  // Relative times as the command line reckons them (in whole nanoseconds, not float seconds).
  const inputs = new CaptureFrameInputs();
  const decoded: { packet: DissectedPacket; bytes: Uint8Array }[] = [];
  const frames: FrameInput[] = [];
  try {
    for (let record = reader.next(), n = 1; record; record = reader.next(), n++) {
      const input = { ...inputs.next(record, reader.interfaces, n), data: record.data.slice() };
      if (options.twoPass) {
        summarizeFrame(input, state);
        frames.push(input);
        continue;
      }
      const packet = dissectFrame(input, { detail: true, texts: options.texts, state });
      decoded.push({ packet, bytes: input.data });
    }
  } finally {
    reader.close();
  }
  // The app's way: every packet listed, then trees decoded again, reading other frames back as needed.
  state.frameBytes = (n) => frames[n - 1]?.data;
  for (const input of frames) decoded.push({ packet: dissectFrame(input, { detail: true, texts: options.texts, state }), bytes: input.data });
  return decoded;
}

/**
 * Whether a field of ours may be matched with this element (named, positioned, not a problem
 * report). A field tshark hides (its raw `dhcp.option.value` beside the decoded value) still
 * agrees with ours when we show it.
 */
function matchable(f: PdmlField): boolean {
  return f.name !== '' && f.pos !== undefined && !f.expert && !f.name.startsWith('_ws.') && f.name !== 'geninfo' && f.name !== 'frame' && !f.name.startsWith('frame.');
}

/** Whether tshark shows this element as a field we should show too (matchable and visible). */
function comparable(f: PdmlField): boolean {
  return matchable(f) && !f.hidden;
}

/**
 * Whether tshark's element is our field: same place and show, and the same size, or ours ends at
 * the last captured byte where tshark's runs on past it (an option whose length says more bytes
 * than the packet has: tshark sizes the item by the length, we keep every field inside the frame).
 */
function sameField(c: PdmlField, f: Field, captured: number): boolean {
  // tshark places a reassembled datagram's list of fragments at the IP header in the frame,
  // though the list's bytes are the reassembled ones (where ours is): its size and show still say.
  if (FRAGMENT_LISTS.has(c.name)) return c.size === f.length && c.show === f.show;
  if (c.pos !== f.offset || (c.show !== undefined && c.show !== f.show)) return false;
  return c.size === f.length || (c.size !== undefined && f.offset + f.length === captured && c.pos + c.size > captured);
}

const FRAGMENT_LISTS: ReadonlySet<string> = new Set(['ip.fragments', 'ipv6.fragments']);

const ENGINE_FIELDS: ReadonlySet<string> = new Set(Object.values(PACKET_FIELDS).map((f) => f.name));

/** Compares our decoding of one packet with tshark's. */
function comparePacket(ours: DissectedPacket, theirs: PdmlPacket, options: CompareOptions = {}): Omit<OracleReport, 'packets' | 'packetCountDiffers'> {
  const compared = (protocol: string) => (options.protocols ? options.protocols.includes(protocol) : protocol !== 'frame');
  const byName = new Map<string, PdmlField[]>();
  for (const f of theirs.fields) {
    if (!matchable(f)) continue;
    let list = byName.get(f.name);
    if (!list) byName.set(f.name, (list = []));
    list.push(f);
  }
  const mismatches: Mismatch[] = [];
  const oursOnly: OursOnly[] = [];
  const shownameMismatches: ShownameMismatch[] = [];
  let matched = 0;
  const decoded = new Set<string>();
  for (const layer of ours.layers) {
    if (!compared(layer.protocol)) continue;
    decoded.add(layer.protocol);
    for (const [f] of walk(layer.fields)) {
      // The engine's own field (what there is of a cut header) has no counterpart in tshark.
      if (ENGINE_FIELDS.has(f.name)) continue;
      const candidates = byName.get(f.name);
      // Only fields tshark hides have this name here: one of ours that matches none of them is ours alone.
      if (!candidates || !candidates.some((c) => !c.hidden || sameField(c, f, ours.caplen))) {
        oursOnly.push({ packet: ours.number, name: f.name, offset: f.offset, length: f.length });
        continue;
      }
      const i = candidates.findIndex((c) => sameField(c, f, ours.caplen));
      if (i >= 0) {
        const [c] = candidates.splice(i, 1);
        // (Counted against tsharkFields, which are the visible ones.)
        if (!c.hidden) matched++;
        if (c.showname !== undefined && c.showname !== f.showname && !cutLabelOf(c.showname, f.showname)) shownameMismatches.push({ packet: ours.number, name: f.name, ours: f.showname, tshark: c.showname });
        continue;
      }
      const closest = [...candidates].sort((x, y) => Math.abs((x.pos ?? 0) - f.offset) - Math.abs((y.pos ?? 0) - f.offset));
      mismatches.push({
        packet: ours.number,
        name: f.name,
        ours: { offset: f.offset, length: f.length, show: f.show },
        tshark: closest.map((c) => ({ pos: c.pos, size: c.size, show: c.show })),
      });
    }
  }
  // What tshark shows in the protocols we decoded and we did not match (a field we lack).
  const tsharkOnly: TsharkOnly[] = [];
  let tsharkFields = 0;
  for (const f of theirs.fields) {
    if (!comparable(f) || !decoded.has(f.proto) || f.name === f.proto) continue;
    tsharkFields++;
  }
  for (const list of byName.values()) {
    for (const f of list) {
      if (comparable(f) && decoded.has(f.proto) && f.name !== f.proto) tsharkOnly.push({ packet: ours.number, name: f.name, pos: f.pos, size: f.size, showname: f.showname });
    }
  }
  return { matched, mismatches, oursOnly, shownameMismatches, tsharkOnly, tsharkFields };
}

/** Decodes `path` with tshark and with Layerscope and compares them field by field. */
export async function compareWithTshark(path: string, options: CompareOptions = {}): Promise<OracleReport> {
  const tsharkArgs = options.twoPass ? ['-2', ...(options.tsharkArgs ?? [])] : options.tsharkArgs;
  const [theirs, ours] = await Promise.all([tsharkPdml(path, tsharkArgs), Promise.resolve().then(() => dissectFile(path, { twoPass: options.twoPass }))]);
  const report: OracleReport = { packets: ours.length, matched: 0, mismatches: [], oursOnly: [], shownameMismatches: [], tsharkOnly: [], tsharkFields: 0 };
  if (theirs.length !== ours.length) report.packetCountDiffers = { ours: ours.length, tshark: theirs.length };
  for (let i = 0; i < Math.min(theirs.length, ours.length); i++) {
    const r = comparePacket(ours[i], theirs[i], options);
    report.matched += r.matched;
    report.mismatches.push(...r.mismatches);
    report.oursOnly.push(...r.oursOnly);
    report.shownameMismatches.push(...r.shownameMismatches);
    report.tsharkOnly.push(...r.tsharkOnly);
    report.tsharkFields += r.tsharkFields;
  }
  return report;
}

/** A readable account of the disagreements, for assertion messages. */
export function formatReport(report: OracleReport, limit = 40): string {
  const lines: string[] = [];
  if (report.packetCountDiffers) lines.push(`packet count: ours ${report.packetCountDiffers.ours}, tshark ${report.packetCountDiffers.tshark}`);
  for (const m of report.mismatches.slice(0, limit)) {
    const t = m.tshark.slice(0, 3).map((c) => `pos=${c.pos} size=${c.size} show=${JSON.stringify(c.show)}`).join(' | ');
    lines.push(`#${m.packet} ${m.name}: ours offset=${m.ours.offset} length=${m.ours.length} show=${JSON.stringify(m.ours.show)}; tshark ${t}`);
  }
  if (report.mismatches.length > limit) lines.push(`… and ${report.mismatches.length - limit} more`);
  return lines.join('\n');
}

/** The distinct names of fields we produce that tshark does not, e.g. to list in a test. */
export function oursOnlyNames(report: OracleReport): string[] {
  return [...new Set(report.oursOnly.map((o) => o.name))].sort();
}

/** tshark's packet-list columns (-T fields) for each packet of the file, with the same preferences. */
export async function tsharkColumns(path: string, extraArgs: readonly string[] = []): Promise<Array<{ source: string; destination: string; protocol: string; info: string }>> {
  const { stdout } = await run(
    'tshark',
    ['-n', '-r', path, ...TSHARK_PREFERENCES, ...extraArgs, '-T', 'fields', '-E', 'separator=\t', '-e', '_ws.col.Source', '-e', '_ws.col.Destination', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info'],
    { maxBuffer: 1 << 30, encoding: 'utf8' },
  );
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [source = '', destination = '', protocol = '', info = ''] = line.split('\t');
      return { source, destination, protocol, info };
    });
}


/** The packet list's Protocol and Info columns, as `layerscope list` makes them (one pass, in order). */
export function listColumns(path: string): Array<{ protocol: string; info: string }> {
  const reader = openCaptureFile(path);
  const state = new DissectState(false);
  const inputs = new CaptureFrameInputs();
  const out: Array<{ protocol: string; info: string }> = [];
  try {
    for (let record = reader.next(), n = 1; record; record = reader.next(), n++) {
      const s = summarizeFrame({ ...inputs.next(record, reader.interfaces, n), data: record.data.slice() }, state);
      out.push({ protocol: s.columns.protocol, info: s.columns.info.toString() });
    }
  } finally {
    reader.close();
  }
  return out;
}
