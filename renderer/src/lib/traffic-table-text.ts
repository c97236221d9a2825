// What the Conversations and Endpoints windows say beyond the Conversations table's own words
// (CONVERSATIONS_TEXT in ladder-text.ts), from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const TRAFFIC_TEXT = defineMessages('ui.traffic', {
  conversations_open_title: 'Statistics ▸ Conversations: who talked to whom (Ethernet, IPv4, IPv6, TCP, UDP), packets and bytes each way, when and how fast',
  endpoints_open: 'Endpoints',
  endpoints_open_title: 'Statistics ▸ Endpoints: every address (and port) of the capture, with the packets and bytes it sent and received',
  endpoints_title: 'Endpoints',
  endpoints_close: 'Close the endpoints table',
  tabs: 'Kinds of address',
  counting: '{type} · …',
  type_eth: 'Ethernet',
  type_ip: 'IPv4',
  type_ipv6: 'IPv6',
  type_tcp: 'TCP',
  type_udp: 'UDP',
  packets: 'Packets',
  bytes: 'Bytes',
  address: 'Address',
  port: 'Port',
  tx_packets: 'Tx packets',
  tx_bytes: 'Tx bytes',
  rx_packets: 'Rx packets',
  rx_bytes: 'Rx bytes',
  loading: 'Counting the packets…',
  no_endpoints: 'No {type} endpoints in this capture',
  row_title: 'Show only these packets in the packet list ({filter})',
  limit: 'Limit to display filter',
  limit_title: 'Count only the packets the display filter shows (every packet when no filter is applied)',
});
