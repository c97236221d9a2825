// A packet as a display filter reads it from what its listing learnt, without decoding it (again):
// its number and length, the protocols of its layers, the fields the listing noted
// (FieldSpec.noted: http.request), and the ports, stream, TCP flags and addresses of its TCP or
// UDP header. Most filters a lab sheet gives (`dns`, `tcp.port == 80`, `ip.addr == 10.0.0.1`,
// `tcp.flags.syn == 1`, `http.request`) read nothing else. The facts come from the service's
// indexes of an open capture (IndexedPacketFacts) or from the summary the packet list just made
// (SummaryFacts, for `list -Y`). Whatever they cannot say for certain (a field they do not keep,
// a packet with two IP headers, an ICMP error quoting another packet's headers) sets `unknown`:
// the caller then decodes the packet and asks again.

import type { FilterSubject } from './filter-subject.js';
import type { Value } from './filter-values.js';
import { FIELDS_ANYWHERE, mayHoldFieldsOf } from './filter-names.js';
import { fieldSpecNamed } from '../dissect/field-spec.js';
import type { PacketEndpoints } from '../analysis/conversation-index.js';
import { TCP_FLAG_BITS } from '../dissect/protocols/tcp.js';

/** What is known of one packet without decoding it: read for the packet the source stands at. */
export interface PacketFacts {
  readonly number: number;
  /** Length on the wire. */
  readonly length: number;
  /**
   * The protocol of each of its layers, in order (without the frame's): one array for each list,
   * the same for every packet with those layers (the view keeps what it works out per list).
   */
  readonly layers: readonly string[];
  /** The fields its layers noted (FieldSpec.noted). */
  readonly noted: readonly string[];
  /** Its TCP or UDP header's endpoints into `out`; false when none are known. */
  endpoints(out: PacketEndpoints): boolean;
}

const NONE: Value[] = [];


/** What one list of layers says of the packets that have it (worked out once per list). */
class LayerFacts {
  private readonly counts = new Map<string, number>();
  private readonly holding = new Map<string, boolean>();

  constructor(readonly layers: readonly string[]) {
    for (const p of layers) this.counts.set(p, (this.counts.get(p) ?? 0) + 1);
  }

  count(protocol: string): number {
    return this.counts.get(protocol) ?? 0;
  }

  /** Whether a layer of another protocol may hold fields of `protocol`. */
  mayHold(protocol: string): boolean {
    let may = this.holding.get(protocol);
    if (may === undefined) {
      may = this.layers.some((layer) => layer !== protocol && mayHoldFieldsOf(layer, protocol));
      this.holding.set(protocol, may);
    }
    return may;
  }
}

export class PacketFactsView implements FilterSubject {
  /** Set when the filter asked what the facts cannot answer for this packet. */
  unknown = false;
  private number = 0;
  private facts!: LayerFacts;
  /** The facts of each list of layers met. */
  private readonly factsOf = new Map<readonly string[], LayerFacts>();
  private readonly endpoints: PacketEndpoints = {
    protocol: 'tcp',
    stream: 0,
    family: 4,
    source: new Uint8Array(0),
    destination: new Uint8Array(0),
    sourcePort: 0,
    destinationPort: 0,
    flags: -1,
  };
  /** The packet whose endpoints `endpoints` holds (read when a filter first asks), and whether it has any. */
  private endpointsOf = -1;
  private hasEndpoints = false;

  constructor(private readonly source: PacketFacts) {}

  /** Shows the packet the source now stands at, with nothing unknown asked yet. */
  reset(): this {
    this.number = this.source.number;
    this.unknown = false;
    const layers = this.source.layers;
    // Packets in a row mostly have the same layers.
    if (this.facts?.layers !== layers) {
      let facts = this.factsOf.get(layers);
      if (!facts) this.factsOf.set(layers, (facts = new LayerFacts(layers)));
      this.facts = facts;
    }
    return this;
  }

  fieldValues(name: string): Value[] {
    const read = READERS.get(name);
    if (read) return read(this);
    // A noted field without a value (a label such as a request line) has none to give.
    if (notedLabel(name) !== undefined) return this.notedPresence(name) === undefined ? this.cannotSay() : NONE;
    return this.cannotSay();
  }

  hasField(name: string): boolean {
    if (notedLabel(name) !== undefined) return this.notedPresence(name) ?? false;
    // Every other field answered here has one value when it is there at all.
    return this.fieldValues(name).length > 0;
  }

  hasProtocol(protocol: string): boolean {
    if (protocol === 'frame') return true;
    const facts = this.facts;
    if (facts.count(protocol) > 0) return true;
    // Any decoder may add undecoded data's fields (HTTP's body).
    if (FIELDS_ANYWHERE.has(protocol) || facts.mayHold(protocol)) this.unknown = true;
    return false;
  }

  protocolBytes(): Uint8Array[] {
    return this.cannotSay() as Uint8Array[];
  }

