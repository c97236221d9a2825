// What the learning panes (layer stack, narrative, packet details) and the workspace tabs say,
// from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const PANE_TEXT = defineMessages('ui.panes', {
  packets_tab: 'Packets',
  lab_tab: 'Socket Lab',
  packet_details: 'Packet details',
  layer_stack: 'Layer stack',
  stack_hint_none: 'select a packet',
  stack_hint: 'packet {number}: bar width ∝ bytes',
  stack_label: 'Layers of the selected packet in the OSI and TCP/IP models',
  osi_model: 'OSI model',
  tcpip_model: 'TCP/IP model',
  empty: 'empty',
  narrative: 'What each layer did',
  reading_direction: 'Reading direction',
  sender: 'Sender ↓',
  sender_title: 'Encapsulation: each layer wraps what the layer above gave it',
  receiver: 'Receiver ↑',
  receiver_title: 'Decapsulation: each layer unwraps its header and passes the rest up',
  sender_lead: 'The sender builds the packet top-down: each layer adds its header in front of what the layer above handed it.',
  receiver_lead: 'The receiver unwraps it bottom-up: each layer reads and removes its header, then hands the rest up.',
});
