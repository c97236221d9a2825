// PPPoE, PPP over Ethernet (RFC 2516): how DSL lines carry PPP. Discovery (EtherType 0x8863) finds
// an access concentrator and opens a session in four steps, PADI, PADO, PADR, PADS (PADT closes
// it), each with tags; the session (0x8864) then carries PPP frames, numbered by the session ID.

import type { ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';

const CODES: Readonly<Record<number, string>> = {
  0x00: 'Session Data',
  0x07: 'Active Discovery Offer (PADO)',
  0x09: 'Active Discovery Initiation (PADI)',
  0x19: 'Active Discovery Request (PADR)',
  0x65: 'Active Discovery Session-confirmation (PADS)',
  0xa7: 'Active Discovery Terminate (PADT)',
};

const F = defineFields('pppoe', {
  version: { label: 'Version', type: 'uint8', mask: 0xf0, description: 'The PPPoE version: 1.', rfc: 'RFC 2516 §4' },
  type: { label: 'Type', type: 'uint8', mask: 0x0f, description: 'The PPPoE type: 1.', rfc: 'RFC 2516 §4' },
  code: { label: 'Code', type: 'uint8', base: 'hex', values: CODES, description: 'Which discovery step this is (PADI, PADO, PADR, PADS, PADT), or 0 for session data.', rfc: 'RFC 2516 §4' },
  session_id: { label: 'Session ID', type: 'uint16', base: 'hex', description: 'The session the access concentrator assigned in its PADS; 0 before that.', rfc: 'RFC 2516 §4' },
  payload_length: { label: 'Payload Length', type: 'uint16', description: 'Bytes after this 6-byte header: the tags, or the PPP frame.', rfc: 'RFC 2516 §4' },
});

const T = defineFields('pppoed', {
  tags: { label: 'PPPoE Tags', type: 'none', description: 'The discovery message\'s tags: what service is wanted, who offers it, and cookies that tie the steps together.', rfc: 'RFC 2516 Appendix A' },
  'tags.service_name': { label: 'Service-Name', type: 'string', description: 'The service asked for or offered; empty means "any".', rfc: 'RFC 2516 Appendix A' },
  'tags.ac_name': { label: 'AC-Name', type: 'string', description: 'The name of the access concentrator that answers.', rfc: 'RFC 2516 Appendix A' },
  'tags.host_uniq': { label: 'Host-Uniq', type: 'bytes', description: 'A value the host chose to match answers to its requests; the concentrator echoes it.', rfc: 'RFC 2516 Appendix A' },
  'tags.ac_cookie': { label: 'AC-Cookie', type: 'bytes', description: 'A value the concentrator chose, which the host must send back in its PADR.', rfc: 'RFC 2516 Appendix A' },
  'tags.relay_session_id': { label: 'Relay-Session-Id', type: 'bytes', description: 'Added by a relay agent that forwards discovery traffic.', rfc: 'RFC 2516 Appendix A' },
  'tags.service_name_error': { label: 'Service-Name-Error', type: 'string', description: 'The requested service cannot be offered.', rfc: 'RFC 2516 Appendix A' },
  'tags.ac_system_error': { label: 'AC-System-Error', type: 'string', description: 'The concentrator could not handle the request.', rfc: 'RFC 2516 Appendix A' },
  'tags.generic_error': { label: 'Generic-Error', type: 'string', description: 'Some other error.', rfc: 'RFC 2516 Appendix A' },
  'tags.unknown_data': { label: 'Unknown Data', type: 'bytes', description: 'A tag Layerscope does not decode.', rfc: 'RFC 2516 Appendix A' },
});

const P = defineProblems('pppoe', {
  length_past_end: ['error', 'PPPoE payload length {length} at offset {offset} is more than the {available} bytes that follow'],
  tag_past_end: ['error', 'PPPoE tag at offset {offset} says {length} bytes, more than the tags have left'],
});

const N = defineMessages('pppoe.narrative', {
  discovery: 'PPPoE discovery: {code}, the steps that open a PPP session over Ethernet',
  session: 'PPPoE session {session} carries a PPP frame over Ethernet',
});

const TAGS: Readonly<Record<number, FieldSpec>> = {
  0x0101: T['tags.service_name'],
  0x0102: T['tags.ac_name'],
  0x0103: T['tags.host_uniq'],
  0x0104: T['tags.ac_cookie'],
  0x0110: T['tags.relay_session_id'],
  0x0201: T['tags.service_name_error'],
  0x0202: T['tags.ac_system_error'],
  0x0203: T['tags.generic_error'],
};

/** The 6-byte header; returns where the payload ends, or -1 when the header was not all captured. */
function header(b: LayerBuilder, end: number): number {
  const at = b.start;
  if (b.bits(null, F.version, at) < 0) return -1;
  b.bits(null, F.type, at);
  if (b.uint(null, F.code, at + 1) < 0 || b.uint(null, F.session_id, at + 2) < 0) return -1;
  const length = b.uint(null, F.payload_length, at + 4);
  if (length < 0) return -1;
  // Bytes cut by the snap length still count: they were on the wire.
  const available = (end >= b.captured ? b.frame.reportedLength : end) - at - 6;
  if (length > available) {
    b.problem(P.length_past_end, at + 4, { length, offset: at + 4, available }, b.last);
    return end;
  }
  return at + 6 + length;
}

export const pppoeDiscovery: ProtocolModule = {
  place: { protocol: 'pppoed', osi: 2, tcpip: 'link' },
  name: 'PPPoE Discovery',
  fields: { ...F, ...T },
  registrations: [{ table: 'ethertype', keys: [0x8863] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'PPP-over-Ethernet Discovery';
    ctx.columns.protocol = 'PPPoED';
    if (b.has(at + 1, 1)) ctx.columns.info.set(CODES[b.u8(at + 1)] ?? 'Unknown');
    const stop = header(b, end);
    if (stop <= at + 6) return undefined;
    const tags = b.add(null, T.tags, at + 6, Math.min(stop, b.captured) - at - 6, null);
    let o = at + 6;
    // Each tag is at least 4 bytes: the loop ends.
    while (o + 4 <= stop) {
      if (!b.has(o, 4)) {
        b.missing(T.tags, o, 4);
        break;
      }
      const type = b.u16(o);
      const length = b.u16(o + 2);
      if (o + 4 + length > stop) {
        b.problem(P.tag_past_end, o, { offset: o, length }, tags);
        break;
      }
      // tshark shows a tag by its value alone.
      const spec = TAGS[type] ?? T['tags.unknown_data'];
      if (!b.has(o + 4, length)) {
        b.missing(spec, o + 4, length);
        break;
      }
      if (length > 0) {
        if (spec.type === 'string') {
          const text = new TextDecoder('latin1').decode(b.bytes(o + 4, length));
          b.add(tags, spec, o + 4, length, text);
          if (type === 0x0102) ctx.columns.info.text(` AC-Name='${text}'`);
        } else b.hex(tags, spec, o + 4, length);
      }
      b.end = Math.max(b.end, o + 4 + length);
      if (type === 0) break;
      o += 4 + length;
    }
    return undefined;
  },
  narrative(r) {
    const code = r.number(F.code);
    return [{ id: N.discovery.id, params: { code: code !== undefined ? CODES[code] ?? String(code) : '?' } }];
  },
};

export const pppoeSession: ProtocolModule = {
  place: { protocol: 'pppoes', osi: 2, tcpip: 'link' },
  name: 'PPPoE Session',
  fields: F,
  registrations: [{ table: 'ethertype', keys: [0x8864] }],
  dissect(b, ctx, end) {
    b.title = 'PPP-over-Ethernet Session';
    ctx.columns.protocol = 'PPPoES';
    const stop = header(b, end);
    if (stop < 0) return undefined;
    return b.next('ppp', b.start + 6, stop, 0);
  },
  narrative(r): Message[] {
    return [{ id: N.session.id, params: { session: r.show(F.session_id) ?? '?' } }];
  },
};
