// IPv4 header options (RFC 791 §3.1): a list of type-length-value entries after the addresses.

import type { Field } from '../field-model.js';
import type { FieldSpec } from '../field-spec.js';
import { defineFields } from '../field-spec.js';
import { defineProblems } from '../problem-spec.js';
import type { LayerBuilder } from '../layer-builder.js';
import { colonHex, ipv4Address } from '../display-format.js';

const F = defineFields('ip', {
  'options.eol': { type: 'bytes', line: () => 'End of Options List (EOL)', label: 'End of Options List (EOL)', description: 'Marks the end of the options; the rest of the header is filler.', rfc: 'RFC 791 §3.1' },
  'options.nop': { type: 'bytes', line: () => 'No-Operation (NOP)', label: 'No-Operation (NOP)', description: 'A one-byte filler used to align the next option on a 4-byte boundary.', rfc: 'RFC 791 §3.1' },
  'options.record_route': { type: 'bytes', line: () => 'Record Route', label: 'Record Route', description: 'Asks each router on the path to write its address into this option, like a built-in traceroute.', rfc: 'RFC 791 §3.1' },
  'options.timestamp': { type: 'bytes', line: () => 'Time Stamp', label: 'Time Stamp', description: 'Asks routers on the path to write the time they handled the datagram.', rfc: 'RFC 791 §3.1' },
  'options.lsrr': { type: 'bytes', line: () => 'Loose Source Route', label: 'Loose Source Route', description: 'A list of routers the datagram must pass through, in order, on its way.', rfc: 'RFC 791 §3.1' },
  'options.ssrr': { type: 'bytes', line: () => 'Strict Source Route', label: 'Strict Source Route', description: 'The exact list of routers the datagram must take, hop by hop.', rfc: 'RFC 791 §3.1' },
  'options.routeralert': { type: 'bytes', line: () => 'Router Alert', label: 'Router Alert', description: 'Tells every router on the path to look inside this datagram (used by IGMP and RSVP).', rfc: 'RFC 2113' },
  'options.unknown': { type: 'bytes', line: () => 'Unknown option', label: 'Unknown option', description: 'An option Layerscope does not decode; its bytes are shown as they are.' },
  'opt.type': { type: 'uint8', label: 'Type', description: 'Which option this is; its bits say whether it is copied into fragments, its class and its number.', rfc: 'RFC 791 §3.1' },
  'opt.type.copy': { type: 'boolean', bits: 8, label: 'Copy on fragmentation', mask: 0x80, description: 'Whether routers that fragment the datagram copy this option into every fragment.', rfc: 'RFC 791 §3.1' },
  'opt.type.class': { type: 'uint8', label: 'Class', mask: 0x60, description: 'The option\'s class: 0 control, 2 debugging and measurement.', rfc: 'RFC 791 §3.1' },
  'opt.type.number': { type: 'uint8', label: 'Number', mask: 0x1f, description: 'The option\'s number within its class.', rfc: 'RFC 791 §3.1' },
  'opt.len': { type: 'uint8', label: 'Length', description: 'Bytes in this option, counting its type and length bytes.', rfc: 'RFC 791 §3.1' },
  'opt.ptr': { type: 'uint8', label: 'Pointer', description: 'Where in the option the next address (or timestamp) is to be written, counting from 1.', rfc: 'RFC 791 §3.1' },
  rec_rt: { type: 'ipv4', label: 'Recorded Route', description: 'An address a router has written into the route list.', rfc: 'RFC 791 §3.1' },
  empty_rt: { type: 'ipv4', label: 'Empty Route', description: 'A slot in the route list that no router has filled yet.', rfc: 'RFC 791 §3.1' },
  'opt.ra': { type: 'uint16', label: 'Router Alert', description: 'What the routers are alerted about: 0 means "examine this packet".', rfc: 'RFC 2113' },
  'opt.data': { type: 'bytes', label: 'Data', description: 'The option\'s contents, not decoded further.' },
});

