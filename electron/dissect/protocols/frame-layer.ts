// The "frame" layer: what the capture itself knows about a packet (arrival time, length on the wire
// versus bytes captured, interface), placed on the physical layer. It owns all the frame's bytes;
// its fields are metadata and own none.

import type { Layer } from '../field-model.js';
import type { FrameInput } from '../frame-dissector.js';
import type { ProtocolModule } from '../dissector.js';
import { LayerBuilder, type FrameBytes } from '../layer-builder.js';
import type { FieldSelection } from '../field-selection.js';
import { defineFields } from '../field-spec.js';
import { defineMessages, type Message } from '../../text/catalog.js';
import { PACKET_PROBLEMS } from '../packet-problems.js';

const F = defineFields('frame', {
  interface_id: { label: 'Interface id', type: 'uint32', description: 'Which of the capture\'s network interfaces this frame was seen on.' },
  interface_name: { label: 'Interface name', type: 'string', description: 'The name of the interface (lo, eth0, wlan0) the frame was captured on.' },
  time: { label: 'Arrival Time', type: 'absolute_time', description: 'When the capturing machine received the frame, by its own clock.' },
  time_epoch: { label: 'Epoch Time', type: 'absolute_time', format: (v) => `${v} seconds`, description: 'The arrival time as seconds since 1 January 1970 UTC.' },
  time_relative: { label: 'Time since reference or first frame', type: 'relative_time', description: 'Seconds since the first packet of this capture, the Time column of the packet list.' },
  number: { label: 'Frame Number', type: 'framenum', description: 'The position of this frame in the capture, counting from 1.' },
  len: { label: 'Frame Length', type: 'uint32', format: (v) => `${v} bytes (${Number(v) * 8} bits)`, description: 'How many bytes the frame had on the wire.' },
  cap_len: { label: 'Capture Length', type: 'uint32', format: (v) => `${v} bytes (${Number(v) * 8} bits)`, description: 'How many of those bytes were saved; fewer than the frame length when the capture\'s snap length cut it short.' },
  comment: { label: 'Comment', type: 'string', line: String, description: 'A note someone attached to this packet in the capture file.' },
});

const N = defineMessages('frame.narrative', {
  signals: '{length, plural, one {# byte} other {# bytes}} ({bits} bits) crossed the link as signals',
  signals_on: '{length, plural, one {# byte} other {# bytes}} ({bits} bits) crossed the link as signals on {interface}',
  cut: 'only {captured, plural, one {# byte was} other {# bytes were}} captured',
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 21, 2026 23:21:10.549296000 UTC", as Wireshark shows arrival times. */
function formatArrivalTime(seconds: number, nanos: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[d.getUTCMonth()]} ${day}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(nanos).padStart(9, '0')} UTC`;
}

export function frameLayer(input: FrameInput, frame: FrameBytes, texts = true, selection?: FieldSelection): Layer {
  const b = new LayerBuilder(frame, { protocol: 'frame', osi: 1, tcpip: 'link' }, 0, true, texts, selection);
  const caplen = input.data.length;
  const len = input.originalLength;
  // (Text, like the fields' texts: a display filter reads neither.)
  if (texts) b.title = `Frame ${input.number}: ${len} bytes on wire (${len * 8} bits), ${caplen} bytes captured (${caplen * 8} bits)${input.interfaceName ? ` on interface ${input.interfaceName}` : ''}`;
  const id = b.add(null, F.interface_id, 0, 0, input.interfaceId);
  if (input.interfaceName) {
    b.annotate(id, ` (${input.interfaceName})`);
    b.add(id, F.interface_name, 0, 0, input.interfaceName);
  }
  b.addLazy(null, F.time, 0, 0, formatArrivalTime, input.seconds, input.nanos);
  b.addLazy(null, F.time_epoch, 0, 0, epochTime, input.seconds, input.nanos);
  b.add(null, F.time_relative, 0, 0, input.relativeTime);
  b.add(null, F.number, 0, 0, input.number);
  b.add(null, F.len, 0, 0, len);
  b.add(null, F.cap_len, 0, 0, caplen);
  if (input.comments !== undefined) for (const comment of input.comments) b.add(null, F.comment, 0, 0, comment);
  if (caplen < len) b.problem(PACKET_PROBLEMS.frame_cut, caplen, { captured: caplen, reported: len }, F.cap_len);
  b.end = caplen;
  return b.finish('Frame');
}

function epochTime(seconds: number, nanos: number): string {
  return `${seconds}.${String(nanos).padStart(9, '0')}`;
}

/** The physical layer's sentence: how many bytes crossed the link, and how many were kept. */
export const frameNarrative: NonNullable<ProtocolModule['narrative']> = (r) => {
  const length = r.number(F.len) ?? 0;
  const captured = r.number(F.cap_len) ?? length;
  const iface = r.show(F.interface_name);
  const parts: Message[] = [
    iface ? { id: N.signals_on.id, params: { length, bits: length * 8, interface: iface } } : { id: N.signals.id, params: { length, bits: length * 8 } },
  ];
  if (captured < length) parts.push({ id: N.cut.id, params: { captured } });
  return parts;
};

/** The frame's fields (for the catalog and the filter engine). */
export const FRAME_FIELDS = F;
