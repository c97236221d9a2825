// What the TCP state diagram says, from the catalog (translations follow). State names and the
// RFC's event/action notation are the RFC's and stay as they are.

import { defineMessages } from '../../../electron/text/catalog.js';

export const TCP_STATE_TEXT = defineMessages('ui.tcp_states', {
  title: 'TCP states (RFC 9293, Figure 5)',
  figure: 'RFC 9293 TCP connection state diagram, with the selected segment\'s ends lit',
  no_tcp: 'Select a TCP segment to see where each end of its connection is in RFC 9293\'s state diagram.',
  unknown: 'The capture began after this connection opened: its states are not known until a SYN, FIN or RST is seen.',
  sender: 'Sender {endpoint}: {state}',
  receiver: 'Receiver {endpoint}: {state}',
  moved: '{before} → {after}, by “{event}”',
  stayed: 'stays in {state}',
  skipped: '{before} → {after} (a reset: outside the diagram\'s arrows)',
});
