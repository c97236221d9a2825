// What the display filter bar and the packet count say, from the catalog (translations follow).

import { defineMessages } from '../../../electron/text/catalog.js';

export const FILTER_BAR = defineMessages('ui.filter_bar', {
  label: 'Display filter',
  placeholder: 'Apply a display filter … (tcp.port == 80, http, ip.addr == 10.0.0.0/8)',
  apply: 'Apply',
  clear: 'Clear the filter: show every packet',
  history: 'Recent filters',
  completions: 'Fields and protocols',
  filtering: 'Filtering packets',
  displayed: 'Displayed: {displayed, plural, one {# packet} other {# packets}} of {total}',
  apply_as: 'Apply as Filter',
  copy_as_filter: 'Copy as display filter',
  prepare_as: 'Prepare as Filter',
  selected: 'Selected',
  not_selected: 'Not Selected',
  and_selected: '…and Selected',
  or_selected: '…or Selected',
  and_not_selected: '…and not Selected',
  or_not_selected: '…or not Selected',
});
