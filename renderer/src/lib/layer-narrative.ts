// One numbered sentence per OSI layer saying what that layer contributed to this very packet,
// read top-down (the sender encapsulating) or bottom-up (the receiver decapsulating). Built only
// from the packet's fields, so it is as true as the dissection.

import { findField, type FieldValue, type Layer, type OsiLayer } from '../../../electron/dissect/field-model.js';
import { OSI_LAYERS } from './layer-models.js';

export type StackView = 'sender' | 'receiver';

export interface NarrativeStep {
  /** 1-based position in the reading order. */
  step: number;
  osi: OsiLayer;
  /** "Transport: TCP from port 40000 to port 80; SYN asks to open a connection; ..." */
  sentence: string;
  /** Layers of the packet on this OSI layer (indexes into the packet's layers). */
  layerIndexes: number[];
  empty: boolean;
}

export function buildNarrative(layers: readonly Layer[], view: StackView): NarrativeStep[] {
  const order = view === 'sender' ? OSI_LAYERS : [...OSI_LAYERS].reverse();
  return order.map((info, i) => {
    const layerIndexes = layers.flatMap((l, li) => (l.osi === info.osi ? [li] : []));
    const parts = layerIndexes.map((li) => describeLayer(layers, li));
    const body = parts.length ? parts.join('; then ') : emptyLayerText(info.osi, layers);
    return {
      step: i + 1,
      osi: info.osi,
      sentence: `${info.name}: ${body}`,
      layerIndexes,
      empty: layerIndexes.length === 0,
    };
  });
}

function emptyLayerText(osi: OsiLayer, layers: readonly Layer[]): string {
  switch (osi) {
    case 6:
      return 'nothing in this packet: no header of its own encodes or encrypts the data';
    case 5:
      return 'nothing in this packet: TCP/IP has no separate session header';
    case 7:
      return 'nothing in this packet: it carries no application data';
    case 4:
      return layers.some((l) => l.protocol === 'arp')
        ? 'nothing in this packet: ARP talks to the neighbour, not to a program'
        : 'nothing in this packet: it is not addressed to a program\'s port';
    default:
      return 'nothing in this packet';
  }
}


function val(layer: Layer, name: string): FieldValue | undefined {
  return findField(layer.fields, name)?.value;
}

function show(layer: Layer, name: string): string | undefined {
  return findField(layer.fields, name)?.show;
}

function isSet(v: FieldValue | undefined): boolean {
  return v === true || v === 1 || v === '1' || v === 'True';
}