  /**
   * The endpoints of the packet's one `protocol` header; null when it certainly has none; undefined
   * (and `unknown` set) when the indexes cannot say.
   */
  private transport(protocol: 'tcp' | 'udp'): PacketEndpoints | null | undefined {
    const facts = this.facts;
    if (facts.mayHold(protocol)) return this.unknownEndpoints();
    const count = facts.count(protocol);
    if (count === 0) return null;
    if (count === 1 && this.loadEndpoints() && this.endpoints.protocol === protocol) return this.endpoints;
    return this.unknownEndpoints();
  }

  /** Reads the packet's endpoints, once per packet; false when it has none. */
  private loadEndpoints(): boolean {
    if (this.endpointsOf !== this.number) {
      this.endpointsOf = this.number;
      this.hasEndpoints = this.source.endpoints(this.endpoints);
    }
    return this.hasEndpoints;
  }

  /** For READERS: the packet's number and length on the wire. */
  get packetNumber(): number {
    return this.number;
  }

  get length(): number {
    return this.source.length;
  }

  /** For READERS: a number of the packet's one `protocol` header (a port, its stream). */
  transportValue(protocol: 'tcp' | 'udp', pick: (e: PacketEndpoints) => number): Value[] {
    const e = this.transport(protocol);
    return e ? [pick(e)] : NONE;
  }

  /** For READERS: one bit of the TCP flags' low byte, as 1 or 0. */
  flagValue(mask: number): Value[] {
    const e = this.transport('tcp');
    // No flags captured: the header stopped before them, so it has no flag fields.
    return e && e.flags >= 0 ? [(e.flags & mask) !== 0 ? 1 : 0] : NONE;
  }

  /** For READERS: an address of the packet's one IP header of `family`, when the stream's addresses are that header's. */
  addressValue(family: 4 | 6, pick: (e: PacketEndpoints) => Uint8Array): Value[] {
    const facts = this.facts;
    const protocol = family === 4 ? 'ip' : 'ipv6';
    if (facts.mayHold(protocol)) return this.cannotSay();
    const count = facts.count(protocol);
    if (count === 0) return NONE;
    const other = facts.count(family === 4 ? 'ipv6' : 'ip');
    if (count !== 1 || other !== 0 || !this.loadEndpoints() || this.endpoints.family !== family) return this.cannotSay();
    const bytes = pick(this.endpoints);
    // An IPv4 address compares as a number, an IPv6 one as its 16 bytes (filter-values.ts).
    return [family === 4 ? ((bytes[0] * 256 + bytes[1]) * 256 + bytes[2]) * 256 + bytes[3] : bytes];
  }

  /** Whether the packet has noted field `name`; undefined (and `unknown` set) when another layer may hold it. */
  private notedPresence(name: string): boolean | undefined {
    if (this.facts.mayHold(notedLabel(name)!)) {
      this.unknown = true;
      return undefined;
    }
    return this.source.noted.includes(name);
  }

  private unknownEndpoints(): undefined {
    this.unknown = true;
    return undefined;
  }

  private cannotSay(): Value[] {
    this.unknown = true;
    return NONE;
  }
}

/** The fields the facts answer, each with how it is read from them. */
const READERS: ReadonlyMap<string, (view: PacketFactsView) => Value[]> = new Map<string, (view: PacketFactsView) => Value[]>([
  ['frame.number', (v) => [v.packetNumber]],
  ['frame.len', (v) => [v.length]],
  ['tcp.srcport', (v) => v.transportValue('tcp', (e) => e.sourcePort)],
  ['tcp.dstport', (v) => v.transportValue('tcp', (e) => e.destinationPort)],
  ['tcp.stream', (v) => v.transportValue('tcp', (e) => e.stream)],
  ['udp.srcport', (v) => v.transportValue('udp', (e) => e.sourcePort)],
  ['udp.dstport', (v) => v.transportValue('udp', (e) => e.destinationPort)],
  ['udp.stream', (v) => v.transportValue('udp', (e) => e.stream)],
  ['ip.src', (v) => v.addressValue(4, (e) => e.source)],
  ['ip.dst', (v) => v.addressValue(4, (e) => e.destination)],
  ['ipv6.src', (v) => v.addressValue(6, (e) => e.source)],
  ['ipv6.dst', (v) => v.addressValue(6, (e) => e.destination)],
  // The flags in the byte the conversation index keeps (the 14th of the header: CWR to FIN).
  ...TCP_FLAG_BITS.filter(([, offset]) => offset === 13).map(([spec]): [string, (view: PacketFactsView) => Value[]] => [spec.name, (v) => v.flagValue(spec.mask!)]),
]);

/** For each field name asked: the protocol it is named for when the listing notes it as a label (FieldSpec.noted, type none). */
const notedLabels = new Map<string, string | undefined>();

function notedLabel(name: string): string | undefined {
  if (!notedLabels.has(name)) {
    const spec = fieldSpecNamed(name);
    notedLabels.set(name, spec?.noted === true && spec.type === 'none' ? name.slice(0, name.indexOf('.')) : undefined);
  }
  return notedLabels.get(name);
}

/**
 * Whether the facts can answer for field `name` (on most packets): a filter reading only such
 * fields and protocols is tested on the facts first.
 */
export function factsAnswer(name: string): boolean {
  return READERS.has(name) || notedLabel(name) !== undefined;
}
