// What the toolbar, the packet list's empty state and the explanation and diagram notes say,
// from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const TOOLBAR_TEXT = defineMessages('ui.toolbar', {
  open: 'Open…',
  open_title: 'Open a pcap or pcapng file (or drop one on the window)',
  sample: 'Sample',
  sample_title: 'Open the bundled sample: a TCP handshake, an HTTP request, DNS and ping',
  interface: 'Interface',
  interface_pick: 'Interface…',
  capture_filter: 'Capture filter',
  capture_filter_hint: 'Capture filter, e.g. tcp port 80',
  start: '● Start',
  stop: '■ Stop',
  why_no_capture: "Why can't I capture?",
  packets: '{count, plural, one {{shown} packet} other {{shown} packets}}',
  dropped: '{shown} dropped',
  dropped_title: 'Packets the kernel dropped because they arrived faster than they could be saved',
  capturing_on: '● capturing on',
  unsaved: ' (unsaved)',
  save: 'Save',
  save_title: 'Save the packets as pcapng',
  theme_title: 'Switch between light and dark',
  theme_label: 'Toggle theme',
  dismiss: 'Dismiss',
  no_packets: 'No packets yet. Open a capture, drop one here, or press Start.',
  select_field: 'Select a field to see what it is for.',
  no_header_bytes: 'This layer has no header bytes in the capture.',
  select_layer: 'Select a packet, then a layer, to see its header as the RFC draws it.',
});
