// Payload no decoder claims. It is never dropped: it stays visible as a "data" layer, the way
// Wireshark shows it, so every captured byte belongs to some layer.

import type { Dissector } from '../dissector.js';
import { defineFields } from '../field-table.js';
import { colonHex, plainHex } from '../display-format.js';

const F = defineFields('data', {
  data: {
    label: 'Data',
    description: 'Bytes carried for the application; Layerscope has no decoder for their format, so they are shown as they are.',
  },
  len: {
    label: 'Length',
    description: 'How many bytes of payload there are.',
  },
});

export const dataDissector: Dissector = {
  place: { protocol: 'data', osi: 7, tcpip: 'application' },
  dissect(b, ctx, end) {
    const at = b.start;
    const length = Math.max(0, Math.min(end, b.captured) - at);
    if (ctx.detail) {
      b.title = `Data (${length} byte${length === 1 ? '' : 's'})`;
      const bytes = b.bytes(at, length);
      const data = b.add(null, F.data, at, length, plainHex(bytes), colonHex(bytes));
      b.add(data, F.len, at, 0, length, String(length));
    } else {
      b.end = at + length;
    }
    return undefined;
  },
};
