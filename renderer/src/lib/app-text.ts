// What the window's frame and the learning panes say beyond their own modules: the fold buttons
// and splitters, the panes' names for screen readers, the drop hint, the packet details (its
// comments line, the bit strip, the explanation's bytes and bits), the header diagram, the layer
// stack's bars, the capture permission notice and the errors of the page's own helpers.

import { defineMessages } from '../../../electron/text/catalog.js';

export const APP_TEXT = defineMessages('ui.app', {
  workspace: 'Workspace',
  show_pane: 'Show the {pane, select, stack {layer stack} narrative {narrative} other {TCP state diagram}}',
  fold_pane: 'Fold away the {pane, select, stack {layer stack} narrative {narrative} other {TCP state diagram}}',
  packet_list: 'Packet list',
  bytes_and_diagram: 'Packet bytes and header diagram',
  ladder_diagram: 'Ladder diagram',
  resize_list: 'Resize the packet list',
  resize_details: 'Resize the packet details',
  resize_ladder: 'Resize the ladder diagram',
  resize_right: 'Resize the layer stack and narrative',
  resize_stack: 'Resize the layer stack',
  drop_hint: 'Drop a pcap or pcapng file to open it',
  // The packet details.
  tree_label: 'Layers and fields',
  comments_title: 'Change, add or delete comments (Ctrl+Alt+C)',
  comments_heading: 'Packet comments',
  collapse: 'Collapse',
  expand: 'Expand',
  layer_badge: 'OSI {osi} {osiName} · TCP/IP {tcpipName}',
  bits_of: 'Bits of {label}',
  bit_position: 'byte {byte}, bit {bit}',
  bits_legend: 'marked: bits of this field (mask 0x{mask})',
  field_bytes: '{count, plural, one {byte {from}} other {bytes {from}–{to}}}',
  field_bits: '{count, plural, one {bit {from}} other {bits {from}–{to}}}',
  mask: '(mask 0x{mask})',
  field_layers: '{osiName} layer (OSI {osi}), {tcpipName} layer (TCP/IP)',
  frame_captured: '{count, plural, one {# byte captured} other {# bytes captured}}',
  header_bytes: 'header bytes {from}–{to}',
  // The header diagram.
  diagram_title: 'Header diagram',
  diagram_label: '{layer}: header diagram',
  outside_header: 'Also in this layer, outside its header: {list}.',
  outside_item: '{label} ({count, plural, one {# byte} other {# bytes}})',
  box_unclaimed: 'Bits no field claims',
  box_elided: '{showname}; {count, plural, one {# byte of it not drawn} other {# bytes of it not drawn}}',
  box_rest: 'Part of {label} that no sub-field names: {value} ({count, plural, one {# bit} other {# bits}})',
  box_field: '{showname} ({name}); {count, plural, one {# bit} other {# bits}}',
  box_field_value: '{showname} ({name}); {count, plural, one {# bit} other {# bits}}, holding {value}',
  // The layer stack's bars.
  segment_label: '{name} layer, {count, plural, one {# byte} other {# bytes}}',
  segment_label_inner: '{name} layer, {count, plural, one {# byte} other {# bytes}}, encapsulated (packet inside a packet, depth {depth})',
  segment_title: '{title} ({count, plural, one {# byte} other {# bytes}})',
  segment_title_inner: '{title} ({count, plural, one {# byte} other {# bytes}}) — encapsulated: carried inside the packet above it (depth {depth})',
  // The narrative before a packet is chosen.
  narrative_empty: 'Select a packet to see what each layer contributed to it.',
  // The packet details' right-click menu.
  copy_value: 'Copy value',
  copy_label_value: 'Copy as “label: value”',
  copy_subtree: 'Copy with its sub-fields as text',
  copy_hex: 'Copy bytes as hex',
  copy_layer: '{frame, select, yes {Copy frame as text} other {Copy layer as text}}',
  copy_packet: 'Copy packet as text',
  comment_item: 'Packet comment… (Ctrl+Alt+C)',
  // Why live capture is not possible.
  no_capture: 'Live capture is not available',
  close: 'Close',
  no_capture_user: 'This user may not capture packets on this system.',
  fix_commands: 'Run these commands, then restart Layerscope:',
  files_still_open: 'You can still open capture files and the bundled sample.',
  // Uploading a file in browser mode.
  uploading: 'Uploading',
  uploading_file: 'Uploading {name}… {sent} of {total} MB',
  reading: 'Reading… {count, plural, one {{shown} packet} other {{shown} packets}}',
  too_large: '{name} is too large to open here ({size} GiB; at most {limit} GiB): open it with "layerscope serve FILE" instead',
  empty_file: '{name} is empty (0 bytes), so it holds no capture',
  upload_failed: 'The upload of {name} failed (HTTP {status})',
  upload_broke: 'The upload of {name} failed: the connection to the Layerscope service broke',
  // The page's helpers.
  no_clipboard: 'The clipboard is not available here',
  figure_not_drawn: 'The figure could not be drawn as an image',
  figure_not_png: 'The figure could not be made a PNG',
  packet_not_shown: 'Packet {number} could not be shown: {reason}',
  unsaved_close: '{name} has {what, select, live {captured packets} other {comments}} that are not saved. Close it anyway and lose them?',
});
