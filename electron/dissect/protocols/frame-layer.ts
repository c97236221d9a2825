// The "frame" layer: what the capture itself knows about a packet (arrival time, length on the wire
// versus bytes captured, interface), placed on the physical layer. It owns all the frame's bytes;
// its fields are metadata and own none.

import type { Layer } from '../field-model.js';
import type { FrameInput } from '../frame-dissector.js';
import { LayerBuilder, type FrameBytes } from '../layer-builder.js';
import { defineFields } from '../field-table.js';

const F = defineFields('frame', {
  interface_id: {
    label: 'Interface id',
    description: 'Which of the capture\'s network interfaces this frame was seen on.',
  },
  interface_name: {
    label: 'Interface name',
    description: 'The name of the interface (lo, eth0, wlan0) the frame was captured on.',
  },
  time: {
    label: 'Arrival Time',
    description: 'When the capturing machine received the frame, by its own clock.',
  },
  time_epoch: {
    label: 'Epoch Time',
    description: 'The arrival time as seconds since 1 January 1970 UTC.',
  },
  time_relative: {
    label: 'Time since first frame',
    description: 'Seconds since the first packet of this capture, the Time column of the packet list.',
  },
  number: {
    label: 'Frame Number',
    description: 'The position of this frame in the capture, counting from 1.',
  },
  len: {
    label: 'Frame Length',
    description: 'How many bytes the frame had on the wire.',
  },
  cap_len: {
    label: 'Capture Length',
    description: 'How many of those bytes were saved; fewer than the frame length when the capture\'s snap length cut it short.',
  },
  comment: {
    label: 'Comment',
    description: 'A note someone attached to this packet in the capture file.',
  },
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 21, 2026 23:21:10.549296000 UTC", as Wireshark shows arrival times. */
function formatArrivalTime(seconds: number, nanos: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(nanos).padStart(9, '0')} UTC`;
}

export function frameLayer(input: FrameInput, frame: FrameBytes): Layer {
  const b = new LayerBuilder(frame, { protocol: 'frame', osi: 1, tcpip: 'link' }, 0, true);
  const caplen = input.data.length;
  const len = input.originalLength;
  b.title = `Frame ${input.number}: ${len} bytes on wire (${len * 8} bits), ${caplen} bytes captured (${caplen * 8} bits)${input.interfaceName ? ` on interface ${input.interfaceName}` : ''}`;
  b.add(null, F.interface_id, 0, 0, input.interfaceId, String(input.interfaceId));
  if (input.interfaceName) b.add(null, F.interface_name, 0, 0, input.interfaceName, input.interfaceName);
  const time = formatArrivalTime(input.seconds, input.nanos);
  b.add(null, F.time, 0, 0, time, time);
  const epoch = `${input.seconds}.${String(input.nanos).padStart(9, '0')}`;
  b.add(null, F.time_epoch, 0, 0, epoch, epoch);
  b.add(null, F.time_relative, 0, 0, input.relativeTime, input.relativeTime.toFixed(9));
  b.add(null, F.number, 0, 0, input.number, String(input.number));
  b.add(null, F.len, 0, 0, len, String(len));
  b.add(null, F.cap_len, 0, 0, caplen, String(caplen));
  if (input.comment !== undefined) b.add(null, F.comment, 0, 0, input.comment, input.comment);
  if (caplen < len) {
    b.problem('warning', `Only ${caplen} of the frame's ${len} bytes were captured (snap length); decoding stops where the bytes run out`, caplen, F.cap_len.name);
  }
  b.end = caplen;
  return b.finish();
}
