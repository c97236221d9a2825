// How the Conversations and Endpoints tables sort: by any column, either way, ties kept in the
// order tshark lists them. Addresses compare as their parts do (10.0.0.9 before 10.0.0.10).
// Free of Node imports: the page formats bits per second with the same arithmetic.

import type { ConversationColumn, ConversationRow, EndpointColumn, EndpointRow } from './contract.js';
import { bitsPerSecond } from '../analysis/conversations.js';

export { bitsPerSecond };

export function conversationValue(row: ConversationRow, column: ConversationColumn): number | string {
  switch (column) {
    case 'stream':
      return row.stream ?? -1;
    case 'frames':
      return row.framesAtoB + row.framesBtoA;
    case 'bytes':
      return row.bytesAtoB + row.bytesBtoA;
    case 'bpsAtoB':
      return bitsPerSecond(row.bytesAtoB, row.duration) ?? -1;
    case 'bpsBtoA':
      return bitsPerSecond(row.bytesBtoA, row.duration) ?? -1;
    default:
      return row[column];
  }
}

export function endpointValue(row: EndpointRow, column: EndpointColumn): number | string {
  switch (column) {
    case 'packets':
      return row.txPackets + row.rxPackets;
    case 'bytes':
      return row.txBytes + row.rxBytes;
    case 'port':
      return row.port === undefined ? -1 : Number(row.port);
    default:
      return row[column];
  }
}

/** Made on first use: creating a collator loads ICU data, which every command-line start would pay for. */
let addressOrder: Intl.Collator | undefined;

/** `rows` sorted by the value `valueOf` gives, ascending or descending; equal ones stay in their order. */
export function sortRows<R>(rows: readonly R[], valueOf: (row: R) => number | string, descending: boolean): R[] {
  const sign = descending ? -1 : 1;
  const keyed = rows.map((row, i) => ({ row, i, key: valueOf(row) }));
  keyed.sort((x, y) => {
    const order = typeof x.key === 'string' ? (addressOrder ??= new Intl.Collator('en', { numeric: true })).compare(x.key, y.key as string) : x.key - (y.key as number);
    return order !== 0 ? sign * order : x.i - y.i;
  });
  return keyed.map((k) => k.row);
}

export function sortConversations(rows: readonly ConversationRow[], column: ConversationColumn, descending: boolean): ConversationRow[] {
  return sortRows(rows, (row) => conversationValue(row, column), descending);
}

export function sortEndpoints(rows: readonly EndpointRow[], column: EndpointColumn, descending: boolean): EndpointRow[] {
  return sortRows(rows, (row) => endpointValue(row, column), descending);
}
