// The data model every decoder produces and every consumer (CLI, service, renderer) reads.
// It is plain JSON-safe data so it can cross the process boundary unchanged.

/** OSI reference model layer, 1 (physical) to 7 (application). */
export type OsiLayer = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** TCP/IP (RFC 1122) model layer. */
export type TcpIpLayer = 'link' | 'internet' | 'transport' | 'application';

export type Severity = 'note' | 'warning' | 'error';

/** Something wrong or noteworthy about a field or layer, like Wireshark's expert info. */
export interface Problem {
  /** Stable code of the kind of problem (`tcp.hdr_len_short`): what tests and tools check. */
  code: string;
  /** The values the message names (lengths, offsets, expected checksums). */
  params?: Record<string, string | number>;
  severity: Severity;
  /** Says what was wrong and where, from the catalog in the current language. */
  message: string;
  /** Byte offset from the start of the frame where the problem is. */
  offset: number;
  /** Name of the field concerned, when there is one. */
  field?: string;
}

export type FieldValue = number | string | boolean | null;

export interface Field {
  /** Wireshark display-filter name where Wireshark has the field (`tcp.flags.syn`). */
  name: string;
  /** Human label ("Syn"), Wireshark's. */
  label: string;
  /** Byte offset from the start of the frame, or of the data source `source` names. */
  offset: number;
  /** Length in bytes (0 for metadata such as the arrival time). */
  length: number;
  /** Bit mask within the field's bytes (big-endian), for sub-byte fields. */
  mask?: number;
  value: FieldValue;
  /** The value as text; equals tshark PDML's `show` for fields Wireshark also has. */
  show: string;
  /** The tree's line ("Type: IPv4 (0x0800)", ".... ..1. = Syn: Set"); equals PDML's `showname`. */
  showname: string;
  /** Computed by Layerscope, not read from the bytes (the tree brackets it, as Wireshark does). */
  generated?: boolean;
  /** One plain-language sentence saying what the field is for. */
  description: string;
  /** Where the field is defined, e.g. "RFC 9293 §3.1". */
  rfc?: string;
  children: Field[];
  problems?: Problem[];
  /**
   * The data source the field's bytes lie in (see DissectedPacket.sources), when it is not the one
   * of its parent (or, at the top, of its layer): the fragments of a datagram listed in the IP
   * header of the frame that completed it. Its children lie in the same source unless they say.
   */
  source?: number;
}

export interface Layer {
  /** Protocol short name as Wireshark spells it: frame, eth, vlan, arp, ip, ipv6, icmp, icmpv6, tcp, udp, data. */
  protocol: string;
  /** The protocol's display name ("TCP", "Ethernet"). */
  name: string;
  /** One-line title as in Wireshark's tree ("Transmission Control Protocol, Src Port: 40000, Dst Port: 80"). */
  title: string;
  osi: OsiLayer;
  tcpip: TcpIpLayer;
  /**
   * Byte range of this layer's header (and its trailer fields, which may lie after the payload),
   * in the frame or in the data source `source` names.
   */
  offset: number;
  length: number;
  fields: Field[];
  problems: Problem[];
  /**
   * What this layer did for this packet, in a sentence for the layer stack ("TCP from port 40000
   * to port 80; SYN asks to open a connection"); detail only.
   */
  narrative?: string;
  /**
   * How many packets deep this layer is carried: absent for the frame's own headers, 1 for the
   * headers of a packet a tunnel carries inside it (IPv4 in GRE, Ethernet in VXLAN), and so on.
   */
  encapsulation?: number;
  /**
   * The data source this layer was decoded from, when it is not the frame (absent or 0): 1 for
   * `packet.sources[0]`, and so on. Its offsets, and its fields', are then from that source's start.
   */
  source?: number;
}

/**
 * Bytes a packet was decoded from besides its frame's: put together from several packets (an IP
 * datagram from its fragments; a PDU from TCP segments), as Wireshark's extra data sources.
 */
export interface DataSource {
  /** What the bytes pane's tab calls it ("Reassembled IPv4"). */
  name: string;
  /** The bytes, two hex digits each (at most a datagram's 65,535 bytes for IP). */
  bytesHex: string;
}

/** The columns of the packet list. */
export interface PacketSummary {
  source: string;
  destination: string;
  protocol: string;
  info: string;
}

export interface DissectedPacket {
  /** 1-based packet number in its capture. */
  number: number;
  /** Seconds since the first packet of the capture. */
  time: number;
  caplen: number;
  len: number;
  layers: Layer[];
  summary: PacketSummary;
  /**
   * Data sources besides the frame, when some layer was decoded from reassembled bytes: source
   * number i (a layer's or field's `source`) is `sources[i - 1]`; 0 is always the frame.
   */
  sources?: DataSource[];
}

/** The first field called `name` anywhere in `fields`, depth first. */
export function findField(fields: readonly Field[], name: string): Field | undefined {
  for (const f of fields) {
    if (f.name === name) return f;
    const inner = findField(f.children, name);
    if (inner) return inner;
  }
  return undefined;
}

/** Every problem attached to one of `fields` or their descendants (the rest of a layer's are its own). */
export function problemsOnFields(fields: readonly Field[], into = new Set<Problem>()): Set<Problem> {
  for (const f of fields) {
    for (const p of f.problems ?? []) into.add(p);
    problemsOnFields(f.children, into);
  }
  return into;
}

/** The field's line as a tree shows it: Wireshark's text, in brackets when Layerscope computed it. */
export function treeLine(f: Field): string {
  return f.generated ? `[${f.showname}]` : f.showname;
}