const P = defineProblems('ip.options', {
  no_length_room: ['error', 'IPv4 option {type} at offset {offset} has no room for its length byte'],
  length_short: ['error', 'IPv4 option {type} at offset {offset} says it is {length} bytes long, but the minimum is 2'],
  length_past_end: ['error', 'IPv4 option {type} at offset {offset} says it is {length} bytes long, but only {room} bytes of options remain'],
  route_length: ['warning', 'IPv4 route option at offset {offset} has length {length}, which is not 3 plus a multiple of 4'],
});

function optionSpec(type: number): FieldSpec {
  switch (type) {
    case 0: return F['options.eol'];
    case 1: return F['options.nop'];
    case 7: return F['options.record_route'];
    case 68: return F['options.timestamp'];
    case 131: return F['options.lsrr'];
    case 137: return F['options.ssrr'];
    case 148: return F['options.routeralert'];
    default: return F['options.unknown'];
  }
}

/** Decodes the options in [at, at + length) under an "Options" field; problems for bad lengths. */
export function dissectIpv4Options(b: LayerBuilder, optionsSpec: FieldSpec, at: number, length: number): void {
  const bytes = b.frame.bytes;
  const container = b.add(null, optionsSpec, at, length, null);
  const names: string[] = [];
  const end = at + length;
  let o = at;
  while (o < end) {
    const type = bytes[o];
    const spec = optionSpec(type);
    names.push(spec.label.replace(/ \(.*\)$/, ''));
    if (type === 0 || type === 1) {
      const opt = b.hexField(container, spec, o, 1);
      addType(b, opt, o, type);
      o += 1;
      if (type === 0) {
        // After End of Options the remaining bytes are padding.
        if (o < end) b.hexField(container, F['opt.data'], o, end - o);
        break;
      }
      continue;
    }
    if (o + 1 >= end) {
      b.problem(P.no_length_room, o, { type, offset: o }, container);
      b.hexField(container, F['opt.data'], o, end - o);
      break;
    }
    const len = bytes[o + 1];
    if (len < 2 || o + len > end) {
      b.problem(len < 2 ? P.length_short : P.length_past_end, o + 1, { type, offset: o, length: len, room: end - o }, container);
      b.hexField(container, F['opt.data'], o, end - o);
      break;
    }
    const opt = b.hexField(container, spec, o, len);
    addType(b, opt, o, type);
    b.add(opt, F['opt.len'], o + 1, 1, len);
    if ((type === 7 || type === 131 || type === 137) && len >= 3) {
      const ptr = bytes[o + 2];
      b.add(opt, F['opt.ptr'], o + 2, 1, ptr);
      let slot = o + 3;
      for (; slot + 4 <= o + len; slot += 4) {
        const addr = ipv4Address(bytes, slot);
        // The pointer counts from 1 at the option's type byte: slots before it are filled.
        b.add(opt, slot - o + 1 < ptr ? F.rec_rt : F.empty_rt, slot, 4, addr);
      }
      // A length that is not 3 + 4n leaves bytes that are no whole address.
      if (slot < o + len) {
        b.hexField(opt, F['opt.data'], slot, o + len - slot);
        b.problem(P.route_length, o + 1, { offset: o, length: len }, opt);
      }
    } else if (type === 148 && len === 4) {
      const ra = b.u16(o + 2);
      b.add(opt, F['opt.ra'], o + 2, 2, ra);
    } else if (len > 2) {
      b.hexField(opt, F['opt.data'], o + 2, len - 2);
    }
    o += len;
  }
  b.rewrite(container, () => `Options: (${length} bytes)${names.filter((n) => n !== 'No-Operation' && n !== 'End of Options List').map((n) => ', ' + n).join('')}`);
}

function addType(b: LayerBuilder, parent: Field, at: number, type: number): void {
  const t = b.add(parent, F['opt.type'], at, 1, type);
  b.bits(t, F['opt.type.copy'], at, 1);
  b.bits(t, F['opt.type.class'], at, 1);
  b.bits(t, F['opt.type.number'], at, 1);
}
