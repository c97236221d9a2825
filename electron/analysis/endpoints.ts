// Endpoints as Wireshark's Statistics ▸ Endpoints counts them (`tshark -z endpoints,TYPE`): for
// each address (or address and port) of a type, the packets and bytes it sent and received. A
// packet between two of the same endpoint (loopback) counts once for each side, as tshark's does.

import type { DissectedPacket } from '../dissect/field-model.js';
import { endpointPairsOf, TYPE_TITLES, type AddressType, type Endpoint } from './endpoint-pairs.js';

export interface EndpointCounts extends Endpoint {
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

export class EndpointTable {
  private readonly byKey = new Map<string, EndpointCounts>();

  constructor(readonly type: AddressType) {}

  /** Counts a decoded packet (its fields' shows are read: decode with texts). */
  add(packet: DissectedPacket): void {
    for (const [src, dst] of endpointPairsOf(packet, this.type)) {
      const sender = this.entry(src);
      sender.txPackets++;
      sender.txBytes += packet.len;
      const receiver = this.entry(dst);
      receiver.rxPackets++;
      receiver.rxBytes += packet.len;
    }
  }

  private entry(e: Endpoint): EndpointCounts {
    const key = e.port === undefined ? e.address : `${e.address}\u0000${e.port}`;
    let counts = this.byKey.get(key);
    if (!counts) this.byKey.set(key, (counts = { ...e, txPackets: 0, txBytes: 0, rxPackets: 0, rxBytes: 0 }));
    return counts;
  }

  /** The endpoints as tshark lists them: most packets first, then in the order they were first seen. */
  rows(): EndpointCounts[] {
    return [...this.byKey.values()].sort((x, y) => y.txPackets + y.rxPackets - (x.txPackets + x.rxPackets));
  }
}

/** The table as `tshark -q -z endpoints,TYPE` prints it. */
export function endpointsText(table: EndpointTable): string {
  const ported = table.type === 'tcp' || table.type === 'udp';
  const rule = '='.repeat(80);
  const lines = [
    rule,
    `${TYPE_TITLES[table.type]} Endpoints`,
    'Filter:<No Filter>',
    `                       |${ported ? '  Port  ||' : ''}  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |`,
  ];
  for (const e of table.rows()) {
    // tshark's columns: the address left-aligned in 20, then each number right-aligned in its column.
    const port = ported ? (e.port ?? '').padStart(11) : '';
    const numbers = [
      [e.txPackets + e.rxPackets, ported ? 11 : 12],
      [e.txBytes + e.rxBytes, 14],
      [e.txPackets, 11],
      [e.txBytes, 16],
      [e.rxPackets, 12],
      [e.rxBytes, 16],
    ]
      .map(([n, width]) => String(n).padStart(width))
      .join('');
    lines.push(`${e.address.padEnd(20)}${port}${numbers}   `);
  }
  lines.push(rule);
  return lines.join('\n') + '\n';
}
