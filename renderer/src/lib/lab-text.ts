// What the Socket Lab's tab says: its controls and scenarios, the columns of steps, each side's
// own calls and the kernel's socket table. Call names (socket(), recv()…), socket options and the
// kernel's state names (LISTEN, TIME-WAIT…) stay as code and `ss` write them; the sentence each
// step says is the service's (electron/lab/lab-messages.ts).

import { defineMessages } from '../../../electron/text/catalog.js';

/** A side's name inside a sentence ("the client"); `side` is client or server. */
const SIDE = '{side, select, client {client} other {server}}';

export const LAB_TEXT = defineMessages('ui.lab', {
  scenario: 'Scenario',
  scenario_tcp: 'TCP: echo and orderly close',
  scenario_reuse: 'Restart during TIME-WAIT (SO_REUSEADDR)',
  scenario_refused: 'Connection refused',
  scenario_reset: 'Abortive close (RST)',
  scenario_udp: 'UDP datagrams and port unreachable',
  scenario_timeout: 'Timeouts and non-blocking recv()',
  start: 'Start',
  start_again: 'Start again',
  next: `Next: ${SIDE} {call}() ▶`,
  complete: 'Scenario complete',
  run_to_end: 'Run to the end',
  show_packets: 'Show in packet list',
  show_packets_title: "The lab's packets in the packet list, each with the call that caused it as its comment: every field, the layer stack, filters",
  save_capture: 'Save capture',
  save_capture_title: "The lab's packets as pcapng, each with the call that caused it as its comment",
  save_timeline: 'Save timeline',
  save_timeline_title: 'Every step as text: time, side, call, result, packets, kernel states',
  close: 'Close the lab',
  server_port: 'server port {port}',
  no_capture: "The calls run and the kernel's sockets are shown, but their packets cannot be captured: {reason}",
  // The steps.
  head_client: 'Client',
  head_wire: 'On the wire (lo)',
  head_server: 'Server',
  ready: "Both sides are ready and nothing has been called yet. Press Next to make the scenario's first call, or make your own below.",
  inside: `The ${SIDE} is inside {call}() …`,
  intro: "Pick a scenario and press Start: a client and a server make the socket calls a course teaches, one at a time, with real sockets on this machine's loopback interface. Each call shows its Python and C form and its real result, the packets it caused, and the kernel's sockets afterwards.",
  step_label: `Step {index}: ${SIDE} {call}()`,
  blocked_for: 'blocked {seconds} s before returning',
  sent_by_call: `${SIDE}: {call}()`,
  sent_by_kernel: "{side, select, client {client's kernel} other {server's kernel}}",
  nothing_sent: 'nothing sent',
  // Each side's own calls.
  side: '{side, select, client {client} other {server}}',
  calls: `${SIDE} calls`,
  blocked_in: 'blocked in {call}() until it returns…',
  socket_type: `${SIDE} socket type`,
  socket: `${SIDE} socket`,
  socket_choice: '{handle} ({phase, select, created {created} bound {bound} listening {listening} connected {connected} half-closed {half-closed} other {closed}})',
  other_call: `${SIDE} other call`,
  try: 'Try',
  data: 'data',
  bufsize: 'bufsize',
  port: 'port',
  timeout: 'timeout',
  // The kernel's sockets.
  kernel: "The kernel's sockets",
  kernel_after: "The kernel's sockets after step {index}",
  column_state: 'State',
  column_local: 'Local address',
  column_peer: 'Peer address',
  column_owner: 'Held by',
  time_wait_left: '{state} ({seconds} s left)',
  owner: `${SIDE} {socket}`,
  kernel_only: 'only the kernel',
  kernel_empty: 'No socket of the lab is known to the kernel yet: socket() and bind() alone do not enter its connection tables.',
  // The lab's connection as a ladder, beside the steps.
  ladder: "The lab's connection as a ladder",
  ladder_connection: 'Connection',
  ladder_waiting: 'No connection yet',
  ladder_legend: 'Solid: the state inferred from the packets · dashed: the state the kernel reports after each step',
  ladder_kernel: 'kernel',
  ladder_kernel_left: 'kernel: {seconds} s left',
  ladder_kernel_title: "The kernel's state of the {side, select, client {client} other {server}} socket after step {index}: {state}",
  ladder_no_capture: "The ladder's arrows need the lab's packets, which cannot be captured: {reason}. The kernel's states are still shown after each step.",
});
