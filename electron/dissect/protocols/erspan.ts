// ERSPAN, Cisco's Encapsulated Remote Switch Port Analyzer (draft-foschiano-erspan): a switch
// mirrors frames from a port and sends copies over GRE to a distant analyser. Type II (GRE protocol
// 0x88be) and type III (0x22eb) put a header before the mirrored Ethernet frame: the session, the
// original VLAN and, in type III, a timestamp. (Type I has no header: GRE carries the frame itself.)

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';

const W = { type: 'uint16', bits: 16 } as const;
const D = { type: 'uint32', bits: 32 } as const;

const F = defineFields('erspan', {
  version: { ...W, label: 'Version', mask: 0xf000, values: { 1: 'Type II', 2: 'Type III' }, description: 'The ERSPAN header\'s version: 1 is type II, 2 is type III.', rfc: 'draft-foschiano-erspan §4' },
  vlan: { ...W, label: 'Vlan', mask: 0x0fff, description: 'The VLAN the mirrored frame was in on the switch.', rfc: 'draft-foschiano-erspan §4' },
  cos: { ...W, label: 'COS', mask: 0xe000, description: 'The mirrored frame\'s class of service (priority).', rfc: 'draft-foschiano-erspan §4' },
  encap: { ...W, label: 'Encap', mask: 0x1800, values: { 0: 'Not VLAN tagged', 1: 'ISL encapsulated', 2: '802.1Q encapsulated', 3: 'VLAN tag preserved in frame' }, description: 'How the frame\'s VLAN was tagged when it was mirrored.', rfc: 'draft-foschiano-erspan §4.1' },
  bso: { ...W, label: 'Bad/Short/Oversized', mask: 0x1800, values: { 0: 'Good or unknown integrity', 1: 'Payload is a Short Frame', 2: 'Some or all 802.3 Frames are Bad', 3: 'Payload is Oversized' }, description: 'Whether the mirrored frame was good, too short, too long or had a bad checksum.', rfc: 'draft-foschiano-erspan §4.2' },
  truncated: { ...W, label: 'Truncated', mask: 0x0400, values: { 0: 'Not truncated', 1: 'Truncated' }, description: 'Set when the mirrored frame was cut to fit the tunnel\'s MTU.', rfc: 'draft-foschiano-erspan §4' },
  spanid: { ...W, label: 'SpanID', mask: 0x03ff, description: 'The mirroring session: which port monitoring the copy belongs to.', rfc: 'draft-foschiano-erspan §4' },
  reserved: { ...D, label: 'Reserved', mask: 0xfff00000, description: 'Reserved; sent as 0.', rfc: 'draft-foschiano-erspan §4.1' },
  index: { ...D, label: 'Index', mask: 0x000fffff, description: 'The port (and direction) the frame was mirrored from.', rfc: 'draft-foschiano-erspan §4.1' },
  timestamp: { ...D, label: 'Timestamp', mask: 0xffffffff, description: 'When the frame was mirrored, in units the granularity field gives.', rfc: 'draft-foschiano-erspan §4.2' },
  sgt: { ...W, label: 'Security Group Tag', mask: 0xffff, description: 'The security group of the frame\'s sender (Cisco TrustSec).', rfc: 'draft-foschiano-erspan §4.2' },
  p: { ...W, label: 'Has Ethernet PDU', mask: 0x8000, description: '1 when the payload is an Ethernet frame with its preamble removed.', rfc: 'draft-foschiano-erspan §4.2' },
  ft: { ...W, label: 'Frame Type', mask: 0x7c00, values: { 0: 'Ethernet', 2: 'IP' }, description: 'What the mirrored payload is: 0 an Ethernet frame.', rfc: 'draft-foschiano-erspan §4.2' },
  hw: { ...W, label: 'Hardware ID', mask: 0x03f0, description: 'Which part of the switch mirrored the frame.', rfc: 'draft-foschiano-erspan §4.2' },
  direction: { ...W, label: 'Direction', mask: 0x0008, base: 'none', values: { 0: 'Ingress', 1: 'Egress' }, description: 'Whether the frame was mirrored as it came in or as it went out.', rfc: 'draft-foschiano-erspan §4.2' },
  gra: { ...W, label: 'Timestamp granularity', mask: 0x0006, values: { 0: '100 microseconds', 1: '100 nanoseconds', 2: 'IEEE 1588', 3: 'Custom granularity' }, description: 'The unit of the timestamp.', rfc: 'draft-foschiano-erspan §4.2' },
  o: { ...W, label: 'Optional Sub headers', mask: 0x0001, description: '1 when a platform-specific subheader follows.', rfc: 'draft-foschiano-erspan §4.2' },
  platid: { ...D, label: 'Platform ID', mask: 0xfc000000, description: 'Which platform\'s subheader follows.', rfc: 'draft-foschiano-erspan §4.3' },
  'pid3.rsvd1': { ...D, label: 'Reserved', mask: 0x03ffc000, description: 'Reserved; sent as 0.', rfc: 'draft-foschiano-erspan §4.3' },
  'pid3.port_index': { ...D, label: 'Port ID/Index', mask: 0x00003fff, description: 'The port the frame was mirrored from.', rfc: 'draft-foschiano-erspan §4.3' },
  'pid3.timestamp': { ...D, label: 'Upper 32-bit Timestamp', mask: 0xffffffff, description: 'The upper half of a 64-bit timestamp.', rfc: 'draft-foschiano-erspan §4.3' },
  platform_info: { label: 'Platform Specific Info', type: 'bytes', description: 'A platform subheader Layerscope does not decode.', rfc: 'draft-foschiano-erspan §4.3' },
});

