// The display filter that shows a Conversations or Endpoints row's packets, as Wireshark's
// "Apply as Filter ▸ Selected ▸ A ↔ B" writes it: a TCP or UDP conversation by its stream, the
// others by both addresses (and ports); an endpoint by its address (and port).

import type { ConversationRow, ConversationType, EndpointRow } from '../../../electron/service/contract.js';

/** The filter field of an address: IPv6 addresses have colons, IPv4 ones dots. */
function networkField(address: string): string {
  return address.includes(':') ? 'ipv6.addr' : 'ip.addr';
}

/** "192.0.2.1:80" → ["192.0.2.1", "80"]; "[2001:db8::1]:80" and "2001:db8::1:80" alike (the port is after the last colon). */
function splitEndpoint(text: string): [string, string] {
  const at = text.lastIndexOf(':');
  return [text.slice(0, at).replace(/^\[(.*)\]$/, '$1'), text.slice(at + 1)];
}

function addressFilter(type: ConversationType, address: string, port?: string): string {
  if (type === 'eth') return `eth.addr==${address}`;
  if (type === 'ip' || type === 'ipv6') return `${type}.addr==${address}`;
  return `${networkField(address)}==${address} && ${type}.port==${port}`;
}

export function conversationFilter(row: ConversationRow): string {
  if (row.stream !== undefined) return `${row.type}.stream == ${row.stream}`;
  if (row.type === 'tcp' || row.type === 'udp') {
    const [a, pa] = splitEndpoint(row.a);
    const [b, pb] = splitEndpoint(row.b);
    return `${addressFilter(row.type, a, pa)} && ${addressFilter(row.type, b, pb)}`;
  }
  return `${addressFilter(row.type, row.a)} && ${addressFilter(row.type, row.b)}`;
}

export function endpointFilter(row: EndpointRow): string {
  return addressFilter(row.type, row.address, row.port);
}
