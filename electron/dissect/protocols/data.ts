// Payload no decoder claims. It is never dropped: it stays visible as a "data" layer, the way
// Wireshark shows it, so every captured byte belongs to some layer. The engine falls back to it;
// it registers nowhere.

import type { ProtocolModule } from '../dissector.js';
import { defineFields } from '../field-spec.js';
import { defineMessages } from '../../text/catalog.js';

const F = defineFields('data', {
  data: {
    label: 'Data',
    type: 'bytes',
    description: 'Bytes carried for the application; Layerscope has no decoder for their format, so they are shown as they are.',
  },
  len: {
    label: 'Length',
    type: 'uint32',
    generated: true,
    description: 'How many bytes of payload there are.',
  },
});

const N = defineMessages('data.narrative', {
  bytes: '{length, plural, one {# byte} other {# bytes}} of application data (Layerscope has no decoder for their format)',
});

export const data: ProtocolModule = {
  place: { protocol: 'data', osi: 7, tcpip: 'application' },
  name: 'Data',
  fields: F,
  registrations: [],
  dissect(b, _ctx, end) {
    const at = b.start;
    const length = Math.max(0, Math.min(end, b.captured) - at);
    if (b.detail) b.title = `Data (${length} byte${length === 1 ? '' : 's'})`;
    b.hex(null, F.data, at, length);
    b.add(b.last, F.len, at, 0, length);
    return undefined;
  },
  narrative(r) {
    return [{ id: N.bytes.id, params: { length: r.number(F.len) ?? r.layer.length } }];
  },
};