const N = defineMessages('erspan.narrative', {
  mirror: 'ERSPAN {version}: a copy of a frame a switch mirrored in session {span}, sent over GRE to an analyser',
});

export const erspan: ProtocolModule = {
  place: { protocol: 'erspan', osi: 2, tcpip: 'application' },
  name: 'ERSPAN',
  fields: F,
  registrations: [{ table: 'ethertype', keys: [0x88be, 0x22eb] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Encapsulated Remote Switch Packet ANalysis';
    ctx.columns.protocol = 'ERSPAN';
    const version = b.bits(null, F.version, at, 2);
    if (version < 0) return undefined;
    if (b.detail) b.title = `Encapsulated Remote Switch Packet ANalysis ${version === 1 ? 'Type II' : version === 2 ? 'Type III' : 'Unknown'}`;
    if (version !== 1 && version !== 2) return undefined;
    b.bits(null, F.vlan, at, 2);
    if (b.bits(null, F.cos, at + 2, 2) < 0) return undefined;
    b.bits(null, version === 1 ? F.encap : F.bso, at + 2, 2);
    b.bits(null, F.truncated, at + 2, 2);
    b.bits(null, F.spanid, at + 2, 2);
    let o = at + 8;
    let frameType = 0;
    if (version === 1) {
      if (b.bits(null, F.reserved, at + 4, 4) < 0) return undefined;
      b.bits(null, F.index, at + 4, 4);
    } else {
      if (b.bits(null, F.timestamp, at + 4, 4) < 0) return undefined;
      if (b.bits(null, F.sgt, at + 8, 2) < 0) return undefined;
      if (b.bits(null, F.p, at + 10, 2) < 0) return undefined;
      frameType = b.bits(null, F.ft, at + 10, 2);
      for (const spec of [F.hw, F.direction, F.gra]) b.bits(null, spec, at + 10, 2);
      const optional = b.bits(null, F.o, at + 10, 2);
      o = at + 12;
      if (optional) {
        const platform = b.bits(null, F.platid, o, 4);
        if (platform < 0) return undefined;
        if (platform === 3) {
          b.bits(null, F['pid3.rsvd1'], o, 4);
          b.bits(null, F['pid3.port_index'], o, 4);
          if (b.bits(null, F['pid3.timestamp'], o + 4, 4) < 0) return undefined;
        } else if (!b.hex(null, F.platform_info, o, 8)) return undefined;
        o += 8;
      }
    }
    // An Ethernet frame follows (the other frame types are not decoded).
    return frameType === 0 ? b.next('ethertype', o, end, 0x6558) : b.next('ethertype', o, end);
  },
  narrative(r): Message[] {
    return [{ id: N.mirror.id, params: { version: r.show(F.version) !== undefined ? (r.number(F.version) === 1 ? 'type II' : 'type III') : '?', span: r.show(F.spanid) ?? '?' } }];
  },
};
