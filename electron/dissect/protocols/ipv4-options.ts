// IPv4 header options (RFC 791 §3.1): a list of type-length-value entries after the addresses.
// Only called in detail mode: options never change what the packet list shows.

import type { Field } from '../field-model.js';
import type { FieldSpec } from '../field-spec.js';
import { defineFields } from '../field-spec.js';
import type { LayerBuilder } from '../layer-builder.js';
import { colonHex, ipv4Address } from '../display-format.js';

const F = defineFields('ip', {
  'options.eol': { label: 'End of Options List (EOL)', description: 'Marks the end of the options; the rest of the header is filler.', rfc: 'RFC 791 §3.1' },
  'options.nop': { label: 'No-Operation (NOP)', description: 'A one-byte filler used to align the next option on a 4-byte boundary.', rfc: 'RFC 791 §3.1' },
  'options.record_route': { label: 'Record Route', description: 'Asks each router on the path to write its address into this option, like a built-in traceroute.', rfc: 'RFC 791 §3.1' },
  'options.timestamp': { label: 'Time Stamp', description: 'Asks routers on the path to write the time they handled the datagram.', rfc: 'RFC 791 §3.1' },
  'options.lsrr': { label: 'Loose Source Route', description: 'A list of routers the datagram must pass through, in order, on its way.', rfc: 'RFC 791 §3.1' },
  'options.ssrr': { label: 'Strict Source Route', description: 'The exact list of routers the datagram must take, hop by hop.', rfc: 'RFC 791 §3.1' },
  'options.routeralert': { label: 'Router Alert', description: 'Tells every router on the path to look inside this datagram (used by IGMP and RSVP).', rfc: 'RFC 2113' },
  'options.unknown': { label: 'Unknown option', description: 'An option Layerscope does not decode; its bytes are shown as they are.' },
  'opt.type': { label: 'Type', description: 'Which option this is; its bits say whether it is copied into fragments, its class and its number.', rfc: 'RFC 791 §3.1' },
  'opt.type.copy': { label: 'Copy on fragmentation', mask: 0x80, description: 'Whether routers that fragment the datagram copy this option into every fragment.', rfc: 'RFC 791 §3.1' },
  'opt.type.class': { label: 'Class', mask: 0x60, description: 'The option\'s class: 0 control, 2 debugging and measurement.', rfc: 'RFC 791 §3.1' },
  'opt.type.number': { label: 'Number', mask: 0x1f, description: 'The option\'s number within its class.', rfc: 'RFC 791 §3.1' },
  'opt.len': { label: 'Length', description: 'Bytes in this option, counting its type and length bytes.', rfc: 'RFC 791 §3.1' },
  'opt.ptr': { label: 'Pointer', description: 'Where in the option the next address (or timestamp) is to be written, counting from 1.', rfc: 'RFC 791 §3.1' },
  rec_rt: { label: 'Recorded Route', description: 'An address a router has written into the route list.', rfc: 'RFC 791 §3.1' },
  empty_rt: { label: 'Empty Route', description: 'A slot in the route list that no router has filled yet.', rfc: 'RFC 791 §3.1' },
  'opt.ra': { label: 'Router Alert', description: 'What the routers are alerted about: 0 means "examine this packet".', rfc: 'RFC 2113' },
  'opt.data': { label: 'Data', description: 'The option\'s contents, not decoded further.' },
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
  const container = b.add(null, optionsSpec, at, length, null, '');
  const names: string[] = [];
  const end = at + length;
  let o = at;
  while (o < end) {
    const type = bytes[o];
    const spec = optionSpec(type);
    names.push(spec.label.replace(/ \(.*\)$/, ''));
    if (type === 0 || type === 1) {
      const opt = b.add(container, spec, o, 1, type, colonHex(bytes.subarray(o, o + 1)));
      addType(b, opt, o, type);
      o += 1;
      if (type === 0) {
        // After End of Options the remaining bytes are padding.
        if (o < end) b.addHex(container, F['opt.data'], o, end - o);
        break;
      }
      continue;
    }
    if (o + 1 >= end) {
      b.problem('error', `IPv4 option ${type} at offset ${o} has no room for its length byte`, o, spec.name, container);
      b.addHex(container, F['opt.data'], o, end - o);
      break;
    }
    const len = bytes[o + 1];
    if (len < 2 || o + len > end) {
      b.problem('error', `IPv4 option ${type} at offset ${o} says it is ${len} bytes long, but ${len < 2 ? 'the minimum is 2' : `only ${end - o} bytes of options remain`}`, o + 1, F['opt.len'].name, container);
      b.addHex(container, F['opt.data'], o, end - o);
      break;
    }
    const opt = b.addHex(container, spec, o, len);
    addType(b, opt, o, type);
    b.add(opt, F['opt.len'], o + 1, 1, len, String(len));
    if ((type === 7 || type === 131 || type === 137) && len >= 3) {
      const ptr = bytes[o + 2];
      b.add(opt, F['opt.ptr'], o + 2, 1, ptr, String(ptr));
      let slot = o + 3;
      for (; slot + 4 <= o + len; slot += 4) {
        const addr = ipv4Address(bytes, slot);
        // The pointer counts from 1 at the option's type byte: slots before it are filled.
        b.add(opt, slot - o + 1 < ptr ? F.rec_rt : F.empty_rt, slot, 4, addr, addr);
      }
      // A length that is not 3 + 4n leaves bytes that are no whole address.
      if (slot < o + len) {
        b.addHex(opt, F['opt.data'], slot, o + len - slot);
        b.problem('warning', `IPv4 route option at offset ${o} has length ${len}, which is not 3 plus a multiple of 4`, o + 1, F['opt.len'].name, opt);
      }
    } else if (type === 148 && len === 4) {
      const ra = b.u16(o + 2);
      b.add(opt, F['opt.ra'], o + 2, 2, ra, String(ra));
    } else if (len > 2) {
      b.addHex(opt, F['opt.data'], o + 2, len - 2);
    }
    o += len;
  }
  container.show = `Options: (${length} bytes)${names.filter((n) => n !== 'No-Operation' && n !== 'End of Options List').map((n) => ', ' + n).join('')}`;
}

function addType(b: LayerBuilder, parent: Field, at: number, type: number): void {
  const t = b.add(parent, F['opt.type'], at, 1, type, String(type));
  b.bits(t, F['opt.type.copy'], at, 1);
  b.bits(t, F['opt.type.class'], at, 1);
  b.bits(t, F['opt.type.number'], at, 1);
}
