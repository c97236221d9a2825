// The Cisco Discovery Protocol (SNAP organisation 00:00:0c, protocol 0x2000): Cisco devices tell
// their neighbours on the link who they are (name, port, platform, addresses) once a minute. A
// version, how long to keep the information, a checksum, then type-length-value records.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import { defineMessages } from '../../text/catalog.js';
import { hexNumber } from '../display-format.js';
import { CHECKSUM_STATUS } from './checksum-status.js';
import { checksumSkipping } from './internet-checksum.js';

const REF = 'Cisco CDP specification';

const TLV_NAMES: Readonly<Record<number, string>> = {
  0x0001: 'Device ID', 0x0002: 'Addresses', 0x0003: 'Port ID', 0x0004: 'Capabilities', 0x0005: 'Software version', 0x0006: 'Platform',
  0x0007: 'IP Prefixes', 0x0008: 'Protocol Hello', 0x0009: 'VTP Management Domain', 0x000a: 'Native VLAN', 0x000b: 'Duplex',
  0x0010: 'Power consumption', 0x0016: 'Management Address',
};

const F = defineFields('cdp', {
  version: { label: 'Version', type: 'uint8', description: 'The CDP version (2 nowadays).', rfc: REF },
  ttl: { label: 'TTL', type: 'uint8', format: (v) => `${v} seconds`, description: 'How long neighbours keep this information before they forget the device.', rfc: REF },
  checksum: { label: 'Checksum', type: 'uint16', base: 'hex', description: 'The Internet checksum over the whole CDP message.', rfc: REF },
  'checksum.status': { label: 'Checksum Status', type: 'uint8', base: 'none', values: CHECKSUM_STATUS, generated: true, description: 'Whether Layerscope recomputed the checksum and it matched.' },
  tlv: { label: 'TLV', type: 'none', description: 'One record: its type, length and value.', rfc: REF },
  'tlv.type': { label: 'Type', type: 'uint16', base: 'hex', values: TLV_NAMES, description: 'What the record says (1: the device\'s name, 3: the port it was sent from, 6: its platform).', rfc: REF },
  'tlv.len': { label: 'Length', type: 'uint16', description: 'Bytes of the record, its 4-byte type and length included.', rfc: REF },
  deviceid: { label: 'Device ID', type: 'string', description: 'The sending device\'s name.', rfc: REF },
  portid: { label: 'Sent through Interface', type: 'string', description: 'The port the message left the device from.', rfc: REF },
  platform: { label: 'Platform', type: 'string', description: 'The device\'s hardware model.', rfc: REF },
  'tlv.value': { label: 'Value', type: 'bytes', description: 'A record\'s value Layerscope does not decode.', rfc: REF },
});

const P = defineProblems('cdp', {
  bad_checksum: ['error', 'Bad CDP checksum {checksum}: it should be {expected}'],
  tlv_length: ['error', 'CDP record at offset {offset} has length {length}: less than its 4-byte header, or past the end of the message'],
});

const N = defineMessages('cdp.narrative', {
  device: 'Cisco Discovery Protocol: device "{device}" announces itself to its neighbours on the link',
  anonymous: 'Cisco Discovery Protocol: a Cisco device announces itself to its neighbours on the link',
});

const TEXT_TLVS: Readonly<Record<number, typeof F.deviceid>> = { 1: F.deviceid, 3: F.portid, 6: F.platform };
const textSpecOf = (type: number) => TEXT_TLVS[type] ?? F['tlv.value'];
/** Records read at most: a message of empty 4-byte records has fewer than this. */
const MAX_TLVS = 16384;

export const cdp: ProtocolModule = {
  place: { protocol: 'cdp', osi: 2, tcpip: 'link' },
  name: 'CDP',
  fields: F,
  registrations: [{ table: 'llc.cisco_pid', keys: [0x2000] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Cisco Discovery Protocol';
    ctx.columns.protocol = 'CDP';
    const info = ctx.columns.info.clear();
    if (b.uint(null, F.version, at) < 0 || b.uint(null, F.ttl, at + 1) < 0) return undefined;
    const checksum = b.uint(null, F.checksum, at + 2);
    if (checksum < 0) return undefined;
    const stop = Math.min(end, b.captured);
    // Only a message captured whole can be checked.
    if (b.detail && !b.truncated) {
      const field = b.last;
      const expected = checksumSkipping(b.frame.bytes, at, end, at + 2, 0);
      if (expected === checksum) b.annotate(field, ' [correct]');
      else {
        b.annotate(field, ` incorrect, should be ${hexNumber(expected, 4)}`);
        b.problem(P.bad_checksum, at + 2, { checksum: hexNumber(checksum, 4), expected: hexNumber(expected, 4) }, field);
      }
      b.add(null, F['checksum.status'], at + 2, 0, expected === checksum ? 1 : 0);
    }
    let offset = at + 4;
    for (let n = 0; n < MAX_TLVS && offset < stop; n++) {
      if (!b.need(F['tlv.type'], offset, 4)) {
        // The bytes of the record that are there stay visible.
        b.hex(null, F['tlv.value'], offset, stop - offset);
        break;
      }
      const type = b.u16(offset);
      const length = b.u16(offset + 2);
      const room = stop - offset;
      const size = Math.max(4, Math.min(length, room));
      const tlv = b.add(null, F.tlv, offset, size, null);
      const name = TLV_NAMES[type] ?? `Unknown (${hexNumber(type, 4)})`;
      b.uint(tlv, F['tlv.type'], offset);
      b.uint(tlv, F['tlv.len'], offset + 2);
      if (length < 4 || length > room) {
        // Past the captured bytes but not past the frame: cut by the snap length.
        if (length >= 4 && b.truncated) b.missing(textSpecOf(type), offset + 4, length - 4, b.last);
        else b.problem(P.tlv_length, offset + 2, { offset, length }, b.last);
        // The rest of the message cannot be split into records: its bytes stay visible.
        if (size > 4) b.hex(tlv, F['tlv.value'], offset + 4, size - 4);
        else if (stop > offset + 4) b.hex(null, F['tlv.value'], offset + 4, stop - offset - 4);
        break;
      }
      const textSpec = TEXT_TLVS[type];
      if (textSpec) {
        const start = offset;
        const text = () => new TextDecoder('latin1').decode(b.bytes(start + 4, length - 4));
        b.addLazy(tlv, textSpec, offset + 4, length - 4, text);
        if (b.detail) b.rewrite(tlv, () => `${name}: ${text()}`);
        if (type === 1) info.text('Device ID: ').text(text()).text('  ');
        else if (type === 3) info.text('Port ID: ').text(text()).text('  ');
      } else {
        if (b.detail) b.rewrite(tlv, () => name);
        if (length > 4) b.hex(tlv, F['tlv.value'], offset + 4, length - 4);
      }
      offset += length;
    }
    // The snap length cut the message where a record should start.
    if (offset === stop && stop === b.captured && b.truncated) b.missing(F['tlv.type'], offset, 4);
    if (b.end < stop) b.end = stop;
    return undefined;
  },
  narrative(r) {
    const device = r.show(F.deviceid);
    return [device ? { id: N.device.id, params: { device } } : { id: N.anonymous.id }];
  },
};