function num(v: FieldValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

const PROTOCOL_NAMES: Record<string, string> = {
  eth: 'Ethernet',
  vlan: '802.1Q VLAN',
  arp: 'ARP',
  ip: 'IPv4',
  ipv6: 'IPv6',
  icmp: 'ICMP',
  icmpv6: 'ICMPv6',
  tcp: 'TCP',
  udp: 'UDP',
  dns: 'DNS',
  http: 'HTTP',
  data: 'Data',
  sll: 'Linux cooked capture',
  null: 'BSD loopback',
};

export function protocolName(protocol: string): string {
  return PROTOCOL_NAMES[protocol] ?? protocol.toUpperCase();
}

/** What the layer after `index` is, for "carries TCP". */
function nextName(layers: readonly Layer[], index: number): string | undefined {
  const next = layers[index + 1];
  if (!next) return undefined;
  return next.protocol === 'data' ? 'application data' : protocolName(next.protocol);
}

function bytesText(n: number): string {
  return `${n} byte${n === 1 ? '' : 's'}`;
}

function describeLayer(layers: readonly Layer[], index: number): string {
  const layer = layers[index];
  const parts: string[] = [];
  switch (layer.protocol) {
    case 'frame': {
      const len = num(val(layer, 'frame.len')) ?? 0;
      const cap = num(val(layer, 'frame.cap_len')) ?? len;
      const iface = show(layer, 'frame.interface_name');
      parts.push(`${bytesText(len)} (${len * 8} bits) crossed the link as signals${iface ? ` on ${iface}` : ''}`);
      if (cap < len) parts.push(`only ${bytesText(cap)} were captured`);
      break;
    }
    case 'eth': {
      const dst = show(layer, 'eth.dst');
      parts.push(`Ethernet frame from ${show(layer, 'eth.src') ?? '?'} to ${dst === 'ff:ff:ff:ff:ff:ff' ? 'everyone on the link (broadcast)' : dst ?? '?'}`);
      const next = nextName(layers, index);
      const type = show(layer, 'eth.type');
      if (type) parts.push(`type ${type} says ${next ?? 'an unknown protocol'} comes next`);
      const padding = findField(layer.fields, 'eth.padding');
      if (padding) parts.push(`${bytesText(padding.length)} of padding bring it up to Ethernet's minimum size`);
      break;
    }
    case 'vlan': {
      const id = show(layer, 'vlan.id');
      parts.push(`an 802.1Q tag puts the frame in VLAN ${id ?? '?'}`);
      break;
    }
    case 'arp': {
      const op = num(val(layer, 'arp.opcode'));
      const spa = show(layer, 'arp.src.proto_ipv4');
      const tpa = show(layer, 'arp.dst.proto_ipv4');
      const sha = show(layer, 'arp.src.hw_mac');
      if (op === 1) parts.push(`ARP request: who has ${tpa ?? '?'}? Tell ${spa ?? '?'}`);
      else if (op === 2) parts.push(`ARP reply: ${spa ?? '?'} is at ${sha ?? '?'}`);
      else parts.push(`ARP message (opcode ${op ?? '?'}) about ${tpa ?? '?'}`);
      break;
    }
    case 'ip': {
      parts.push(`IPv4 from ${show(layer, 'ip.src') ?? '?'} to ${show(layer, 'ip.dst') ?? '?'}`);
      const ttl = num(val(layer, 'ip.ttl'));
      if (ttl !== undefined) parts.push(`TTL ${ttl} limits how many routers it may cross`);
      const next = nextName(layers, index);
      if (next) parts.push(`it carries ${next}`);
      if (isSet(val(layer, 'ip.flags.df'))) parts.push('Don\'t Fragment is set');
      if (isSet(val(layer, 'ip.flags.mf')) || (num(val(layer, 'ip.frag_offset')) ?? 0) > 0) parts.push('this is a fragment of a larger datagram');
      const hdr = num(val(layer, 'ip.hdr_len'));
      if (hdr !== undefined && hdr > 20) parts.push(`${bytesText(hdr - 20)} of options`);
      break;
    }
    case 'ipv6': {
      parts.push(`IPv6 from ${show(layer, 'ipv6.src') ?? '?'} to ${show(layer, 'ipv6.dst') ?? '?'}`);
      const hlim = num(val(layer, 'ipv6.hlim'));
      if (hlim !== undefined) parts.push(`hop limit ${hlim}`);
      const next = nextName(layers, index);
      if (next) parts.push(`it carries ${next}`);
      break;
    }
    case 'icmp':
    case 'icmpv6': {
      const type = num(val(layer, `${layer.protocol}.type`));
      parts.push(`${protocolName(layer.protocol)} ${icmpMeaning(layer.protocol, type)}`);
      const seq = show(layer, `${layer.protocol}.seq`);
      if (seq !== undefined) parts.push(`sequence ${seq}`);
      break;
    }
    case 'tcp':
      parts.push(...tcpParts(layer));
      break;
    case 'udp': {
      parts.push(`UDP from port ${show(layer, 'udp.srcport') ?? '?'} to port ${show(layer, 'udp.dstport') ?? '?'}`);
      const len = num(val(layer, 'udp.length'));
      if (len !== undefined) parts.push(`${bytesText(Math.max(0, len - 8))} of payload, no connection and no delivery guarantee`);
      break;
    }
    case 'data': {
      const len = num(val(layer, 'data.len')) ?? layer.length;
      parts.push(`${bytesText(len)} of application data (Layerscope has no decoder for their format)`);
      break;
    }
    default:
      parts.push(layer.title);
  }
  const errors = layer.problems.filter((p) => p.severity !== 'note').length;
  if (errors) parts.push(`${errors} problem${errors === 1 ? '' : 's'} found`);
  return parts.join('; ');
}

function tcpParts(layer: Layer): string[] {
  const parts = [`TCP from port ${show(layer, 'tcp.srcport') ?? '?'} to port ${show(layer, 'tcp.dstport') ?? '?'}`];
  const f = (n: string) => isSet(val(layer, `tcp.flags.${n}`));
  const syn = f('syn');
  const ack = f('ack');
  const len = num(val(layer, 'tcp.len')) ?? 0;
  if (f('reset')) parts.push('RST aborts the connection');
  else if (syn && !ack) parts.push('SYN asks to open a connection');
  else if (syn && ack) parts.push('SYN-ACK agrees to open the connection');
  else if (f('fin')) parts.push('FIN says this side has finished sending');
  if (len > 0) parts.push(`it carries ${bytesText(len)} of data`);
  else if (ack && !syn && !f('fin') && !f('reset')) parts.push('ACK confirms the data received so far');
  const who = syn && !ack ? 'the client' : syn ? 'the server' : 'the sender';
  const mss = show(layer, 'tcp.options.mss_val');
  if (mss !== undefined) parts.push(`${who} proposes MSS ${mss}`);
  const ws = num(val(layer, 'tcp.options.wscale.multiplier'));
  if (ws !== undefined) parts.push(`window scale ×${ws}`);
  if (findField(layer.fields, 'tcp.options.sack_perm')) parts.push('selective acknowledgements permitted');
  return parts;
}

function icmpMeaning(protocol: string, type: number | undefined): string {
  const v4: Record<number, string> = {
    0: 'echo reply (answer to a ping)',
    3: 'destination unreachable',
    5: 'redirect',
    8: 'echo request (a ping)',
    11: 'time exceeded (TTL ran out)',
  };
  const v6: Record<number, string> = {
    1: 'destination unreachable',
    3: 'time exceeded',
    128: 'echo request (a ping)',
    129: 'echo reply (answer to a ping)',
    133: 'router solicitation',
    134: 'router advertisement',
    135: 'neighbour solicitation (who has this address?)',
    136: 'neighbour advertisement (this address is here)',
    143: 'multicast listener report',
  };
  const table = protocol === 'icmpv6' ? v6 : v4;
  return type === undefined ? 'message' : table[type] ?? `type ${type}`;
}
