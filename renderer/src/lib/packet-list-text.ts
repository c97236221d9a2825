// What the packet list and the bars that act on it say: the columns and time formats, the row
// flags, Find Packet, Go to Packet and the comment editor.

import { defineMessages } from '../../../electron/text/catalog.js';

export const PACKET_LIST_TEXT = defineMessages('ui.packet_list', {
  label: 'Packets',
  // The columns, as Wireshark names them.
  column_no: 'No.',
  column_time: 'Time',
  column_src: 'Source',
  column_dst: 'Destination',
  column_proto: 'Protocol',
  column_len: 'Length',
  column_info: 'Info',
  resize_column: 'Resize the {column} column',
  // The time column's formats (View ▸ Time Display Format), short: the header is as narrow as the column.
  time_relative: 'Time',
  time_delta: 'Delta time',
  time_local: 'Date and time',
  time_utc: 'UTC date and time',
  time_epoch: 'Epoch time',
  time_format: 'Time display format',
  time_format_title: 'Time display format: since the first packet, since the previous one, date and time (local or UTC), or seconds since 1970',
  commented: 'This packet has a comment (Ctrl+Alt+C)',
  problem: 'This packet has {severity, select, error {an error} other {a warning}}',
  ignored: 'Ignored (Ctrl+D): no display filter matches it, and exports can leave it out',
  nothing_displayed: 'No packet matches the display filter “{filter}”.',
});

export const FIND_TEXT = defineMessages('ui.find', {
  find: 'Find',
  what: 'Find what',
  kind_filter: 'Display filter',
  kind_string: 'String',
  kind_hex: 'Hex bytes',
  where: 'Find where',
  in_list: 'in the packet list',
  in_details: 'in the packet details',
  in_bytes: 'in the packet bytes',
  text_hint: 'text to find',
  case_sensitive: 'Case sensitive',
  previous: 'Previous',
  next: 'Find next',
  searching: 'Searching…',
  close: 'Close Find',
  no_match: 'No packet matches “{query}”',
  not_found: 'No packet has “{query}” in its {scope, select, list {packet list} details {packet details} other {packet bytes}}',
  wrapped_next: 'Reached the last packet: continued from the first',
  wrapped_previous: 'Reached the first packet: continued from the last',
});

export const GO_TO_TEXT = defineMessages('ui.go_to', {
  label: 'Go to packet',
  go: 'Go',
  close: 'Close Go to packet',
  no_packets: 'There are no packets to go to',
  range: 'Give a packet number from 1 to {total}',
  hidden: 'Packet {number} is not displayed: the display filter “{filter}” hides it',
});

export const COMMENT_TEXT = defineMessages('ui.comments', {
  first: 'Comment on packet {number}',
  other: 'Comment {number}',
  delete_one: 'Delete comment {number}',
  add: 'Add a comment',
  save: 'Save comment',
  delete: 'Delete',
  close: 'Close the comment',
});
