// The columns of the Conversations and Endpoints tables, as Wireshark's windows have them: what
// each is called, whether it is a number, and how a row's value is written in the user's language.

import type { ConversationColumn, ConversationRow, ConversationType, EndpointColumn, EndpointRow } from '../../../electron/service/contract.js';
import type { MessageSpec } from '../../../electron/text/catalog.js';
import { readableDecimal, readableInteger } from '../../../electron/text/locale-format.js';
import { bitsPerSecond, conversationValue, endpointValue } from '../../../electron/service/table-sorting.js';
import { CONVERSATIONS_TEXT } from './ladder-text.js';
import { TRAFFIC_TEXT } from './traffic-table-text.js';

export interface TableColumn<R, C extends string> {
  key: C;
  label: MessageSpec;
  numeric: boolean;
  /** The cell's text for a row. */
  text: (row: R) => string;
}

const ported = (type: ConversationType) => type === 'tcp' || type === 'udp';

const integer = <R, C extends string>(key: C, label: MessageSpec, value: (row: R, key: C) => number | string): TableColumn<R, C> => ({
  key,
  label,
  numeric: true,
  text: (row) => readableInteger(value(row, key) as number),
});

const bps = (key: 'bpsAtoB' | 'bpsBtoA', label: MessageSpec): TableColumn<ConversationRow, ConversationColumn> => ({
  key,
  label,
  numeric: true,
  text: (row) => {
    const value = bitsPerSecond(key === 'bpsAtoB' ? row.bytesAtoB : row.bytesBtoA, row.duration);
    return value === null ? '–' : readableInteger(Math.round(value));
  },
});

/** The Conversations table's columns for a type: TCP and UDP have their stream first. */
export function conversationColumns(type: ConversationType): TableColumn<ConversationRow, ConversationColumn>[] {
  const columns: TableColumn<ConversationRow, ConversationColumn>[] = [
    { key: 'a', label: CONVERSATIONS_TEXT.address_a, numeric: false, text: (row) => row.a },
    { key: 'b', label: CONVERSATIONS_TEXT.address_b, numeric: false, text: (row) => row.b },
    integer('frames', TRAFFIC_TEXT.packets, conversationValue),
    integer('bytes', TRAFFIC_TEXT.bytes, conversationValue),
    integer('framesAtoB', CONVERSATIONS_TEXT.packets_ab, conversationValue),
    integer('bytesAtoB', CONVERSATIONS_TEXT.bytes_ab, conversationValue),
    integer('framesBtoA', CONVERSATIONS_TEXT.packets_ba, conversationValue),
    integer('bytesBtoA', CONVERSATIONS_TEXT.bytes_ba, conversationValue),
    { key: 'start', label: CONVERSATIONS_TEXT.start, numeric: true, text: (row) => readableDecimal(row.start, 6) },
    { key: 'duration', label: CONVERSATIONS_TEXT.duration, numeric: true, text: (row) => readableDecimal(row.duration, 4) },
    bps('bpsAtoB', CONVERSATIONS_TEXT.bps_ab),
    bps('bpsBtoA', CONVERSATIONS_TEXT.bps_ba),
  ];
  if (ported(type)) columns.unshift({ key: 'stream', label: CONVERSATIONS_TEXT.stream, numeric: true, text: (row) => (row.stream === undefined ? '–' : String(row.stream)) });
  return columns;
}

/** The Endpoints table's columns for a type: TCP and UDP have the port beside the address. */
export function endpointColumns(type: ConversationType): TableColumn<EndpointRow, EndpointColumn>[] {
  const columns: TableColumn<EndpointRow, EndpointColumn>[] = [
    { key: 'address', label: TRAFFIC_TEXT.address, numeric: false, text: (row) => row.address },
    integer('packets', TRAFFIC_TEXT.packets, endpointValue),
    integer('bytes', TRAFFIC_TEXT.bytes, endpointValue),
    integer('txPackets', TRAFFIC_TEXT.tx_packets, endpointValue),
    integer('txBytes', TRAFFIC_TEXT.tx_bytes, endpointValue),
    integer('rxPackets', TRAFFIC_TEXT.rx_packets, endpointValue),
    integer('rxBytes', TRAFFIC_TEXT.rx_bytes, endpointValue),
  ];
  if (ported(type)) columns.splice(1, 0, { key: 'port', label: TRAFFIC_TEXT.port, numeric: true, text: (row) => row.port ?? '' });
  return columns;
}

/** Each type's name on its tab. */
export const TYPE_NAMES: Readonly<Record<ConversationType, MessageSpec>> = {
  eth: TRAFFIC_TEXT.type_eth,
  ip: TRAFFIC_TEXT.type_ip,
  ipv6: TRAFFIC_TEXT.type_ipv6,
  tcp: TRAFFIC_TEXT.type_tcp,
  udp: TRAFFIC_TEXT.type_udp,
};
