// What the bytes pane says, from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const BYTES_PANE = defineMessages('ui.bytes_pane', {
  title: 'Bytes',
  label: 'Packet bytes',
  hint: '{length, plural, one {# byte} other {# bytes}}; hover or click a byte',
  sources: 'Data sources',
  frame: 'Frame',
  /** A data source's tab: "Frame (66 bytes)", "Reassembled IPv4 (48 bytes)". */
  tab: '{name} ({length, plural, one {# byte} other {# bytes}})',
  tab_title: 'Show the bytes of {name}',
  /** Where a layer decoded from reassembled bytes lies in them. */
  layer_in_source: 'header bytes {from}–{to} of the {name} bytes',
});
